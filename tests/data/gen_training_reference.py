#!/usr/bin/python3
"""Independent float64 reference for libtinynn's training numbers.

Writes tests/data/training_ref.h (next to this script). Run it with Debian's
Python, which has numpy, scikit-learn and PyTorch:

    /usr/bin/python3 tests/data/gen_training_reference.py

The numbers follow the library's definitions, which follow Keras:

* Dense layers hold a kernel of shape (fan_in, units), row-major (Keras
  layout), and z = x @ K + b.
* Binary cross-entropy is computed from the sigmoid's logit z, as Keras's fit
  does (tf.nn.sigmoid_cross_entropy_with_logits):
  max(z, 0) - z y + log1p(exp(-|z|)); a row's loss is the mean over its
  outputs and the batch loss the mean over rows.  Its gradient with respect
  to z is (p - y) / (rows * outputs), with no clipping anywhere.
* MSE is the mean over rows and outputs of (a - y)^2.
* Adam is Keras's (keras/src/optimizers/adam.py): the bias corrections are
  folded into the step size and epsilon is added to sqrt(v), not to the
  bias-corrected sqrt(v_hat) as torch.optim.Adam does, so torch.optim.Adam
  is deliberately not used here.
* SGD with momentum is Keras's: velocity = momentum * velocity - lr * g,
  w += velocity (Nesterov: w += momentum * velocity - lr * g).
* Full batch: one update per epoch; history[e] is the loss at the weights
  before epoch e's update, which is what Keras's History records when the
  batch is the whole data set.

Every input, target and initial weight is rounded to float32 first, so that a
float and a double build of the library start from exactly these numbers.
Everything after that is float64.

numpy (hand-written backprop) and PyTorch (autograd, float64) compute every
recorded number independently; the script stops with an error if they
disagree by more than 1e-12.
"""

import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
from sklearn.preprocessing import StandardScaler

ADAM = dict(lr=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7)
TOL = 1e-12
HISTORY_EPOCHS = 100
CHECKPOINTS = (0, 1, 10, 100)

OUT = Path(__file__).resolve().parent / "training_ref.h"


def f32(a):
    """Round to float32 and hold as float64 (see the module docstring)."""
    return np.asarray(a, dtype=np.float64).astype(np.float32).astype(np.float64)


# --------------------------------------------------------------------------
# Data sets and initial weights (the article's recipes)
# --------------------------------------------------------------------------

def make_x4():
    """X4, y4: the L-shaped band around a square, standardised.

    Returns the float64 standardised data as scikit-learn produces it, the
    labels, the scaler's mean and scale, and the number of label-1 rows.
    """
    np.random.seed(0)
    n = 1550
    xt1 = np.random.uniform(low=[0, 0], high=[4, 4], size=(n, 2))
    xt1 = xt1[~((xt1[:, 0] < 3) & (xt1[:, 1] < 3))]
    # Same generator, continuing: the second draw depends on the first.
    xt2 = np.random.uniform(low=[0, 0], high=[4, 4], size=(n, 2))
    xt2 = xt2[~((xt2[:, 0] > 2.3) | (xt2[:, 1] > 2.3))]
    x = np.vstack([xt1, xt2])
    y = np.concatenate([np.ones(len(xt1)), np.zeros(len(xt2))]).reshape(-1, 1)
    scaler = StandardScaler()
    xs = scaler.fit_transform(x)
    return xs, y, scaler.mean_.copy(), scaler.scale_.copy(), len(xt1)


def make_x5():
    x = np.linspace(0, 1, 100)
    y = -(x - 0.5) ** 2 + 0.25
    return x.reshape(-1, 1), y.reshape(-1, 1)


def glorot_weights(seed, sizes):
    """Keras-layout Glorot-uniform kernels from numpy's legacy generator.

    sizes = [n_in, units_1, units_2, ...]; layers are drawn in order, each
    kernel as one uniform(-limit, limit, size=(fan_in, units)) call.
    """
    np.random.seed(seed)
    params = []
    for fan_in, units in zip(sizes[:-1], sizes[1:]):
        limit = math.sqrt(6.0 / (fan_in + units))
        params.append(np.random.uniform(-limit, limit, size=(fan_in, units)))
        params.append(np.zeros(units))
    return params


# --------------------------------------------------------------------------
# numpy reference: forward, loss, backprop
# --------------------------------------------------------------------------

def np_forward(params, acts, x):
    """Returns the pre-activations and activations of every layer."""
    zs, as_ = [], [x]
    a = x
    for i, act in enumerate(acts):
        z = a @ params[2 * i] + params[2 * i + 1]
        if act == "relu":
            a = np.maximum(z, 0.0)
        elif act == "sigmoid":
            a = 1.0 / (1.0 + np.exp(-z))
        elif act == "linear":
            a = z
        else:
            raise ValueError(act)
        zs.append(z)
        as_.append(a)
    return zs, as_


def np_loss(loss, z, a, y):
    if loss == "bce":
        row = (np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))).mean(axis=1)
        return row.mean()
    if loss == "mse":
        return ((a - y) ** 2).mean(axis=1).mean()
    raise ValueError(loss)


def np_loss_and_grad(params, acts, loss, x, y):
    zs, as_ = np_forward(params, acts, x)
    a = as_[-1]
    value = np_loss(loss, zs[-1], a, y)
    scale = 1.0 / (y.shape[0] * y.shape[1])
    if loss == "bce":
        # Only sigmoid outputs are paired with BCE here: dL/dz = p - y.
        assert acts[-1] == "sigmoid"
        dz = (a - y) * scale
    else:
        assert acts[-1] == "linear"
        dz = 2.0 * (a - y) * scale
    grads = [None] * len(params)
    for i in reversed(range(len(acts))):
        grads[2 * i] = as_[i].T @ dz
        grads[2 * i + 1] = dz.sum(axis=0)
        if i > 0:
            da = dz @ params[2 * i].T
            if acts[i - 1] == "relu":
                # Derivative 0 at z == 0, as TF's ReluGrad and torch use.
                dz = np.where(zs[i - 1] > 0.0, da, 0.0)
            elif acts[i - 1] == "linear":
                dz = da
            else:
                raise ValueError(acts[i - 1])
    return value, grads


class KerasAdam:
    """Keras's Adam update, written for any array type with sqrt."""

    def __init__(self, params, sqrt, lr, beta_1, beta_2, epsilon):
        self.m = [p * 0.0 for p in params]
        self.v = [p * 0.0 for p in params]
        self.iterations = 0
        self.sqrt = sqrt
        self.lr, self.b1, self.b2, self.eps = lr, beta_1, beta_2, epsilon

    def step(self, params, grads):
        t = self.iterations + 1
        alpha = self.lr * math.sqrt(1.0 - self.b2 ** t) / (1.0 - self.b1 ** t)
        out = []
        for i, (w, g) in enumerate(zip(params, grads)):
            self.m[i] = self.m[i] + (g - self.m[i]) * (1.0 - self.b1)
            self.v[i] = self.v[i] + (g * g - self.v[i]) * (1.0 - self.b2)
            out.append(w - (self.m[i] * alpha) / (self.sqrt(self.v[i]) + self.eps))
        self.iterations += 1
        return out


class KerasSGD:
    def __init__(self, params, lr, momentum, nesterov=False):
        self.vel = [p * 0.0 for p in params]
        self.lr, self.mom, self.nesterov = lr, momentum, nesterov

    def step(self, params, grads):
        out = []
        for i, (w, g) in enumerate(zip(params, grads)):
            self.vel[i] = self.mom * self.vel[i] - self.lr * g
            if self.nesterov:
                out.append(w + (self.mom * self.vel[i] - self.lr * g))
            else:
                out.append(w + self.vel[i])
        return out


def np_train(params, acts, loss, x, y, epochs):
    """Full-batch Keras-Adam training; returns history (epochs + 1 losses,
    the last one at the final weights), final params, and the number of rows
    whose sigmoid output ever left [1e-7, 1 - 1e-7], where BCE's clipped
    probability form would differ from Keras's logit form."""
    opt = KerasAdam(params, np.sqrt, **ADAM)
    history = []
    clipped_rows = 0
    for _ in range(epochs):
        value, grads = np_loss_and_grad(params, acts, loss, x, y)
        history.append(value)
        if loss == "bce":
            a = np_forward(params, acts, x)[1][-1]
            clipped_rows = max(clipped_rows,
                               int(np.count_nonzero((a < 1e-7) | (a > 1 - 1e-7))))
        params = opt.step(params, grads)
    zs, as_ = np_forward(params, acts, x)
    history.append(np_loss(loss, zs[-1], as_[-1], y))
    return np.array(history), params, clipped_rows


# --------------------------------------------------------------------------
# PyTorch cross-check: autograd on the same losses
# --------------------------------------------------------------------------

def torch_loss(params, acts, loss, x, y):
    a = x
    z = x
    for i, act in enumerate(acts):
        z = a @ params[2 * i] + params[2 * i + 1]
        a = {"relu": torch.relu, "sigmoid": torch.sigmoid, "linear": lambda t: t}[act](z)
    if loss == "bce":
        return torch.nn.functional.binary_cross_entropy_with_logits(
            z, y, reduction="none").mean(dim=1).mean()
    return ((a - y) ** 2).mean(dim=1).mean()


def torch_loss_and_grad(params, acts, loss, x, y):
    ps = [p.detach().clone().requires_grad_(True) for p in params]
    value = torch_loss(ps, acts, loss, x, y)
    grads = torch.autograd.grad(value, ps)
    return value.item(), [g.detach() for g in grads]


def torch_train(params_np, acts, loss, x_np, y_np, epochs):
    x = torch.tensor(x_np, dtype=torch.float64)
    y = torch.tensor(y_np, dtype=torch.float64)
    params = [torch.tensor(p, dtype=torch.float64) for p in params_np]
    opt = KerasAdam(params, torch.sqrt, **ADAM)
    history = []
    for _ in range(epochs):
        value, grads = torch_loss_and_grad(params, acts, loss, x, y)
        history.append(value)
        params = opt.step(params, grads)
    with torch.no_grad():
        history.append(torch_loss(params, acts, loss, x, y).item())
    return np.array(history), [p.numpy() for p in params]


def torch_grad(params_np, acts, loss, x_np, y_np):
    x = torch.tensor(x_np, dtype=torch.float64)
    y = torch.tensor(y_np, dtype=torch.float64)
    params = [torch.tensor(p, dtype=torch.float64) for p in params_np]
    _, grads = torch_loss_and_grad(params, acts, loss, x, y)
    return [g.numpy() for g in grads]


def check_adam_against_torch_optim(params_np, acts, loss, x_np, y_np, steps=20):
    """Checks KerasAdam itself, which both paths share, against torch.optim.

    Keras's step alpha * m / (sqrt(v) + eps) equals torch's
    lr * m_hat / (sqrt(v_hat) + eps * sqrt(1 - beta_2^t)), so the two differ
    only through epsilon; with epsilon = 0 they must agree.
    """
    x = torch.tensor(x_np, dtype=torch.float64)
    y = torch.tensor(y_np, dtype=torch.float64)
    mine = [torch.tensor(p, dtype=torch.float64) for p in params_np]
    ref = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in params_np]
    opt = KerasAdam(mine, torch.sqrt, **dict(ADAM, epsilon=0.0))
    topt = torch.optim.Adam(ref, lr=ADAM["lr"], betas=(ADAM["beta_1"], ADAM["beta_2"]), eps=0.0)
    for _ in range(steps):
        mine = opt.step(mine, torch_loss_and_grad(mine, acts, loss, x, y)[1])
        topt.zero_grad()
        torch_loss(ref, acts, loss, x, y).backward()
        topt.step()
    agree("KerasAdam(epsilon=0) vs torch.optim.Adam(eps=0)",
          flat([p.numpy() for p in mine]), flat([p.detach().numpy() for p in ref]))


def flat(arrays):
    return np.concatenate([np.asarray(a, dtype=np.float64).ravel() for a in arrays])


def agree(what, a, b, tol=TOL):
    """Relative-or-absolute agreement: |a - b| <= tol * max(1, |a|)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    err = np.max(np.abs(a - b) / np.maximum(1.0, np.abs(a))) if a.size else 0.0
    if not np.all(np.isfinite(a)) or not np.all(np.isfinite(b)) or err > tol:
        sys.exit(f"FAIL: numpy and torch disagree on {what}: max scaled diff {err:.3e} > {tol:g}")
    return err


# --------------------------------------------------------------------------
# The training cases
# --------------------------------------------------------------------------

def run_case(name, x, y, params0, acts, loss, full_epochs):
    """Everything recorded for one case, each number checked against torch."""
    worst = 0.0
    g_np = np_loss_and_grad(params0, acts, loss, x, y)[1]
    g_t = torch_grad(params0, acts, loss, x, y)
    worst = max(worst, agree(f"{name} initial gradient", flat(g_np), flat(g_t)))

    hist, p100, clip100 = np_train(params0, acts, loss, x, y, HISTORY_EPOCHS)
    hist_t, p100_t = torch_train(params0, acts, loss, x, y, HISTORY_EPOCHS)
    worst = max(worst, agree(f"{name} 100-epoch history", hist, hist_t))
    worst = max(worst, agree(f"{name} weights after 100 steps", flat(p100), flat(p100_t)))

    hist_full, p_full, clip_full = np_train(params0, acts, loss, x, y, full_epochs)
    hist_full_t, p_full_t = torch_train(params0, acts, loss, x, y, full_epochs)
    # The long runs are checked too; the tolerance is the same.
    worst = max(worst, agree(f"{name} {full_epochs}-epoch history", hist_full, hist_full_t))
    worst = max(worst, agree(f"{name} weights after {full_epochs} steps",
                             flat(p_full), flat(p_full_t)))
    assert np.array_equal(hist_full[:HISTORY_EPOCHS + 1], hist)

    rec = dict(
        grad0=flat(g_np),
        history=hist[:HISTORY_EPOCHS],
        losses=np.array([hist[k] for k in CHECKPOINTS]),
        params100=flat(p100),
        final_loss=hist_full[-1],
        params_full=flat(p_full),
        clipped_rows=max(clip100, clip_full),
        worst=worst,
    )
    if loss == "bce":
        zs, as_ = np_forward(p_full, acts, x)
        a, zlast = as_[-1], zs[-1]
        ge = (a >= 0.5).astype(float)      # the library's rule
        gt = (a > 0.5).astype(float)       # Keras's binary_accuracy rule
        rec["final_correct"] = int(np.sum(ge == y))
        rec["final_correct_keras"] = int(np.sum(gt == y))
        rec["final_accuracy"] = rec["final_correct"] / len(y)
        rec["max_abs_z_final"] = float(np.max(np.abs(zlast)))
    return rec


def hand_case():
    """A 2-input, 1-unit linear model with MSE on two rows.

    Chosen so that the gradient is exact in binary and checkable by hand:
    x = [[1, 2], [3, -1]], y = [1, 0], kernel = [0.5, -0.25], bias = 0
    -> a = [0, 1.75], a - y = [-1, 1.75], dL/da = (a - y) (2 / (2 * 1)),
    dL/dK = X^T (a - y) = [4.25, -3.75], dL/db = 0.75, loss = 2.03125.
    """
    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    y = np.array([[1.0], [0.0]])
    params0 = [np.array([[0.5], [-0.25]]), np.array([0.0])]
    acts, loss = ("linear",), "mse"

    def loss_grad(p):
        v, g = np_loss_and_grad(p, acts, loss, x, y)
        gt = torch_grad(p, acts, loss, x, y)
        agree("hand-case gradient", flat(g), flat(gt))
        return v, g

    loss0, g0 = loss_grad(params0)
    assert loss0 == 2.03125 and np.array_equal(flat(g0), [4.25, -3.75, 0.75])

    def run(opt, steps):
        p, out = params0, []
        for _ in range(steps):
            p = opt.step(p, loss_grad(p)[1])
            out.append(flat(p))
        return out

    adam = run(KerasAdam(params0, np.sqrt, **ADAM), 2)
    sgd = run(KerasSGD(params0, lr=0.1, momentum=0.9), 2)
    nes = run(KerasSGD(params0, lr=0.1, momentum=0.9, nesterov=True), 2)

    # The same steps with the torch gradient and torch arithmetic.
    def run_t(make, steps):
        xt, yt = torch.tensor(x), torch.tensor(y)
        p = [torch.tensor(a) for a in params0]
        opt, out = make(p), []
        for _ in range(steps):
            p = opt.step(p, torch_loss_and_grad(p, acts, loss, xt, yt)[1])
            out.append(flat([a.numpy() for a in p]))
        return out

    agree("hand-case Adam", flat(adam), flat(run_t(lambda p: KerasAdam(p, torch.sqrt, **ADAM), 2)))
    agree("hand-case SGD", flat(sgd), flat(run_t(lambda p: KerasSGD(p, 0.1, 0.9), 2)))
    agree("hand-case Nesterov", flat(nes),
          flat(run_t(lambda p: KerasSGD(p, 0.1, 0.9, nesterov=True), 2)))

    # Hand check of SGD-momentum step 1: w1 = w0 - 0.1 g0.
    assert np.allclose(sgd[0], flat(params0) - 0.1 * flat(g0), rtol=0, atol=1e-15)
    return dict(x=x, y=y, params0=flat(params0), loss0=loss0, grad0=flat(g0),
                adam=adam, sgd=sgd, nesterov=nes)


# --------------------------------------------------------------------------
# C header output
# --------------------------------------------------------------------------

def c_num(v):
    s = "%.17g" % float(v)
    # Integers print without a point; keep every literal a double constant.
    if all(ch in "-0123456789" for ch in s):
        s += ".0"
    return s


def c_array(name, values, per_line=4, comment=None):
    vals = [c_num(v) for v in np.asarray(values, dtype=np.float64).ravel()]
    lines = []
    if comment:
        lines.append(f"/* {comment} */")
    lines.append(f"static const double {name}[] TRREF_UNUSED = {{")
    for i in range(0, len(vals), per_line):
        lines.append("    " + ", ".join(vals[i:i + per_line]) + ",")
    lines.append("};")
    return "\n".join(lines)


def c_define(name, value, comment=None):
    text = f"#define {name} {value}"
    return text + (f"  /* {comment} */" if comment else "")


def case_block(P, p, title, x, y, params0, sizes, rec, full_epochs, extra=""):
    """One case: macros prefixed P (upper case), arrays prefixed p."""
    n_params = sum(a.size for a in params0)
    parts = [f"/* {'-' * 70} */", f"/* {title} */", ""]
    parts += [
        c_define(f"{P}_ROWS", x.shape[0]),
        c_define(f"{P}_INPUTS", sizes[0]),
        c_define(f"{P}_HIDDEN", sizes[1]),
        c_define(f"{P}_OUTPUTS", sizes[2]),
        c_define(f"{P}_N_PARAMS", n_params, "kernel0, bias0, kernel1, bias1"),
        c_define(f"{P}_HISTORY_EPOCHS", HISTORY_EPOCHS),
        c_define(f"{P}_FULL_EPOCHS", full_epochs),
        c_define(f"{P}_FINAL_LOSS", c_num(rec["final_loss"]),
                 f"loss at the weights after {full_epochs} Adam steps"),
    ]
    if extra:
        parts.append(extra)
    parts += [
        "",
        c_array(f"{p}_x", x, per_line=sizes[0] * 2,
                comment=f"inputs, {P}_ROWS x {P}_INPUTS row-major (float32 values)"),
        c_array(f"{p}_y", y, per_line=8, comment=f"targets, {P}_ROWS x {P}_OUTPUTS"),
        c_array(f"{p}_kernel0", params0[0], per_line=sizes[1],
                comment=f"initial kernel of layer 0, {P}_INPUTS x {P}_HIDDEN row-major"),
        c_array(f"{p}_bias0", params0[1]),
        c_array(f"{p}_kernel1", params0[2], per_line=sizes[2],
                comment=f"initial kernel of layer 1, {P}_HIDDEN x {P}_OUTPUTS row-major"),
        c_array(f"{p}_bias1", params0[3]),
        c_array(f"{p}_loss", rec["losses"],
                comment="loss at the initial weights and after 1, 10, 100 Adam steps"),
        c_array(f"{p}_history", rec["history"],
                comment=f"history[e]: loss before the update of epoch e, e = 0 .. {HISTORY_EPOCHS - 1}"),
        c_array(f"{p}_grad0", rec["grad0"],
                comment="mean-reduced gradient at the initial weights, "
                        "order kernel0, bias0, kernel1, bias1"),
        c_array(f"{p}_params100", rec["params100"],
                comment="all parameters after 100 Adam steps, same order"),
        c_array(f"{p}_params_full", rec["params_full"],
                comment=f"all parameters after {full_epochs} Adam steps, same order"),
        "",
    ]
    return "\n".join(parts)


def write_header(x4, x5, hand, meta):
    a, b = x4["rec"], x5["rec"]
    out = [
        "/*",
        " * training_ref.h - float64 reference numbers for libtinynn's training tests.",
        " *",
        " * GENERATED by tests/data/gen_training_reference.py; do not edit by hand.",
        " * Regenerate from the repository root with Debian's Python (numpy,",
        " * scikit-learn and PyTorch):",
        " *",
        " *     /usr/bin/python3 tests/data/gen_training_reference.py",
        " *",
        " * Definitions (see the script's docstring): Keras-layout dense layers",
        " * z = x @ K + b; BCE from the output's logits as Keras's fit computes it",
        " * (sigmoid_cross_entropy_with_logits), mean over outputs then rows; MSE",
        " * mean over outputs then",
        " * rows; Keras Adam (lr 1e-3, beta_1 0.9, beta_2 0.999, epsilon 1e-7,",
        " * alpha = lr sqrt(1 - beta_2^t) / (1 - beta_1^t), w -= alpha m / (sqrt(v)",
        " * + epsilon)); full batch, one update per epoch. Inputs, targets and",
        " * initial weights are float32 values; everything else is float64, checked",
        " * against an independent PyTorch autograd computation to 1e-12.",
        " */",
        "#ifndef TINYNN_TESTS_TRAINING_REF_H",
        "#define TINYNN_TESTS_TRAINING_REF_H",
        "",
        "/* A test uses only some of these arrays; keep -Wunused quiet. */",
        "#if defined(__GNUC__) || defined(__clang__)",
        "#define TRREF_UNUSED __attribute__((unused))",
        "#else",
        "#define TRREF_UNUSED",
        "#endif",
        "",
        "#define TRREF_ADAM_LR 0.001",
        "#define TRREF_ADAM_BETA_1 0.9",
        "#define TRREF_ADAM_BETA_2 0.999",
        "#define TRREF_ADAM_EPSILON 1e-7",
        "",
    ]
    x4_extra = "\n".join([
        c_define("TRREF_X4_N_LABEL1", x4["n1"], "the first rows (Xt1) have label 1, the rest 0"),
        c_define("TRREF_X4_FINAL_CORRECT", a["final_correct"],
                 f"rows with (p >= 0.5) == y after {meta['x4_full']} steps"),
        c_define("TRREF_X4_FINAL_ACCURACY", c_num(a["final_accuracy"]),
                 "FINAL_CORRECT / ROWS"),
    ])
    out.append(case_block(
        "TRREF_X4", "trref_x4", "Case (a): X4 (seed 0, StandardScaler), 2-3(ReLU)-1(sigmoid), "
        "BCE, Glorot weights from seed 2", x4["x"], x4["y"], x4["params0"], (2, 3, 1), a,
        meta["x4_full"], x4_extra))
    out.append(c_array("trref_x4_x_exact", x4["x_exact"], per_line=4,
                       comment="X4 standardised in float64 before the float32 rounding, "
                               "TRREF_X4_ROWS x 2: the data generator's exact target"))
    out.append(c_array("trref_x4_scaler_mean", x4["mean"],
                       comment="StandardScaler mean_ of the raw X4 columns"))
    out.append(c_array("trref_x4_scaler_scale", x4["scale"],
                       comment="StandardScaler scale_ (population std, ddof = 0)"))
    out.append("")
    out.append(case_block(
        "TRREF_X5", "trref_x5", "Case (b): X5 = linspace(0, 1, 100), y5 = -(x - 0.5)^2 + 0.25, "
        "1-10(ReLU)-1(linear), MSE, Glorot weights from seed 15",
        x5["x"], x5["y"], x5["params0"], (1, 10, 1), b, meta["x5_full"]))

    out += [
        f"/* {'-' * 70} */",
        "/* Hand case: 2 inputs -> 1 linear unit, MSE, 2 rows.",
        " * x = [[1, 2], [3, -1]], y = [1, 0], kernel = [0.5, -0.25], bias = 0:",
        " * a = [0, 1.75], loss = 2.03125, gradient = [4.25, -3.75, 0.75].",
        " * Parameter vectors are {kernel[0], kernel[1], bias}; stepN holds them",
        " * after N steps. Adam: Keras defaults. SGD: lr 0.1, momentum 0.9. */",
        c_define("TRREF_HAND_ROWS", 2),
        c_define("TRREF_HAND_INPUTS", 2),
        c_define("TRREF_HAND_N_PARAMS", 3),
        c_define("TRREF_HAND_LOSS0", c_num(hand["loss0"])),
        c_define("TRREF_HAND_SGD_LR", "0.1"),
        c_define("TRREF_HAND_SGD_MOMENTUM", "0.9"),
        c_array("trref_hand_x", hand["x"], per_line=2),
        c_array("trref_hand_y", hand["y"]),
        c_array("trref_hand_params0", hand["params0"]),
        c_array("trref_hand_grad0", hand["grad0"]),
        c_array("trref_hand_adam_step1", hand["adam"][0]),
        c_array("trref_hand_adam_step2", hand["adam"][1]),
        c_array("trref_hand_sgd_momentum_step1", hand["sgd"][0]),
        c_array("trref_hand_sgd_momentum_step2", hand["sgd"][1]),
        c_array("trref_hand_sgd_nesterov_step1", hand["nesterov"][0]),
        c_array("trref_hand_sgd_nesterov_step2", hand["nesterov"][1]),
        "",
        "#endif /* TINYNN_TESTS_TRAINING_REF_H */",
        "",
    ]
    OUT.write_text("\n".join(out))


def main():
    t0 = time.perf_counter()
    torch.set_default_dtype(torch.float64)

    x4_exact, y4, mean4, scale4, n1 = make_x4()
    x4 = dict(x=f32(x4_exact), y=f32(y4), x_exact=x4_exact, mean=mean4, scale=scale4, n1=n1,
              params0=[f32(p) for p in glorot_weights(2, [2, 3, 1])])
    x5x, x5y = make_x5()
    x5 = dict(x=f32(x5x), y=f32(x5y), params0=[f32(p) for p in glorot_weights(15, [1, 10, 1])])
    meta = dict(x4_full=2200, x5_full=1500)

    x4["rec"] = run_case("X4", x4["x"], x4["y"], x4["params0"], ("relu", "sigmoid"), "bce",
                         meta["x4_full"])
    x5["rec"] = run_case("X5", x5["x"], x5["y"], x5["params0"], ("relu", "linear"), "mse",
                         meta["x5_full"])
    # X4, not X5: a dead ReLU unit of X5 has exactly zero gradients (0 / 0 here).
    check_adam_against_torch_optim(x4["params0"], ("relu", "sigmoid"), "bce", x4["x"], x4["y"])
    hand = hand_case()
    write_header(x4, x5, hand, meta)

    a, b = x4["rec"], x5["rec"]
    print(f"X4: rows {len(x4['y'])} (label 1: {n1}), params {a['grad0'].size}")
    print("X4 loss epoch0/1/10/100:", " ".join("%.17g" % v for v in a["losses"]))
    print(f"X4 after {meta['x4_full']}: loss %.17g, accuracy %.17g (%d/%d correct with p >= 0.5;"
          " %d with Keras's p > 0.5); max |z_out| %.3f; rows ever clipped: %d"
          % (a["final_loss"], a["final_accuracy"], a["final_correct"], len(x4["y"]),
             a["final_correct_keras"], a["max_abs_z_final"], a["clipped_rows"]))
    print("X5 loss epoch0/1/10/100:", " ".join("%.17g" % v for v in b["losses"]))
    print(f"X5 after {meta['x5_full']}: loss %.17g" % b["final_loss"])
    print("hand: adam1", hand["adam"][0], "sgd1", hand["sgd"][0], "sgd2", hand["sgd"][1])
    print(f"worst numpy/torch scaled difference: X4 {a['worst']:.2e}, X5 {b['worst']:.2e}")
    print(f"wrote {OUT} in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
