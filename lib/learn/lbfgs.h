/* L-BFGS internals shared by lbfgs.c, line_search.c, optimizer.c and
 * fit_lbfgs.c. Not installed. */
#ifndef TINYNN_LIB_LBFGS_H
#define TINYNN_LIB_LBFGS_H

#include "core/internal.h"

/* ---- line search (line_search.c) ---- */

/* phi(step) = f(x + step d) and its derivative along d. A non-finite value
 * means "too far"; any status but TNN_OK aborts the search. */
typedef tnn_status (*tnn__phi_fn)(void *ctx, double step, double *phi, double *dphi);

typedef struct tnn__wolfe {
    double c1;        /* sufficient decrease */
    double c2;        /* curvature (strong form: |phi'| <= c2 |phi'(0)|) */
    size_t max_evals; /* evaluations allowed */
} tnn__wolfe;

/* Finds a step satisfying the strong Wolfe conditions, starting from
 * `step0`, by bracketing then zooming with safeguarded cubic interpolation.
 * On success (*found true) the last call of phi was at *step. The phi at
 * 0 is phi0 with derivative dphi0 < 0. *evals counts calls of phi. */
tnn_status tnn__line_search(tnn__phi_fn phi, void *ctx, double phi0, double dphi0, double step0,
                            const tnn__wolfe *wolfe, double *step, bool *found, size_t *evals);

/* ---- the L-BFGS engine (lbfgs.c) ---- */

/* Doubles the engine needs besides the point x: history pairs, their
 * scalars, the gradient, direction and trial point and gradient. */
bool tnn__lbfgs_doubles(size_t n, size_t history, size_t *count);

typedef struct tnn__lbfgs {
    size_t n;        /* unknowns */
    size_t capacity; /* history pairs the memory holds */
    size_t history;  /* pairs in use, 1..capacity */
    size_t count;    /* pairs stored */
    size_t newest;   /* slot of the newest pair */
    double *s, *y;   /* capacity * n each: steps and gradient changes */
    double *rho;     /* 1 / (y.s) per pair */
    double *alpha;   /* two-loop scratch */
    double *x, *g;   /* current point, its gradient (x may be the caller's) */
    double *d;       /* search direction */
    double *xt, *gt; /* trial point and its gradient */
    double f;        /* objective at x */
    size_t evaluations;
} tnn__lbfgs;

/* Lays the engine over `mem` (tnn__lbfgs_doubles(n, capacity) doubles);
 * x is the caller's point of n doubles. Starts with an empty history. */
void tnn__lbfgs_place(tnn__lbfgs *st, size_t n, size_t capacity, double *mem, double *x);

/* Forgets the history pairs (the next iteration is steepest descent). */
void tnn__lbfgs_forget(tnn__lbfgs *st);

/* Evaluates f and g at x. Returns the objective's status, TNN_E_DIVERGED
 * if f or g is not finite. */
tnn_status tnn__lbfgs_start(tnn__lbfgs *st, tnn_objective fn, void *ctx);

/* One iteration from (x, f, g): direction, line search, history update.
 * *moved is false when no step satisfying the Wolfe conditions was found
 * even along steepest descent; x, f and g are then unchanged. When moved,
 * the objective's last evaluation was at the new x. */
tnn_status tnn__lbfgs_iterate(tnn__lbfgs *st, tnn_objective fn, void *ctx,
                              const tnn__wolfe *wolfe, bool *moved);

/* max |g_i|, the gradient test of scipy's L-BFGS-B. */
double tnn__max_abs(const double *v, size_t n);

/* scipy's reduction test: (f_old - f_new) / max(|f_old|, |f_new|, 1) <= ftol. */
bool tnn__small_reduction(double f_old, double f_new, double ftol);

/* ---- L-BFGS inside tnn_optimizer (optimizer.c) ---- */

typedef struct tnn__lbfgs_settings {
    size_t history;
    double l2;
    bool l2_biases;
    double gtol;
    double ftol;
    size_t max_line_search;
} tnn__lbfgs_settings;

/* The engine and settings of an L-BFGS optimizer; NULL for other kinds. */
tnn__lbfgs *tnn__optimizer_lbfgs(tnn_optimizer *opt, tnn__lbfgs_settings *settings);

/* Full-batch L-BFGS training behind tnn_fit() (fit_lbfgs.c). */
typedef struct tnn__epoch_watch tnn__epoch_watch; /* train/fit_parts.h */
tnn_status tnn__fit_lbfgs(tnn_model *model, tnn_optimizer *opt, const tnn_fit_options *options,
                          const tnn_real *x, const tnn_real *y, size_t n_rows, tnn_real x_max,
                          tnn_real *grad, void *block_work, size_t block_rows,
                          tnn__epoch_watch *end, size_t *epochs_run);

#endif /* TINYNN_LIB_LBFGS_H */
