# Figure 8: the sigmoid neuron's (model1's) decision boundary on X1 and its w.
# data: listing08
load "style.gp"
set xlabel "x_1" font ",16"
set ylabel "x_2" font ",16"
set xrange [-2.3:1.8]
set yrange [-1.9:2.2]
set size ratio -1
# class regions: 0 salmon, 1 cyan
set palette defined (0 r0, 1 r1)
set cbrange [0:1]
unset colorbox
# w = (w1, w2) from the origin, drawn at its true length
stats data."/weights.csv" using (w1 = $2, w2 = $3) skip 1 nooutput
set arrow 1 from 0,0 to w1,w2 lw 2.5 lc rgb "black" filled head size 0.12,25 front
plot data."/grid.csv" nonuniform matrix using 1:2:3 with image notitle, \
     data."/points.csv" using 1:($3 == 0 ? $2 : 1/0) skip 1 with points pt 7 ps 1.1 lc rgb c0 title "y=0", \
     ""                 using 1:($3 == 1 ? $2 : 1/0) skip 1 with points pt 7 ps 1.1 lc rgb c1 title "y=1"
