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
# each w_i - w_j drawn across the middle of the line between classes i and j
# (vectors.csv columns 6, 7), at its true length, pointing into class i
do for [k = 0:2] {
    stats data."/vectors.csv" every ::k::k using (i = $1, j = $2, v1 = $4, v2 = $5, m1 = $6, m2 = $7) skip 1 nooutput
    set arrow k + 1 from m1 - v1/2, m2 - v2/2 to m1 + v1/2, m2 + v2/2 lw 2.5 lc rgb "black" filled head size 0.12,25 front
    len = sqrt(v1**2 + v2**2)   # label beside the middle of the arrow
    set label k + 1 sprintf("{/:Bold w_%d - w_%d}", i, j) at m1 + 0.4*v2/len, m2 - 0.4*v1/len center font ",13" front
}
plot data."/grid.csv" nonuniform matrix using 1:2:3 with image notitle, \
     data."/points.csv" using 1:($3 == 1 ? $2 : 1/0) skip 1 with points pt 7 ps 1.0 lc rgb c0 title "y=1", \
     ""                 using 1:($3 == 2 ? $2 : 1/0) skip 1 with points pt 7 ps 1.0 lc rgb c1 title "y=2", \
     ""                 using 1:($3 == 3 ? $2 : 1/0) skip 1 with points pt 7 ps 1.0 lc rgb c2 title "y=3"
