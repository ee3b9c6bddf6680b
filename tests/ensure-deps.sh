#!/usr/bin/env bash
# Makes sure the tools a job needs are installed. As root on Debian, installs
# what is missing with apt-get; otherwise says what to install and fails.
# usage: ensure-deps.sh test|render
set -euo pipefail

job=${1:-test}
missing=()
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }

need_cmd meson meson
need_cmd ninja ninja-build
need_cmd pkg-config pkg-config
need_cmd cc gcc
case "$job" in
test)
    need_cmd gcc gcc
    need_cmd g++ g++
    need_cmd clang clang
    pkg-config --exists check 2>/dev/null || missing+=(check)
    ;;
render)
    need_cmd gnuplot gnuplot-nox
    ;;
*)
    echo "ensure-deps.sh: unknown job '$job'" >&2
    exit 2
    ;;
esac

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing packages: ${missing[*]}" >&2
    echo "Install them (Debian: sudo apt-get install ${missing[*]}) and run again." >&2
    exit 1
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
