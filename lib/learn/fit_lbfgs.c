/* tnn_fit() with an L-BFGS optimizer: one full-batch quasi-Newton iteration
 * per epoch on the mean loss plus an optional L2 penalty. */
#include "learn/lbfgs.h"
#include "train/fit_parts.h"

typedef struct fit_objective {
    tnn_model *model;
    tnn_loss loss;
    tnn_metric metric;
    const tnn_real *x, *y;
    size_t n_rows;
    tnn_real x_max; /* largest |x| */
    tnn_real *grad;
    void *block_work;
    size_t block_rows;
    double l2;
    bool l2_biases;
    double metric_sum; /* of the latest evaluation */
} fit_objective;

/* Adds (l2 / 2) ||w||^2 over kernels (and biases if asked) to f and its
 * gradient to g. */
static double add_penalty(const fit_objective *o, const double *w, double *g)
{
    const tnn_model *m = o->model;
    double sq = 0;
    for (size_t k = 0; k < m->n_layers; k++) {
        const struct tnn_layer *l = &m->layers[k];
        size_t first = (size_t)(l->kernel - m->params);
        size_t count = l->n_inputs * l->units + (o->l2_biases ? l->units : 0);
        for (size_t i = first; i < first + count; i++) { /* the bias follows its kernel */
            sq += w[i] * w[i];
            g[i] += o->l2 * w[i];
        }
    }
    return 0.5 * o->l2 * sq;
}

/* The model at w: mean loss (+ penalty) and its gradient. A point where a
 * weight or a value inside the network is not finite in tnn_real gets a NaN
 * objective, which the line search takes as a step too long (and the start
 * as divergence). */
static tnn_status evaluate(void *ctx, const double *w, size_t n, double *f, double *g)
{
    fit_objective *o = ctx;
    tnn_model *m = o->model;
    bool finite = true;
    for (size_t i = 0; i < n; i++) {
        const bool fits = tnn__representable(w[i]);
        m->params[i] = fits ? (tnn_real)w[i] : (tnn_real)0;
        finite &= fits;
        o->grad[i] = 0;
    }
    if (!finite ||
        !tnn__forward_ok(m, o->x_max, o->x, NULL, 0, o->n_rows, o->block_work, o->block_rows)) {
        *f = (double)NAN;
        o->metric_sum = 0;
        for (size_t i = 0; i < n; i++)
            g[i] = 0;
        return TNN_OK;
    }
    double loss_sum = 0;
    o->metric_sum = 0;
    tnn__gradient_rows(m, o->loss, o->metric, o->x, o->y, NULL, 0, o->n_rows, o->grad,
                       &loss_sum, &o->metric_sum, o->block_work, o->block_rows);
    const double inv_rows = 1.0 / (double)o->n_rows;
    for (size_t i = 0; i < n; i++)
        g[i] = (double)o->grad[i] * inv_rows;
    *f = loss_sum * inv_rows;
    if (o->l2 > 0)
        *f += add_penalty(o, w, g);
    return TNN_OK;
}

/* The model gets the engine's point back (trial points were written into it). */
static void restore(tnn_model *m, const tnn__lbfgs *st)
{
    for (size_t i = 0; i < st->n; i++)
        m->params[i] = (tnn_real)st->x[i];
}

tnn_status tnn__fit_lbfgs(tnn_model *model, tnn_optimizer *opt, const tnn_fit_options *options,
                          const tnn_real *x, const tnn_real *y, size_t n_rows, tnn_real x_max,
                          tnn_real *grad, void *block_work, size_t block_rows,
                          tnn__epoch_watch *end, size_t *epochs_run)
{
    tnn__lbfgs_settings set;
    tnn__lbfgs *st = tnn__optimizer_lbfgs(opt, &set);
    for (size_t i = 0; i < st->n; i++)
        st->x[i] = (double)model->params[i];
    fit_objective obj = {model,      options->loss, options->metric, x,
                         y,          n_rows,        x_max,           grad,
                         block_work, block_rows,    set.l2,          set.l2_biases,
                         0};
    const tnn_lbfgs_options defaults = TNN_LBFGS_OPTIONS_INIT; /* c1, c2 */
    const tnn__wolfe wolfe = {defaults.c1, defaults.c2, set.max_line_search};
    const size_t n_out = tnn_model_n_outputs(model);

    tnn_status s = tnn__lbfgs_start(st, evaluate, &obj);
    if (s != TNN_OK || tnn__max_abs(st->g, st->n) <= set.gtol) {
        restore(model, st);
        return s;
    }
    for (size_t epoch = 0; epoch < options->epochs; epoch++) {
        double f_old = st->f;
        bool moved;
        if ((s = tnn__lbfgs_iterate(st, evaluate, &obj, &wolfe, &moved)) != TNN_OK || !moved) {
            restore(model, st);
            if (s == TNN_OK) /* no step satisfies the Wolfe conditions: training ends */
                tnn__epoch_end_finish(end, model);
            return s;
        }
        /* the last evaluation was at the new point: the model holds it */
        double metric = tnn__metric_value(options->metric, obj.metric_sum, n_rows, n_out);
        bool stop;
        if ((s = tnn__epoch_end(end, model, epoch, st->f, metric, epochs_run, &stop)) != TNN_OK)
            return s;
        if (stop || tnn__max_abs(st->g, st->n) <= set.gtol ||
            tnn__small_reduction(f_old, st->f, set.ftol))
            break;
    }
    tnn__epoch_end_finish(end, model);
    return TNN_OK;
}
