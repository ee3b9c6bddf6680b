#!/bin/sh
# Compiles the one-file bundle alone, as a firmware or an outside build
# would: tinynn.c with its tinynn.h and nothing else, at the project's
# warnings with -Werror, in float and double and with parts left out by its
# macros. The bundle's header also compiles as C++.
# usage: compilers.sh BUNDLE/tinynn.c host|arm
#   host: gcc, g++ and clang (CI installs them);  arm: arm-none-eabi-gcc
set -eu
src=$1
set=$2
warnings="-std=c11 -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wdouble-promotion -Werror"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=0

# build NAME CC [flags...]: compiles the bundle in the background, two at
# a time; report gives the verdicts.
build() {
    name=$1
    shift
    echo "$name: $*" >"$scratch/$name.cmd"
    # shellcheck disable=SC2086
    ("$@" $warnings -c "$src" -o "$scratch/$name.o" >"$scratch/$name.log" 2>&1 ||
        mv "$scratch/$name.log" "$scratch/$name.failed") &
    running=$((running + 1))
    if [ "$running" -ge 2 ]; then
        wait
        running=0
    fi
}
running=0
report() {
    wait
    for cmd in "$scratch"/*.cmd; do
        name=$(basename "$cmd" .cmd)
        if [ -f "$scratch/$name.failed" ]; then
            echo "FAILED  $(cat "$cmd")"
            cat "$scratch/$name.failed"
            failed=1
        else
            echo "ok      $name"
        fi
    done
}

case "$set" in
host)
    # gcc -O2 compiles it in the builds that run this test (the library
    # tinynn_bundle, tests/bundle/meson.build); here every macro setting,
    # checked by both front ends, where these warnings come from.
    for cc in gcc clang; do
        build "$cc-float" $cc -fsyntax-only -DTNN_REAL_IS_DOUBLE=0
        build "$cc-double" $cc -fsyntax-only -DTNN_REAL_IS_DOUBLE=1
        build "$cc-inference" $cc -fsyntax-only -DTNN_HAVE_TRAINING=0 -DTNN_HAVE_SERIALIZE=0
        build "$cc-no-lbfgs" $cc -fsyntax-only -DTNN_HAVE_LBFGS=0 -DTNN_HAVE_SERIALIZE=0
        build "$cc-compact" $cc -fsyntax-only -DTNN_COMPACT_KERNELS=1 -DTNN_REAL_IS_DOUBLE=1
        build "$cc-portable" $cc -fsyntax-only -DTNN_PORTABLE_KERNELS -DTNN_COMPACT_KERNELS=0
    done
    # L-BFGS without training is refused, as meson refuses -Dlbfgs=true -Dtraining=false.
    if gcc -fsyntax-only -DTNN_HAVE_TRAINING=0 -DTNN_HAVE_LBFGS=1 "$src" >/dev/null 2>&1; then
        echo "FAILED  TNN_HAVE_LBFGS=1 with TNN_HAVE_TRAINING=0 compiled"
        failed=1
    fi
    header=$(cd "$(dirname "$src")" && pwd)/tinynn.h
    printf '#include "%s"\nint main() { return tnn_status_message(TNN_OK) == nullptr; }\n' \
        "$header" >"$scratch/header.cpp"
    if g++ -std=c++11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only "$scratch/header.cpp" \
            >"$scratch/cxx.log" 2>&1; then
        echo "ok      header as C++11"
    else
        echo "FAILED  header as C++11"
        cat "$scratch/cxx.log"
        failed=1
    fi
    ;;
arm)
    # The float build at -Os compiles in the cross build that runs this test
    # (tests/mcu: the image against the bundle).
    build cortex-m4f-double arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard \
        -mfpu=fpv4-sp-d16 -Os -DTNN_REAL_IS_DOUBLE=1
    build cortex-m3-float arm-none-eabi-gcc -mcpu=cortex-m3 -mthumb -Os
    build cortex-m0-inference arm-none-eabi-gcc -mcpu=cortex-m0 -mthumb -Os \
        -DTNN_HAVE_TRAINING=0 -DTNN_HAVE_SERIALIZE=0
    ;;
*)
    echo "usage: compilers.sh BUNDLE/tinynn.c host|arm" >&2
    exit 2
    ;;
esac
report
exit $failed
