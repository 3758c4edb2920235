# Paper 004 Figs. 2B, 3C-D: peaks after long anneals and E*_Debye against t_a.
set terminal pngcairo size 1500,600 font 'DejaVu Sans,12' enhanced
set output out
set palette defined (0 "#1f77b4", 0.5 "#2ca02c", 1 "#d62728")
set multiplot layout 1,3 title "Paper 004 Figs. 2B, 3C-D: long anneals (vitrum dsc --model units, paper 004 preset; vitrum debye)\n".label font ',12'
set xlabel 'T (K)'
set ylabel 'dQ/dt (kW/mol)'
set cblabel 'log_{10}(t_a/s)'
set xrange [220:480]
unset key
set title '(2B) T_a = 253 K'
plot map skip 1 using ($1 == 253 ? $3 : 1/0):($4 / 1000):(log10($2)) with lines lw 1.5 lc palette notitle
set title '(2B) T_a = 303 (solid), 318 (dotted) and 363 K (dashed)'
plot map skip 1 using ($1 == 303 ? $3 : 1/0):($4 / 1000):(log10($2)) with lines lw 1.5 lc palette notitle, \
  map skip 1 using ($1 == 318 ? $3 : 1/0):($4 / 1000):(log10($2)) with lines lw 2 dt 3 lc palette notitle, \
  map skip 1 using ($1 == 363 ? $3 : 1/0):($4 / 1000):(log10($2)) with lines lw 1.5 dt 2 lc palette notitle
unset colorbox
set autoscale x
set title '(3D) E*_{Debye} against t_a'
set logscale x
set format x '10^{%L}'
set xlabel 't_a (s)'
set ylabel 'E*_{Debye} (kJ/mol)'
set key top left font ',10'
set yrange [0:90]
$paper << EOD
20,40
5000,80
EOD
plot for [k = 1:4] e skip 1 using ($2 == word('253 303 318 363', k) + 0 ? $3 : 1/0):7 with linespoints ls k title 'T_a = '.word('253 303 318 363', k).' K', \
  $paper using 1:2 with points ls 5 ps 1.8 title 'paper, 253 K: about 40 -> 80'
unset multiplot
