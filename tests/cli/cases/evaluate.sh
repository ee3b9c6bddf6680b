# shellcheck shell=bash
# tinynn evaluate and fit --save-split (sourced by cli_test.sh: its helpers
# and $tinynn, $data, $work are defined there).

# same_csv WHAT EXPECTED GOT [TOL]: the same cells; numbers may differ by
# TOL (default 1e-6) relative to the larger of 1 and the expected value
same_csv() {
    local why
    why=$(awk -F, -v tol="${4:-1e-6}" '
        function isnum(s) { return s ~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/ }
        NR == FNR { want[FNR] = $0; rows = FNR; next }
        {
            got_rows = FNR
            if (!(FNR in want)) { print "extra line " FNR ": " $0; exit }
            n = split(want[FNR], w, ",")
            if (n != NF) { print "line " FNR ": " $0 ", expected " want[FNR]; exit }
            for (i = 1; i <= NF; i++) {
                if (isnum(w[i]) && isnum($i)) {
                    d = $i - w[i]; if (d < 0) d = -d
                    m = w[i] < 0 ? -w[i] : w[i]; if (m < 1) m = 1
                    if (d > tol * m) { print "line " FNR ", field " i ": " $i ", expected " w[i]; exit }
                } else if ($i != w[i]) {
                    print "line " FNR ", field " i ": " $i ", expected " w[i]; exit
                }
            }
        }
        END { if (got_rows != rows) print got_rows " lines, expected " rows }' "$2" "$3")
    [ -z "$why" ] || fail "$1: $3: $why"
}

# class_report PREDICTIONS COLUMNS DIR: metrics.csv, classes.csv and
# confusion.csv as evaluate writes them, computed here from predict's
# predictions.csv (y_true, y_pred, p_CLASS) and the model's class names
class_report() {
    mkdir -p "$3"
    sed -n 's/^class //p' "$2" >"$3/names"
    awk -F, -v dir="$3" '
        NR == FNR { name[K++] = $0; next }
        FNR == 1 {
            for (i = 1; i <= NF; i++) col[$i] = i
            for (k = 0; k < K; k++) pcol[k] = col["p_" name[k]]
            next
        }
        {
            t = $col["y_true"]; p = $col["y_pred"]; n++
            cm[t, p]++
            if (K == 2 && !pcol[0]) prob = t == 1 ? $pcol[1] : 1 - $pcol[1]
            else prob = $pcol[t]
            loss -= log(prob)
        }
        END {
            f = dir "/metrics.csv"
            print "metric,value" >f
            right = 0
            for (k = 0; k < K; k++) right += cm[k, k]
            printf "rows,%d\nloss,%.17g\naccuracy,%.17g\n", n, loss / n, right / n >f
            f = dir "/classes.csv"
            print "class,precision,recall,f1,support" >f
            for (k = 0; k < K; k++) {
                tp = cm[k, k]; pred = 0; sup = 0
                for (j = 0; j < K; j++) { pred += cm[j, k]; sup += cm[k, j] }
                pr = pred ? tp / pred : 0; rc = sup ? tp / sup : 0
                f1 = pr + rc ? 2 * pr * rc / (pr + rc) : 0
                printf "%s,%.17g,%.17g,%.17g,%d\n", name[k], pr, rc, f1, sup >f
                mp += pr; mr += rc; mf += f1; wp += sup * pr; wr += sup * rc; wf += sup * f1
            }
            printf "macro avg,%.17g,%.17g,%.17g,%d\n", mp / K, mr / K, mf / K, n >f
            printf "weighted avg,%.17g,%.17g,%.17g,%d\n", wp / n, wr / n, wf / n, n >f
            f = dir "/confusion.csv"
            printf "y_true" >f
            for (k = 0; k < K; k++) printf ",%s", name[k] >f
            printf "\n" >f
            for (t = 0; t < K; t++) {
                printf "%s", name[t] >f
                for (k = 0; k < K; k++) printf ",%d", cm[t, k] >f
                printf "\n" >f
            }
        }' "$3/names" "$1"
}

# value_report PREDICTIONS DIR: a regression's metrics.csv from y_true, y_pred
value_report() {
    mkdir -p "$2"
    awk -F, '
        FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        { i = n++; t[i] = $col["y_true"]; p[i] = $col["y_pred"]; mean += t[i] }
        END {
            mean /= n
            for (i = 0; i < n; i++) {
                e = p[i] - t[i]; se += e * e; ae += e < 0 ? -e : e
                st += (t[i] - mean) * (t[i] - mean)
            }
            print "metric,value"
            printf "rows,%d\nmse,%.17g\nrmse,%.17g\nmae,%.17g\nr2,%.17g\n", n, se / n,
                sqrt(se / n), ae / n, 1 - se / st
        }' "$1" >"$2/metrics.csv"
}

# reject_status CODE NAME FRAGMENT ARGS...: expect_reject, and the exit status
reject_status() {
    local code=$1 st
    shift
    expect_reject "$@"
    shift 2
    rm -rf out && mkdir out
    run "$@"
    st=$?
    [ "$st" -eq "$code" ] || fail "$*: exit $st, expected $code"
}

expect_ok "evaluate --help" evaluate --help && grep -q "usage: tinynn evaluate MODEL DATA.csv" stdout ||
    fail "evaluate --help: no usage line"
expect_ok "--help" --help && grep -q "^  evaluate " stdout || fail "--help does not list evaluate"
expect_ok "fit --help" fit --help && grep -q -- "--save-split DIR" stdout ||
    fail "fit --help lacks --save-split"

# 1. scikit-learn's numbers for hand-made models (tests/data/gen_eval_reference.py)
ref="$data/eval"
for name in animals signal line; do
    expect_ok "evaluate $name" evaluate "$ref/$name.tnn" "$ref/$name.csv" --out "e_$name" || continue
    cp stdout "e_$name.txt"
    files="metrics.csv"
    [ "$name" = line ] || files="metrics.csv classes.csv confusion.csv"
    for f in $files; do
        same_csv "evaluate $name vs scikit-learn" "$ref/$name.$f" "e_$name/$f"
    done
    grep -q "^wrote: e_$name/metrics.csv" "e_$name.txt" || fail "evaluate $name: no wrote line"
done
# the text report says the same
squeeze() { tr -s ' ' <"$1"; }
squeeze e_animals.txt | grep -qx "accuracy 0.666667 (20 of 30 rows)" || fail "animals: accuracy line"
squeeze e_animals.txt | grep -qx " ant bee cat dog" || fail "animals: confusion header"
squeeze e_animals.txt | grep -qx "cat 0 0 0 7" || fail "animals: confusion row of cat"
squeeze e_animals.txt | grep -qx "ant 1.0000 0.7500 0.8571 12" || fail "animals: ant's scores"
squeeze e_animals.txt | grep -qx "macro avg 0.4464 0.4375 0.4343 30" || fail "animals: macro avg"
squeeze e_line.txt | grep -qx "mae 0.6244" || fail "line: mae line"
# without --out: the report only
expect_ok "evaluate, no --out" evaluate "$ref/signal.tnn" "$ref/signal.csv"
grep -q "^loss 0.40708" stdout || fail "evaluate without --out: no loss"
grep -q "wrote" stdout && fail "evaluate without --out wrote files"
[ -e metrics.csv ] && fail "evaluate without --out: metrics.csv in the current folder"

# 2. fit --save-split: scikit-learn's split, and evaluate reproduces fit's
# validation loss and accuracy on it
expect_ok "fit --save-split" fit "$data/iris.csv" --target species --layers 8:relu,3:softmax \
    --epochs 100 --batch 16 --lr 0.01 --standardize --validation-split 0.3 --seed 0 \
    --model m/iris.tnn --save-split split --quiet || exit 1
cp stdout fit.txt
cmp -s split/test.csv "$data/iris_heldout.csv" ||
    fail "split/test.csv is not train_test_split's test rows in its order"
[ "$(wc -l <split/train.csv)" -eq 106 ] || fail "split/train.csv: expected 105 rows"
head -n 1 split/train.csv | grep -qx "sepal_length,sepal_width,petal_length,petal_width,species" ||
    fail "split/train.csv header"
[ "$(tail -n +2 "$data/iris.csv" | LC_ALL=C sort)" = \
    "$(tail -q -n +2 split/train.csv split/test.csv | LC_ALL=C sort)" ] ||
    fail "train.csv and test.csv are not the rows of iris.csv"
expect_ok "evaluate test.csv" evaluate m/iris.tnn split/test.csv --out ev || exit 1
cp stdout ev.txt
val=$(sed -n 's/^validation rows: loss \([0-9.]*\) accuracy \([0-9.]*\)$/\1 \2/p' fit.txt)
got="$(value_after loss ev.txt) $(value_after accuracy ev.txt)"
[ -n "$val" ] && [ "$val" = "$got" ] || fail "evaluate on test.csv: loss, accuracy $got; fit said $val"
tail -n 1 m/iris.history.csv | awk -F, '{ printf "metric,value\nrows,45\nloss,%s\naccuracy,%s\n", $4, $5 }' \
    >history_last.csv
same_csv "evaluate vs history.csv's last val_loss, val_accuracy" history_last.csv ev/metrics.csv 1e-9

# the rows as the file has them, whatever its dialect: BOM, semicolons and
# decimal commas, CRLF, CR and LF, blank lines, quotes across lines
printf '\xEF\xBB\xBF"width (cm)";"note";"kind"\r\n\r\n1,5;"row 0";small\r\n  2,0 ;"row 1, two\r\nlines";"big ""XL"""\r\n\r\n  \r\n1,0;"row 2";small\r4,0;"row 3";"big ""XL"""\n4,5;"row 4";"big ""XL"""\r\n0,5;row 5  ;small\r\n5,0;"row 6\nand more";"big ""XL"""\r\n3,0;"row 7";small' >dialect.csv
expect_ok "fit --save-split of a spreadsheet's file" fit dialect.csv --target kind \
    --features "width (cm)" --layers 2:softmax --epochs 5 --validation-split 0.5 \
    --model m/dialect.tnn --save-split ds --quiet
# numpy's RandomState(0).permutation(8) is 6 2 1 7 3 0 5 4: test rows 6, 2, 1, 7
printf '"width (cm)";"note";"kind"\n5,0;"row 6\nand more";"big ""XL"""\n1,0;"row 2";small\n2,0 ;"row 1, two\r\nlines";"big ""XL"""\n3,0;"row 7";small\n' >want_test.csv
printf '"width (cm)";"note";"kind"\n4,0;"row 3";"big ""XL"""\n1,5;"row 0";small\n0,5;row 5  ;small\n4,5;"row 4";"big ""XL"""\n' >want_train.csv
cmp -s ds/test.csv want_test.csv || fail "dialect: test.csv: $(cat -A ds/test.csv)"
cmp -s ds/train.csv want_train.csv || fail "dialect: train.csv: $(cat -A ds/train.csv)"

# 3. the metrics against an awk computation from predict's probabilities
expect_ok "predict test.csv" predict m/iris.tnn split/test.csv --out pt || exit 1
class_report pt/predictions.csv m/iris.tnn.columns awk_iris
for f in metrics.csv classes.csv confusion.csv; do
    same_csv "iris evaluate vs predictions.csv" "awk_iris/$f" "ev/$f" 1e-5
done

# binary: versicolor against virginica, one sigmoid output
grep -v setosa "$data/iris.csv" >two.csv
expect_ok "fit binary" fit two.csv --target species --layers 4:relu,1:sigmoid --epochs 60 \
    --standardize --lr 0.01 --seed 2 --model m/two.tnn --quiet || exit 1
expect_ok "evaluate binary" evaluate m/two.tnn two.csv --out eb || exit 1
grep -qx "loss,0.6931471805599453" eb/metrics.csv && fail "binary: loss of a coin flip"
expect_ok "predict binary" predict m/two.tnn two.csv --out pb || exit 1
class_report pb/predictions.csv m/two.tnn.columns awk_two
for f in metrics.csv classes.csv confusion.csv; do
    same_csv "binary evaluate vs predictions.csv" "awk_two/$f" "eb/$f" 1e-5
done

# regression, in the target's units, and its split
expect_ok "fit regression" fit "$data/parabola.csv" --target y --layers 10:relu,1:linear \
    --epochs 300 --lr 0.01 --seed 15 --validation-split 0.2 --save-split ps \
    --model m/parabola.tnn --quiet || exit 1
[ "$(wc -l <ps/test.csv)" -eq 11 ] && [ "$(wc -l <ps/train.csv)" -eq 41 ] ||
    fail "parabola split: expected 10 test and 40 training rows"
expect_ok "evaluate regression" evaluate m/parabola.tnn "$data/parabola.csv" --out er || exit 1
r2=$(value_after r2 stdout)
at_least "$r2" 0.9 || fail "regression: r2 $r2 below 0.9"
[ -e er/classes.csv ] && fail "regression: classes.csv written"
expect_ok "predict regression" predict m/parabola.tnn "$data/parabola.csv" --out pr || exit 1
value_report pr/predictions.csv awk_parabola
same_csv "regression evaluate vs predictions.csv" awk_parabola/metrics.csv er/metrics.csv 1e-6

# 4. errors: exit status, the file, line and column, nothing on stdout or in out/
cut -d, -f1-4 "$data/iris.csv" >features.csv
reject_status 1 "evaluate without the target" "features.csv: no column named 'species'" \
    evaluate m/iris.tnn features.csv --out out
sed 's/^\(5.0,3.6,.*\)setosa$/\1rose/' "$data/iris.csv" >rose.csv
reject_status 1 "evaluate an unknown label" "rose.csv: line 6, column 5 (species): expected a class the model knows, found 'rose'" \
    evaluate m/iris.tnn rose.csv --out out
reject_status 1 "evaluate on other data" "no column named 'sepal_length' (a feature of the model)" \
    evaluate m/iris.tnn "$data/parabola.csv" --out out
sed 's/^x,y$/x,y/; 3s/,.*/,big/' "$data/parabola.csv" >textual.csv
reject_status 1 "evaluate a text target" "textual.csv: line 3, column 2 (y): expected a number" \
    evaluate m/parabola.tnn textual.csv --out out
cp "$ref/animals.tnn" out.tnn && cp "$ref/signal.tnn.columns" out.tnn.columns
reject_status 1 "evaluate a model with another's columns file" "expected the columns file written with this model" \
    evaluate out.tnn "$ref/signal.csv" --out out
reject_status 2 "evaluate with a missing argument" "missing arguments" evaluate m/iris.tnn
mkdir -p same && cp split/test.csv same/metrics.csv
reject_status 2 "evaluate writing over its data" "refusing to write same/metrics.csv: it is the input" \
    evaluate m/iris.tnn same/metrics.csv --out same
cmp -s same/metrics.csv split/test.csv || fail "evaluate changed its input"
reject_status 2 "--save-split without a split" "--save-split: expected --validation-split F too" \
    fit "$data/iris.csv" --target species --layers 3:softmax --model out/m.tnn --save-split out
cp "$data/iris.csv" out_data.csv
mkdir -p sp && cp "$data/iris.csv" sp/test.csv
reject_status 2 "--save-split over the data" "refusing to write sp/test.csv: it is the input" \
    fit sp/test.csv --target species --layers 3:softmax --validation-split 0.3 --model out/m.tnn \
    --save-split sp
cmp -s sp/test.csv "$data/iris.csv" || fail "fit --save-split changed its input"
# a failed run leaves no split files behind
reject_status 1 "--save-split of a diverging fit" "training diverged" \
    fit "$data/parabola.csv" --target y --layers 1:linear --optimizer sgd --lr 1e30 \
    --validation-split 0.2 --save-split out/split --model out/m.tnn --quiet
[ -e out/split ] && fail "a failed fit left its --save-split folder"

# the data from standard input, and in another dialect: the same numbers
tr ',' ';' <split/test.csv >test_semicolon.csv
if "$tinynn" evaluate m/iris.tnn - --out ev_stdin <split/test.csv >stdin_report 2>"$work/stderr"; then
    cmp -s ev/metrics.csv ev_stdin/metrics.csv || fail "evaluate -: other metrics than from the file"
    grep -q "on stdin:" stdin_report || fail "evaluate -: report does not name stdin"
else
    fail "evaluate -: exit $?: $(cat "$work/stderr")"
fi
expect_ok "evaluate --delimiter" evaluate m/iris.tnn test_semicolon.csv --delimiter semicolon \
    --out ev_semi && { cmp -s ev/metrics.csv ev_semi/metrics.csv ||
    fail "evaluate --delimiter semicolon: other metrics"; }
# the split is copied from a second reading of the data: not from stdin
if "$tinynn" fit - --target species --layers 3:softmax --validation-split 0.3 \
    --model stdin_split/m.tnn --save-split stdin_split <"$data/iris.csv" >/dev/null 2>"$work/stderr"; then
    fail "fit - --save-split: accepted"
else
    [ $? -eq 2 ] || fail "fit - --save-split: exit status other than 2"
    grep -qF -- "--save-split: expected a data file, not -" "$work/stderr" ||
        fail "fit - --save-split: $(cat "$work/stderr")"
    [ -e stdin_split ] && fail "fit - --save-split left a folder"
fi
