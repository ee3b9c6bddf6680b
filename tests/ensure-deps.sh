#!/usr/bin/env bash
# Makes sure the tools a job needs are installed. As root on Debian, installs
# what is missing with apt-get; otherwise says what to install and fails.
# usage: ensure-deps.sh test|render|mcu
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
    need_cmd doxygen doxygen   # the 'docs' test builds the manual
    need_cmd nm binutils       # the symbol tests read the shared library
    need_cmd cmake cmake       # the CMake consumer test (tests/packaging)
    pkg-config --exists check 2>/dev/null || missing+=(check)
    # robustness legs (tests/ci/): valgrind, static analysis, libFuzzer's runtime
    need_cmd valgrind valgrind
    need_cmd cppcheck cppcheck
    need_cmd clang-tidy clang-tidy
    need_cmd clang-format clang-format
    compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null ||
        [ "$(uname -m)" != x86_64 ] || missing+=(libclang-rt-14-dev)
    # the fuzz leg's coverage report: llvm-profdata and llvm-cov of clang's LLVM
    if clang_major=$(clang -dumpversion 2>/dev/null | cut -d. -f1) && [ -n "$clang_major" ]; then
        [ -x "/usr/lib/llvm-$clang_major/bin/llvm-profdata" ] &&
            [ -x "/usr/lib/llvm-$clang_major/bin/llvm-cov" ] || missing+=("llvm-$clang_major")
    else
        missing+=(llvm)
    fi
    ;;
render)
    need_cmd gnuplot gnuplot-nox
    ;;
mcu)
    # Cortex-M cross builds run under qemu (tests/mcu/run.sh). newlib has
    # no command to look for: ask the cross compiler for its semihosting
    # library instead.
    need_cmd arm-none-eabi-gcc gcc-arm-none-eabi
    need_cmd qemu-system-arm qemu-system-arm
    case "$(arm-none-eabi-gcc -print-file-name=librdimon.a 2>/dev/null)" in
    /*) ;;
    *) missing+=(libnewlib-arm-none-eabi) ;;
    esac
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
