/* Optimizers: SGD with momentum and Adam, both as Keras computes them, and
 * the state and settings of full-batch L-BFGS (its iterations: lbfgs.c,
 * its training loop: fit_lbfgs.c). */
#include <stddef.h>
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
    double nesterov; /* 0 or 1, a double as the other settings */
    tnn_real *m;     /* Adam first moment, or SGD velocity */
    tnn_real *v;     /* Adam second moment */
    /* L-BFGS: settings (doubles, as get/set see them), engine, point */
    double history, l2, l2_biases, gtol, ftol, max_line_search;
#if TNN_HAVE_LBFGS
    tnn__lbfgs lbfgs;
#endif
};

#define COUNT_OF(table) (sizeof(table) / sizeof((table)[0]))

/* What each kind keeps: vectors of n_params moments (L-BFGS keeps its own
 * state instead), and whether this build has its code (-Dlbfgs=false keeps
 * the enum value, values are frozen, but not the code). */
static const struct kind_rules {
    size_t moments;
    bool built;
} kinds[] = {
    [TNN_OPT_SGD] = {1, true},
    [TNN_OPT_ADAM] = {2, true},
    [TNN_OPT_LBFGS] = {0, TNN_HAVE_LBFGS},
};
_Static_assert(COUNT_OF(kinds) == TNN__OPT_COUNT, "rules for every optimizer kind");

/* Where each setting is kept, and which kinds have it. */
#define AT(field) offsetof(struct tnn_optimizer, field)
static const struct setting_rules {
    size_t at;
    bool of[TNN__OPT_COUNT];
} setting_table[] = {
    [TNN_PARAM_LEARNING_RATE] = {AT(learning_rate), {[TNN_OPT_SGD] = true, [TNN_OPT_ADAM] = true}},
    [TNN_PARAM_MOMENTUM] = {AT(momentum), {[TNN_OPT_SGD] = true}},
    [TNN_PARAM_BETA_1] = {AT(beta_1), {[TNN_OPT_ADAM] = true}},
    [TNN_PARAM_BETA_2] = {AT(beta_2), {[TNN_OPT_ADAM] = true}},
    [TNN_PARAM_EPSILON] = {AT(epsilon), {[TNN_OPT_ADAM] = true}},
    [TNN_PARAM_NESTEROV] = {AT(nesterov), {[TNN_OPT_SGD] = true}},
    [TNN_PARAM_HISTORY] = {AT(history), {[TNN_OPT_LBFGS] = true}},
    [TNN_PARAM_L2] = {AT(l2), {[TNN_OPT_LBFGS] = true}},
    [TNN_PARAM_L2_BIASES] = {AT(l2_biases), {[TNN_OPT_LBFGS] = true}},
    [TNN_PARAM_GRADIENT_TOLERANCE] = {AT(gtol), {[TNN_OPT_LBFGS] = true}},
    [TNN_PARAM_REDUCTION_TOLERANCE] = {AT(ftol), {[TNN_OPT_LBFGS] = true}},
    [TNN_PARAM_MAX_LINE_SEARCH] = {AT(max_line_search), {[TNN_OPT_LBFGS] = true}},
};
#undef AT
_Static_assert(COUNT_OF(setting_table) == TNN__PARAM_COUNT, "rules for every optimizer setting");

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

/* Bytes of a kind's state after the head; false on overflow. */
static bool state_bytes(tnn_optimizer_kind kind, size_t n_params, size_t *bytes)
{
    switch (kind) {
    case TNN_OPT_SGD:
    case TNN_OPT_ADAM: return tnn__mul(n_params, kinds[kind].moments * sizeof(tnn_real), bytes);
    case TNN_OPT_LBFGS: return lbfgs_bytes(n_params, bytes);
    }
    return false;
}

tnn_status tnn_optimizer_size(tnn_optimizer_kind kind, size_t n_params, size_t *size)
{
    if (!tnn__optimizer_kind_valid(kind) || n_params == 0 || size == NULL)
        return TNN_E_INVALID_ARGUMENT;
    if (!kinds[kind].built)
        return TNN_E_UNSUPPORTED;
    size_t head, state, total;
    if (!tnn__align_up(sizeof(struct tnn_optimizer), &head) ||
        !state_bytes(kind, n_params, &state) || !tnn__add(head, state, &total))
        return TNN_E_OVERFLOW;
    *size = total;
    return TNN_OK;
}


/* Moments, step count and L-BFGS history back to the start. */
static void forget(tnn_optimizer *o)
{
    o->iterations = 0;
    switch (o->kind) {
    case TNN_OPT_SGD:
    case TNN_OPT_ADAM: {
        const size_t n = o->n_params * kinds[o->kind].moments;
        for (size_t i = 0; i < n; i++)
            o->m[i] = 0;
        break;
    }
    case TNN_OPT_LBFGS:
#if TNN_HAVE_LBFGS
        tnn__lbfgs_forget(&o->lbfgs);
#endif
        break;
    }
}

static void place(struct tnn_optimizer *o, tnn_optimizer_kind kind, size_t n_params)
{
    memset(o, 0, sizeof *o);
    size_t head;
    (void)tnn__align_up(sizeof *o, &head);
    o->kind = kind;
    o->n_params = n_params;
    o->m = (tnn_real *)(void *)((unsigned char *)o + head);
    switch (kind) {
    case TNN_OPT_SGD: o->learning_rate = 0.01; break;
    case TNN_OPT_ADAM:
        o->v = o->m + n_params;
        o->learning_rate = 0.001;
        o->beta_1 = 0.9;
        o->beta_2 = 0.999;
        o->epsilon = 1e-7;
        break;
    case TNN_OPT_LBFGS: {
#if TNN_HAVE_LBFGS
        double *mem = (double *)(void *)o->m;
        size_t engine = 0; /* the size check before placing computed it already */
        (void)tnn__lbfgs_doubles(n_params, TNN_LBFGS_MAX_HISTORY, &engine);
        tnn__lbfgs_place(&o->lbfgs, n_params, TNN_LBFGS_MAX_HISTORY, mem, mem + engine);
        o->m = NULL;
        const tnn_lbfgs_options defaults = TNN_LBFGS_OPTIONS_INIT;
        o->history = (double)defaults.history;
        o->gtol = defaults.gtol;
        o->ftol = defaults.ftol;
        o->max_line_search = (double)defaults.max_line_search;
#endif
        break;
    }
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

/* The address of a setting this kind has, or NULL (an unknown param too). */
static double *setting(const tnn_optimizer *o, tnn_optimizer_param param)
{
    if ((unsigned)param >= TNN__PARAM_COUNT || !setting_table[param].of[o->kind])
        return NULL;
    return (double *)(void *)((unsigned char *)(uintptr_t)o + setting_table[param].at);
}

/* Whether value is in the range of the setting (finite already). */
static bool setting_in_range(tnn_optimizer_param param, double value)
{
    switch (param) {
    case TNN_PARAM_LEARNING_RATE:
    case TNN_PARAM_EPSILON: /* an epsilon of 0 divides 0 by 0 where a gradient stays 0 */
        return tnn__normal_real(value);
    case TNN_PARAM_MOMENTUM:
    case TNN_PARAM_BETA_1:
    case TNN_PARAM_BETA_2: return value >= 0 && value < 1;
    case TNN_PARAM_HISTORY:
        return value >= 1 && value <= TNN_LBFGS_MAX_HISTORY && value == floor(value);
    case TNN_PARAM_L2:
    case TNN_PARAM_GRADIENT_TOLERANCE:
    case TNN_PARAM_REDUCTION_TOLERANCE: return value >= 0;
    case TNN_PARAM_NESTEROV:
    case TNN_PARAM_L2_BIASES: return value == 0 || value == 1;
    case TNN_PARAM_MAX_LINE_SEARCH: return value >= 1 && value <= 1e6 && value == floor(value);
    }
    return false;
}

tnn_status tnn_optimizer_set(tnn_optimizer *opt, tnn_optimizer_param param, double value)
{
    if (!opt_ok(opt))
        return TNN_E_INVALID_ARGUMENT;
    double *slot = setting(opt, param);
    if (slot == NULL)
        return TNN_E_INVALID_ARGUMENT;
    if (!isfinite(value) || !setting_in_range(param, value))
        return TNN_E_OUT_OF_RANGE;
    *slot = value;
    return TNN_OK;
}

tnn_status tnn_optimizer_get(const tnn_optimizer *opt, tnn_optimizer_param param, double *value)
{
    if (!opt_ok(opt) || value == NULL)
        return TNN_E_INVALID_ARGUMENT;
    const double *slot = setting(opt, param);
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
    const bool nesterov = o->nesterov != 0;
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
    if (model->read_only)
        return TNN_E_READ_ONLY;
    if (n_grad != model->n_params || opt->n_params != model->n_params)
        return TNN_E_SHAPE_MISMATCH;
    const tnn_real inv_rows = (tnn_real)(1.0 / (double)n_rows);
    tnn_real alpha;
    bool finite = false;
    switch (opt->kind) {
    case TNN_OPT_SGD: finite = sgd_update(opt, model->params, grad, inv_rows); break;
    case TNN_OPT_ADAM:
        if (!adam_alpha(opt, &alpha))
            return TNN_E_DIVERGED; /* nothing changed */
        finite = adam_update_k(opt, alpha, model->params, grad, opt->m, opt->v, inv_rows);
        break;
    case TNN_OPT_LBFGS: /* needs loss values for its line search */ return TNN_E_UNSUPPORTED;
    }
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
    if (!opt_ok(opt))
        return NULL;
    switch (opt->kind) {
    case TNN_OPT_SGD:
    case TNN_OPT_ADAM: return NULL;
    case TNN_OPT_LBFGS: break;
    }
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
