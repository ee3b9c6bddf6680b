/* The gradient's specialised paths (gradient_narrow.c, gradient_fan.c),
 * chosen by tnn__gradient_rows (gradient.c). Not installed. */
#ifndef TINYNN_GRADIENT_PATHS_H
#define TINYNN_GRADIENT_PATHS_H

#include "core/internal.h"

/* Widest layer (and input count) of a narrow model. */
#define TNN_NARROW_MAX 16u

/* Narrow models: every layer and the inputs at most TNN_NARROW_MAX wide,
 * one output, no softmax. */
bool tnn__narrow_model(const tnn_model *m);
/* Reals per row of the narrow path's layout (at most
 * tnn__gradient_row_bytes() / sizeof(tnn_real)). */
size_t tnn__narrow_row_reals(const tnn_model *m);
/* Whether a workspace of block_rows gradient rows holds one group of the
 * narrow path's layout. */
bool tnn__narrow_fits(const tnn_model *m, size_t block_rows);
void tnn__gradient_rows_narrow(const tnn_model *m, tnn_loss loss, tnn_metric metric,
                               const tnn_real *x, const tnn_real *y, const size_t *index,
                               size_t first, size_t count, tnn_real *grad, double *loss_sum,
                               double *metric_sum, void *work, size_t block_rows);

/* Two layers, few inputs, a wide ReLU or linear hidden layer, one output:
 * false where the fused path is not built (size-optimised builds, compilers
 * without GCC's vector extensions) or the workspace is too small. */
bool tnn__fan_model(const tnn_model *m, size_t block_rows);
void tnn__gradient_rows_fan(const tnn_model *m, tnn_loss loss, tnn_metric metric,
                            const tnn_real *x, const tnn_real *y, const size_t *index,
                            size_t first, size_t count, tnn_real *grad, double *loss_sum,
                            double *metric_sum, void *work, size_t block_rows);

#endif /* TINYNN_GRADIENT_PATHS_H */
