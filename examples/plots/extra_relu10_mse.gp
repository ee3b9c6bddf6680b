# Extra figure: MSE of the 10-unit ReLU network on X5 per epoch.
# data: listing28
load "style.gp"
set xlabel "Epoch"
set ylabel "MSE"
set title "MSE vs Epochs"
set key off
set xrange [0:*]
set autoscale xfixmax
plot data."/history.csv" using 1:3 skip 1 with lines lw 2 lc rgb "#1f77b4"
