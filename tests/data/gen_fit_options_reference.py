#!/usr/bin/python3
"""Independent float64 reference for tnn_fit()'s validation rows, L2 kernel
penalty and early stopping.

Writes tests/data/fit_options_ref.h (next to this script). Run it with
Debian's Python, which has numpy and PyTorch:

    /usr/bin/python3 tests/data/gen_fit_options_reference.py

What it computes, with PyTorch autograd in float64, follows Keras 3:

* The loss of a step is the batch's mean data loss plus Keras's
  ``kernel_regularizer=l2(lambda)`` on every dense layer:
  lambda * sum(kernel ** 2), biases excluded
  (keras/src/regularizers/regularizers.py, L2). Autograd differentiates the
  whole sum, so the step sees the data gradient plus 2 lambda w.
* The history's loss is that batch loss at the weights before the step,
  averaged over the epoch's batches weighted by their rows (Keras's loss
  tracker, updated with sample_weight = batch rows); the accuracy likewise,
  counted before each step.
* ``val_loss`` is model.evaluate's loss at the epoch's final weights: the
  validation rows' mean data loss plus the same penalty (Keras's test_step
  calls compute_loss, which adds model.losses); ``val_accuracy`` the
  accuracy there.
* EarlyStopping (keras/src/callbacks/early_stopping.py, mode "min",
  restore_best_weights): best starts at +inf; every epoch wait += 1; an
  epoch improves when current - (-min_delta) < best, which sets best, the
  best epoch and its weights and resets wait to 0; otherwise training stops
  once wait >= patience and epoch > 0. At the end of training the best
  weights are restored whether or not training stopped early (Keras 3's
  on_train_end).
* Adam is Keras's (epsilon added to sqrt(v), the bias corrections folded
  into the step size), written out below; SGD with momentum is
  torch.optim.SGD, which equals Keras's SGD for a constant learning rate
  (Keras's velocity is -lr times torch's momentum buffer).
* Binary accuracy is (p > 0.5) == (y >= 0.5); categorical accuracy
  argmax(p) == argmax(y).

Inputs, targets and initial weights are rounded to float32 first, so that a
float and a double build of the library start from exactly these numbers.
The batches are taken in row order (no shuffling).
"""

import math
from pathlib import Path

import numpy as np
import torch

OUT = Path(__file__).resolve().parent / "fit_options_ref.h"


def f32(a):
    return np.asarray(a, dtype=np.float64).astype(np.float32).astype(np.float64)


# --------------------------------------------------------------------------
# Data and initial weights
# --------------------------------------------------------------------------

def binary_data(rs, n, noise):
    x = rs.randn(n, 2)
    y = ((x[:, 0] + 0.5 * x[:, 1] + noise * rs.randn(n)) > 0).astype(float).reshape(-1, 1)
    return f32(x), f32(y)


def three_class_data(rs, n):
    x = rs.randn(n, 3)
    score = np.stack([x[:, 0], x[:, 1] - 0.5 * x[:, 2], 0.3 + 0.2 * rs.randn(n)], axis=1)
    labels = np.argmax(score + 0.3 * rs.randn(n, 3), axis=1)
    return f32(x), f32(np.eye(3)[labels])


def initial_weights(rs, sizes, limit):
    params = []
    for fan_in, units in zip(sizes[:-1], sizes[1:]):
        params.append(f32(rs.uniform(-limit, limit, size=(fan_in, units))))
        params.append(f32(rs.uniform(-0.1, 0.1, size=units)))
    return params


# --------------------------------------------------------------------------
# The model, its loss and Keras's optimizers (torch, float64)
# --------------------------------------------------------------------------

class Net:
    """hidden tanh layer, then a sigmoid (BCE) or softmax (CCE) output."""

    def __init__(self, loss):
        self.loss = loss

    def logits(self, p, x):
        return torch.tanh(x @ p[0] + p[1]) @ p[2] + p[3]

    def data_loss(self, p, x, y):
        z = self.logits(p, x)
        if self.loss == "bce":
            return torch.nn.functional.binary_cross_entropy_with_logits(z, y)
        return -(y * torch.log_softmax(z, dim=1)).sum(dim=1).mean()

    def correct(self, p, x, y):
        z = self.logits(p, x)
        if self.loss == "bce":
            return int(((torch.sigmoid(z) > 0.5) == (y >= 0.5)).sum())
        return int((torch.argmax(z, dim=1) == torch.argmax(y, dim=1)).sum())


def penalty(p, l2):
    return l2 * sum((k ** 2).sum() for k in p[0::2])


class KerasAdam:
    def __init__(self, params, lr):
        self.p = params
        self.m = [torch.zeros_like(q) for q in params]
        self.v = [torch.zeros_like(q) for q in params]
        self.t = 0
        self.lr = lr

    def zero_grad(self):
        for q in self.p:
            q.grad = None

    @torch.no_grad()
    def step(self):
        self.t += 1
        alpha = self.lr * math.sqrt(1.0 - 0.999 ** self.t) / (1.0 - 0.9 ** self.t)
        for q, m, v in zip(self.p, self.m, self.v):
            g = q.grad
            m += (g - m) * (1.0 - 0.9)
            v += (g * g - v) * (1.0 - 0.999)
            q -= alpha * m / (torch.sqrt(v) + 1e-7)


def make_optimizer(kind, params, lr):
    if kind == "adam":
        return KerasAdam(params, lr)
    return torch.optim.SGD(params, lr=lr, momentum=0.9)


class EarlyStopping:
    """Keras's EarlyStopping in mode "min" with restore_best_weights."""

    def __init__(self, patience, min_delta):
        self.patience, self.min_delta = patience, -abs(min_delta)
        self.best, self.wait, self.best_epoch, self.best_weights = math.inf, 0, 0, None
        self.stopped_epoch = 0
        self.margin = math.inf  # how far every decision is from its threshold

    def on_epoch_end(self, epoch, current, weights):
        if self.best_weights is None:
            self.best_weights, self.best_epoch = weights, epoch
        self.wait += 1
        if self.best < math.inf:
            self.margin = min(self.margin, abs((current - self.min_delta) - self.best))
        if current - self.min_delta < self.best:
            self.best, self.best_epoch, self.best_weights = current, epoch, weights
            self.wait = 0
            return False
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            return True
        return False


def train(case, epochs, stopper=None, monitor="val_loss"):
    """Keras's fit with validation_data: returns the history, the final
    weights (after any restore) and the stopper."""
    net = Net(case["loss"])
    p = [torch.tensor(a, requires_grad=True) for a in case["params0"]]
    x, y = torch.tensor(case["x"]), torch.tensor(case["y"])
    xv, yv = torch.tensor(case["val_x"]), torch.tensor(case["val_y"])
    opt = make_optimizer(case["optimizer"], p, case["lr"])
    n, batch, l2 = len(x), case["batch"] or len(case["x"]), case["l2"]
    hist = {k: [] for k in ("loss", "accuracy", "val_loss", "val_accuracy")}
    for epoch in range(epochs):
        loss_sum, correct = 0.0, 0
        for first in range(0, n, batch):
            xb, yb = x[first:first + batch], y[first:first + batch]
            opt.zero_grad()
            loss = net.data_loss(p, xb, yb) + penalty(p, l2)
            with torch.no_grad():
                correct += net.correct(p, xb, yb)
            loss.backward()
            loss_sum += loss.item() * len(xb)
            opt.step()
        with torch.no_grad():
            val_loss = (net.data_loss(p, xv, yv) + penalty(p, l2)).item()
            val_correct = net.correct(p, xv, yv)
        hist["loss"].append(loss_sum / n)
        hist["accuracy"].append(correct / n)
        hist["val_loss"].append(val_loss)
        hist["val_accuracy"].append(val_correct / len(xv))
        weights = np.concatenate([q.detach().numpy().ravel() for q in p])
        if stopper is not None and stopper.on_epoch_end(epoch, hist[monitor][-1], weights):
            break
    final = np.concatenate([q.detach().numpy().ravel() for q in p])
    if stopper is not None and stopper.best_weights is not None:
        final = stopper.best_weights
    return {k: np.array(v) for k, v in hist.items()}, final


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

def binary_case(optimizer, lr, batch, l2):
    rs = np.random.RandomState(11)
    x, y = binary_data(rs, 24, 1.0)
    val_x, val_y = binary_data(rs, 16, 1.0)
    return dict(loss="bce", sizes=(2, 4, 1), x=x, y=y, val_x=val_x, val_y=val_y,
                params0=initial_weights(rs, (2, 4, 1), 0.8), optimizer=optimizer, lr=lr,
                batch=batch, l2=l2)


def class_case():
    rs = np.random.RandomState(5)
    x, y = three_class_data(rs, 24)
    val_x, val_y = three_class_data(rs, 12)
    return dict(loss="cce", sizes=(3, 5, 3), x=x, y=y, val_x=val_x, val_y=val_y,
                params0=initial_weights(rs, (3, 5, 3), 0.7), optimizer="sgd", lr=0.1, batch=8,
                l2=0.005)


# --------------------------------------------------------------------------
# C header
# --------------------------------------------------------------------------

def c_num(v):
    s = "%.17g" % float(v)
    if all(ch in "-0123456789" for ch in s):
        s += ".0"
    return s


def c_array(name, values, per_line=4):
    vals = [c_num(v) for v in np.asarray(values, dtype=np.float64).ravel()]
    lines = [f"static const double {name}[] FOREF_UNUSED = {{"]
    for i in range(0, len(vals), per_line):
        lines.append("    " + ", ".join(vals[i:i + per_line]) + ",")
    lines.append("};")
    return "\n".join(lines)


def case_arrays(p, case):
    flat0 = np.concatenate([a.ravel() for a in case["params0"]])
    return [
        c_array(f"{p}_x", case["x"], case["sizes"][0]),
        c_array(f"{p}_y", case["y"], case["sizes"][2]),
        c_array(f"{p}_val_x", case["val_x"], case["sizes"][0]),
        c_array(f"{p}_val_y", case["val_y"], case["sizes"][2]),
        c_array(f"{p}_params0", flat0),
    ]


def run_arrays(p, hist, final):
    return [c_array(f"{p}_{k}", v) for k, v in hist.items()] + [c_array(f"{p}_params", final)]


def main():
    torch.set_default_dtype(torch.float64)
    out = ["/*",
           " * fit_options_ref.h - float64 reference numbers for tnn_fit()'s validation",
           " * rows, L2 kernel penalty and early stopping (tests/test_fit_options.c).",
           " *",
           " * GENERATED by tests/data/gen_fit_options_reference.py; do not edit by hand.",
           " * Regenerate from the repository root with Debian's Python (numpy, PyTorch):",
           " *",
           " *     /usr/bin/python3 tests/data/gen_fit_options_reference.py",
           " *",
           " * Keras 3's definitions (see the script's docstring): loss = mean data loss",
           " * + l2 * sum(kernel^2); history loss and accuracy before each step,",
           " * row-weighted over the batches; val_loss and val_accuracy at the epoch's",
           " * final weights, val_loss with the penalty; EarlyStopping mode min with",
           " * restore_best_weights. Parameters in the library's order: kernel0 (row-",
           " * major, inputs x units), bias0, kernel1, bias1. Batches in row order.",
           " */",
           "#ifndef TINYNN_TESTS_FIT_OPTIONS_REF_H",
           "#define TINYNN_TESTS_FIT_OPTIONS_REF_H",
           "",
           "#if defined(__GNUC__) || defined(__clang__)",
           "#define FOREF_UNUSED __attribute__((unused))",
           "#else",
           "#define FOREF_UNUSED",
           "#endif",
           ""]

    # (a) 2-4(tanh)-1(sigmoid), BCE, Adam lr 0.02, full batch, l2 0.01, 8 epochs
    b = binary_case("adam", 0.02, 0, 0.01)
    hist, final = train(b, 8)
    out += ["/* Binary case: 2-4(tanh)-1(sigmoid), BCE, 24 training and 16 validation",
            " * rows. Run ADAM_L2: Adam lr 0.02, full batch, l2 0.01, 8 epochs. */",
            "#define FOREF_BIN_ROWS 24",
            "#define FOREF_BIN_VAL_ROWS 16",
            "#define FOREF_BIN_N_PARAMS 17",
            "#define FOREF_BIN_ADAM_L2_EPOCHS 8"]
    out += case_arrays("foref_bin", b) + run_arrays("foref_bin_adam_l2", hist, final)

    # the same with SGD, mini-batches of 10 (10, 10, 4 rows)
    s = binary_case("sgd", 0.2, 10, 0.03)
    hist, final = train(s, 5)
    out += ["", "/* Run SGD_L2: SGD lr 0.2 momentum 0.9, batches of 10, l2 0.03, 5 epochs. */",
            "#define FOREF_BIN_SGD_L2_EPOCHS 5"]
    out += run_arrays("foref_bin_sgd_l2", hist, final)

    # early stopping on val_loss, Adam without l2: val_loss bottoms at epoch 2,
    # improves once more at epoch 6 (the wait restarts), then rises
    e = binary_case("adam", ES_LR, 0, 0.0)
    stopper = EarlyStopping(patience=ES_PATIENCE, min_delta=0)
    hist, final = train(e, ES_EPOCHS, stopper)
    assert stopper.stopped_epoch > 0, "the run must stop early"
    assert stopper.margin > 1e-4, f"a decision within {stopper.margin:g} of its threshold"
    out += ["", f"/* Run ES: Adam lr {ES_LR}, full batch, monitor val_loss, patience {ES_PATIENCE},",
            " * min_delta 0, restore best, at most %d epochs: stops after epoch" % ES_EPOCHS,
            " * STOPPED (0-based), restores the weights of epoch BEST. */",
            f"#define FOREF_ES_LR {ES_LR}",
            f"#define FOREF_ES_PATIENCE {ES_PATIENCE}",
            f"#define FOREF_ES_MAX_EPOCHS {ES_EPOCHS}",
            f"#define FOREF_ES_STOPPED {stopper.stopped_epoch}",
            f"#define FOREF_ES_BEST {stopper.best_epoch}"]
    out += run_arrays("foref_es", hist, final)
    print("ES val_loss:", " ".join("%.4f" % v for v in hist["val_loss"]))
    print("ES stopped after epoch", stopper.stopped_epoch, "best", stopper.best_epoch,
          "margin %.2e" % stopper.margin)

    # the same run with patience beyond its epochs: no early stop, but the
    # best weights are restored at the end all the same
    e2 = binary_case("adam", ES_LR, 0, 0.0)
    stopper2 = EarlyStopping(patience=1000, min_delta=0)
    hist2, final2 = train(e2, ES_EPOCHS, stopper2)
    assert stopper2.stopped_epoch == 0 and stopper2.best_epoch < ES_EPOCHS - 1
    out += ["", f"/* Run ES_LONG: as ES with patience 1000: all {ES_EPOCHS} epochs run, and",
            " * the weights of epoch BEST are restored at the end. */",
            f"#define FOREF_ES_LONG_BEST {stopper2.best_epoch}",
            c_array("foref_es_long_params", final2)]

    # (b) 3-5(tanh)-3(softmax), CCE, SGD momentum, batches of 8, l2 0.005
    c = class_case()
    hist, final = train(c, 6)
    out += ["", "/* Three-class case: 3-5(tanh)-3(softmax), CCE, 24 training and 12",
            " * validation rows; SGD lr 0.1 momentum 0.9, batches of 8, l2 0.005, 6 epochs. */",
            "#define FOREF_CLS_ROWS 24",
            "#define FOREF_CLS_VAL_ROWS 12",
            "#define FOREF_CLS_N_PARAMS 38",
            "#define FOREF_CLS_EPOCHS 6"]
    out += case_arrays("foref_cls", c) + run_arrays("foref_cls", hist, final)
    print("CLS loss:", " ".join("%.4f" % v for v in hist["loss"]))
    out += ["", "#endif /* TINYNN_TESTS_FIT_OPTIONS_REF_H */", ""]
    OUT.write_text("\n".join(out))
    print("wrote", OUT)


ES_LR = 0.06
ES_PATIENCE = 4
ES_EPOCHS = 60

if __name__ == "__main__":
    main()
