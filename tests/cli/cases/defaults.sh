# shellcheck shell=bash
# tinynn fit's defaults on real data (sklearn's wine and diabetes, written
# by tests/data/gen_cli_reference.py with the reference numbers of
# defaults_reference.txt), the warning of a model no better than the trivial
# predictor, the columns file bound to its model, export-c's identifiers,
# usage errors exiting 2, and outputs named after the model.
# shellcheck source=/dev/null
. "$data/defaults_reference.txt"

# exit_status EXPECTED WHAT ARGS...: tinynn exits with EXPECTED
exit_status() {
    local want=$1 what=$2 got
    shift 2
    run "$@"
    got=$?
    [ "$got" -eq "$want" ] || fail "$what: exit $got, expected $want: $(head -c 300 stderr)"
}

# below A B: A < B (floating point)
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }

# --- the defaults learn: no flag but the layers (and the split to score) ---
expect_ok "wine defaults" fit "$data/wine.csv" --target cultivar --layers 16:relu,3:softmax \
    --validation-split 0.3 --model run/wine.tnn --quiet || exit 1
acc=$(sed -n 's/^validation rows: .*accuracy \([0-9.]*\)$/\1/p' stdout)
echo "wine held-out accuracy $acc; majority class $WINE_MAJORITY_ACCURACY; MLPClassifier $WINE_MLP_ACCURACY"
at_least "$acc" 0.9 || fail "wine with the defaults: held-out accuracy $acc below 0.9 (chance 0.33)"
at_least "$acc" "$(awk -v r="$WINE_MLP_ACCURACY" 'BEGIN { print r - 0.05 }')" ||
    fail "wine: accuracy $acc well below scikit-learn's $WINE_MLP_ACCURACY with the same defaults"
grep -q warning stderr && fail "wine: warned on a model that learned: $(cat stderr)"
grep -qx "standardized 1" run/wine.tnn.columns || fail "wine: inputs not standardised by default"

expect_ok "diabetes defaults" fit "$data/diabetes.csv" --target progression \
    --layers 16:relu,1:linear --validation-split 0.3 --model run/diabetes.tnn --quiet || exit 1
mse=$(sed -n 's/^validation rows: .*mse \([0-9.]*\)$/\1/p' stdout)
echo "diabetes held-out mse $mse; training mean $DIABETES_MEAN_MSE; MLPRegressor $DIABETES_MLP_MSE"
below "$mse" "$(awk -v r="$DIABETES_MEAN_MSE" 'BEGIN { print r * 0.8 }')" ||
    fail "diabetes with the defaults: held-out mse $mse not clearly below the mean's $DIABETES_MEAN_MSE"
below "$mse" "$(awk -v r="$DIABETES_MLP_MSE" 'BEGIN { print r * 1.15 }')" ||
    fail "diabetes: mse $mse well above scikit-learn's $DIABETES_MLP_MSE with the same defaults"
grep -q warning stderr && fail "diabetes: warned on a model that learned: $(cat stderr)"
grep -q "^target_standardized 1[0-9][0-9]\.[0-9]* [0-9.]*$" run/diabetes.tnn.columns ||
    fail "diabetes: the columns file does not record the target's standardisation"
grep -qx "tinynn-columns 2" run/diabetes.tnn.columns || fail "columns file: expected format 2"
# history.csv in the target's units: its last val_mse is the reported one
last=$(tail -n 1 run/diabetes.history.csv | cut -d, -f5)
awk -v a="$last" -v b="$mse" 'BEGIN { d = a - b; exit !(d < 0.001 && d > -0.001) }' ||
    fail "diabetes.history.csv: last val_mse $last, the report says $mse"
# evaluate on the held-out rows agrees with fit's report, in the same units
expect_ok "diabetes --save-split" fit "$data/diabetes.csv" --target progression \
    --layers 16:relu,1:linear --validation-split 0.3 --save-split split --model run/d2.tnn --quiet
expect_ok "evaluate diabetes" evaluate run/d2.tnn split/test.csv --out ev
emse=$(awk -F, '$1 == "mse" { print $2 }' ev/metrics.csv)
awk -v a="$emse" -v b="$mse" 'BEGIN { exit !(a / b < 1.000001 && a / b > 0.999999) }' ||
    fail "evaluate's mse $emse on the held-out rows, fit's validation mse $mse"
# predictions, grid and contributions in the target's units, and agreeing
expect_ok "predict diabetes" predict run/diabetes.tnn "$data/diabetes.csv" --out p
awk -F, 'NR > 1 { s += $2; n++ } END { m = s / n; exit !(m > 120 && m < 190) }' p/predictions.csv ||
    fail "predict: y_pred not in the target's units: $(sed -n 2p p/predictions.csv)"
pmse=$(value_after mse stdout)
awk -F, -v r="$pmse" 'NR > 1 { d = $1 - $2; s += d * d; n++ }
    END { m = s / n; exit !(m / r < 1.00001 && m / r > 0.99999) }' p/predictions.csv ||
    fail "predict: mse $pmse is not the mse of its y_true and y_pred"
expect_ok "contributions diabetes" contributions run/diabetes.tnn "$data/diabetes.csv" --out k
paste -d, p/predictions.csv k/contributions.csv | awk -F, 'NR > 1 {
        d = $2 - $NF; if (d < 0) d = -d; if (d > 1e-3 * ($2 < 0 ? -$2 : $2) + 1e-6) bad++
        s = $(NF - 1) - $NF; if (s < 0) s = -s; if (s > 1e-3) bad++ }
    END { exit bad > 0 }' || fail "contributions: prediction or sum differ from predict's y_pred"
expect_ok "grid diabetes" grid run/diabetes.tnn --x bmi --y s5 --data "$data/diabetes.csv" \
    --size 10 --out g
awk -F, 'NR > 1 { for (i = 2; i <= NF; i++) { s += $i; n++ } } END { m = s / n; exit !(m > 60 && m < 300) }' \
    g/grid.csv || fail "grid: regression values not in the target's units"
expect_ok "activations of the output" activations run/diabetes.tnn "$data/diabetes.csv" --layer 1 --out a
paste -d, p/predictions.csv a/hidden.csv | awk -F, 'NR > 1 { d = $2 - $(NF - 1); if (d < 0) d = -d
    if (d > 1e-6 * ($2 < 0 ? -$2 : $2) + 1e-9) bad++ } END { exit bad > 0 }' ||
    fail "activations of the output layer differ from predict's y_pred"
# export-c: the header says how to get back to the target's units
expect_ok "export-c regression" export-c run/diabetes.tnn --out c
grep -q "o \* diabetes_target_scale + diabetes_target_mean" c/diabetes_columns.h ||
    fail "export-c: the header does not say how to map the output back"
if command -v cc >/dev/null; then
    cat >c/main.c <<'C'
#include <stdio.h>
#include "diabetes_columns.h"
int main(void) { printf("%.17g %.17g\n", diabetes_target_mean, diabetes_target_scale); return 0; }
C
    cc -std=c99 -Wall -Werror -o c/show c/main.c c/diabetes_columns.c || fail "export-c: columns code"
    [ "$(c/show)" = "$(awk '$1 == "target_standardized" { printf "%.17g %.17g", $2, $3 }' run/diabetes.tnn.columns)" ] ||
        fail "export-c: target mean and scale differ from the columns file: $(c/show)"
fi

# --standardize is the default, accepted; --no-standardize feeds raw values
expect_ok "--standardize" fit "$data/wine.csv" --target cultivar --layers 16:relu,3:softmax \
    --validation-split 0.3 --standardize --model run/wine2.tnn --quiet
cmp -s run/wine.tnn run/wine2.tnn || fail "--standardize changed the model: expected the default"
expect_ok "--no-standardize" fit "$data/diabetes.csv" --target progression \
    --layers 16:relu,1:linear --validation-split 0.3 --no-standardize --model run/raw.tnn --quiet
grep -qx "standardized 0" run/raw.tnn.columns && ! grep -q target_standardized run/raw.tnn.columns ||
    fail "--no-standardize: columns file $(cat run/raw.tnn.columns)"
# ... which on diabetes's raw units is no better than the mean: the warning
grep -q "warning: validation mse .* is no better than .*, always predicting the training rows' mean" stderr ||
    fail "diabetes --no-standardize: no warning: $(cat stderr)"

# --- the warning, on data nothing can learn from (a constant input) ---
awk 'BEGIN { print "x,c,v"; for (i = 0; i < 60; i++) print 1 "," (i % 3 ? "a" : "b") "," i * i % 17 }' >flat.csv
expect_ok "constant input, classifier" fit flat.csv --target c --features x --layers 2:softmax \
    --model run/flat.tnn --quiet
grep -q "warning: training accuracy .* always predicting the most common class 'a'" stderr ||
    fail "no warning for a classifier no better than the majority class: $(cat stderr)"
grep -q . stdout || fail "the warning replaced the report"
expect_ok "constant input, regression" fit flat.csv --target v --features x --layers 1:linear \
    --epochs 1 --model run/flatv.tnn --quiet
grep -q "warning: training mse .* always predicting the training rows' mean" stderr ||
    fail "no warning for a regression no better than the mean: $(cat stderr)"

# --- integers print as integers, values round-trip ---
head -n 11 run/wine.history.csv | tail -n 1 | grep -q "^10," || fail "history.csv: epoch 10 is not '10'"
expect_ok "predict wine" predict run/wine.tnn "$data/wine.csv" --columns proline,hue --out pw
sed -n 2p pw/predictions.csv | grep -q "^1065,1.04,0,0,class_0," ||
    fail "predictions.csv: inputs not echoed as written: $(sed -n 2p pw/predictions.csv)"
grep -q "e+" pw/predictions.csv run/wine.tnn.columns run/wine.history.csv &&
    fail "an exponent where plain digits read better: $(grep -h "e+" pw/predictions.csv | head -n 1)"

# --- the columns file is bound to its model ---
expect_ok "second wine model" fit "$data/wine.csv" --target cultivar --layers 16:relu,3:softmax \
    --seed 5 --model run/other.tnn --quiet
cp run/wine.tnn swap.tnn && cp run/other.tnn.columns swap.tnn.columns
exit_status 1 "swapped columns" predict swap.tnn "$data/wine.csv" --out out
grep -q "swap.tnn.columns belongs to another model file: .* but swap.tnn has checksum" stderr ||
    fail "swapped columns: message: $(cat stderr)"
exit_status 1 "swapped columns, summary" summary swap.tnn
# a format-1 columns file (no checksum, no target standardisation) still loads
cp run/wine.tnn old.tnn
sed -e 's/^tinynn-columns 2$/tinynn-columns 1/' -e '/^model_crc32 /d' run/wine.tnn.columns >old.tnn.columns
expect_ok "format-1 columns file" predict old.tnn "$data/wine.csv" --columns proline,hue --out po
cmp -s po/predictions.csv pw/predictions.csv || fail "format-1 columns file: other predictions"
# ... with numeric classes in the old spelling ("1e+01" for 10)
awk 'BEGIN { print "x,k"; for (i = 0; i < 40; i++) print i "," (i < 20 ? 10 : 20) }' >tens.csv
expect_ok "numeric classes" fit tens.csv --target k --layers 2:softmax --epochs 300 --lr 0.05 \
    --model run/tens.tnn --quiet
grep -qx "class 10" run/tens.tnn.columns || fail "class 10 not written as 10"
cp run/tens.tnn tens_old.tnn
sed -e 's/^tinynn-columns 2$/tinynn-columns 1/' -e '/^model_crc32 /d' -e 's/^class 10$/class 1e+01/' \
    -e 's/^class 20$/class 2e+01/' run/tens.tnn.columns >tens_old.tnn.columns
expect_ok "old numeric class names" predict tens_old.tnn tens.csv --out pt

# --- export-c identifiers; export-c and summary of a model without columns ---
for pair in "int:model_int" "tnn_net:model_tnn_net" "9 lives-v2:model_9_lives_v2" "for.x:model_for"; do
    file=${pair%%:*} ident=${pair#*:}
    cp run/wine.tnn "$file.tnn" && cp run/wine.tnn.columns "$file.tnn.columns"
    expect_ok "export-c $file" export-c "$file.tnn" --out "cx"
    [ -s "cx/$ident.c" ] && [ -s "cx/${ident}_columns.h" ] || fail "export-c $file: expected $ident.c"
done
for bad_name in for _x tnn_model 9x a-b "" int32_t TNN_X; do
    exit_status 2 "export-c --name '$bad_name'" export-c run/wine.tnn --name "$bad_name" --out out
    grep -q "expected a C identifier for the model" stderr || fail "export-c --name '$bad_name': $(cat stderr)"
done
# column and class names with quotes, spaces, '?' and backslashes are C strings
printf 'a "q"??=,b\\x,odd?/*k*/\n1,2,x"y\n3,4,z\n2,1,x"y\n' >names.csv
expect_ok "fit odd names" fit names.csv --target 'odd?/*k*/' --layers 2:softmax --epochs 2 \
    --model 'run/odd names.tnn' --quiet
expect_ok "export-c odd names" export-c 'run/odd names.tnn' --out cx
grep -q 'model_input_names\|odd_names_input_names' cx/odd_names_columns.c ||
    fail "export-c odd names: $(ls cx | tr '\n' ' ')"
cp run/wine.tnn bare.tnn
expect_ok "summary without columns" summary bare.tnn
grep -q "Total params: 275" stdout && grep -q "columns: none" stdout ||
    fail "summary of a model without columns: $(cat stdout)"
expect_ok "export-c without columns" export-c bare.tnn --out cb
grep -q '"input12"' cb/bare_columns.c || fail "export-c without columns: input names"
if command -v cc >/dev/null; then
    for f in cx/*.c cb/*.c; do
        cc -std=c99 -Wall -Wextra -pedantic -Werror -c "$f" -o "$work/x.o" || fail "export-c: $f does not compile"
    done
    if command -v c++ >/dev/null; then
        for f in cx/*.h cb/*.h; do
            c++ -fsyntax-only -Wall -Werror -x c++ "$f" || fail "export-c: $f is not valid C++"
        done
    fi
fi
exit_status 1 "predict without columns" predict bare.tnn "$data/wine.csv" --out out

# --- a command-line choice the files cannot satisfy exits 2 ---
exit_status 2 "grid --x A --y A" grid run/wine.tnn --x proline --y proline --box 0,1,0,1 --out out
exit_status 2 "fit: --target not in the data" fit "$data/wine.csv" --target colour \
    --layers 3:softmax --model out/m.tnn --out out
exit_status 2 "fit: --features not in the data" fit "$data/wine.csv" --target cultivar \
    --features alcohol,colour --layers 3:softmax --model out/m.tnn --out out
exit_status 2 "fit: a feature twice" fit "$data/wine.csv" --target cultivar \
    --features alcohol,alcohol --layers 3:softmax --model out/m.tnn --out out
exit_status 2 "fit: layers for other classes" fit "$data/wine.csv" --target cultivar \
    --layers 2:softmax --model out/m.tnn --out out
exit_status 2 "grid --data without the --x column" grid run/wine.tnn --x proline --y hue \
    --data "$data/diabetes.csv" --out out
exit_status 2 "grid: --x not an input" grid run/wine.tnn --x colour --y hue --box 0,1,0,1 --out out
exit_status 2 "activations --layer 7" activations run/wine.tnn "$data/wine.csv" --layer 7 --out out
exit_status 2 "contributions of a classifier" contributions run/wine.tnn "$data/wine.csv" --out out
# a model's input missing from the data is the data's fault: 1
exit_status 1 "predict: data without a model input" predict run/wine.tnn "$data/diabetes.csv" --out out

# --- outputs named after the model: two fits into one folder keep both ---
expect_ok "fit a" fit "$data/wine.csv" --target cultivar --layers 3:softmax --epochs 5 \
    --model hist/a.tnn --quiet
expect_ok "fit b" fit "$data/wine.csv" --target cultivar --layers 3:softmax --epochs 7 \
    --model hist/b.tnn --quiet
[ "$(wc -l <hist/a.history.csv)" -eq 6 ] && [ "$(wc -l <hist/b.history.csv)" -eq 8 ] ||
    fail "two fits into one --out: $(ls hist | tr '\n' ' ')"
[ -e hist/history.csv ] && fail "fit still writes history.csv"
if command -v gnuplot >/dev/null; then
    expect_ok "plot two models" plot hist
    [ -s hist/a.history.png ] && [ -s hist/b.history.png ] ||
        fail "plot: expected a.history.png and b.history.png: $(ls hist | tr '\n' ' ')"
fi

# --early-stopping's --min-delta is in history.csv's units, the target's
# squared units: val_mse falls by more than 10 an epoch here, never by 1000
expect_ok "min-delta 10" fit "$data/diabetes.csv" --target progression --layers 16:relu,1:linear \
    --validation-split 0.3 --early-stopping 3 --min-delta 10 --epochs 40 --model es/small.tnn --quiet
[ "$(($(wc -l <es/small.history.csv) - 1))" -eq 40 ] ||
    fail "--min-delta 10 stopped early: $(($(wc -l <es/small.history.csv) - 1)) epochs"
expect_ok "min-delta 1000" fit "$data/diabetes.csv" --target progression --layers 16:relu,1:linear \
    --validation-split 0.3 --early-stopping 3 --min-delta 1000 --epochs 40 --model es/big.tnn --quiet
[ "$(($(wc -l <es/big.history.csv) - 1))" -eq 4 ] ||
    fail "--min-delta 1000: expected a stop after 4 epochs: $(($(wc -l <es/big.history.csv) - 1))"
grep -q "the best val_loss [0-9]\{4\}" stdout || fail "early stopping's report not in the target's units: $(cat stdout)"

# geometry of a regression output trained on a standardised target: the
# plane in the target's units, y = 10 + 3 x for data on that line
awk 'BEGIN { print "x,y"; for (i = 0; i < 50; i++) { x = i / 10; print x "," 3 * x + 10 } }' \
    >line.csv
expect_ok "fit on a line" fit line.csv --target y --layers 1:linear --epochs 1000 --lr 0.05 \
    --model line/m.tnn --quiet &&
    expect_ok "geometry of the line" geometry line/m.tnn --out line/g &&
    { awk -F, 'NR == 2 { d = ($2 - 10) ^ 2 + ($3 - 3) ^ 2; exit !(d < 1e-6) }' \
        line/g/layer0_units.csv || fail "geometry of y = 10 + 3 x: $(cat line/g/layer0_units.csv)"; }
