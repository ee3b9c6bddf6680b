#!/bin/sh
# Runs a test image on an emulated Cortex-M board; the image's main() return
# value becomes the exit status (semihosting SYS_EXIT_EXTENDED).
# usage: run-on-qemu.sh BOARD IMAGE.elf     (BOARD: mps2-an386, mps2-an385)
# TNN_QEMU_ICOUNT=1 runs with -icount shift=0 (one virtual ns per
# instruction), which makes the image's instruction counts exact.
# TNN_QEMU_TIMEOUT (seconds, default 300) bounds a hung image.
set -eu
board=$1
image=$2
icount=
[ "${TNN_QEMU_ICOUNT:-0}" = 1 ] && icount="-icount shift=0"
# shellcheck disable=SC2086
exec timeout "${TNN_QEMU_TIMEOUT:-300}" qemu-system-arm -M "$board" -nographic -monitor none \
    -semihosting-config enable=on,target=native $icount -kernel "$image"
