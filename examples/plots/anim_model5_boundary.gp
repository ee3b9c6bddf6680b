# Animation: model5's decision regions (as Figure 19) while it trains on X4,
# from Listing 21's snapshots: frames/index.csv (epoch,loss,accuracy) and
# frames/grid_EEEE.csv (the class grid after EEEE epochs). The regions hardly
# move for 180 epochs, then the boundary folds around the square.
# data: listing21
# Run from this folder as the figures:
#   gnuplot -e "data='DIR'; out='FILE.gif'" anim_model5_boundary.gp
# or, for one frame as PNG (to look at it): add "; frame=180" (an epoch of index.csv).
load "style.gp"
set output # style.gp opened `out` for PNG; reopen it below for this terminal
frames = data."/frames/index.csv"
stats frames using 1 skip 1 nooutput
N = STATS_records
array E[N]
array A[N]
stats frames using (E[int($0) + 1] = $1, A[int($0) + 1] = $3) skip 1 nooutput
if (exists("frame")) {
    set terminal pngcairo size 480,480 enhanced font "DejaVu Sans,11"
    first = 0
    do for [i = 1:N] { if (E[i] == frame) { first = i } }
    if (first == 0) { print sprintf("no frame at epoch %d in %s", frame, frames); exit status 1 }
    last = first
    hold = 0
} else {
    # 0.12 s a frame; the last one stays 2.4 s longer
    set terminal gif animate delay 12 loop 0 size 480,480 enhanced font "DejaVu Sans,11"
    first = 1
    last = N
    hold = 20
}
set output out
set xlabel "x_1" font ",14"
set ylabel "x_2" font ",14"
set xrange [-1.9:1.9]
set yrange [-1.9:1.9]
set size ratio -1
set key top right box opaque reverse Left samplen 1 width 1
# class regions: 0 salmon, 1 cyan
set palette defined (0 r0, 1 r1)
set cbrange [0:1]
unset colorbox
do for [i = first:last + hold] {
    k = i > last ? last : i
    set title sprintf("model5 on X4: epoch %d, accuracy %.3f", E[k], A[k]) font ",13"
    plot sprintf("%s/frames/grid_%04d.csv", data, E[k]) nonuniform matrix using 1:2:3 with image notitle, \
         data."/points.csv" using 1:($3 == 0 ? $2 : 1/0) skip 1 with points pt 7 ps 0.6 lc rgb c0 title "y=0", \
         ""                 using 1:($3 == 1 ? $2 : 1/0) skip 1 with points pt 7 ps 0.6 lc rgb c1 title "y=1"
}
set output
