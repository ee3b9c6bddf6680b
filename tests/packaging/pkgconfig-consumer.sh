#!/bin/sh
# Installs the built library into a scratch prefix (DESTDIR) and builds an
# outside program with nothing but `cc $(pkg-config --cflags --libs tinynn)`.
# A sanitizer build passes its compiler as CC and its -fsanitize flags as
# CONSUMER_FLAGS (tests/packaging/meson.build).
# usage: pkgconfig-consumer.sh BUILD_DIR CONSUMER_C
set -eu
build=$1
src=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
meson install -C "$build" --no-rebuild --quiet --destdir "$scratch/root"
pcdir=$(dirname "$(find "$scratch/root" -name tinynn.pc | head -n 1)")
[ -n "$pcdir" ] || { echo "tinynn.pc was not installed"; exit 1; }
# The .pc names the real prefix; the sysroot maps it into the scratch tree.
export PKG_CONFIG_PATH="$pcdir" PKG_CONFIG_SYSROOT_DIR="$scratch/root" PKG_CONFIG_LIBDIR="$pcdir"
flags=$(pkg-config --cflags --libs tinynn)
echo "pkg-config flags: $flags"
# shellcheck disable=SC2086
${CC:-cc} -std=c11 -Wall -Wextra -Werror ${CONSUMER_FLAGS:-} "$src" $flags -o "$scratch/consumer"
# A shared build links libtinynn.so from the scratch prefix: tell the loader.
libdir=$(pkg-config --libs-only-L tinynn | sed 's/^ *-L//; s/ *$//')
LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$scratch/consumer"
