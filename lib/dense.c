/* Dense layer kernels on blocks of rows: the hot loops of the library.
 * Inner loops run over contiguous units so compilers vectorise them. */
#include "internal.h"

void tnn__dense_forward(const struct tnn_layer *layer, const tnn_real *restrict x, size_t rows,
                        tnn_real *restrict out)
{
    const size_t n_in = layer->n_inputs, units = layer->units;
    const tnn_real *restrict kernel = layer->kernel;
    const tnn_real *restrict bias = layer->bias;
    for (size_t r = 0; r < rows; r++) {
        const tnn_real *restrict xr = x + r * n_in;
        tnn_real *restrict zr = out + r * units;
        for (size_t j = 0; j < units; j++)
            zr[j] = bias[j];
        for (size_t i = 0; i < n_in; i++) {
            const tnn_real xi = xr[i];
            const tnn_real *restrict ki = kernel + i * units;
            for (size_t j = 0; j < units; j++)
                zr[j] += xi * ki[j];
        }
    }
}

void tnn__dense_backward_params(const struct tnn_layer *layer, const tnn_real *restrict in,
                                const tnn_real *restrict delta, size_t rows,
                                tnn_real *restrict grad_kernel, tnn_real *restrict grad_bias)
{
    const size_t n_in = layer->n_inputs, units = layer->units;
    for (size_t r = 0; r < rows; r++) {
        const tnn_real *restrict dr = delta + r * units;
        const tnn_real *restrict inr = in + r * n_in;
        for (size_t i = 0; i < n_in; i++) {
            const tnn_real xi = inr[i];
            tnn_real *restrict gi = grad_kernel + i * units;
            for (size_t j = 0; j < units; j++)
                gi[j] += xi * dr[j];
        }
        for (size_t j = 0; j < units; j++)
            grad_bias[j] += dr[j];
    }
}

void tnn__dense_backward_input(const struct tnn_layer *layer, const tnn_real *restrict delta,
                               size_t rows, tnn_real *restrict delta_in)
{
    const size_t n_in = layer->n_inputs, units = layer->units;
    const tnn_real *restrict kernel = layer->kernel;
    for (size_t r = 0; r < rows; r++) {
        const tnn_real *restrict dr = delta + r * units;
        tnn_real *restrict out = delta_in + r * n_in;
        for (size_t i = 0; i < n_in; i++) {
            const tnn_real *restrict ki = kernel + i * units;
            tnn_real s = 0;
            for (size_t j = 0; j < units; j++)
                s += dr[j] * ki[j];
            out[i] = s;
        }
    }
}
