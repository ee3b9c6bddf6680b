#!/bin/sh
# Every public header compiles on its own, first in its translation unit,
# as strict C99 and as C++11, with the warnings the project uses. New
# module headers in include/tinynn/ are picked up automatically.
# usage: headers-alone.sh SOURCE_INCLUDE BUILD_INCLUDE CC [-- CXX]
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
failed=0
n=0
for h in "$src_inc"/tinynn/*.h; do
    name=$(basename "$h")
    n=$((n + 1))
    printf '#include <tinynn/%s>\nint tnn_header_alone_check(void);\nint tnn_header_alone_check(void) { return TNN_OK; }\n' \
        "$name" > "$tmp/t.c"
    # shellcheck disable=SC2086
    if ! $cc -std=c99 -pedantic-errors -Wall -Wextra -Werror -Wstrict-prototypes \
            -fsyntax-only -I"$src_inc" -I"$build_inc" "$tmp/t.c"; then
        echo "FAIL: tinynn/$name alone as C99"
        failed=1
    fi
    if [ -n "$cxx" ]; then
        cp "$tmp/t.c" "$tmp/t.cpp"
        # shellcheck disable=SC2086
        if ! $cxx -std=c++11 -pedantic-errors -Wall -Wextra -Werror -fsyntax-only \
                -I"$src_inc" -I"$build_inc" "$tmp/t.cpp"; then
            echo "FAIL: tinynn/$name alone as C++11"
            failed=1
        fi
    fi
done
[ $failed -eq 0 ] && echo "$n headers compile alone as C99${cxx:+ and C++11}"
exit $failed
