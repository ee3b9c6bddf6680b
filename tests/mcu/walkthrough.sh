#!/usr/bin/env bash
# The walkthrough of docs/embedded.md, end to end, exactly as written: the
# blocks the page marks `<!-- walkthrough: NAME -->` are extracted into a
# scratch folder, train.sh runs with this build's tinynn on
# docs/walkthrough/iris.csv, firmware.c is built by build.sh against this
# build's one-file bundle for Cortex-M0, M3 and M4F (BOARD: the test
# image's startup, linker script and semihosting) and run under qemu; its
# classes must be those `tinynn predict` gives on the host for the same
# flowers. Prints each image's flash, static RAM and stack high-water mark.
# usage: walkthrough.sh SOURCE_ROOT TINYNN BUNDLE/tinynn.c
# Exit 77 (skipped) when the Cortex-M tools are missing and cannot be
# installed, except under CI=true.
set -euo pipefail
root=$1
tinynn=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
bundle=$(cd "$(dirname "$3")" && pwd)
if ! "$root/tests/ensure-deps.sh" mcu >/dev/null 2>&1; then
    [ "${CI:-}" = true ] && { echo "walkthrough: Cortex-M tools missing" >&2; exit 1; }
    echo "walkthrough: Cortex-M tools missing: skipped"
    exit 77
fi
mcu=$root/tests/mcu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# the marked blocks of the page, each into its file
awk -v dir="$work" '
    /^<!-- walkthrough: [^ ]+ -->$/ { name = $3; want = 1; next }
    want && /^```/ { want = 0; out = dir "/" name; inside = 1; printf "" > out; next }
    inside && /^```$/ { inside = 0; close(out); next }
    inside { print > out }
' "$root/docs/embedded.md"
for f in train.sh firmware.c build.sh; do
    [ -s "$work/$f" ] || { echo "walkthrough: no block $f in docs/embedded.md" >&2; exit 1; }
done

cd "$work"
cp "$root/docs/walkthrough/iris.csv" "$bundle/tinynn.c" "$bundle/tinynn.h" .
echo "--- train.sh"
PATH="$(dirname "$tinynn"):$PATH" sh -e train.sh
# the project's warnings on the guide's code
arm-none-eabi-gcc -mcpu=cortex-m0 -mthumb -std=c11 -Wall -Wextra -Wpedantic -Wconversion \
    -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wdouble-promotion -Werror \
    -fsyntax-only -I. firmware.c

failed=0
for core in cortex-m0 cortex-m3 cortex-m4f; do
    board_ld=
    case $core in
    cortex-m0) CPU="-mcpu=cortex-m0 -mthumb" qemu=microbit
        # the microbit's RAM, as cross-cortex-m0.txt passes it
        board_ld="-Wl,--defsym=__mcu_ram_size=16K -Wl,--defsym=__mcu_stack_and_heap_min=3K" ;;
    cortex-m3) CPU="-mcpu=cortex-m3 -mthumb" qemu=mps2-an385 ;;
    cortex-m4f) CPU="-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16" qemu=mps2-an386 ;;
    esac
    BOARD="$mcu/startup.c $mcu/mcu_stack.c -I$mcu -T $mcu/mcu.ld --specs=nano.specs"
    BOARD="$BOARD --specs=rdimon.specs -nostartfiles $board_ld"
    echo "--- $core: build.sh"
    CPU=$CPU BOARD=$BOARD sh -e build.sh
    TNN_QEMU_TIMEOUT=30 "$mcu/run-on-qemu.sh" "$qemu" firmware.elf >"out-$core.txt" ||
        { cat "out-$core.txt"; echo "FAIL $core: the firmware failed"; failed=1; continue; }
    cat "out-$core.txt"
    arm-none-eabi-size -B firmware.elf |
        awk -v c="$core" 'NR == 2 { printf "size: %s flash %d B, static RAM %d B\n", c, $1 + $2, $2 + $3 }'

    # the same flowers through tinynn predict on the host
    lines=$(grep -c ' mm -> ' "out-$core.txt" || true)
    [ "$lines" = 3 ] || { echo "FAIL $core: $lines predictions, expected 3"; failed=1; continue; }
    {
        echo sepal_length,sepal_width,petal_length,petal_width
        sed -n 's/^\([0-9]*\) \([0-9]*\) \([0-9]*\) \([0-9]*\) mm -> .*/\1 \2 \3 \4/p' "out-$core.txt" |
            awk '{ printf "%g,%g,%g,%g\n", $1 / 10, $2 / 10, $3 / 10, $4 / 10 }'
    } >flowers.csv
    "$tinynn" predict iris.tnn flowers.csv --out - 2>/dev/null >host.csv
    col=$(head -1 host.csv | tr ',' '\n' | grep -nx label | cut -d: -f1)
    expected=$(tail -n +2 host.csv | cut -d, -f"$col" | tr '\n' ' ')
    got=$(sed -n 's/.* mm -> \([^ ]*\) .*/\1/p' "out-$core.txt" | tr '\n' ' ')
    if [ "$got" != "$expected" ]; then
        echo "FAIL $core: classes '$got', tinynn predict gives '$expected'"
        failed=1
    fi
    # the flowers are one of each species, far from the borders
    [ "$got" = "setosa versicolor virginica " ] ||
        { echo "FAIL $core: classes '$got', expected setosa versicolor virginica"; failed=1; }
done
exit $failed
