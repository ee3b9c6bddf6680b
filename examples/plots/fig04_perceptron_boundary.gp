# Figure 4: the perceptron's decision boundary on X1 and its weight vector w.
# data: listing04
load "style.gp"
set xlabel "x_1" font ",16"
set ylabel "x_2" font ",16"
set xrange [-2.3:1.8]
set yrange [-1.9:2.2]
set size ratio -1
set format "%.1f"
# class regions: 0 salmon, 1 cyan
set palette defined (0 r0, 1 r1)
set cbrange [0:1]
unset colorbox
# w = (w1, w2) from the origin; the perceptron's w is short (|w| ~ 0.09),
# so it is drawn 2.5 times longer, as the article's quiver arrow is
stats data."/weights.csv" using (w1 = $2, w2 = $3) skip 1 nooutput
set arrow 1 from 0,0 to 2.5*w1,2.5*w2 lw 3 lc rgb "black" filled head size 0.1,25 front
# each point a dot with a white edge, drawn in the data's order, as the
# article's scatter (edgecolor white); the key shows plain dots
set style circle radius screen 0.008
set style fill solid 1.0 border lc rgb "white"
plot data."/grid.csv" nonuniform matrix using 1:2:3 with image notitle, \
     data."/points.csv" using 1:($3 == 0 ? $2 : 1/0) skip 1 with circles fc rgb c0 notitle, \
     ""                 using 1:($3 == 1 ? $2 : 1/0) skip 1 with circles fc rgb c1 notitle, \
     keyentry with points pt 7 ps 1.3 lc rgb c0 title "y=0", \
     keyentry with points pt 7 ps 1.3 lc rgb c1 title "y=1"
