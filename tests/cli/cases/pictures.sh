# shellcheck shell=bash
# Sourced by cli_test.sh (its helpers and $tinynn, $data, $work): what
# plot's pictures show, read from the gnuplot scripts it generates (a fake
# gnuplot records them), and the files grid writes for them; then the same
# pictures rendered by the real gnuplot.

fake_gnuplot
# script_of DIR: plot DIR with the fake gnuplot; its script in gp.log
script_of() {
    rm -f "$work/gp.log"
    FAKE_GNUPLOT_LOG=$work/gp.log PATH="$work/fakebin:$PATH" \
        "$tinynn" plot "$1" >"$work/stdout" 2>"$work/stderr" || fail "plot $1: $(cat "$work/stderr")"
}
# png_ok WHAT FILE: a PNG file
png_ok() { head -c 8 "$2" 2>/dev/null | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a" || fail "$1: $2 is not a PNG"; }

expect_ok "fit classifier" fit "$data/iris.csv" --target species --layers 6:relu,3:softmax \
    --epochs 60 --lr 0.01 --standardize --seed 1 --model m/iris.tnn --quiet || exit 1
expect_ok "fit 2 inputs" fit "$data/iris.csv" --target species --features petal_length,petal_width \
    --layers 3:softmax --epochs 20 --model m/two.tnn --quiet || exit 1
expect_ok "fit regression" fit "$data/iris.csv" --target petal_width \
    --features sepal_length,sepal_width,petal_length --layers 3:tanh,1:linear --epochs 60 \
    --lr 0.01 --standardize --seed 1 --model m/reg.tnn --quiet || exit 1

# grid records the values the other inputs are held at: their means over
# Iris (876.5 / 150 and 458.6 / 150, the sums of the data set), or --at
expect_ok "grid" grid m/iris.tnn --x petal_length --y petal_width --data "$data/iris.csv" \
    --size 20 --out cls || exit 1
head -n 1 cls/held.csv | grep -qx "input,value" || fail "held.csv header: $(head -n 1 cls/held.csv)"
awk -F, 'NR == 2 && $1 == "sepal_length" && ($2 - 876.5 / 150) ^ 2 < 1e-20 { a = 1 }
         NR == 3 && $1 == "sepal_width" && ($2 - 458.6 / 150) ^ 2 < 1e-20 { b = 1 }
         END { exit !(a && b && NR == 3) }' cls/held.csv ||
    fail "held.csv: expected the Iris means: $(cat cls/held.csv)"
expect_ok "grid --at" grid m/iris.tnn --x petal_length --y petal_width --box 0,7,0,3 \
    --at sepal_width=2.5 --size 20 --out at || exit 1
grep -qx "sepal_width,2.5" at/held.csv || fail "held.csv with --at: $(cat at/held.csv)"
# ... and plot says so in the title
script_of cls
grep -qx "set title 'other inputs held at: sepal_length=5.843, sepal_width=3.057' font ',9' noenhanced" gp.log ||
    fail "regions.png: no held-values title: $(grep title gp.log)"
script_of at
grep -q "^set title 'other inputs held at: sepal_length=5.843, sepal_width=2.5'" gp.log ||
    fail "regions.png with --at: $(grep title gp.log)"
# nothing held with two inputs: a header alone, no title, no message
expect_ok "grid of two inputs" grid m/two.tnn --x petal_length --y petal_width --box 0,7,0,3 \
    --size 20 --out two || exit 1
[ "$(cat two/held.csv)" = "input,value" ] || fail "held.csv of two inputs: $(cat two/held.csv)"
script_of two
grep -q "^set title" gp.log && fail "regions.png of two inputs: a title: $(grep title gp.log)"
[ -s stderr ] && fail "plot of two inputs: $(cat stderr)"
# many inputs: as many as fit, then how many more
printf 'input,value\n' >many.csv
for i in $(seq 1 30); do printf 'feature_number_%d,%d.25\n' "$i" "$i" >>many.csv; done
mkdir -p many && cp two/grid.csv two/labels.csv many/ && mv many.csv many/held.csv
script_of many
grep -q "^set title 'other inputs held at: feature_number_1=1.25, \.\.\. (29 more in held.csv)'" gp.log ||
    fail "regions.png, 30 held inputs: $(grep title gp.log)"

# a regression model's points take the grid's colour scale, not a class colour
expect_ok "grid regression" grid m/reg.tnn --x petal_length --y sepal_length \
    --data "$data/iris.csv" --size 20 --out reg || exit 1
script_of reg
grep -q "points.csv' using 1:2:3 skip 1 with points pt 7 ps 0.6 lc palette notitle" gp.log ||
    fail "regions.png of a regression model: points not on the palette: $(grep '^plot' gp.log)"
grep -q "unset colorbox" gp.log && fail "regions.png of a regression model: no colour box"
grep -qx "unset key" gp.log || fail "regions.png of a regression model: a key: $(grep key gp.log)"
grep -q "sepal_width=3.057" gp.log || fail "regions.png of a regression model: no held value"
# a classifier's points keep their class colours
script_of cls
grep -q "lc palette" gp.log && fail "regions.png of a classifier: points on the palette"
grep -q "(\$3 == 2 ? \$2 : 1/0) skip 1 with points pt 7 ps 0.7 lc rgb '#2ca02c' title 'virginica'" gp.log ||
    fail "regions.png of a classifier: class colours: $(grep '^plot' gp.log)"

# hidden.png: the key outside the axes; the ranges hold every point (3-D: a
# closed box)
expect_ok "activations 6" activations m/iris.tnn "$data/iris.csv" --layer 1 --out h3 || exit 1
script_of h3
grep -qx "set key outside right top box opaque" gp.log || fail "hidden.png: key: $(grep key gp.log)"
grep -qx "set border 4095" gp.log || fail "hidden.png in 3-D: no box"
for axis in x y z; do
    range=$(sed -n "s/^set ${axis}range \[\(.*\):\(.*\)\]\$/\1 \2/p" gp.log)
    col=$(( $(printf '%d' "'$axis") - 119 )) # x, y, z: columns 1, 2, 3
    [ -n "$range" ] || { fail "hidden.png: no ${axis}range"; continue; }
    awk -F, -v c="$col" -v r="$range" 'BEGIN { split(r, b, " ") }
        NR > 1 { lo = (NR == 2 || $c < lo) ? $c : lo; hi = (NR == 2 || $c > hi) ? $c : hi }
        END { exit !(b[1] < lo && hi < b[2] && b[2] - b[1] < 1.2 * (hi - lo) + 1.01) }' h3/hidden.csv ||
        fail "hidden.png: ${axis}range [$range] does not hold column $col snugly"
done
expect_ok "fit 2 hidden" fit "$data/iris.csv" --target species --layers 2:tanh,3:softmax \
    --epochs 20 --seed 1 --model m/h2.tnn --quiet || exit 1
expect_ok "activations 2" activations m/h2.tnn "$data/iris.csv" --layer 0 --out h2 || exit 1
script_of h2
grep -qx "set key outside right top box opaque" gp.log || fail "hidden.png in 2-D: key: $(grep key gp.log)"
grep -q "set border 4095" gp.log && fail "hidden.png in 2-D: a 3-D box"
# values (a regression model's hidden layer): a labelled colour box, no key
expect_ok "activations regression" activations m/reg.tnn "$data/iris.csv" --layer 0 --out hr || exit 1
script_of hr
grep -qx "unset key" gp.log && grep -qx "set cblabel 'y' noenhanced" gp.log ||
    fail "hidden.png of values: $(grep 'key\|cblabel' gp.log)"

# the same pictures, by gnuplot
if command -v gnuplot >/dev/null; then
    for d in cls reg h3 h2 hr; do
        expect_ok "plot $d" plot "$d" && [ -s stderr ] && fail "plot $d: gnuplot said: $(cat stderr)"
    done
    for f in cls/regions.png reg/regions.png h3/hidden.png h2/hidden.png hr/hidden.png; do
        png_ok "plot" "$f"
    done
else
    echo "no gnuplot: pictures not rendered"
fi
