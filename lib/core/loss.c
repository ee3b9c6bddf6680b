/* Losses as Keras's fit computes them, their output-layer gradients, and
 * metrics. Cross-entropies are computed from the output layer's logits
 * (TensorFlow's *_cross_entropy_with_logits), as Keras does for a sigmoid
 * or softmax output: no clipping, and a gradient that never vanishes. */
#include "core/loss_rules.h"

bool tnn__loss_from_logits(tnn_loss loss)
{
    switch (loss) {
    case TNN_LOSS_MSE: return false;
    case TNN_LOSS_BCE: return true;
    case TNN_LOSS_CCE: return true;
    }
    return false;
}

tnn_status tnn_loss_supported(tnn_loss loss, tnn_activation activation)
{
    if (!tnn__loss_valid(loss) || !tnn__activation_valid(activation))
        return TNN_E_INVALID_ARGUMENT;
    switch (loss) {
    case TNN_LOSS_MSE: return activation == TNN_ACT_STEP ? TNN_E_UNSUPPORTED : TNN_OK;
    case TNN_LOSS_BCE: return activation == TNN_ACT_SIGMOID ? TNN_OK : TNN_E_UNSUPPORTED;
    case TNN_LOSS_CCE: return activation == TNN_ACT_SOFTMAX ? TNN_OK : TNN_E_UNSUPPORTED;
    }
    return TNN_E_INVALID_ARGUMENT;
}

tnn_status tnn__check_finite(const tnn_real *v, size_t count)
{
    bool ok = true;
    for (size_t i = 0; i < count; i++)
        ok &= tnn__finite(v[i]);
    return ok ? TNN_OK : TNN_E_NON_FINITE;
}

tnn_status tnn__check_targets(tnn_loss loss, const tnn_real *y, size_t count)
{
    tnn_status st = tnn__check_finite(y, count);
    if (st != TNN_OK || loss == TNN_LOSS_MSE)
        return st;
    for (size_t i = 0; i < count; i++)
        if (y[i] < 0 || y[i] > 1)
            return TNN_E_OUT_OF_RANGE;
    return TNN_OK;
}

double tnn__zero_output_loss(tnn_loss loss, const tnn_real *y, size_t n_rows, size_t units)
{
    const size_t n = n_rows * units;
    double sum = 0;
    switch (loss) {
    case TNN_LOSS_MSE: /* outputs 0: mean of y^2 */
        for (size_t i = 0; i < n; i++)
            sum += (double)y[i] * (double)y[i];
        return sum / (double)n;
    case TNN_LOSS_BCE: /* logits 0: p = 1/2 whatever y is */ return log(2.0);
    case TNN_LOSS_CCE: /* logits 0: log(units) per unit of target mass */
        for (size_t i = 0; i < n; i++)
            sum += (double)y[i];
        return log((double)units) * sum / (double)n_rows;
    }
    return 0;
}

static size_t argmax(const tnn_real *v, size_t n)
{
    size_t best = 0;
    for (size_t j = 1; j < n; j++)
        if (v[j] > v[best])
            best = j;
    return best;
}

/* -sum_j y_j log softmax(z)_j = sum_j y_j (logsumexp(z) - z_j), as
 * tf.nn.softmax_cross_entropy_with_logits. */
static double cce_from_logits(const tnn_real *z, const tnn_real *y, size_t units)
{
    tnn_real max = z[0];
    for (size_t j = 1; j < units; j++)
        max = z[j] > max ? z[j] : max;
    tnn_real sum = 0;
    for (size_t j = 0; j < units; j++)
        sum += tnn__exp(z[j] - max);
    const tnn_real lse = max + tnn__log(sum);
    double loss = 0;
    for (size_t j = 0; j < units; j++)
        if (y[j] != 0)
            loss += (double)tnn__cce_term(lse, z[j], y[j]);
    return loss;
}

static double row_loss(tnn_loss loss, const tnn_real *out, const tnn_real *y, size_t units)
{
    double sum = 0;
    switch (loss) {
    case TNN_LOSS_MSE:
        for (size_t j = 0; j < units; j++)
            sum += (double)tnn__squared_error(out[j], y[j]);
        return sum / (double)units;
    case TNN_LOSS_BCE:
        for (size_t j = 0; j < units; j++)
            sum += (double)tnn__bce_from_logit(out[j], y[j]);
        return sum / (double)units;
    case TNN_LOSS_CCE: return cce_from_logits(out, y, units);
    }
    return 0;
}

static double row_metric(tnn_metric metric, const tnn_real *a, const tnn_real *y, size_t units)
{
    switch (metric) {
    case TNN_METRIC_NONE: return 0;
    case TNN_METRIC_ACCURACY:
        if (units == 1)
            return (double)tnn__binary_correct(a[0], y[0]);
        return argmax(a, units) == argmax(y, units) ? 1.0 : 0.0;
    case TNN_METRIC_MSE: {
        double sum = 0;
        for (size_t j = 0; j < units; j++)
            sum += (double)tnn__squared_error(a[j], y[j]);
        return sum;
    }
    }
    return 0;
}

void tnn__loss_sum(tnn_loss loss, const tnn_real *out, const tnn_real *y, size_t rows,
                   size_t units, double *loss_sum)
{
    double l = 0;
    for (size_t r = 0; r < rows; r++)
        l += row_loss(loss, out + r * units, y + r * units, units);
    *loss_sum += l;
}

void tnn__metric_sum(tnn_metric metric, const tnn_real *a, const tnn_real *y, size_t rows,
                     size_t units, double *metric_sum)
{
    double m = 0;
    for (size_t r = 0; r < rows; r++)
        m += row_metric(metric, a + r * units, y + r * units, units);
    *metric_sum += m;
}

double tnn__metric_value(tnn_metric metric, double metric_sum, size_t n_rows, size_t units)
{
    switch (metric) {
    case TNN_METRIC_NONE: return 0;
    case TNN_METRIC_ACCURACY: return metric_sum / (double)n_rows;
    case TNN_METRIC_MSE: return metric_sum / ((double)n_rows * (double)units);
    }
    return 0;
}

void tnn__loss_delta(tnn_loss loss, tnn_activation act, const tnn_real *a, const tnn_real *y,
                     size_t rows, size_t units, tnn_real *delta)
{
    const size_t n = rows * units;
    switch (loss) {
    case TNN_LOSS_MSE: {
        const tnn_real scale = (tnn_real)2 / (tnn_real)units;
        for (size_t i = 0; i < n; i++)
            delta[i] = tnn__mse_delta(a[i], y[i], scale);
        tnn__activation_backward(act, a, delta, rows, units);
        break;
    }
    case TNN_LOSS_BCE: { /* sigmoid output: dL/dz = (p - y) / units */
        const tnn_real inv = (tnn_real)1 / (tnn_real)units;
        for (size_t i = 0; i < n; i++)
            delta[i] = tnn__bce_delta(a[i], y[i], inv);
        break;
    }
    case TNN_LOSS_CCE: /* softmax output: dL/dz_j = p_j sum(y) - y_j */
        for (size_t r = 0; r < rows; r++) {
            const tnn_real *ar = a + r * units, *yr = y + r * units;
            tnn_real *dr = delta + r * units;
            tnn_real mass = 0;
            for (size_t j = 0; j < units; j++)
                mass += yr[j];
            for (size_t j = 0; j < units; j++)
                dr[j] = tnn__cce_delta(ar[j], yr[j], mass);
        }
        break;
    }
}
