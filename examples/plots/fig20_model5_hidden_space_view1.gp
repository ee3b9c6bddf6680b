# Figure 20 (first view): X4 in model5's hidden space (a1, a2, a3) and the output plane that splits it.
# data: listing22
load "style.gp"
set terminal pngcairo size 600,560 enhanced font "DejaVu Sans,11"
set output out
set xlabel "a_1" font ",16"
set ylabel "a_2" font ",16"
set zlabel "a_3" font ",16" rotate parallel
set zrange [-3:4.5]
set xtics 1 font ",9"
set ytics 1 font ",9"
set ztics 1 font ",9"
set ticslevel 0
set grid xtics ytics ztics lc rgb "#d0d0d0"
# first view: along the plane, nearly edge-on: the square (y=0) on one side, the band on the other
set view 80, 145
set key top right
# the output plane z = 0: a3 = -(w0 + w1 a1 + w2 a2) / w3, clipped to the box
# (the article draws the shifted plane (0.5 - (w0 + w1 a1 + w2 a2)) / w3)
set pm3d depthorder clip z border lc rgb "#56718a" lw 0.3
set style fill transparent solid 0.6
unset colorbox
splot data."/plane.csv" nonuniform matrix using 1:2:3 with pm3d fc rgb "#7f9bb5" notitle, \
      data."/hidden.csv" using 1:2:($4 == 0 ? $3 : 1/0) skip 1 with points pt 7 ps 0.6 lc rgb c0 title "y=0", \
      ""                 using 1:2:($4 == 1 ? $3 : 1/0) skip 1 with points pt 7 ps 0.6 lc rgb c1 title "y=1"
