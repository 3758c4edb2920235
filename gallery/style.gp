# Shared by the gallery's .gp files (gallery/lib.sh loads it before the figure's own).
set terminal pngcairo size 1100,750 font 'DejaVu Sans,12' enhanced
set output out
set datafile separator ','
set grid lc rgb '#dddddd'
set key box opaque samplen 2 font ',11'
set border lw 1.2
set style line 1 lc rgb '#1f77b4' lw 2 pt 7
set style line 2 lc rgb '#d62728' lw 2 pt 5
set style line 3 lc rgb '#2ca02c' lw 2 pt 9
set style line 4 lc rgb '#9467bd' lw 2 pt 11
set style line 5 lc rgb '#ff7f0e' lw 2 pt 13
set style line 6 lc rgb '#8c564b' lw 2 pt 3
