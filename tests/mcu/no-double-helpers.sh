#!/usr/bin/env bash
# Fails when a float-only firmware image links double-precision helpers
# (the soft-float __aeabi_d* routines): loading a model file or viewing it
# in place must not need them in a float build.
# usage: no-double-helpers.sh NM ELF
set -euo pipefail
found=$("$1" "$2" | awk '$3 ~ /^__aeabi_d/ { print $3 }')
if [ -n "$found" ]; then
    echo "$2 links double-precision helpers:" $found
    exit 1
fi
echo "$2: no __aeabi_d* helpers"
