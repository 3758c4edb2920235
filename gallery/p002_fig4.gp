# Paper 002 Fig. 4: Kissinger plots at 397 K and dE against dH.
set terminal pngcairo size 1500,600 font 'DejaVu Sans,12' enhanced
set output out
set palette defined (0 "#1f77b4", 0.5 "#2ca02c", 1 "#d62728")
unset colorbox
set multiplot layout 1,3 title "Paper 002 Fig. 4: Kissinger activation energy of the relaxation peak (vitrum dsc + eyring/kissinger, paper 002 preset, TNM)\n".label font ',12'
set title '(a) Kissinger plots, T_a = 397 K'
set xlabel '1000/T_p (1/K)'
set ylabel 'ln(R_h/T_p^2)  (R_h in K/s, T_p in K)'
set key top right font ',9'
tas = system("awk -F, 'NR > 1 { print $3 }' ".tp." | sort -gu | tr '\\n' ' '")
plot for [i = 1:words(tas)] tp skip 1 using ($3 == word(tas, i) + 0 ? 1000 / $5 : 1/0):(log($1 / $5**2)) \
  with points pt 7 ps 1.3 lc palette frac (i - 1.0) / (words(tas) - 1) title 't_a = '.word(tas, i).' s'
set title '(b) dE against {/Symbol D}H, 397 K'
set xlabel '{/Symbol D}H (kJ/mol)'
set ylabel 'dE (kJ/mol)'
set key bottom right font ',10'
set object 1 rect from graph 0, first 80 to graph 1, first 100 fc rgb '#1f77b4' fs transparent solid 0.15 noborder
set object 2 rect from graph 0, first 160 to graph 1, first 180 fc rgb '#d62728' fs transparent solid 0.15 noborder
set label 1 'paper: 80-100 (short anneals)' at graph 0.03, first 90 font ',9'
set label 2 'paper: about 170 (long anneals)' at graph 0.03, first 170 font ',9'
set yrange [60:200]
plot a skip 1 using ($3 / 1000):6 with linespoints ls 1 title 'vitrum, isothermal 397 K'
set title '(c) both paths at 385 K'
plot b skip 1 using ($3 / 1000):6 with linespoints ls 1 title 'isothermal 385 K', \
  c skip 1 using ($2 / 1000):3 with linespoints ls 2 title 'cooling 403 -> 385 K'
unset multiplot
