/* Logistic regression as scikit-learn's LogisticRegression(solver='lbfgs')
 * defines it: summed log-loss plus (1 / 2C) ||W||^2, solved by L-BFGS. */
#include "learn/lbfgs.h"

/* The caller's settings over the defaults, and the solver's: the caller's,
 * or scikit-learn's when it gives none. */
static tnn_status read_logreg_options(const tnn_logreg_options *caller, tnn_logreg_options *o,
                                      tnn_lbfgs_options *lbfgs)
{
    const tnn_logreg_options defaults = TNN_LOGREG_OPTIONS_INIT;
    const tnn_lbfgs_options lbfgs_defaults = TNN_LBFGS_OPTIONS_INIT;
    *o = defaults;
    *lbfgs = lbfgs_defaults;
    tnn_status s;
    if (caller != NULL && (s = tnn__sized_read(caller, o, sizeof *o)) != TNN_OK)
        return s;
    if (o->lbfgs != NULL)
        return tnn__sized_read(o->lbfgs, lbfgs, sizeof *lbfgs);
    lbfgs->gtol = 1e-4; /* sklearn's tol, which it passes to scipy as gtol */
    return TNN_OK;
}

/* The penalty's factor 1 / C (0 without penalty); false for an unknown
 * penalty or a C that is not finite and positive. */
static bool penalty_of(const tnn_logreg_options *o, double *inv_c)
{
    if ((unsigned)o->penalty > (unsigned)TNN_LOGREG_NONE)
        return false;
    switch (o->penalty) {
    case TNN_LOGREG_L2:
        if (!(isfinite(o->C) && o->C > 0))
            return false;
        *inv_c = 1.0 / o->C;
        return true;
    case TNN_LOGREG_NONE: *inv_c = 0.0; return true;
    }
    return false;
}

/* One layer: sigmoid (binary problems), or softmax over >= 2 classes
 * (*softmax, which may be NULL). */
static tnn_status check_model(const tnn_model *m, bool *softmax)
{
    bool soft = false;
    if (!tnn__model_ok(m))
        return TNN_E_INVALID_ARGUMENT;
    if (m->n_layers != 1 || !tnn__layer_affine(&m->layers[0]))
        return TNN_E_UNSUPPORTED;
    const struct tnn_layer *l = &m->layers[0];
    switch (l->activation) {
    case TNN_ACT_SIGMOID: break;
    case TNN_ACT_SOFTMAX:
        if (l->units < 2)
            return TNN_E_UNSUPPORTED;
        soft = true;
        break;
    case TNN_ACT_LINEAR:
    case TNN_ACT_STEP:
    case TNN_ACT_TANH:
    case TNN_ACT_RELU: return TNN_E_UNSUPPORTED;
    }
    if (softmax != NULL)
        *softmax = soft;
    return TNN_OK;
}

typedef struct layout {
    size_t lbfgs_bytes; /* the minimiser's workspace comes first */
    size_t params_offset;
    size_t row_offset;
    size_t total;
} layout;

static tnn_status layout_of(const tnn_model *m, size_t history, layout *lay)
{
    size_t params = m->n_params, units = m->layers[0].units, p_bytes, row_bytes, total;
    tnn_status s = tnn_lbfgs_workspace_size(params, history, &lay->lbfgs_bytes);
    if (s != TNN_OK)
        return s;
    if (!tnn__mul(params, sizeof(double), &p_bytes) ||
        !tnn__mul(units, sizeof(double), &row_bytes) ||
        !tnn__add(lay->lbfgs_bytes, p_bytes, &total) || !tnn__add(total, row_bytes, &total))
        return TNN_E_OVERFLOW;
    lay->params_offset = lay->lbfgs_bytes;
    lay->row_offset = lay->lbfgs_bytes + p_bytes;
    lay->total = total;
    return TNN_OK;
}

tnn_status tnn_logreg_workspace_size(const tnn_model *model, const tnn_logreg_options *options,
                                     size_t *size)
{
    if (size == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn_logreg_options o;
    tnn_lbfgs_options lbfgs;
    tnn_status s = read_logreg_options(options, &o, &lbfgs);
    if (s != TNN_OK || (s = check_model(model, NULL)) != TNN_OK)
        return s;
    if (lbfgs.history == 0)
        return TNN_E_OUT_OF_RANGE;
    layout lay;
    if ((s = layout_of(model, lbfgs.history, &lay)) == TNN_OK)
        *size = lay.total;
    return s;
}

typedef struct problem {
    const tnn_real *x, *y;
    size_t n_rows, n_in, units;
    bool softmax;
    double inv_c; /* 0 without penalty */
    double *z;    /* one row of logits / residuals */
} problem;

/* log(1 + exp(-|z|)) + max(z, 0) = log(1 + exp(z)), without overflow. */
static double softplus(double z)
{
    return log1p(exp(-fabs(z))) + fmax(z, 0.0);
}

static double sigmoid(double z)
{
    if (z >= 0)
        return 1.0 / (1.0 + exp(-z));
    double e = exp(z);
    return e / (1.0 + e);
}

/* Loss of one row; z becomes dLoss/dz. */
static double row_loss_sigmoid(double *z, const tnn_real *y, size_t units)
{
    double loss = 0;
    for (size_t j = 0; j < units; j++) {
        double t = (double)y[j];
        loss += softplus(z[j]) - t * z[j];
        z[j] = sigmoid(z[j]) - t;
    }
    return loss;
}

static double row_loss_softmax(double *z, const tnn_real *y, size_t units)
{
    double zmax = z[0], mass = 0, sum = 0, tz = 0;
    for (size_t j = 1; j < units; j++)
        zmax = fmax(zmax, z[j]);
    for (size_t j = 0; j < units; j++) {
        sum += exp(z[j] - zmax);
        mass += (double)y[j];
        tz += (double)y[j] * z[j];
    }
    double lse = zmax + log(sum);
    for (size_t j = 0; j < units; j++)
        z[j] = exp(z[j] - lse) * mass - (double)y[j];
    return mass * lse - tz;
}

/* sklearn's objective and gradient over the model's flat layout: kernel
 * (n_in x units, row-major) then biases. */
static tnn_status objective(void *ctx, const double *w, size_t n, double *f, double *grad)
{
    const problem *p = ctx;
    const size_t n_in = p->n_in, units = p->units;
    const double *kernel = w, *bias = w + n_in * units;
    double *g_kernel = grad, *g_bias = grad + n_in * units;
    for (size_t i = 0; i < n; i++)
        grad[i] = 0;
    double loss = 0;
    for (size_t r = 0; r < p->n_rows; r++) {
        const tnn_real *xr = p->x + r * n_in, *yr = p->y + r * units;
        for (size_t j = 0; j < units; j++)
            p->z[j] = bias[j];
        for (size_t i = 0; i < n_in; i++) {
            double xi = (double)xr[i];
            for (size_t j = 0; j < units; j++)
                p->z[j] += xi * kernel[i * units + j];
        }
        loss += p->softmax ? row_loss_softmax(p->z, yr, units)
                           : row_loss_sigmoid(p->z, yr, units);
        for (size_t i = 0; i < n_in; i++) {
            double xi = (double)xr[i];
            for (size_t j = 0; j < units; j++)
                g_kernel[i * units + j] += xi * p->z[j];
        }
        for (size_t j = 0; j < units; j++)
            g_bias[j] += p->z[j];
    }
    if (p->inv_c > 0) {
        double sq = 0;
        for (size_t i = 0; i < n_in * units; i++) {
            sq += kernel[i] * kernel[i];
            g_kernel[i] += p->inv_c * kernel[i];
        }
        loss += 0.5 * p->inv_c * sq;
    }
    *f = loss;
    return TNN_OK;
}

tnn_status tnn_logreg_fit(tnn_model *model, const tnn_logreg_options *options,
                          const tnn_real *x, const tnn_real *y, size_t n_rows, void *work,
                          size_t work_size, tnn_lbfgs_report *report)
{
    if (x == NULL || y == NULL || work == NULL || n_rows == 0)
        return TNN_E_INVALID_ARGUMENT;
    tnn_logreg_options o;
    tnn_lbfgs_options lbfgs;
    tnn_status s = read_logreg_options(options, &o, &lbfgs);
    bool softmax;
    if (s != TNN_OK || (s = check_model(model, &softmax)) != TNN_OK)
        return s;
    if (model->read_only)
        return TNN_E_READ_ONLY;
    if (report != NULL && (s = tnn__sized_check(report, sizeof *report)) != TNN_OK)
        return s;
    double penalty;
    if (!penalty_of(&o, &penalty) || lbfgs.history == 0)
        return TNN_E_OUT_OF_RANGE;
    layout lay;
    if ((s = layout_of(model, lbfgs.history, &lay)) != TNN_OK)
        return s;
    if ((s = tnn__check_mem(work, work_size, lay.total)) != TNN_OK)
        return s;
    const struct tnn_layer *l = &model->layers[0];
    if (!tnn__rows_fit(n_rows, model->max_width)) /* rows of x and y must fit in memory */
        return TNN_E_OVERFLOW;
    const size_t n_x = n_rows * model->n_inputs, n_y = n_rows * l->units;
    if ((s = tnn__check_finite(x, n_x)) != TNN_OK ||
        (s = tnn__check_targets(TNN_LOSS_BCE, y, n_y)) != TNN_OK)
        return s;

    unsigned char *base = work;
    double *w = (double *)(void *)(base + lay.params_offset);
    for (size_t i = 0; i < model->n_params; i++)
        w[i] = 0; /* sklearn starts from zero */
    problem p = {x,        y,       n_rows,  model->n_inputs,
                 l->units, softmax, penalty, (double *)(void *)(base + lay.row_offset)};
    tnn_lbfgs_report r = TNN_LBFGS_REPORT_INIT;
    if ((s = tnn_lbfgs_minimize(objective, &p, w, model->n_params, &lbfgs, work,
                                lay.lbfgs_bytes, &r)) != TNN_OK)
        return s;
    bool finite = true;
    for (size_t i = 0; i < model->n_params; i++)
        finite &= tnn__representable(w[i]);
    if (!finite)
        return TNN_E_DIVERGED;
    for (size_t i = 0; i < model->n_params; i++)
        model->params[i] = (tnn_real)w[i];
    return report != NULL ? tnn__sized_write(report, &r, sizeof r) : TNN_OK;
}
