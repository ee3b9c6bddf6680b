#!/usr/bin/env bash
# CI leg: static analysis of lib/ with the committed configurations:
# cppcheck (tests/ci/cppcheck-suppressions.txt) and clang-tidy (.clang-tidy).
# Any finding fails the leg.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$root/build"
dir="$root/build/ci-lint"
echo "=== cppcheck and clang-tidy on lib/"
opts=()
[ -f "$dir/build.ninja" ] && opts=(--reconfigure)
if ! CC=clang meson setup "${opts[@]}" "$dir" "$root" -Dtests=false >"$dir.setup.log" 2>&1; then
    cat "$dir.setup.log"
    exit 1
fi
# config.h and compile_commands.json come from the configure step alone
failed=0
for real in 0 1; do
    cppcheck --quiet --error-exitcode=1 --std=c11 --language=c \
        --enable=warning,style,performance,portability --inline-suppr \
        --suppressions-list="$root/tests/ci/cppcheck-suppressions.txt" \
        -DTNN_BUILDING_LIBRARY -DTNN_KERNEL_FLAGS -DTNN_REAL_IS_DOUBLE=$real \
        -I "$root/include" -I "$dir/include" -I "$root/lib" "$root"/lib/*/*.c || failed=1
done
mapfile -t sources < <(cd "$root" && ls lib/*/*.c)
(cd "$root" && clang-tidy --quiet -p "$dir" "${sources[@]}") || failed=1
exit $failed
