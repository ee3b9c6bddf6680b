# Figure 5: the sigmoid activation function.
# data: activations
load "style.gp"
set terminal pngcairo size 600,450 enhanced font "DejaVu Sans,13"
set output out
set xlabel "{/:Italic z}" font ",18"
set ylabel "{/Symbol s}({/:Italic z})" font ",18"
set xrange [-10:10]
set yrange [0:1.05]
set xtics 2.5
set format "%.1f"
set key off
plot data."/activations.csv" using 1:3 skip 1 with lines lw 2.5 lc rgb "blue"
