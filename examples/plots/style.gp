# Shared look of the article's figures. Each figure script is run as
#   gnuplot -e "data='DIR'; out='FILE.png'" figNN_name.gp
# from this folder; DIR holds the CSV files of the listing named in the
# script's "# data:" line.
set terminal pngcairo size 560,520 enhanced font "DejaVu Sans,12"
set output out
set datafile separator ","
# matplotlib's legend: a light grey frame, opaque, some room around the entries
set key top right box lc rgb "#cccccc" opaque reverse Left samplen 1 width 1 height 0.6 spacing 1.15
set border lw 1
# matplotlib's ticks: outside, on the bottom and left axes only
set tics out nomirror
# class colours of the article: 0 red / salmon, 1 blue / cyan, 2 green
c0 = "#e41a1c"; c1 = "#1f3fd6"; c2 = "#2ca02c"
r0 = "#ffa07a"; r1 = "#00ffff"; r2 = "#98fb98"

# matplotlib's autoscale, for the figures the article lets matplotlib scale:
# the data range plus 5% margins on each side, ticks at a "nice" step
# (1, 2, 2.5, 5 times a power of ten) that gives at most 9 intervals, and
# every tick label with the same number of decimals. After a `stats` of the
# data,   eval mpl_axis("x", lo, hi)   sets that axis's range, tics and format
# (mpl_axis_n(ax, lo, hi, n): at most n intervals, for small panels). A flat
# range (lo = hi) gets +-5% of its value around it (+-0.05 around 0), as
# matplotlib's.
mpl_nice(x) = (mpl_m = 10.0**floor(log10(x)), mpl_f = x / mpl_m, \
    (mpl_f <= 1.000001 ? 1 : mpl_f <= 2.000001 ? 2 : mpl_f <= 2.500001 ? 2.5 : \
     mpl_f <= 5.000001 ? 5 : 10) * mpl_m)
mpl_dec(s, d) = (d >= 8 || abs(s * 10.0**d - floor(s * 10.0**d + 0.5)) < 1e-6) ? d : mpl_dec(s, d + 1)
mpl_axis_n(ax, lo, hi, n) = (mpl_span = (hi > lo ? hi - lo : (abs(lo) > 0 ? 0.1 * abs(lo) : 0.1)), \
    mpl_lo = (hi > lo ? lo : lo - mpl_span / 2) - 0.05 * mpl_span, \
    mpl_hi = (hi > lo ? hi : hi + mpl_span / 2) + 0.05 * mpl_span, \
    mpl_s = mpl_nice((mpl_hi - mpl_lo) / n), \
    sprintf("set %srange [%.12g:%.12g]; set %stics %.12g, %.12g; set format %s '%%.%df'", \
        ax, mpl_lo, mpl_hi, ax, mpl_s * ceil(mpl_lo / mpl_s - 1e-9), mpl_s, ax, mpl_dec(mpl_s, 0)))
mpl_axis(ax, lo, hi) = mpl_axis_n(ax, lo, hi, 9)
