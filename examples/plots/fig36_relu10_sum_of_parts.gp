# Figure 36: the parts w_i a_i(x) of the alive hidden units and their sum plus the bias: the network's curve.
# data: listing30
load "style.gp"
set terminal pngcairo size 640,460 enhanced font "DejaVu Sans,11"
set output out
# contributions.csv columns: 1 x, 12..21 wa1..wa10, 22 bias, 23 sum (bias + all parts)
set xlabel "x" font ",16"
set ylabel "y" font ",16"
set xrange [-0.05:1.05]
set key outside right top box opaque reverse Left samplen 2
# matplotlib's colour cycle, one colour per unit as in the article
tab10 = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf"
# dead units (w_i a_i = 0 on all of [0, 1]) are left out, as in the article
alive = ""
do for [i = 1:10] {
    stats data."/contributions.csv" using (abs(column(11 + i))) skip 1 nooutput
    if (STATS_max > 0) { alive = alive . sprintf(" %d", i) }
}
plot data."/points.csv" using 1:2 skip 1 with points pt 7 ps 0.8 lc rgb "#c8c8f0" title "Train data", \
     for [i in alive] data."/contributions.csv" using 1:(column(11 + i)) skip 1 with lines lw 2 \
         lc rgb word(tab10, i + 0) title sprintf("w_{%s}a_{%s}", i, i), \
     data."/contributions.csv" using 1:23 skip 1 with lines lw 2 lc rgb "black" title "Sum+Bias"
