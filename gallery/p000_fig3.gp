# Paper 000 Fig. 3: Eyring plots at 383 K, H* and S* against t_a, S* against dh.
R = 8.314462618
set terminal pngcairo size 1500,650 font 'DejaVu Sans,12' enhanced
set output out
set palette defined (0 "#1f77b4", 0.5 "#2ca02c", 1 "#d62728")
unset colorbox
set multiplot layout 1,3 title "Paper 000 Fig. 3: absolute reaction rate analysis of virtual Flash DSC peaks (vitrum dsc + eyring, TNM)\n".label font ',12'
set title '(a) Eq. 4 at T_a = 383 K'
set xlabel '1000/T_p (1/K)'
set ylabel 'ln(R_h/T_p^3)  (R_h in K/s, T_p in K)'
set key top right font ',9'
tas = system("awk -F, 'NR > 1 && $2 == 383 { print $3 }' ".tp." | sort -gu | tr '\\n' ' '")
plot for [i = 1:words(tas)] tp skip 1 using ($2 == 383 && $3 == word(tas, i) + 0 ? 1000 / $5 : 1/0):(log($1 / $5**3)) \
  with points lc palette frac (i - 1.0) / (words(tas) - 1) pt 7 ps 1.3 title 't_a = '.word(tas, i).' s'
set title '(b) H* and S* at 383 K'
set logscale x
set format x '10^{%L}'
set xlabel 't_a (s)'
set ylabel 'H* (kJ/mol)'
set y2label 'S* (J/(mol K))'
set y2tics
set ytics nomirror
set yrange [60:180]
set key top left font ',9'
set arrow 1 from graph 0, first 90 to graph 0.35, first 90 nohead dt 2 lw 2 lc rgb '#1f77b4'
set arrow 2 from graph 0.65, first 150 to graph 1, first 150 nohead dt 2 lw 2 lc rgb '#1f77b4'
set label 1 'paper: 90' at graph 0.02, first 95 font ',9' tc rgb '#1f77b4'
set label 2 'paper: 150' at graph 0.7, first 155 font ',9' tc rgb '#1f77b4'
plot data skip 1 using ($1 == 383 ? $2 : 1/0):4 with linespoints ls 1 title 'H* (vitrum)', \
  '' skip 1 using ($1 == 383 ? $2 : 1/0):5 axes x1y2 with linespoints ls 2 title 'S* (vitrum)'
unset arrow 1
unset arrow 2
unset label 1
unset label 2
unset logscale x
unset y2tics
unset y2label
set ytics mirror
set autoscale y
set format x '%g'
set title '(c) S* against {/Symbol D}h, single-step anneals'
set xlabel '{/Symbol D}h (kJ/mol)'
set ylabel 'S* (J/(mol K))'
Tas = system("awk -F, 'NR > 1 { print $1 }' ".data." | sort -gu | tr '\\n' ' '")
plot for [k = 1:words(Tas)] data skip 1 using ($1 == word(Tas, k) + 0 ? $3 / 1000 : 1/0):5 \
  with linespoints ls k title 'T_a = '.word(Tas, k).' K'
unset multiplot
