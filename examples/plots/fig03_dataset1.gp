# Figure 3: the data set X1.
# data: listing01
load "style.gp"
set xlabel "x_1" font ",16"
set ylabel "x_2" font ",16"
set xrange [-2.3:1.8]
set yrange [-1.9:2.2]
set size ratio -1
set format "%.1f"
# dots of the size of the article's (white-edged as its other scatter plots)
set style circle radius screen 0.008
set style fill solid 1.0 border lc rgb "white"
plot data."/points.csv" using 1:($3 == 0 ? $2 : 1/0) skip 1 with circles fc rgb c0 notitle, \
     ""                 using 1:($3 == 1 ? $2 : 1/0) skip 1 with circles fc rgb c1 notitle, \
     keyentry with points pt 7 ps 1.3 lc rgb c0 title "y=0", \
     keyentry with points pt 7 ps 1.3 lc rgb c1 title "y=1"
