#!/usr/bin/python3
"""Writes tests/data/learners_ref.h, the reference numbers of test_learners.c.

Run from anywhere with Debian's interpreter (numpy 1.24, scikit-learn 1.2,
scipy):

    /usr/bin/python3 tests/data/gen_learners_reference.py

What it computes:

- The article's data sets X1, X2, X3 (the article's numpy recipes, then
  StandardScaler) and a larger generated set of 500 rows x 8 correlated
  features with binary and three-class labels. Values are stored in the
  header, so the test is self-contained.
- The perceptron of the article's Listing 2, ported line for line to
  Python, on X1 (eta 0.05, 150 epochs): final weights and the number of
  rows each epoch got wrong. It is run twice: on X1 as numpy has it (what
  the double build sees) and on X1 rounded to float32 (what the float
  build sees); the updates are float64 in both.
- scikit-learn's LogisticRegression() (lbfgs, L2, C = 1) with its default
  stopping rules, and the true optimum of the same objective
      sum_i log_loss_i + 1 / (2 C) ||W||^2     (intercepts not penalised)
  solved to a gradient of ~1e-12 by sklearn's newton-cg and cross-checked
  against scipy's L-BFGS-B with its relative-reduction test switched off.
  The test compares libtinynn with the true optimum; the header records how
  far sklearn's default stop is from it.
- Reference decision grids on the article's 500 x 500 grids (np.arange with
  a float step, as its plot_boundary does), from the perceptron's weights
  and from sklearn's coefficients, stored run-length encoded.

Doubles are written as hexadecimal floating literals, exact by construction.
"""
import os
import warnings

import numpy as np
import scipy
import sklearn
from scipy import optimize
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "learners_ref.h")


# ----------------------------------------------------------------- data sets
def dataset_x1():
    np.random.seed(3)
    x = np.random.randn(30, 2)
    y = np.random.choice((0, 1), size=30)
    x[y == 1, 0] -= 4
    x[y == 1, 1] += 4
    return StandardScaler().fit_transform(x), y.astype(float)


def dataset_x2():
    np.random.seed(0)
    xt1 = np.random.randn(50, 3) * 0.4 + [-2, 1, 0]
    xt2 = np.random.randn(50, 3) * 0.4 + [1, 4, 3]
    y = np.array([0] * 50 + [1] * 50, dtype=float)
    return StandardScaler().fit_transform(np.vstack((xt1, xt2))), y


def dataset_x3():
    np.random.seed(0)
    xt1 = np.random.randn(50, 2) * 0.4 + [2, 1]
    xt2 = np.random.randn(50, 2) * 0.7 + [6, 4]
    xt3 = np.random.randn(50, 2) * 0.5 + [2, 6]
    y = np.array([1] * 50 + [2] * 50 + [3] * 50)
    return StandardScaler().fit_transform(np.vstack((xt1, xt2, xt3))), y


def dataset_big():
    """500 x 8, columns correlated through a random mixing matrix, not
    standardised (so the problem is moderately ill-conditioned), with
    noisy linear labels: binary and three classes."""
    rs = np.random.RandomState(2025)
    mix = rs.randn(8, 8) * 0.5 + np.eye(8)
    x = rs.randn(500, 8) @ mix + rs.uniform(-1, 1, size=8)
    beta = rs.randn(8)
    y_bin = (x @ beta + 0.3 + 1.5 * rs.randn(500) > 0).astype(float)
    b3 = rs.randn(8, 3)
    y3 = np.argmax(x @ b3 + 1.5 * rs.randn(500, 3), axis=1)
    return x, y_bin, y3


# --------------------------------------------------- Listing 2, line for line
class Perceptron:
    def __init__(self, eta=0.05, n_iter=150):
        self.eta = eta
        self.n_iter = n_iter

    def fit(self, X, y):
        self.w_ = np.zeros(1 + X.shape[1])
        self.errors_ = []
        for _ in range(self.n_iter):
            errors = 0
            for xi, target in zip(X, y):
                update = self.eta * (target - self.predict(xi))
                self.w_[1:] += update * xi
                self.w_[0] += update
                errors += int(update != 0.0)
            self.errors_.append(errors)
        return self

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def predict(self, X):
        return np.where(self.net_input(X) >= 0.0, 1, 0)


# ------------------------------------------------------ logistic regression
def objective(w, x, onehot, C, multinomial):
    """sklearn's objective and gradient; w = [W (k x d) row-major, b (k)]."""
    n, d = x.shape
    k = onehot.shape[1]
    W = w[: k * d].reshape(k, d)
    b = w[k * d:]
    z = x @ W.T + b
    if multinomial:
        zmax = z.max(axis=1, keepdims=True)
        lse = zmax[:, 0] + np.log(np.exp(z - zmax).sum(axis=1))
        f = np.sum(lse - np.sum(onehot * z, axis=1))
        p = np.exp(z - lse[:, None])
    else:
        f = np.sum(np.logaddexp(0, z) - onehot * z)
        p = 1 / (1 + np.exp(-z))
    r = p - onehot
    gW = r.T @ x
    gb = r.sum(axis=0)
    if C is not None:
        f += 0.5 / C * np.sum(W * W)
        gW = gW + W / C
    return f, np.concatenate([gW.ravel(), gb])


def fit_logreg(x, labels, C):
    """Returns (default fit, tight optimum, facts) for one problem."""
    classes = np.unique(labels)
    multinomial = classes.size > 2
    penalty = "l2" if C is not None else None
    kw = dict(penalty=penalty) if C is None else dict(C=C)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        default = LogisticRegression(**kw).fit(x, labels)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        tight = LogisticRegression(solver="newton-cg", tol=1e-14, max_iter=10000, **kw)
        tight.fit(x, labels)
    k = classes.size if multinomial else 1
    onehot = (labels[:, None] == classes[None, :]).astype(float) if multinomial \
        else (labels == classes[1]).astype(float)[:, None]
    w_tight = np.concatenate([tight.coef_.ravel(), tight.intercept_])
    # Polish newton-cg's answer with exact Newton steps (pseudo-inverse: the
    # multinomial intercepts have a flat direction), then cross-check with
    # scipy's L-BFGS-B, its relative-reduction test switched off.
    w_opt = w_tight.copy()
    for _ in range(20):
        g = objective(w_opt, x, onehot, C, multinomial)[1]
        if np.max(np.abs(g)) < 1e-11:
            break
        w_opt = w_opt - np.linalg.pinv(hessian(w_opt, x, C, multinomial, k_of(onehot))) @ g
    g_opt = objective(w_opt, x, onehot, C, multinomial)[1]
    assert np.max(np.abs(g_opt)) < 1e-9, np.max(np.abs(g_opt))
    res = optimize.minimize(objective, w_tight, args=(x, onehot, C, multinomial), jac=True,
                            method="L-BFGS-B",
                            options=dict(gtol=1e-12, ftol=0, maxiter=100000, maxcor=30))
    assert np.max(np.abs(res.x - w_opt)) < 1e-6, np.max(np.abs(res.x - w_opt))
    w_def = np.concatenate([default.coef_.ravel(), default.intercept_])
    f_def = objective(w_def, x, onehot, C, multinomial)[0]
    facts = dict(
        k=k, d=x.shape[1], n_iter=int(default.n_iter_[0]),
        default_gap=float(np.max(np.abs(w_def - w_opt))),
        f_opt=float(objective(w_opt, x, onehot, C, multinomial)[0]), f_default=float(f_def),
        grad_opt=float(np.max(np.abs(g_opt))),
        lbfgsb_vs_newton=float(np.max(np.abs(res.x - w_opt))),
        newtoncg_vs_opt=float(np.max(np.abs(w_tight - w_opt))))
    return w_def, w_opt, onehot, facts


def k_of(onehot):
    return onehot.shape[1]


def hessian(w, x, C, multinomial, k):
    """Exact Hessian of objective(), parameters ordered as there."""
    n, d = x.shape
    W = w[: k * d].reshape(k, d)
    b = w[k * d:]
    z = x @ W.T + b
    if multinomial:
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
    else:
        p = 1 / (1 + np.exp(-z))
    xt = np.c_[x, np.ones(n)]
    H = np.zeros((k * (d + 1), k * (d + 1)))
    for a in range(k):
        for c in range(k):
            if multinomial:
                s = p[:, a] * ((a == c) - p[:, c])
            else:
                s = p[:, a] * (1 - p[:, a])
            blk = (xt * s[:, None]).T @ xt
            ia = list(range(a * d, a * d + d)) + [k * d + a]
            ic = list(range(c * d, c * d + d)) + [k * d + c]
            H[np.ix_(ia, ic)] += blk
    if C is not None:
        H[: k * d, : k * d] += np.eye(k * d) / C
    return H


# --------------------------------------------------------------- grids
def article_axis(lo, hi):
    return np.arange(lo, hi, (hi - lo) / 500)


def grid_points(lims):
    g1 = article_axis(lims[0], lims[1])
    g2 = article_axis(lims[2], lims[3])
    xx1, xx2 = np.meshgrid(g1, g2)
    return g1, g2, np.c_[xx1.ravel(), xx2.ravel()]


def run_length(classes):
    runs = []
    cur, count = int(classes[0]), 0
    for c in classes:
        if int(c) == cur:
            count += 1
        else:
            runs += [cur, count]
            cur, count = int(c), 1
    runs += [cur, count]
    return runs


# --------------------------------------------------------------- writing
def hexd(v):
    return float(v).hex()


def array(name, values, ctype="double", per_line=3):
    values = list(values)
    fmt = hexd if ctype == "double" else str
    lines = []
    for i in range(0, len(values), per_line):
        lines.append("    " + ", ".join(fmt(v) for v in values[i:i + per_line]) + ",")
    return ("static const %s %s[%d] LRREF_UNUSED = {\n%s\n};\n"
            % (ctype, name, len(values), "\n".join(lines)))


def main():
    out = []
    w = out.append
    x1, y1 = dataset_x1()
    x2, y2 = dataset_x2()
    x3, y3 = dataset_x3()
    xb, yb, yb3 = dataset_big()

    w("/*\n * learners_ref.h - reference numbers for tests/test_learners.c.\n *\n")
    w(" * GENERATED by tests/data/gen_learners_reference.py (numpy %s, scikit-learn %s,\n"
      " * scipy %s); do not edit by hand. See the script for the definitions.\n */\n"
      % (np.__version__, sklearn.__version__, scipy.__version__))
    w("#ifndef TINYNN_TESTS_LEARNERS_REF_H\n#define TINYNN_TESTS_LEARNERS_REF_H\n\n")
    w("#include <stddef.h>\n\n")
    w("#if defined(__GNUC__) || defined(__clang__)\n#define LRREF_UNUSED __attribute__((unused))\n"
      "#else\n#define LRREF_UNUSED\n#endif\n\n")

    w("/* ---- data sets (standardised like the article) ---- */\n")
    for name, x, y in (("x1", x1, y1), ("x2", x2, y2), ("x3", x3, y3.astype(float)),
                       ("big", xb, yb)):
        w("#define LRREF_%s_ROWS %d\n#define LRREF_%s_COLS %d\n"
          % (name.upper(), x.shape[0], name.upper(), x.shape[1]))
        w(array("lrref_%s_x" % name, x.ravel()))
        w(array("lrref_%s_y" % name, y))
    w("/* three-class labels 0..2 of the big set */\n")
    w(array("lrref_big_y3", yb3.astype(float)))

    w("\n/* ---- perceptron (Listing 2) on X1, eta 0.05, 150 epochs ---- */\n")
    eta, epochs = 0.05, 150
    p64 = Perceptron(eta, epochs).fit(x1, y1)
    p32 = Perceptron(eta, epochs).fit(x1.astype(np.float32).astype(np.float64), y1)
    w("#define LRREF_PERCEPTRON_ETA %s\n#define LRREF_PERCEPTRON_EPOCHS %d\n" % (hexd(eta), epochs))
    w("/* [w0 (bias), w1, w2] on X1 as numpy has it */\n")
    w(array("lrref_perceptron_w", p64.w_))
    w("/* the same run on X1 rounded to float32 (the float build's data) */\n")
    w(array("lrref_perceptron_w_f32data", p32.w_))
    w(array("lrref_perceptron_errors", p64.errors_, "size_t", 15))
    w(array("lrref_perceptron_errors_f32data", p32.errors_, "size_t", 15))
    first_z = float(np.dot(x1[0], np.zeros(2)) + 0.0)
    assert first_z == 0.0  # the tie: w = 0 predicts 1 on the first row
    print("y1[0] =", y1[0], "perceptron w =", p64.w_, "(f32 data:", p32.w_, ") errors", p64.errors_[:12])

    w("\n/* ---- logistic regression: sklearn defaults and the true optimum ----\n"
      " * Parameters: W (k x d, row-major: sklearn's coef_), then b (k: intercept_). */\n")
    problems = (("x1", x1, y1, 1.0), ("x2", x2, y2, 1.0), ("x3", x3, y3, 1.0),
                ("big", xb, yb, 1.0), ("big_c01", xb, yb, 0.1),
                ("big_nopenalty", xb, yb, None), ("big3", xb, yb3, 1.0))
    facts_all = {}
    for name, x, y, C in problems:
        w_def, w_opt, onehot, facts = fit_logreg(x, y, C)
        facts_all[name] = (facts, w_def, w_opt)
        up = name.upper()
        w("#define LRREF_LR_%s_CLASSES %d  /* weight vectors */\n" % (up, facts["k"]))
        w("#define LRREF_LR_%s_C %s\n" % (up, hexd(C) if C is not None else "0.0 /* no penalty */"))
        w("#define LRREF_LR_%s_SKLEARN_N_ITER %d\n" % (up, facts["n_iter"]))
        w("#define LRREF_LR_%s_SKLEARN_GAP %s  /* max |sklearn default - optimum| = %.3g */\n"
          % (up, hexd(facts["default_gap"]), facts["default_gap"]))
        w("#define LRREF_LR_%s_OBJECTIVE %s  /* at the optimum: %.17g */\n"
          % (up, hexd(facts["f_opt"]), facts["f_opt"]))
        w(array("lrref_lr_%s_sklearn" % name, w_def))
        w(array("lrref_lr_%s_optimum" % name, w_opt))
        print("%-14s k=%d n_iter=%3d gap(default, optimum)=%.3g  f_opt=%.12g f_default-f_opt=%.3g"
              " |g_opt|=%.2g lbfgsb-vs-opt=%.2g newtoncg-vs-opt=%.2g"
              % (name, facts["k"], facts["n_iter"], facts["default_gap"], facts["f_opt"],
                 facts["f_default"] - facts["f_opt"], facts["grad_opt"],
                 facts["lbfgsb_vs_newton"], facts["newtoncg_vs_opt"]))
        print("    sklearn coef", np.array2string(w_def, precision=6, max_line_width=200))

    w("\n/* ---- decision grids (500 x 500 cells, row-major: x2 outer, x1 inner) ----\n"
      " * Axes are np.arange(lo, hi, (hi - lo) / 500) with the article's limits read off\n"
      " * its figures 4/11 (X1) and 14 (X3). Classes are run-length encoded as\n"
      " * (class, count) pairs. Perceptron: w.x + b >= 0; sklearn: argmax of\n"
      " * decision_function (binary: > 0), computed by numpy in float64. */\n")
    grids = (("x1", [-2.3, 1.8, -1.9, 2.2]), ("x3", [-2.2, 2.4, -2.5, 2.1]))
    pts = {}
    for name, lims in grids:
        g1, g2, p = grid_points(lims)
        pts[name] = p
        w("#define LRREF_GRID_%s_N1 %d\n#define LRREF_GRID_%s_N2 %d\n"
          % (name.upper(), g1.size, name.upper(), g2.size))
        w(array("lrref_grid_%s_axis1" % name, g1))
        w(array("lrref_grid_%s_axis2" % name, g2))
    wp = p64.w_
    perc = (np.dot(pts["x1"], wp[1:]) + wp[0] >= 0).astype(int)
    _, w_def1, _ = facts_all["x1"]
    lr1 = (pts["x1"] @ w_def1[:2] + w_def1[2] > 0).astype(int)
    _, w_def3, _ = facts_all["x3"]
    W3 = w_def3[:6].reshape(3, 2)
    lr3 = np.argmax(pts["x3"] @ W3.T + w_def3[6:], axis=1)
    for name, cls in (("perceptron_x1", perc), ("logreg_x1", lr1), ("logreg_x3", lr3)):
        runs = run_length(cls)
        w("#define LRREF_GRID_%s_N_RUNS %d\n" % (name.upper(), len(runs) // 2))
        w(array("lrref_grid_%s_runs" % name, runs, "size_t", 12))
        print("grid", name, "runs", len(runs) // 2, "class counts", np.bincount(cls))

    w("\n#endif /* TINYNN_TESTS_LEARNERS_REF_H */\n")
    with open(OUT, "w") as f:
        f.write("".join(out))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
