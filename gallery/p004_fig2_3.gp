# Paper 004 Figs. 2A, 3A-B: heat-flow peaks, Debye fits, E*_Debye against T_a with class bands.
set terminal pngcairo size 1500,650 font 'DejaVu Sans,12' enhanced
set output out
set palette defined (0 "#1f77b4", 0.5 "#2ca02c", 1 "#d62728")
set multiplot layout 1,3 title "Paper 004 Figs. 2A, 3A-B: relaxation peaks after 5 s anneals and their Debye fits (vitrum dsc --model units, vitrum debye)\n".label font ',12'
unset key
set title '(2A) heat-flow peaks, t_a = 5 s'
set xlabel 'T (K)'
set ylabel 'dQ/dt (kW/mol)'
set cblabel 'T_a (K)'
set xrange [250:480]
plot map skip 1 using 3:($4 / 1000):1 with lines lw 1.5 lc palette notitle
set title '(3A) data (points) and Debye fits (lines)'
unset colorbox
plot fit skip 1 every 40 using 4:($5 / 1000):2 with points pt 7 ps 0.5 lc palette notitle, \
  fit skip 1 using 4:($6 / 1000):2 with lines lw 1.5 lc palette notitle
set autoscale x
set title '(3B) E*_{Debye} against T_a'
set xlabel 'T_a (K)'
set ylabel 'E*_{Debye} (kJ/mol)'
set logscale y
set ytics (20, 30, 50, 100, 200, 300, 500)
set key
set yrange [15:600]
R = 8.314462618e-3
set object 1 rect from graph 0, first 20 to graph 1, first 60 fc rgb '#2ca02c' fs transparent solid 0.15 noborder
set object 2 rect from graph 0, first 22 * R * 401 to graph 1, first 30 * R * 401 fc rgb '#1f77b4' fs transparent solid 0.15 noborder
set object 3 rect from graph 0, first 45 * R * 401 * log(10) to graph 1, first 52 * R * 401 * log(10) fc rgb '#d62728' fs transparent solid 0.15 noborder
set label 1 "{/Symbol g}/{/Symbol b}' 20-60" at graph 0.02, first 50 font ',9'
set label 2 '{/Symbol b} (26 +- 4) R T_g' at graph 0.02, first 90 font ',9'
set label 3 '{/Symbol a} m R T_g ln 10, m = 45-52' at graph 0.02, first 370 font ',9'
$paper << EOD
273,44
370,350
393,420
EOD
set key bottom right font ',10'
plot e skip 1 using 2:7 with linespoints ls 1 title 'vitrum (units model)', \
  $paper using 1:2 with points ls 2 ps 1.5 title 'paper: 44 at 273 K, 350-420 above 370 K'
unset multiplot
