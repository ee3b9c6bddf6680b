#!/usr/bin/env bash
# CI leg: every tracked C source (*.c, *.h, *.cpp) is formatted as the
# repository's .clang-format says. Checks only, never modifies: prints the
# files that differ and fails if there is one. Reference tables generated
# by scripts (tests/data/) carry a .clang-format with DisableFormat, so
# they always pass. Formatting differs between clang-format releases, so
# the check needs the release the configuration was tuned for (14).
#
# usage: tests/ci/format.sh          (CLANG_FORMAT=path picks the binary)
# To fix a file: clang-format -i FILE
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
clang_format=${CLANG_FORMAT:-clang-format}
want_major=14

if ! command -v "$clang_format" >/dev/null 2>&1; then
    echo "format: $clang_format not found (Debian: apt-get install clang-format-$want_major)" >&2
    exit 1
fi
version=$("$clang_format" --version | sed -n 's/.*clang-format version \([0-9]*\).*/\1/p')
if [ "$version" != "$want_major" ]; then
    echo "format: $clang_format is release ${version:-unknown}, the configuration is for $want_major" >&2
    exit 1
fi

mapfile -t files < <(cd "$root" && git ls-files '*.c' '*.h' '*.cpp')
echo "=== clang-format $version on ${#files[@]} files"
differ=()
for f in "${files[@]}"; do
    if ! (cd "$root" && "$clang_format" --dry-run --Werror "$f" >/dev/null 2>&1); then
        differ+=("$f")
    fi
done
if [ ${#differ[@]} -ne 0 ]; then
    echo "format: ${#differ[@]} files differ from .clang-format (see: clang-format FILE | diff FILE -):"
    printf '  %s\n' "${differ[@]}"
    exit 1
fi
echo "format: all files match .clang-format"
