/* Backpropagation over blocks of rows: the gradient of the summed loss. */
#include <string.h>

#include "kernels.h"

size_t tnn__gradient_row_bytes(const tnn_model *m)
{
    /* activations of every layer, two delta buffers, and one gathered row */
    size_t reals = m->sum_units + 2 * m->max_width + m->n_inputs + tnn_model_n_outputs(m);
    return reals * sizeof(tnn_real);
}

static void gradient_rows_generic(const tnn_model *m, tnn_loss loss, tnn_metric metric,
                        const tnn_real *x, const tnn_real *y, const size_t *index,
                        size_t first, size_t count, tnn_real *grad, double *loss_sum,
                        double *metric_sum, void *work, size_t block_rows)
{
    const size_t n_in = m->n_inputs, n_out = tnn_model_n_outputs(m), last = m->n_layers - 1;
    tnn_real *acts = work;
    tnn_real *delta = acts + block_rows * m->sum_units;
    tnn_real *delta_next = delta + block_rows * m->max_width;
    tnn_real *gx = delta_next + block_rows * m->max_width;
    tnn_real *gy = gx + block_rows * n_in;

    for (size_t done = 0; done < count; done += block_rows) {
        const size_t b = count - done < block_rows ? count - done : block_rows;
        const tnn_real *xin, *yin;
        if (index != NULL) {
            for (size_t r = 0; r < b; r++) {
                size_t row = index[first + done + r];
                memcpy(gx + r * n_in, x + row * n_in, n_in * sizeof *gx);
                memcpy(gy + r * n_out, y + row * n_out, n_out * sizeof *gy);
            }
            xin = gx;
            yin = gy;
        } else {
            xin = x + (first + done) * n_in;
            yin = y + (first + done) * n_out;
        }

        /* forward, keeping every layer's activations */
        const tnn_real *in = xin;
        tnn_real *a = acts;
        for (size_t k = 0; k <= last; k++) {
            const struct tnn_layer *l = &m->layers[k];
            tnn__dense_forward_act(l, in, b, a);
            in = a;
            a += b * l->units;
        }
        const tnn_real *out = in;
        tnn__loss_sums(loss, metric, out, yin, b, n_out, loss_sum, metric_sum);

        /* backward */
        tnn_real *d = delta, *dn = delta_next;
        tnn__loss_delta(loss, m->layers[last].activation, out, yin, b, n_out, d);
        const tnn_real *a_k = out;
        for (size_t k = last + 1; k-- > 0;) {
            const struct tnn_layer *l = &m->layers[k];
            const tnn_real *a_prev = k == 0 ? xin : a_k - b * l->n_inputs;
            tnn__dense_backward_params(l, a_prev, d, b, grad + (l->kernel - m->params),
                                       grad + (l->bias - m->params));
            if (k > 0) {
                tnn__dense_backward_input(l, d, b, dn);
                tnn__activation_backward(m->layers[k - 1].activation, a_prev, dn, b,
                                         l->n_inputs);
                tnn_real *t = d;
                d = dn;
                dn = t;
            }
            a_k = a_prev;
        }
    }
}

/* The narrow path: every layer at most NARROW_MAX wide, one output, no
 * softmax. Blocks are transposed (unit-major), so the loops run over rows
 * and vectorise however few units a layer has; kernel and bias gradients
 * are sums of fixed groups of TNN_GROUP_ROWS rows (dense.c), counted from
 * the first row of the call, so they do not depend on the block size. */
#define NARROW_MAX 16u

static bool narrow_model(const tnn_model *m)
{
    if (m->max_width > NARROW_MAX || tnn_model_n_outputs(m) != 1)
        return false;
    for (size_t k = 0; k < m->n_layers; k++)
        if (m->layers[k].activation == TNN_ACT_SOFTMAX)
            return false;
    return true;
}

/* tnn__loss_sums for one output (loss.c's rules), vectorisable: the
 * logarithm is tnn__log and the double sums run in ACC_LANES lanes. The
 * last chunk of fewer than LOSS_CHUNK rows is padded (padding rows count 0),
 * except in size-optimised builds (no vector unit to fill: plain loop). */
#define ACC_LANES 8u
#define LOSS_CHUNK 64u
TNN_KERNEL
static void narrow_loss_sums(tnn_loss loss, tnn_metric metric, const tnn_real *restrict a,
                             const tnn_real *restrict y, size_t rows, double *loss_sum,
                             double *metric_sum)
{
    const tnn_real lo = (tnn_real)1e-7, hi = (tnn_real)1 - (tnn_real)1e-7;
    double l[ACC_LANES] = {0}, m[ACC_LANES] = {0};
    for (size_t r = 0; r < rows; r += LOSS_CHUNK) {
        const size_t n = rows - r < LOSS_CHUNK ? rows - r : LOSS_CHUNK;
        tnn_real v[LOSS_CHUNK], w[LOSS_CHUNK], pa[LOSS_CHUNK], py[LOSS_CHUNK];
        const tnn_real *restrict ar = a + r, *restrict yr = y + r;
        if (n < LOSS_CHUNK && TNN_COMPACT_KERNELS) {
            tnn__loss_sums(loss, metric, ar, yr, n, 1, loss_sum, metric_sum);
            break;
        }
        if (n < LOSS_CHUNK) {
            memcpy(pa, ar, n * sizeof *pa);
            memcpy(py, yr, n * sizeof *py);
            for (size_t k = n; k < LOSS_CHUNK; k++)
                pa[k] = py[k] = (tnn_real)0.5;
            ar = pa;
            yr = py;
        }
        if (loss == TNN_LOSS_BCE) {
            for (size_t k = 0; k < LOSS_CHUNK; k++) {
                const tnn_real ak = ar[k];
                tnn_real p = TNN_SEL(ak < lo, lo, ak);
                p = TNN_SEL(p > hi, hi, p);
                v[k] = yr[k] * tnn__log(p) + ((tnn_real)1 - yr[k]) * tnn__log((tnn_real)1 - p);
                v[k] = -v[k];
            }
        } else {
            for (size_t k = 0; k < LOSS_CHUNK; k++)
                v[k] = (ar[k] - yr[k]) * (ar[k] - yr[k]);
        }
        if (metric == TNN_METRIC_ACCURACY) {
            for (size_t k = 0; k < LOSS_CHUNK; k++)
                w[k] = (ar[k] >= (tnn_real)0.5) == (yr[k] >= (tnn_real)0.5) ? (tnn_real)1 : 0;
        } else if (metric == TNN_METRIC_MSE) {
            for (size_t k = 0; k < LOSS_CHUNK; k++)
                w[k] = (ar[k] - yr[k]) * (ar[k] - yr[k]);
        } else {
            for (size_t k = 0; k < LOSS_CHUNK; k++)
                w[k] = 0;
        }
        if (n < LOSS_CHUNK)
            for (size_t k = n; k < LOSS_CHUNK; k++)
                v[k] = w[k] = 0;
        for (size_t k = 0; k < LOSS_CHUNK; k += ACC_LANES)
            for (size_t q = 0; q < ACC_LANES; q++) {
                l[q] += (double)v[k + q];
                m[q] += (double)w[k + q];
            }
    }
    double ls = 0, ms = 0;
    for (size_t k = 0; k < ACC_LANES; k++) {
        ls += l[k];
        ms += m[k];
    }
    *loss_sum += ls;
    *metric_sum += ms;
}

static void gradient_rows_narrow(const tnn_model *m, tnn_loss loss, tnn_metric metric,
                                 const tnn_real *x, const tnn_real *y, const size_t *index,
                                 size_t first, size_t count, tnn_real *grad, double *loss_sum,
                                 double *metric_sum, void *work, size_t block_rows)
{
    const size_t n_in = m->n_inputs, last = m->n_layers - 1;
    const size_t block = block_rows / TNN_GROUP_ROWS * TNN_GROUP_ROWS;
    tnn_real *acts = work;
    tnn_real *delta = acts + block_rows * m->sum_units;
    tnn_real *delta_next = delta + block_rows * m->max_width;
    tnn_real *gx = delta_next + block_rows * m->max_width;
    tnn_real *gy = gx + block_rows * n_in;

    for (size_t done = 0; done < count; done += block) {
        const size_t b = count - done < block ? count - done : block;
        const size_t pb = (b + TNN_GROUP_ROWS - 1) / TNN_GROUP_ROWS * TNN_GROUP_ROWS;
        for (size_t r = 0; r < b; r++) {
            const size_t row = index != NULL ? index[first + done + r] : first + done + r;
            for (size_t i = 0; i < n_in; i++)
                gx[i * pb + r] = x[row * n_in + i];
            gy[r] = y[row];
        }
        for (size_t i = 0; i < n_in; i++)
            for (size_t r = b; r < pb; r++)
                gx[i * pb + r] = 0;

        const tnn_real *in = gx;
        tnn_real *a = acts;
        for (size_t k = 0; k <= last; k++) {
            const struct tnn_layer *l = &m->layers[k];
            tnn__dense_forward_t(l, in, pb, pb, a);
            in = a;
            a += pb * l->units;
        }
        const tnn_real *out = in;
        if (loss == TNN_LOSS_CCE)
            tnn__loss_sums(loss, metric, out, gy, b, 1, loss_sum, metric_sum);
        else
            narrow_loss_sums(loss, metric, out, gy, b, loss_sum, metric_sum);

        tnn_real *d = delta, *dn = delta_next;
        tnn__loss_delta(loss, m->layers[last].activation, out, gy, b, 1, d);
        for (size_t r = b; r < pb; r++)
            d[r] = 0;
        const tnn_real *a_k = out;
        for (size_t k = last + 1; k-- > 0;) {
            const struct tnn_layer *l = &m->layers[k];
            const tnn_real *a_prev = k == 0 ? gx : a_k - pb * l->n_inputs;
            tnn__dense_backward_params_t(l, a_prev, d, pb, pb, grad + (l->kernel - m->params),
                                         grad + (l->bias - m->params));
            if (k > 0) {
                tnn__dense_backward_input_t(l, d, pb, pb, dn);
                tnn__activation_backward(m->layers[k - 1].activation, a_prev, dn, 1,
                                         pb * l->n_inputs);
                tnn_real *t = d;
                d = dn;
                dn = t;
            }
            a_k = a_prev;
        }
    }
}

/* The fan path: two layers, at most FAN_MAX_IN inputs, a wide linear or
 * ReLU hidden layer and one output (W2's 1-400-1). Its hidden activations
 * cost more to store and reload than to recompute from the few inputs, so
 * they are never written: the forward pass keeps FAN_ROWS rows in vector
 * lanes and runs over hidden units, the backward pass keeps a chunk of
 * FAN_UNITS units' gradients in registers and runs over the rows.
 * Every value is the generic path's formula in its order (z: bias, then
 * inputs in order; gradients: rows added one by one in order), so the
 * results are the same, and do not depend on the block size. Left out of
 * size-optimised builds (TNN_COMPACT_KERNELS). */
#define FAN_MAX_IN 4u
#define FAN_ROWS 32u
#define FAN_UNITS 16u
#define FAN_BLOCK 256u

#if defined(__GNUC__)
static bool fan_model(const tnn_model *m, size_t block_rows)
{
    if (TNN_COMPACT_KERNELS || m->n_layers != 2 || m->n_inputs > FAN_MAX_IN ||
        m->layers[1].units != 1 || m->layers[0].units <= NARROW_MAX ||
        m->layers[1].activation == TNN_ACT_SOFTMAX ||
        (m->layers[0].activation != TNN_ACT_RELU && m->layers[0].activation != TNN_ACT_LINEAR))
        return false;
    /* room for one block of FAN_ROWS rows: x, y, output, delta per row */
    return block_rows * (tnn__gradient_row_bytes(m) / sizeof(tnn_real)) >=
           FAN_ROWS * (m->n_inputs + 3);
}

/* GCC and clang vector types (lowered to what the target has): rows or
 * units in lanes; FAN_ROWS = 4 vectors, FAN_UNITS = 2. */
typedef tnn_real fan_vec __attribute__((vector_size(8 * sizeof(tnn_real))));
#if TNN_REAL_IS_DOUBLE
typedef int64_t fan_ivec __attribute__((vector_size(8 * sizeof(tnn_real))));
#else
typedef int32_t fan_ivec __attribute__((vector_size(8 * sizeof(tnn_real))));
#endif
#define FAN_LOAD(v, p) memcpy(&(v), (p), sizeof(v))
#define FAN_STORE(p, v) memcpy((p), &(v), sizeof(v))

/* Output z of rows [0, rows) (a multiple of FAN_ROWS) of the transposed
 * inputs xt (input k of row r at [k * ld + r]); n_in a constant. */
TNN_INLINE void fan_forward_n(const tnn_model *m, const tnn_real *restrict xt, size_t rows,
                              size_t ld, tnn_real *restrict out, const size_t n_in)
{
    const struct tnn_layer *l0 = &m->layers[0], *l1 = &m->layers[1];
    const size_t hidden = l0->units;
    const tnn_real *restrict k0 = l0->kernel, *restrict b0 = l0->bias, *restrict k1 = l1->kernel;
    const fan_ivec lin = l0->activation == TNN_ACT_RELU ? (fan_ivec){0} : ~(fan_ivec){0};
    const fan_vec zero = {0};
    for (size_t r0 = 0; r0 < rows; r0 += FAN_ROWS) {
        fan_vec acc[4], x[FAN_MAX_IN][4];
        for (size_t k = 0; k < n_in; k++)
            for (size_t v = 0; v < 4; v++)
                FAN_LOAD(x[k][v], xt + k * ld + r0 + 8 * v);
        for (size_t v = 0; v < 4; v++)
            acc[v] = zero + l1->bias[0];
        for (size_t j = 0; j < hidden; j++) {
            const tnn_real kj = k1[j], bj = b0[j];
            for (size_t v = 0; v < 4; v++) {
                fan_vec h = zero + bj;
                for (size_t k = 0; k < n_in; k++)
                    h += x[k][v] * k0[k * hidden + j];
                h = (fan_vec)((fan_ivec)h & ((h > zero) | lin));
                acc[v] += h * kj;
            }
        }
        for (size_t v = 0; v < 4; v++)
            FAN_STORE(out + r0 + 8 * v, acc[v]);
    }
}

/* Gradients of both layers from the output deltas d of rows [0, rows). */
TNN_INLINE void fan_backward_n(const tnn_model *m, const tnn_real *restrict xt, size_t rows,
                               size_t ld, const tnn_real *restrict d, tnn_real *restrict grad,
                               const size_t n_in)
{
    const struct tnn_layer *l0 = &m->layers[0], *l1 = &m->layers[1];
    const size_t hidden = l0->units;
    const tnn_real *restrict k0 = l0->kernel, *restrict b0 = l0->bias, *restrict k1 = l1->kernel;
    tnn_real *restrict gk0 = grad + (l0->kernel - m->params);
    tnn_real *restrict gb0 = grad + (l0->bias - m->params);
    tnn_real *restrict gk1 = grad + (l1->kernel - m->params);
    tnn_real *restrict gb1 = grad + (l1->bias - m->params);
    const bool relu = l0->activation == TNN_ACT_RELU;
    const fan_ivec lin = relu ? (fan_ivec){0} : ~(fan_ivec){0};
    const fan_vec zero = {0};
    const size_t full = hidden / FAN_UNITS * FAN_UNITS;
    for (size_t j0 = 0; j0 < full; j0 += FAN_UNITS) {
        fan_vec w[FAN_MAX_IN][2], b[2], kk[2], a_k[FAN_MAX_IN][2], a_b[2], a_k1[2];
        for (size_t v = 0; v < 2; v++) {
            const size_t j = j0 + 8 * v;
            for (size_t k = 0; k < n_in; k++) {
                FAN_LOAD(w[k][v], k0 + k * hidden + j);
                FAN_LOAD(a_k[k][v], gk0 + k * hidden + j);
            }
            FAN_LOAD(b[v], b0 + j);
            FAN_LOAD(kk[v], k1 + j);
            FAN_LOAD(a_b[v], gb0 + j);
            FAN_LOAD(a_k1[v], gk1 + j);
        }
        for (size_t r = 0; r < rows; r++) {
            const tnn_real dr = d[r];
            tnn_real xr[FAN_MAX_IN];
            for (size_t k = 0; k < n_in; k++)
                xr[k] = xt[k * ld + r];
            for (size_t v = 0; v < 2; v++) {
                fan_vec h = b[v];
                for (size_t k = 0; k < n_in; k++)
                    h += xr[k] * w[k][v];
                const fan_ivec keep = (h > zero) | lin;
                const fan_vec a = (fan_vec)((fan_ivec)h & keep);
                const fan_vec g = zero + dr * kk[v];
                const fan_vec dh = (fan_vec)((fan_ivec)g & keep);
                a_k1[v] += a * dr;
                a_b[v] += dh;
                for (size_t k = 0; k < n_in; k++)
                    a_k[k][v] += xr[k] * dh;
            }
        }
        for (size_t v = 0; v < 2; v++) {
            const size_t j = j0 + 8 * v;
            for (size_t k = 0; k < n_in; k++)
                FAN_STORE(gk0 + k * hidden + j, a_k[k][v]);
            FAN_STORE(gb0 + j, a_b[v]);
            FAN_STORE(gk1 + j, a_k1[v]);
        }
    }
    for (size_t j = full; j < hidden; j++) /* the last units, one at a time */
        for (size_t r = 0; r < rows; r++) {
            tnn_real h = b0[j];
            for (size_t k = 0; k < n_in; k++)
                h += xt[k * ld + r] * k0[k * hidden + j];
            const tnn_real a = relu ? (h > 0 ? h : (tnn_real)0) : h;
            const tnn_real g = (tnn_real)0 + d[r] * k1[j];
            const tnn_real dh = relu ? (a > 0 ? g : (tnn_real)0) : g;
            gk1[j] += a * d[r];
            gb0[j] += dh;
            for (size_t k = 0; k < n_in; k++)
                gk0[k * hidden + j] += xt[k * ld + r] * dh;
        }
    for (size_t r = 0; r < rows; r++)
        gb1[0] += d[r];
}

/* One compiled copy per input count, so that the loops over inputs unroll
 * and every vector stays in a register. */
TNN_KERNEL
static void fan_forward(const tnn_model *m, const tnn_real *restrict xt, size_t rows, size_t ld,
                        tnn_real *restrict out)
{
    switch (m->n_inputs) {
    case 1: fan_forward_n(m, xt, rows, ld, out, 1); break;
    case 2: fan_forward_n(m, xt, rows, ld, out, 2); break;
    case 3: fan_forward_n(m, xt, rows, ld, out, 3); break;
    default: fan_forward_n(m, xt, rows, ld, out, 4); break;
    }
}

TNN_KERNEL
static void fan_backward(const tnn_model *m, const tnn_real *restrict xt, size_t rows, size_t ld,
                         const tnn_real *restrict d, tnn_real *restrict grad)
{
    switch (m->n_inputs) {
    case 1: fan_backward_n(m, xt, rows, ld, d, grad, 1); break;
    case 2: fan_backward_n(m, xt, rows, ld, d, grad, 2); break;
    case 3: fan_backward_n(m, xt, rows, ld, d, grad, 3); break;
    default: fan_backward_n(m, xt, rows, ld, d, grad, 4); break;
    }
}

static void gradient_rows_fan(const tnn_model *m, tnn_loss loss, tnn_metric metric,
                              const tnn_real *x, const tnn_real *y, const size_t *index,
                              size_t first, size_t count, tnn_real *grad, double *loss_sum,
                              double *metric_sum, void *work, size_t block_rows)
{
    const size_t n_in = m->n_inputs;
    const size_t reals = block_rows * (tnn__gradient_row_bytes(m) / sizeof(tnn_real));
    size_t block = reals / (n_in + 3) / FAN_ROWS * FAN_ROWS;
    block = block < FAN_BLOCK ? block : FAN_BLOCK;
    tnn_real *xt = work, *yb = xt + n_in * block, *out = yb + block, *d = out + block;
    const tnn_activation out_act = m->layers[1].activation;
    for (size_t done = 0; done < count; done += block) {
        const size_t b = count - done < block ? count - done : block;
        const size_t pb = (b + FAN_ROWS - 1) / FAN_ROWS * FAN_ROWS;
        for (size_t r = 0; r < b; r++) {
            const size_t row = index != NULL ? index[first + done + r] : first + done + r;
            for (size_t i = 0; i < n_in; i++)
                xt[i * block + r] = x[row * n_in + i];
            yb[r] = y[row];
        }
        for (size_t i = 0; i < n_in; i++)
            for (size_t r = b; r < pb; r++)
                xt[i * block + r] = 0;
        fan_forward(m, xt, pb, block, out);
        tnn__activate(out_act, out, b, 1);
        tnn__loss_sums(loss, metric, out, yb, b, 1, loss_sum, metric_sum);
        tnn__loss_delta(loss, out_act, out, yb, b, 1, d);
        fan_backward(m, xt, b, block, d, grad);
    }
}

#endif /* __GNUC__ */

void tnn__gradient_rows(const tnn_model *m, tnn_loss loss, tnn_metric metric,
                        const tnn_real *x, const tnn_real *y, const size_t *index,
                        size_t first, size_t count, tnn_real *grad, double *loss_sum,
                        double *metric_sum, void *work, size_t block_rows)
{
#if defined(__GNUC__)
    if (fan_model(m, block_rows))
        gradient_rows_fan(m, loss, metric, x, y, index, first, count, grad, loss_sum,
                          metric_sum, work, block_rows);
    else
#endif
    if (block_rows >= TNN_GROUP_ROWS && narrow_model(m))
        gradient_rows_narrow(m, loss, metric, x, y, index, first, count, grad, loss_sum,
                             metric_sum, work, block_rows);
    else
        gradient_rows_generic(m, loss, metric, x, y, index, first, count, grad, loss_sum,
                              metric_sum, work, block_rows);
}

tnn_status tnn_gradient_workspace_size(const tnn_model *model, size_t n_rows, size_t *size)
{
    if (!tnn__model_ok(model) || size == NULL || n_rows == 0)
        return TNN_E_INVALID_ARGUMENT;
    if (!tnn__mul(tnn__gradient_row_bytes(model), n_rows, size))
        return TNN_E_OVERFLOW;
    return TNN_OK;
}

/* Refuses what backpropagation cannot train: a loss that does not suit the
 * output activation, or a step layer (its gradient is zero everywhere). */
tnn_status tnn__check_trainable(const tnn_model *m, tnn_loss loss)
{
    if (!tnn__loss_valid(loss))
        return TNN_E_INVALID_ARGUMENT;
    for (size_t k = 0; k < m->n_layers; k++)
        if (m->layers[k].activation == TNN_ACT_STEP)
            return TNN_E_UNSUPPORTED;
    return tnn_loss_supported(loss, m->layers[m->n_layers - 1].activation);
}

tnn_status tnn_gradient(const tnn_model *model, tnn_loss loss, const tnn_real *x,
                        const tnn_real *y, size_t n_rows, tnn_real *grad, size_t n_grad,
                        double *loss_sum, void *work, size_t work_size)
{
    if (!tnn__model_ok(model) || grad == NULL || (n_rows > 0 && (x == NULL || y == NULL)) ||
        work == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn_status st = tnn__check_trainable(model, loss);
    if (st != TNN_OK)
        return st;
    if (n_grad != model->n_params)
        return TNN_E_SHAPE_MISMATCH;
    if (!tnn__rows_fit(n_rows, model->max_width))
        return TNN_E_OVERFLOW;
    if (!tnn__is_aligned(work))
        return TNN_E_MISALIGNED;
    size_t block;
    st = tnn__forward_block_capacity(model, work_size, tnn__gradient_row_bytes(model), &block);
    if (st != TNN_OK)
        return st;
    if ((st = tnn__check_finite(x, n_rows * model->n_inputs)) != TNN_OK ||
        (st = tnn__check_targets(loss, y, n_rows * tnn_model_n_outputs(model))) != TNN_OK)
        return st;
    double l = 0, unused = 0;
    tnn__gradient_rows(model, loss, TNN_METRIC_NONE, x, y, NULL, 0, n_rows, grad, &l, &unused,
                       work, block);
    if (loss_sum != NULL)
        *loss_sum += l;
    return TNN_OK;
}
