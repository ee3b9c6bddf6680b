/* Losses (Keras semantics), their output-layer gradients, and metrics. */
#include "kernels.h" /* tnn__log: the logarithm the training kernels use too */

/* Keras's epsilon for clipping probabilities. */
#define CLIP_LO ((tnn_real)1e-7)
#define CLIP_HI ((tnn_real)1 - (tnn_real)1e-7)

bool tnn__loss_valid(tnn_loss loss)
{
    return (unsigned)loss <= (unsigned)TNN_LOSS_CCE; /* unsigned: see tnn__activation_valid */
}

bool tnn__metric_valid(tnn_metric metric)
{
    return (unsigned)metric <= (unsigned)TNN_METRIC_MSE;
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

static tnn_real clip(tnn_real p)
{
    return p < CLIP_LO ? CLIP_LO : (p > CLIP_HI ? CLIP_HI : p);
}

static bool clipped(tnn_real p)
{
    return p < CLIP_LO || p > CLIP_HI;
}

static size_t argmax(const tnn_real *v, size_t n)
{
    size_t best = 0;
    for (size_t j = 1; j < n; j++)
        if (v[j] > v[best])
            best = j;
    return best;
}

static double row_loss(tnn_loss loss, const tnn_real *a, const tnn_real *y, size_t units)
{
    double sum = 0;
    for (size_t j = 0; j < units; j++) {
        switch (loss) {
        case TNN_LOSS_MSE: {
            tnn_real d = a[j] - y[j];
            sum += (double)(d * d);
            break;
        }
        case TNN_LOSS_BCE: {
            tnn_real p = clip(a[j]);
            sum -= (double)(y[j] * tnn__log(p) + ((tnn_real)1 - y[j]) * tnn__log((tnn_real)1 - p));
            break;
        }
        case TNN_LOSS_CCE:
            if (y[j] != 0)
                sum -= (double)(y[j] * tnn__log(clip(a[j])));
            break;
        }
    }
    return loss == TNN_LOSS_CCE ? sum : sum / (double)units;
}

static double row_metric(tnn_metric metric, const tnn_real *a, const tnn_real *y, size_t units)
{
    switch (metric) {
    case TNN_METRIC_NONE:
        return 0;
    case TNN_METRIC_ACCURACY:
        if (units == 1) /* Keras's binary_accuracy: strictly above the threshold */
            return (a[0] > TNN__ACCURACY_THRESHOLD) == (y[0] >= TNN__ACCURACY_THRESHOLD) ? 1.0
                                                                                         : 0.0;
        return argmax(a, units) == argmax(y, units) ? 1.0 : 0.0;
    case TNN_METRIC_MSE: {
        double sum = 0;
        for (size_t j = 0; j < units; j++) {
            tnn_real d = a[j] - y[j];
            sum += (double)(d * d);
        }
        return sum;
    }
    }
    return 0;
}

void tnn__loss_sums(tnn_loss loss, tnn_metric metric, const tnn_real *a, const tnn_real *y,
                    size_t rows, size_t units, double *loss_sum, double *metric_sum)
{
    double l = 0, m = 0;
    for (size_t r = 0; r < rows; r++) {
        l += row_loss(loss, a + r * units, y + r * units, units);
        m += row_metric(metric, a + r * units, y + r * units, units);
    }
    *loss_sum += l;
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

/* The gradient of exactly the loss reported: where clipping holds a
 * probability constant, its gradient is zero. */
void tnn__loss_delta(tnn_loss loss, tnn_activation act, const tnn_real *a, const tnn_real *y,
                     size_t rows, size_t units, tnn_real *delta)
{
    const size_t n = rows * units;
    switch (loss) {
    case TNN_LOSS_MSE: {
        const tnn_real scale = (tnn_real)2 / (tnn_real)units;
        for (size_t i = 0; i < n; i++)
            delta[i] = scale * (a[i] - y[i]);
        tnn__activation_backward(act, a, delta, rows, units);
        break;
    }
    case TNN_LOSS_BCE: { /* sigmoid output: dL/dz = (p - y) / units */
        const tnn_real inv = (tnn_real)1 / (tnn_real)units;
        for (size_t i = 0; i < n; i++)
            delta[i] = clipped(a[i]) ? (tnn_real)0 : (a[i] - y[i]) * inv;
        break;
    }
    case TNN_LOSS_CCE: /* softmax output: dL/dz_j = p_j * sum(y over unclipped) - y_j */
        for (size_t r = 0; r < rows; r++) {
            const tnn_real *ar = a + r * units, *yr = y + r * units;
            tnn_real *dr = delta + r * units;
            tnn_real mass = 0;
            for (size_t j = 0; j < units; j++)
                if (!clipped(ar[j]))
                    mass += yr[j];
            for (size_t j = 0; j < units; j++)
                dr[j] = ar[j] * mass - (clipped(ar[j]) ? (tnn_real)0 : yr[j]);
        }
        break;
    }
}
