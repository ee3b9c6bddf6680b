/**
 * @file learners.h
 * @brief Part of the libtinynn API; include tinynn/tinynn.h rather than this file.
 */
#ifndef TINYNN_LEARNERS_H
#define TINYNN_LEARNERS_H

#include "tinynn/tinynn.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup tnn_learners Classic learners: perceptron, L-BFGS, logistic regression
 *
 * Trainers for one-layer models that the article compares with networks,
 * and the L-BFGS minimiser behind them:
 *
 * - tnn_perceptron_fit(): Rosenblatt's perceptron rule, exactly as the
 *   article's Listing 2 runs it.
 * - tnn_logreg_fit(): scikit-learn's `LogisticRegression` (lbfgs solver):
 *   binary with one sigmoid unit, multinomial with one softmax layer.
 * - tnn_lbfgs_minimize(): L-BFGS with a strong-Wolfe line search over any
 *   smooth objective the caller computes.
 * - #TNN_OPT_LBFGS: the same method as a @ref tnn_optimizer, so tnn_fit()
 *   can train any network full batch with it.
 *
 * All of them work in caller memory (size queries first) and never
 * allocate. None keeps global state: calls on different objects may run in
 * different threads at once; one model or workspace must not be used by
 * two calls at the same time. The L-BFGS arithmetic is double precision
 * in both builds.
 * @{
 */

/* The perceptron rule trains: left out of -Dtraining=false builds. */
#if TNN_HAVE_TRAINING

/* ------------------------------------------------------------------ */
/* Perceptron                                                          */
/* ------------------------------------------------------------------ */

/**
 * @brief Bytes of scratch tnn_perceptron_fit() needs for this model.
 *
 * The rule runs on double-precision copies of the weights,
 * (n_inputs + 1) * units doubles, so the float build ends on the same
 * weights as a float64 numpy run (rounded once, at the end).
 * @param[in] model  a model of one dense layer with step activation
 * @param[out] size  the byte count
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (NULL, or not a live model);
 *         TNN_E_UNSUPPORTED (more than one layer, or an activation other
 *         than #TNN_ACT_STEP); TNN_E_OVERFLOW
 */
TNN_NODISCARD
TNN_API tnn_status tnn_perceptron_workspace_size(const tnn_model *model, size_t *size);

/**
 * @brief Trains a one-layer step model with Rosenblatt's perceptron rule.
 *
 * The article's Listing 2: every weight and bias starts at zero; then for
 * each epoch, for each row in order, each unit j computes
 * error = y_j - predict_j(x), with predict_j(x) = 1 when w_j . x + b_j >= 0
 * (so all-zero weights predict 1), and updates w_j += eta * error * x,
 * b_j += eta * error at once, before the next row. Several units learn
 * independently, one target column each. On X1 with eta 0.05 and 150
 * epochs it ends on the float64 Python class's weights (rounded to
 * tnn_real in the float build).
 * @param[in,out] model        one dense layer, #TNN_ACT_STEP; its weights are
 *                             overwritten (only on TNN_OK)
 * @param[in] x                n_rows * n_inputs inputs, row-major
 * @param[in] y                n_rows * units targets, each 0 or 1
 * @param[in] n_rows           rows, at least 1
 * @param[in] eta              learning rate, a normal positive number in tnn_real
 *                             (the weights end there; the article: 0.05)
 * @param[in] epochs           passes over the rows, at least 1 (the article: 150)
 * @param[out] errors_per_epoch  if not NULL, receives @p epochs counts: the
 *                             rows that got at least one update in that
 *                             epoch (misclassified when visited)
 * @param[in] work             scratch, aligned to @ref TNN_ALIGNMENT
 * @param[in] work_size        at least tnn_perceptron_workspace_size()
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (NULL model/x/y/work, not a live
 *         model, n_rows or epochs 0); TNN_E_UNSUPPORTED (model shape, as in
 *         tnn_perceptron_workspace_size()); TNN_E_OUT_OF_RANGE (eta not a
 *         normal positive number in tnn_real, or a target other than 0 and
 *         1); TNN_E_NON_FINITE (NaN or infinity in x); TNN_E_OVERFLOW (n_rows
 *         rows, or @p epochs error counts, could not exist in memory);
 *         TNN_E_BUFFER_TOO_SMALL; TNN_E_MISALIGNED; TNN_E_DIVERGED (a
 *         weight overflowed tnn_real, or a unit's sum w . x + b overflowed
 *         a double, which decides nothing: the model is untouched, the
 *         error counts of the epochs before are written). On every other
 *         error neither the model nor @p errors_per_epoch is touched.
 */
TNN_NODISCARD
TNN_API tnn_status tnn_perceptron_fit(tnn_model *model, const tnn_real *x, const tnn_real *y,
                                      size_t n_rows, double eta, size_t epochs,
                                      size_t *errors_per_epoch, void *work, size_t work_size);

#endif /* TNN_HAVE_TRAINING */

/* L-BFGS and logistic regression: left out of -Dlbfgs=false and
 * -Dtraining=false builds (TNN_HAVE_LBFGS 0). */
#if TNN_HAVE_LBFGS
/* ------------------------------------------------------------------ */
/* L-BFGS minimiser                                                    */
/* ------------------------------------------------------------------ */

/**
 * @brief An objective for tnn_lbfgs_minimize(): its value and gradient at x.
 *
 * @param[in] ctx   the caller's context, passed through
 * @param[in] x     the point, n doubles (do not keep the pointer)
 * @param[in] n     the number of unknowns
 * @param[out] f    the objective's value at x
 * @param[out] grad its gradient, n doubles
 * @return TNN_OK to go on; any other status stops the minimiser, which
 *         returns it. A NaN or infinite f or gradient is not an error: the
 *         line search takes it as "step too long" and tries a shorter one.
 */
typedef tnn_status (*tnn_objective)(void *ctx, const double *x, size_t n, double *f,
                                    double *grad);

/** @brief Why tnn_lbfgs_minimize() stopped. */
typedef enum tnn_lbfgs_stop {
    TNN_LBFGS_GRADIENT = 0,   /**< max |grad_i| <= gtol: converged. */
    TNN_LBFGS_REDUCTION = 1,  /**< The last iteration's relative decrease of f was <= ftol. */
    TNN_LBFGS_MAX_ITER = 2,   /**< max_iter iterations were run. */
    TNN_LBFGS_LINE_SEARCH = 3 /**< No step met the Wolfe conditions, even along
                                   steepest descent (usually rounding noise near a
                                   minimum); x is the best point found. */
} tnn_lbfgs_stop;

/**
 * @brief Settings of the L-BFGS method. Start from
 * @ref TNN_LBFGS_OPTIONS_INIT; the struct may grow at its end, and its
 * leading struct_size tells the library which fields the caller has (see
 * @ref api_stability_sized).
 * A struct_size of 0 (`= {0}`, memset) gives TNN_E_INVALID_ARGUMENT, one
 * larger than this library's (newer headers) TNN_E_UNSUPPORTED.
 *
 * The defaults, given with each field, are those scipy's L-BFGS-B gives
 * scikit-learn 1.2.
 */
typedef struct tnn_lbfgs_options {
    size_t struct_size;     /**< sizeof(tnn_lbfgs_options) of the caller's header. */
    size_t history;         /**< Correction pairs m kept (memory 2 m n doubles), default 10. */
    size_t max_iter;        /**< Iterations, at least 1, default 100. */
    size_t max_line_search; /**< Objective evaluations per line search, at least 1, default 20. */
    double gtol;            /**< Stop when max |grad_i| <= gtol; default 1e-5 (>= 0). */
    double ftol;            /**< Stop when (f_k - f_k+1) / max(|f_k|, |f_k+1|, 1) <= ftol;
                                 default 1e7 * DBL_EPSILON = 2.220446049250313e-09
                                 (>= 0; 0 switches it off). */
    double c1;              /**< Sufficient-decrease constant, default 1e-4. */
    double c2;              /**< Curvature constant, default 0.9; 0 < c1 < c2 < 1. */
} tnn_lbfgs_options;

/**
 * @brief Initialiser of a @ref tnn_lbfgs_options with the default settings:
 * `tnn_lbfgs_options o = TNN_LBFGS_OPTIONS_INIT;`
 */
#define TNN_LBFGS_OPTIONS_INIT                                                                 \
    {                                                                                          \
        sizeof(tnn_lbfgs_options), 10, 100, 20, 1e-5, 2.220446049250313e-09, 1e-4, 0.9         \
    }

/**
 * @brief Outcome of a minimisation. Start from @ref TNN_LBFGS_REPORT_INIT;
 * the library writes only the fields the caller's struct_size covers (see
 * @ref api_stability_sized).
 * A struct_size of 0 (`= {0}`, memset) gives TNN_E_INVALID_ARGUMENT, one
 * larger than this library's (newer headers) TNN_E_UNSUPPORTED.
 */
typedef struct tnn_lbfgs_report {
    size_t struct_size; /**< sizeof(tnn_lbfgs_report) of the caller's header. */
    size_t iterations;  /**< Iterations completed (scipy's nit, sklearn's n_iter_). */
    size_t evaluations; /**< Objective evaluations, the one at the start included. */
    double f;           /**< Objective at the returned point. */
    double grad_max;    /**< max |grad_i| there. */
    uint32_t stop;      /**< Why it stopped: a #tnn_lbfgs_stop. */
} tnn_lbfgs_report;

/**
 * @brief Initialiser of a @ref tnn_lbfgs_report to pass to the library:
 * `tnn_lbfgs_report r = TNN_LBFGS_REPORT_INIT;`
 */
#define TNN_LBFGS_REPORT_INIT                                                                  \
    {                                                                                          \
        sizeof(tnn_lbfgs_report), 0, 0, 0.0, 0.0, TNN_LBFGS_MAX_ITER                           \
    }

/**
 * @brief Bytes of scratch tnn_lbfgs_minimize() needs: (2 m + 4) n + 2 m doubles.
 * @param[in] n        unknowns, at least 1
 * @param[in] history  correction pairs m, at least 1
 * @param[out] size    the byte count
 * @return TNN_OK, TNN_E_INVALID_ARGUMENT (zero n or history, NULL size),
 *         TNN_E_OVERFLOW
 */
TNN_NODISCARD
TNN_API tnn_status tnn_lbfgs_workspace_size(size_t n, size_t history, size_t *size);

/**
 * @brief Minimises a smooth function with L-BFGS (Nocedal's two-loop
 * recursion) and a line search for the strong Wolfe conditions.
 *
 * The first step (and the step after a restart) is steepest descent of
 * length 1; later steps start at the quasi-Newton step 1. Stopping rules
 * follow scipy's L-BFGS-B: the gradient test before the first and after
 * every iteration, the relative-reduction test and the iteration limit
 * after every iteration. When a line search fails, the history is dropped
 * and steepest descent tried once more before giving up
 * (#TNN_LBFGS_LINE_SEARCH, still TNN_OK).
 * @param[in] fn         the objective
 * @param[in] ctx        passed to @p fn
 * @param[in,out] x      n doubles: the start on entry, the minimiser found on
 *                       return (also when @p fn fails: the last accepted point)
 * @param[in] n          unknowns, at least 1
 * @param[in] options    settings, or NULL for the defaults
 * @param[in] work       scratch, aligned to @ref TNN_ALIGNMENT, not aliasing x
 * @param[in] work_size  at least tnn_lbfgs_workspace_size(n, options->history)
 * @param[out] report    outcome (may be NULL)
 * @return TNN_OK (converged or not: see report->stop); TNN_E_INVALID_ARGUMENT
 *         (NULL fn, x or work, n 0); TNN_E_OUT_OF_RANGE (a setting outside
 *         its range); TNN_E_BUFFER_TOO_SMALL; TNN_E_MISALIGNED; TNN_E_OVERFLOW;
 *         TNN_E_DIVERGED (f or the gradient is not finite at the start);
 *         or the status @p fn returned. x is untouched on argument errors.
 */
TNN_NODISCARD
TNN_API tnn_status tnn_lbfgs_minimize(tnn_objective fn, void *ctx, double *x, size_t n,
                                      const tnn_lbfgs_options *options, void *work,
                                      size_t work_size, tnn_lbfgs_report *report);

/* ------------------------------------------------------------------ */
/* Logistic regression                                                 */
/* ------------------------------------------------------------------ */

/** @brief Penalty of tnn_logreg_fit(). */
typedef enum tnn_logreg_penalty {
    TNN_LOGREG_L2 = 0,  /**< (1 / (2 C)) ||W||^2 on the kernel (sklearn's penalty='l2'). */
    TNN_LOGREG_NONE = 1 /**< No penalty (sklearn's penalty=None). */
} tnn_logreg_penalty;

/**
 * @brief Settings of tnn_logreg_fit(). Start from
 * @ref TNN_LOGREG_OPTIONS_INIT; the struct may grow at its end, and its
 * leading struct_size tells the library which fields the caller has (see
 * @ref api_stability_sized).
 * A struct_size of 0 (`= {0}`, memset) gives TNN_E_INVALID_ARGUMENT, one
 * larger than this library's (newer headers) TNN_E_UNSUPPORTED.
 */
typedef struct tnn_logreg_options {
    size_t struct_size;             /**< sizeof(tnn_logreg_options) of the caller's header. */
    uint32_t penalty;               /**< A #tnn_logreg_penalty, default #TNN_LOGREG_L2. */
    double C;                       /**< Inverse penalty strength, finite and > 0, default 1
                                          (ignored without penalty). */
    const tnn_lbfgs_options *lbfgs; /**< Solver settings, or NULL (default) for
                                          scikit-learn's: gtol = tol = 1e-4, max_iter 100
                                          and the rest of @ref TNN_LBFGS_OPTIONS_INIT.
                                          A pointer, so that either struct can grow. */
} tnn_logreg_options;

/**
 * @brief Initialiser of a @ref tnn_logreg_options with scikit-learn's
 * `LogisticRegression()` defaults: `tnn_logreg_options o = TNN_LOGREG_OPTIONS_INIT;`
 */
#define TNN_LOGREG_OPTIONS_INIT                                                                \
    {                                                                                          \
        sizeof(tnn_logreg_options), TNN_LOGREG_L2, 1.0, NULL                                   \
    }

/**
 * @brief Bytes of scratch tnn_logreg_fit() needs for this model and
 * settings: the L-BFGS workspace over the model's parameters, one double
 * copy of them and one row of outputs.
 * @param[in] model    a model as tnn_logreg_fit() takes
 * @param[in] options  settings, or NULL for the defaults
 * @param[out] size    the byte count
 * @return TNN_OK; TNN_E_INVALID_ARGUMENT (NULL size, not a live model);
 *         TNN_E_UNSUPPORTED (model shape); TNN_E_OUT_OF_RANGE (history 0);
 *         TNN_E_OVERFLOW
 */
TNN_NODISCARD
TNN_API tnn_status tnn_logreg_workspace_size(const tnn_model *model,
                                             const tnn_logreg_options *options, size_t *size);

/**
 * @brief Fits logistic regression exactly as scikit-learn's
 * `LogisticRegression(solver='lbfgs')` defines it.
 *
 * With kernel W (n_inputs x units) and biases b of the model's one layer,
 * z = x W + b, it minimises
 *
 *     sum over rows of log-loss(y, z) + (1 / (2 C)) ||W||^2
 *
 * (biases not penalised) from all-zero parameters, as sklearn does:
 * - one #TNN_ACT_SIGMOID unit: binary; y holds one target per row, 0 or
 *   1 (sklearn's coef_ is the kernel column, intercept_ the bias). Several
 *   sigmoid units are independent binary problems, one target column each.
 * - a #TNN_ACT_SOFTMAX layer of k >= 2 units: multinomial, sklearn's
 *   default for more than two classes; y holds one-hot rows (class c ->
 *   1 in column c). sklearn's coef_ row c is kernel column c. From zero
 *   start the biases keep summing to zero, as sklearn's do.
 *
 * Targets may be any probabilities in [0, 1] (the objective is the cross
 * entropy). The objective is computed in double precision from the
 * logits, with a stable log-sum-exp.
 *
 * How it relates to tnn_fit(): tnn_fit() minimises the mean loss; the
 * same optimum is reached by an #TNN_OPT_LBFGS optimizer with
 * #TNN_PARAM_L2 = 1 / (C n_rows) (the sum objective divided by n_rows),
 * BCE or CCE loss and full batch (both compute cross-entropy from the
 * logits). Its gradient tolerance is then in mean units: sklearn's
 * tol corresponds to tol / n_rows.
 * @param[in,out] model    one dense layer (sigmoid, or softmax with >= 2 units);
 *                         its parameters are overwritten, on TNN_OK only
 * @param[in] options      settings, or NULL for the defaults
 * @param[in] x            n_rows * n_inputs inputs, row-major
 * @param[in] y            n_rows * units targets in [0, 1]
 * @param[in] n_rows       rows, at least 1
 * @param[in] work         scratch, aligned to @ref TNN_ALIGNMENT
 * @param[in] work_size    at least tnn_logreg_workspace_size()
 * @param[out] report      outcome (may be NULL): iterations (sklearn's
 *                         n_iter_), evaluations, the objective in sklearn's
 *                         sum form, the final max |gradient| and why it
 *                         stopped; written on TNN_OK only
 * @return TNN_OK (also when max_iter ended it, like sklearn's
 *         ConvergenceWarning: see report->stop); TNN_E_INVALID_ARGUMENT (NULL
 *         model/x/y/work, not a live model, n_rows 0); TNN_E_UNSUPPORTED
 *         (not one layer, or an activation other than sigmoid, or softmax
 *         with one unit); TNN_E_OUT_OF_RANGE (C not finite and > 0 with the
 *         L2 penalty, unknown penalty, a solver setting out of range, a
 *         target outside [0, 1]); TNN_E_NON_FINITE (NaN or infinity in x or
 *         y); TNN_E_BUFFER_TOO_SMALL; TNN_E_MISALIGNED; TNN_E_OVERFLOW;
 *         TNN_E_DIVERGED (the fit ended on non-finite weights). On error
 *         the model is untouched.
 */
TNN_NODISCARD
TNN_API tnn_status tnn_logreg_fit(tnn_model *model, const tnn_logreg_options *options,
                                  const tnn_real *x, const tnn_real *y, size_t n_rows,
                                  void *work, size_t work_size, tnn_lbfgs_report *report);

#endif /* TNN_HAVE_LBFGS */

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* TINYNN_LEARNERS_H */
