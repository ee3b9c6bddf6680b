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
 * logarithm is tnn__log and the double sums run in ACC_LANES lanes. */
#define ACC_LANES 8u
#define LOSS_CHUNK 64u
TNN_KERNEL
static void narrow_loss_sums(tnn_loss loss, tnn_metric metric, const tnn_real *restrict a,
                             const tnn_real *restrict y, size_t rows, double *loss_sum,
                             double *metric_sum)
{
    const tnn_real lo = (tnn_real)1e-7, hi = (tnn_real)1 - (tnn_real)1e-7;
    double l[ACC_LANES] = {0}, m[ACC_LANES] = {0};
    size_t r = 0;
    for (; r + LOSS_CHUNK <= rows; r += LOSS_CHUNK) {
        const tnn_real *restrict ar = a + r, *restrict yr = y + r;
        tnn_real v[LOSS_CHUNK], w[LOSS_CHUNK];
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
    if (r < rows)
        tnn__loss_sums(loss, metric, a + r, y + r, rows - r, 1, loss_sum, metric_sum);
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

void tnn__gradient_rows(const tnn_model *m, tnn_loss loss, tnn_metric metric,
                        const tnn_real *x, const tnn_real *y, const size_t *index,
                        size_t first, size_t count, tnn_real *grad, double *loss_sum,
                        double *metric_sum, void *work, size_t block_rows)
{
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
