# Paper 004 Fig. 4: relaxation peaks after one, two and three annealing steps.
set terminal pngcairo size 1500,550 font 'DejaVu Sans,12' enhanced
set output out
set multiplot layout 1,3 title "Paper 004 Fig. 4: separate relaxation peaks from multi-step annealing (vitrum dsc --model units, paper 004 preset)\n".label font ',12'
set xlabel 'T (K)'
set ylabel 'dQ/dt, annealed - as-cooled (kW/mol)'
set xrange [200:480]
set key top left font ',10'
set title '(A) 403 K, 0.5 s'
plot a skip 1 using 1:($5 / 1000) with lines ls 2 title '403 K 0.5 s', 0 with lines lc rgb 'gray' notitle
set title '(B) then 363 K, 0.1 s'
plot b skip 1 using 1:($5 / 1000) with lines ls 1 title '+ 363 K 0.1 s', a skip 1 using 1:($5 / 1000) with lines ls 2 dt 2 title '(A)', 0 with lines lc rgb 'gray' notitle
set title '(C) then 253 K, 500 s'
plot c skip 1 using 1:($5 / 1000) with lines ls 3 title '+ 253 K 500 s', b skip 1 using 1:($5 / 1000) with lines ls 1 dt 2 title '(B)', 0 with lines lc rgb 'gray' notitle
unset multiplot
