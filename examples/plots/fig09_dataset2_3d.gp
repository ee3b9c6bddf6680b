# Figure 9: the data set X2 in 3-D, seen as the article's figure: nearly from
# the side, x1 running to the left front and x2 to the right front, on grey
# back panes with a grid (matplotlib's 3-D axes); each axis scaled as
# matplotlib's autoscale (the points' range plus 5% margins).
# data: listing09
load "style.gp"
rot_x = 78; rot_z = 45; view_scale = 1.05
load "style3d.gp"
set xlabel "x_1" font ",16" offset -1,-1
set ylabel "x_2" font ",16" offset 1,-1
set zlabel "x_3" font ",16" rotate by 90
# tick labels pushed off the floor's front edges, apart from the z axis's
set xtics offset -0.6,-0.4
set ytics offset 0.6,-0.4
# (all stats first: stats skips values outside a range already fixed)
stats data."/points.csv" using 1:2 skip 1 nooutput
x_lo = STATS_min_x; x_hi = STATS_max_x; y_lo = STATS_min_y; y_hi = STATS_max_y
stats data."/points.csv" using 3 skip 1 nooutput
eval mpl_axis("x", x_lo, x_hi)
eval mpl_axis("y", y_lo, y_hi)
eval mpl_axis("z", STATS_min, STATS_max)
set key at screen 0.03, screen 0.97 left top
splot data."/points.csv" using 1:2:($4 == 0 ? $3 : 1/0) skip 1 with points pt 7 ps 1.1 lc rgb c0 title "y=0", \
      ""                 using 1:2:($4 == 1 ? $3 : 1/0) skip 1 with points pt 7 ps 1.1 lc rgb c1 title "y=1"
