/* A line search for the strong Wolfe conditions: bracket a step interval
 * that must contain acceptable points, then shrink it by safeguarded cubic
 * interpolation (Nocedal & Wright, Numerical Optimization, algorithms 3.5
 * and 3.6). */
#include "learn/lbfgs.h"

/* One evaluated step: phi and its derivative there. */
typedef struct probe {
    double step, phi, dphi;
} probe;

static bool probe_finite(const probe *p)
{
    return isfinite(p->phi) && isfinite(p->dphi);
}

/* The minimiser of the cubic through (a, phi_a, dphi_a) and (b, phi_b,
 * dphi_b), or NaN when the cubic has no minimiser. */
static double cubic_minimiser(const probe *a, const probe *b)
{
    double d1 = a->dphi + b->dphi - 3.0 * (a->phi - b->phi) / (a->step - b->step);
    double disc = d1 * d1 - a->dphi * b->dphi;
    if (!(disc >= 0))
        return (double)NAN;
    double d2 = copysign(sqrt(disc), b->step - a->step);
    double denom = b->dphi - a->dphi + 2.0 * d2;
    if (denom == 0)
        return (double)NAN;
    return b->step - (b->step - a->step) * (b->dphi + d2 - d1) / denom;
}

/* The minimiser of the quadratic through phi_a, dphi_a and phi_b, or NaN. */
static double quadratic_minimiser(const probe *a, const probe *b)
{
    double h = b->step - a->step;
    double curv = b->phi - a->phi - a->dphi * h;
    if (!(curv > 0))
        return (double)NAN;
    return a->step - a->dphi * h * h / (2.0 * curv);
}

/* A trial step inside (lo, hi), kept away from both ends so the interval
 * shrinks by at least a fixed fraction. Without a usable model of phi at
 * hi (non-finite there) it bisects. */
static double zoom_trial(const probe *lo, const probe *hi)
{
    double t = (double)NAN;
    if (probe_finite(hi)) {
        t = cubic_minimiser(lo, hi);
        if (!isfinite(t))
            t = quadratic_minimiser(lo, hi);
    }
    double a = fmin(lo->step, hi->step), b = fmax(lo->step, hi->step);
    double margin = 0.1 * (b - a);
    if (!isfinite(t) || t < a + margin || t > b - margin)
        t = 0.5 * (a + b);
    return t;
}

typedef struct search {
    tnn__phi_fn phi;
    void *ctx;
    double phi0, dphi0;
    const tnn__wolfe *wolfe;
    size_t evals;
} search;

static tnn_status probe_at(search *s, double step, probe *p)
{
    p->step = step;
    s->evals++;
    tnn_status st = s->phi(s->ctx, step, &p->phi, &p->dphi);
    if (st != TNN_OK)
        return st;
    if (!probe_finite(p)) { /* overshoot: treat as too high */
        p->phi = (double)INFINITY;
        p->dphi = (double)NAN;
    }
    return TNN_OK;
}

static bool sufficient_decrease(const search *s, const probe *p)
{
    return p->phi <= s->phi0 + s->wolfe->c1 * p->step * s->dphi0;
}

static bool curvature_ok(const search *s, const probe *p)
{
    return fabs(p->dphi) <= -s->wolfe->c2 * s->dphi0;
}

/* Algorithm 3.6: lo satisfies sufficient decrease and has the lowest phi
 * seen so far; an acceptable step lies between lo and hi. */
static tnn_status zoom(search *s, probe lo, probe hi, double *step, bool *found)
{
    while (s->evals < s->wolfe->max_evals) {
        double width = fabs(hi.step - lo.step);
        if (width <= 1e-15 * fmax(lo.step, hi.step)) /* no representable progress left */
            break;
        probe t;
        tnn_status st = probe_at(s, zoom_trial(&lo, &hi), &t);
        if (st != TNN_OK)
            return st;
        if (!sufficient_decrease(s, &t) || t.phi >= lo.phi) {
            hi = t;
            continue;
        }
        if (curvature_ok(s, &t)) {
            *step = t.step;
            *found = true;
            return TNN_OK;
        }
        if (t.dphi * (hi.step - lo.step) >= 0)
            hi = lo;
        lo = t;
    }
    return TNN_OK;
}

tnn_status tnn__line_search(tnn__phi_fn phi, void *ctx, double phi0, double dphi0, double step0,
                            const tnn__wolfe *wolfe, double *step, bool *found, size_t *evals)
{
    search s = {phi, ctx, phi0, dphi0, wolfe, 0};
    *found = false;
    tnn_status st = TNN_OK;
    if (!(dphi0 < 0) || !(step0 > 0) || !isfinite(step0)) { /* not a descent direction */
        *evals = 0;
        return TNN_OK;
    }
    /* Algorithm 3.5: grow the step until phi rises or turns upward. */
    probe prev = {0.0, phi0, dphi0};
    double trial = step0;
    while (s.evals < wolfe->max_evals) {
        probe p;
        if ((st = probe_at(&s, trial, &p)) != TNN_OK)
            break;
        if (!sufficient_decrease(&s, &p) || (s.evals > 1 && p.phi >= prev.phi)) {
            st = zoom(&s, prev, p, step, found);
            break;
        }
        if (curvature_ok(&s, &p)) {
            *step = p.step;
            *found = true;
            break;
        }
        if (p.dphi >= 0) {
            st = zoom(&s, p, prev, step, found);
            break;
        }
        prev = p;
        trial = 4.0 * p.step; /* still descending steeply: extrapolate */
        if (!isfinite(trial))
            break;
    }
    *evals = s.evals;
    return st;
}
