/* The gradient of narrow models (every layer at most 16 wide). */
#include <string.h>

#include "gradient_paths.h"
#include "kernels.h"

/* The narrow path: every layer at most TNN_NARROW_MAX wide, one output, no
 * softmax. Blocks are transposed (unit-major), so the loops run over rows
 * and vectorise however few units a layer has; kernel and bias gradients
 * are sums of fixed groups of TNN_GROUP_ROWS rows (dense.c), counted from
 * the first row of the call, so they do not depend on the block size. */
bool tnn__narrow_model(const tnn_model *m)
{
    if (m->max_width > TNN_NARROW_MAX || tnn_model_n_outputs(m) != 1)
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

void tnn__gradient_rows_narrow(const tnn_model *m, tnn_loss loss, tnn_metric metric,
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
