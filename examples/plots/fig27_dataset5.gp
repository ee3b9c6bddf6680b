# Figure 27: the regression data X5, the parabola y = -(x - 0.5)^2 + 0.25.
# data: listing25
load "style.gp"
set xlabel "x" font ",16"
set ylabel "y" font ",16"
set xrange [-0.05:1.05]
set yrange [-0.0125:0.2625]
set key off
plot data."/points.csv" using 1:2 skip 1 with points pt 7 ps 1.1 lc rgb "#1f77b4"
