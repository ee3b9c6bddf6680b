/* Dense layer kernels on transposed blocks: value (unit u, row r) at
 * [u * ld + r], for narrow layers, where a row holds too few units to fill
 * a vector, so the inner loops run over rows. Order of sums: dense.c. */
#include "kernels.h"

void tnn__dense_forward_t(const struct tnn_layer *layer, const tnn_real *restrict in,
                          size_t rows, size_t ld, tnn_real *restrict out)
{
    tnn__dense_forward_t_act(layer, in, rows, ld, out, layer->activation);
}

TNN_KERNEL
static void tnn__dense_forward_t_act_k(const struct tnn_layer *layer, const tnn_real *restrict in,
                              size_t rows, size_t ld, tnn_real *restrict out,
                              tnn_activation act)
{
    const size_t n_in = layer->n_inputs, units = layer->units;
    const tnn_real *restrict kernel = layer->kernel;
    for (size_t j = 0; j < units; j++) {
        tnn_real *restrict zj = out + j * ld;
        const tnn_real bj = layer->bias[j];
        for (size_t r = 0; r < rows; r++)
            zj[r] = bj;
        for (size_t i = 0; i < n_in; i++) {
            const tnn_real k = kernel[i * units + j];
            const tnn_real *restrict xi = in + i * ld;
            for (size_t r = 0; r < rows; r++)
                zj[r] += k * xi[r];
        }
        tnn__act_elementwise(act, zj, rows);
    }
}

void tnn__dense_forward_t_act(const struct tnn_layer *layer, const tnn_real *restrict in,
                              size_t rows, size_t ld, tnn_real *restrict out,
                              tnn_activation act)
{
    tnn__dense_forward_t_act_k(layer, in, rows, ld, out, act);
}

TNN_KERNEL
static void tnn__dense_backward_input_t_k(const struct tnn_layer *layer, const tnn_real *restrict delta,
                                 size_t rows, size_t ld, tnn_real *restrict delta_in)
{
    const size_t n_in = layer->n_inputs, units = layer->units;
    const tnn_real *restrict kernel = layer->kernel;
    for (size_t i = 0; i < n_in; i++) {
        tnn_real *restrict di = delta_in + i * ld;
        for (size_t r = 0; r < rows; r++)
            di[r] = 0;
        for (size_t j = 0; j < units; j++) {
            const tnn_real k = kernel[i * units + j];
            const tnn_real *restrict dj = delta + j * ld;
            for (size_t r = 0; r < rows; r++)
                di[r] += dj[r] * k;
        }
    }
}

void tnn__dense_backward_input_t(const struct tnn_layer *layer, const tnn_real *restrict delta,
                                 size_t rows, size_t ld, tnn_real *restrict delta_in)
{
    tnn__dense_backward_input_t_k(layer, delta, rows, ld, delta_in);
}

/* Sum of a[r] * b[r] (b NULL: of a[r]) over rows [0, n), n a multiple of
 * TNN_GROUP_ROWS, added to *acc group by group; each group is summed as a
 * fixed tree (lanes r and r + 8, then + 4, + 2, + 1). */
TNN_INLINE tnn_real group_sums(const tnn_real *restrict a, const tnn_real *restrict b, size_t n,
                                  tnn_real acc)
{
    for (size_t g = 0; g < n; g += TNN_GROUP_ROWS) {
        tnn_real p[16];
        if (b != NULL)
            for (size_t l = 0; l < 16; l++)
                p[l] = a[g + l] * b[g + l];
        else
            for (size_t l = 0; l < 16; l++)
                p[l] = a[g + l];
        for (size_t l = 0; l < 8; l++)
            p[l] += p[l + 8];
        for (size_t l = 0; l < 4; l++)
            p[l] += p[l + 4];
        for (size_t l = 0; l < 2; l++)
            p[l] += p[l + 2];
        acc += p[0] + p[1];
    }
    return acc;
}

/* Kernel and bias gradients from transposed blocks whose rows are padded
 * with zeros (in `delta`) to a multiple of TNN_GROUP_ROWS. */
TNN_KERNEL
static void tnn__dense_backward_params_t_k(const struct tnn_layer *layer, const tnn_real *restrict in,
                                  const tnn_real *restrict delta, size_t padded_rows, size_t ld,
                                  tnn_real *restrict grad_kernel, tnn_real *restrict grad_bias)
{
    const size_t n_in = layer->n_inputs, units = layer->units;
    for (size_t i = 0; i < n_in; i++)
        for (size_t j = 0; j < units; j++)
            grad_kernel[i * units + j] =
                group_sums(in + i * ld, delta + j * ld, padded_rows, grad_kernel[i * units + j]);
    for (size_t j = 0; j < units; j++)
        grad_bias[j] = group_sums(delta + j * ld, NULL, padded_rows, grad_bias[j]);
}

void tnn__dense_backward_params_t(const struct tnn_layer *layer, const tnn_real *restrict in,
                                  const tnn_real *restrict delta, size_t padded_rows, size_t ld,
                                  tnn_real *restrict grad_kernel, tnn_real *restrict grad_bias)
{
    tnn__dense_backward_params_t_k(layer, in, delta, padded_rows, ld, grad_kernel, grad_bias);
}
