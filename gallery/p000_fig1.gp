# Paper 000 Fig. 1: dh(t) for one- and two-step anneals (a-c) and the heat-flow maps (d-f).
set terminal pngcairo size 1500,900 font 'DejaVu Sans,12' enhanced
set output out
set multiplot layout 2,3 title "Paper 000 Fig. 1: single- and two-step annealing (vitrum dsc and kovacs, paper 000 preset, TNM)\n".label font ',12'
set logscale x
set format x '10^{%L}'
set ylabel '{/Symbol D}h (kJ/mol)'
set key bottom right font ',10'
set title '(a) T_1 = 383 K'
set xlabel 't_1 (s)'
plot a skip 1 using 2:($3 / 1000) with linespoints ls 1 title 'vitrum dsc (peak area)'
set title '(b) 383 K for 50 s, then T_2 = 373 K'
set xlabel 't_2 (s)'
plot b skip 1 using 3:($4 / 1000) with lines ls 1 title 'vitrum kovacs'
set title '(c) 373 K for 50 s, then T_2 = 383 K'
plot c skip 1 using 3:($4 / 1000) with lines ls 2 title 'vitrum kovacs'
unset logscale x
set format x '%g'
set view map
set logscale y
set format y '10^{%L}'
set xlabel 'T (K)'
set ylabel 't (s)'
unset cblabel
set palette defined (0 '#30123b', 0.25 '#4686fb', 0.5 '#1ae4b6', 0.75 '#faba39', 1 '#7a0403')
set xrange [300:500]
set yrange [0.1:2000]
set key off
set title '(d) T_1 = 383 K for t_1: dQ/dt (W/mol)'
splot d skip 1 using 3:2:4 with pm3d notitle
set title '(e) 383 K 50 s, then 373 K for t_2: dQ/dt (W/mol)'
splot e skip 1 using 3:2:4 with pm3d notitle
set title '(f) 373 K 50 s, then 383 K for t_2: dQ/dt (W/mol)'
splot f skip 1 using 3:2:4 with pm3d notitle
unset multiplot
