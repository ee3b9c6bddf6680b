#!/usr/bin/env bash
# CI leg: runs every libFuzzer target (tests/fuzz/fuzz_<name>.c) for a
# bounded time, seeded from its committed corpus, in a clang build with
# ASan + UBSan (every report fatal) and LeakSanitizer. Any crash, leak,
# sanitizer report or broken invariant fails the leg; the input is left in
# build/ci-fuzz/artifacts/ (add it to tests/fuzz/corpus/<name>/ as a
# regression once fixed: every build replays that folder).
#
# Then the line coverage of lib/ that the run reached: the corpora the
# fuzzers ended with (seeds and what they found) replayed in a clang build
# with -fprofile-instr-generate -fcoverage-mapping, read with the installed
# LLVM's llvm-profdata and llvm-cov. A table of every lib/ file; the leg
# fails if a kernel file (KERNEL_FILES below) is under 90%. Measured is
# what that build compiles: clang's float build with the vector kernels,
# not gcc's x86-64-v3 target_clones, the plain C kernels of
# -Dkernels=portable and other compilers, nor the compact kernels of
# size-optimised builds and -Dkernels=compact (TNN_COMPACT_KERNELS: their
# lines are not compiled, or compiled behind a constant false and so count
# as missed).
# usage: fuzz.sh [seconds per target, default $TNN_FUZZ_SECONDS or 60]
# Build folders: $TNN_FUZZ_BUILD (default build/ci-fuzz) and that plus -cov.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$root/build"
seconds=${1:-${TNN_FUZZ_SECONDS:-60}}
dir=${TNN_FUZZ_BUILD:-$root/build/ci-fuzz}
covdir="$dir-cov"
# The hot loops: kept at 90% line coverage or more by the fuzz run.
KERNEL_FILES="kernels/dense.c kernels/dense_t.c kernels/lincomb.h kernels/kernels.h
core/activation.c core/predict.c inspect/inspect_grid.c train/gradient.c train/gradient_fan.c
train/gradient_narrow.c"
MIN_COVERAGE=90
start=$SECONDS
echo "=== libFuzzer, ${seconds}s per target ($dir)"

# the LLVM tools of the clang that builds (profiles differ between versions)
clang_major=$(clang -dumpversion | cut -d. -f1)
llvm_bin=/usr/lib/llvm-$clang_major/bin
profdata=$llvm_bin/llvm-profdata llvmcov=$llvm_bin/llvm-cov
[ -x "$profdata" ] || profdata=$(command -v llvm-profdata || true)
[ -x "$llvmcov" ] || llvmcov=$(command -v llvm-cov || true)
if [ -z "$profdata" ] || [ -z "$llvmcov" ]; then
    echo "llvm-profdata and llvm-cov are needed (Debian: llvm; tests/ensure-deps.sh test)"
    exit 1
fi

# setup DIR LOG [meson options...]
setup() {
    local d=$1 log=$2
    shift 2
    local opts=()
    [ -f "$d/build.ninja" ] && opts=(--reconfigure)
    if ! CC=clang CXX=clang++ meson setup "${opts[@]}" "$d" "$root" -Dwerror=true \
            -Ddocs=disabled "$@" >"$log" 2>&1; then
        cat "$log"
        exit 1
    fi
}
setup "$dir" "$dir.setup.log" -Db_sanitize=address,undefined -Db_lundef=false \
    "-Dc_args=-fsanitize=fuzzer-no-link -fno-sanitize-recover=all" \
    -Dc_link_args=-fno-sanitize-recover=all
setup "$covdir" "$covdir.setup.log" \
    "-Dc_args=-fprofile-instr-generate -fcoverage-mapping" \
    "-Dc_link_args=-fprofile-instr-generate -fcoverage-mapping"
targets=()
for src in "$root"/tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    name=${name#fuzz_}
    [ -f "$root/tests/fuzz/corpus/$name/.skip" ] && continue
    targets+=("$name")
done
ninja -C "$dir" "${targets[@]/#/tests/fuzz/fuzz_}" >"$dir.build.log" 2>&1 ||
    { tail -n 40 "$dir.build.log"; exit 1; }
replays=()
for name in "${targets[@]}"; do replays+=("tests/fuzz/fuzz_${name}_replay"); done
ninja -C "$covdir" "${replays[@]}" >"$covdir.build.log" 2>&1 ||
    { tail -n 40 "$covdir.build.log"; exit 1; }
echo "built in $((SECONDS - start))s"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$dir/artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Targets run side by side, each from a copy of its seed corpus (the tree
# stays clean). With fewer cores than targets, fuzz_api (slowest per input,
# most code) keeps a core for the whole time and the others take turns on
# the rest, sharing its time (their coverage levels off within seconds).
cores=$(nproc)
lanes=()
if [ "$cores" -ge "${#targets[@]}" ]; then
    lanes=("${targets[@]}")
else
    first=0
    if [ "$cores" -ge 2 ] && [[ " ${targets[*]} " == *" api "* ]]; then
        lanes=(api)
        first=1
    fi
    rest=()
    for name in "${targets[@]}"; do
        [ "$first" = 1 ] && [ "$name" = api ] || rest+=("$name")
    done
    for i in "${!rest[@]}"; do
        l=$((first + i % (cores - first)))
        lanes[l]="${lanes[l]:+${lanes[l]} }${rest[$i]}"
    done
fi
# run_lane "NAME..." runs those targets one after another in $seconds.
run_lane() {
    local names name
    read -ra names <<<"$1"
    local each=$((seconds / ${#names[@]}))
    [ "$each" -ge 1 ] || each=1
    for name in "${names[@]}"; do
        mkdir -p "$work/$name"
        cp "$root/tests/fuzz/corpus/$name"/* "$work/$name/" 2>/dev/null || true
        local rc=0
        "$dir/tests/fuzz/fuzz_$name" -max_total_time="$each" -timeout=20 -rss_limit_mb=2048 \
            -max_len=4096 -print_final_stats=1 -artifact_prefix="$dir/artifacts/$name-" \
            "$work/$name" >"$dir/fuzz_$name.log" 2>&1 || rc=$?
        echo "$rc $each" >"$work/$name.rc"
    done
}
pids=()
for lane in "${lanes[@]}"; do
    [ -n "$lane" ] || continue
    run_lane "$lane" &
    pids+=($!)
done
wait "${pids[@]}" || true
failed=0
for name in "${targets[@]}"; do
    read -r rc each <"$work/$name.rc" || { rc=1; each=0; }
    if [ "$rc" -eq 0 ]; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz_$name.log" | tail -1)
        cov=$(grep -oE 'cov: [0-9]+' "$dir/fuzz_$name.log" | tail -1)
        rate=$((${runs:-0} / (each > 0 ? each : 1)))
        echo "fuzz_$name: ${runs:-?} executions in ${each}s (${rate}/s), $cov, no crash"
    else
        echo "fuzz_$name: FAILED (log: $dir/fuzz_$name.log)"
        grep -E 'ERROR|invariant|runtime error|SUMMARY|Test unit written|library|expected' \
            "$dir/fuzz_$name.log" | head -20
        failed=1
    fi
done

# Coverage: every target's final corpus through its replay runner.
rm -f "$covdir"/fuzz-*.profraw
objects=()
for name in "${targets[@]}"; do
    LLVM_PROFILE_FILE="$covdir/fuzz-$name.profraw" \
        "$covdir/tests/fuzz/fuzz_${name}_replay" "$work/$name" >/dev/null 2>&1 || true
    objects+=(-object "$covdir/tests/fuzz/fuzz_${name}_replay")
done
"$profdata" merge -o "$covdir/fuzz.profdata" "$covdir"/fuzz-*.profraw
# lines with a count (lcov DA records) per lib/ file, header copies merged
"$llvmcov" export -format=lcov -instr-profile="$covdir/fuzz.profdata" "${objects[@]:1}" \
    "$root"/lib/*/*.c "$root"/lib/*/*.h >"$covdir/fuzz.lcov"
echo "line coverage of lib/ by the fuzz corpora (* kernel file, at least ${MIN_COVERAGE}%):"
awk -v kernels="$KERNEL_FILES" -v min="$MIN_COVERAGE" '
    BEGIN { n = split(kernels, k, /[ \n]+/); for (i = 1; i <= n; i++) kernel[k[i]] = 1 }
    /^SF:/ { f = substr($0, 4); lib = sub(/.*\/lib\//, "", f); if (lib) files[f] = 1 }
    /^DA:/ && lib { split(substr($0, 4), d, ","); all[f]++; if (d[2] > 0) hit[f]++ }
    END {
        bad = 0
        for (f in files) {
            pct = all[f] ? 100 * hit[f] / all[f] : 100
            mark = (f in kernel) ? "*" : ""
            if ((f in kernel) && pct < min) { mark = "! under " min "%"; bad = 1 }
            printf "  %-28s %5d lines %5d missed %6.1f%% %s\n", f, all[f], all[f] - hit[f], pct,
                mark | "sort"
        }
        close("sort")
        for (f in kernel)
            if (!(f in files)) { printf "  %s: not in the coverage data !\n", f; bad = 1 }
        exit bad
    }' "$covdir/fuzz.lcov" ||
    { echo "FAILED: a kernel file (!) is under ${MIN_COVERAGE}%"; failed=1; }
echo "fuzz leg: $((SECONDS - start))s"
exit $failed
