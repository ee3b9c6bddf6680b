# Figure 34: the 10-unit ReLU network taken apart: each hidden unit's a_i(x) and its part w_i^{[1]} a_i(x), the bias w_0^{[1]}, their sum and the prediction.
# Labels as the article's (it calls the output layer's weights w_i^{[1]});
# each panel scaled as matplotlib scales it (the data's range plus 5%
# margins, about 5 ticks; a flat curve gets a small range around its value).
# data: listing30
load "style.gp"
set terminal pngcairo size 1500,1900 enhanced font "DejaVu Sans,14"
set output out
# contributions.csv columns: 1 x, 2..11 a1..a10, 12..21 wa1..wa10, 22 bias, 23 sum, 24 prediction
set key off
eval mpl_axis_n("x", 0, 1, 5)
set multiplot
# panel (row, col): 4 columns, 10 rows; the plot areas at fixed places, so
# that the panels line up whatever their tick labels
W = 0.25; H = 0.1
panel(row, col) = sprintf("set lmargin at screen %.4f; set rmargin at screen %.4f; " . \
    "set tmargin at screen %.4f; set bmargin at screen %.4f", \
    col * W + 0.085, col * W + 0.235, 0.995 - row * H, 0.995 - row * H - 0.066)
# one column's y range, tics and format, as matplotlib's autoscale (stats skips
# values outside a fixed y range: the previous panel's range is dropped first)
yauto(col) = sprintf("set autoscale y; stats data.'/contributions.csv' using %d skip 1 nooutput; " . \
    "eval mpl_axis_n('y', STATS_min, STATS_max, 5)", col)
do for [i = 1:10] {
    set xlabel (i == 10 ? "x" : "") font ",22"
    eval panel(i - 1, 0)
    set ylabel sprintf("a_{%d}", i) font ",22" offset 0, 0
    eval yauto(1 + i)
    plot data."/contributions.csv" using 1:(column(1 + i)) skip 1 with lines lw 1.5 lc rgb "black"
    eval panel(i - 1, 1)
    set ylabel sprintf("w@_{%d}^{[1]}a_{%d}", i, i) font ",22" offset -0.6, 0
    eval yauto(11 + i)
    plot data."/contributions.csv" using 1:(column(11 + i)) skip 1 with lines lw 1.5 lc rgb "black"
}
# the output bias (row 5), the sum of the parts (row 7) and the prediction (row 6)
set xlabel "x" font ",22"
eval panel(4, 2)
set ylabel "w@_{0}^{[1]}" font ",22" offset -0.6, 0
eval yauto(22)
plot data."/contributions.csv" using 1:22 skip 1 with lines lw 1.5 lc rgb "red"
eval panel(6, 2)
set ylabel "Sum" font ",22" offset 0, 0
eval yauto(23)
plot data."/contributions.csv" using 1:23 skip 1 with lines lw 1.5 lc rgb "red"
eval panel(5, 3)
set ylabel "{/:Italic ŷ}" font ",22"
set autoscale y
stats data."/points.csv" using 2 skip 1 nooutput
ylo = STATS_min; yhi = STATS_max
stats data."/contributions.csv" using 24 skip 1 nooutput
eval mpl_axis_n("y", (STATS_min < ylo ? STATS_min : ylo), (STATS_max > yhi ? STATS_max : yhi), 5)
plot data."/points.csv" using 1:2 skip 1 with points pt 7 ps 1.0 lc rgb "#801f77b4", \
     data."/contributions.csv" using 1:24 skip 1 with lines lw 1.5 lc rgb "red"
unset multiplot
