# Figure 27: the regression data X5, the parabola y = -(x - 0.5)^2 + 0.25.
# data: listing25
load "style.gp"
set xlabel "x" font ",16"
set ylabel "y" font ",16"
# matplotlib's autoscale of the article's plot: the range of the points plus 5% margins
stats data."/points.csv" using 1:2 skip 1 nooutput
xlo = STATS_min_x; xhi = STATS_max_x; ylo = STATS_min_y; yhi = STATS_max_y
eval mpl_axis("x", xlo, xhi)
eval mpl_axis("y", ylo, yhi)
set key off
plot data."/points.csv" using 1:2 skip 1 with points pt 7 ps 1.3 lc rgb "#1f77b4"
