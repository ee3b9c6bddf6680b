#!/bin/sh
# Installs the built library into a scratch prefix (DESTDIR) and builds an
# outside CMake project with find_package(tinynn MAJOR.MINOR REQUIRED) and
# target_link_libraries(... tinynn::tinynn), then runs it. Then checks which
# versions the installed tinynnConfigVersion.cmake answers. A sanitizer
# build passes its compiler as CC and its -fsanitize flags as CONSUMER_FLAGS.
# usage: cmake-consumer.sh BUILD_DIR CONSUMER_C VERSION
set -eu
build=$1
src=$2
version=$3
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() {
    echo "cmake-consumer.sh: $*"
    exit 1
}
meson install -C "$build" --no-rebuild --quiet --destdir "$scratch/root"
header=$(find "$scratch/root" -path '*/include/tinynn/tinynn.h' | head -n 1)
[ -n "$header" ] || fail "tinynn.h was not installed"
prefix=${header%/include/tinynn/tinynn.h}
want=$(echo "$version" | cut -d. -f1-2)

if ! cmake -S "$here/cmake" -B "$scratch/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
        -DTINYNN_WANT="$want" -DCONSUMER_C="$(cd "$(dirname "$src")" && pwd)/$(basename "$src")" \
        -DCMAKE_C_COMPILER="${CC:-cc}" -DCMAKE_C_FLAGS="${CONSUMER_FLAGS:-}" \
        -DCMAKE_EXE_LINKER_FLAGS="${CONSUMER_FLAGS:-}" >"$scratch/cmake.log" 2>&1; then
    cat "$scratch/cmake.log"
    fail "find_package(tinynn $want REQUIRED) failed"
fi
cmake --build "$scratch/consumer" >"$scratch/build.log" 2>&1 || { cat "$scratch/build.log"; exit 1; }
libdir=$(dirname "$(find "$scratch/root" -name 'libtinynn.*' | head -n 1)")
LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$scratch/consumer/consumer"

# The versions it answers (script mode: no project, no compiler): before 1.0
# the same minor version, patch up to this one; after, the same major.
config_version=$(find "$scratch/root" -name tinynnConfigVersion.cmake)
major=$(echo "$version" | cut -d. -f1)
minor=$(echo "$version" | cut -d. -f2)
patch=$(echo "$version" | cut -d. -f3)
cat >"$scratch/ask.cmake" <<CMAKE
string(REPLACE "." ";" parts "\${PACKAGE_FIND_VERSION}.0.0")
list(GET parts 0 PACKAGE_FIND_VERSION_MAJOR)
list(GET parts 1 PACKAGE_FIND_VERSION_MINOR)
include("$config_version")
message("\${PACKAGE_VERSION_COMPATIBLE}")
CMAKE
ask() {
    answer=$(cmake -DPACKAGE_FIND_VERSION="$1" -P "$scratch/ask.cmake" 2>&1)
    [ "$answer" = "$2" ] || fail "find_package(tinynn $1) with $version installed: compatible '$answer', expected $2"
}
ask "$major.$minor" TRUE
ask "$version" TRUE
ask "$major.$((minor + 1))" FALSE
ask "$major.$minor.$((patch + 1))" FALSE
ask "$((major + 1)).0" FALSE
if [ "$major" = 0 ]; then
    [ "$minor" = 0 ] || ask "0.$((minor - 1))" FALSE # before 1.0 a minor release breaks the API
else
    ask "$major.0" TRUE
fi
echo "cmake: find_package(tinynn $want) and tinynn::tinynn work; the version rules hold"
