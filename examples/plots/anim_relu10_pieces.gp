# Animation: the 10-unit ReLU network on X5 while it trains (as Figures 33
# and 36), from Listing 28's snapshots: frames/index.csv (epoch,loss,mse)
# and frames/curve_EEEE.csv (x, wa1..wa10 = w_i a_i(x), bias, prediction
# after EEEE epochs). Each alive unit adds a hinge; the hinges move and
# tilt until their sum plus the bias follows the parabola.
# data: listing28
# Run from this folder as the figures:
#   gnuplot -e "data='DIR'; out='FILE.gif'" anim_relu10_pieces.gp
# or, for one frame as PNG (to look at it): add "; frame=100" (an epoch of index.csv).
load "style.gp"
set output # style.gp opened `out` for PNG; reopen it below for this terminal
frames = data."/frames/index.csv"
curve(e) = sprintf("%s/frames/curve_%04d.csv", data, e)
stats frames using 1 skip 1 nooutput
N = STATS_records
array E[N]
array M[N]
stats frames using (E[int($0) + 1] = $1, M[int($0) + 1] = $3) skip 1 nooutput
# one y range for all frames; the units that are nonzero in some frame (a
# dead unit is 0 on all of [0, 1] and is left out, as in Figure 36)
lo = 0; hi = 0.25
alive = ""
do for [i = 1:N] {
    stats curve(E[i]) matrix skip 1 every ::1 nooutput
    lo = STATS_min < lo ? STATS_min : lo
    hi = STATS_max > hi ? STATS_max : hi
}
do for [u = 1:10] {
    on = 0
    do for [i = 1:N] {
        if (!on) {
            stats curve(E[i]) using (abs(column(1 + u))) skip 1 nooutput
            on = STATS_max > 0
        }
    }
    if (on) { alive = alive . sprintf(" %d", u) }
}
pad = 0.05 * (hi - lo)
if (exists("frame")) {
    set terminal pngcairo size 640,460 enhanced font "DejaVu Sans,11"
    first = 0
    do for [i = 1:N] { if (E[i] == frame) { first = i } }
    if (first == 0) { print sprintf("no frame at epoch %d in %s", frame, frames); exit status 1 }
    last = first
    hold = 0
} else {
    # 0.12 s a frame; the last one stays 2.4 s longer
    set terminal gif animate delay 12 loop 0 size 640,460 enhanced font "DejaVu Sans,11"
    first = 1
    last = N
    hold = 20
}
set output out
set xlabel "x" font ",14"
set ylabel "y" font ",14"
set xrange [-0.05:1.05]
set yrange [lo - pad:hi + pad]
set key outside right top box opaque reverse Left samplen 2
# matplotlib's colour cycle, one colour per unit as in the article
tab10 = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf"
do for [i = first:last + hold] {
    k = i > last ? last : i
    set title sprintf("10 ReLU units on X5: epoch %d, MSE %.6f", E[k], M[k]) font ",13"
    plot data."/points.csv" using 1:2 skip 1 with points pt 7 ps 0.7 lc rgb "#a0a0d8" title "Train data", \
         for [u in alive] curve(E[k]) using 1:(column(1 + u)) skip 1 with lines lw 1.5 \
             lc rgb word(tab10, u + 0) title sprintf("w_{%s}a_{%s}", u, u), \
         curve(E[k]) using 1:12 skip 1 with lines lw 1.5 dt 2 lc rgb "#606060" title "bias", \
         curve(E[k]) using 1:13 skip 1 with lines lw 2.5 lc rgb "black" title "Sum+Bias"
}
set output
