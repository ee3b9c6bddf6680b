#!/bin/sh
# Builds an outside meson project that uses libtinynn as a subproject
# (subprojects/tinynn pointing at this source tree) and runs its program.
# usage: subproject-consumer.sh SOURCE_ROOT
set -eu
root=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$root/tests/packaging/subproject/meson.build" "$root/tests/packaging/consumer.c" "$scratch/"
mkdir "$scratch/subprojects"
ln -s "$root" "$scratch/subprojects/tinynn"
# -Dtinynn:tests=false: the consumer needs the library, not our test suites.
meson setup "$scratch/build" "$scratch" -Dtinynn:tests=false --wrap-mode=nodownload >/dev/null
meson compile -C "$scratch/build" >/dev/null
"$scratch/build/consumer"
