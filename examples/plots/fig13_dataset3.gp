# Figure 13: the data set X3 (three classes).
# data: listing13
load "style.gp"
set terminal pngcairo size 600,540 enhanced font "DejaVu Sans,11"
set output out
set xlabel "x_1" font ",16"
set ylabel "x_2" font ",16"
set key top right
plot data."/points.csv" using 1:($3 == 1 ? $2 : 1/0) skip 1 with points pt 7 ps 1.1 lc rgb c0 title "y=1", \
     ""                 using 1:($3 == 2 ? $2 : 1/0) skip 1 with points pt 7 ps 1.1 lc rgb c1 title "y=2", \
     ""                 using 1:($3 == 3 ? $2 : 1/0) skip 1 with points pt 7 ps 1.1 lc rgb c2 title "y=3"
