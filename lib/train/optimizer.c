/* Optimizers: SGD with momentum and Adam, both as Keras computes them, and
 * the state and settings of full-batch L-BFGS (its iterations: lbfgs.c,
 * its training loop: fit_lbfgs.c). */
#include <string.h>

#include "core/internal.h"
#if TNN_HAVE_LBFGS /* from config.h, through internal.h */
#include "learn/lbfgs.h"
#endif

struct tnn_optimizer {
    uint32_t magic;
    tnn_optimizer_kind kind;
    bool heap;
    bool has_alloc;
    tnn_allocator alloc;
    size_t alloc_size;
    size_t n_params;
    uint64_t iterations;
    double learning_rate, momentum, beta_1, beta_2, epsilon;
    bool nesterov;
    tnn_real *m; /* Adam first moment, or SGD velocity */
    tnn_real *v; /* Adam second moment */
    /* L-BFGS: settings (doubles, as get/set see them), engine, point */
    double history, l2, l2_biases, gtol, ftol, max_line_search;
#if TNN_HAVE_LBFGS
    tnn__lbfgs lbfgs;
#endif
};

static bool kind_valid(tnn_optimizer_kind kind)
{
    return kind == TNN_OPT_SGD || kind == TNN_OPT_ADAM || kind == TNN_OPT_LBFGS;
}

/* -Dlbfgs=false keeps the enum value (values are frozen) but not the code. */
static bool kind_built(tnn_optimizer_kind kind)
{
    return TNN_HAVE_LBFGS || kind != TNN_OPT_LBFGS;
}

static size_t n_moments(tnn_optimizer_kind kind)
{
    return kind == TNN_OPT_ADAM ? 2 : kind == TNN_OPT_LBFGS ? 0 : 1;
}

/* Bytes of an L-BFGS state: the engine's doubles plus the point. */
static bool lbfgs_bytes(size_t n_params, size_t *bytes)
{
#if TNN_HAVE_LBFGS
    size_t doubles;
    return tnn__lbfgs_doubles(n_params, TNN_LBFGS_MAX_HISTORY, &doubles) &&
           tnn__add(doubles, n_params, &doubles) && tnn__mul(doubles, sizeof(double), bytes);
#else
    (void)n_params;
    *bytes = 0;
    return true;
#endif
}

tnn_status tnn_optimizer_size(tnn_optimizer_kind kind, size_t n_params, size_t *size)
{
    if (!kind_valid(kind) || n_params == 0 || size == NULL)
        return TNN_E_INVALID_ARGUMENT;
    if (!kind_built(kind))
        return TNN_E_UNSUPPORTED;
    size_t head, moments, total;
    if (!tnn__align_up(sizeof(struct tnn_optimizer), &head) ||
        !tnn__mul(n_params, n_moments(kind) * sizeof(tnn_real), &moments) ||
        (kind == TNN_OPT_LBFGS && !lbfgs_bytes(n_params, &moments)) ||
        !tnn__add(head, moments, &total))
        return TNN_E_OVERFLOW;
    *size = total;
    return TNN_OK;
}


/* Moments, step count and L-BFGS history back to the start. */
static void forget(tnn_optimizer *o)
{
    o->iterations = 0;
#if TNN_HAVE_LBFGS
    if (o->kind == TNN_OPT_LBFGS)
        tnn__lbfgs_forget(&o->lbfgs);
#endif
    size_t n = o->n_params * n_moments(o->kind);
    for (size_t i = 0; i < n; i++)
        o->m[i] = 0;
}

static void place(struct tnn_optimizer *o, tnn_optimizer_kind kind, size_t n_params)
{
    memset(o, 0, sizeof *o);
    size_t head;
    (void)tnn__align_up(sizeof *o, &head);
    o->kind = kind;
    o->n_params = n_params;
    o->m = (tnn_real *)(void *)((unsigned char *)o + head);
    o->v = kind == TNN_OPT_ADAM ? o->m + n_params : NULL;
    if (kind == TNN_OPT_ADAM) {
        o->learning_rate = 0.001;
        o->beta_1 = 0.9;
        o->beta_2 = 0.999;
        o->epsilon = 1e-7;
    } else if (kind == TNN_OPT_LBFGS) {
#if TNN_HAVE_LBFGS
        double *mem = (double *)(void *)o->m;
        size_t engine;
        (void)tnn__lbfgs_doubles(n_params, TNN_LBFGS_MAX_HISTORY, &engine);
        tnn__lbfgs_place(&o->lbfgs, n_params, TNN_LBFGS_MAX_HISTORY, mem, mem + engine);
        o->m = NULL;
        const tnn_lbfgs_options defaults = TNN_LBFGS_OPTIONS_INIT;
        o->history = (double)defaults.history;
        o->gtol = defaults.gtol;
        o->ftol = defaults.ftol;
        o->max_line_search = (double)defaults.max_line_search;
#endif
    } else {
        o->learning_rate = 0.01;
    }
    o->magic = TNN_MAGIC_OPT;
    forget(o);
}

tnn_status tnn_optimizer_init(tnn_optimizer **opt, void *mem, size_t size,
                              tnn_optimizer_kind kind, size_t n_params)
{
    size_t needed;
    if (opt == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn_status st = tnn_optimizer_size(kind, n_params, &needed);
    if (st != TNN_OK)
        return st;
    if ((st = tnn__check_mem(mem, size, needed)) != TNN_OK)
        return st;
    place(mem, kind, n_params);
    *opt = mem;
    return TNN_OK;
}

tnn_status tnn_optimizer_new(tnn_optimizer **opt, tnn_optimizer_kind kind, size_t n_params,
                             const tnn_allocator *alloc)
{
    size_t needed;
    if (opt == NULL || !tnn__hooks_ok(alloc))
        return TNN_E_INVALID_ARGUMENT;
    tnn_status st = tnn_optimizer_size(kind, n_params, &needed);
    if (st != TNN_OK)
        return st;
    struct tnn_optimizer *o = tnn__alloc(alloc, needed);
    if (o == NULL)
        return TNN_E_OUT_OF_MEMORY;
    if (!tnn__is_aligned(o)) {
        tnn__free(alloc, o, needed);
        return TNN_E_MISALIGNED;
    }
    place(o, kind, n_params);
    o->heap = true;
    o->alloc_size = needed;
    if (alloc != NULL) {
        o->alloc = *alloc;
        o->has_alloc = true;
    }
    *opt = o;
    return TNN_OK;
}

static bool opt_ok(const tnn_optimizer *o)
{
    return o != NULL && o->magic == TNN_MAGIC_OPT;
}

void tnn_optimizer_free(tnn_optimizer *opt)
{
    if (!opt_ok(opt) || !opt->heap)
        return;
    tnn_allocator alloc = opt->alloc;
    bool has_alloc = opt->has_alloc;
    size_t size = opt->alloc_size;
    opt->magic = 0;
    tnn__free(has_alloc ? &alloc : NULL, opt, size);
}

tnn_status tnn_optimizer_reset(tnn_optimizer *opt)
{
    if (!opt_ok(opt))
        return TNN_E_INVALID_ARGUMENT;
    forget(opt);
    return TNN_OK;
}

/* The address of a setting this kind has, or NULL. */
static double *setting(tnn_optimizer *o, tnn_optimizer_param param)
{
    bool adam = o->kind == TNN_OPT_ADAM, sgd = o->kind == TNN_OPT_SGD,
         lbfgs = o->kind == TNN_OPT_LBFGS;
    switch (param) {
    case TNN_PARAM_LEARNING_RATE: return lbfgs ? NULL : &o->learning_rate;
    case TNN_PARAM_MOMENTUM: return sgd ? &o->momentum : NULL;
    case TNN_PARAM_BETA_1: return adam ? &o->beta_1 : NULL;
    case TNN_PARAM_BETA_2: return adam ? &o->beta_2 : NULL;
    case TNN_PARAM_EPSILON: return adam ? &o->epsilon : NULL;
    case TNN_PARAM_NESTEROV: return NULL; /* a flag, handled by the callers */
    case TNN_PARAM_HISTORY: return lbfgs ? &o->history : NULL;
    case TNN_PARAM_L2: return lbfgs ? &o->l2 : NULL;
    case TNN_PARAM_L2_BIASES: return lbfgs ? &o->l2_biases : NULL;
    case TNN_PARAM_GRADIENT_TOLERANCE: return lbfgs ? &o->gtol : NULL;
    case TNN_PARAM_REDUCTION_TOLERANCE: return lbfgs ? &o->ftol : NULL;
    case TNN_PARAM_MAX_LINE_SEARCH: return lbfgs ? &o->max_line_search : NULL;
    }
    return NULL;
}

tnn_status tnn_optimizer_set(tnn_optimizer *opt, tnn_optimizer_param param, double value)
{
    if (!opt_ok(opt))
        return TNN_E_INVALID_ARGUMENT;
    if (param == TNN_PARAM_NESTEROV) {
        if (opt->kind != TNN_OPT_SGD)
            return TNN_E_INVALID_ARGUMENT;
        if (value != 0 && value != 1)
            return TNN_E_OUT_OF_RANGE;
        opt->nesterov = value != 0;
        return TNN_OK;
    }
    double *slot = setting(opt, param);
    if (slot == NULL)
        return TNN_E_INVALID_ARGUMENT;
    bool ok = isfinite(value);
    switch (param) {
    case TNN_PARAM_LEARNING_RATE:
    case TNN_PARAM_EPSILON: /* an epsilon of 0 divides 0 by 0 where a gradient stays 0 */
        ok = ok && tnn__normal_real(value);
        break;
    case TNN_PARAM_MOMENTUM:
    case TNN_PARAM_BETA_1:
    case TNN_PARAM_BETA_2: ok = ok && value >= 0 && value < 1; break;
    case TNN_PARAM_NESTEROV: break;
    case TNN_PARAM_HISTORY:
        ok = ok && value >= 1 && value <= TNN_LBFGS_MAX_HISTORY && value == floor(value);
        break;
    case TNN_PARAM_L2:
    case TNN_PARAM_GRADIENT_TOLERANCE:
    case TNN_PARAM_REDUCTION_TOLERANCE: ok = ok && value >= 0; break;
    case TNN_PARAM_L2_BIASES: ok = ok && (value == 0 || value == 1); break;
    case TNN_PARAM_MAX_LINE_SEARCH: ok = ok && value >= 1 && value <= 1e6 && value == floor(value); break;
    }
    if (!ok)
        return TNN_E_OUT_OF_RANGE;
    *slot = value;
    return TNN_OK;
}

tnn_status tnn_optimizer_get(const tnn_optimizer *opt, tnn_optimizer_param param, double *value)
{
    if (!opt_ok(opt) || value == NULL)
        return TNN_E_INVALID_ARGUMENT;
    if (param == TNN_PARAM_NESTEROV) {
        if (opt->kind != TNN_OPT_SGD)
            return TNN_E_INVALID_ARGUMENT;
        *value = opt->nesterov ? 1.0 : 0.0;
        return TNN_OK;
    }
    double *slot = setting((tnn_optimizer *)(uintptr_t)opt, param);
    if (slot == NULL)
        return TNN_E_INVALID_ARGUMENT;
    *value = *slot;
    return TNN_OK;
}

/* b^t by squaring: O(log t) multiplications, and no libm pow, which
 * would pull kilobytes of double-precision code into firmware. */
static double power(double b, uint64_t t)
{
    double result = 1.0;
    while (t != 0) {
        if (t & 1u)
            result *= b;
        b *= b;
        t >>= 1;
    }
    return result;
}

/* Keras 3 Adam: alpha = lr * sqrt(1 - b2^t) / (1 - b1^t);
 * m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); w -= alpha m / (sqrt(v) + eps).
 * Unlike torch.optim.Adam, eps is added to sqrt(v) without bias correction.
 * The new weights go into w and the old ones into g (to put back if the
 * step diverged); returns false if any new weight is not finite. One pass
 * without branches, so it vectorises (the library is built with
 * -fno-math-errno: sqrt is one instruction). */
TNN_KERNEL
static bool adam_update_k(const struct tnn_optimizer *o, tnn_real alpha, tnn_real *restrict w,
                          tnn_real *restrict g, tnn_real *restrict m, tnn_real *restrict v,
                          tnn_real inv_rows)
{
    const tnn_real one_b1 = (tnn_real)(1.0 - o->beta_1), one_b2 = (tnn_real)(1.0 - o->beta_2);
    const tnn_real eps = (tnn_real)o->epsilon;
    const size_t n = o->n_params;
    int finite = 1;
    for (size_t i = 0; i < n; i++) {
        const tnn_real gi = g[i] * inv_rows;
        const tnn_real mi = m[i] + (gi - m[i]) * one_b1;
        const tnn_real vi = v[i] + (gi * gi - v[i]) * one_b2;
        const tnn_real wi = w[i] - alpha * mi / (TNN_SQRT(vi) + eps);
        m[i] = mi;
        v[i] = vi;
        /* also the moments: g^2 beyond tnn_real makes v infinite and the
         * step m / sqrt(v) a silent 0 */
        finite &= (wi - wi == (tnn_real)0) & (vi - vi == (tnn_real)0) & (mi - mi == (tnn_real)0);
        g[i] = w[i];
        w[i] = wi;
    }
    return finite != 0;
}

/* Adam's step size of the next update: the learning rate with both bias
 * corrections (a beta_1 near 1 makes it up to 1 / (1 - beta_1) times the
 * rate). False when it does not fit tnn_real (converting it would be
 * undefined): the update would diverge. */
static bool adam_alpha(const tnn_optimizer *o, tnn_real *alpha)
{
    const uint64_t t = o->iterations + 1;
    const double a = o->learning_rate * sqrt(1.0 - power(o->beta_2, t)) /
                     (1.0 - power(o->beta_1, t));
    if (!tnn__representable(a))
        return false;
    *alpha = (tnn_real)a;
    return true;
}

/* Keras SGD: velocity = momentum * velocity - lr g; w += velocity
 * (Nesterov: w += momentum * velocity - lr g). Weights as adam_update. */
TNN_KERNEL
static bool sgd_update_k(const struct tnn_optimizer *o, tnn_real *restrict w,
                         tnn_real *restrict g, tnn_real *restrict vel, tnn_real inv_rows)
{
    const tnn_real lr = (tnn_real)o->learning_rate, mom = (tnn_real)o->momentum;
    const bool nesterov = o->nesterov;
    const size_t n = o->n_params;
    int finite = 1;
    for (size_t i = 0; i < n; i++) {
        const tnn_real gi = g[i] * inv_rows;
        const tnn_real vi = mom * vel[i] - lr * gi;
        const tnn_real wi = nesterov ? w[i] + mom * vi - lr * gi : w[i] + vi;
        vel[i] = vi;
        finite &= (wi - wi == (tnn_real)0) & (vi - vi == (tnn_real)0);
        g[i] = w[i];
        w[i] = wi;
    }
    return finite != 0;
}

static bool sgd_update(tnn_optimizer *o, tnn_real *w, tnn_real *g, tnn_real inv_rows)
{
    return sgd_update_k(o, w, g, o->m, inv_rows);
}

tnn_status tnn_optimizer_step(tnn_optimizer *opt, tnn_model *model, tnn_real *grad,
                              size_t n_grad, size_t n_rows)
{
    if (!opt_ok(opt) || !tnn__model_ok(model) || grad == NULL || n_rows == 0)
        return TNN_E_INVALID_ARGUMENT;
    if (n_grad != model->n_params || opt->n_params != model->n_params)
        return TNN_E_SHAPE_MISMATCH;
    if (opt->kind == TNN_OPT_LBFGS) /* needs loss values for its line search */
        return TNN_E_UNSUPPORTED;
    const tnn_real inv_rows = (tnn_real)(1.0 / (double)n_rows);
    tnn_real alpha = 0;
    if (opt->kind == TNN_OPT_ADAM && !adam_alpha(opt, &alpha))
        return TNN_E_DIVERGED; /* nothing changed */
    bool finite = opt->kind == TNN_OPT_ADAM
                      ? adam_update_k(opt, alpha, model->params, grad, opt->m, opt->v, inv_rows)
                      : sgd_update(opt, model->params, grad, inv_rows);
    opt->iterations++;
    if (!finite) { /* the model keeps its weights: grad holds them now */
        memcpy(model->params, grad, n_grad * sizeof *grad);
        return TNN_E_DIVERGED;
    }
    return TNN_OK;
}

size_t tnn__optimizer_n_params(const tnn_optimizer *opt)
{
    return opt_ok(opt) ? opt->n_params : 0;
}

#if TNN_HAVE_LBFGS
tnn__lbfgs *tnn__optimizer_lbfgs(tnn_optimizer *opt, tnn__lbfgs_settings *settings)
{
    if (!opt_ok(opt) || opt->kind != TNN_OPT_LBFGS)
        return NULL;
    settings->history = (size_t)opt->history;
    settings->l2 = opt->l2;
    settings->l2_biases = opt->l2_biases != 0;
    settings->gtol = opt->gtol;
    settings->ftol = opt->ftol;
    settings->max_line_search = (size_t)opt->max_line_search;
    opt->lbfgs.history = settings->history;
    return &opt->lbfgs;
}
#endif
