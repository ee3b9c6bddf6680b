# Accuracy of the softmax model (model3) on X3 per epoch (the article shows it, unnumbered).
# data: listing14
load "style.gp"
set xlabel "Epoch"
set ylabel "Accuracy"
set title "Accuracy vs Epochs"
set key off
set yrange [0:1.05]
plot data."/history.csv" using 1:3 skip 1 with lines lw 2 lc rgb "#1f77b4"
