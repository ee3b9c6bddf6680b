# shellcheck shell=bash
# Sourced by cli_test.sh (its helpers and $tinynn, $data, $work): the last
# ways a run could lose data, each refused with exit 2 before any work.

# refused WHAT FRAGMENT ARGS...: exit 2, FRAGMENT on stderr, nothing on
# stdout, no training done, no temporary file left
refused() {
    local what=$1 fragment=$2 status
    shift 2
    "$tinynn" "$@" >"$work/stdout" 2>"$work/stderr"
    status=$?
    [ "$status" -eq 2 ] || fail "$what: exit $status, expected 2: $(cat "$work/stderr")"
    grep -qF -- "$fragment" "$work/stderr" || fail "$what: stderr lacks '$fragment': $(cat "$work/stderr")"
    grep -q . "$work/stdout" && fail "$what: printed to stdout: $(cat "$work/stdout")"
    grep -q "epoch" "$work/stderr" && fail "$what: trained before refusing"
    no_temporaries "$what"
}

fit_iris=(fit "$data/iris.csv" --target species --layers 3:softmax --epochs 3)

# (the model and NAME.history.csv never share a name: NAME is the model's
# name without its extension; the snapshots can, below)

# two outputs that are one file through links: m.history.csv a link to the model
expect_ok "earlier model" "${fit_iris[@]}" --model run/m.tnn --quiet || exit 1
mkdir -p logs && ln -s ../run/m.tnn logs/m.history.csv
before=$(state run)
refused "fit, history.csv a link to the model" \
    "refusing to write logs/m.history.csv: another output of this run is run/m.tnn" \
    "${fit_iris[@]}" --model run/m.tnn --out logs
same_state "fit, history.csv a link to the model" run "$before"
[ -L logs/m.history.csv ] || fail "fit, history.csv a link to the model: the link was replaced"
# ... and through a hard link
rm logs/m.history.csv && ln run/m.tnn logs/m.history.csv
refused "fit, history.csv a hard link to the model" \
    "refusing to write logs/m.history.csv: another output of this run is run/m.tnn" \
    "${fit_iris[@]}" --model run/m.tnn --out logs
same_state "fit, history.csv a hard link to the model" run "$before"

# the snapshots' files against the model (NAME.frames/index.csv for a model
# index.csv): refused before training, however spelt
mkdir -p snap/index.frames
refused "fit --snapshots, the model a snapshot file" \
    "refusing to write snap/index.frames/index.csv: another output of this run is snap/index.frames/index.csv" \
    fit "$data/iris.csv" --target species --features petal_length,petal_width \
    --layers 3:softmax --epochs 3 --snapshots 1 --snapshot-size 10 \
    --model snap/index.frames/index.csv --out snap
refused "fit --snapshots, the model a snapshot file spelt differently" \
    "refusing to write snap/index.frames/index.csv: another output of this run is snap/./index.frames/index.csv" \
    fit "$data/iris.csv" --target species --features petal_length,petal_width \
    --layers 3:softmax --epochs 3 --snapshots 1 --snapshot-size 10 \
    --model snap/./index.frames/index.csv --out snap
[ -z "$(find snap -type f 2>/dev/null)" ] || fail "fit --snapshots over its model: left $(state snap)"

# grid: each of its files against the model's, before the data is read
printf 'a,b\n1,2\n' >nodata.csv
for f in grid.csv held.csv labels.csv; do
    rm -rf gout && mkdir gout && ln -s ../run/m.tnn "gout/$f"
    refused "grid, $f a link to the model" "refusing to write gout/$f: it is the input run/m.tnn" \
        grid run/m.tnn --x petal_length --y petal_width --data nodata.csv --out gout
    [ "$(state gout)" = "./$f -> ../run/m.tnn" ] || fail "grid, $f a link to the model: $(state gout)"
done

# plot: every picture against every file it reads, before gnuplot runs
command -v gnuplot >/dev/null || { echo "no gnuplot: plot's checks not run"; return 0; }
fake_gnuplot
expect_ok "fit with snapshots" fit "$data/iris.csv" --target species \
    --features petal_length,petal_width --layers 3:softmax --epochs 4 --snapshots 2 \
    --snapshot-size 10 --model fig/m.tnn --quiet || exit 1
expect_ok "grid" grid fig/m.tnn --x petal_length --y petal_width --data "$data/iris.csv" \
    --size 10 --out fig || exit 1
expect_ok "activations" activations fig/m.tnn "$data/iris.csv" --layer 0 --out fig || exit 1
fig_before=$(state fig)
# plot_refused WHAT PICTURE INPUT: PICTURE in pics/ a link to fig's INPUT
plot_refused() {
    rm -rf pics gp.log && mkdir pics && ln -s "../fig/$3" "pics/$2"
    FAKE_GNUPLOT_LOG=$work/gp.log PATH="$work/fakebin:$PATH" \
        refused "plot, $1" "refusing to write pics/$2: it is the input fig/$3" plot fig --out pics
    [ -s gp.log ] && fail "plot, $1: ran gnuplot before refusing"
    [ "$(state pics)" = "./$2 -> ../fig/$3" ] || fail "plot, $1: pics/ changed: $(state pics)"
    same_state "plot, $1" fig "$fig_before"
}
plot_refused "the first picture over a file read later" m.history.png hidden.csv
plot_refused "a picture over a grid only gnuplot reads" regions.png grid.csv
plot_refused "the animation over a snapshot" m.regions.gif m.frames/grid_0002.csv
