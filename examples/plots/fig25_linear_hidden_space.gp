# Figure 25: X4 in model6's linear hidden space: the points lie on one plane
# (the image of the input plane), seen, as in the article, from above and
# nearly along that plane, so that they show as a thin sheet; the output
# unit's plane cuts the sheet between the classes. Grey back panes with a
# grid, as matplotlib's 3-D axes.
# The output plane is its boundary z = 0, a3 = -(w0 + w1 a1 + w2 a2) / w3
# (the article draws (0.5 - (w0 + w1 a1 + w2 a2)) / w3, a shifted plane),
# computed from weights.csv over a1, a2 in [-3, 4], the square the article's
# plane spans (plane.csv covers only the points' range); each axis scaled as
# matplotlib's autoscale of the points and that plane (5% margins), which
# gives the article's box.
# data: listing24
load "style.gp"
rot_x = 60; rot_z = 190; view_scale = 1.0
load "style3d.gp"
set xlabel "a_1" font ",16" offset 0,-0.5
set ylabel "a_2" font ",16" offset 1,0
set zlabel "a_3" font ",16" rotate by 90
stats data."/weights.csv" using (w0 = $1, w1 = $2, w2 = $3, w3 = $4) skip 1 nooutput
plane(a1, a2) = -(w0 + w1 * a1 + w2 * a2) / w3
p_lo = -3; p_hi = 4
# (all stats first: stats skips values outside a range already fixed)
mn(a, b) = (a < b ? a : b); mx(a, b) = (a > b ? a : b)
stats data."/hidden.csv" using 1:2 skip 1 nooutput
x_lo = mn(STATS_min_x, p_lo); x_hi = mx(STATS_max_x, p_hi)
y_lo = mn(STATS_min_y, p_lo); y_hi = mx(STATS_max_y, p_hi)
stats data."/hidden.csv" using 3 skip 1 nooutput
z_lo = STATS_min; z_hi = STATS_max
do for [c = 0:3] {
    z = plane(c % 2 ? p_hi : p_lo, c >= 2 ? p_hi : p_lo)
    z_lo = mn(z_lo, z); z_hi = mx(z_hi, z)
}
eval mpl_axis("x", x_lo, x_hi)
eval mpl_axis("y", y_lo, y_hi)
eval mpl_axis("z", z_lo, z_hi)
set key at screen 0.97, screen 0.97 right top
set pm3d depthorder clip z noborder
set style fill transparent solid 0.6
unset colorbox
set isosamples 25, 25
set samples 25, 25
splot [p_lo:p_hi] [p_lo:p_hi] plane(x, y) with pm3d fc rgb "#7f9bb5" notitle, \
      data."/hidden.csv" using 1:2:($4 == 0 ? $3 : 1/0) skip 1 with points pt 7 ps 0.8 lc rgb c0 title "y=0", \
      ""                 using 1:2:($4 == 1 ? $3 : 1/0) skip 1 with points pt 7 ps 0.8 lc rgb c1 title "y=1"
