#!/bin/sh
# Builds an outside meson project that uses libtinynn as a subproject
# (subprojects/tinynn pointing at this source tree) and runs its program.
# pkg-config finds nothing (no Check, no installed tinynn), and the parent
# passes no options: the subproject must build its library and nothing else
# (no tests, examples, tinynn command), and install nothing until the
# parent asks with -Dtinynn:install=true.
# usage: subproject-consumer.sh SOURCE_ROOT
set -eu
root=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$root/tests/packaging/subproject/meson.build" "$root/tests/packaging/consumer.c" "$scratch/"
mkdir "$scratch/subprojects" "$scratch/no-pkgconfig"
ln -s "$root" "$scratch/subprojects/tinynn"
export PKG_CONFIG_PATH="" PKG_CONFIG_LIBDIR="$scratch/no-pkgconfig"
meson setup "$scratch/build" "$scratch" --wrap-mode=nodownload >"$scratch/setup.log" ||
    { cat "$scratch/setup.log"; exit 1; }
meson compile -C "$scratch/build" >/dev/null
"$scratch/build/consumer"

fail() {
    echo "subproject-consumer.sh: $*"
    exit 1
}
# Everything the subproject built: its static libraries, nothing else.
built=$(cd "$scratch/build/subprojects/tinynn" &&
    find . -type f \( -name '*.a' -o -name '*.so*' -o -perm -u+x \) | sort | tr '\n' ' ')
expected="./lib/libtinynn.a ./lib/libtinynn_exact.a ./lib/libtinynn_kernels.a "
[ "$built" = "$expected" ] || fail "the subproject built '$built', expected '$expected'"

meson install -C "$scratch/build" --no-rebuild --quiet --destdir "$scratch/root"
[ -z "$(find "$scratch/root" -type f 2>/dev/null)" ] ||
    fail "installed without being asked: $(find "$scratch/root" -type f)"

# Asked: the library, its headers, pkg-config and CMake files; still no command.
meson configure "$scratch/build" -Dtinynn:install=true
meson install -C "$scratch/build" --quiet --destdir "$scratch/root" >/dev/null
for f in libtinynn.a tinynn.h config.h tinynn.pc tinynnConfig.cmake tinynnConfigVersion.cmake; do
    [ -n "$(find "$scratch/root" -name "$f")" ] || fail "-Dtinynn:install=true did not install $f"
done
[ -z "$(find "$scratch/root" -name tinynn -type f)" ] || fail "installed the tinynn command"
echo "subproject: library only, installed only when asked"
