# Accuracy of model5 (3 hidden ReLU units) on X4 per epoch (the article shows it, unnumbered).
# Scaled as matplotlib scales the article's plot: the data's range plus 5%
# margins on both axes, so the curve ends at the last epoch and fills the
# plot vertically.
# data: listing21
load "style.gp"
set terminal pngcairo size 600,450 enhanced font "DejaVu Sans,11"
set output out
set xlabel "Epoch"
set ylabel "Accuracy"
set title "Accuracy vs Epochs" font ",13"
set key off
stats data."/history.csv" using 1:3 skip 1 nooutput
eval mpl_axis("x", STATS_min_x, STATS_max_x)
eval mpl_axis("y", STATS_min_y, STATS_max_y)
plot data."/history.csv" using 1:3 skip 1 with lines lw 1.5 lc rgb "#1f77b4"
