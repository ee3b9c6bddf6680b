#!/usr/bin/env bash
# The main job: builds libtinynn and its examples, runs every example (one per
# article listing) into out/data/<program>/, and renders every figure script
# in examples/plots/ into out/figures/: fig*.gp and extra_*.gp as PNG,
# anim_*.gp (training snapshots) as animated GIF.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/tests/ensure-deps.sh" render

build="$root/build/release"
out="$root/out"
opts=()
[ -f "$build/build.ninja" ] && opts=(--reconfigure)
meson setup "${opts[@]}" "$build" "$root" --buildtype=release -Dtests=false >/dev/null
meson compile -C "$build" >/dev/null

mkdir -p "$out/data" "$out/figures"
# every examples/listing*.c and activations.c is one program
shopt -s nullglob
programs=()
for src in "$root"/examples/listing*.c "$root"/examples/activation[s].c; do
    programs+=("$(basename "$src" .c)")
done
start=$(date +%s%N)
for p in "${programs[@]}"; do
    "$build/examples/$p" "$out/data/$p" > "$out/data/$p.txt"
    echo "$p: $(head -n 1 "$out/data/$p.txt")"
done
ms=$((($(date +%s%N) - start) / 1000000))
echo "ran ${#programs[@]} examples in $ms ms (wall clock)"

n=0
for gp in "$root"/examples/plots/fig*.gp "$root"/examples/plots/extra_*.gp \
    "$root"/examples/plots/anim_*.gp; do
    [ -e "$gp" ] || continue
    name=$(basename "$gp" .gp)
    ext=png
    case $name in anim_*) ext=gif ;; esac
    src=$(sed -n 's/^# data: *//p' "$gp" | head -n 1)
    (cd "$root/examples/plots" &&
        gnuplot -e "data='$out/data/$src'; out='$out/figures/$name.$ext'" "$gp")
    n=$((n + 1))
done
echo "rendered $n figures and animations into $out/figures/"

# The tinynn command's decision regions on Iris (the README's picture,
# committed as docs/tinynn-iris-regions.png).
if [ -x "$build/tools/tinynn/tinynn" ]; then
    "$root/tools/tinynn/render-iris.sh" "$build/tools/tinynn/tinynn" "$out/figures"
fi
