#!/usr/bin/env bash
# CI leg: the whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer,
# float build (gcc) and double build (clang). -fno-sanitize-recover=all makes
# every report fatal, so any report fails the leg.
# Excluded: the packaging suite (it installs the library and links outside
# programs with a plain `cc`, which cannot resolve the sanitizer runtime)
# and the symbols suite (nm on a shared build); the plain builds run both.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$root/build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
for cfg in "float gcc" "double clang"; do
    set -- $cfg
    real=$1 cc=$2
    dir="$root/build/ci-asan-$real"
    echo "=== ASan+UBSan, $real, $cc ($dir)"
    opts=()
    [ -f "$dir/build.ninja" ] && opts=(--reconfigure)
    if ! CC=$cc meson setup "${opts[@]}" "$dir" "$root" -Dwerror=true -Dreal="$real" \
            -Db_sanitize=address,undefined -Db_lundef=false \
            -Dc_args=-fno-sanitize-recover=all -Dc_link_args=-fno-sanitize-recover=all >"$dir.setup.log" 2>&1; then
        cat "$dir.setup.log"
        failed=1
        continue
    fi
    meson test -C "$dir" --print-errorlogs --no-suite packaging --no-suite symbols || failed=1
done
exit $failed
