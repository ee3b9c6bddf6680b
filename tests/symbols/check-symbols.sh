#!/bin/sh
# The symbol policy of libtinynn, checked on a built shared library.
#
# usage: check-symbols.sh prefix   NM LIB
#        check-symbols.sh list     NM LIB LIST full|subset
#        check-symbols.sh declared NM LIB BUILD_INCLUDE SOURCE_INCLUDE CC...
#
# prefix    every symbol the library defines and exports is a public name:
#           tnn_ then a letter or digit (everything else, tnn__* internals
#           included, is hidden: TNN_API plus gnu_symbol_visibility
#           'hidden').
# list      the exported tnn_ symbols equal the committed LIST
#           (tests/symbols/exported.txt), so a removal, a rename or an
#           addition fails until the list is updated on purpose. A build
#           with optional parts switched off (-Dtraining=false, ...) must
#           export a subset of it ('subset').
# declared  the exported symbols are exactly the TNN_API functions the
#           public header declares in this configuration (preprocessed
#           with the build's tinynn/config.h by the C compiler CC...).
#
# TNN_UPDATE_SYMBOLS=1 with 'list' rewrites LIST from the library instead.
set -eu

mode=$1
nm=$2
lib=$3
shift 3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every defined symbol of the dynamic symbol table is exported, whatever
# its type letter (T, D, B, R, W, i for GNU indirect functions, ...);
# undefined ones (U, w, v) are what the library imports from libc and libm.
# The linker's own markers are not the library's.
"$nm" -D --defined-only --format=posix "$lib" | awk '{ print $1, $2 }' |
    grep -v -E '^(_init|_fini|_edata|_end|__bss_start) ' > "$tmp/all" || true
awk '{ print $1 }' "$tmp/all" | LC_ALL=C sort -u > "$tmp/exported"
[ -s "$tmp/exported" ] || { echo "no exported symbols found in $lib" >&2; exit 1; }

case "$mode" in
prefix)
    # Public names: tnn_ and a letter or digit. tnn__* is the library's
    # internal prefix and must stay hidden too.
    grep -v -E '^tnn_[a-z0-9][a-z0-9_]* ' "$tmp/all" > "$tmp/bad" || true
    if [ -s "$tmp/bad" ]; then
        echo "$lib exports symbols that are not public tnn_ names:"
        awk '{ print "  " $1 " (" $2 ")" }' "$tmp/bad"
        echo "Every exported symbol must be a tnn_ function declared TNN_API in"
        echo "include/tinynn/. Make internal functions static, or name them tnn__*"
        echo "without TNN_API (hidden by -fvisibility=hidden). A non-static function"
        echo "with GCC's target_clones (or ifunc) is exported with its resolver"
        echo "(nm types i and W, *.resolver) whatever -fvisibility says, and clang"
        echo "refuses an explicit visibility there: make the cloned function static"
        echo "(called through a plain internal function), or link the library with"
        echo "a version script that keeps only tnn_* global."
        exit 1
    fi
    echo "$(wc -l < "$tmp/exported") exported symbols, all public tnn_ names"
    ;;
list)
    list=$1
    how=$2
    if [ "${TNN_UPDATE_SYMBOLS:-}" = 1 ]; then
        if [ "$how" != full ]; then
            echo "TNN_UPDATE_SYMBOLS needs a build with every optional part on" >&2
            echo "(the defaults: -Dtraining=true -Dlbfgs=true -Dserialize=true)." >&2
            exit 1
        fi
        if grep -q -v -E '^tnn_[a-z0-9][a-z0-9_]*$' "$tmp/exported"; then
            echo "Not updating: the library exports non-public names (see the test" >&2
            echo "symbols-prefix); fix those first." >&2
            exit 1
        fi
        {
            echo "# Every symbol libtinynn.so exports (default build options), one per line,"
            echo "# sorted. Checked by the test 'exported-symbols' (tests/symbols/); a"
            echo "# change here is an API change and needs a CHANGELOG.md entry."
            cat "$tmp/exported"
        } > "$list"
        echo "rewrote $list: $(wc -l < "$tmp/exported") symbols"
        exit 0
    fi
    grep -v '^#' "$list" | grep -v '^$' | LC_ALL=C sort -u > "$tmp/expected"
    LC_ALL=C comm -13 "$tmp/expected" "$tmp/exported" > "$tmp/added"
    LC_ALL=C comm -23 "$tmp/expected" "$tmp/exported" > "$tmp/removed"
    [ "$how" = subset ] && : > "$tmp/removed"
    if [ -s "$tmp/added" ] || [ -s "$tmp/removed" ]; then
        echo "The exported symbols of $lib differ from $list."
        if [ -s "$tmp/removed" ]; then
            echo "Missing from the library (removed or renamed: this breaks every"
            echo "program linked against an earlier version, so only a new major"
            echo "version may do it):"
            sed 's/^/  - /' "$tmp/removed"
        fi
        if [ -s "$tmp/added" ]; then
            echo "New in the library, not in the list:"
            sed 's/^/  + /' "$tmp/added"
        fi
        if [ "$how" = subset ]; then
            echo "(This build leaves optional parts out, so it may export fewer symbols"
            echo "than the list, never others.)"
        fi
        echo
        echo "If the change is deliberate, update the list from a build with the"
        echo "default options and record the change in CHANGELOG.md ([Unreleased]:"
        echo "Added for new functions; Removed or Changed, a breaking change, for the rest):"
        echo "  meson setup build-shared -Ddefault_library=shared   # or any default build"
        echo "  TNN_UPDATE_SYMBOLS=1 meson test -C build-shared exported-symbols"
        echo "  git diff tests/symbols/exported.txt"
        exit 1
    fi
    echo "$(wc -l < "$tmp/exported") exported symbols match $list ($how)"
    ;;
declared)
    build_inc=$1
    src_inc=$2
    shift 2
    # The preprocessed header, one line, TNN_API expanded to the visibility
    # attribute: each declaration is 'attribute type name(' with the
    # configuration's #if blocks already resolved.
    printf '#include <tinynn/tinynn.h>\n' > "$tmp/h.c"
    "$@" -E -P -I"$build_inc" -I"$src_inc" "$tmp/h.c" | tr '\n' ' ' |
        grep -o 'visibility *( *"default" *) *) *) *[^;{()]*(' |
        sed 's/[[:space:]]*($//; s/.*[^A-Za-z0-9_]//' | LC_ALL=C sort -u > "$tmp/declared"
    [ -s "$tmp/declared" ] || { echo "no TNN_API declarations found in the header" >&2; exit 1; }
    LC_ALL=C comm -23 "$tmp/declared" "$tmp/exported" > "$tmp/undefined"
    LC_ALL=C comm -13 "$tmp/declared" "$tmp/exported" > "$tmp/undeclared"
    status=0
    if [ -s "$tmp/undefined" ]; then
        echo "Declared TNN_API in include/tinynn/ but not exported by $lib"
        echo "(no definition, or a definition the build leaves out while the header"
        echo "still declares it):"
        sed 's/^/  /' "$tmp/undefined"
        status=1
    fi
    if [ -s "$tmp/undeclared" ]; then
        echo "Exported by $lib but not declared in the public header:"
        sed 's/^/  /' "$tmp/undeclared"
        status=1
    fi
    [ $status -eq 0 ] && echo "$(wc -l < "$tmp/declared") declared functions, all exported, nothing else"
    exit $status
    ;;
*)
    echo "check-symbols.sh: unknown mode $mode" >&2
    exit 2
    ;;
esac
