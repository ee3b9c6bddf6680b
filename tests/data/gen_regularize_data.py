#!/usr/bin/python3
"""Writes the breast-cancer fixtures of the tinynn command's 'regularize'
tests (tests/cli/cases/regularize.sh) into tests/cli/data/.

Source: scikit-learn's copy of the Wisconsin diagnostic breast cancer data,
which Debian's python3-sklearn ships (load_breast_cancer reads it from
/usr/lib/python3/dist-packages/sklearn/datasets/data, no network needed).

- breast_cancer.csv: 240 of the 569 rows (numpy RandomState(0).choice
  without replacement, kept in file order), the 30 features under their
  names with '_' for ' ', and the target as text, 'diagnosis'
  (malignant or benign): small enough to commit, enough to overfit;
- breast_cancer_heldout.csv: the rows of it that scikit-learn's
  train_test_split(test_size=0.3, random_state=0) holds out, which
  `tinynn fit --validation-split 0.3 --seed 0` holds out too (the 'iris'
  tests check that rule), so that `tinynn predict` can measure the saved
  model's validation loss on its own.

Run: /usr/bin/python3 tests/data/gen_regularize_data.py
"""
import csv
import os

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli", "data")
ROWS = 240


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    data = load_breast_cancer()
    keep = np.sort(np.random.RandomState(0).choice(len(data.target), ROWS, replace=False))
    header = [n.replace(" ", "_") for n in data.feature_names] + ["diagnosis"]
    rows = [["%.6g" % v for v in data.data[i]] + [data.target_names[data.target[i]]]
            for i in keep]
    write_csv(os.path.join(OUT, "breast_cancer.csv"), header, rows)
    _, held = train_test_split(np.arange(ROWS), test_size=0.3, random_state=0)
    write_csv(os.path.join(OUT, "breast_cancer_heldout.csv"), header, [rows[i] for i in held])
    print("breast_cancer.csv: %d rows (%d malignant); held out: %d rows"
          % (ROWS, sum(r[-1] == "malignant" for r in rows), len(held)))


if __name__ == "__main__":
    main()
