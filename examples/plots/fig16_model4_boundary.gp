# Figure 16: the sigmoid neuron (model4) on X4: a straight line that cannot separate it.
# data: listing19
load "style.gp"
set xlabel "x_1" font ",16"
set ylabel "x_2" font ",16"
set xrange [-1.9:1.9]
set yrange [-1.9:1.9]
set size ratio -1
set format "%.1f"
# class regions: 0 salmon, 1 cyan
set palette defined (0 r0, 1 r1)
set cbrange [0:1]
unset colorbox
# each point a dot with a white edge, drawn in the data's order, as the
# article's scatter (edgecolor white); the key shows plain dots
set style circle radius screen 0.0085
set style fill solid 1.0 border lc rgb "white"
plot data."/grid.csv" nonuniform matrix using 1:2:3 with image notitle, \
     data."/points.csv" using 1:($3 == 0 ? $2 : 1/0) skip 1 with circles fc rgb c0 notitle, \
     ""                 using 1:($3 == 1 ? $2 : 1/0) skip 1 with circles fc rgb c1 notitle, \
     keyentry with points pt 7 ps 1.15 lc rgb c0 title "y=0", \
     keyentry with points pt 7 ps 1.15 lc rgb c1 title "y=1"
