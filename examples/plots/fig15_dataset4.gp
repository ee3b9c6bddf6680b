# Figure 15: the data set X4, an L-shaped band (y=1) around a square (y=0).
# data: listing17
load "style.gp"
set xlabel "x_1" font ",16"
set ylabel "x_2" font ",16"
set xrange [-1.9:1.9]
set yrange [-1.9:1.9]
set size ratio -1
plot data."/points.csv" using 1:($3 == 0 ? $2 : 1/0) skip 1 with points pt 7 ps 0.8 lc rgb c0 title "y=0", \
     ""               using 1:($3 == 1 ? $2 : 1/0) skip 1 with points pt 7 ps 0.8 lc rgb c1 title "y=1"
