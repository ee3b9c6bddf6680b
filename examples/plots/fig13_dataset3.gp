# Figure 13: the data set X3 (three classes). Scaled as matplotlib scales the
# article's scatter: the points' range plus 5% margins.
# data: listing13
load "style.gp"
set terminal pngcairo size 600,540 enhanced font "DejaVu Sans,11"
set output out
set xlabel "x_1" font ",16"
set ylabel "x_2" font ",16"
set key top right
stats data."/points.csv" using 1:2 skip 1 nooutput
eval mpl_axis("x", STATS_min_x, STATS_max_x)
eval mpl_axis("y", STATS_min_y, STATS_max_y)
# semi-transparent dots, as the article's scatter (alpha) draws them
set style circle radius screen 0.0085
set style fill transparent solid 0.75 noborder
plot for [k = 1:3] data."/points.csv" using 1:($3 == k ? $2 : 1/0) skip 1 with circles \
         fc rgb word(c0." ".c1." ".c2, k) notitle, \
     for [k = 1:3] keyentry with points pt 7 ps 1.2 lc rgb word(c0." ".c1." ".c2, k) title sprintf("y=%d", k)
