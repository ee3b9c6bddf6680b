#!/usr/bin/env bash
# Every test of libtinynn: gcc and clang, float and double builds, and a
# shared build, warnings as errors; in each, the manual (Doxygen, zero warnings)
# and the exported-symbol checks. This is the README's test command and exactly what CI runs.
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
    if ! CC=$cc CXX=$cxx meson setup "${opts[@]}" "$dir" "$root" -Dwerror=true -Ddocs=enabled "$@" \
            >"$dir.setup.log" 2>&1; then
        cat "$dir.setup.log"
        failed+=("$name (setup)")
        return
    fi
    meson test -C "$dir" --print-errorlogs || failed+=("$name")
}

# These four and the release build also test the one-file bundle
# (tests/bundle/): the unit suites against it, the bundle alone with each
# compiler.
for real in float double; do
    run_config "gcc-$real" gcc g++ -Dreal="$real" -Dbundle_tests=true
    run_config "clang-$real" clang clang++ -Dreal="$real" -Dbundle_tests=true
done
run_config gcc-float-shared gcc g++ -Ddefault_library=shared
# The plain C kernels only: no x86-64-v3 clones, no vector-extension paths
# (lib/kernels/kernels.h, TNN_VECTOR_CODE), as other compilers build them.
run_config gcc-float-portable gcc g++ -Dkernels=portable
# Size-optimised: the compact kernels firmware gets (-Dkernels=auto picks
# them at -Os), here with the whole suite.
run_config gcc-float-minsize gcc g++ --buildtype=minsize
# The compact kernels at -O2 (-Dkernels=compact).
run_config gcc-float-compact gcc g++ -Dkernels=compact
# Release (-O3), as users and the benchmarks build: GCC's vectoriser does
# more there (it once turned a loop of sums into a vector of separately
# rounded products, and tnn_predict then depended on the scratch size).
run_config gcc-float-release gcc g++ --buildtype=release -Dbundle_tests=true
# Inference-only firmware configuration: no training, no model file.
run_config gcc-float-inference gcc g++ -Dtraining=false -Dserialize=false
# Training without L-BFGS and without the model file.
run_config gcc-float-lean gcc g++ -Dlbfgs=false -Dserialize=false

# The Cortex-M4F, M3 and M0 runs under qemu, the M4F one also against
# the one-file bundle: when the cross tools are installed or installable
# (root); under CI=true they must run.
"$root/tests/mcu/run.sh" --if-available || failed+=("mcu (tests/mcu/run.sh)")

# Robustness legs (tests/ci/): ASan+UBSan (float, double), valgrind memcheck,
# cppcheck + clang-tidy on lib/, the .clang-format check, libFuzzer for TNN_FUZZ_SECONDS (60) per target.
"$root/tests/ci/sanitizers.sh" || failed+=("sanitizers (tests/ci/sanitizers.sh)")
"$root/tests/ci/valgrind.sh" || failed+=("valgrind (tests/ci/valgrind.sh)")
"$root/tests/ci/lint.sh" || failed+=("lint (tests/ci/lint.sh)")
"$root/tests/ci/format.sh" || failed+=("format (tests/ci/format.sh)")
"$root/tests/ci/fuzz.sh" || failed+=("fuzz (tests/ci/fuzz.sh)")

if [ ${#failed[@]} -ne 0 ]; then
    echo "FAILED: ${failed[*]}"
    exit 1
fi
echo "All test configurations passed: (gcc, clang) x (float, double) with the one-file bundle, a shared build,"
echo "a plain-C-kernels build, a size-optimised build, a compact-kernels build, a release build,"
echo "an inference-only build, a build without L-BFGS and the model file and,"
echo "where the tools are, Cortex-M4F, Cortex-M3 and Cortex-M0 under qemu."
