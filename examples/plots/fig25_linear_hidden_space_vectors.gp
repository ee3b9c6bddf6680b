# Figure 25 (vectors): model6's hidden points and v1, v2 (the hidden weights
# from x1 and from x2), drawn from b (the hidden biases, the image of x = 0):
# they span the plane the points lie on. Same view, box and panes as
# fig25_linear_hidden_space (the article draws both from one view); the
# points faint, as the article's, so that the arrows show. The box is the
# one matplotlib gives the article's figure with its output plane (points and
# that plane over a1, a2 in [-3, 4], 5% margins), though no plane is drawn here.
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
# faint points, so that the arrows show; the vectors drawn on top of them
splot data."/hidden.csv" using 1:2:($4 == 0 ? $3 : 1/0) skip 1 with points pt 7 ps 0.8 lc rgb "#b4e41a1c" title "y=0", \
      ""                 using 1:2:($4 == 1 ? $3 : 1/0) skip 1 with points pt 7 ps 0.8 lc rgb "#b41f3fd6" title "y=1", \
      data."/vectors.csv" using 5:6:7:2:3:4 skip 1 with vectors lw 2 lc rgb "black" head filled size screen 0.02,20 notitle
