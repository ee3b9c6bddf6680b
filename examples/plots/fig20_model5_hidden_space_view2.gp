# Figure 20 (second view): the same hidden space seen as the article's second
# view: from the a2 side, a little above (a1 running right to left), where
# the output plane is seen almost edge-on, the band (y=1) on one side of it
# and the square (y=0) on the other. Grey back panes with a grid, as
# matplotlib's 3-D axes.
# The plane is the output's boundary z = 0, a3 = -(w0 + w1 a1 + w2 a2) / w3;
# the article draws (0.5 - (w0 + w1 a1 + w2 a2)) / w3, a shifted plane.
# data: listing22
load "style.gp"
rot_x = 80; rot_z = 165; view_scale = 1.1
load "style3d.gp"
set xlabel "a_1" font ",16" offset 0,-1
set ylabel "a_2" font ",16" offset -1,0
set zlabel "a_3" font ",16" rotate by 90
# a2's tick labels moved off the corner where the z axis's lowest label sits
set ytics offset -1,-0.5
# each axis scaled as matplotlib's autoscale: the range of the points and the
# plane plus 5% margins (all stats first: stats skips values outside a range
# already fixed)
mn(a, b) = (a < b ? a : b); mx(a, b) = (a > b ? a : b)
stats data."/hidden.csv" using 1:2 skip 1 nooutput
x_lo = STATS_min_x; x_hi = STATS_max_x; y_lo = STATS_min_y; y_hi = STATS_max_y
stats data."/hidden.csv" using 3 skip 1 nooutput
z_lo = STATS_min; z_hi = STATS_max
stats data."/plane.csv" nonuniform matrix using 3 nooutput
z_lo = mn(z_lo, STATS_min); z_hi = mx(z_hi, STATS_max)
eval mpl_axis("x", x_lo, x_hi)
eval mpl_axis("y", y_lo, y_hi)
eval mpl_axis("z", z_lo, z_hi)
set key at screen 0.97, screen 0.97 right top
# the output plane z = 0: a3 = -(w0 + w1 a1 + w2 a2) / w3 over the points'
# a1, a2 range, translucent; gnuplot sorts it and the points by depth, so
# the points behind it show through it tinted
set pm3d depthorder clip z noborder
set style fill transparent solid 0.6
unset colorbox
splot data."/plane.csv" nonuniform matrix using 1:2:3 with pm3d fc rgb "#7f9bb5" notitle, \
      data."/hidden.csv" using 1:2:($4 == 0 ? $3 : 1/0) skip 1 with points pt 7 ps 0.8 lc rgb c0 title "y=0", \
      ""                 using 1:2:($4 == 1 ? $3 : 1/0) skip 1 with points pt 7 ps 0.8 lc rgb c1 title "y=1"
