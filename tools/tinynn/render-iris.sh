#!/usr/bin/env bash
# The README's picture of the tinynn command: trains 4 -> 8 relu -> 3 softmax
# on Iris (tests/cli/data/iris.csv, from scikit-learn's copy), samples its
# classes over petal length x petal width (sepal measures held at their
# means) and renders the decision regions with `tinynn plot`.
# usage: render-iris.sh TINYNN OUTDIR   (writes OUTDIR/tinynn-iris-regions.png)
set -euo pipefail
tinynn=$1
out=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$root/tests/cli/data/iris.csv"
"$tinynn" fit "$data" --target species --layers 8:relu,3:softmax --epochs 300 --batch 16 \
    --lr 0.01 --standardize --seed 0 --model "$work/iris.tnn" --quiet >/dev/null
"$tinynn" grid "$work/iris.tnn" --x petal_length --y petal_width --data "$data" \
    --out "$work/fig" >/dev/null
"$tinynn" plot "$work/fig" >/dev/null
mkdir -p "$out"
cp "$work/fig/regions.png" "$out/tinynn-iris-regions.png"
echo "tinynn: $out/tinynn-iris-regions.png"
