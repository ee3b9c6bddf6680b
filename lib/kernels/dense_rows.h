/* Row-major dense kernels that read their input rows through a list of row
 * numbers (dense.c): the gradient's first layer reads the caller's rows
 * in shuffled order where they are, without gathering a copy. Not in
 * size-optimised builds (TNN_COMPACT_KERNELS), which gather. Not installed. */
#ifndef TINYNN_DENSE_ROWS_H
#define TINYNN_DENSE_ROWS_H

#include "core/internal.h"

/* tnn__dense_forward, tnn__dense_forward_act and tnn__dense_backward_params
 * of the rows x + rows_of[r] * n_inputs, r = 0 .. rows - 1, in that order. */
void tnn__dense_forward_rows(const struct tnn_layer *layer, const tnn_real *x,
                             const size_t *rows_of, size_t rows, tnn_real *out);
void tnn__dense_forward_act_rows(const struct tnn_layer *layer, const tnn_real *x,
                                 const size_t *rows_of, size_t rows, tnn_real *out);
void tnn__dense_backward_params_rows(const struct tnn_layer *layer, const tnn_real *in,
                                     const size_t *rows_of, const tnn_real *delta, size_t rows,
                                     tnn_real *grad_kernel, tnn_real *grad_bias);

#endif /* TINYNN_DENSE_ROWS_H */
