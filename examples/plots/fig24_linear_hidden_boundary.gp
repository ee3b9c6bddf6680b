# Figure 24: model6 (3 linear hidden units) on X4: still a straight line.
# data: listing23
load "style.gp"
set xlabel "x_1" font ",16"
set ylabel "x_2" font ",16"
set xrange [-1.9:1.9]
set yrange [-1.9:1.9]
set size ratio -1
# class regions: 0 salmon, 1 cyan
set palette defined (0 r0, 1 r1)
set cbrange [0:1]
unset colorbox
plot data."/grid.csv" nonuniform matrix using 1:2:3 with image notitle, \
     data."/points.csv" using 1:($3 == 0 ? $2 : 1/0) skip 1 with points pt 7 ps 0.8 lc rgb c0 title "y=0", \
     ""                 using 1:($3 == 1 ? $2 : 1/0) skip 1 with points pt 7 ps 0.8 lc rgb c1 title "y=1"
