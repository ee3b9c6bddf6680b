/* The gradient of narrow models: the inputs and every layer at most
 * TNN_NARROW_MAX wide, one output, no softmax (W1's 2-3-1; the rule that
 * picks a path: tnn__gradient_path_of, gradient.c).
 *
 * Rows go through the whole model a chunk of up to CHUNK_MAX rows at a
 * time, forward and back, before the next chunk starts: a chunk's values
 * never leave L1, and they are stored transposed (unit-major: unit u of row
 * l at [u * ld + l]), so every loop runs over the rows of the chunk and
 * vectorises however few units a layer has. (The chunk's length is a
 * run-time value on purpose: GCC unrolls loops of a constant 16 before its
 * vectoriser sees them, and then leaves most of them scalar.)
 *
 * Order of sums: z and input gradients as in dense.c. A parameter's
 * gradient adds the sums of the groups one after another, each group
 * summed as a fixed tree (tree16), groups counted from the first row of
 * the call. So the gradient depends neither on the workspace size nor on
 * how a batch is split into calls of a multiple of TNN_GROUP_ROWS rows, and
 * every version of the kernel (vector or plain C) gives the same sums. */
#include <string.h>

#include "train/gradient_paths.h"
#include "kernels/kernels.h"
#include "kernels/lincomb.h"
#include "core/loss_rules.h"

/* Rows per chunk: enough to hide the per-layer and per-unit loop costs;
 * one group in size-optimised builds, whose stack is small. A multiple of
 * TNN_GROUP_ROWS. */
#if TNN_COMPACT_KERNELS
#define CHUNK_MAX 16u
#else
#define CHUNK_MAX 256u
#endif
_Static_assert(CHUNK_MAX % TNN_GROUP_ROWS == 0, "a chunk is whole groups");
_Static_assert(TNN_GROUP_ROWS % 8 == 0, "gated combinations (lincomb.h) come in whole vectors");
_Static_assert(TNN_GROUP_ROWS == 16, "tree16 and tree_halves sum groups of 16 rows");
_Static_assert(CHUNK_MAX == 16 || CHUNK_MAX == 256, "ones[] is written out for these");

/* Eight trees at once in vector code (add_trees), and the linear algebra
 * of a chunk in vectors of 8 rows: GCC and clang's vector extensions
 * (TNN_VECTOR_CODE, kernels.h). The plain C loops do the same operations
 * in the same order. */
#if TNN_VECTOR_CODE && defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define NARROW_VECTORS 1
#endif
#endif
#ifndef NARROW_VECTORS
#define NARROW_VECTORS 0
#endif

#if NARROW_VECTORS
#define PICK(a, b, ...) __builtin_shufflevector((a), (b), __VA_ARGS__)

/* The (l, l + 8) step of tree16 for rows [g, g + 16), in lanes. (Vectors
 * go through pointers, not return values: those would change the ABI
 * between the target clones, and GCC warns even for inlined functions.) */
TNN_INLINE void tree_halves(const tnn_real *restrict a, const tnn_real *restrict d, size_t g,
                            tnn_v8 *restrict q)
{
    tnn_v8 d0, d1, a0, a1;
    TNN_VLOAD(d0, d + g);
    TNN_VLOAD(d1, d + g + 8);
    TNN_VLOAD(a0, a + g);
    TNN_VLOAD(a1, a + g + 8);
    *q = a0 * d0 + a1 * d1;
}

/* The rest of eight trees at once, transposed so that every step adds
 * whole vectors: tree t's sum is added to lane t of *sum. */
TNN_INLINE void add_trees8(const tnn_v8 q[8], tnn_v8 *restrict sum)
{
    tnn_v8 s[4], u[2];
    /* (l, l + 4): s[h] = [tree 2h, lanes 0-3 | tree 2h + 1, lanes 0-3] */
    for (size_t h = 0; h < 4; h++)
        s[h] = PICK(q[2 * h], q[2 * h + 1], 0, 1, 2, 3, 8, 9, 10, 11) +
               PICK(q[2 * h], q[2 * h + 1], 4, 5, 6, 7, 12, 13, 14, 15);
    /* (l, l + 2): u[h] = [4h 0-1, 4h+2 0-1 | 4h+1 0-1, 4h+3 0-1] */
    for (size_t h = 0; h < 2; h++)
        u[h] = PICK(s[2 * h], s[2 * h + 1], 0, 1, 8, 9, 4, 5, 12, 13) +
               PICK(s[2 * h], s[2 * h + 1], 2, 3, 10, 11, 6, 7, 14, 15);
    /* (0, 1): trees in the order 0 2 4 6 1 3 5 7, then put in order */
    const tnn_v8 w = PICK(u[0], u[1], 0, 2, 8, 10, 4, 6, 12, 14) +
                     PICK(u[0], u[1], 1, 3, 9, 11, 5, 7, 13, 15);
    *sum += PICK(w, w, 0, 4, 1, 5, 2, 6, 3, 7);
}
#endif

#if !NARROW_VECTORS
/* The sum of a group's TNN_GROUP_ROWS = 16 terms a[l] * d[l] as a fixed
 * tree: (l, l + 8), then (l, l + 4), then (l, l + 2), then (0, 1). */
TNN_INLINE tnn_real tree16(const tnn_real *restrict a, const tnn_real *restrict d)
{
    tnn_real q[8];
    for (size_t l = 0; l < 8; l++)
        q[l] = a[l] * d[l] + a[l + 8] * d[l + 8];
    for (size_t l = 0; l < 4; l++)
        q[l] += q[l + 4];
    for (size_t l = 0; l < 2; l++)
        q[l] += q[l + 2];
    return q[0] + q[1];
}
#endif

/* acc[t] += the sums of a[t][l] * d[t][l] over rows [0, rows), group after
 * group, for t < n <= 8. a[t] and d[t] for t >= n must point to rows
 * too: the vector code computes eight sums always, and drops theirs. */
TNN_INLINE void add_trees(const tnn_real *const a[8], const tnn_real *const d[8], size_t n,
                          size_t rows, tnn_real *restrict acc)
{
#if NARROW_VECTORS
    tnn_real tmp[8] = {0};
    for (size_t t = 0; t < n; t++)
        tmp[t] = acc[t];
    tnn_v8 sum;
    TNN_VLOAD(sum, tmp);
    for (size_t g = 0; g < rows; g += TNN_GROUP_ROWS) {
        tnn_v8 q[8];
        for (size_t t = 0; t < 8; t++)
            tree_halves(a[t], d[t], g, &q[t]);
        add_trees8(q, &sum);
    }
    TNN_VSTORE(tmp, sum);
    for (size_t t = 0; t < n; t++)
        acc[t] = tmp[t];
#else
    for (size_t t = 0; t < n; t++)
        for (size_t g = 0; g < rows; g += TNN_GROUP_ROWS)
            acc[t] += tree16(a[t] + g, d[t] + g);
#endif
}

/* Ones for the bias gradients: sum(1 * d) is sum(d), exactly. */
static const tnn_real ones[CHUNK_MAX] = {
    1,      1,      1,      1,      1,      1,      1,      1,
    1,      1,      1,      1,      1,      1,      1,      1,
#if CHUNK_MAX > 16
#define ONES16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
    ONES16, ONES16, ONES16, ONES16, ONES16, ONES16, ONES16, ONES16,
    ONES16, ONES16, ONES16, ONES16, ONES16, ONES16, ONES16,
#undef ONES16
#endif
};

/* Every kernel and bias gradient from rows [0, rows) of a chunk: layer k's
 * inputs (x, then the activations of layer k - 1; n_in x ld) and deltas
 * (units x ld) at the same offsets as its activations. Kernels and biases
 * are adjacent in the parameter vector, layer after layer (a bias being
 * the weight of an input of ones), so the gradients are runs of `units`
 * values from grad on; they go eight at a time. */
TNN_INLINE void model_params(const tnn_model *m, const tnn_real *restrict x,
                             const tnn_real *restrict acts, const tnn_real *restrict deltas,
                             size_t rows, size_t ld, tnn_real *restrict grad)
{
    const tnn_real *a[8], *d[8];
    size_t t = 0;
    const tnn_real *in = x, *delta = deltas;
    for (size_t k = 0; k < m->n_layers; k++) {
        const size_t n_in = m->layers[k].n_inputs, units = m->layers[k].units;
        for (size_t i = 0; i <= n_in; i++)
            for (size_t j = 0; j < units; j++) {
                a[t] = i < n_in ? in + i * ld : ones;
                d[t] = delta + j * ld;
                if (++t < 8)
                    continue;
                add_trees(a, d, 8, rows, grad);
                grad += 8;
                t = 0;
            }
        in = k == 0 ? acts : in + n_in * ld;
        delta += units * ld;
    }
    if (t > 0) {
        for (size_t r = t; r < 8; r++) {
            a[r] = a[0];
            d[r] = d[0];
        }
        add_trees(a, d, t, rows, grad);
    }
}

/* delta *= f'(z) through the output a, over n values. */
TNN_INLINE void act_backward(tnn_activation act, const tnn_real *restrict a,
                             tnn_real *restrict delta, size_t n)
{
    if (TNN_COMPACT_KERNELS) { /* one copy of the code: activation.c's */
        tnn__activation_backward(act, a, delta, n, 1);
        return;
    }
    tnn__act_backward_elementwise(act, a, delta, n);
}

/* Adds v[0..rows) to eight lanes of double sums: row l goes to lane
 * l % 8. Rows from n on count nothing. */
TNN_INLINE void add_lanes(tnn_real *restrict v, size_t n, size_t rows, double *restrict sums)
{
    for (size_t l = n; l < rows; l++)
        v[l] = 0;
    /* through a local copy: GCC vectorises these sums, not those in place */
    double s[8];
    for (size_t q = 0; q < 8; q++)
        s[q] = sums[q];
    for (size_t l = 0; l < rows; l += 8)
        for (size_t q = 0; q < 8; q++)
            s[q] += (double)v[l + q];
    for (size_t q = 0; q < 8; q++)
        sums[q] = s[q];
}

/* MSE of rows [0, rows) of a chunk from the outputs a, into lanes. */
TNN_INLINE void chunk_squared_errors(const tnn_real *restrict a, const tnn_real *restrict y,
                                     size_t n, size_t rows, double *restrict lsum)
{
    tnn_real v[CHUNK_MAX];
    for (size_t l = 0; l < rows; l++)
        v[l] = tnn__squared_error(a[l], y[l]);
    add_lanes(v, n, rows, lsum);
}

/* The sigmoid output of a chunk and its binary cross-entropy at once, from
 * the logits z (overwritten with the sigmoid), loss into lanes. */
TNN_INLINE void chunk_sigmoid_bce(tnn_real *restrict z, const tnn_real *restrict y, size_t n,
                                  size_t rows, double *restrict lsum)
{
    tnn_real v[CHUNK_MAX];
    for (size_t l = 0; l < rows; l++)
        v[l] = tnn__sigmoid_bce(z[l], y[l], &z[l]);
    add_lanes(v, n, rows, lsum);
}

/* The activation of one unit's rows [0, rows) of a chunk, in place. */
TNN_INLINE void chunk_activate(tnn_activation act, bool relu_fused, tnn_real *restrict z,
                               size_t rows)
{
    if (TNN_COMPACT_KERNELS)
        tnn__activate(act, z, rows, 1);
    else if (!relu_fused) /* else done by the linear combination */
        tnn__act_elementwise(act, z, rows);
}

/* The output of a chunk from its logits z (in place), and its loss into
 * lanes: each loss by its rules (loss_rules.h), as loss.c for one output. */
TNN_INLINE void chunk_output_loss(tnn_loss loss, tnn_activation act, bool relu_fused,
                                  tnn_real *restrict z, const tnn_real *restrict y, size_t n,
                                  size_t rows, double *restrict lsum)
{
    tnn_real v[CHUNK_MAX];
    switch (loss) {
    case TNN_LOSS_MSE:
        chunk_activate(act, relu_fused, z, rows);
        chunk_squared_errors(z, y, n, rows, lsum);
        break;
    case TNN_LOSS_BCE: /* a sigmoid output: both at once */
        chunk_sigmoid_bce(z, y, n, rows, lsum);
        break;
    case TNN_LOSS_CCE: /* a softmax of one unit: logsumexp(z) = z, a = 1 */
        for (size_t l = 0; l < rows; l++) {
            v[l] = tnn__cce_term(z[l], z[l], y[l]);
            z[l] = 1;
        }
        add_lanes(v, n, rows, lsum);
        break;
    }
}

/* Metric of rows [0, rows) of a chunk from the outputs a, into lanes. */
TNN_INLINE void chunk_metric(tnn_metric metric, const tnn_real *restrict a,
                             const tnn_real *restrict y, size_t n, size_t rows,
                             double *restrict msum)
{
    tnn_real w[CHUNK_MAX];
    switch (metric) {
    case TNN_METRIC_ACCURACY:
        for (size_t l = 0; l < rows; l++)
            w[l] = tnn__binary_correct(a[l], y[l]);
        break;
    case TNN_METRIC_MSE:
        for (size_t l = 0; l < rows; l++)
            w[l] = tnn__squared_error(a[l], y[l]);
        break;
    case TNN_METRIC_NONE:
        for (size_t l = 0; l < rows; l++)
            w[l] = 0;
        break;
    }
    add_lanes(w, n, rows, msum);
}

/* dL/dz of the output for rows [0, rows) of a chunk (loss.c's
 * tnn__loss_delta for one output); rows from n on get 0, so they add
 * nothing to the gradient. */
TNN_INLINE void chunk_delta(tnn_loss loss, tnn_activation act, const tnn_real *restrict a,
                            const tnn_real *restrict y, size_t n, size_t rows,
                            tnn_real *restrict d)
{
    switch (loss) {
    case TNN_LOSS_MSE:
        for (size_t l = 0; l < rows; l++)
            d[l] = tnn__mse_delta(a[l], y[l], 2);
        act_backward(act, a, d, rows);
        break;
    case TNN_LOSS_BCE:
        for (size_t l = 0; l < rows; l++)
            d[l] = tnn__bce_delta(a[l], y[l], 1);
        break;
    case TNN_LOSS_CCE: /* one unit: the target mass is y */
        for (size_t l = 0; l < rows; l++)
            d[l] = tnn__cce_delta(a[l], y[l], y[l]);
        break;
    }
    for (size_t l = n; l < rows; l++)
        d[l] = 0;
}

/* n consecutive rows of x from src on, transposed (input i of row l at
 * [i * ld + l]). */
TNN_INLINE void gather_block_n(const tnn_real *restrict src, size_t n_in, size_t n, size_t ld,
                               tnn_real *restrict gx)
{
    for (size_t i = 0; i < n_in; i++)
        for (size_t l = 0; l < n; l++)
            gx[i * ld + l] = src[l * n_in + i];
}

/* With n_in a constant for the commonest input counts, so the loops
 * become fixed shuffles. */
TNN_INLINE void gather_block(const tnn_real *restrict src, size_t n_in, size_t n, size_t ld,
                             tnn_real *restrict gx)
{
    switch (TNN_COMPACT_KERNELS ? 0 : n_in) {
    case 1: gather_block_n(src, 1, n, ld, gx); break;
    case 2: gather_block_n(src, 2, n, ld, gx); break;
    case 3: gather_block_n(src, 3, n, ld, gx); break;
    default: gather_block_n(src, n_in, n, ld, gx); break;
    }
}

/* n rows picked by index[0..n), transposed. */
TNN_INLINE void gather_index(const tnn_real *restrict x, size_t n_in,
                             const size_t *restrict index, size_t n, size_t ld,
                             tnn_real *restrict gx)
{
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < n_in; i++)
            gx[i * ld + r] = x[index[r] * n_in + i];
}

size_t tnn__narrow_row_reals(const tnn_model *m)
{
    return m->n_inputs + 1 + 2 * m->sum_units; /* x, y, activations, deltas */
}

/* A multiple of TNN_GROUP_ROWS, at most CHUNK_MAX. */
size_t tnn__narrow_chunk(const tnn_model *m, size_t block_rows)
{
    const size_t have = block_rows * (tnn__gradient_row_bytes(m) / sizeof(tnn_real));
    const size_t per_row = tnn__narrow_row_reals(m);
    const size_t chunk = have / per_row / TNN_GROUP_ROWS * TNN_GROUP_ROWS;
    return chunk < CHUNK_MAX ? chunk : CHUNK_MAX;
}

/* Forward and backward over rows [first, first + count) (or index[first..])
 * in chunks of `chunk` rows (a multiple of TNN_GROUP_ROWS). work: n_in x
 * chunk inputs, chunk targets, and sum_units x chunk activations and as
 * many deltas. */
TNN_KERNEL
static void narrow_rows(const tnn_model *m, tnn_loss loss, tnn_metric metric, const tnn_real *x,
                        const tnn_real *y, const size_t *index, size_t first, size_t count,
                        tnn_real *grad, double *loss_sum, double *metric_sum, tnn_real *work,
                        size_t chunk)
{
    const size_t n_in = m->n_inputs, last = m->n_layers - 1, ld = chunk;
    tnn_real *restrict gx = work;
    tnn_real *restrict gy = gx + n_in * ld;
    tnn_real *restrict acts = gy + ld;
    tnn_real *restrict deltas = acts + m->sum_units * ld;
    double lsum[8] = {0}, msum[8] = {0};

    for (size_t done = 0; done < count; done += chunk) {
        const size_t n = count - done < chunk ? count - done : chunk;
        /* n padded to whole groups */
        const size_t rows = (n + TNN_GROUP_ROWS - 1) / TNN_GROUP_ROWS * TNN_GROUP_ROWS;
        if (index == NULL) {
            gather_block(x + (first + done) * n_in, n_in, n, ld, gx);
            memcpy(gy, y + first + done, n * sizeof *gy);
        } else {
            gather_index(x, n_in, index + first + done, n, ld, gx);
            for (size_t r = 0; r < n; r++)
                gy[r] = y[index[first + done + r]];
        }
        for (size_t r = n; r < rows; r++) {
            for (size_t i = 0; i < n_in; i++)
                gx[i * ld + r] = 0;
            gy[r] = 0;
        }

        /* forward: z = bias + x_i k_ij in order of i, then the activation */
        const tnn_real *in = gx;
        tnn_real *a = acts;
        for (size_t k = 0; k <= last; k++) {
            const struct tnn_layer *lay = &m->layers[k];
            const size_t units = lay->units;
            const bool relu_fused = TNN_VECTOR_CODE && lay->activation == TNN_ACT_RELU;
            for (size_t j = 0; j < units; j++) {
                tnn_real *z = a + j * ld;
                tnn__lincomb_n(z, lay->bias[j], lay->kernel + j, units, in, lay->n_inputs, rows,
                               ld, relu_fused, NULL);
                if (k == last)
                    chunk_output_loss(loss, lay->activation, relu_fused, z, gy, n, rows, lsum);
                else
                    chunk_activate(lay->activation, relu_fused, z, rows);
            }
            in = a;
            a += units * ld;
        }
        const size_t out_at = (m->sum_units - 1) * ld; /* the one output's offset */
        chunk_metric(metric, acts + out_at, gy, n, rows, msum);

        /* backward: every layer's deltas, then every parameter's gradient */
        chunk_delta(loss, m->layers[last].activation, acts + out_at, gy, n, rows,
                    deltas + out_at);
        size_t at = out_at; /* offset of layer k's units */
        for (size_t k = last; k > 0; k--) {
            const struct tnn_layer *lay = &m->layers[k];
            const size_t units = lay->units, fan_in = lay->n_inputs;
            const size_t prev_at = at - fan_in * ld;
            const tnn_activation act = m->layers[k - 1].activation;
            const bool relu_fused = TNN_VECTOR_CODE && act == TNN_ACT_RELU;
            /* input gradient: 0 + d_j k_ij in order of j */
            for (size_t i = 0; i < fan_in; i++) {
                tnn_real *di = deltas + prev_at + i * ld;
                const tnn_real *ai = acts + prev_at + i * ld;
                tnn__lincomb_n(di, 0, lay->kernel + i * units, 1, deltas + at, units, rows, ld,
                               false, relu_fused ? ai : NULL);
                if (!relu_fused)
                    act_backward(act, ai, di, rows);
            }
            at = prev_at;
        }
        model_params(m, gx, acts, deltas, rows, ld, grad);
    }
    double ls = 0, ms = 0;
    for (size_t q = 0; q < 8; q++) {
        ls += lsum[q];
        ms += msum[q];
    }
    *loss_sum += ls;
    *metric_sum += ms;
}

void tnn__gradient_rows_narrow(const tnn_model *m, tnn_loss loss, tnn_metric metric,
                               const tnn_real *x, const tnn_real *y, const size_t *index,
                               size_t first, size_t count, tnn_real *grad, double *loss_sum,
                               double *metric_sum, void *work, size_t block_rows)
{
    narrow_rows(m, loss, metric, x, y, index, first, count, grad, loss_sum, metric_sum, work,
                tnn__narrow_chunk(m, block_rows));
}
