/* The dense forward pass on transposed blocks: value (unit u, row r) at
 * [u * ld + r], for narrow layers, where a row holds too few units to fill
 * a vector, so the inner loops run over rows (the class grids of
 * inspect_grid.c). Order of sums: dense.c. */
#include "kernels/dense.h"
#include "kernels/kernels.h"
#include "kernels/lincomb.h"

void tnn__dense_forward_t(const struct tnn_layer *layer, const tnn_real *restrict in,
                          size_t rows, size_t ld, tnn_real *restrict out)
{
    tnn__dense_forward_t_act(layer, in, rows, ld, out, layer->activation);
}

TNN_KERNEL
static void dense_forward_t_act_k(const struct tnn_layer *layer, const tnn_real *restrict in,
                                  size_t rows, size_t ld, tnn_real *restrict out,
                                  tnn_activation act)
{
    const size_t n_in = layer->n_inputs, units = layer->units;
    const bool relu_fused = TNN_VECTOR_CODE && tnn__act_in_registers(act);
    for (size_t j = 0; j < units; j++) {
        tnn_real *zj = out + j * ld;
        tnn__lincomb_n(zj, layer->bias[j], layer->kernel + j, units, in, n_in, rows, ld,
                       relu_fused, NULL);
        if (!relu_fused)
            tnn__act_elementwise(act, zj, rows);
    }
}

void tnn__dense_forward_t_act(const struct tnn_layer *layer, const tnn_real *restrict in,
                              size_t rows, size_t ld, tnn_real *restrict out, tnn_activation act)
{
    dense_forward_t_act_k(layer, in, rows, ld, out, act);
}
