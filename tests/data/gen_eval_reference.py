#!/usr/bin/python3
"""Writes the fixtures that check `tinynn evaluate` against scikit-learn
(tests/cli/data/eval/, used by tests/cli/cases/evaluate.sh).

Three small hand-made models whose outputs are known without tinynn: their
weights are multiples of 1/4 (exact in float32 and float64), written in the
library's model file format (docs/model-format.md) with their columns files.
For each, a data file and the metrics scikit-learn computes from the
model's outputs (computed here with numpy), in the layout of evaluate's
--out files:

- animals: 2 inputs -> 4 softmax (loss cce), classes ant, bee, cat, dog.
  The data's labels follow another rule than the model, so classes differ
  in precision and recall; no row is predicted "cat" (precision 0 by
  zero_division) and no row is a "dog" (support 0, yet predicted: precision
  and recall 0).
- signal: 2 inputs -> 1 sigmoid (loss bce), classes no, yes.
- line: 1 input -> 1 linear (loss mse), data y = x^2 - 0.5 + noise: mse,
  rmse, mae and r2.

Files: NAME.tnn, NAME.tnn.columns, NAME.csv, and NAME.metrics.csv (metric,
value), NAME.classes.csv (class, precision, recall, f1, support, then the
macro and weighted averages) and NAME.confusion.csv (y_true, one count
column per predicted class) for the classifiers.

Run: /usr/bin/python3 tests/data/gen_eval_reference.py
"""
import csv
import os
import struct
import zlib

import numpy as np
from sklearn.metrics import (confusion_matrix, log_loss, mean_absolute_error,
                             mean_squared_error, precision_recall_fscore_support, r2_score)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli", "data", "eval")

ACT = {"linear": 0, "sigmoid": 2, "softmax": 5}


def model_bytes(n_inputs, layers):
    """A float32 model file of dense layers [(kernel (fan_in x units), bias, activation)]."""
    body = struct.pack("<II", n_inputs, len(layers))
    for kernel, bias, act in layers:
        body += struct.pack("<IBBBB", kernel.shape[1], ACT[act], 0, 0, 0)
    for kernel, bias, act in layers:
        body += np.asarray(kernel, "<f4").tobytes() + np.asarray(bias, "<f4").tobytes()
    size = 12 + len(body) + 4
    head = b"TNNM" + struct.pack("<HBBI", 2, 1, 0, size) + body
    return head + struct.pack("<I", zlib.crc32(head) & 0xFFFFFFFF)


def write_model(name, n_inputs, layers, loss, features, target, classes):
    with open(os.path.join(OUT, name + ".tnn"), "wb") as f:
        f.write(model_bytes(n_inputs, layers))
    lines = ["tinynn-columns 1", "loss " + loss, "standardized 0"]
    lines += ["feature 0 1 " + c for c in features]
    lines += ["target " + target] + ["class " + c for c in classes]
    with open(os.path.join(OUT, name + ".tnn.columns"), "w") as f:
        f.write("\n".join(lines) + "\n")


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def num(v):
    return repr(float(v))


def write_class_metrics(name, classes, y, pred, proba, loss_value):
    labels = list(range(len(classes)))
    p, r, f1, s = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    avg = {k: precision_recall_fscore_support(y, pred, labels=labels, average=k,
                                              zero_division=0)[:3]
           for k in ("macro", "weighted")}
    rows = [[c, num(p[k]), num(r[k]), num(f1[k]), s[k]] for k, c in enumerate(classes)]
    rows += [[k + " avg"] + [num(v) for v in avg[k]] + [len(y)] for k in ("macro", "weighted")]
    write_csv(os.path.join(OUT, name + ".classes.csv"),
              ["class", "precision", "recall", "f1", "support"], rows)
    cm = confusion_matrix(y, pred, labels=labels)
    write_csv(os.path.join(OUT, name + ".confusion.csv"), ["y_true"] + classes,
              [[c] + list(cm[k]) for k, c in enumerate(classes)])
    acc = float(np.mean(y == pred))
    write_csv(os.path.join(OUT, name + ".metrics.csv"), ["metric", "value"],
              [["rows", len(y)], ["loss", num(loss_value)], ["accuracy", num(acc)]])
    print(name, "loss", loss_value, "accuracy", acc)
    print(cm)


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def top_two_margin(z):
    s = np.sort(z, axis=1)
    return s[:, -1] - s[:, -2]


def animals(rng):
    classes = ["ant", "bee", "cat", "dog"]
    # cat's logit is always well below ant's and bee's: never predicted
    kernel = np.array([[1.5, -1.25, 0.25, 0.5], [0.75, 1.0, -0.5, -1.5]])
    bias = np.array([0.25, 0.0, -2.0, -0.75])
    x = np.round(rng.uniform(-2, 2, size=(200, 2)), 2)
    z = x @ kernel + bias
    x = x[top_two_margin(z) > 0.05][:30]  # no near ties, even in float32
    z = x @ kernel + bias
    pred = z.argmax(axis=1)
    # labels by other logits: ant's region larger, and "cat" where the
    # model says "dog" (never "dog")
    zt = z[:, :3].copy()
    zt[:, 0] += 0.75
    zt[:, 2] = z[:, 3] + 0.25
    y = zt.argmax(axis=1)
    proba = softmax(z)
    loss_value = log_loss(y, proba, labels=[0, 1, 2, 3])
    write_model("animals", 2, [(kernel, bias, "softmax")], "cce", ["x1", "x2"], "animal", classes)
    write_csv(os.path.join(OUT, "animals.csv"), ["x1", "x2", "animal"],
              [[num(a), num(b), classes[k]] for (a, b), k in zip(x, y)])
    write_class_metrics("animals", classes, y, pred, proba, loss_value)


def signal(rng):
    classes = ["no", "yes"]
    kernel = np.array([[1.25], [-0.75]])
    bias = np.array([0.5])
    x = np.round(rng.uniform(-2, 2, size=(100, 2)), 2)
    z = (x @ kernel + bias)[:, 0]
    x = x[np.abs(z) > 0.05][:24]
    z = (x @ kernel + bias)[:, 0]
    p1 = 1 / (1 + np.exp(-z))
    pred = (p1 >= 0.5).astype(int)
    y = (x[:, 0] - 0.5 * x[:, 1] + 0.75 * np.sin(3 * x[:, 1]) > 0).astype(int)
    loss_value = log_loss(y, p1, labels=[0, 1])
    write_model("signal", 2, [(kernel, bias, "sigmoid")], "bce", ["u", "v"], "answer", classes)
    # the rows' columns in another order than the model's inputs
    write_csv(os.path.join(OUT, "signal.csv"), ["answer", "v", "u"],
              [[classes[k], num(b), num(a)] for (a, b), k in zip(x, y)])
    write_class_metrics("signal", classes, y, pred, np.stack([1 - p1, p1], 1), loss_value)


def line(rng):
    kernel = np.array([[0.75]])
    bias = np.array([-0.25])
    x = np.round(rng.uniform(-1, 2, size=20), 2)
    y = np.round(x ** 2 - 0.5 + rng.normal(0, 0.1, size=20), 3)
    pred = x * kernel[0, 0] + bias[0]
    write_model("line", 1, [(kernel, bias, "linear")], "mse", ["x"], "y", [])
    write_csv(os.path.join(OUT, "line.csv"), ["x", "y"], [[num(a), num(b)] for a, b in zip(x, y)])
    mse = mean_squared_error(y, pred)
    rows = [["rows", len(y)], ["mse", num(mse)], ["rmse", num(np.sqrt(mse))],
            ["mae", num(mean_absolute_error(y, pred))], ["r2", num(r2_score(y, pred))]]
    write_csv(os.path.join(OUT, "line.metrics.csv"), ["metric", "value"], rows)
    print("line", rows)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.RandomState(7)
    animals(rng)
    signal(rng)
    line(rng)


if __name__ == "__main__":
    main()
