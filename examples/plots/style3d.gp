# Shared look of the article's 3-D figures (matplotlib's Axes3D), loaded by
# the 3-D figure scripts after style.gp: the three back walls of the box as
# light grey panes, a grid on each of them, the floor at the bottom of the
# z range, and the axes' tick labels.
# Before loading it, a script sets gnuplot's view angles
#   rot_x = ...; rot_z = ...; view_scale = ...
# (set view rot_x, rot_z, view_scale); the panes go on the three walls that
# face the viewer from behind, so they depend on the view.
set terminal pngcairo size 600,560 enhanced font "DejaVu Sans,11"
set output out
set view rot_x, rot_z, view_scale
set xyplane 0
set tics font ",10"
set style line 100 lt 1 lc rgb "#c4c4c4" lw 0.8
set grid xtics ytics ztics vertical back ls 100
# the viewer looks from (sin rot_z, -cos rot_z) in the xy plane, from above
# when rot_x < 90: the back walls are the ones on the other side
pane_x = (sin(rot_z * pi / 180) > 0 ? 0 : 1)
pane_y = (cos(rot_z * pi / 180) > 0 ? 1 : 0)
pane_z = (rot_x <= 90 ? 0 : 1)
set object 101 polygon from graph pane_x, 0, 0 to graph pane_x, 1, 0 to graph pane_x, 1, 1 \
    to graph pane_x, 0, 1 to graph pane_x, 0, 0 fc rgb "#ececec" fs solid 1.0 noborder behind
set object 102 polygon from graph 0, pane_y, 0 to graph 1, pane_y, 0 to graph 1, pane_y, 1 \
    to graph 0, pane_y, 1 to graph 0, pane_y, 0 fc rgb "#f2f2f2" fs solid 1.0 noborder behind
set object 103 polygon from graph 0, 0, pane_z to graph 1, 0, pane_z to graph 1, 1, pane_z \
    to graph 0, 1, pane_z to graph 0, 0, pane_z fc rgb "#f6f6f6" fs solid 1.0 noborder behind
# axis lines, as matplotlib's: the floor's two front edges (where the x and y
# tick labels are) and the vertical edge on the left of the picture (where
# gnuplot puts the z tick labels); gnuplot's own border is off, as in some
# views it draws a vertical through the front corner of the box
set border 0
axis_x = 1 - pane_x; axis_y = 1 - pane_y
corner_sx(x, y) = cos(rot_z * pi / 180) * (x - 0.5) + sin(rot_z * pi / 180) * (y - 0.5)
left_x = 0; left_y = 0
do for [k = 1:3] {
    if (corner_sx(k % 2, k / 2) < corner_sx(left_x, left_y)) { left_x = k % 2; left_y = k / 2 }
}
set arrow 101 from graph 0, axis_y, pane_z to graph 1, axis_y, pane_z nohead lw 1 lc rgb "black" back
set arrow 102 from graph axis_x, 0, pane_z to graph axis_x, 1, pane_z nohead lw 1 lc rgb "black" back
set arrow 103 from graph left_x, left_y, 0 to graph left_x, left_y, 1 nohead lw 1 lc rgb "black" back
