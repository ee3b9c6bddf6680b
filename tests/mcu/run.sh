#!/usr/bin/env bash
# Cross-builds the microcontroller test runner for a Cortex-M4F (hard float,
# qemu mps2-an386), a Cortex-M3 (soft float, mps2-an385) and a Cortex-M0
# (soft float, 16 KiB of RAM, microbit) and runs it under qemu-system-arm. As root on Debian, installs gcc-arm-none-eabi,
# libnewlib-arm-none-eabi and qemu-system-arm (--no-install-recommends:
# about 110 MB instead of 3.5 GB) when they are missing.
#
# usage: tests/mcu/run.sh [--if-available]
#   --if-available  when the tools are missing and cannot be installed (not
#                   root), say so and succeed; tests/run-all.sh uses it so
#                   that a developer without the tools can still run the
#                   host suites. Under CI=true missing tools always fail.
# Build directories: build/mcu-cortex-m4f, build/mcu-cortex-m3, build/mcu-cortex-m0.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

if_available=0
[ "${1:-}" = --if-available ] && if_available=1

if ! "$root/tests/ensure-deps.sh" mcu; then
    if [ "$if_available" = 1 ] && [ "$(id -u)" -ne 0 ] && [ "${CI:-}" != true ]; then
        echo "tests/mcu/run.sh: Cortex-M tools not installed and not root: skipping the qemu tests."
        exit 0
    fi
    exit 1
fi

mkdir -p "$root/build"
failed=()
for target in cortex-m4f cortex-m3 cortex-m0; do
    dir="$root/build/mcu-$target"
    echo "=== $target ($dir)"
    opts=()
    [ -f "$dir/build.ninja" ] && opts=(--reconfigure)
    # The Cortex-M4F build also runs the image against the one-file bundle
    # and compiles the bundle for Cortex-M (tests/bundle/).
    bundle=false suites=(--suite mcu)
    [ "$target" = cortex-m4f ] && bundle=true suites+=(--suite bundle)
    # -Os as firmware is built; warnings as errors as on the host.
    if ! meson setup "${opts[@]}" "$dir" "$root" --cross-file "$root/tests/mcu/cross-$target.txt" \
            -Dbuildtype=minsize -Dwerror=true -Dbundle_tests=$bundle >"$dir.setup.log" 2>&1; then
        cat "$dir.setup.log"
        failed+=("$target (setup)")
        continue
    fi
    meson test -C "$dir" "${suites[@]}" --verbose || failed+=("$target")
done

if [ ${#failed[@]} -ne 0 ]; then
    echo "FAILED on the emulated microcontrollers: ${failed[*]}"
    exit 1
fi
echo "Cortex-M4F, Cortex-M3 and Cortex-M0 test runs passed."
