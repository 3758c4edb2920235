# Paper 002 Fig. 1e-f: dH against phi and against t_a.
set terminal pngcairo size 1300,550 font 'DejaVu Sans,12' enhanced
set output out
set multiplot layout 1,2 title "Paper 002 Fig. 1e-f: relaxation enthalpy of the two paths (vitrum pathmatch and dsc, paper 002 preset, TNM)" font ',12'
set logscale x
set ylabel '{/Symbol D}H, relaxation peak area (kJ/mol)'
set title '(e) cooling 403 -> 385 K at {/Symbol f}'
set xlabel '{/Symbol f} (K/s)'
set key top right
plot e skip 1 using 1:($8 / 1000) with linespoints ls 2 title 'vitrum (DSC peak area)', \
  '' skip 1 using 1:($2 / 1000) with lines ls 6 dt 2 title 'vitrum (state at 385 K, dh_{path})'
set title '(f) isothermal at 385 K for t_a'
set xlabel 't_a (s)'
set format x '10^{%L}'
set key top left
plot f skip 1 using 2:($3 / 1000) with linespoints ls 1 title 'vitrum (DSC peak area)'
unset multiplot
