#!/bin/sh
# TNN_NODISCARD: a program that ignores a returned tnn_status gets a warning
# (an error with -Werror) as C11, C23 where the compiler has it, C++11 and
# C++17, and the same program checking the status compiles clean.
# usage: nodiscard.sh SOURCE_INCLUDE BUILD_INCLUDE CC [-- CXX]
set -eu
src_inc=$1
build_inc=$2
shift 2
cc=""
cxx=""
while [ $# -gt 0 ] && [ "$1" != -- ]; do cc="$cc $1"; shift; done
[ $# -gt 0 ] && shift
while [ $# -gt 0 ]; do cxx="$cxx $1"; shift; done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/ignored.c" <<'C'
#include <tinynn/tinynn.h>
int tnn_nodiscard_check(double *out);
int tnn_nodiscard_check(double *out)
{
    tnn_linspace(0.0, 1.0, out, 2);
    return 0;
}
C
sed 's/    tnn_linspace(0.0, 1.0, out, 2);/    if (tnn_linspace(0.0, 1.0, out, 2) != TNN_OK) return 1;/' \
    "$tmp/ignored.c" > "$tmp/checked.c"
cp "$tmp/ignored.c" "$tmp/ignored.cpp"
cp "$tmp/checked.c" "$tmp/checked.cpp"
failed=0
# try COMPILER STD FILE: 0 if it compiles with -Werror
try() {
    # -c, not -fsyntax-only: GCC warns about unused results after parsing
    # shellcheck disable=SC2086
    $1 -std="$2" -Wall -Wextra -Werror -c -o "$tmp/out.o" -I"$src_inc" -I"$build_inc" "$3" \
        2>/dev/null
}
check() {
    if try "$1" "$2" "$tmp/ignored.$3"; then
        echo "FAIL: an ignored status compiles without a warning as $2"
        failed=1
    fi
    if ! try "$1" "$2" "$tmp/checked.$3"; then
        echo "FAIL: a checked status does not compile as $2"
        failed=1
    fi
}
check "$cc" c11 c
if echo 'int x;' | $cc -std=c23 -fsyntax-only -x c - 2>/dev/null; then
    check "$cc" c23 c
fi
if [ -n "$cxx" ]; then
    check "$cxx" c++11 cpp
    check "$cxx" c++17 cpp
fi
exit $failed
