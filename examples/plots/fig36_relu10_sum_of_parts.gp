# Figure 36: the parts w_i^{[1]} a_i(x) of the alive hidden units and their sum plus the bias: the network's curve.
# The article labels the output layer's weights w_i^{[1]}; so do the labels here.
# The legend sits outside the plot on the right, as the article's; the canvas
# is widened for it so that the plot keeps the size of Figures 30-37's.
# data: listing30
load "style.gp"
set terminal pngcairo size 760,460 enhanced font "DejaVu Sans,12"
set output out
# contributions.csv columns: 1 x, 12..21 wa1..wa10, 22 bias, 23 sum (bias + all parts)
set xlabel "x" font ",16"
set ylabel "y" font ",16"
set lmargin at screen 0.12
set rmargin at screen 0.745
set tmargin at screen 0.96
set bmargin at screen 0.14
set key at screen 0.765, screen 0.96 left top box lc rgb "#cccccc" opaque reverse Left samplen 2 spacing 1.3
# matplotlib's colour cycle, in the order the lines are drawn, as in the article
tab10 = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf"
# dead units (w_i a_i = 0 on all of [0, 1]) are left out, as in the article
alive = ""
do for [i = 1:10] {
    stats data."/contributions.csv" using (abs(column(11 + i))) skip 1 nooutput
    if (STATS_max > 0) { alive = alive . sprintf(" %d", i) }
}
# matplotlib's autoscale: the range of all drawn curves and points plus 5% margins
# (column 11 + 12 = 23 is the sum)
stats data."/points.csv" using 2 skip 1 nooutput
ylo = STATS_min; yhi = STATS_max
do for [i in alive." 12"] {
    stats data."/contributions.csv" using (column(11 + i)) skip 1 nooutput
    ylo = (STATS_min < ylo ? STATS_min : ylo); yhi = (STATS_max > yhi ? STATS_max : yhi)
}
eval mpl_axis("x", 0, 1)
eval mpl_axis("y", ylo, yhi)
plot data."/points.csv" using 1:2 skip 1 with points pt 7 ps 1.2 lc rgb "#b4b4b4f0" title "Train data", \
     for [k = 1:words(alive)] data."/contributions.csv" using 1:(column(11 + word(alive, k))) skip 1 with lines lw 2 \
         lc rgb word(tab10, k) title sprintf("w@_{%s}^{[1]}a_{%s}", word(alive, k), word(alive, k)), \
     data."/contributions.csv" using 1:23 skip 1 with lines lw 2 lc rgb "black" title "Sum+Bias"
