/* Helpers shared by the inspection sources (inspect_*.c). Not installed. */
#ifndef TINYNN_INSPECT_INTERNAL_H
#define TINYNN_INSPECT_INTERNAL_H

#include "core/internal.h"

/* Checks inference scratch like tnn_predict does and tells how many rows
 * of row_bytes each fit in it. */
tnn_status tnn__inspect_work_rows(const void *work, size_t work_size, size_t row_bytes,
                                  size_t *rows);

/* Runs layers [0, n_layers) over a block of rows in the ping-pong scratch
 * (2 * max_width * rows reals) and returns where their output is: x itself
 * when n_layers is 0. */
const tnn_real *tnn__forward_prefix(const tnn_model *m, size_t n_layers, const tnn_real *x,
                                    size_t rows, tnn_real *scratch);

/* The class rule of tnn_output_classes on rows of model outputs; either
 * output may be NULL. */
void tnn__classify_rows(const tnn_model *m, const tnn_real *y, size_t rows, int32_t *classes,
                        tnn_real *scores);

/* Whether a layer's output is x W + b itself (a kernel and a linear
 * activation): the layers whose weights are vectors of the input space. */
static inline bool tnn__layer_linear(const struct tnn_layer *l)
{
    if (!tnn__layer_affine(l))
        return false;
    switch (l->activation) {
    case TNN_ACT_LINEAR: return true;
    case TNN_ACT_STEP:
    case TNN_ACT_SIGMOID:
    case TNN_ACT_TANH:
    case TNN_ACT_RELU:
    case TNN_ACT_SOFTMAX: return false;
    }
    return false;
}

/* TNN_OK when a model's outputs can be numbered by int32_t classes. */
tnn_status tnn__check_classifiable(const tnn_model *m);

#endif /* TINYNN_INSPECT_INTERNAL_H */
