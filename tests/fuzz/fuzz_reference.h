/* A plain double-precision forward and backward pass of a tinynn model,
 * written as the formulas read (one row at a time, no tiles, no
 * transposes, no fused paths), for the fuzz target fuzz_api.c to compare
 * the library's kernels with.
 *
 * Next to every value goes a bound on how far the library's result (float
 * or double, any order of sums, fused multiply-adds or not) may be from it:
 * a running error analysis. A sum of n terms is off by at most
 * gamma(n) * (sum of the terms' magnitudes) from its rounding, plus what the
 * errors of its inputs carry through; an activation passes errors on by its
 * Lipschitz constant and adds a few units of rounding of its own. Where a
 * result is discontinuous in its input (step, ReLU's derivative, a class,
 * an argmax) and the input lies within its bound of the jump, the result is
 * marked uncertain and its bound widened to the jump. The bounds are
 * rigorous up to the few ulps assumed for exp, log and tanh, and the
 * comparisons allow twice them: a kernel that reads a wrong weight, a
 * wrong row or a stale partial sum misses by far more.
 *
 * Values at or beyond REF_LIMIT (or not finite) make a row unreliable:
 * near the top of the float range the library may overflow where the
 * reference does not, so such rows are not compared. */
#ifndef TNN_FUZZ_REFERENCE_H
#define TNN_FUZZ_REFERENCE_H

#include "fuzz_common.h"

#define REF_MAX_LAYERS 4

/* Unit roundoff of the library's numbers plus the reference's own. */
#if TNN_REAL_IS_DOUBLE
#define REF_U DBL_EPSILON
#define REF_LIMIT 1e150
#define REF_FLOOR 1e-290
#else
#define REF_U ((double)FLT_EPSILON / 2 + DBL_EPSILON / 2)
#define REF_LIMIT 1e15  /* squares and products of two such stay far below FLT_MAX */
#define REF_FLOOR 1e-30 /* underflow, and tnn__exp's clamp at about 1e-38 */
#endif

/* The reference is no target for the fuzzer: clang leaves its loops out of
 * libFuzzer's coverage and comparison tracing, which would otherwise take
 * half the time of an input. */
#if defined(__clang__) && __clang_major__ >= 13
#define REF_NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define REF_NO_COVERAGE
#endif
#define REF_FN static inline REF_NO_COVERAGE

/* Rounding of a sum of n products (with a margin). */
REF_FN double ref_gamma(size_t n)
{
    return 1.25 * (double)(n + 2) * REF_U;
}

REF_FN bool ref_ok(double v)
{
    return isfinite(v) && fabs(v) <= REF_LIMIT;
}

typedef struct ref_model {
    size_t n_in, n_layers, n_out, n_params, sum_units;
    size_t units[REF_MAX_LAYERS], fan_in[REF_MAX_LAYERS];
    size_t at[REF_MAX_LAYERS];                           /* layer k's units in a row's values */
    size_t kernel[REF_MAX_LAYERS], bias[REF_MAX_LAYERS]; /* offsets in params */
    tnn_activation act[REF_MAX_LAYERS];
    const tnn_real *p;
} ref_model;

/* The shape of m and its parameters (tnn_model_get_params layout: per
 * layer the n_inputs x units kernel, row-major, then the biases). */
REF_FN void ref_model_init(ref_model *r, const tnn_model *m, const tnn_real *params)
{
    memset(r, 0, sizeof *r);
    r->n_in = tnn_model_n_inputs(m);
    r->n_layers = tnn_model_n_layers(m);
    r->n_out = tnn_model_n_outputs(m);
    r->n_params = tnn_model_n_params(m);
    r->p = params;
    FUZZ_CHECK(r->n_layers <= REF_MAX_LAYERS);
    size_t fan_in = r->n_in, off = 0;
    for (size_t k = 0; k < r->n_layers; k++) {
        const tnn_layer *l = tnn_model_layer(m, k);
        r->units[k] = tnn_layer_units(l);
        r->act[k] = tnn_layer_activation(l);
        r->fan_in[k] = fan_in;
        r->at[k] = r->sum_units;
        r->kernel[k] = off;
        off += fan_in * r->units[k];
        r->bias[k] = off;
        off += r->units[k];
        r->sum_units += r->units[k];
        fan_in = r->units[k];
    }
    FUZZ_CHECK(off == r->n_params);
}

/* One row's values: z, a and their bounds for every unit (sum_units each),
 * and the deltas of the backward pass. */
/* Sums over rows of the loss and metric, with bounds; rows whose
 * accuracy could go either way are counted apart. */
typedef struct ref_stats {
    double loss_sum, loss_bound, metric_sum, metric_bound;
    size_t metric_uncertain;
} ref_stats;

typedef struct ref_row {
    double *z, *ez, *a, *ea, *d, *ed;
} ref_row;

/* Activation of n values (a row of a layer), with bounds. */
REF_FN void ref_activate(tnn_activation act, const double *z, const double *ez, double *a,
                         double *ea, size_t n)
{
    switch (act) {
    case TNN_ACT_LINEAR:
        for (size_t j = 0; j < n; j++) {
            a[j] = z[j];
            ea[j] = ez[j];
        }
        return;
    case TNN_ACT_RELU:
        for (size_t j = 0; j < n; j++) {
            a[j] = z[j] > 0 ? z[j] : 0;
            ea[j] = ez[j];
        }
        return;
    case TNN_ACT_STEP: /* a jump at 0: either side when z is within its bound of it */
        for (size_t j = 0; j < n; j++) {
            a[j] = z[j] >= 0 ? 1 : 0;
            ea[j] = ez[j] > 0 && fabs(z[j]) <= ez[j] ? 1 : 0;
        }
        return;
    case TNN_ACT_SIGMOID: /* Lipschitz 1/4; exp within 2 ulps, and three roundings */
        for (size_t j = 0; j < n; j++) {
            a[j] = 1 / (1 + exp(-z[j]));
            ea[j] = ez[j] / 4 + 16 * REF_U;
        }
        return;
    case TNN_ACT_TANH:
        for (size_t j = 0; j < n; j++) {
            a[j] = tanh(z[j]);
            ea[j] = ez[j] + 8 * REF_U;
        }
        return;
    case TNN_ACT_SOFTMAX: {
        /* |d a_j| <= max |d z| / 2; rounding: a relative (n + 8) u of a_j
         * <= 1, plus a_j |z_j - max| u <= u / e from the subtraction */
        double max = z[0], maxe = 0, sum = 0;
        for (size_t j = 0; j < n; j++) {
            max = z[j] > max ? z[j] : max;
            maxe = ez[j] > maxe ? ez[j] : maxe;
        }
        for (size_t j = 0; j < n; j++) {
            a[j] = exp(z[j] - max);
            sum += a[j];
        }
        for (size_t j = 0; j < n; j++) {
            a[j] /= sum;
            ea[j] = maxe + (double)(2 * n + 16) * REF_U;
        }
        return;
    }
    }
    FUZZ_FAIL("unknown activation");
}

/* Forward pass of one input row into r (z, ez, a, ea); false if a value
 * is not finite or beyond REF_LIMIT (the row is then not compared). dw,
 * if not NULL, bounds how far each of the library's weights may be from
 * the reference's (n_params values). */
REF_FN bool ref_forward(const ref_model *m, const tnn_real *x, const ref_row *r, const double *dw)
{
    bool ok = true;
    for (size_t i = 0; i < m->n_in; i++)
        ok &= ref_ok((double)x[i]);
    for (size_t k = 0; k < m->n_layers; k++) {
        const size_t n = m->fan_in[k], u = m->units[k], at = m->at[k];
        const tnn_real *kern = m->p + m->kernel[k], *bias = m->p + m->bias[k];
        const double *in = k > 0 ? r->a + m->at[k - 1] : NULL;
        const double *ein = k > 0 ? r->ea + m->at[k - 1] : NULL;
        for (size_t j = 0; j < u; j++) {
            double s = (double)bias[j], mag = fabs(s), e = 0;
            for (size_t i = 0; i < n; i++) {
                const double v = k > 0 ? in[i] : (double)x[i], ev = k > 0 ? ein[i] : 0;
                const double w = (double)kern[i * u + j];
                s += v * w;
                mag += (fabs(v) + ev) * fabs(w);
                e += ev * fabs(w);
            }
            if (dw != NULL) {
                const double *dk = dw + m->kernel[k];
                e += dw[m->bias[k] + j];
                for (size_t i = 0; i < n; i++) {
                    const double v = k > 0 ? in[i] : (double)x[i], ev = k > 0 ? ein[i] : 0;
                    e += (fabs(v) + ev) * dk[i * u + j];
                    mag += (fabs(v) + ev) * dk[i * u + j];
                }
            }
            ok &= ref_ok(mag) && ref_ok(e);
            r->z[at + j] = s;
            r->ez[at + j] = e + ref_gamma(n) * mag;
        }
        ref_activate(m->act[k], r->z + at, r->ez + at, r->a + at, r->ea + at, u);
        for (size_t j = 0; j < u; j++)
            ok &= ref_ok(r->a[at + j]) && ref_ok(r->ea[at + j]);
    }
    return ok;
}

/* d = s f'(z) over n values of a layer with activation act (f' through
 * the output a, as the library computes it), with bounds. */
REF_FN void ref_derivative(tnn_activation act, const double *z, const double *ez,
                           const double *a, const double *ea, const double *s, const double *es,
                           double *d, double *ed, size_t n)
{
    switch (act) {
    case TNN_ACT_LINEAR:
        for (size_t j = 0; j < n; j++) {
            d[j] = s[j];
            ed[j] = es[j];
        }
        return;
    case TNN_ACT_STEP: /* never trained (tnn_gradient refuses step layers) */
        for (size_t j = 0; j < n; j++)
            d[j] = ed[j] = 0;
        return;
    case TNN_ACT_RELU: /* the mask a > 0 flips when z is within its bound of 0 */
        for (size_t j = 0; j < n; j++) {
            const bool on = z[j] > 0;
            d[j] = on ? s[j] : 0;
            if (ez[j] == 0 || fabs(z[j]) > ez[j])
                ed[j] = on ? es[j] : 0;
            else
                ed[j] = fabs(s[j]) + es[j];
        }
        return;
    case TNN_ACT_SIGMOID:
        for (size_t j = 0; j < n; j++) {
            const double f = a[j] * (1 - a[j]);
            const double ef = ea[j] * (1 + ea[j]) + 3 * REF_U * f;
            d[j] = s[j] * f;
            ed[j] = fabs(s[j]) * ef + es[j] * (f + ef) + 2 * REF_U * fabs(d[j]);
        }
        return;
    case TNN_ACT_TANH:
        for (size_t j = 0; j < n; j++) {
            const double f = 1 - a[j] * a[j];
            const double ef = ea[j] * (2 * fabs(a[j]) + ea[j]) + 3 * REF_U * (1 + a[j] * a[j]);
            d[j] = s[j] * f;
            ed[j] = fabs(s[j]) * ef + es[j] * (fabs(f) + ef) + 2 * REF_U * fabs(d[j]);
        }
        return;
    case TNN_ACT_SOFTMAX: { /* d_j = a_j (s_j - sum_k s_k a_k) */
        double dot = 0, edot = 0, mag = 0;
        for (size_t k = 0; k < n; k++) {
            dot += s[k] * a[k];
            edot += fabs(s[k]) * ea[k] + es[k] * (fabs(a[k]) + ea[k]);
            mag += (fabs(s[k]) + es[k]) * (fabs(a[k]) + ea[k]);
        }
        edot += ref_gamma(n) * mag;
        for (size_t j = 0; j < n; j++) {
            const double t = s[j] - dot, et = es[j] + edot;
            d[j] = a[j] * t;
            ed[j] = ea[j] * (fabs(t) + et) + fabs(a[j]) * et +
                    3 * REF_U * fabs(a[j]) * (fabs(t) + et);
        }
        return;
    }
    }
    FUZZ_FAIL("unknown activation");
}

/* Per-parameter sums of the gradient: g the sum, e the carried error, m
 * the magnitudes summed (for the rounding of the sum), rows the terms. */
typedef struct ref_grad {
    double *g, *e, *m;
    size_t rows;
} ref_grad;

REF_FN void ref_grad_add(ref_grad *g, size_t at, double v, double ev, double d, double ed)
{
    g->g[at] += v * d;
    g->e[at] += fabs(v) * ed + ev * (fabs(d) + ed);
    g->m[at] += (fabs(v) + ev) * (fabs(d) + ed);
}

/* Bound on the library's gradient entry `at` that started from g0. */
REF_FN double ref_grad_bound(const ref_grad *g, size_t at, double g0)
{
    return g->e[at] + ref_gamma(g->rows + 1) * (g->m[at] + fabs(g0));
}

/* Backward pass of one row (after ref_forward into r): the deltas into r,
 * the parameter gradient added to g. The output layer's delta is dL/dz of
 * the row's loss as loss.c defines it. False if a delta is unreliable. */
REF_FN bool ref_backward(const ref_model *m, const tnn_real *x, tnn_loss loss,
                         const tnn_real *y, const ref_row *r, ref_grad *g, double *s, double *es)
{
    const size_t last = m->n_layers - 1, nu = m->units[last], at = m->at[last];
    const double *a = r->a + at, *ea = r->ea + at;
    double *d = r->d + at, *ed = r->ed + at;
    switch (loss) {
    case TNN_LOSS_MSE: /* 2 / units (a - y), then the activation's derivative */
        for (size_t j = 0; j < nu; j++) {
            s[j] = 2.0 / (double)nu * (a[j] - (double)y[j]);
            es[j] = 2.0 / (double)nu * ea[j] + 4 * REF_U * fabs(s[j]);
        }
        ref_derivative(m->act[last], r->z + at, r->ez + at, a, ea, s, es, d, ed, nu);
        break;
    case TNN_LOSS_BCE: /* sigmoid output: (a - y) / units */
        for (size_t j = 0; j < nu; j++) {
            d[j] = (a[j] - (double)y[j]) / (double)nu;
            ed[j] = ea[j] / (double)nu + 4 * REF_U * fabs(d[j]);
        }
        break;
    case TNN_LOSS_CCE: { /* softmax output: a sum(y) - y */
        double mass = 0;
        for (size_t j = 0; j < nu; j++)
            mass += (double)y[j];
        for (size_t j = 0; j < nu; j++) {
            d[j] = a[j] * mass - (double)y[j];
            ed[j] = ea[j] * fabs(mass) +
                    (double)(nu + 4) * REF_U * (fabs(a[j] * mass) + fabs((double)y[j]));
        }
        break;
    }
    }
    bool ok = true;
    for (size_t k = m->n_layers; k-- > 0;) {
        const size_t n = m->fan_in[k], u = m->units[k], ak = m->at[k];
        const tnn_real *kern = m->p + m->kernel[k];
        const double *dk = r->d + ak, *edk = r->ed + ak;
        for (size_t j = 0; j < u; j++)
            ok &= ref_ok(dk[j]) && ref_ok(edk[j]);
        for (size_t i = 0; i < n; i++) {
            const double v = k > 0 ? r->a[m->at[k - 1] + i] : (double)x[i];
            const double ev = k > 0 ? r->ea[m->at[k - 1] + i] : 0;
            for (size_t j = 0; j < u; j++)
                ref_grad_add(g, m->kernel[k] + i * u + j, v, ev, dk[j], edk[j]);
        }
        for (size_t j = 0; j < u; j++)
            ref_grad_add(g, m->bias[k] + j, 1, 0, dk[j], edk[j]);
        if (k == 0)
            break;
        /* the input gradient 0 + sum_j k_ij d_j, then layer k - 1's derivative */
        for (size_t i = 0; i < n; i++) {
            double sum = 0, e = 0, mag = 0;
            for (size_t j = 0; j < u; j++) {
                const double w = fabs((double)kern[i * u + j]);
                sum += (double)kern[i * u + j] * dk[j];
                e += w * edk[j];
                mag += w * (fabs(dk[j]) + edk[j]);
            }
            s[i] = sum;
            es[i] = e + ref_gamma(u) * mag;
        }
        const size_t ap = m->at[k - 1];
        ref_derivative(m->act[k - 1], r->z + ap, r->ez + ap, r->a + ap, r->ea + ap, s, es,
                       r->d + ap, r->ed + ap, n);
    }
    g->rows++;
    return ok;
}

/* A row's loss as loss.c defines it (cross-entropies from the output
 * layer's logits z), and its bound. */
REF_FN void ref_loss(const ref_model *m, tnn_loss loss, const tnn_real *y, const ref_row *r,
                     double *value, double *bound)
{
    const size_t nu = m->n_out, at = m->at[m->n_layers - 1];
    const double *z = r->z + at, *ez = r->ez + at, *a = r->a + at, *ea = r->ea + at;
    double l = 0, e = 0;
    switch (loss) {
    case TNN_LOSS_MSE:
        for (size_t j = 0; j < nu; j++) {
            const double t = fabs(a[j] - (double)y[j]);
            l += t * t;
            e += 2 * t * ea[j] + ea[j] * ea[j] + 4 * REF_U * (t + ea[j]) * (t + ea[j]);
        }
        l /= (double)nu;
        e /= (double)nu;
        break;
    case TNN_LOSS_BCE: /* max(z, 0) - z y + log(1 + exp(-|z|)); d/dz in [-1, 1] */
        for (size_t j = 0; j < nu; j++) {
            const double yj = (double)y[j];
            l += (z[j] > 0 ? z[j] : 0) - z[j] * yj + log1p(exp(-fabs(z[j])));
            e += ez[j] + 8 * REF_U * (fabs(z[j]) * (1 + fabs(yj)) + 1);
        }
        l /= (double)nu;
        e /= (double)nu;
        break;
    case TNN_LOSS_CCE: { /* sum_j y_j (logsumexp(z) - z_j) */
        double max = z[0], maxe = 0, sum = 0;
        for (size_t j = 0; j < nu; j++) {
            max = z[j] > max ? z[j] : max;
            maxe = ez[j] > maxe ? ez[j] : maxe;
        }
        for (size_t j = 0; j < nu; j++)
            sum += exp(z[j] - max);
        const double lse = max + log(sum);
        for (size_t j = 0; j < nu; j++) {
            const double yj = (double)y[j];
            l += yj * (lse - z[j]);
            e += fabs(yj) *
                 (2 * maxe + (double)(nu + 8) * REF_U + 4 * REF_U * (fabs(lse) + fabs(z[j])));
        }
        break;
    }
    }
    *value = l;
    *bound = e;
}

/* Index of the first largest of n values (as the library's argmax). */
REF_FN size_t ref_argmax(const double *v, size_t n)
{
    size_t best = 0;
    for (size_t j = 1; j < n; j++)
        if (v[j] > v[best])
            best = j;
    return best;
}

/* Whether the first largest of a (bounds ea) could be another index in
 * the library's values. */
REF_FN bool ref_argmax_uncertain(const double *a, const double *ea, size_t n)
{
    const size_t best = ref_argmax(a, n);
    for (size_t k = 0; k < n; k++)
        if (k != best && ea[best] + ea[k] > 0 && a[best] - a[k] <= ea[best] + ea[k])
            return true;
    return false;
}

/* A row's metric sum (loss.c): correct or not, or the squared errors
 * summed; *uncertain when the accuracy could go either way. */
REF_FN void ref_metric(const ref_model *m, tnn_metric metric, const tnn_real *y,
                       const ref_row *r, double *value, double *bound, bool *uncertain)
{
    const size_t nu = m->n_out, at = m->at[m->n_layers - 1];
    const double *a = r->a + at, *ea = r->ea + at;
    *value = *bound = 0;
    *uncertain = false;
    switch (metric) {
    case TNN_METRIC_NONE: return;
    case TNN_METRIC_ACCURACY:
        if (nu == 1) { /* Keras's binary_accuracy: p > 0.5 against y >= 0.5 */
            *value = (a[0] > 0.5) == ((double)y[0] >= 0.5) ? 1 : 0;
            *uncertain = fabs(a[0] - 0.5) <= ea[0];
        } else {
            double yd[128];
            FUZZ_CHECK(nu <= 128);
            for (size_t j = 0; j < nu; j++)
                yd[j] = (double)y[j];
            *value = ref_argmax(a, nu) == ref_argmax(yd, nu) ? 1 : 0;
            *uncertain = ref_argmax_uncertain(a, ea, nu);
        }
        return;
    case TNN_METRIC_MSE:
        for (size_t j = 0; j < nu; j++) {
            const double t = fabs(a[j] - (double)y[j]);
            *value += t * t;
            *bound += 2 * t * ea[j] + ea[j] * ea[j] + 4 * REF_U * (t + ea[j]) * (t + ea[j]);
        }
        return;
    }
}

/* The library's class of one output row (inspect_classes.c's rule), and
 * whether the reference is sure of it. */
REF_FN int32_t ref_class(const ref_model *m, const ref_row *r, bool *uncertain)
{
    const size_t nu = m->n_out, at = m->at[m->n_layers - 1];
    const double *z = r->z + at, *ez = r->ez + at, *a = r->a + at, *ea = r->ea + at;
    if (nu > 1) {
        *uncertain = ref_argmax_uncertain(a, ea, nu);
        return (int32_t)ref_argmax(a, nu);
    }
    const bool near_zero = ez[0] > 0 && fabs(z[0]) <= ez[0];
    switch (m->act[m->n_layers - 1]) {
    case TNN_ACT_SIGMOID: *uncertain = fabs(a[0] - 0.5) <= ea[0]; return a[0] >= 0.5;
    case TNN_ACT_SOFTMAX: /* one softmax unit is always 1 */ *uncertain = false; return 1;
    case TNN_ACT_STEP: *uncertain = near_zero; return z[0] >= 0;
    case TNN_ACT_RELU: *uncertain = near_zero; return z[0] > 0;
    case TNN_ACT_LINEAR:
    case TNN_ACT_TANH: *uncertain = ea[0] > 0 && fabs(a[0]) <= ea[0]; return a[0] >= 0;
    }
    *uncertain = true;
    return 0;
}

/* The library's value `got` against the reference `want` with bound
 * `bound`: within twice the bound (plus the underflow floor and a relative
 * hair for the double sums of losses). */
REF_FN void ref_check(const char *what, size_t index, double got, double want, double bound)
{
    const double tol = 2 * bound + REF_FLOOR + 1e-12 * fabs(want);
    if (fabs(got - want) <= tol)
        return;
    fprintf(stderr, "%s[%zu]: library %.17g, reference %.17g, bound %.3g (off by %.3g)\n", what,
            index, got, want, bound, fabs(got - want));
    FUZZ_FAIL("a kernel result is off the reference");
}

#endif /* TNN_FUZZ_REFERENCE_H */
