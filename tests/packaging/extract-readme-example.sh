#!/bin/sh
# Writes the first ```c block of README.md to OUT, so the tour in the README
# is compiled and run by the test suite and cannot rot.
# usage: extract-readme-example.sh README OUT
set -eu
awk '/^```c$/ && !done { inside = 1; next }
     /^```$/ && inside { inside = 0; done = 1; next }
     inside { print }' "$1" > "$2"
[ -s "$2" ] || { echo "no \`\`\`c block in $1" >&2; exit 1; }
