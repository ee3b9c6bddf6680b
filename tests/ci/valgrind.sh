#!/usr/bin/env bash
# CI leg: the whole test suite under valgrind memcheck (meson test --setup
# valgrind, defined in tests/ci/meson.build): zero errors, zero leaks.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$root/build"
dir="$root/build/ci-valgrind"
echo "=== valgrind memcheck ($dir)"
opts=()
[ -f "$dir/build.ninja" ] && opts=(--reconfigure)
if ! CC=gcc meson setup "${opts[@]}" "$dir" "$root" -Dwerror=true >"$dir.setup.log" 2>&1; then
    cat "$dir.setup.log"
    exit 1
fi
meson test -C "$dir" --setup valgrind --print-errorlogs --num-processes "$(nproc)"
