# Shared look of the article's figures. Each figure script is run as
#   gnuplot -e "data='DIR'; out='FILE.png'" figNN_name.gp
# from this folder; DIR holds the CSV files of the listing named in the
# script's "# data:" line.
set terminal pngcairo size 560,520 enhanced font "DejaVu Sans,11"
set output out
set datafile separator ","
set key top right box opaque reverse Left samplen 1 width 1
set border lw 1
# class colours of the article: 0 red / salmon, 1 blue / cyan, 2 green
c0 = "#e41a1c"; c1 = "#1f3fd6"; c2 = "#2ca02c"
r0 = "#ffa07a"; r1 = "#00ffff"; r2 = "#98fb98"
