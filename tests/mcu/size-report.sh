#!/usr/bin/env bash
# The microcontroller numbers of the README: flash and static RAM that
# libtinynn adds to a Cortex-M4F (and a Cortex-M0) firmware image at -Os, the RAM bill of
# training the article's 2-3-1 network on X4, and instructions per training
# epoch counted under qemu. Prints a Markdown table (also written to
# build/mcu-size-report.md). Needs what tests/mcu/run.sh needs.
#
# How it measures:
# - flash/RAM: small firmware programs (tests/mcu/size/fw_*.c) are linked
#   against the library built with tests/mcu/cross-cortex-m4f.txt at -Os,
#   with -ffunction-sections and --gc-sections, so only what they call is
#   in the image. "libtinynn" sums the input sections that come from
#   libtinynn.a (from the linker map): flash = .text + .rodata + .data,
#   static RAM = .data + .bss. "+ libm/libgcc" is the whole image minus a
#   baseline image whose main() does nothing: it adds expf/logf/tanhf,
#   the soft double-precision helpers, memcpy/memset.
# - RAM bill: printed by the test image from the library's size queries.
# - double helpers: fw_inference, fw_load and fw_view must link no
#   __aeabi_d* routine (tests/mcu/no-double-helpers.sh); the script fails
#   if one does.
# - instructions: the test image run with qemu -icount shift=0, where
#   SysTick measures executed instructions (tests/mcu/mcu_clock.c).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
"$root/tests/ensure-deps.sh" mcu >/dev/null
out="$root/build/mcu-size"
mkdir -p "$out"
cpu=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
cross=cortex-m4f

# build_lib DIR [meson options...]: the library alone, cross-compiled at -Os
build_lib() {
    local dir=$1
    shift
    local opts=()
    [ -f "$dir/build.ninja" ] && opts=(--reconfigure)
    meson setup "${opts[@]}" "$dir" "$root" --cross-file "$root/tests/mcu/cross-$cross.txt" \
        -Dbuildtype=minsize -Dtests=false "$@" >"$dir.setup.log" 2>&1 ||
        { cat "$dir.setup.log"; exit 1; }
    ninja -C "$dir" lib/libtinynn.a >/dev/null
}
build_lib "$out/lib-inference" -Dtraining=false -Dserialize=false
build_lib "$out/lib-full"

# link NAME LIBDIR: a firmware image and its map
link() {
    local name=$1 libdir=$2
    arm-none-eabi-gcc "${cpu[@]}" -Os -ffunction-sections -fdata-sections -std=c11 \
        -I "$root/include" -I "$libdir/include" -I "$root/tests" "$root/tests/mcu/size/$name.c" \
        "$libdir/lib/libtinynn.a" --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections \
        -Wl,-Map="$out/$name.map" -lm -o "$out/$name.elf"
}

# lib_bytes MAP: "flash ram" of the sections taken from libtinynn.a
lib_bytes() {
    awk '
        function hex(s,   v, i, c) {
            v = 0; s = tolower(substr(s, 3))
            for (i = 1; i <= length(s); i++) {
                c = index("0123456789abcdef", substr(s, i, 1)) - 1
                v = v * 16 + c
            }
            return v
        }
        /^Linker script and memory map/ { inmap = 1; next }
        !inmap { next }
        # an input section: name, address, size, file; long names put the
        # rest on the next line
        $1 ~ /^\.(text|rodata|data|bss)/ && NF == 1 { sec = $1; next }
        $1 ~ /^\.(text|rodata|data|bss)/ && NF >= 4 { sec = $1; size = $3; file = $4 }
        $1 ~ /^0x/ && sec != "" && NF >= 3 { size = $2; file = $3 }
        sec != "" && file ~ /libtinynn\.a\(/ {
            n = hex(size)
            if (sec ~ /^\.(text|rodata)/) flash += n
            else if (sec ~ /^\.data/) { flash += n; ram += n }
            else ram += n
        }
        { sec = ""; file = "" }
        END { printf "%d %d\n", flash, ram }
    ' "$1"
}

# image_bytes ELF: "flash ram" of the whole image
image_bytes() {
    arm-none-eabi-size -B "$1" | awk 'NR == 2 { print $1 + $2, $2 + $3 }'
}

link fw_empty "$out/lib-full"
read -r base_flash base_ram < <(image_bytes "$out/fw_empty.elf")

row() { # row LABEL NAME LIBDIR
    link "$2" "$3"
    read -r lf lr < <(lib_bytes "$out/$2.map")
    read -r f r < <(image_bytes "$out/$2.elf")
    printf '| %s | %d | %d | %d | %d |\n' "$1" "$lf" "$lr" $((f - base_flash)) $((r - base_ram))
}

# The same firmware on the Cortex-M0 (soft float, Thumb-1 only).
m0_rows() {
    cpu=(-mcpu=cortex-m0 -mthumb) cross=cortex-m0
    build_lib "$out/m0-lib-inference" -Dtraining=false -Dserialize=false
    build_lib "$out/m0-lib-full"
    link fw_empty "$out/m0-lib-full"
    read -r base_flash base_ram < <(image_bytes "$out/fw_empty.elf")
    echo
    echo "The same firmware on Cortex-M0 (soft float), bytes:"
    echo
    echo '| firmware calls | libtinynn flash | libtinynn static RAM | flash with libm/libgcc | static RAM with libm/libgcc |'
    echo '| --- | ---: | ---: | ---: | ---: |'
    row 'inference' fw_inference "$out/m0-lib-inference"
    row 'inference + Adam training' fw_training "$out/m0-lib-full"
    row 'inference from a model file' fw_load "$out/m0-lib-full"
}

# the RAM bill and instruction counts from the test images
for target in cortex-m4f cortex-m3 cortex-m0; do
    dir="$root/build/mcu-$target"
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" "$root" --cross-file "$root/tests/mcu/cross-$target.txt" \
            -Dbuildtype=minsize -Dwerror=true >"$dir.setup.log" 2>&1 ||
            { cat "$dir.setup.log"; exit 1; }
    fi
    ninja -C "$dir" tests/mcu/mcu_tests.elf >/dev/null
done
board_out() { # board_out TARGET BOARD
    TNN_QEMU_ICOUNT=1 "$root/tests/mcu/run-on-qemu.sh" "$2" \
        "$root/build/mcu-$1/tests/mcu/mcu_tests.elf" >"$out/run-$1.txt" || true
}
board_out cortex-m4f mps2-an386
board_out cortex-m3 mps2-an385
board_out cortex-m0 microbit
grep -q '^14 passed, 0 failed\|^[0-9]* passed, 0 failed' "$out/run-cortex-m4f.txt" ||
    { cat "$out/run-cortex-m4f.txt"; echo "the Cortex-M4F test image failed" >&2; exit 1; }

ram_line() { grep "^ram: $1" "$out/run-cortex-m4f.txt" | sed 's/^ram: //'; }
insn() { # insn TARGET FIELD: 1 total, 2 reading data, 3 library
    sed -n 's/^insn: X4 epoch[^:]*: \([0-9]*\) total, \([0-9]*\) reading data, \([0-9]*\) library$/\1 \2 \3/p' \
        "$out/run-$1.txt" | awk -v f="$2" '{ print $f }'
}

# float firmware never links the soft double-precision helpers
for fw in fw_inference fw_load fw_view; do
    link "$fw" "$out/lib-full"
    "$root/tests/mcu/no-double-helpers.sh" arm-none-eabi-nm "$out/$fw.elf" >/dev/null ||
        { "$root/tests/mcu/no-double-helpers.sh" arm-none-eabi-nm "$out/$fw.elf"; exit 1; }
done

{
    echo "Cortex-M4F (arm-none-eabi-gcc $(arm-none-eabi-gcc -dumpversion), -Os, float build), bytes:"
    echo
    echo '| firmware calls | libtinynn flash | libtinynn static RAM | flash with libm/libgcc | static RAM with libm/libgcc |'
    echo '| --- | ---: | ---: | ---: | ---: |'
    row 'inference: `tnn_model_init`, `tnn_model_set_params`, `tnn_predict` (`-Dtraining=false -Dserialize=false`)' fw_inference "$out/lib-inference"
    row 'inference + Adam training: the above + `tnn_optimizer_init`, `tnn_gradient`, `tnn_optimizer_step`' fw_training "$out/lib-full"
    row 'inference from a model file: `tnn_model_load_init` (validation, CRC-32), `tnn_predict`' fw_load "$out/lib-full"
    row 'inference from a model file in flash, no copy: `tnn_model_view` (validation, CRC-32), `tnn_predict`' fw_view "$out/lib-full"
    echo
    echo "Double-precision helpers (\`__aeabi_d*\`) in the float firmware images: none"
    echo "(checked with arm-none-eabi-nm on fw_inference, fw_load and fw_view)."
    echo
    echo "RAM bill of training the 2-3-1 network on X4 (1250 rows, Adam, BCE) on Cortex-M4F:"
    echo
    echo "- $(ram_line 'model')"
    echo "- $(ram_line 'full batch')"
    echo "- $(ram_line 'chunks of')"
    echo
    echo "RAM bill of predicting with the 2-3-1 network from a model file in flash, Cortex-M4F:"
    echo
    echo "- $(ram_line 'view')"
    echo
    echo "Instructions per X4 training epoch (1250 rows, 2-3-1, BCE, one Adam step, streamed in chunks of 32), qemu -icount:"
    echo
    echo '| core | total | reading the data (double table to float) | libtinynn |'
    echo '| --- | ---: | ---: | ---: |'
    for t in cortex-m4f cortex-m3 cortex-m0; do
        printf '| %s | %s | %s | %s |\n' "$t" "$(insn $t 1)" "$(insn $t 2)" "$(insn $t 3)"
    done
    echo
    grep '^insn: calibration' "$out/run-cortex-m4f.txt" | sed 's/^insn: /Check of the counter: /'
    echo
    grep '^insn: calibration' "$out/run-cortex-m0.txt" |
        sed 's/^insn: calibration: /Check of the counter on the Cortex-M0 (SysTick at 16 MHz, 62.5 ns a tick): /'
    m0_rows
    echo
    echo "Stack high-water mark of the test image (tests/mcu/mcu_stack.c):"
    echo
    for t in cortex-m4f cortex-m3 cortex-m0; do
        echo "- $t: $(grep '^stack: ' "$out/run-$t.txt" | sed 's/^stack: //')"
    done
} | tee "$root/build/mcu-size-report.md"
