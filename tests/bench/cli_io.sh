#!/usr/bin/env bash
# The tinynn command's input and output speed: a 266,000 x 31 CSV file of
# 17-digit numbers (164 MB, generated here), timed as read by wc and cat
# (the floor), by `fit` (5 epochs) and by `predict`.
# usage: cli_io.sh TINYNN [FOLDER] (FOLDER keeps the file between runs)
# Use a release build for real figures.
set -eu
tinynn=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=${2:-$(mktemp -d)}
[ $# -ge 2 ] || trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir"
cd "$dir"
if [ ! -f big.csv ]; then
    awk 'BEGIN { srand(7); for (j = 1; j <= 30; j++) printf "f%d,", j; printf "y\n"
        for (i = 0; i < 266000; i++) { s = 0
            for (j = 1; j <= 30; j++) { v = rand() * 2 - 1; s += v * (j % 3 - 1); printf "%.17g,", v }
            printf "%d\n", (s > 0) } }' >big.csv
fi
# "WALL s (CPU s)" of a command, its output thrown away: the CPU time
# (user + system) is the figure to compare on a busy machine
seconds() {
    local out
    out=$({ TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1) || {
        echo "failed: $*" >&2
        return 1
    }
    awk -v t="$out" 'BEGIN { split(t, a, " "); printf "%.2f s (cpu %.2f s)", a[1], a[2] + a[3] }'
}
rows=$(($(wc -l <big.csv) - 1))
wc_s=$(seconds wc -l big.csv)
cat_s=$(seconds cat big.csv)
fit_s=$(seconds "$tinynn" fit big.csv --target y --layers 16:relu,1:sigmoid --epochs 5 --batch 32 \
    --model m/m.tnn --quiet)
predict_s=$(seconds "$tinynn" predict m/m.tnn big.csv --out p)
features_s=$(seconds "$tinynn" predict m/m.tnn big.csv --out p --columns "$(head -n 1 big.csv | cut -d, -f1-30)")
stdout_s=$(seconds "$tinynn" predict m/m.tnn big.csv --out -)
echo "file: $(wc -c <big.csv) bytes, $rows rows x 31 columns"
echo "wc -l:                        $wc_s"
echo "cat:                          $cat_s"
echo "fit, 5 epochs:                $fit_s"
echo "predict:                      $predict_s"
echo "predict, every feature copied: $features_s"
echo "predict to stdout:            $stdout_s"
