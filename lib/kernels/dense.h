/* The dense layer kernels on blocks of rows (dense.c, dense_t.c): every
 * declaration of them, for the forward passes, the gradient and the
 * inspection functions. Not installed. */
#ifndef TINYNN_DENSE_H
#define TINYNN_DENSE_H

#include "core/internal.h"

/* Row-major blocks (rows x units, the public layout). */
/* z of a block of rows (no activation). */
void tnn__dense_forward(const struct tnn_layer *layer, const tnn_real *x, size_t rows,
                        tnn_real *out);
/* z of a block with the layer's activation applied (fused). */
void tnn__dense_forward_act(const struct tnn_layer *layer, const tnn_real *x, size_t rows,
                            tnn_real *out);
/* Kernel and bias gradients of a block, added to grad_kernel and grad_bias. */
void tnn__dense_backward_params(const struct tnn_layer *layer, const tnn_real *in,
                                const tnn_real *delta, size_t rows, tnn_real *grad_kernel,
                                tnn_real *grad_bias);
/* The gradient of a block's inputs. */
void tnn__dense_backward_input(const struct tnn_layer *layer, const tnn_real *delta,
                               size_t rows, tnn_real *delta_in);

/* tnn__dense_forward, tnn__dense_forward_act and tnn__dense_backward_params
 * of the rows x + rows_of[r] * n_inputs, r = 0 .. rows - 1, in that order:
 * the gradient's first layer reads the caller's rows in shuffled order where
 * they are, without gathering a copy. Not in the compact kernels
 * (TNN_COMPACT_KERNELS, kernels.h), which gather. */
void tnn__dense_forward_rows(const struct tnn_layer *layer, const tnn_real *x,
                             const size_t *rows_of, size_t rows, tnn_real *out);
void tnn__dense_forward_act_rows(const struct tnn_layer *layer, const tnn_real *x,
                                 const size_t *rows_of, size_t rows, tnn_real *out);
void tnn__dense_backward_params_rows(const struct tnn_layer *layer, const tnn_real *in,
                                     const size_t *rows_of, const tnn_real *delta, size_t rows,
                                     tnn_real *grad_kernel, tnn_real *grad_bias);

/* Transposed blocks (dense_t.c): value (unit u, row r) at [u * ld + r].
 * Forward with the activation (not softmax). */
void tnn__dense_forward_t(const struct tnn_layer *layer, const tnn_real *in, size_t rows,
                          size_t ld, tnn_real *out);
/* The same with `act` instead of the layer's activation (LINEAR: z). */
void tnn__dense_forward_t_act(const struct tnn_layer *layer, const tnn_real *in, size_t rows,
                              size_t ld, tnn_real *out, tnn_activation act);

#endif /* TINYNN_DENSE_H */
