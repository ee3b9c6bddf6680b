# Figure 9: the data set X2 in 3-D.
# data: listing09
load "style.gp"
set terminal pngcairo size 600,560 enhanced font "DejaVu Sans,11"
set output out
set xlabel "x_1" font ",16" offset 0,-1
set ylabel "x_2" font ",16" offset 1,-1
set zlabel "x_3" font ",16" rotate parallel
set xrange [-1.7:1.7]
set yrange [-1.7:1.7]
set zrange [-1.7:1.7]
set xtics 0.5 font ",9" offset 0,-0.3
set ytics 0.5 font ",9" offset 0,-0.3
set ztics 0.5 font ",9"
set ticslevel 0
set grid xtics ytics ztics lc rgb "#d0d0d0"
set view 80, 30
set key top left
splot data."/points.csv" using 1:2:($4 == 0 ? $3 : 1/0) skip 1 with points pt 7 ps 0.9 lc rgb c0 title "y=0", \
      ""                 using 1:2:($4 == 1 ? $3 : 1/0) skip 1 with points pt 7 ps 0.9 lc rgb c1 title "y=1"
