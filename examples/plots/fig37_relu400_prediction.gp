# Figure 37: the 400-unit ReLU network's prediction on X5_test: close to the parabola.
# data: listing30b
load "style.gp"
set xlabel "x" font ",16"
set ylabel "y" font ",16"
set xrange [-0.05:1.05]
set yrange [-0.0125:0.2625]
set key top right
plot data."/points.csv" using 1:2 skip 1 with points pt 7 ps 1.1 lc rgb "#1f77b4" title "Train data", \
     data."/predictions.csv" using 1:3 skip 1 with lines lw 2 lc rgb "red" title "Prediction"
