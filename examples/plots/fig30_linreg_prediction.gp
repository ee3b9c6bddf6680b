# Figure 30: the linear neuron's prediction on X5_test: a straight line.
# data: listing27
load "style.gp"
set xlabel "x" font ",16"
set ylabel "y" font ",16"
# matplotlib's autoscale of the article's plot: the range of the points and the
# prediction plus 5% margins
stats data."/points.csv" using 1:2 skip 1 nooutput
xlo = STATS_min_x; xhi = STATS_max_x; ylo = STATS_min_y; yhi = STATS_max_y
stats data."/predictions.csv" using 1:3 skip 1 nooutput
xlo = (STATS_min_x < xlo ? STATS_min_x : xlo); xhi = (STATS_max_x > xhi ? STATS_max_x : xhi)
ylo = (STATS_min_y < ylo ? STATS_min_y : ylo); yhi = (STATS_max_y > yhi ? STATS_max_y : yhi)
eval mpl_axis("x", xlo, xhi)
eval mpl_axis("y", ylo, yhi)
set key bottom center
plot data."/points.csv" using 1:2 skip 1 with points pt 7 ps 1.3 lc rgb "#1f77b4" title "Train data", \
     data."/predictions.csv" using 1:3 skip 1 with lines lw 2 lc rgb "red" title "Prediction"
