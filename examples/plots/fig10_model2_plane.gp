# Figure 10: model2's decision plane in X2's 3-D input space, its normal w and the points.
# data: listing11
load "style.gp"
set terminal pngcairo size 600,560 enhanced font "DejaVu Sans,11"
set output out
set xlabel "x_1" font ",16" offset 0,-1
set ylabel "x_2" font ",16" offset 1,-1
set zlabel "x_3" font ",16" rotate parallel
set xrange [-2:2]
set yrange [-2:2]
set zrange [-1.8:1.8]
set xtics 0.5 font ",9" offset 0,-0.3
set ytics 0.5 font ",9" offset 0,-0.3
set ztics 0.5 font ",9"
set ticslevel 0
set grid xtics ytics ztics lc rgb "#d0d0d0"
set view 80, 30
set key top left
# the plane x3 = -(w0 + w1 x1 + w2 x2) / w3, one flat colour, cut at the box's top and bottom
set pm3d depthorder clip z border lc rgb "#56718a" lw 0.3
set style fill transparent solid 0.75
unset colorbox
# w = (w1, w2, w3) from the origin
stats data."/weights.csv" using (w1 = $2, w2 = $3, w3 = $4) skip 1 nooutput
set arrow 1 from 0,0,0 to w1,w2,w3 lw 2 lc rgb "black" head size 0.12,25 front
splot data."/plane.csv" nonuniform matrix every 25:25 using 1:2:3 with pm3d fc rgb "#7f9bb5" notitle, \
      data."/points.csv" using 1:2:($4 == 0 ? $3 : 1/0) skip 1 with points pt 7 ps 0.9 lc rgb c0 title "y=0", \
      ""                 using 1:2:($4 == 1 ? $3 : 1/0) skip 1 with points pt 7 ps 0.9 lc rgb c1 title "y=1"
