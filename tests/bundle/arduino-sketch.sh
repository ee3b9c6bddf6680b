#!/bin/sh
# Builds the bundle's Arduino sketch (examples/TrainXor/TrainXor.ino) as the
# Arduino builder would and runs it on an emulated Cortex-M4F: the sketch
# becomes C++ after `#include <Arduino.h>` (here arduino/Arduino.h, a
# stand-in whose Serial writes through semihosting), the library's src/ is
# on the include path and its tinynn.c is compiled as C with the core's
# flags (-std=gnu11 -Os, sections per function). The sketch must print the
# four XOR rows right and call malloc never. tinynn.c and the sketch are
# also compiled, without running, for a soft-float Cortex-M0.
# usage: arduino-sketch.sh BUNDLE/src/tinynn.c TESTS_MCU_DIR BOARD
set -eu
src=$1
mcu=$2
board=$3
bundle=$(cd "$(dirname "$src")/.." && pwd)
here=$(cd "$(dirname "$0")" && pwd)
sketch=$bundle/examples/TrainXor/TrainXor.ino
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

m4f="-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16"
m0="-mcpu=cortex-m0 -mthumb -mfloat-abi=soft"
common="-Os -ffunction-sections -fdata-sections -Wall -Wextra -Werror"
cflags="-std=gnu11 $common"
cxxflags="-std=gnu++11 $common -fno-exceptions -fno-rtti -fno-threadsafe-statics"

# What the builder hands the C++ compiler for a one-file sketch.
{
    echo '#include <Arduino.h>'
    echo "#line 1 \"$sketch\""
    cat "$sketch"
} >"$scratch/TrainXor.ino.cpp"

step() {
    if ! "$@" >"$scratch/step.log" 2>&1; then
        echo "FAILED: $*"
        cat "$scratch/step.log"
        exit 1
    fi
}

for core in m0 m4f; do
    case $core in
    m0) flags=$m0 ;;
    *) flags=$m4f ;;
    esac
    # shellcheck disable=SC2086
    step arm-none-eabi-gcc $flags $cflags -c "$src" -o "$scratch/tinynn-$core.o"
    # shellcheck disable=SC2086
    step arm-none-eabi-g++ $flags $cxxflags -I"$here/arduino" -I"$bundle/src" \
        -c "$scratch/TrainXor.ino.cpp" -o "$scratch/sketch-$core.o"
    echo "ok      tinynn.c and TrainXor.ino compile for cortex-$core"
done

# The Cortex-M4F image: the test runner's startup code and memory map, the
# stand-in core, the sketch, the library. Linked by the C driver: the sketch
# needs nothing of libstdc++ (Debian ships none for arm-none-eabi).
# shellcheck disable=SC2086
step arm-none-eabi-gcc $m4f $cflags -I"$mcu" -c "$mcu/startup.c" -o "$scratch/startup.o"
# shellcheck disable=SC2086
step arm-none-eabi-g++ $m4f $cxxflags -I"$here/arduino" -c "$here/arduino/arduino_main.cpp" \
    -o "$scratch/core.o"
# shellcheck disable=SC2086
step arm-none-eabi-gcc $m4f -T"$mcu/mcu.ld" --specs=nano.specs --specs=rdimon.specs \
    -nostartfiles -Wl,--gc-sections -u _printf_float -Wl,--wrap=malloc \
    "$scratch/startup.o" "$scratch/core.o" "$scratch/sketch-m4f.o" "$scratch/tinynn-m4f.o" \
    -lm -o "$scratch/TrainXor.elf"

status=0
TNN_QEMU_TIMEOUT=60 "$mcu/run-on-qemu.sh" "$board" "$scratch/TrainXor.elf" \
    >"$scratch/out.txt" 2>&1 || status=$?
tr -d '\r' <"$scratch/out.txt"
if [ "$status" -ne 0 ]; then
    echo "FAILED: the sketch's image exited with status $status"
    exit 1
fi
# Each XOR row and its class, as the sketch prints them.
failed=0
for row in "0 0 -> 0" "0 1 -> 1" "1 0 -> 1" "1 1 -> 0"; do
    if ! tr -d '\r' <"$scratch/out.txt" | grep -q "^$row  (0\.[0-9][0-9][0-9])\$"; then
        echo "FAILED: no line \"$row  (probability)\""
        failed=1
    fi
done
[ "$failed" = 0 ] && echo "ok      TrainXor on $board: XOR learnt, no malloc"
exit $failed
