/* Dense layer kernels on blocks of rows: the hot loops of the library.
 *
 * Two layouts. Row-major blocks (rows x units, the public layout) for wide
 * layers: register tiles of up to TILE_R rows x TILE_J units with the inner
 * loops over contiguous units, so compilers vectorise them and keep the
 * tile in registers. Transposed blocks (units x rows, "_t" kernels,
 * dense_t.c) for narrow layers, where a row holds too few units to fill a
 * vector: their inner loops run over rows instead.
 *
 * The row-major kernels read the rows of their input either in order or
 * through a list of row numbers (rows_of: the training loop's shuffled
 * index), so that the first layer reads the caller's rows where they are
 * instead of a gathered copy.
 *
 * Order of sums (what makes results reproducible): a unit's z is its bias
 * plus x_i k_ij for i = 0, 1, ... in that order, in every kernel and
 * layout (the forward tiles go over the inputs in passes of BLOCK_I, the
 * partial sums waiting in the output between passes, which rounds
 * nothing); an input gradient is 0 + d_j k_ij for j = 0, 1, ...; a kernel
 * or bias gradient adds rows one after another in row order (here) or
 * adds the sums of fixed groups of TNN_GROUP_ROWS rows, each summed as a
 * fixed tree, group after group (the narrow path, gradient_narrow.c).
 * Rounding: every kernel of a version adds each product the same way,
 * fused into one multiply-add where that version has FMA (kernels.h), so
 * a row's outputs do not depend on which kernel its block size picks.
 * Sums carried across a loop are therefore vector code or loops over
 * separate outputs, never a loop of scalar sums, which compilers may turn
 * into a vector of rounded products added one at a time. */
#include "kernels/dense.h"
#include "kernels/kernels.h"

/* Rows (forward) or inputs (kernel gradient) of a register tile, and its
 * units: 6 x 2 vectors of accumulators, enough independent sums to hide
 * the latency of fused multiply-adds on two pipes. */
#define TILE_R 6
#define TILE_J 16
/* The rows (or inputs) left after the last full tile go to a tile of their
 * count, one case per count (FORWARD_REST, PARAMS_REST, INPUT_REST). */
_Static_assert(TILE_R >= 1 && TILE_R <= 6, "the REST switches have cases 1 to 5");
/* Inputs per pass of the forward tiles: that many rows of a TILE_J-unit
 * column of the kernel (16 KiB in float) stay in the L1 cache while every
 * tile of rows goes over them. */
#define BLOCK_I 256

/* Row r of a block: in order, or data row rows_of[r]. */
TNN_INLINE const tnn_real *row_at(const tnn_real *x, const size_t *rows_of, size_t r, size_t n)
{
    return x + (rows_of != NULL ? rows_of[r] : r) * n;
}

/* Partial z of rows [r0, r0 + nr) (nr <= TILE_R) and units [j0, j0 + TILE_J)
 * over inputs [i0, i1): starts from the bias (i0 == 0) or from the partial
 * sums in out, and applies the activation after the last input. */
#if TNN_VECTOR_CODE
/* GCC and clang: a tile is nr x 2 vectors of 8 (tnn_v8, kernels.h). */
_Static_assert(TILE_J == 16, "a tile row is two tnn_v8");

TNN_INLINE void forward_tile(const tnn_real *restrict x, const size_t *rows_of, size_t r0,
                             size_t nr, size_t n_in, size_t i0, size_t i1, size_t units,
                             const tnn_real *restrict kernel, const tnn_real *restrict bias,
                             size_t j0, tnn_real *restrict out, tnn_activation act)
{
    const size_t h = TILE_J / 2;
    const tnn_real *xa[TILE_R];
    tnn_v8 acc[TILE_R][2];
    for (size_t a = 0; a < nr; a++) {
        xa[a] = row_at(x, rows_of, r0 + a, n_in);
        const tnn_real *from = i0 == 0 ? bias + j0 : out + (r0 + a) * units + j0;
        TNN_VLOAD(acc[a][0], from);
        TNN_VLOAD(acc[a][1], from + h);
    }
    for (size_t i = i0; i < i1; i++) {
        const tnn_real *restrict ki = kernel + i * units + j0;
        tnn_v8 k0, k1;
        TNN_VLOAD(k0, ki);
        TNN_VLOAD(k1, ki + h);
        for (size_t a = 0; a < nr; a++) {
            const tnn_real v = xa[a][i];
            acc[a][0] += v * k0;
            acc[a][1] += v * k1;
        }
    }
    const bool last = i1 == n_in, in_registers = tnn__act_in_registers(act);
    for (size_t a = 0; a < nr; a++) {
        tnn_real *o = out + (r0 + a) * units + j0;
        if (last && in_registers) { /* in registers: keep lanes where z > 0 */
            const tnn_v8 zero = {0};
            acc[a][0] = (tnn_v8)((tnn_m8)acc[a][0] & (acc[a][0] > zero));
            acc[a][1] = (tnn_v8)((tnn_m8)acc[a][1] & (acc[a][1] > zero));
        }
        TNN_VSTORE(o, acc[a][0]);
        TNN_VSTORE(o + h, acc[a][1]);
        if (last && !in_registers)
            tnn__act_elementwise(act, o, TILE_J);
    }
}
#else
TNN_INLINE void forward_tile(const tnn_real *restrict x, const size_t *rows_of, size_t r0,
                             size_t nr, size_t n_in, size_t i0, size_t i1, size_t units,
                             const tnn_real *restrict kernel, const tnn_real *restrict bias,
                             size_t j0, tnn_real *restrict out, tnn_activation act)
{
    const tnn_real *xa[TILE_R];
    tnn_real acc[TILE_R][TILE_J];
    for (size_t a = 0; a < nr; a++) {
        xa[a] = row_at(x, rows_of, r0 + a, n_in);
        const tnn_real *from = i0 == 0 ? bias + j0 : out + (r0 + a) * units + j0;
        for (size_t j = 0; j < TILE_J; j++)
            acc[a][j] = from[j];
    }
    for (size_t i = i0; i < i1; i++) {
        const tnn_real *restrict ki = kernel + i * units + j0;
        for (size_t a = 0; a < nr; a++) {
            const tnn_real v = xa[a][i];
            for (size_t j = 0; j < TILE_J; j++)
                acc[a][j] = TNN_MADD(v, ki[j], acc[a][j]);
        }
    }
    for (size_t a = 0; a < nr; a++) {
        if (i1 == n_in)
            tnn__act_elementwise(act, acc[a], TILE_J);
        for (size_t j = 0; j < TILE_J; j++)
            out[(r0 + a) * units + j0 + j] = acc[a][j];
    }
}

#endif

/* z of one row and units [j0, j1) of any count. */
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
            zr[j] = TNN_MADD(xi, ki[j], zr[j]);
    }
}

/* Layers of fewer than TILE_J units (for one unit, a dot product per row)
 * over ROWS_V_MIN_IN inputs or more: rows in vector lanes, their inputs
 * transposed a pass at a time so that a lane holds one row; ROWS_V_VECS
 * vectors of rows at a time, the last rows of a block one vector at a time
 * (lanes past the block padded with copies of its last row). Each lane sums
 * in the usual order, and every row of such a layer goes through this code
 * whatever the block size. */
#define ROWS_V_MIN_IN 8
/* Inputs per pass: their transposed values (4 KiB) stay in the L1 cache
 * while every unit goes over them. */
#define ROWS_V_PASS 64
#if TNN_VECTOR_CODE
/* 16-byte vectors, which every SIMD target has (SSE2, NEON, the x86-64-v3
 * clones): the default clones keep these sums in registers too, where
 * GCC's wider tnn_v8 would live in memory. */
typedef tnn_real tnn_rv __attribute__((vector_size(16)));
typedef tnn_real tnn_rvu __attribute__((vector_size(16), aligned(sizeof(tnn_real)), may_alias));
#define RV_LOAD(v, p) ((v) = *(const tnn_rvu *)(const void *)(p))
#define RV_STORE(p, v) (*(tnn_rvu *)(void *)(p) = (v))
#define ROWS_V (16 / sizeof(tnn_real)) /* rows (lanes) per vector */
_Static_assert(ROWS_V == (TNN_REAL_IS_DOUBLE ? 2 : 4), "rows_v_transpose's blocks");
#define ROWS_V_VECS 4
/* Sums in flight at once (vectors of rows x units): enough independent
 * chains of multiply-adds to hide their latency. */
#define ROWS_V_CHAINS 8
/* units per call of rows_v_units, ROWS_V_CHAINS / vectors: ROWS_V_CASE has
 * cases 1 to 8 for one vector, 1 and 2 for ROWS_V_VECS */
_Static_assert(ROWS_V_CHAINS <= 8 && ROWS_V_CHAINS / ROWS_V_VECS >= 1 &&
                   ROWS_V_CHAINS / ROWS_V_VECS <= 2,
               "the ROWS_V_CASE switches cover every unit count");

/* dst[c * ld + l] = xr[l][i + c] for c, l < ROWS_V: with shuffles in
 * registers where the compiler has them, else one value at a time. */
#if defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define ROWS_V_SHUFFLE 1
#endif
#endif
#ifndef ROWS_V_SHUFFLE
#define ROWS_V_SHUFFLE 0
#endif
TNN_INLINE void rows_v_transpose(const tnn_real *const *xr, size_t i, tnn_real *restrict dst,
                                 size_t ld)
{
#if ROWS_V_SHUFFLE && TNN_REAL_IS_DOUBLE
    tnn_rv r0, r1;
    RV_LOAD(r0, xr[0] + i);
    RV_LOAD(r1, xr[1] + i);
    RV_STORE(dst, __builtin_shufflevector(r0, r1, 0, 2));
    RV_STORE(dst + ld, __builtin_shufflevector(r0, r1, 1, 3));
#elif ROWS_V_SHUFFLE
    tnn_rv r0, r1, r2, r3;
    RV_LOAD(r0, xr[0] + i);
    RV_LOAD(r1, xr[1] + i);
    RV_LOAD(r2, xr[2] + i);
    RV_LOAD(r3, xr[3] + i);
    /* inputs 0, 1 and 2, 3 of rows 0, 1 and of rows 2, 3, interleaved */
    const tnn_rv t0 = __builtin_shufflevector(r0, r1, 0, 4, 1, 5);
    const tnn_rv t1 = __builtin_shufflevector(r0, r1, 2, 6, 3, 7);
    const tnn_rv t2 = __builtin_shufflevector(r2, r3, 0, 4, 1, 5);
    const tnn_rv t3 = __builtin_shufflevector(r2, r3, 2, 6, 3, 7);
    RV_STORE(dst, __builtin_shufflevector(t0, t2, 0, 1, 4, 5));
    RV_STORE(dst + ld, __builtin_shufflevector(t0, t2, 2, 3, 6, 7));
    RV_STORE(dst + 2 * ld, __builtin_shufflevector(t1, t3, 0, 1, 4, 5));
    RV_STORE(dst + 3 * ld, __builtin_shufflevector(t1, t3, 2, 3, 6, 7));
#else
    for (size_t l = 0; l < ROWS_V; l++)
        for (size_t c = 0; c < ROWS_V; c++)
            dst[c * ld + l] = xr[l][i + c];
#endif
}

/* Partial sums part[u * ld + l] (units j0 + u, u < nj; lanes l of nv
 * vectors of rows) += inputs [i0, i0 + ni) of xt (input i, lane l at
 * [i * ld + l]) times their weights, input after input. Vector code, so
 * that each multiply-add is fused where the target has FMA, as in the
 * tiles: a loop of scalar sums can be compiled into a vector of products
 * added one at a time (an in-order reduction), which rounds each product. */
TNN_INLINE void rows_v_units(const tnn_real *restrict xt, size_t ld, size_t nv, size_t ni,
                             size_t i0, size_t units, const tnn_real *restrict kernel,
                             size_t j0, size_t nj, tnn_real *restrict part)
{
    tnn_rv acc[ROWS_V_VECS][ROWS_V_CHAINS];
    for (size_t u = 0; u < nj; u++)
        for (size_t v = 0; v < nv; v++)
            RV_LOAD(acc[v][u], part + u * ld + v * ROWS_V);
    for (size_t i = 0; i < ni; i++) {
        const tnn_real *restrict ki = kernel + (i0 + i) * units + j0;
        for (size_t v = 0; v < nv; v++) {
            tnn_rv xv;
            RV_LOAD(xv, xt + i * ld + v * ROWS_V);
            for (size_t u = 0; u < nj; u++)
                acc[v][u] += xv * ki[u];
        }
    }
    for (size_t u = 0; u < nj; u++)
        for (size_t v = 0; v < nv; v++)
            RV_STORE(part + u * ld + v * ROWS_V, acc[v][u]);
}
#else
#define ROWS_V 8
#define ROWS_V_VECS 1
#endif
#define ROWS_V_MAX (ROWS_V * ROWS_V_VECS)

/* Rows [r0, r0 + nr): ROWS_V_MAX of them, or at most ROWS_V (the end of a
 * block). */
TNN_INLINE void forward_rows_v(const tnn_real *restrict x, const size_t *rows_of, size_t r0,
                               size_t nr, size_t n_in, size_t units,
                               const tnn_real *restrict kernel, const tnn_real *restrict bias,
                               tnn_real *restrict out, tnn_activation act)
{
    const size_t nv = nr > ROWS_V ? ROWS_V_VECS : 1, ld = nv * ROWS_V;
    const tnn_real *xl[ROWS_V_MAX];
    for (size_t l = 0; l < ld; l++)
        xl[l] = row_at(x, rows_of, r0 + (l < nr ? l : nr - 1), n_in);
    /* partial sums of every unit (fewer than TILE_J) */
    tnn_real part[TILE_J * ROWS_V_MAX];
    for (size_t j = 0; j < units; j++)
        for (size_t l = 0; l < ld; l++)
            part[j * ld + l] = bias[j];
    tnn_real xt[ROWS_V_PASS * ROWS_V_MAX];
    for (size_t i0 = 0; i0 < n_in; i0 += ROWS_V_PASS) {
        const size_t i1 = n_in - i0 > ROWS_V_PASS ? i0 + ROWS_V_PASS : n_in, ni = i1 - i0;
#if TNN_VECTOR_CODE
        const size_t nis = ni / ROWS_V * ROWS_V; /* inputs transposed by blocks */
        for (size_t v = 0; v < nv; v++)
            for (size_t i = 0; i < nis; i += ROWS_V)
                rows_v_transpose(xl + v * ROWS_V, i0 + i, xt + i * ld + v * ROWS_V, ld);
#else
        const size_t nis = 0;
#endif
        for (size_t l = 0; l < ld; l++) /* the inputs left */
            for (size_t i = nis; i < ni; i++)
                xt[i * ld + l] = xl[l][i0 + i];
#if TNN_VECTOR_CODE
        /* units a few at a time, nv x nj sums at once (constants in each
         * call, so that the sums stay in registers) */
        const size_t per = ROWS_V_CHAINS / nv;
        for (size_t j0 = 0; j0 < units; j0 += per) {
            const size_t nj = units - j0 < per ? units - j0 : per;
            tnn_real *p = part + j0 * ld;
#define ROWS_V_CASE(vecs, n)                                                                   \
    case n: rows_v_units(xt, ld, vecs, ni, i0, units, kernel, j0, n, p); break
            if (nv == 1)
                switch (nj) {
                    ROWS_V_CASE(1, 1);
                    ROWS_V_CASE(1, 2);
                    ROWS_V_CASE(1, 3);
                    ROWS_V_CASE(1, 4);
                    ROWS_V_CASE(1, 5);
                    ROWS_V_CASE(1, 6);
                    ROWS_V_CASE(1, 7);
                    ROWS_V_CASE(1, 8);
                default: break;
                }
            else
                switch (nj) {
                    ROWS_V_CASE(ROWS_V_VECS, 1);
                    ROWS_V_CASE(ROWS_V_VECS, 2);
                default: break;
                }
#undef ROWS_V_CASE
        }
#else
        for (size_t j = 0; j < units; j++)
            for (size_t i = 0; i < ni; i++) {
                const tnn_real k = kernel[(i0 + i) * units + j];
                for (size_t l = 0; l < ld; l++)
                    part[j * ld + l] = TNN_MADD(xt[i * ld + l], k, part[j * ld + l]);
            }
#endif
    }
    for (size_t l = 0; l < nr; l++)
        for (size_t j = 0; j < units; j++)
            out[(r0 + l) * units + j] = part[j * ld + l];
    tnn__act_elementwise(act, out + r0 * units, nr * units);
}

/* Units [0, full_j) of every row, tile by tile: inputs in passes of
 * BLOCK_I, each pass over all rows TILE_R at a time, then the rows left
 * with a tile of their count (a constant in each call, so that every tile
 * keeps its sums in registers). */
TNN_INLINE void forward_tiles(const tnn_real *restrict x, const size_t *rows_of, size_t rows,
                              size_t n_in, size_t units, size_t full_j,
                              const tnn_real *restrict kernel, const tnn_real *restrict bias,
                              tnn_real *restrict out, tnn_activation act)
{
    for (size_t i0 = 0; i0 < n_in; i0 += BLOCK_I) {
        const size_t i1 = n_in - i0 > BLOCK_I ? i0 + BLOCK_I : n_in;
        for (size_t j0 = 0; j0 < full_j; j0 += TILE_J) {
            size_t r = 0;
            for (; r + TILE_R <= rows; r += TILE_R)
                forward_tile(x, rows_of, r, TILE_R, n_in, i0, i1, units, kernel, bias, j0, out,
                             act);
#define FORWARD_REST(n)                                                                        \
    case n:                                                                                    \
        forward_tile(x, rows_of, r, n, n_in, i0, i1, units, kernel, bias, j0, out, act);       \
        break
            switch (rows - r) {
                FORWARD_REST(1);
                FORWARD_REST(2);
                FORWARD_REST(3);
                FORWARD_REST(4);
                FORWARD_REST(5);
            default: break;
            }
#undef FORWARD_REST
        }
    }
}

TNN_KERNEL
static void forward_act(const struct tnn_layer *layer, const tnn_real *restrict x,
                        const size_t *rows_of, size_t rows, tnn_real *restrict out,
                        tnn_activation act)
{
    const size_t n_in = layer->n_inputs, units = layer->units;
    const tnn_real *restrict kernel = layer->kernel;
    const tnn_real *restrict bias = layer->bias;
    const size_t full_j = TNN_COMPACT_KERNELS ? 0 : units / TILE_J * TILE_J;
    size_t r = 0;
    if (full_j > 0) {
        forward_tiles(x, rows_of, rows, n_in, units, full_j, kernel, bias, out, act);
        for (; r < rows && full_j < units; r++) {
            tnn_real *zr = out + r * units;
            forward_row(row_at(x, rows_of, r, n_in), n_in, units, kernel, bias, full_j, units,
                        zr);
            tnn__act_elementwise(act, zr + full_j, units - full_j);
        }
        r = rows;
    }
    if (!TNN_COMPACT_KERNELS && full_j == 0 && n_in >= ROWS_V_MIN_IN)
        while (r < rows) {
            const size_t left = rows - r;
            const size_t nr = left >= ROWS_V_MAX ? ROWS_V_MAX : left < ROWS_V ? left : ROWS_V;
            forward_rows_v(x, rows_of, r, nr, n_in, units, kernel, bias, out, act);
            r += nr;
        }
    for (; r < rows; r++) {
        tnn_real *zr = out + r * units;
        forward_row(row_at(x, rows_of, r, n_in), n_in, units, kernel, bias, 0, units, zr);
        tnn__act_elementwise(act, zr, units);
    }
    switch (act) { /* the rest were applied elementwise above */
    case TNN_ACT_LINEAR:
    case TNN_ACT_STEP:
    case TNN_ACT_SIGMOID:
    case TNN_ACT_TANH:
    case TNN_ACT_RELU: break;
    case TNN_ACT_SOFTMAX:
        for (r = 0; r < rows; r++)
            tnn__softmax_row(out + r * units, units);
        break;
    }
}

void tnn__dense_forward(const struct tnn_layer *layer, const tnn_real *restrict x, size_t rows,
                        tnn_real *restrict out)
{
    forward_act(layer, x, NULL, rows, out, TNN_ACT_LINEAR);
}

void tnn__dense_forward_act(const struct tnn_layer *layer, const tnn_real *restrict x,
                            size_t rows, tnn_real *restrict out)
{
    forward_act(layer, x, NULL, rows, out, layer->activation);
}

#if !TNN_COMPACT_KERNELS
void tnn__dense_forward_rows(const struct tnn_layer *layer, const tnn_real *x,
                             const size_t *rows_of, size_t rows, tnn_real *out)
{
    forward_act(layer, x, rows_of, rows, out, TNN_ACT_LINEAR);
}

void tnn__dense_forward_act_rows(const struct tnn_layer *layer, const tnn_real *x,
                                 const size_t *rows_of, size_t rows, tnn_real *out)
{
    forward_act(layer, x, rows_of, rows, out, layer->activation);
}
#endif

/* Kernel gradient of inputs [i0, i0 + ni) (ni <= TILE_R) and units
 * [j0, j0 + TILE_J), rows added in order. */
#if TNN_VECTOR_CODE
TNN_INLINE void params_tile(const tnn_real *restrict in, const size_t *rows_of, size_t n_in,
                            const tnn_real *restrict delta, size_t units, size_t rows,
                            size_t i0, size_t ni, size_t j0, tnn_real *restrict grad_kernel)
{
    const size_t h = TILE_J / 2;
    tnn_v8 acc[TILE_R][2];
    for (size_t a = 0; a < ni; a++) {
        TNN_VLOAD(acc[a][0], grad_kernel + (i0 + a) * units + j0);
        TNN_VLOAD(acc[a][1], grad_kernel + (i0 + a) * units + j0 + h);
    }
    for (size_t r = 0; r < rows; r++) {
        const tnn_real *restrict dr = delta + r * units + j0;
        const tnn_real *restrict inr = row_at(in, rows_of, r, n_in) + i0;
        tnn_v8 d0, d1;
        TNN_VLOAD(d0, dr);
        TNN_VLOAD(d1, dr + h);
        for (size_t a = 0; a < ni; a++) {
            const tnn_real v = inr[a];
            acc[a][0] += v * d0;
            acc[a][1] += v * d1;
        }
    }
    for (size_t a = 0; a < ni; a++) {
        TNN_VSTORE(grad_kernel + (i0 + a) * units + j0, acc[a][0]);
        TNN_VSTORE(grad_kernel + (i0 + a) * units + j0 + h, acc[a][1]);
    }
}
#else
TNN_INLINE void params_tile(const tnn_real *restrict in, const size_t *rows_of, size_t n_in,
                            const tnn_real *restrict delta, size_t units, size_t rows,
                            size_t i0, size_t ni, size_t j0, tnn_real *restrict grad_kernel)
{
    tnn_real acc[TILE_R][TILE_J];
    for (size_t a = 0; a < ni; a++)
        for (size_t j = 0; j < TILE_J; j++)
            acc[a][j] = grad_kernel[(i0 + a) * units + j0 + j];
    for (size_t r = 0; r < rows; r++) {
        const tnn_real *restrict dr = delta + r * units + j0;
        const tnn_real *restrict inr = row_at(in, rows_of, r, n_in) + i0;
        for (size_t a = 0; a < ni; a++) {
            const tnn_real v = inr[a];
            for (size_t j = 0; j < TILE_J; j++)
                acc[a][j] = TNN_MADD(v, dr[j], acc[a][j]);
        }
    }
    for (size_t a = 0; a < ni; a++)
        for (size_t j = 0; j < TILE_J; j++)
            grad_kernel[(i0 + a) * units + j0 + j] = acc[a][j];
}

#endif

#if TNN_VECTOR_CODE
/* Units per tile of params_narrow_tile. */
#define NARROW_J 4
_Static_assert(NARROW_J >= 1 && NARROW_J <= 4, "NARROW_REST has cases 1 to 3");

/* Kernel gradient of inputs [i0, i0 + TILE_J) and units [j0, j0 + nj)
 * (nj <= NARROW_J) for units past the last full tile (all of them in a
 * layer narrower than TILE_J, such as a classifier's output): lanes over
 * inputs, where a row of the input is contiguous; rows added in order. */
TNN_INLINE void params_narrow_tile(const tnn_real *restrict in, const size_t *rows_of,
                                   size_t n_in, const tnn_real *restrict delta, size_t units,
                                   size_t rows, size_t i0, size_t j0, size_t nj,
                                   tnn_real *restrict grad_kernel)
{
    const size_t h = TILE_J / 2;
    tnn_v8 acc[NARROW_J][2];
    for (size_t u = 0; u < nj; u++) {
        tnn_real g[TILE_J];
        for (size_t l = 0; l < TILE_J; l++)
            g[l] = grad_kernel[(i0 + l) * units + j0 + u];
        TNN_VLOAD(acc[u][0], g);
        TNN_VLOAD(acc[u][1], g + h);
    }
    for (size_t r = 0; r < rows; r++) {
        const tnn_real *restrict inr = row_at(in, rows_of, r, n_in) + i0;
        const tnn_real *restrict dr = delta + r * units + j0;
        tnn_v8 x0, x1;
        TNN_VLOAD(x0, inr);
        TNN_VLOAD(x1, inr + h);
        for (size_t u = 0; u < nj; u++) {
            const tnn_real d = dr[u];
            acc[u][0] += x0 * d;
            acc[u][1] += x1 * d;
        }
    }
    for (size_t u = 0; u < nj; u++) {
        tnn_real g[TILE_J];
        TNN_VSTORE(g, acc[u][0]);
        TNN_VSTORE(g + h, acc[u][1]);
        for (size_t l = 0; l < TILE_J; l++)
            grad_kernel[(i0 + l) * units + j0 + u] = g[l];
    }
}
#endif

TNN_KERNEL
static void backward_params(const struct tnn_layer *layer, const tnn_real *restrict in,
                            const size_t *rows_of, const tnn_real *restrict delta, size_t rows,
                            tnn_real *restrict grad_kernel, tnn_real *restrict grad_bias)
{
    const size_t n_in = layer->n_inputs, units = layer->units;
    const size_t full_j = TNN_COMPACT_KERNELS ? 0 : units / TILE_J * TILE_J;
    if (full_j > 0) {
        size_t i0 = 0;
        for (; i0 + TILE_R <= n_in; i0 += TILE_R)
            for (size_t j0 = 0; j0 < full_j; j0 += TILE_J)
                params_tile(in, rows_of, n_in, delta, units, rows, i0, TILE_R, j0, grad_kernel);
                /* the inputs left: a tile of their count */
#define PARAMS_REST(n)                                                                         \
    case n:                                                                                    \
        for (size_t j0 = 0; j0 < full_j; j0 += TILE_J)                                         \
            params_tile(in, rows_of, n_in, delta, units, rows, i0, n, j0, grad_kernel);        \
        break
        switch (n_in - i0) {
            PARAMS_REST(1);
            PARAMS_REST(2);
            PARAMS_REST(3);
            PARAMS_REST(4);
            PARAMS_REST(5);
        default: break;
        }
#undef PARAMS_REST
    }
    /* units past full_j: tiles of TILE_J inputs, then the inputs left */
    size_t i_done = 0;
#if TNN_VECTOR_CODE
    if (!TNN_COMPACT_KERNELS && full_j < units)
        for (; i_done + TILE_J <= n_in; i_done += TILE_J) {
            size_t j0 = full_j;
            for (; j0 + NARROW_J <= units; j0 += NARROW_J)
                params_narrow_tile(in, rows_of, n_in, delta, units, rows, i_done, j0, NARROW_J,
                                   grad_kernel);
#define NARROW_REST(n)                                                                         \
    case n:                                                                                    \
        params_narrow_tile(in, rows_of, n_in, delta, units, rows, i_done, j0, n, grad_kernel); \
        break
            switch (units - j0) {
                NARROW_REST(1);
                NARROW_REST(2);
                NARROW_REST(3);
            default: break;
            }
#undef NARROW_REST
        }
#endif
    /* (one row at a time, vectorised over inputs); and biases */
    for (size_t r = 0; r < rows; r++) {
        const tnn_real *restrict dr = delta + r * units;
        const tnn_real *restrict inr = row_at(in, rows_of, r, n_in);
        for (size_t j = full_j; j < units; j++) {
            const tnn_real dj = dr[j];
            for (size_t i = i_done; i < n_in; i++)
                grad_kernel[i * units + j] = TNN_MADD(inr[i], dj, grad_kernel[i * units + j]);
        }
        for (size_t j = 0; j < units; j++)
            grad_bias[j] += dr[j];
    }
}

void tnn__dense_backward_params(const struct tnn_layer *layer, const tnn_real *restrict in,
                                const tnn_real *restrict delta, size_t rows,
                                tnn_real *restrict grad_kernel, tnn_real *restrict grad_bias)
{
    backward_params(layer, in, NULL, delta, rows, grad_kernel, grad_bias);
}

#if !TNN_COMPACT_KERNELS
void tnn__dense_backward_params_rows(const struct tnn_layer *layer, const tnn_real *in,
                                     const size_t *rows_of, const tnn_real *delta, size_t rows,
                                     tnn_real *grad_kernel, tnn_real *grad_bias)
{
    backward_params(layer, in, rows_of, delta, rows, grad_kernel, grad_bias);
}
#endif

#if TNN_VECTOR_CODE
/* Units per block of the input gradient's transposed kernel. */
#define INPUT_JB 64

/* Partial input gradient of rows [r0, r0 + nr) (nr <= TILE_R) and inputs
 * [i0, i0 + TILE_J) over units [j0, j0 + nj), from a transposed block of
 * the kernel (kt[j][l] = k of input i0 + l, unit j0 + j): starts from 0
 * (j0 == 0) or from the partial sums in delta_in. */
TNN_INLINE void input_tile(const tnn_real *restrict delta, size_t units,
                           const tnn_real *restrict kt, size_t j0, size_t nj, size_t r0,
                           size_t nr, size_t n_in, size_t i0, tnn_real *restrict delta_in)
{
    const size_t h = TILE_J / 2;
    tnn_v8 acc[TILE_R][2];
    for (size_t a = 0; a < nr; a++) {
        if (j0 == 0) {
            const tnn_v8 zero = {0};
            acc[a][0] = zero;
            acc[a][1] = zero;
        } else {
            TNN_VLOAD(acc[a][0], delta_in + (r0 + a) * n_in + i0);
            TNN_VLOAD(acc[a][1], delta_in + (r0 + a) * n_in + i0 + h);
        }
    }
    for (size_t j = 0; j < nj; j++) {
        tnn_v8 k0, k1;
        TNN_VLOAD(k0, kt + j * TILE_J);
        TNN_VLOAD(k1, kt + j * TILE_J + h);
        for (size_t a = 0; a < nr; a++) {
            const tnn_real d = delta[(r0 + a) * units + j0 + j];
            acc[a][0] += d * k0;
            acc[a][1] += d * k1;
        }
    }
    for (size_t a = 0; a < nr; a++) {
        TNN_VSTORE(delta_in + (r0 + a) * n_in + i0, acc[a][0]);
        TNN_VSTORE(delta_in + (r0 + a) * n_in + i0 + h, acc[a][1]);
    }
}
#endif

TNN_KERNEL
static void dense_backward_input_k(const struct tnn_layer *layer, const tnn_real *restrict delta,
                                   size_t rows, tnn_real *restrict delta_in)
{
    const size_t n_in = layer->n_inputs, units = layer->units;
    const tnn_real *restrict kernel = layer->kernel;
    size_t i_done = 0;
#if TNN_VECTOR_CODE
    /* TILE_J inputs at a time, lanes over inputs: the kernel's column of
     * those inputs, copied INPUT_JB units at a time into a transposed block
     * kt (contiguous per unit), serves every row */
    if (!TNN_COMPACT_KERNELS)
        for (; i_done + TILE_J <= n_in; i_done += TILE_J)
            for (size_t j0 = 0; j0 < units; j0 += INPUT_JB) {
                const size_t nj = units - j0 < INPUT_JB ? units - j0 : INPUT_JB;
                tnn_real kt[INPUT_JB * TILE_J];
                for (size_t l = 0; l < TILE_J; l++)
                    for (size_t j = 0; j < nj; j++)
                        kt[j * TILE_J + l] = kernel[(i_done + l) * units + j0 + j];
                size_t r = 0;
                for (; r + TILE_R <= rows; r += TILE_R)
                    input_tile(delta, units, kt, j0, nj, r, TILE_R, n_in, i_done, delta_in);
#define INPUT_REST(n)                                                                          \
    case n: input_tile(delta, units, kt, j0, nj, r, n, n_in, i_done, delta_in); break
                switch (rows - r) {
                    INPUT_REST(1);
                    INPUT_REST(2);
                    INPUT_REST(3);
                    INPUT_REST(4);
                    INPUT_REST(5);
                default: break;
                }
#undef INPUT_REST
            }
#endif
    /* inputs past i_done: one row at a time */
    for (size_t r = 0; r < rows; r++) {
        const tnn_real *restrict dr = delta + r * units;
        tnn_real *restrict out = delta_in + r * n_in;
        /* out[i] = 0 + d_0 k_i0 + d_1 k_i1 + ..., vectorised over i */
        for (size_t i = i_done; i < n_in; i++)
            out[i] = 0;
        for (size_t j = 0; j < units; j++) {
            const tnn_real dj = dr[j];
            for (size_t i = i_done; i < n_in; i++)
                out[i] = TNN_MADD(dj, kernel[i * units + j], out[i]);
        }
    }
}

void tnn__dense_backward_input(const struct tnn_layer *layer, const tnn_real *restrict delta,
                               size_t rows, tnn_real *restrict delta_in)
{
    dense_backward_input_k(layer, delta, rows, delta_in);
}
