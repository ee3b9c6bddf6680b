/* The gradient's paths: which loop computes a gradient (decided by
 * tnn__gradient_path_of, gradient.c, alone) and the specialised loops
 * (gradient_narrow.c, gradient_fan.c). Not installed; tests/test_gradient.c
 * includes it to check which path runs. */
#ifndef TINYNN_GRADIENT_PATHS_H
#define TINYNN_GRADIENT_PATHS_H

#include "core/internal.h"

/* The loops that compute a gradient (the rule that picks one: gradient.c). */
typedef enum tnn__gradient_path {
    TNN__GRADIENT_GENERIC, /* layer by layer (dense.c), shuffled rows read in place */
    TNN__GRADIENT_COMPACT, /* layer by layer, shuffled rows gathered (compact kernels) */
    TNN__GRADIENT_NARROW,  /* narrow models, a chunk of rows at a time (gradient_narrow.c) */
    TNN__GRADIENT_FAN      /* two layers, few inputs, wide hidden layer (gradient_fan.c) */
} tnn__gradient_path;

/* The path tnn__gradient_rows takes for model m with a workspace of
 * block_rows gradient rows (tnn__gradient_row_bytes each). */
tnn__gradient_path tnn__gradient_path_of(const tnn_model *m, size_t block_rows);

/* tnn_gradient's scratch: the bytes before the blocks of rows (one
 * gradient), and the rows per block in a workspace of work_size bytes. */
bool tnn__gradient_head_bytes(const tnn_model *m, size_t *bytes);
tnn_status tnn__gradient_block(const tnn_model *m, size_t head, size_t work_size, size_t *block);

/* For the tests (gradient_query.c): whether this build of the library has path p, and the path
 * tnn_gradient() takes with a workspace of work_size bytes (false when it
 * holds no row: tnn_gradient() refuses it). */
bool tnn__gradient_path_built(tnn__gradient_path p);
bool tnn__gradient_path_for_work(const tnn_model *m, size_t work_size, tnn__gradient_path *path);

/* Widest layer (and input count) of a narrow model. */
#define TNN_NARROW_MAX 16u
/* Most inputs of a model the fan path takes. */
#define TNN_FAN_MAX_IN 4u

/* Reals per row of the narrow path's layout (at most
 * tnn__gradient_row_bytes() / sizeof(tnn_real)). */
size_t tnn__narrow_row_reals(const tnn_model *m);
/* Rows per chunk of the narrow path in a workspace of block_rows gradient
 * rows; 0 when not one group of rows fits. */
size_t tnn__narrow_chunk(const tnn_model *m, size_t block_rows);
void tnn__gradient_rows_narrow(const tnn_model *m, tnn_loss loss, tnn_metric metric,
                               const tnn_real *x, const tnn_real *y, const size_t *index,
                               size_t first, size_t count, tnn_real *grad, double *loss_sum,
                               double *metric_sum, void *work, size_t block_rows);

/* Rows per block of the fan path in a workspace of block_rows gradient
 * rows; 0 when not one vector tile of rows fits. Vector code only
 * (TNN_VECTOR_CODE, kernels.h), as tnn__gradient_rows_fan. */
size_t tnn__fan_block(const tnn_model *m, size_t block_rows);
void tnn__gradient_rows_fan(const tnn_model *m, tnn_loss loss, tnn_metric metric,
                            const tnn_real *x, const tnn_real *y, const size_t *index,
                            size_t first, size_t count, tnn_real *grad, double *loss_sum,
                            double *metric_sum, void *work, size_t block_rows);

#endif /* TINYNN_GRADIENT_PATHS_H */
