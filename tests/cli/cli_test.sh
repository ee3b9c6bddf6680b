#!/usr/bin/env bash
# End-to-end tests of the tinynn command.
# usage: cli_test.sh TINYNN TESTS_CLI_DIR CASE
# CASE: commands | rejects | dialects | iris | digits | plot | snapshots | outputs |
#       signals | memory, or a group of cases/GROUP.sh
# Exit 0 pass, 1 fail, 77 skip (meson's convention).
set -u
tinynn=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # absolute: the tests run in a temporary folder
here=$(cd "$2" && pwd)
case_name=$3
data="$here/data"
bad="$data/bad"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run OUTDIR ARGS...: runs tinynn, keeping stdout and stderr in files
run() {
    "$tinynn" "$@" >"$work/stdout" 2>"$work/stderr"
}

# expect_ok WHAT ARGS...
expect_ok() {
    local what=$1
    shift
    if ! run "$@"; then
        fail "$what: exit $?: $(cat "$work/stderr")"
        return 1
    fi
    return 0
}

# expect_reject NAME FRAGMENT ARGS...: non-zero exit, FRAGMENT on stderr,
# and nothing written into the (fresh) folder out/ nor a temporary file left.
expect_reject() {
    local name=$1 fragment=$2
    shift 2
    rm -rf out && mkdir out
    if run "$@"; then
        fail "$name: accepted, expected a rejection with '$fragment'"
        return
    fi
    if ! grep -qF -- "$fragment" "$work/stderr"; then
        fail "$name: stderr lacks '$fragment': $(cat "$work/stderr")"
    fi
    if [ -n "$(find out -type f)" ]; then
        fail "$name: left files behind: $(find out -type f | tr '\n' ' ')"
    fi
    if grep -q . "$work/stdout"; then
        fail "$name: printed to stdout on failure: $(cat "$work/stdout")"
    fi
}

# value KEY FILE: the number after "KEY" on a line of FILE (e.g. "accuracy")
value_after() {
    sed -n "s/.*$1 \([0-9.e+-]*\).*/\1/p" "$2" | head -n 1
}

# at_least A B: A >= B (floating point)
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }

# gif_frames FILE: the number of images in a GIF, by walking its blocks
# (no image tools needed); -1 if the file is not a well-formed GIF
gif_frames() {
    od -An -v -tu1 "$1" | awk '
        { for (i = 1; i <= NF; i++) b[n++] = $i + 0 }
        END {
            p = 13                                    # header, logical screen descriptor
            if (b[10] >= 128) p += 3 * 2 ^ (b[10] % 8 + 1)   # global colour table
            while (p < n && b[p] != 59) {             # up to the trailer ";"
                if (b[p] == 33) {                     # extension "!": skip its label
                    p += 2
                } else if (b[p] == 44) {              # image descriptor ","
                    images++
                    packed = b[p + 9]
                    p += 10
                    if (packed >= 128) p += 3 * 2 ^ (packed % 8 + 1)   # local colour table
                    p++                               # LZW minimum code size
                } else {
                    print -1
                    exit
                }
                while (p < n && b[p] > 0) p += b[p] + 1   # data sub-blocks
                p++                                   # their terminator
            }
            print (b[p] == 59 ? images + 0 : -1)
        }'
}

fit_iris_small() { # a quick model for the command tests
    expect_ok "fit iris" fit "$data/iris.csv" --target species --layers 6:relu,3:softmax \
        --epochs 150 --batch 16 --lr 0.01 --standardize --seed 1 --model model/iris.tnn --quiet
}

# state DIR: every entry under DIR with its type, link target, permissions
# and checksum, to compare a folder before and after a run
state() {
    (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | while IFS= read -r f; do
        if [ -L "$f" ]; then
            echo "$f -> $(readlink "$f")"
        elif [ -d "$f" ]; then
            echo "$f/"
        else
            echo "$f $(stat -c %a "$f") $(cksum <"$f")"
        fi
    done)
}

# no_temporaries WHAT: fails if a temporary file is left anywhere in $work
no_temporaries() {
    local left
    left=$(find "$work" -name '*.tmp-*' | tr '\n' ' ')
    [ -z "$left" ] || fail "$1: temporary files left behind: $left"
}

# same_state WHAT DIR BEFORE: DIR is as recorded in BEFORE (from state)
same_state() {
    local now
    now=$(state "$2")
    [ "$now" = "$3" ] || fail "$1: $2 changed: $(diff <(echo "$3") <(echo "$now") | grep '^[<>]' | tr '\n' ' ')"
}

# with_failing_rename SUFFIX ARGS...: runs tinynn with the first rename of a
# temporary onto a path ending in SUFFIX failing (tests/cli/fail_rename.c)
with_failing_rename() {
    local suffix=$1
    shift
    TINYNN_FAIL_RENAME=$suffix LD_PRELOAD=$fail_rename_lib \
        "$tinynn" "$@" >"$work/stdout" 2>"$work/stderr"
}

# fake_gnuplot [JUNK]: fakebin/gnuplot, a gnuplot that appends the script
# it reads to $FAKE_GNUPLOT_LOG and writes a stand-in for the picture of its
# first `set output`; with JUNK it also prints raw bytes on its stdout (as a
# gnuplot without an output file would)
fake_gnuplot() {
    mkdir -p fakebin
    cat >fakebin/gnuplot <<'SH'
#!/bin/sh
script=$(cat)
printf '%s\n' "$script" >>"$FAKE_GNUPLOT_LOG"
picture=$(printf '%s\n' "$script" | sed -n "s/^set output '\(.*\)'\$/\1/p" | head -n 1)
[ -n "$picture" ] && printf 'PICTURE' >"$picture"
SH
    [ -z "${1:-}" ] || printf '%s\n' "printf 'RAW PICTURE BYTES\\n'" >>fakebin/gnuplot
    echo "exit 0" >>fakebin/gnuplot
    chmod +x fakebin/gnuplot
}

# The LD_PRELOAD helper, if it loads here (not under every sanitizer runtime)
fail_rename_lib=${TINYNN_TEST_FAIL_RENAME_LIB:-}
if [ -n "$fail_rename_lib" ] && ! LD_PRELOAD=$fail_rename_lib "$tinynn" --version >/dev/null 2>&1; then
    export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
    LD_PRELOAD=$fail_rename_lib "$tinynn" --version >/dev/null 2>&1 || fail_rename_lib=
fi

case "$case_name" in
commands)
    # every command, its --help, and the files it writes
    for c in fit predict grid activations geometry contributions export-c summary plot; do
        expect_ok "$c --help" "$c" --help && grep -q "usage: tinynn $c" stdout ||
            fail "$c --help: no usage line"
    done
    expect_ok "--help" --help && grep -q "export-c" stdout || fail "--help lists no commands"
    expect_ok "--version" --version
    fit_iris_small || exit 1
    [ -s model/iris.tnn ] && [ -s model/iris.tnn.columns ] && [ -s model/iris.history.csv ] ||
        fail "fit: missing model/iris.tnn, .columns or history.csv"
    head -n 1 model/iris.history.csv | grep -qx "epoch,loss,accuracy" || fail "history.csv header"
    [ "$(wc -l <model/iris.history.csv)" -eq 151 ] || fail "history.csv: expected 150 epochs"
    [ -s stderr ] && fail "fit printed to stderr with --quiet: $(cat stderr)"
    grep -q "^class setosa$" model/iris.tnn.columns || fail "columns file lacks the class names"

    expect_ok predict predict model/iris.tnn "$data/iris.csv" --out p
    head -n 1 p/predictions.csv | grep -qx \
        "y_true,y_pred,label,p_setosa,p_versicolor,p_virginica" ||
        fail "predictions.csv header: $(head -n 1 p/predictions.csv)"
    [ "$(wc -l <p/predictions.csv)" -eq 151 ] || fail "predictions.csv: expected 150 rows"
    acc=$(value_after accuracy stdout)
    at_least "$acc" 0.9 || fail "predict: training accuracy $acc below 0.9"
    # a file without the target column: predictions only
    cut -d, -f1-4 "$data/iris.csv" >features.csv
    expect_ok "predict without target" predict model/iris.tnn features.csv --out p2
    head -n 1 p2/predictions.csv | grep -q "^y_pred,label," || fail "predict without target: header"
    grep -q accuracy stdout && fail "predict without target printed an accuracy"

    expect_ok grid grid model/iris.tnn --x petal_length --y petal_width --box 0,7,0,2.6 --size 50 --out g
    head -n 1 g/grid.csv | cut -d, -f1 | grep -qx 50 || fail "grid.csv: first cell should be 50"
    [ "$(wc -l <g/grid.csv)" -eq 51 ] || fail "grid.csv: expected 1 + 50 rows"
    [ -s g/labels.csv ] || fail "grid: no labels.csv"
    expect_ok "grid --data --at" grid model/iris.tnn --x petal_length --y petal_width \
        --data "$data/iris.csv" --at sepal_length=6,sepal_width=3 --size 20 --out g2
    grep -q "sepal_length=6 sepal_width=3" stdout || fail "grid: --at values not used"
    head -n 1 g2/points.csv | grep -qx "petal_length,petal_width,y" || fail "points.csv header"

    expect_ok activations activations model/iris.tnn "$data/iris.csv" --layer 0 --out a
    head -n 1 a/hidden.csv | grep -qx "a1,a2,a3,a4,a5,a6,y" || fail "hidden.csv header"
    expect_ok "activations last layer" activations model/iris.tnn "$data/iris.csv" --layer 1 --out a1
    head -n 1 a1/hidden.csv | grep -qx "a1,a2,a3,y" || fail "hidden.csv of layer 1"
    expect_reject "activations --layer 5" "the model has layers 0 to 1" \
        activations model/iris.tnn "$data/iris.csv" --layer 5 --out out

    expect_ok geometry geometry model/iris.tnn --out geo
    [ -s geo/layer0_units.csv ] && [ -s geo/layer1_pairs.csv ] || fail "geometry files"
    [ "$(wc -l <geo/layer1_pairs.csv)" -eq 4 ] || fail "layer1_pairs.csv: expected 3 pairs"
    grep -q "setosa | versicolor" stdout || fail "geometry: class names"
    # coefficients named after their inputs: the features, then a1, a2, ...
    head -n 1 geo/layer0_units.csv | grep -qx "unit,bias,sepal_length,sepal_width,petal_length,petal_width" ||
        fail "layer0_units.csv header: $(head -n 1 geo/layer0_units.csv)"
    head -n 1 geo/layer1_pairs.csv | grep -qx "i,j,bias,a1,a2,a3,a4,a5,a6" ||
        fail "layer1_pairs.csv header: $(head -n 1 geo/layer1_pairs.csv)"
    grep -q "^  unit 1: [-0-9.e+]* [-+][0-9.e+-]*\*sepal_length " stdout || fail "geometry: feature names"

    expect_ok summary summary model/iris.tnn
    grep -q "Total params: 51" stdout || fail "summary: parameter count"
    grep -q "^ dense_1 (Dense) " stdout || fail "summary: layer kinds"
    grep -q "class 2: virginica" stdout || fail "summary: classes"

    expect_ok export-c export-c model/iris.tnn --name iris_net --out c
    for f in iris_net.c iris_net.h iris_net_columns.c iris_net_columns.h; do
        [ -s "c/$f" ] || fail "export-c: no $f"
    done
    if command -v cc >/dev/null; then
        for f in c/iris_net.c c/iris_net_columns.c; do
            cc -std=c99 -Wall -Wextra -pedantic -Werror -c "$f" -o "$work/x.o" ||
                fail "export-c: $f does not compile"
        done
    fi
    expect_reject "export-c bad name" "expected a C identifier" export-c model/iris.tnn --name 9x --out out

    # regression: contributions of a linear output
    expect_ok "fit regression" fit "$data/parabola.csv" --target y --layers 10:relu,1:linear \
        --epochs 300 --lr 0.01 --seed 15 --model model/parabola.tnn --quiet
    head -n 1 model/parabola.history.csv | grep -qx "epoch,loss,mse" || fail "regression history header"
    expect_ok contributions contributions model/parabola.tnn "$data/parabola.csv" --out k
    header="x,a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,wa1,wa2,wa3,wa4,wa5,wa6,wa7,wa8,wa9,wa10,bias,sum,prediction"
    head -n 1 k/contributions.csv | grep -qx "$header" || fail "contributions.csv header"
    awk -F, 'NR > 1 { d = $23 - $24; if (d < 0) d = -d; if (d > 1e-4) bad++ }
             END { exit bad > 0 }' k/contributions.csv || fail "contributions: sum != prediction"
    expect_reject "contributions of a classifier" "expected a model whose last layer is one linear unit" \
        contributions model/iris.tnn "$data/iris.csv" --out out
    expect_ok "predict regression" predict model/parabola.tnn "$data/parabola.csv" --out pr
    grep -q "^mse " stdout || fail "predict regression: no mse"
    head -n 1 pr/predictions.csv | grep -qx "y_true,y_pred" || fail "regression predictions header"

    # the progress line: drawn on a terminal (util-linux script gives one),
    # not with --quiet, and never into a file or pipe (checked by fit_iris_small)
    if command -v script >/dev/null; then
        fit_cmd="'$tinynn' fit '$data/iris.csv' --target species --layers 3:softmax --epochs 50 --model model/tty.tnn"
        script -qec "$fit_cmd >/dev/null" /dev/null >tty.txt 2>&1 </dev/null
        grep -q "epoch 50/50  loss [0-9.]*  accuracy [0-9.]*  [0-9]* epochs/s  [0-9]*s left" tty.txt ||
            fail "no progress line on a terminal: $(tr '\r' '\n' <tty.txt | tail -n 2)"
        script -qec "$fit_cmd --quiet >/dev/null" /dev/null >tty.txt 2>&1 </dev/null
        grep -q "epoch" tty.txt && fail "progress line drawn despite --quiet"
    fi

    # lbfgs and sgd run too (a build without L-BFGS says so)
    if [ "${TINYNN_TEST_HAVE_LBFGS:-1}" = 1 ]; then
        expect_ok "fit lbfgs" fit "$data/iris.csv" --target species --layers 3:softmax \
            --optimizer lbfgs --epochs 50 --standardize --model model/lbfgs.tnn --quiet
    else
        expect_reject "fit lbfgs without L-BFGS" "this build has no L-BFGS" fit "$data/iris.csv" \
            --target species --layers 3:softmax --optimizer lbfgs --model model/lbfgs.tnn --quiet
    fi
    expect_ok "fit sgd" fit "$data/iris.csv" --target species --layers 3:softmax \
        --optimizer sgd --lr 0.1 --epochs 20 --standardize --model model/sgd.tnn --quiet
    # a layer may name its kind
    expect_ok "fit dense:" fit "$data/iris.csv" --target species --layers dense:4:relu,3:softmax \
        --epochs 5 --model model/kinds.tnn --quiet
    expect_ok "summary kinds" summary model/kinds.tnn
    grep -q "^ dense (Dense) .* relu .* (None, 4) " stdout || fail "summary: dense:4:relu"
    ;;

rejects)
    fit_iris_small || exit 1
    common=(--layers 2:softmax --epochs 2 --model out/m.tnn --out out)
    expect_reject "empty file" "empty.csv: the file is empty: expected a header row" \
        fit "$bad/empty.csv" --target y "${common[@]}"
    expect_reject "header only" "header_only.csv: line 1: expected data rows after the header, found none" \
        fit "$bad/header_only.csv" --target y "${common[@]}"
    expect_reject "ragged row" "ragged.csv: line 3: expected 3 fields as in the header, found 2" \
        fit "$bad/ragged.csv" --target y "${common[@]}"
    expect_reject "not a number" "not_a_number.csv: line 4, column 2 (x2): expected a number, found 'abc'" \
        fit "$bad/not_a_number.csv" --target y "${common[@]}"
    expect_reject "NaN" "nan.csv: line 3, column 1 (x1): expected a finite number, found 'nan'" \
        fit "$bad/nan.csv" --target y "${common[@]}"
    expect_reject "infinite" "infinite.csv: line 3, column 1 (x1): expected a finite number, found '1e999'" \
        fit "$bad/infinite.csv" --target y "${common[@]}"
    expect_reject "empty field" "empty_field.csv: line 3, column 2 (x2): expected a number, found an empty field" \
        fit "$bad/empty_field.csv" --target y "${common[@]}"
    expect_reject "empty label" "empty_label.csv: line 3, column 3 (y): expected a label, found an empty field" \
        fit "$bad/empty_label.csv" --target y "${common[@]}"
    expect_reject "unterminated quote" "unterminated_quote.csv: line 3, field 2: unterminated quoted field" \
        fit "$bad/unterminated_quote.csv" --target y "${common[@]}"
    expect_reject "text after quote" "junk_after_quote.csv: line 3, field 2: expected ',' or a line end after the closing quote, found 'x'" \
        fit "$bad/junk_after_quote.csv" --target y "${common[@]}"
    expect_reject "duplicate names" "duplicate_names.csv: line 1, field 3: column name 'x1' appears twice" \
        fit "$bad/duplicate_names.csv" --target y "${common[@]}"
    expect_reject "NUL byte" "nul_byte.csv: line 3, field 2: unexpected NUL byte" \
        fit "$bad/nul_byte.csv" --target y "${common[@]}"
    expect_reject "missing target" "no column named 'label' (the --target): expected one of the header's columns: 'x1', 'x2', 'y'" \
        fit "$bad/not_a_number.csv" --target label "${common[@]}"
    expect_reject "over the memory limit" "big.csv: the file is larger than the input limit of 512 bytes" \
        fit "$bad/big.csv" --target species --max-input 512 "${common[@]}"
    expect_reject "bce with three classes" "--loss bce: expected one output unit and a target with 2 classes; 'y' has 3 classes" \
        fit "$bad/three_classes.csv" --target y --layers 1:sigmoid --model out/m.tnn --out out
    expect_reject "cce class count" "'y' has 3 classes but the last layer has 2 units" \
        fit "$bad/three_classes.csv" --target y "${common[@]}"
    expect_reject "text regression target" "line 2, column 3 (y): expected a number, found 'a'" \
        fit "$bad/three_classes.csv" --target y --layers 1:linear --model out/m.tnn --out out
    expect_reject "bad layers" "--layers: expected UNITS:ACTIVATION" \
        fit "$data/iris.csv" --target species --layers 3:soft --model out/m.tnn --out out
    expect_reject "unknown layer kind" "found 'conv:3:softmax'" \
        fit "$data/iris.csv" --target species --layers conv:3:softmax --model out/m.tnn --out out
    expect_reject "diverged" "training diverged" \
        fit "$data/parabola.csv" --target y --layers 1:linear --optimizer sgd --lr 1e30 \
        --epochs 50 --model out/m.tnn --out out
    expect_reject "unknown option" "unknown option '--epoch'" \
        fit "$data/iris.csv" --target species --epoch 3 "${common[@]}"
    expect_reject "predict: missing feature" "missing_feature.csv: no column named 'petal_width' (a feature of the model)" \
        predict model/iris.tnn "$bad/missing_feature.csv" --out out
    expect_reject "predict: unknown label" "unknown_label.csv: line 2, column 5 (species): expected a class the model knows, found 'rose'" \
        predict model/iris.tnn "$bad/unknown_label.csv" --out out
    expect_reject "predict: not a model" "garbage.tnn: not a valid tinynn model file" \
        predict "$bad/garbage.tnn" "$data/iris.csv" --out out
    cp model/iris.tnn lonely.tnn
    expect_reject "predict: no columns file" "cannot read lonely.tnn.columns" \
        predict lonely.tnn "$data/iris.csv" --out out
    cp model/iris.tnn broken.tnn && printf 'hello\n' >broken.tnn.columns
    expect_reject "predict: broken columns file" "broken.tnn.columns: line 1: expected a keyword" \
        predict broken.tnn "$data/iris.csv" --out out
    expect_reject "grid: not an input" "--x: 'colour' is not an input of the model" \
        grid model/iris.tnn --x colour --y petal_width --box 0,1,0,1 --out out
    expect_reject "grid: bad box" "--box: expected 4 comma-separated finite numbers" \
        grid model/iris.tnn --x petal_length --y petal_width --box 0,1,0 --out out
    # a failed fit keeps the previous good model untouched
    cp model/iris.tnn keep.tnn
    cp model/iris.tnn.columns keep.tnn.columns
    run fit "$bad/nan.csv" --target y --layers 2:softmax --model keep.tnn --out out
    cmp -s keep.tnn model/iris.tnn || fail "a failed fit replaced an existing model file"
    ls ./*.tmp-* out/*.tmp-* >/dev/null 2>&1 && fail "temporary files left behind"
    ;;

dialects)
    # BOM, quoted header names, semicolons with decimal commas, CRLF, a blank
    # line, text labels with quotes, no final line end
    expect_ok "spreadsheet" fit "$data/spreadsheet.csv" --target kind --layers 2:softmax \
        --epochs 200 --lr 0.05 --standardize --model m/s.tnn --quiet
    grep -q "6 rows" stdout || fail "spreadsheet: expected 6 rows: $(cat stdout)"
    grep -qx 'class big "XL"' m/s.tnn.columns || fail "spreadsheet: quoted label"
    grep -q "feature .* width (cm)$" m/s.tnn.columns || fail "spreadsheet: quoted header"
    expect_ok "spreadsheet predict" predict m/s.tnn "$data/spreadsheet.csv" --out p \
        --columns "width (cm),height (cm)"
    grep -q "^1.5,2,1,1,small," p/predictions.csv || fail "decimal commas: $(sed -n 2p p/predictions.csv)"
    grep -q '"big ""XL"""' p/predictions.csv || fail "predictions.csv: label not quoted back"
    ;;

iris | digits)
    # Real data (tests/data/gen_cli_reference.py): held-out accuracy against
    # scikit-learn's MLPClassifier with the same architecture, split and settings.
    # shellcheck disable=SC1091
    . "$data/mlp_reference.txt"
    if [ "$case_name" = iris ]; then
        args=("$data/iris.csv" --target species --layers 8:relu,3:softmax --epochs 300 --batch 16 --lr 0.01)
        ref=$IRIS_MLP_MEAN rows=$IRIS_TEST_ROWS
        # 45 held-out rows: one row is 0.022; allow two rows below the mean
        margin=0.045
    else
        args=("$data/digits.csv" --target digit --layers 32:relu,10:softmax --epochs 40 --batch 32 --lr 0.001)
        ref=$DIGITS_MLP_MEAN rows=$DIGITS_TEST_ROWS
        # 540 held-out rows; MLPClassifier itself spans MIN..MAX over init
        # seeds (about 0.02): allow 0.02 below its mean
        margin=0.02
    fi
    expect_ok "$case_name fit" fit "${args[@]}" --standardize --validation-split 0.3 --seed 0 \
        --model m/model.tnn --quiet || exit 1
    cat stdout
    grep -q "validation rows" stdout || fail "no validation line"
    grep -q ", $rows validation" stdout || fail "expected $rows held-out rows"
    acc=$(sed -n 's/^validation rows: .*accuracy \([0-9.]*\)$/\1/p' stdout)
    floor=$(awk -v r="$ref" -v m="$margin" 'BEGIN { print r - m }')
    echo "tinynn held-out accuracy $acc; MLPClassifier mean $ref; required >= $floor"
    at_least "$acc" "$floor" || fail "$case_name: accuracy $acc below $floor"
    head -n 1 m/model.history.csv | grep -qx "epoch,loss,accuracy,val_loss,val_accuracy" ||
        fail "history.csv with validation: header"
    if [ "$case_name" = iris ]; then
        # the held-out rows are exactly scikit-learn's train_test_split test rows
        expect_ok "iris heldout" predict m/model.tnn "$data/iris_heldout.csv" --out p
        held=$(value_after accuracy stdout)
        [ "$held" = "$acc" ] || fail "split differs from scikit-learn's: $held on its test rows, $acc on ours"
    fi
    ;;

plot)
    command -v gnuplot >/dev/null || exit 77
    fit_iris_small || exit 1
    expect_ok "grid" grid model/iris.tnn --x petal_length --y petal_width --data "$data/iris.csv" \
        --size 100 --out fig
    expect_ok "activations" activations model/iris.tnn "$data/iris.csv" --layer 1 --out fig
    cp model/iris.history.csv fig/history.csv
    expect_ok "plot" plot fig
    for f in history.png regions.png hidden.png; do
        [ -s "fig/$f" ] && head -c 4 "fig/$f" | grep -q PNG || fail "plot: no $f"
    done
    expect_reject "plot: empty folder" "nothing to plot" plot out
    rm -rf out && mkdir out
    PATH=/nonexistent "$tinynn" plot fig --out out >stdout 2>stderr
    status=$?
    [ "$status" -eq 3 ] || fail "plot without gnuplot: exit $status, expected 3"
    grep -q "gnuplot not found" stderr || fail "plot without gnuplot: $(cat stderr)"
    [ -z "$(find out -type f)" ] || fail "plot without gnuplot left files"
    ;;

snapshots)
    # fit --snapshots N: the class grid over the two inputs at the initial
    # weights, every N epochs and at the end, in DIR/frames/
    snap=(fit "$data/iris.csv" --target species --features petal_length,petal_width
        --layers 6:relu,3:softmax --lr 0.01 --standardize --seed 1)
    expect_ok "fit --snapshots" "${snap[@]}" --epochs 45 --snapshots 10 --snapshot-size 40 \
        --model run/iris.tnn --out run --quiet || exit 1
    grep -q "^snapshots: 6 class grids of 40 x 40 cells, epochs 0 to 45 every 10$" stdout ||
        fail "fit --snapshots: summary line: $(cat stdout)"
    [ -s stderr ] && fail "fit --snapshots printed to stderr: $(cat stderr)"
    head -n 1 run/iris.frames/index.csv | grep -qx "epoch,loss,accuracy" || fail "index.csv header"
    [ "$(cut -d, -f1 run/iris.frames/index.csv | tr '\n' ' ')" = "epoch 0 10 20 30 40 45 " ] ||
        fail "index.csv epochs: $(cut -d, -f1 run/iris.frames/index.csv | tr '\n' ' ')"
    for e in 0000 0010 0020 0030 0040 0045; do
        f=run/iris.frames/grid_$e.csv
        [ "$(head -n 1 "$f" | cut -d, -f1)" = 40 ] && [ "$(wc -l <"$f")" -eq 41 ] ||
            fail "$f: expected a 40 x 40 grid.csv"
    done
    [ "$(find run/iris.frames -type f | wc -l)" -eq 9 ] ||
        fail "frames/: expected 6 grids, index.csv, points.csv, labels.csv: $(ls run/iris.frames | tr '\n' ' ')"
    # a snapshot after E epochs is at the weights where history.csv's epoch
    # E + 1 was computed (before its update)
    awk -F, 'NR == FNR { if (FNR > 1) { loss[$1] = $2; acc[$1] = $3 } next }
             FNR > 1 && ($1 + 1) in loss { d = $2 - loss[$1 + 1]; if (d < 0) d = -d
                 if (d > 1e-4 * $2 || $3 != acc[$1 + 1]) bad++; n++ }
             END { exit !(n == 5 && bad == 0) }' run/iris.history.csv run/iris.frames/index.csv ||
        fail "index.csv does not match history.csv at the same weights"
    # the last snapshot is the trained model as 'tinynn grid' draws it
    expect_ok "grid of the trained model" grid run/iris.tnn --x petal_length --y petal_width \
        --data "$data/iris.csv" --size 40 --out g
    for f in grid.csv points.csv labels.csv; do
        src=$f
        [ "$f" = grid.csv ] && src=grid_0045.csv
        cmp -s "g/$f" "run/iris.frames/$src" || fail "frames/$src differs from tinynn grid's $f"
    done
    expect_reject "snapshots of four inputs" "--snapshots: expected two input columns for the class grid, found 4" \
        fit "$data/iris.csv" --target species --layers 3:softmax --snapshots 5 --model out/m.tnn --out out
    expect_reject "snapshots of a regression" "--snapshots: expected a classifier" \
        fit "$data/parabola.csv" --target y --layers 1:linear --snapshots 5 --model out/m.tnn --out out
    expect_reject "snapshots: N above the epochs" "--snapshots: expected a whole number from 1 to 200" \
        "${snap[@]}" --snapshots 201 --model out/m.tnn --out out
    expect_reject "snapshots: too many" "5000 snapshots, at most 1000 are allowed: expected N of at least 5" \
        "${snap[@]}" --epochs 5000 --snapshots 1 --model out/m.tnn --out out
    expect_reject "snapshot-size alone" "--snapshot-size: expected --snapshots N too" \
        "${snap[@]}" --snapshot-size 50 --model out/m.tnn --out out
    # a run that fails after some snapshots leaves none of them
    expect_reject "snapshots of a diverging run" "training diverged" \
        "${snap[@]}" --optimizer sgd --lr 1e30 --epochs 50 --snapshots 1 --model out/m.tnn --out out
    [ -e out/m.frames ] && fail "a failed fit --snapshots left out/m.frames behind"

    # tinynn plot: regions.gif, one frame per snapshot (then the last one held)
    if command -v gnuplot >/dev/null; then
        expect_ok "plot snapshots" plot run
        grep -q "wrote: run/iris.regions.gif" stdout || fail "plot: regions.gif not reported: $(cat stdout)"
        [ -s stderr ] && fail "plot printed to stderr: $(cat stderr)"
        head -c 6 run/iris.regions.gif | grep -q GIF89a || fail "plot: run/iris.regions.gif is not a GIF"
        frames=$(gif_frames run/iris.regions.gif)
        [ "$frames" -ge 6 ] || fail "regions.gif: $frames frames, expected one per snapshot (6) or more"
        if command -v identify >/dev/null; then
            [ "$(identify run/iris.regions.gif | wc -l)" -eq "$frames" ] ||
                fail "regions.gif: identify counts other frames than $frames"
        fi
        [ -s run/iris.history.png ] || fail "plot: no history.png next to regions.gif"
    else
        echo "gnuplot missing: regions.gif not checked"
    fi
    ;;

outputs)
    # A run's files are committed all or nothing: written and synced under
    # temporary names, then renamed; a failure at any point, even after some
    # renames, leaves every earlier file as it was and no temporary behind.
    fit_iris_small || exit 1
    expect_ok "second model" fit "$data/iris.csv" --target species --layers 4:tanh,3:softmax \
        --epochs 20 --seed 2 --model model/other.tnn --quiet || exit 1
    snap=(fit "$data/iris.csv" --target species --features petal_length,petal_width
        --layers 6:relu,3:softmax --lr 0.01 --standardize --snapshots 1 --snapshot-size 20 --quiet)
    expect_ok "earlier run" "${snap[@]}" --epochs 6 --seed 1 --model run/m.tnn --out run || exit 1
    before=$(state run)

    # m.history.csv cannot be written (a folder has its name): nothing replaced
    mkdir -p outd/m.history.csv
    run "${snap[@]}" --epochs 8 --seed 3 --model run/m.tnn --out outd &&
        fail "fit with outd/m.history.csv a folder: accepted"
    grep -q "outd/m.history.csv: a folder has that name" stderr ||
        fail "fit with outd/m.history.csv a folder: $(cat stderr)"
    same_state "fit failing on m.history.csv" run "$before"
    [ "$(state outd)" = "./m.history.csv/" ] || fail "fit failing on m.history.csv: wrote into outd: $(state outd)"
    grep -q . stdout && fail "fit failing on m.history.csv: printed to stdout: $(cat stdout)"
    no_temporaries "fit failing on m.history.csv"

    if [ -z "$fail_rename_lib" ]; then
        echo "no LD_PRELOAD helper here: failures halfway through a commit not checked"
    else
        # a rename failing after others were done: each of fit's outputs
        for suffix in m.tnn m.tnn.columns m.history.csv m.frames/points.csv m.frames/labels.csv \
            m.frames/index.csv m.frames/grid_0000.csv m.frames/grid_0007.csv; do
            with_failing_rename "$suffix" "${snap[@]}" --epochs 8 --seed 3 --model run/m.tnn --out run &&
                fail "fit, rename of $suffix failing: accepted"
            grep -q "cannot create run/$suffix: Input/output error" stderr ||
                fail "fit, rename of $suffix failing: $(cat stderr)"
            grep -q . stdout && fail "fit, rename of $suffix failing: printed $(cat stdout)"
            same_state "fit, rename of $suffix failing" run "$before"
            no_temporaries "fit, rename of $suffix failing"
        done
        # into a new folder: nothing at all is left
        with_failing_rename m.frames/index.csv "${snap[@]}" --epochs 8 --model fresh/m.tnn &&
            fail "fit into a new folder, rename failing: accepted"
        [ -e fresh ] && fail "fit into a new folder, rename failing: left $(state fresh)"

        # the other commands that write files, each over an earlier run
        expect_ok "grid" grid model/iris.tnn --x petal_length --y petal_width --data "$data/iris.csv" \
            --size 30 --out g
        expect_ok "predict" predict model/iris.tnn "$data/iris.csv" --out g
        expect_ok "activations" activations model/iris.tnn "$data/iris.csv" --layer 0 --out g
        expect_ok "geometry" geometry model/iris.tnn --out g
        expect_ok "export-c" export-c model/iris.tnn --name net --out g
        expect_ok "fit regression" fit "$data/parabola.csv" --target y --layers 6:relu,1:linear \
            --epochs 30 --seed 1 --model model/p1.tnn --quiet
        expect_ok "fit regression 2" fit "$data/parabola.csv" --target y --layers 3:tanh,1:linear \
            --epochs 30 --seed 2 --model model/p2.tnn --quiet
        expect_ok "contributions" contributions model/p1.tnn "$data/parabola.csv" --out g
        before=$(state g)
        while read -r suffix cmd; do
            # shellcheck disable=SC2086
            with_failing_rename "$suffix" $cmd --out g && fail "$cmd, rename of $suffix failing: accepted"
            grep -q "cannot create g/$suffix: Input/output error" stderr ||
                fail "$cmd, rename of $suffix failing: $(cat stderr)"
            same_state "$cmd, rename of $suffix failing" g "$before"
            no_temporaries "$cmd, rename of $suffix failing"
        done <<EOF
points.csv grid model/other.tnn --x petal_length --y petal_width --data $data/iris.csv --size 40
labels.csv grid model/other.tnn --x petal_length --y petal_width --box 0,7,0,2.6 --size 40
predictions.csv predict model/other.tnn $data/iris.csv
hidden.csv activations model/other.tnn $data/iris.csv --layer 0
layer1_pairs.csv geometry model/other.tnn
net_columns.h export-c model/other.tnn --name net
net.h export-c model/other.tnn --name net
contributions.csv contributions model/p2.tnn $data/parabola.csv
EOF
        if command -v gnuplot >/dev/null; then
            expect_ok "plot" plot run
            expect_ok "refit" "${snap[@]}" --epochs 9 --seed 4 --model model/r.tnn --out run2
            cp run2/r.history.csv run/m.history.csv && cp run2/r.frames/* run/m.frames/
            before_data=$(state run)
            for suffix in m.history.png m.regions.gif; do
                with_failing_rename "$suffix" plot run && fail "plot, rename of $suffix failing: accepted"
                same_state "plot, rename of $suffix failing" run "$before_data"
                no_temporaries "plot, rename of $suffix failing"
            done
        fi
    fi

    # temporary files are created, never opened through a planted link: links
    # at every name the run could pick (PATH.tmp-PID and PATH.tmp-PID-N) stay
    # as they are, and so does the file they point to
    echo "precious" >victim
    mkdir -p trap
    # shellcheck disable=SC2016
    bash -c 'for f in m.tnn m.tnn.columns m.history.csv; do
                 ln -s ../victim "trap/$f.tmp-$$"
                 for n in 1 2 3 4 5 6 7 8 9 10; do ln -s ../victim "trap/$f.tmp-$$-$n"; done
             done
             exec "$0" "$@" >/dev/null 2>stderr' "$tinynn" fit "$data/iris.csv" --target species \
        --layers 3:softmax --epochs 5 --model trap/m.tnn --quiet ||
        fail "fit among planted links: $(cat stderr)"
    [ "$(cat victim)" = precious ] || fail "fit wrote through a planted link into another file"
    for f in m.tnn m.tnn.columns m.history.csv; do
        [ -f "trap/$f" ] && [ ! -L "trap/$f" ] || fail "trap/$f: expected a regular file"
    done
    [ "$(find trap -type l | wc -l)" -eq 33 ] || fail "the planted links were changed"
    # a link at the target itself is replaced by the new file, never written
    # through (links to one file at two outputs are refused: safety group)
    echo "precious" >victim2
    rm -rf trap && mkdir trap && ln -s ../victim trap/m.tnn && ln -s ../victim2 trap/m.history.csv
    expect_ok "fit over links" fit "$data/iris.csv" --target species --layers 3:softmax \
        --epochs 5 --model trap/m.tnn --quiet
    [ "$(cat victim) $(cat victim2)" = "precious precious" ] ||
        fail "fit wrote through a link at its target"
    [ -f trap/m.tnn ] && [ ! -L trap/m.tnn ] && [ ! -L trap/m.history.csv ] ||
        fail "fit over links: the targets are still links"

    # a replaced file keeps its permissions; a new one gets 0666 less the umask
    chmod 640 trap/m.tnn && chmod 600 trap/m.tnn.columns
    expect_ok "refit" fit "$data/iris.csv" --target species --layers 3:softmax --epochs 7 \
        --model trap/m.tnn --quiet
    [ "$(stat -c %a trap/m.tnn) $(stat -c %a trap/m.tnn.columns)" = "640 600" ] ||
        fail "refit changed the permissions: $(stat -c %a trap/m.tnn trap/m.tnn.columns | tr '\n' ' ')"
    (umask 027 && "$tinynn" fit "$data/iris.csv" --target species --layers 3:softmax --epochs 5 \
        --model perm/m.tnn --quiet >/dev/null) || fail "fit with umask 027"
    [ "$(stat -c %a perm/m.tnn perm/m.history.csv | tr '\n' ' ')" = "640 640 " ] ||
        fail "new files with umask 027: $(stat -c %a perm/m.tnn perm/m.history.csv | tr '\n' ' ')"
    no_temporaries "links and permissions"

    # no command writes over one of its inputs, however the name is spelt:
    # refused with both names and exit 2 before any work, the input intact
    # make_own: own/ holds the inputs, links to them and copies named as
    # outputs; own_out/ links at output names to the model and its columns
    make_own() {
        rm -rf own own_out && mkdir own own_out && cp "$data/iris.csv" own/data.csv
        for f in history predictions hidden points; do cp "$data/iris.csv" "own/$f.csv"; done
        ln -s data.csv own/link.tnn && ln own/data.csv own/hard.tnn
        ln -s ../model/iris.tnn.columns own_out/predictions.csv
        ln -s ../model/iris.tnn own_out/hidden.csv
        ln -s ../model/iris.tnn own_out/points.csv
    }
    make_own
    own_state=$(state own)
    own_out_state=$(state own_out)
    model_state=$(state model)
    # expect_refusal WHAT OUTPUT INPUT ARGS...: run in a fresh own/
    expect_refusal() {
        local what=$1 output=$2 input=$3 status
        shift 3
        make_own
        (cd own && "$tinynn" "$@" >"$work/stdout" 2>"$work/stderr")
        status=$?
        [ "$status" -eq 2 ] || fail "$what: exit $status, expected 2: $(cat stderr)"
        grep -qF "refusing to write $output: it is the input $input" stderr ||
            fail "$what: stderr lacks the refusal: $(cat stderr)"
        grep -q "trained\|%" stderr && fail "$what: worked before refusing: $(cat stderr)"
        grep -q . stdout && fail "$what: printed to stdout: $(cat stdout)"
        same_state "$what" own "$own_state"
        same_state "$what" own_out "$own_out_state"
        same_state "$what" model "$model_state"
        [ -e own/m.tnn ] && fail "$what: wrote a model before refusing"
        no_temporaries "$what"
    }
    own_fit=(fit data.csv --target species --layers 3:softmax --epochs 3 --quiet)
    expect_refusal "fit --model DATA" data.csv data.csv "${own_fit[@]}" --model data.csv
    expect_refusal "fit --model ./DATA" ./data.csv data.csv "${own_fit[@]}" --model ./data.csv
    expect_refusal "fit --model DATA by its full path" "$work/own/data.csv" data.csv \
        "${own_fit[@]}" --model "$work/own/data.csv"
    expect_refusal "fit --model, a link to DATA" link.tnn data.csv "${own_fit[@]}" --model link.tnn
    expect_refusal "fit --model, a hard link to DATA" hard.tnn data.csv "${own_fit[@]}" --model hard.tnn
    expect_refusal "fit m.history.csv" ./m.history.csv m.history.csv \
        fit m.history.csv --target species --layers 3:softmax --epochs 3 --model m.tnn --quiet
    expect_refusal "predict predictions.csv" ./predictions.csv predictions.csv \
        predict ../model/iris.tnn predictions.csv
    expect_refusal "activations hidden.csv" ./hidden.csv hidden.csv \
        activations ../model/iris.tnn hidden.csv --layer 0
    expect_refusal "grid --data points.csv" ./points.csv points.csv \
        grid ../model/iris.tnn --x petal_length --y petal_width --data points.csv --size 10
    expect_refusal "predict over the model's columns file" ../own_out/predictions.csv \
        ../model/iris.tnn.columns predict ../model/iris.tnn data.csv --out ../own_out
    expect_refusal "activations over the model" ../own_out/hidden.csv ../model/iris.tnn \
        activations ../model/iris.tnn data.csv --layer 0 --out ../own_out
    # before any work: the input is not even read as data
    expect_refusal "predict, data the output" ../own_out/predictions.csv \
        ../model/iris.tnn.columns predict ../model/iris.tnn ../own_out/predictions.csv --out ../own_out
    expect_refusal "grid, --data the output" ../own_out/points.csv ../own_out/points.csv \
        grid ../model/iris.tnn --x petal_length --y petal_width --data ../own_out/points.csv \
        --size 10 --out ../own_out

    # plot: gnuplot writes each picture to a named file, never to its
    # standard output (this gnuplot records its script and prints junk)
    fake_gnuplot junk
    # fake_plot ARGS...: tinynn plot with that gnuplot, its scripts in gp.log
    fake_plot() {
        rm -f "$work/gp.log"
        FAKE_GNUPLOT_LOG=$work/gp.log PATH="$work/fakebin:$PATH" \
            "$tinynn" plot "$@" >"$work/stdout" 2>"$work/stderr"
    }
    fake_plot run --out fakeplot || fail "plot with a fake gnuplot: $(cat stderr)"
    grep -q RAW stdout && fail "plot: gnuplot's standard output reached ours"
    grep -q '^set output *$' gp.log && fail "plot: gnuplot was told to write to its standard output"
    [ "$(grep -c "^set output 'fakeplot/[a-z.]*\.tmp-" gp.log)" -eq 2 ] ||
        fail "plot: expected two pictures written by name: $(grep '^set output' gp.log)"
    [ "$(cat fakeplot/m.history.png)" = PICTURE ] && [ "$(cat fakeplot/m.regions.gif)" = PICTURE ] ||
        fail "plot: the pictures gnuplot wrote by name are not in place"
    # every picture is checked writable before gnuplot runs at all
    mkdir -p blocked/m.regions.gif
    fake_plot run --out blocked && fail "plot with blocked/m.regions.gif a folder: accepted"
    grep -q "cannot write blocked/m.regions.gif: a folder has that name" stderr ||
        fail "plot with blocked/m.regions.gif a folder: $(cat stderr)"
    [ -s gp.log ] && fail "plot with blocked/m.regions.gif a folder: ran gnuplot first"
    [ "$(state blocked)" = "./m.regions.gif/" ] || fail "plot wrote into blocked: $(state blocked)"
    # a read-only folder: root writes into any folder, so as root the one
    # command runs as nobody (its inputs in $work, opened to everyone)
    mkdir -p readonly && chmod 555 readonly
    unprivileged=()
    if [ "$(id -u)" -eq 0 ]; then
        chmod 755 "$work"
        mkdir -p gplog && chmod 777 gplog
        for tool in "setpriv --reuid=nobody --regid=nogroup --clear-groups --" "runuser -u nobody --"; do
            # shellcheck disable=SC2206
            candidate=($tool)
            uid=$("${candidate[@]}" id -u 2>/dev/null)
            if [ -n "$uid" ] && [ "$uid" != 0 ] && "${candidate[@]}" "$tinynn" --version >/dev/null 2>&1; then
                unprivileged=("${candidate[@]}")
                break
            fi
        done
    fi
    if [ "$(id -u)" -eq 0 ] && [ ${#unprivileged[@]} -eq 0 ]; then
        echo "running as root without setpriv or runuser to drop privileges: plot into a read-only folder not checked"
    else
        rm -f gplog/gp.log
        "${unprivileged[@]}" env FAKE_GNUPLOT_LOG="$work/gplog/gp.log" PATH="$work/fakebin:$PATH" \
            "$tinynn" plot run --out readonly >stdout 2>stderr &&
            fail "plot into a read-only folder: accepted"
        grep -q "cannot write readonly/m.history.png: Permission denied" stderr ||
            fail "plot into a read-only folder: $(cat stderr)"
        grep -q . stdout && fail "plot into a read-only folder: printed $(head -c 40 stdout)"
        [ -s gplog/gp.log ] && fail "plot into a read-only folder: ran gnuplot"
        [ -z "$(ls -A readonly)" ] || fail "plot into a read-only folder: wrote $(ls -A readonly)"
    fi
    chmod 755 readonly
    # a folder that is not there: said so, and no folder is left behind
    run plot nonexist --out newplot && fail "plot nonexist: accepted"
    grep -q "nonexist: no such folder" stderr || fail "plot nonexist: $(cat stderr)"
    [ -e nonexist ] || [ -e newplot ] && fail "plot nonexist: left a folder behind"
    run plot nonexist
    [ -e nonexist ] && fail "plot nonexist: left the folder behind"

    # a failed run leaves no --out folder it created
    mkdir -p empty
    while read -r cmd; do
        # shellcheck disable=SC2086
        run $cmd --out gone/deeper && fail "$cmd: accepted"
        [ -e gone ] && fail "$cmd: left its --out folder behind" && rm -rf gone
    done <<EOL
fit $data/iris.csv --target species --layers 3:softmax --epochs 2 --model gone/m.tnn --lr -1
fit $data/iris.csv --target nope --layers 3:softmax --epochs 2 --model model/x.tnn
predict model/iris.tnn missing.csv
activations model/iris.tnn $data/iris.csv --layer 7
grid model/iris.tnn --x petal_length --y nope --box 0,1,0,1
geometry missing.tnn
contributions model/iris.tnn $data/iris.csv
export-c model/iris.tnn --name 1x
plot nonexist
plot empty
EOL

    # usage errors exit 2, also those found after the options were read
    while read -r cmd; do
        # shellcheck disable=SC2086
        run $cmd
        status=$?
        [ "$status" -eq 2 ] || fail "$cmd: exit $status, expected 2: $(cat stderr)"
    done <<EOL
grid model/iris.tnn --x petal_length --y petal_length --box 0,7,0,3
grid model/iris.tnn --x petal_length --y nope --box 0,7,0,3
predict model/iris.tnn $data/iris.csv --out=
fit $data/iris.csv --target species --layers 3:softmax --model m.tnn --lr -1
fit $data/iris.csv --target species --layers 3:softmax --model m.tnn --lr abc
fit $data/iris.csv --target species --layers 3:softmax --model=
fit $data/iris.csv --target species --layers 3:softmax --model m.tnn --snapshots 1
EOL
    if [ "${TINYNN_TEST_HAVE_LBFGS:-0}" = 1 ]; then
        for extra in "--lr 0.1" "--batch 10"; do
            # shellcheck disable=SC2086
            run fit "$data/iris.csv" --target species --layers 3:softmax --model m.tnn \
                --optimizer lbfgs $extra
            status=$?
            [ "$status" -eq 2 ] || fail "fit --optimizer lbfgs $extra: exit $status, expected 2"
        done
    fi
    [ -e m.tnn ] && fail "a usage error wrote m.tnn"
    ;;

signals)
    # SIGINT or SIGTERM while fit trains and writes snapshots: the process
    # dies of the signal, no temporary file is left, no earlier file replaced.
    set -m # job control: a background job takes SIGINT (else sh makes it ignore it)
    snap=(fit "$data/iris.csv" --target species --features petal_length,petal_width
        --layers 6:relu,3:softmax --lr 0.01 --standardize --quiet)
    expect_ok "earlier run" "${snap[@]}" --epochs 4 --snapshots 1 --snapshot-size 10 \
        --model run/m.tnn --out run || exit 1
    before=$(state run)
    # long: 1000 snapshots of 1000 x 1000 cells, each written and synced
    long=("${snap[@]}" --epochs 1000 --snapshots 1 --snapshot-size 1000 --seed 5)
    for sig in INT TERM HUP; do
        for target in run fresh; do
            "$tinynn" "${long[@]}" --model "$target/m.tnn" --out "$target" >/dev/null 2>"$work/stderr" &
            pid=$!
            # wait until it is writing: the temporaries of frames/ exist
            for _ in $(seq 100); do
                [ "$(find "$target" -name '*.tmp-*' 2>/dev/null | wc -l)" -ge 4 ] && break
                sleep 0.05
            done
            sleep 0.2
            kill -s "$sig" "$pid"
            wait "$pid"
            status=$?
            expected=$((128 + $(kill -l "$sig")))
            [ "$status" -eq "$expected" ] ||
                fail "SIG$sig into $target: exit status $status, expected $expected (killed by the signal)"
            no_temporaries "SIG$sig into $target"
            if [ "$target" = run ]; then
                same_state "SIG$sig into run" run "$before"
            else
                [ -e fresh ] && fail "SIG$sig into a new folder: left $(state fresh)"
            fi
        done
    done
    ;;

memory)
    # docs/cli.md's bound: memory grows with the data (8 bytes a cell,
    # about 100 a column, the labels), so files of 8 Mi cells and up to
    # 256 Ki columns stay under 300 MB. Peak resident memory of fit (and
    # predict) on such files, each shaped to stress one cost: columns,
    # distinct labels, rows. Beyond the column limit, the file is refused
    # before it costs much. (The io group measures a file of 9 Mi cells.)
    peak_rss=${TINYNN_TEST_PEAK_RSS:-}
    if [ -z "$peak_rss" ] || [ ! -x "$peak_rss" ]; then
        echo "no peak_rss helper: memory not measured"
        exit 77
    fi
    if grep -qa -e __asan_init -e __msan_init -e __tsan_init "$tinynn"; then
        echo "a sanitizer build: memory not measured"
        exit 77
    fi
    limit=292968 # KiB: 300 MB
    # meson sets MALLOC_PERTURB_, which writes every byte malloc hands out:
    # resident memory would then count scratch a command reserves but never
    # touches (training's work space is sized for whole batches)
    unset MALLOC_PERTURB_
    # the widest file: 256 Ki columns with 150-byte names, 31 rows of numbers
    # (57 MB, 8 Mi cells)
    awk -v n=262144 'BEGIN { pad = sprintf("%150s", ""); gsub(/ /, "n", pad)
        for (i = 0; i < n; i++) printf "%s%s%x", (i ? "," : ""), pad, i; printf "\n" }' >wide.csv
    awk -v n=262144 'BEGIN { for (i = 0; i < n; i++) printf "%s%d", (i ? "," : ""), (i * 7) % 10
        printf "\n" }' >row.csv
    for _ in $(seq 31); do cat row.csv; done >>wide.csv
    first=$(head -c 200 wide.csv | cut -d, -f1)
    # distinct labels: 256 Ki text columns of 15 different texts each (30 MB)
    awk -v n=262144 'BEGIN { for (i = 0; i < n; i++) printf "%s%x", (i ? "," : ""), i; printf "\n"
        for (r = 0; r < 15; r++) { for (i = 0; i < n; i++) printf "%s%c%x", (i ? "," : ""), 97 + r, i * 16 + r
            printf "\n" } }' >labels.csv
    # rows: 4 Mi rows of two columns (16 MB, 8 Mi cells)
    { echo "x,y"; yes "$(printf '3,a\n4,b\n5,c')" | head -n 4194303; } >tall.csv
    # one column too many
    awk -v n=262145 'BEGIN { for (r = 0; r < 2; r++) { for (i = 0; i < n; i++) printf "%s%d", (i ? "," : ""), i + r
        printf "\n" } }' >toowide.csv

    # measure NAME ARGS...: runs tinynn; $work/NAME.status, .kib (peak), .err
    measure() {
        local name=$1
        shift
        "$peak_rss" "$work/$name.kib" "$tinynn" "$@" >/dev/null 2>"$work/$name.err"
        echo $? >"$work/$name.status"
    }
    measure wide fit wide.csv --target "$first" --layers 1:linear --standardize --epochs 2 \
        --model w/m.tnn --quiet
    measure predict predict w/m.tnn wide.csv --out w
    measure labels fit labels.csv --target 0 --layers 1:linear --model l/m.tnn --quiet
    measure tall fit tall.csv --target y --layers 3:softmax --epochs 1 --model t/m.tnn --quiet
    measure toowide fit toowide.csv --target 0 --layers 1:linear --model x/m.tnn --quiet
    # check NAME STATUS [STDERR FRAGMENT]
    check() {
        local got kib
        got=$(cat "$work/$1.status")
        kib=$(cat "$work/$1.kib" 2>/dev/null || echo 0)
        echo "$1: exit $got, peak $((kib / 1024)) MiB"
        [ "$got" -eq "$2" ] || fail "$1: exit $got, expected $2: $(head -c 300 "$work/$1.err")"
        [ -z "${3:-}" ] || grep -qF -- "$3" "$work/$1.err" ||
            fail "$1: stderr lacks '$3': $(head -c 300 "$work/$1.err")"
        [ "$kib" -gt 0 ] && [ "$kib" -lt "$limit" ] ||
            fail "$1: peak memory $kib KiB, expected under $limit KiB (300 MB)"
    }
    check wide 0
    check predict 0
    check labels 1 "line 2, column 2 (1): expected a number, found 'a10'"
    check tall 0
    check toowide 1 "line 1, field 262145: more than 262144 columns: expected at most 262144"
    ;;

*)
    # Newer groups live in cases/GROUP.sh, sourced here so that they share
    # the helpers above.
    if [ -f "$here/cases/$case_name.sh" ]; then
        # shellcheck source=/dev/null
        . "$here/cases/$case_name.sh"
    else
        echo "unknown case $case_name" >&2
        exit 2
    fi
    ;;
esac

if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s) in $case_name" >&2
    exit 1
fi
echo "$case_name: all passed"
