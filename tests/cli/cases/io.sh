# shellcheck shell=bash
# Input and output of the data commands: '-' for stdin and stdout, other
# delimiters, --ignore, --id, --columns, --missing, numbers beyond the
# number type, and files beyond the former 8 Mi cell limit. Sourced by
# cli_test.sh (its helpers and $tinynn, $data, $bad, $work).
# shellcheck disable=SC2154 # tinynn, data, bad: set by cli_test.sh
real=${TINYNN_TEST_REAL:-float}

# fitted iris model for the predict cases
expect_ok "fit iris" fit "$data/iris.csv" --target species --layers 6:relu,3:softmax \
    --epochs 30 --batch 16 --lr 0.01 --standardize --seed 1 --model m/iris.tnn --quiet || exit 1
expect_ok "predict iris" predict m/iris.tnn "$data/iris.csv" --out p || exit 1
rows=$(($(wc -l <"$data/iris.csv") - 1))

# --- standard input and output ---------------------------------------
expect_ok "fit from stdin" fit - --target species --layers 6:relu,3:softmax --epochs 30 \
    --batch 16 --lr 0.01 --standardize --seed 1 --model s/iris.tnn --quiet <"$data/iris.csv"
cmp -s s/iris.tnn m/iris.tnn || fail "fit from stdin: another model than from the file"
grep -q "^data: stdin, $rows rows" stdout || fail "fit from stdin: report: $(cat stdout)"
"$tinynn" predict m/iris.tnn - --out - <"$data/iris.csv" >stdout.csv 2>stderr.txt ||
    fail "predict stdin to stdout: exit $?: $(cat stderr.txt)"
cmp -s stdout.csv p/predictions.csv || fail "predict to stdout: not the file predict writes"
grep -q "^accuracy " stderr.txt || fail "predict to stdout: the report belongs on stderr"
grep -q "wrote: stdout" stderr.txt || fail "predict to stdout: 'wrote: stdout' expected"
[ ! -e ./- ] || fail "--out - made a folder or file named '-'"
# a failure writes nothing on stdout, with '-' too
expect_reject "predict to stdout: bad data" "stdin: no column named 'petal_width'" \
    predict m/iris.tnn - --out - <"$bad/missing_feature.csv"
expect_reject "stdin: error names stdin" "stdin: line 3, column 1 (x1): expected a finite number, found 'nan'" \
    fit - --target y --layers 2:softmax --model out/m.tnn <"$bad/nan.csv"
# grid writes two files: only one can go to stdout
expect_reject "two files to stdout" "cannot write a second file to standard output" \
    grid m/iris.tnn --x petal_length --y petal_width --box 0,7,0,3 --size 4 \
    --data "$data/iris.csv" --out -
# stdin of more than the first read's buffer (64 KiB), in small pieces
{ head -n 1 "$data/iris.csv"; for _ in $(seq 200); do tail -n +2 "$data/iris.csv"; done; } >many.csv
many=$(($(wc -l <many.csv) - 1))
# shellcheck disable=SC2002 # a pipe, not a file, on purpose
cat many.csv | "$tinynn" predict m/iris.tnn - --out many >/dev/null 2>stderr.txt ||
    fail "predict from a pipe: $(cat stderr.txt)"
[ "$(($(wc -l <many/predictions.csv) - 1))" = "$many" ] || fail "predict from a pipe: rows"
expect_reject "stdin beyond --max-input" "stdin: the file is larger than the input limit of 70000 bytes" \
    predict m/iris.tnn - --out out --max-input 70000 <many.csv

# --- delimiters ------------------------------------------------------
tr , '\t' <"$data/iris.csv" >iris.tsv
tr , ' ' <"$data/iris.csv" >iris.ssv
tr , '|' <"$data/iris.csv" >iris.psv
tr , ';' <"$data/iris.csv" >iris.scsv
for spec in "tab:iris.tsv" "\\t:iris.tsv" "space:iris.ssv" "|:iris.psv" "pipe:iris.psv" \
    "semicolon:iris.scsv" "comma:$data/iris.csv"; do
    d=${spec%%:*} file=${spec#*:}
    expect_ok "--delimiter $d" predict m/iris.tnn "$file" --delimiter "$d" --out "d" || continue
    cmp -s d/predictions.csv p/predictions.csv || fail "--delimiter $d: other predictions"
done
expect_ok "grid --data --delimiter tab" grid m/iris.tnn --x petal_length --y petal_width \
    --data iris.tsv --delimiter tab --size 4 --out g
[ "$(($(wc -l <g/points.csv)))" -ge "$rows" ] || fail "grid --delimiter tab: points.csv"
expect_ok "fit --delimiter tab" fit iris.tsv --delimiter tab --target species \
    --layers 6:relu,3:softmax --epochs 30 --batch 16 --lr 0.01 --standardize --seed 1 \
    --model t/iris.tnn --quiet
cmp -s t/iris.tnn m/iris.tnn || fail "fit --delimiter tab: another model than from the CSV file"
# aligned columns: runs of spaces are one delimiter
printf '  x    y\n 1   2\n3 4  \n' >aligned.txt
expect_reject "a tab file read as CSV" "(the file looks tab-separated: try --delimiter tab)" \
    predict m/iris.tnn iris.tsv --out out
expect_reject "a space file read as CSV" "(the file looks space-separated: try --delimiter space)" \
    fit iris.ssv --target species --layers 3:softmax --model out/m.tnn
expect_reject "bad --delimiter" "--delimiter: expected comma, semicolon, tab, space or a single character" \
    predict m/iris.tnn iris.tsv --delimiter ab --out out
run predict m/iris.tnn iris.tsv --delimiter ab --out out
[ $? -eq 2 ] || fail "bad --delimiter: expected exit 2 (a usage error)"

# --- --ignore, --id, --columns ----------------------------------------
awk -F, 'NR == 1 { print "id," $0; next } { printf "0%03d,%s\n", NR - 1, $0 }' "$data/iris.csv" >ids.csv
expect_ok "fit --id --ignore" fit ids.csv --target species --id id --ignore sepal_width \
    --layers 3:softmax --epochs 5 --model i/m.tnn --quiet
grep -c "^feature " i/m.tnn.columns | grep -qx 3 || fail "--id --ignore: expected 3 features"
grep -q "^feature .* \(id\|sepal_width\)$" i/m.tnn.columns && fail "--id, --ignore: became features"
expect_ok "predict --id" predict m/iris.tnn ids.csv --id id --out pi
head -n 1 pi/predictions.csv | grep -qx "id,y_true,y_pred,label,p_setosa,p_versicolor,p_virginica" ||
    fail "predict --id: header $(head -n 1 pi/predictions.csv)"
sed -n 2p pi/predictions.csv | grep -q "^0001,0," || fail "predict --id: the id as written: $(sed -n 2p pi/predictions.csv)"
cut -d, -f2- pi/predictions.csv | cmp -s - p/predictions.csv || fail "predict --id: other predictions"
expect_ok "activations --id" activations m/iris.tnn ids.csv --id id --out ai
sed -n 151p ai/hidden.csv | grep -q "^0150," || fail "activations --id: $(sed -n 151p ai/hidden.csv)"
expect_ok "predict --columns" predict m/iris.tnn ids.csv --columns petal_width,species,sepal_length \
    --out pc
head -n 1 pc/predictions.csv | grep -q "^petal_width,species,sepal_length,y_true,y_pred," ||
    fail "--columns: header $(head -n 1 pc/predictions.csv)"
# the file's cells, then predict's columns
paste -d, <(tail -n +2 ids.csv | cut -d, -f2,5,6) <(tail -n +2 pc/predictions.csv | cut -d, -f1-3) |
    awk -F, '!($4 "" == $2 "" && $5 "" == $3 "" && $6 "" == $1 "") { bad++ } END { exit bad > 0 }' ||
    fail "--columns: the cells are not the file's: $(sed -n 2p pc/predictions.csv)"
cut -d, -f4- pc/predictions.csv | cmp -s - p/predictions.csv || fail "--columns: other predictions"
expect_reject "--columns: unknown" "no column named 'petal' (named by --columns)" \
    predict m/iris.tnn ids.csv --columns petal --out out
expect_reject "--id: unknown" "no column named 'key' (the --id)" \
    predict m/iris.tnn ids.csv --id key --out out
# unique text ids beyond the 1024 labels a text column keeps
awk -F, 'NR == 1 { print "id," $0; next } { printf "row-%d,%s\n", NR, $0 }' many.csv >manyids.csv
expect_ok "predict: 30000 distinct ids" predict m/iris.tnn manyids.csv --id id --out pm
[ "$(sed -n '$p' pm/predictions.csv | cut -d, -f1)" = "row-$((many + 1))" ] ||
    fail "distinct ids: last row $(sed -n '$p' pm/predictions.csv)"
# cells are copied as the file wrote them
printf 'sepal_length,sepal_width,petal_length,petal_width\n0.1,1e-300,123456789012345678,-0\n5e-324,0.30000000000000004,1.5e15,2.5\n' >exact.csv
expect_ok "exact numbers" predict m/iris.tnn exact.csv \
    --columns sepal_length,sepal_width,petal_length,petal_width --out pe
sed -n 2,3p pe/predictions.csv | cut -d, -f1-4 >got.txt
tail -n +2 exact.csv | cmp -s - got.txt || fail "exact numbers: $(tr '\n' ' ' <got.txt)"

# --- missing values --------------------------------------------------
awk -F, 'BEGIN { OFS = "," } NR == 4 { $2 = "NA" } NR == 7 { $3 = "" } NR == 9 { $1 = "NaN" }
    NR == 1 { $7 = "note" } NR > 1 { $7 = (NR == 11 ? "" : "n") } { print }' ids.csv >gaps.csv
expect_reject "missing: refused" "gaps.csv: line 4, column 2 (sepal_length): expected a number, found 'NA' (a missing value: --missing drop skips such rows)" \
    predict m/iris.tnn gaps.csv --out out
expect_reject "missing: empty" "line 7, column 3 (sepal_width): expected a number, found an empty field" \
    fit gaps.csv --target species --features sepal_width --layers 3:softmax --model out/m.tnn
expect_ok "missing: drop" predict m/iris.tnn gaps.csv --missing drop --id id --out pd
grep -q "gaps.csv: dropped 3 of $rows rows with a missing value" stderr ||
    fail "--missing drop: count on stderr: $(cat stderr)"
[ "$(($(wc -l <pd/predictions.csv) - 1))" = $((rows - 3)) ] || fail "--missing drop: rows"
grep -q "^0003,\|^0006,\|^0008," pd/predictions.csv && fail "--missing drop: kept a row with a gap"
grep -q "^0010," pd/predictions.csv || fail "--missing drop: dropped a row for an unused column"
expect_ok "fit --missing drop" fit gaps.csv --target species --id id --ignore note --missing drop \
    --layers 3:softmax --epochs 2 --model fd/m.tnn --quiet
grep -q "$((rows - 3)) rows" stdout || fail "fit --missing drop: rows: $(cat stdout)"
expect_reject "bad --missing" "--missing: expected error or drop, found 'skip'" \
    predict m/iris.tnn gaps.csv --missing skip --out out

# --- numbers beyond the number type ----------------------------------
if [ "$real" = float ]; then huge=1e300 fine=3e38; else huge=1e309 fine=1e300; fi
printf 'sepal_length,sepal_width,petal_length,petal_width,species\n5,3,1,0.2,setosa\n%s,3,1,0.2,setosa\n' \
    "$huge" >huge.csv
expect_reject "predict: too large" "huge.csv: line 3, column 1 (sepal_length): expected a" \
    predict m/iris.tnn huge.csv --out out
expect_reject "fit: too large" "huge.csv: line 3, column 1 (sepal_length): expected a" \
    fit huge.csv --target species --layers 2:softmax --model out/m.tnn
sed "s/^$huge,/$fine,/" huge.csv >fine.csv
expect_ok "largest numbers" predict m/iris.tnn fine.csv --out pf
# underflow is accepted (to zero or a subnormal)
sed "s/^$huge,/1e-310,/" huge.csv >tiny.csv
expect_ok "underflow" predict m/iris.tnn tiny.csv --out pt

# --- beyond the former limit of 8 Mi cells ---------------------------
# 9 columns x 1 Mi rows + 1 of '0' (18 MB): read, trained on and predicted
{ echo "a,b,c,d,e,f,g,h,y"; yes "0,0,0,0,0,0,0,0,1" | head -n 1048577; } >cells.csv
peak_rss=${TINYNN_TEST_PEAK_RSS:-}
measure=()
if [ -n "$peak_rss" ] && [ -x "$peak_rss" ] &&
    ! grep -qa -e __asan_init -e __msan_init -e __tsan_init "$tinynn"; then
    unset MALLOC_PERTURB_ # see the memory group
    measure=("$peak_rss" "$work/cells.kib")
fi
if "${measure[@]}" "$tinynn" fit cells.csv --target y --layers 1:linear --epochs 1 --batch 4096 \
    --model c/m.tnn --quiet >stdout 2>stderr; then
    grep -q "1048577 rows" stdout || fail "9 Mi cells: $(cat stdout)"
else
    fail "fit on 9 Mi cells: $(cat stderr)"
fi
# memory grows with the data: the file, 8 bytes a cell, 4 or 8 per model
# input and what training needs; under 10 bytes for each byte of this file
if [ ${#measure[@]} -gt 0 ]; then
    kib=$(cat "$work/cells.kib")
    echo "fit on 9 Mi cells (18 MB): peak $((kib / 1024)) MiB"
    [ "$kib" -lt 184320 ] || fail "fit on 9 Mi cells: peak $kib KiB, expected under 180 MiB"
fi
expect_ok "predict on 9 Mi cells" predict c/m.tnn cells.csv --out c
[ "$(wc -l <c/predictions.csv)" = 1048578 ] || fail "predict on 9 Mi cells: rows"
