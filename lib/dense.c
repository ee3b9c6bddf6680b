/* Dense layer kernels on blocks of rows: the hot loops of the library.
 *
 * Two layouts. Row-major blocks (rows x units, the public layout) for wide
 * layers: register tiles of TILE_R rows x TILE_J units with the inner loops
 * over contiguous units, so compilers vectorise them and keep the tile in
 * registers. Transposed blocks (units x rows, "_t" kernels, dense_t.c) for narrow
 * layers, where a row holds too few units to fill a vector: their inner
 * loops run over rows instead.
 *
 * Order of sums (what makes results reproducible): a unit's z is its bias
 * plus x_i k_ij for i = 0, 1, ... in that order, in every kernel and
 * layout; an input gradient is 0 + d_j k_ij for j = 0, 1, ...; a kernel or
 * bias gradient adds rows one after another in row order (row-major
 * kernel) or adds the sums of fixed groups of TNN_GROUP_ROWS rows, each
 * summed as a fixed tree, group after group (transposed kernel). */
#include "kernels.h"


#define TILE_R 4
#define TILE_J 16

/* z (or its activation) of rows [r0, r0 + TILE_R) and units [j0, j0 + TILE_J). */
#if defined(__GNUC__)
/* GCC and clang: a tile is TILE_R x 2 vectors of the compiler's generic
 * vector type (lowered to whatever the target has, scalars included). */
typedef tnn_real tnn_vec __attribute__((vector_size(TILE_J / 2 * sizeof(tnn_real))));
#if TNN_REAL_IS_DOUBLE
typedef int64_t tnn_ivec __attribute__((vector_size(TILE_J / 2 * sizeof(tnn_real))));
#else
typedef int32_t tnn_ivec __attribute__((vector_size(TILE_J / 2 * sizeof(tnn_real))));
#endif

/* Unaligned vector load and store (macros: passing vectors by value
 * would change the ABI between the clones). */
#define VLOAD(v, p) memcpy(&(v), (p), sizeof(v))
#define VSTORE(p, v) memcpy((p), &(v), sizeof(v))

TNN_INLINE void forward_tile(const tnn_real *restrict x, size_t n_in, size_t units,
                                const tnn_real *restrict kernel, const tnn_real *restrict bias,
                                size_t j0, tnn_real *restrict out, tnn_activation act)
{
    const size_t h = TILE_J / 2;
    tnn_vec acc[TILE_R][2];
    tnn_vec b0, b1;
    VLOAD(b0, bias + j0);
    VLOAD(b1, bias + j0 + h);
    for (size_t a = 0; a < TILE_R; a++) {
        acc[a][0] = b0;
        acc[a][1] = b1;
    }
    for (size_t i = 0; i < n_in; i++) {
        const tnn_real *restrict ki = kernel + i * units + j0;
        tnn_vec k0, k1;
        VLOAD(k0, ki);
        VLOAD(k1, ki + h);
        for (size_t a = 0; a < TILE_R; a++) {
            const tnn_real xa = x[a * n_in + i];
            acc[a][0] += xa * k0;
            acc[a][1] += xa * k1;
        }
    }
    for (size_t a = 0; a < TILE_R; a++) {
        tnn_real *o = out + a * units + j0;
        if (act == TNN_ACT_RELU) { /* in registers: keep lanes where z > 0 */
            const tnn_vec zero = {0};
            acc[a][0] = (tnn_vec)((tnn_ivec)acc[a][0] & (acc[a][0] > zero));
            acc[a][1] = (tnn_vec)((tnn_ivec)acc[a][1] & (acc[a][1] > zero));
        }
        VSTORE(o, acc[a][0]);
        VSTORE(o + h, acc[a][1]);
        if (act != TNN_ACT_RELU)
            tnn__act_elementwise(act, o, TILE_J);
    }
}
#else
TNN_INLINE void forward_tile(const tnn_real *restrict x, size_t n_in, size_t units,
                                const tnn_real *restrict kernel, const tnn_real *restrict bias,
                                size_t j0, tnn_real *restrict out, tnn_activation act)
{
    tnn_real acc[TILE_R][TILE_J];
    for (size_t a = 0; a < TILE_R; a++)
        for (size_t j = 0; j < TILE_J; j++)
            acc[a][j] = bias[j0 + j];
    for (size_t i = 0; i < n_in; i++) {
        const tnn_real *restrict ki = kernel + i * units + j0;
        for (size_t a = 0; a < TILE_R; a++) {
            const tnn_real xa = x[a * n_in + i];
            for (size_t j = 0; j < TILE_J; j++)
                acc[a][j] += xa * ki[j];
        }
    }
    for (size_t a = 0; a < TILE_R; a++) {
        tnn__act_elementwise(act, acc[a], TILE_J);
        for (size_t j = 0; j < TILE_J; j++)
            out[a * units + j0 + j] = acc[a][j];
    }
}

#endif

/* The same for one row and units [j0, j1) of any count. */
TNN_INLINE void forward_row(const tnn_real *restrict xr, size_t n_in, size_t units,
                               const tnn_real *restrict kernel, const tnn_real *restrict bias,
                               size_t j0, size_t j1, tnn_real *restrict zr)
{
    for (size_t j = j0; j < j1; j++)
        zr[j] = bias[j];
    for (size_t i = 0; i < n_in; i++) {
        const tnn_real xi = xr[i];
        const tnn_real *restrict ki = kernel + i * units;
        for (size_t j = j0; j < j1; j++)
            zr[j] += xi * ki[j];
    }
}

/* Units [j0, units) of rows [r, r + ROWS_V): ROWS_V rows at a time, one
 * lane per row, so that few units (a dot product per row) still vectorise;
 * each lane sums in the usual order. */
#define ROWS_V 8
TNN_INLINE void forward_rows_v(const tnn_real *restrict x, size_t n_in, size_t units,
                               const tnn_real *restrict kernel, const tnn_real *restrict bias,
                               size_t j0, tnn_real *restrict out, tnn_activation act)
{
    for (size_t j = j0; j < units; j++) {
        tnn_real acc[ROWS_V];
        for (size_t l = 0; l < ROWS_V; l++)
            acc[l] = bias[j];
        for (size_t i = 0; i < n_in; i++) {
            const tnn_real k = kernel[i * units + j];
            for (size_t l = 0; l < ROWS_V; l++)
                acc[l] += x[l * n_in + i] * k;
        }
        tnn__act_elementwise(act, acc, ROWS_V);
        for (size_t l = 0; l < ROWS_V; l++)
            out[l * units + j] = acc[l];
    }
}

TNN_KERNEL
static void forward_act(const struct tnn_layer *layer, const tnn_real *restrict x, size_t rows,
                        tnn_real *restrict out, tnn_activation act)
{
    const size_t n_in = layer->n_inputs, units = layer->units;
    const tnn_real *restrict kernel = layer->kernel;
    const tnn_real *restrict bias = layer->bias;
    const size_t full_j = TNN_COMPACT_KERNELS ? 0 : units / TILE_J * TILE_J;
    size_t r = 0;
    if (full_j > 0)
        for (; r + TILE_R <= rows; r += TILE_R) {
            for (size_t j0 = 0; j0 < full_j; j0 += TILE_J)
                forward_tile(x + r * n_in, n_in, units, kernel, bias, j0, out + r * units,
                             act);
            for (size_t a = 0; a < TILE_R && full_j < units; a++) {
                tnn_real *zr = out + (r + a) * units;
                forward_row(x + (r + a) * n_in, n_in, units, kernel, bias, full_j, units, zr);
                tnn__act_elementwise(act, zr + full_j, units - full_j);
            }
        }
    if (!TNN_COMPACT_KERNELS && full_j == 0 && n_in >= ROWS_V)
        for (; r + ROWS_V <= rows; r += ROWS_V)
            forward_rows_v(x + r * n_in, n_in, units, kernel, bias, 0, out + r * units, act);
    for (; r < rows; r++) {
        tnn_real *zr = out + r * units;
        forward_row(x + r * n_in, n_in, units, kernel, bias, 0, units, zr);
        tnn__act_elementwise(act, zr, units);
    }
    if (act == TNN_ACT_SOFTMAX)
        for (r = 0; r < rows; r++)
            tnn__softmax_row(out + r * units, units);
}

void tnn__dense_forward(const struct tnn_layer *layer, const tnn_real *restrict x, size_t rows,
                        tnn_real *restrict out)
{
    forward_act(layer, x, rows, out, TNN_ACT_LINEAR);
}

void tnn__dense_forward_act(const struct tnn_layer *layer, const tnn_real *restrict x,
                            size_t rows, tnn_real *restrict out)
{
    forward_act(layer, x, rows, out, layer->activation);
}

/* Kernel gradient of inputs [i0, i0 + TILE_R) and units [j0, j0 + TILE_J),
 * rows added in order. */
#if defined(__GNUC__)
TNN_INLINE void params_tile(const tnn_real *restrict in, size_t n_in,
                               const tnn_real *restrict delta, size_t units, size_t rows,
                               size_t i0, size_t j0, tnn_real *restrict grad_kernel)
{
    const size_t h = TILE_J / 2;
    tnn_vec acc[TILE_R][2];
    for (size_t a = 0; a < TILE_R; a++) {
        VLOAD(acc[a][0], grad_kernel + (i0 + a) * units + j0);
        VLOAD(acc[a][1], grad_kernel + (i0 + a) * units + j0 + h);
    }
    for (size_t r = 0; r < rows; r++) {
        const tnn_real *restrict dr = delta + r * units + j0;
        tnn_vec d0, d1;
        VLOAD(d0, dr);
        VLOAD(d1, dr + h);
        for (size_t a = 0; a < TILE_R; a++) {
            const tnn_real xa = in[r * n_in + i0 + a];
            acc[a][0] += xa * d0;
            acc[a][1] += xa * d1;
        }
    }
    for (size_t a = 0; a < TILE_R; a++) {
        VSTORE(grad_kernel + (i0 + a) * units + j0, acc[a][0]);
        VSTORE(grad_kernel + (i0 + a) * units + j0 + h, acc[a][1]);
    }
}
#else
TNN_INLINE void params_tile(const tnn_real *restrict in, size_t n_in, const tnn_real *restrict delta,
                               size_t units, size_t rows, size_t i0, size_t j0,
                               tnn_real *restrict grad_kernel)
{
    tnn_real acc[TILE_R][TILE_J];
    for (size_t a = 0; a < TILE_R; a++)
        for (size_t j = 0; j < TILE_J; j++)
            acc[a][j] = grad_kernel[(i0 + a) * units + j0 + j];
    for (size_t r = 0; r < rows; r++) {
        const tnn_real *restrict dr = delta + r * units + j0;
        for (size_t a = 0; a < TILE_R; a++) {
            const tnn_real xa = in[r * n_in + i0 + a];
            for (size_t j = 0; j < TILE_J; j++)
                acc[a][j] += xa * dr[j];
        }
    }
    for (size_t a = 0; a < TILE_R; a++)
        for (size_t j = 0; j < TILE_J; j++)
            grad_kernel[(i0 + a) * units + j0 + j] = acc[a][j];
}

#endif

TNN_KERNEL
static void tnn__dense_backward_params_k(const struct tnn_layer *layer, const tnn_real *restrict in,
                                const tnn_real *restrict delta, size_t rows,
                                tnn_real *restrict grad_kernel, tnn_real *restrict grad_bias)
{
    const size_t n_in = layer->n_inputs, units = layer->units;
    const size_t full_i = TNN_COMPACT_KERNELS ? 0 : n_in / TILE_R * TILE_R;
    const size_t full_j = TNN_COMPACT_KERNELS ? 0 : units / TILE_J * TILE_J;
    for (size_t i0 = 0; i0 < full_i; i0 += TILE_R)
        for (size_t j0 = 0; j0 < full_j; j0 += TILE_J)
            params_tile(in, n_in, delta, units, rows, i0, j0, grad_kernel);
    /* inputs past full_i: one input at a time, units in chunks of TILE_J */
    for (size_t i = full_i; i < n_in; i++)
        for (size_t j0 = 0; j0 < full_j; j0 += TILE_J) {
            tnn_real acc[TILE_J];
            tnn_real *restrict gi = grad_kernel + i * units + j0;
            for (size_t j = 0; j < TILE_J; j++)
                acc[j] = gi[j];
            for (size_t r = 0; r < rows; r++) {
                const tnn_real xi = in[r * n_in + i];
                const tnn_real *restrict dr = delta + r * units + j0;
                for (size_t j = 0; j < TILE_J; j++)
                    acc[j] += xi * dr[j];
            }
            for (size_t j = 0; j < TILE_J; j++)
                gi[j] = acc[j];
        }
    /* units past full_j (all inputs), vectorised over inputs; and biases */
    for (size_t r = 0; r < rows; r++) {
        const tnn_real *restrict dr = delta + r * units;
        const tnn_real *restrict inr = in + r * n_in;
        for (size_t j = full_j; j < units; j++) {
            const tnn_real dj = dr[j];
            for (size_t i = 0; i < n_in; i++)
                grad_kernel[i * units + j] += inr[i] * dj;
        }
        for (size_t j = 0; j < units; j++)
            grad_bias[j] += dr[j];
    }
}

void tnn__dense_backward_params(const struct tnn_layer *layer, const tnn_real *restrict in,
                                const tnn_real *restrict delta, size_t rows,
                                tnn_real *restrict grad_kernel, tnn_real *restrict grad_bias)
{
    tnn__dense_backward_params_k(layer, in, delta, rows, grad_kernel, grad_bias);
}

TNN_KERNEL
static void tnn__dense_backward_input_k(const struct tnn_layer *layer, const tnn_real *restrict delta,
                               size_t rows, tnn_real *restrict delta_in)
{
    const size_t n_in = layer->n_inputs, units = layer->units;
    const tnn_real *restrict kernel = layer->kernel;
    for (size_t r = 0; r < rows; r++) {
        const tnn_real *restrict dr = delta + r * units;
        tnn_real *restrict out = delta_in + r * n_in;
        /* out[i] = 0 + d_0 k_i0 + d_1 k_i1 + ..., vectorised over i */
        for (size_t i = 0; i < n_in; i++)
            out[i] = 0;
        for (size_t j = 0; j < units; j++) {
            const tnn_real dj = dr[j];
            for (size_t i = 0; i < n_in; i++)
                out[i] += dj * kernel[i * units + j];
        }
    }
}

void tnn__dense_backward_input(const struct tnn_layer *layer, const tnn_real *restrict delta,
                               size_t rows, tnn_real *restrict delta_in)
{
    tnn__dense_backward_input_k(layer, delta, rows, delta_in);
}
