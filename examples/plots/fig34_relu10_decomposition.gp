# Figure 34: the 10-unit ReLU network taken apart: each hidden unit's a_i(x) and its part w_i a_i(x), the bias, their sum and the prediction.
# data: listing30
load "style.gp"
set terminal pngcairo size 1500,1900 enhanced font "DejaVu Sans,10"
set output out
# contributions.csv columns: 1 x, 2..11 a1..a10, 12..21 wa1..wa10, 22 bias, 23 sum, 24 prediction
set key off
set xrange [0:1]
set xtics 0.25
set ytics font ",8"
set lmargin 10
set multiplot
w = 0.24; h = 0.098          # panel size as a fraction of the canvas
top(row) = 1 - 0.005 - (row + 1) * 0.0995
# a flat column (a dead unit, the bias) gets a small range around its value,
# as matplotlib gives it, instead of gnuplot's "empty y range" warning
yrange_of(col) = sprintf("stats data.'/contributions.csv' using %d skip 1 nooutput; " . \
    "if (STATS_max > STATS_min) { set autoscale y } else { " . \
    "set yrange [STATS_min - 0.05 * (abs(STATS_min) + 1e-9) - (STATS_min == 0 ? 0.05 : 0) : " . \
    "STATS_max + 0.05 * (abs(STATS_max) + 1e-9) + (STATS_max == 0 ? 0.05 : 0)] }", col)
do for [i = 1:10] {
    set size w, h
    set xlabel (i == 10 ? "x" : "") font ",16"
    set origin 0.0, top(i - 1)
    set ylabel sprintf("a_{%d}", i) font ",16"
    eval yrange_of(1 + i)
    plot data."/contributions.csv" using 1:(column(1 + i)) skip 1 with lines lw 1.5 lc rgb "black"
    set origin w, top(i - 1)
    set ylabel sprintf("w_{%d}a_{%d}", i, i) font ",16"
    eval yrange_of(11 + i)
    plot data."/contributions.csv" using 1:(column(11 + i)) skip 1 with lines lw 1.5 lc rgb "black"
}
# the output bias (row 5), the sum of the parts (row 7) and the prediction (row 6)
set xlabel "x" font ",16"
set origin 2 * w, top(4)
set ylabel "w_0" font ",16"
eval yrange_of(22)
plot data."/contributions.csv" using 1:22 skip 1 with lines lw 1.5 lc rgb "red"
set origin 2 * w, top(6)
set ylabel "Sum" font ",16"
set autoscale y
plot data."/contributions.csv" using 1:23 skip 1 with lines lw 1.5 lc rgb "red"
set origin 3 * w, top(5)
set ylabel "ŷ" font ",16"
plot data."/points.csv" using 1:2 skip 1 with points pt 7 ps 0.5 lc rgb "#8fbfe0", \
     data."/contributions.csv" using 1:24 skip 1 with lines lw 1.5 lc rgb "red"
unset multiplot
