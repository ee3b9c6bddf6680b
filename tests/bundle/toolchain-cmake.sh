#!/bin/sh
# Runs the bundle folder's ESP-IDF CMakeLists.txt and Zephyr module
# (zephyr/CMakeLists.txt) through host CMake with stand-ins for the
# toolchains' commands (toolchain-cmake/CMakeLists.txt), builds the library
# each way and runs a program against it.
# usage: toolchain-cmake.sh BUNDLE/src/tinynn.c
set -eu
bundle=$(cd "$(dirname "$1")/.." && pwd)
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if ! cmake -S "$here/toolchain-cmake" -B "$scratch" -DBUNDLE="$bundle" >"$scratch.log" 2>&1 ||
    ! cmake --build "$scratch" >>"$scratch.log" 2>&1; then
    cat "$scratch.log"
    rm -f "$scratch.log"
    echo "FAILED: the bundle's CMake files do not build under the stand-ins"
    exit 1
fi
rm -f "$scratch.log"
for app in idf_app zephyr_app; do
    printf '%s: ' "$app"
    "$scratch/$app"
done
