# Figure 25 (vectors): model6's hidden points and v1, v2 (the hidden weights from x1 and x2), which span their plane.
# data: listing24
load "style.gp"
set terminal pngcairo size 600,560 enhanced font "DejaVu Sans,11"
set output out
set xlabel "a_1" font ",16"
set ylabel "a_2" font ",16"
set zlabel "a_3" font ",16" rotate parallel
set zrange [-3.5:3.5]
set xtics 1 font ",9"
set ytics 1 font ",9"
set ztics 1 font ",9"
set ticslevel 0
set grid xtics ytics ztics lc rgb "#d0d0d0"
set view 60, 200
set key top right
# faint points, so that the arrows from b (the image of x = 0) show
splot data."/hidden.csv" using 1:2:($4 == 0 ? $3 : 1/0) skip 1 with points pt 7 ps 0.6 lc rgb "#c0e41a1c" title "y=0", \
      ""                 using 1:2:($4 == 1 ? $3 : 1/0) skip 1 with points pt 7 ps 0.6 lc rgb "#c01f3fd6" title "y=1", \
      data."/vectors.csv" using 5:6:7:2:3:4 skip 1 with vectors lw 2.5 lc rgb "black" head filled size 0.15,20 notitle
