#!/usr/bin/python3
"""Writes the real-data fixtures of the tinynn command's tests (tests/cli/data/).

Sources: the data sets Debian's python3-sklearn ships (no network needed),
in /usr/lib/python3/dist-packages/sklearn/datasets/data:

- iris.csv (150 rows, 4 features, 3 classes) -> iris.csv with a header and
  the species as text labels (the CSV reader's text-label path), and
  iris_heldout.csv, the rows that train_test_split(test_size=0.3,
  random_state=0) holds out (the test checks that `tinynn fit
  --validation-split 0.3 --seed 0` holds out exactly these);
- digits.csv.gz (1797 rows, 64 pixel features, 10 classes) -> digits.csv
  with a header p0..p63,digit (a numeric class column);
- wine_data.csv (178 rows, 13 features, 3 classes) -> wine.csv, and
  diabetes_data_raw.csv.gz with diabetes_target.csv.gz (442 rows, 10
  features in their raw units, a target in the hundreds) -> diabetes.csv:
  the data of the tests of `tinynn fit`'s defaults (no flags but the
  layers). For them defaults_reference.txt holds, on the held-out rows of
  train_test_split(test_size=0.3, random_state=0), the trivial predictor's
  score (majority class accuracy; the training mean's mse) and what
  scikit-learn's MLPClassifier / MLPRegressor reach with the same defaults
  (standardised inputs, and target for regression; Adam lr 0.001, full
  batch, 200 epochs).

Then measures what scikit-learn's MLPClassifier reaches with the settings
the end-to-end tests give `tinynn fit` (same architecture, same split,
StandardScaler fitted on the training rows, Adam with the same learning
rate, batch size and number of epochs, no L2 penalty, no early stopping),
over ten initialisation seeds, and stores mean, min and max held-out
accuracy in mlp_reference.txt (shell syntax, sourced by the tests).

Run: /usr/bin/python3 tests/data/gen_cli_reference.py
"""
import csv
import gzip
import os
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

SRC = "/usr/lib/python3/dist-packages/sklearn/datasets/data"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli", "data")

# The settings of the end-to-end tests (tests/cli/cli_test.sh); change both together.
SETTINGS = {
    "IRIS": dict(hidden=8, epochs=300, batch=16, lr=0.01, split=0.3, seed=0),
    "DIGITS": dict(hidden=32, epochs=40, batch=32, lr=0.001, split=0.3, seed=0),
}
INIT_SEEDS = range(10)


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def load_iris():
    with open(os.path.join(SRC, "iris.csv")) as f:
        lines = list(csv.reader(f))
    names = lines[0][2:]
    text_rows = [r[:4] + [names[int(r[4])]] for r in lines[1:]]
    x = np.array([[float(v) for v in r[:4]] for r in lines[1:]])
    y = np.array([int(r[4]) for r in lines[1:]])
    return text_rows, x, y


def load_digits():
    with gzip.open(os.path.join(SRC, "digits.csv.gz"), "rt") as f:
        rows = [[int(float(v)) for v in line.split(",")] for line in f if line.strip()]
    data = np.array(rows)
    return rows, data[:, :64].astype(float), data[:, 64].astype(int)


def mlp_accuracies(x, y, s):
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=s["split"], random_state=s["seed"])
    scaler = StandardScaler().fit(x_tr)
    x_tr, x_te = scaler.transform(x_tr), scaler.transform(x_te)
    accs = []
    for init in INIT_SEEDS:
        clf = MLPClassifier(hidden_layer_sizes=(s["hidden"],), activation="relu", solver="adam",
                            alpha=0.0, batch_size=s["batch"], learning_rate_init=s["lr"],
                            max_iter=s["epochs"], shuffle=True, random_state=init, tol=0.0,
                            n_iter_no_change=s["epochs"] + 1, epsilon=1e-7)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(x_tr, y_tr)
        accs.append(clf.score(x_te, y_te))
    return np.array(accs), len(y_te)


WINE_FEATURES = ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium",
                 "total_phenols", "flavanoids", "nonflavanoid_phenols", "proanthocyanins",
                 "color_intensity", "hue", "od280_od315", "proline"]
DIABETES_FEATURES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
# tinynn fit's defaults, and the layers the tests give it
DEFAULTS = dict(hidden=16, epochs=200, lr=0.001, split=0.3, seed=0)


def load_wine():
    with open(os.path.join(SRC, "wine_data.csv")) as f:
        lines = list(csv.reader(f))[1:]
    rows = [r[:13] + ["class_" + r[13]] for r in lines]
    return rows, np.array([[float(v) for v in r[:13]] for r in lines]), \
        np.array([int(r[13]) for r in lines])


def load_diabetes():
    with gzip.open(os.path.join(SRC, "diabetes_data_raw.csv.gz"), "rt") as f:
        x_text = [line.split() for line in f if line.strip()]
    with gzip.open(os.path.join(SRC, "diabetes_target.csv.gz"), "rt") as f:
        y = [float(line) for line in f if line.strip()]
    rows = [r + ["%g" % t] for r, t in zip(x_text, y)]
    return rows, np.array([[float(v) for v in r] for r in x_text]), np.array(y)


def defaults_reference(xw, yw, xd, yd):
    s = DEFAULTS
    lines = ["# Written by tests/data/gen_cli_reference.py: the held-out rows of",
             "# train_test_split(test_size=%g, random_state=%d) of wine.csv and diabetes.csv;" %
             (s["split"], s["seed"]),
             "# MLP*: scikit-learn with tinynn fit's defaults (standardised inputs and",
             "# regression target, 1 hidden layer of %d relu, adam lr %g, full batch, %d epochs)," %
             (s["hidden"], s["lr"], s["epochs"]),
             "# mean over init seeds %d..%d." % (INIT_SEEDS[0], INIT_SEEDS[-1])]
    x_tr, x_te, y_tr, y_te = train_test_split(xw, yw, test_size=s["split"], random_state=s["seed"])
    majority = np.bincount(y_tr).argmax()
    sc = StandardScaler().fit(x_tr)
    accs = []
    for init in INIT_SEEDS:
        clf = MLPClassifier(hidden_layer_sizes=(s["hidden"],), solver="adam", alpha=0.0,
                            batch_size=len(y_tr), learning_rate_init=s["lr"],
                            max_iter=s["epochs"], random_state=init, tol=0.0,
                            n_iter_no_change=s["epochs"] + 1, epsilon=1e-7)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(sc.transform(x_tr), y_tr)
        accs.append(clf.score(sc.transform(x_te), y_te))
    lines.append("WINE_MAJORITY_ACCURACY=%.4f" % np.mean(y_te == majority))
    lines.append("WINE_MLP_ACCURACY=%.4f" % np.mean(accs))
    x_tr, x_te, y_tr, y_te = train_test_split(xd, yd, test_size=s["split"], random_state=s["seed"])
    lines.append("DIABETES_MEAN_MSE=%.2f" % np.mean((y_te - y_tr.mean()) ** 2))
    sc = StandardScaler().fit(x_tr)
    mu, sd = y_tr.mean(), y_tr.std()
    mses = []
    for init in INIT_SEEDS:
        reg = MLPRegressor(hidden_layer_sizes=(s["hidden"],), solver="adam", alpha=0.0,
                           batch_size=len(y_tr), learning_rate_init=s["lr"],
                           max_iter=s["epochs"], random_state=init, tol=0.0,
                           n_iter_no_change=s["epochs"] + 1, epsilon=1e-7)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            reg.fit(sc.transform(x_tr), (y_tr - mu) / sd)
        pred = reg.predict(sc.transform(x_te)) * sd + mu
        mses.append(np.mean((y_te - pred) ** 2))
    lines.append("DIABETES_MLP_MSE=%.2f" % np.mean(mses))
    return lines


def main():
    os.makedirs(OUT, exist_ok=True)
    iris_rows, xi, yi = load_iris()
    header = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]
    write_csv(os.path.join(OUT, "iris.csv"), header, iris_rows)
    idx = np.arange(len(yi))
    _, held = train_test_split(idx, test_size=SETTINGS["IRIS"]["split"],
                               random_state=SETTINGS["IRIS"]["seed"])
    write_csv(os.path.join(OUT, "iris_heldout.csv"), header, [iris_rows[i] for i in held])

    digit_rows, xd, yd = load_digits()
    write_csv(os.path.join(OUT, "digits.csv"), ["p%d" % i for i in range(64)] + ["digit"],
              digit_rows)

    lines = ["# Written by tests/data/gen_cli_reference.py: held-out accuracy of",
             "# scikit-learn's MLPClassifier over init seeds %d..%d (same split and" %
             (INIT_SEEDS[0], INIT_SEEDS[-1]),
             "# settings as the tinynn fit runs of tests/cli/cli_test.sh)."]
    for name, x, y in (("IRIS", xi, yi), ("DIGITS", xd, yd)):
        s = SETTINGS[name]
        accs, n_test = mlp_accuracies(x, y, s)
        lines.append("# %s: 1 hidden layer of %d relu, softmax output, adam lr %g, batch %d, "
                     "%d epochs, test_size %g, random_state %d, %d held-out rows" %
                     (name, s["hidden"], s["lr"], s["batch"], s["epochs"], s["split"], s["seed"],
                      n_test))
        lines.append("%s_MLP_MEAN=%.4f" % (name, accs.mean()))
        lines.append("%s_MLP_MIN=%.4f" % (name, accs.min()))
        lines.append("%s_MLP_MAX=%.4f" % (name, accs.max()))
        lines.append("%s_TEST_ROWS=%d" % (name, n_test))
    with open(os.path.join(OUT, "mlp_reference.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))

    wine_rows, xw, yw = load_wine()
    write_csv(os.path.join(OUT, "wine.csv"), WINE_FEATURES + ["cultivar"], wine_rows)
    diabetes_rows, xd, yd = load_diabetes()
    write_csv(os.path.join(OUT, "diabetes.csv"), DIABETES_FEATURES + ["progression"],
              diabetes_rows)
    lines = defaults_reference(xw, yw, xd, yd)
    with open(os.path.join(OUT, "defaults_reference.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
