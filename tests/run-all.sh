#!/usr/bin/env bash
# Every test of libtinynn: gcc and clang, float and double builds, and a
# shared build, warnings as errors. This is the README's test command and exactly what CI runs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/tests/ensure-deps.sh" test
mkdir -p "$root/build"

failed=()
# run_config NAME CC CXX [meson options...]
run_config() {
    local name=$1 cc=$2 cxx=$3
    shift 3
    local dir="$root/build/test-$name"
    echo "=== $name ($dir)"
    local opts=()
    [ -f "$dir/build.ninja" ] && opts=(--reconfigure)
    if ! CC=$cc CXX=$cxx meson setup "${opts[@]}" "$dir" "$root" -Dwerror=true "$@" \
            >"$dir.setup.log" 2>&1; then
        cat "$dir.setup.log"
        failed+=("$name (setup)")
        return
    fi
    meson test -C "$dir" --print-errorlogs || failed+=("$name")
}

for real in float double; do
    run_config "gcc-$real" gcc g++ -Dreal="$real"
    run_config "clang-$real" clang clang++ -Dreal="$real"
done
run_config gcc-float-shared gcc g++ -Ddefault_library=shared

if [ ${#failed[@]} -ne 0 ]; then
    echo "FAILED: ${failed[*]}"
    exit 1
fi
echo "All test configurations passed: (gcc, clang) x (float, double), and a shared build."
