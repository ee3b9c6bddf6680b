# Figure 15: the data set X4, an L-shaped band (y=1) around a square (y=0).
# Scaled as matplotlib scales the article's scatter: the points' range plus
# 5% margins (the boundary figures 16, 19 and 24 use the wider grid box).
# data: listing17
load "style.gp"
set xlabel "x_1" font ",16"
set ylabel "x_2" font ",16"
set size ratio -1
stats data."/points.csv" using 1:2 skip 1 nooutput
eval mpl_axis("x", STATS_min_x, STATS_max_x)
eval mpl_axis("y", STATS_min_y, STATS_max_y)
# each point a dot with a white edge, drawn in the data's order, as the
# article's scatter (edgecolor white); the key shows plain dots
set style circle radius screen 0.0085
set style fill solid 1.0 border lc rgb "white"
plot data."/points.csv" using 1:($3 == 0 ? $2 : 1/0) skip 1 with circles fc rgb c0 notitle, \
     ""                 using 1:($3 == 1 ? $2 : 1/0) skip 1 with circles fc rgb c1 notitle, \
     keyentry with points pt 7 ps 1.15 lc rgb c0 title "y=0", \
     keyentry with points pt 7 ps 1.15 lc rgb c1 title "y=1"
