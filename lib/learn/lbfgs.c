/* L-BFGS: the limited-memory quasi-Newton iteration (two-loop recursion,
 * strong-Wolfe line search) and the public minimiser over a callback. */
#include <string.h>

#include "learn/lbfgs.h"

bool tnn__lbfgs_doubles(size_t n, size_t history, size_t *count)
{
    size_t pairs, total;
    /* s and y: 2 m n; g, d, xt, gt: 4 n; rho and alpha: 2 m */
    if (!tnn__mul(2 * n, history, &pairs) || history > SIZE_MAX / 2 ||
        !tnn__add(pairs, 2 * history, &total) || n > SIZE_MAX / 4 ||
        !tnn__add(total, 4 * n, &total))
        return false;
    *count = total;
    return true;
}

void tnn__lbfgs_place(tnn__lbfgs *st, size_t n, size_t capacity, double *mem, double *x)
{
    st->n = n;
    st->capacity = capacity;
    st->history = capacity;
    st->s = mem;
    st->y = st->s + capacity * n;
    st->g = st->y + capacity * n;
    st->d = st->g + n;
    st->xt = st->d + n;
    st->gt = st->xt + n;
    st->rho = st->gt + n;
    st->alpha = st->rho + capacity;
    st->x = x;
    st->f = 0;
    st->evaluations = 0;
    tnn__lbfgs_forget(st);
}

void tnn__lbfgs_forget(tnn__lbfgs *st)
{
    st->count = 0;
    st->newest = 0;
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

double tnn__max_abs(const double *v, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(v[i]);
        if (!(a <= m)) /* also propagates NaN */
            m = a;
    }
    return m;
}

bool tnn__small_reduction(double f_old, double f_new, double ftol)
{
    double scale = fmax(fmax(fabs(f_old), fabs(f_new)), 1.0);
    return f_old - f_new <= ftol * scale;
}

static bool all_finite(const double *v, size_t n)
{
    bool ok = true;
    for (size_t i = 0; i < n; i++)
        ok &= isfinite(v[i]) != 0;
    return ok;
}

tnn_status tnn__lbfgs_start(tnn__lbfgs *st, tnn_objective fn, void *ctx)
{
    st->evaluations++;
    tnn_status s = fn(ctx, st->x, st->n, &st->f, st->g);
    if (s != TNN_OK)
        return s;
    return isfinite(st->f) && all_finite(st->g, st->n) ? TNN_OK : TNN_E_DIVERGED;
}

/* The slot of the i-th newest pair (0 = newest). */
static size_t slot(const tnn__lbfgs *st, size_t i)
{
    return (st->newest + st->capacity - i) % st->capacity;
}

/* d = -H g by the two-loop recursion, with H0 = (s.y / y.y) I from the
 * newest pair: the scaling that makes the unit step usually acceptable. */
static void direction(tnn__lbfgs *st)
{
    const size_t n = st->n;
    double *d = st->d;
    for (size_t i = 0; i < n; i++)
        d[i] = -st->g[i];
    size_t used = st->count < st->history ? st->count : st->history;
    for (size_t k = 0; k < used; k++) {
        size_t j = slot(st, k);
        const double *s = st->s + j * n, *y = st->y + j * n;
        double a = st->rho[j] * dot(s, d, n);
        st->alpha[j] = a;
        for (size_t i = 0; i < n; i++)
            d[i] -= a * y[i];
    }
    if (used > 0) {
        size_t j = slot(st, 0);
        const double *y = st->y + j * n;
        double gamma = 1.0 / (st->rho[j] * dot(y, y, n));
        for (size_t i = 0; i < n; i++)
            d[i] *= gamma;
    }
    for (size_t k = used; k-- > 0;) {
        size_t j = slot(st, k);
        const double *s = st->s + j * n, *y = st->y + j * n;
        double b = st->rho[j] * dot(y, d, n);
        for (size_t i = 0; i < n; i++)
            d[i] += (st->alpha[j] - b) * s[i];
    }
}

typedef struct along {
    tnn__lbfgs *st;
    tnn_objective fn;
    void *ctx;
    double phi; /* of the latest trial */
} along;

/* phi(step) = f(x + step d) for the line search. */
static tnn_status phi_along(void *ctx, double step, double *phi, double *dphi)
{
    along *a = ctx;
    tnn__lbfgs *st = a->st;
    for (size_t i = 0; i < st->n; i++)
        st->xt[i] = st->x[i] + step * st->d[i];
    st->evaluations++;
    tnn_status s = a->fn(a->ctx, st->xt, st->n, phi, st->gt);
    if (s != TNN_OK)
        return s;
    a->phi = *phi;
    *dphi = all_finite(st->gt, st->n) ? dot(st->gt, st->d, st->n) : (double)NAN;
    return TNN_OK;
}

/* Stores the pair (xt - x, gt - g) unless its curvature s.y is not
 * clearly positive, which would make H indefinite; the oldest pair then
 * stays as it is. */
static void remember(tnn__lbfgs *st)
{
    const size_t n = st->n;
    double sy = 0, yy = 0;
    for (size_t i = 0; i < n; i++) {
        double s = st->xt[i] - st->x[i], y = st->gt[i] - st->g[i];
        sy += s * y;
        yy += y * y;
    }
    if (!(sy > DBL_EPSILON * yy))
        return;
    size_t j = st->count == 0 ? 0 : (st->newest + 1) % st->capacity;
    double *s = st->s + j * n, *y = st->y + j * n;
    for (size_t i = 0; i < n; i++) {
        s[i] = st->xt[i] - st->x[i];
        y[i] = st->gt[i] - st->g[i];
    }
    st->rho[j] = 1.0 / sy;
    st->newest = j;
    if (st->count < st->capacity)
        st->count++;
}

tnn_status tnn__lbfgs_iterate(tnn__lbfgs *st, tnn_objective fn, void *ctx,
                              const tnn__wolfe *wolfe, bool *moved)
{
    along a = {st, fn, ctx, 0};
    *moved = false;
    for (int attempt = 0; attempt < 2; attempt++) {
        direction(st);
        double dphi0 = dot(st->g, st->d, st->n);
        /* steepest descent starts with a step of length 1, as L-BFGS-B does */
        double step0 = st->count == 0 ? 1.0 / sqrt(dot(st->d, st->d, st->n)) : 1.0;
        if (!(dphi0 < 0) && st->count > 0) { /* rounding spoilt the direction */
            tnn__lbfgs_forget(st);
            continue;
        }
        double step = 0;
        bool found = false;
        size_t evals = 0;
        tnn_status s = tnn__line_search(phi_along, &a, st->f, dphi0, step0, wolfe, &step,
                                        &found, &evals);
        if (s != TNN_OK)
            return s;
        if (found) {
            remember(st);
            memcpy(st->x, st->xt, st->n * sizeof *st->x);
            memcpy(st->g, st->gt, st->n * sizeof *st->g);
            st->f = a.phi; /* the search's last trial is the accepted one */
            *moved = true;
            return TNN_OK;
        }
        if (st->count == 0)
            break; /* steepest descent failed too */
        tnn__lbfgs_forget(st);
    }
    return TNN_OK;
}


tnn_status tnn_lbfgs_workspace_size(size_t n, size_t history, size_t *size)
{
    if (n == 0 || history == 0 || size == NULL)
        return TNN_E_INVALID_ARGUMENT;
    size_t count;
    if (!tnn__lbfgs_doubles(n, history, &count) || !tnn__mul(count, sizeof(double), size))
        return TNN_E_OVERFLOW;
    return TNN_OK;
}

/* Settings a caller may pass; internal users check theirs the same way. */
static bool options_valid(const tnn_lbfgs_options *o)
{
    return o->history >= 1 && o->max_iter >= 1 && o->max_line_search >= 1 && o->gtol >= 0 &&
           o->ftol >= 0 && isfinite(o->gtol) && isfinite(o->ftol) && o->c1 > 0 &&
           o->c1 < o->c2 && o->c2 < 1;
}

tnn_status tnn_lbfgs_minimize(tnn_objective fn, void *ctx, double *x, size_t n,
                              const tnn_lbfgs_options *options, void *work, size_t work_size,
                              tnn_lbfgs_report *report)
{
    tnn_lbfgs_options o = TNN_LBFGS_OPTIONS_INIT;
    if (fn == NULL || x == NULL || n == 0 || work == NULL)
        return TNN_E_INVALID_ARGUMENT;
    tnn_status s;
    if ((options != NULL && (s = tnn__sized_read(options, &o, sizeof o)) != TNN_OK) ||
        (report != NULL && (s = tnn__sized_check(report, sizeof *report)) != TNN_OK))
        return s;
    if (!options_valid(&o))
        return TNN_E_OUT_OF_RANGE;
    size_t needed;
    s = tnn_lbfgs_workspace_size(n, o.history, &needed);
    if (s != TNN_OK)
        return s;
    if ((s = tnn__check_mem(work, work_size, needed)) != TNN_OK)
        return s;

    tnn__lbfgs st;
    tnn__lbfgs_place(&st, n, o.history, work, x);
    const tnn__wolfe wolfe = {o.c1, o.c2, o.max_line_search};
    tnn_lbfgs_report r = TNN_LBFGS_REPORT_INIT;
    s = tnn__lbfgs_start(&st, fn, ctx);
    if (s == TNN_OK) {
        if (tnn__max_abs(st.g, n) <= o.gtol)
            r.stop = TNN_LBFGS_GRADIENT;
        while (r.stop == TNN_LBFGS_MAX_ITER && r.iterations < o.max_iter) {
            double f_old = st.f;
            bool moved;
            if ((s = tnn__lbfgs_iterate(&st, fn, ctx, &wolfe, &moved)) != TNN_OK)
                break;
            if (!moved) {
                r.stop = TNN_LBFGS_LINE_SEARCH;
                break;
            }
            r.iterations++;
            if (tnn__max_abs(st.g, n) <= o.gtol)
                r.stop = TNN_LBFGS_GRADIENT;
            else if (tnn__small_reduction(f_old, st.f, o.ftol))
                r.stop = TNN_LBFGS_REDUCTION;
        }
    }
    r.evaluations = st.evaluations;
    r.f = st.f;
    r.grad_max = tnn__max_abs(st.g, n);
    if (report != NULL && s == TNN_OK)
        s = tnn__sized_write(report, &r, sizeof r);
    return s;
}
