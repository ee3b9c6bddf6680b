# Figure 10: model2's decision plane in X2's 3-D input space, its normal w and
# the points, seen as the article's figure (as Figure 9, on grey back panes
# with a grid). w is drawn from the origin at half its length, as the
# article's quiver (length 0.5). Each axis scaled as matplotlib's autoscale:
# the range of the points and the plane plus 5% margins.
# data: listing11
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
mn(a, b) = (a < b ? a : b); mx(a, b) = (a > b ? a : b)
stats data."/points.csv" using 1:2 skip 1 nooutput
x_lo = STATS_min_x; x_hi = STATS_max_x; y_lo = STATS_min_y; y_hi = STATS_max_y
stats data."/points.csv" using 3 skip 1 nooutput
z_lo = STATS_min; z_hi = STATS_max
stats data."/plane.csv" nonuniform matrix using 1 nooutput
x_lo = mn(x_lo, STATS_min); x_hi = mx(x_hi, STATS_max)
stats data."/plane.csv" nonuniform matrix using 2 nooutput
y_lo = mn(y_lo, STATS_min); y_hi = mx(y_hi, STATS_max)
stats data."/plane.csv" nonuniform matrix using 3 nooutput
z_lo = mn(z_lo, STATS_min); z_hi = mx(z_hi, STATS_max)
eval mpl_axis("x", x_lo, x_hi)
eval mpl_axis("y", y_lo, y_hi)
eval mpl_axis("z", z_lo, z_hi)
# x1 and x2 span 4.4 (the plane's [-2, 2] box): labels every 1 so that they do
# not run together, the grid still every 0.5 (minor tics), as the article's
set xtics -2, 1
set ytics -2, 1
set mxtics 2
set mytics 2
set grid mxtics mytics ls 100, ls 100
set key at screen 0.03, screen 0.97 left top
# the plane x3 = -(w0 + w1 x1 + w2 x2) / w3, one flat translucent colour
set pm3d depthorder clip z noborder
set style fill transparent solid 0.7
unset colorbox
# w = (w1, w2, w3) from the origin, at half length, with quiver's open head
stats data."/weights.csv" using (w1 = $2, w2 = $3, w3 = $4) skip 1 nooutput
set arrow 1 from 0,0,0 to 0.5*w1,0.5*w2,0.5*w3 lw 2 lc rgb "black" head nofilled size screen 0.025,30 front
splot data."/plane.csv" nonuniform matrix every 25:25 using 1:2:3 with pm3d fc rgb "#7f9bb5" notitle, \
      data."/points.csv" using 1:2:($4 == 0 ? $3 : 1/0) skip 1 with points pt 7 ps 1.1 lc rgb c0 title "y=0", \
      ""                 using 1:2:($4 == 1 ? $3 : 1/0) skip 1 with points pt 7 ps 1.1 lc rgb c1 title "y=1"
