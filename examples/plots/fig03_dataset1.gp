# Figure 3: the data set X1.
# data: listing01
load "style.gp"
set xlabel "x_1" font ",16"
set ylabel "x_2" font ",16"
set xrange [-2.3:1.8]
set yrange [-1.9:2.2]
set size ratio -1
plot data."/points.csv" using 1:($3 == 0 ? $2 : 1/0) skip 1 with points pt 7 ps 0.9 lc rgb c0 title "y=0", \
     ""               using 1:($3 == 1 ? $2 : 1/0) skip 1 with points pt 7 ps 0.9 lc rgb c1 title "y=1"
