# Extra figure: accuracy of model5 (3 hidden ReLU units) on X4 per epoch.
# data: listing21
load "style.gp"
set xlabel "Epoch"
set ylabel "Accuracy"
set title "Accuracy vs Epochs"
set key off
set xrange [0:*]
set autoscale xfixmax
plot data."/history.csv" using 1:3 skip 1 with lines lw 2 lc rgb "#1f77b4"
