#!/usr/bin/env bash
# CI leg: runs every libFuzzer target (tests/fuzz/fuzz_<name>.c) for a
# bounded time, seeded from its committed corpus, in a clang build with
# ASan + UBSan (every report fatal) and LeakSanitizer. Any crash, leak,
# sanitizer report or broken invariant fails the leg; the input is left in
# build/ci-fuzz/artifacts/ (add it to tests/fuzz/corpus/<name>/ as a
# regression once fixed: every build replays that folder).
# usage: fuzz.sh [seconds per target, default $TNN_FUZZ_SECONDS or 60]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$root/build"
seconds=${1:-${TNN_FUZZ_SECONDS:-60}}
dir="$root/build/ci-fuzz"
echo "=== libFuzzer, ${seconds}s per target ($dir)"
opts=()
[ -f "$dir/build.ninja" ] && opts=(--reconfigure)
if ! CC=clang CXX=clang++ meson setup "${opts[@]}" "$dir" "$root" -Dwerror=true \
        -Db_sanitize=address,undefined -Db_lundef=false \
        "-Dc_args=-fsanitize=fuzzer-no-link -fno-sanitize-recover=all" \
        -Dc_link_args=-fno-sanitize-recover=all >"$dir.setup.log" 2>&1; then
    cat "$dir.setup.log"
    exit 1
fi
targets=()
for src in "$root"/tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    name=${name#fuzz_}
    [ -f "$root/tests/fuzz/corpus/$name/.skip" ] && continue
    targets+=("$name")
done
ninja -C "$dir" "${targets[@]/#/tests/fuzz/fuzz_}" >"$dir.build.log" 2>&1 ||
    { tail -n 40 "$dir.build.log"; exit 1; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$dir/artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Targets run side by side (one per core); each starts from a copy of its
# seed corpus so the tree stays clean.
pids=()
for name in "${targets[@]}"; do
    mkdir -p "$work/$name"
    cp "$root/tests/fuzz/corpus/$name"/* "$work/$name/" 2>/dev/null || true
    "$dir/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
        -max_len=4096 -print_final_stats=1 -artifact_prefix="$dir/artifacts/$name-" \
        "$work/$name" >"$dir/fuzz_$name.log" 2>&1 &
    pids+=($!)
done
failed=0
for i in "${!targets[@]}"; do
    name=${targets[$i]}
    if wait "${pids[$i]}"; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz_$name.log" | tail -1)
        cov=$(grep -oE 'cov: [0-9]+' "$dir/fuzz_$name.log" | tail -1)
        echo "fuzz_$name: ${runs:-?} executions in ${seconds}s, $cov, no crash"
    else
        echo "fuzz_$name: FAILED (log: $dir/fuzz_$name.log)"
        grep -E 'ERROR|invariant|runtime error|SUMMARY|Test unit written' "$dir/fuzz_$name.log" | head -20
        failed=1
    fi
done
exit $failed
