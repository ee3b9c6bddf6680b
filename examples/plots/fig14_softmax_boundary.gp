# Figure 14: the softmax model's (model3's) three boundaries on X3 and the normals w_i - w_j.
# data: listing16
load "style.gp"
set xlabel "x_1" font ",16"
set ylabel "x_2" font ",16"
set xrange [-2.2:2.4]
set yrange [-2.5:2.1]
set size ratio -1
# class regions: 1 salmon, 2 cyan, 3 light green
set palette defined (1 r0, 2 r1, 3 r2)
set cbrange [1:3]
unset colorbox
set xtics 1
set ytics 1
# each w_i - w_j drawn across the middle of the line between classes i and j
# (vectors.csv columns 6, 7), at its true length, pointing into class i; its
# label beside the arrow's middle, on the side away from the point where the
# three lines meet (approximated by the mean of the three middles)
stats data."/vectors.csv" using 6:7 skip 1 nooutput
c1m = STATS_mean_x; c2m = STATS_mean_y
do for [k = 0:2] {
    stats data."/vectors.csv" every ::k::k using (i = $1, j = $2, v1 = $4, v2 = $5, m1 = $6, m2 = $7) skip 1 nooutput
    set arrow k + 1 from m1 - v1/2, m2 - v2/2 to m1 + v1/2, m2 + v2/2 lw 2.5 lc rgb "black" filled head size 0.12,25 front
    len = sqrt(v1**2 + v2**2)
    side = ((m1 - c1m) * v2 - (m2 - c2m) * v1 >= 0 ? 1 : -1)
    set label k + 1 sprintf("{/:Bold w_%d - w_%d}", i, j) at m1 + side*0.4*v2/len, m2 - side*0.4*v1/len center font ",13" front
}
# each point a dot with a white edge, drawn in the data's order, as the
# article's scatter (edgecolor white); the key shows plain dots
set style circle radius screen 0.0085
set style fill solid 1.0 border lc rgb "white"
plot data."/grid.csv" nonuniform matrix using 1:2:3 with image notitle, \
     data."/points.csv" using 1:($3 == 1 ? $2 : 1/0) skip 1 with circles fc rgb c0 notitle, \
     ""                 using 1:($3 == 2 ? $2 : 1/0) skip 1 with circles fc rgb c1 notitle, \
     ""                 using 1:($3 == 3 ? $2 : 1/0) skip 1 with circles fc rgb c2 notitle, \
     keyentry with points pt 7 ps 1.15 lc rgb c0 title "y=1", \
     keyentry with points pt 7 ps 1.15 lc rgb c1 title "y=2", \
     keyentry with points pt 7 ps 1.15 lc rgb c2 title "y=3"
