#!/usr/bin/env bash
# CI leg, with meson's own sanitizer option (b_sanitize):
# - the whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer,
#   float build (gcc) and double build (clang); -fno-sanitize-recover=all
#   makes every report fatal, so any report fails the leg. (The packaging
#   suite's pkg-config consumer is built with the build's compiler and
#   -fsanitize flags, tests/packaging/meson.build; the symbols suite's shared
#   variant is linked with b_lundef=false, as clang links no sanitizer
#   runtime into shared libraries, tests/symbols/meson.build.)
# - ThreadSanitizer, gcc and clang: the suite that runs inference from
#   several threads at once on one shared model (tests/test_threads.c; the
#   other suites run one thread). Only that suite's program is built.
# Sanitizer builds have no x86-64-v3 clones of the kernels (lib/meson.build,
# TNN_NO_TARGET_CLONES): their ifunc resolvers run before the sanitizer's
# runtime starts.
# Build folders: ${TNN_CI_BUILD:-build/ci}-asan-{float,double}, -tsan-{gcc,clang}.
set -euo pipefail
start=$SECONDS
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$root/build"
prefix=${TNN_CI_BUILD:-$root/build/ci}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
failed=0

# setup DIR CC [meson options...]
setup() {
    local dir=$1 cc=$2
    shift 2
    local opts=()
    [ -f "$dir/build.ninja" ] && opts=(--reconfigure)
    local cxx=g++
    [ "$cc" = clang ] && cxx=clang++
    if ! CC=$cc CXX=$cxx meson setup "${opts[@]}" "$dir" "$root" -Dwerror=true "$@" \
            >"$dir.setup.log" 2>&1; then
        cat "$dir.setup.log"
        return 1
    fi
}

for cfg in "float gcc" "double clang"; do
    set -- $cfg
    real=$1 cc=$2
    dir="$prefix-asan-$real"
    echo "=== ASan+UBSan, $real, $cc ($dir)"
    setup "$dir" "$cc" -Dreal="$real" -Db_sanitize=address,undefined \
        -Dc_args=-fno-sanitize-recover=all -Dc_link_args=-fno-sanitize-recover=all ||
        { failed=1; continue; }
    meson test -C "$dir" --print-errorlogs || failed=1
done

for cc in gcc clang; do
    dir="$prefix-tsan-$cc"
    echo "=== TSan, $cc, the threads suite ($dir)"
    setup "$dir" "$cc" -Db_sanitize=thread -Ddocs=disabled || { failed=1; continue; }
    if ! ninja -C "$dir" tests/test_threads >"$dir.build.log" 2>&1; then
        tail -n 40 "$dir.build.log"
        failed=1
        continue
    fi
    meson test -C "$dir" --no-rebuild --print-errorlogs threads || failed=1
done
echo "sanitizer leg: $((SECONDS - start))s"
exit $failed
