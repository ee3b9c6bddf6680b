#!/bin/sh
# libtinynn beside PyTorch and FANN on the benchmark's four workloads, in
# one run on one machine (tests/bench/bench.c describes the workloads).
#
#   tests/bench/compare.sh [BUILD_DIR] [REPEATS]
#
# BUILD_DIR must be (or becomes) a release build: meson setup BUILD_DIR
# --buildtype=release. PyTorch runs when /usr/bin/python3 imports torch
# (Debian: python3-torch), FANN when the build found libfann-dev (Debian:
# libfann-dev); a peer that is missing is reported as such. FANN has no
# Adam, ReLU, softmax or mini-batches: it trains with RPROP (full batch)
# and clamped-linear hidden units (see peer_fann.c), so its row is the
# nearest FANN can do, not the same computation.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-$src/build-release}
reps=${2:-5}
python=/usr/bin/python3

if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$src" --buildtype=release >/dev/null
fi
ninja -C "$build" tests/bench/bench >/dev/null
ninja -C "$build" tests/bench/peer_fann >/dev/null 2>&1 || true

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/tests/bench/bench" --dump "$tmp"

echo "== machine"
echo "cpu:      $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores online, 1 thread used"
echo "flags:    $(grep -o -w -E 'avx2|fma|avx512f' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "cc:       $(sed -n "s/^C compiler for the host machine: //p" "$build/meson-logs/meson-log.txt" | head -n 1)"
echo "build:    $($python -c 'import json, sys; print(" ".join(o["name"] + "=" + str(o["value"]) for o in json.load(open(sys.argv[1])) if o["name"] in ("buildtype", "real", "c_args")))' "$build/meson-info/intro-buildoptions.json")"
echo "python:   $($python --version 2>&1)"

"$build/tests/bench/bench" --brief -r "$reps" W1 W2 W3 W4 > "$tmp/tinynn.txt"
if [ -x "$build/tests/bench/peer_fann" ]; then
    echo "fann:     $(pkg-config --modversion fann 2>/dev/null || echo '?')"
    "$build/tests/bench/peer_fann" -r "$reps" > "$tmp/fann.txt"
else
    echo "fann:     not built (install libfann-dev and reconfigure)"
    : > "$tmp/fann.txt"
fi
if $python -c 'import torch' 2>/dev/null; then
    echo "torch:    $($python -c 'import torch; print(torch.__version__)') (torch.set_num_threads(1))"
    $python "$here/peer_torch.py" "$tmp" "$reps" > "$tmp/torch.txt"
else
    echo "torch:    not installed (Debian python3-torch)"
    : > "$tmp/torch.txt"
fi

echo
echo "== median ms of $reps runs (W4 also in rows/s: 4096 rows x 5 epochs); ratio = peer / libtinynn"
awk '
    FNR == 1 { file++ }
    { ms[file, $1] = $2; val[file, $1] = $3 }
    END {
        printf "%-4s %14s %10s %14s %10s %8s %14s %10s %8s\n", "", "libtinynn ms", "value",
               "PyTorch ms", "value", "ratio", "FANN ms", "value", "ratio"
        split("W1 W2 W3 W4", w, " ")
        for (i = 1; i <= 4; i++) {
            k = w[i]
            line = sprintf("%-4s %14.3f %10.4g", k, ms[1, k], val[1, k])
            for (f = 2; f <= 3; f++) {
                if ((f, k) in ms)
                    line = line sprintf(" %14.3f %10.4g %7.1fx", ms[f, k], val[f, k],
                                        ms[f, k] / ms[1, k])
                else
                    line = line sprintf(" %14s %10s %8s", "-", "-", "-")
            }
            print line
        }
        printf "W4 rows/s: libtinynn %.0f", 20480 / (ms[1, "W4"] / 1000)
        if ((2, "W4") in ms) printf ", PyTorch %.0f", 20480 / (ms[2, "W4"] / 1000)
        if ((3, "W4") in ms) printf ", FANN %.0f", 20480 / (ms[3, "W4"] / 1000)
        printf "\n"
    }' "$tmp/tinynn.txt" "$tmp/torch.txt" "$tmp/fann.txt"
echo "values: final training loss (W1 BCE, W2 MSE, W4 CCE; FANN W4: BCE of sigmoid outputs), W3 share of class-1 cells"
