# Paper 002 Figs. 2-3: the relaxation peaks of both paths per cooling rate; FWHM against dH.
set terminal pngcairo size 1500,900 font 'DejaVu Sans,12' enhanced
set output out
set multiplot layout 2,4 title "Paper 002 Figs. 2-3: cooling 403 -> 385 K at {/Symbol f} vs isothermal at 385 K to the same enthalpy (vitrum pathmatch, paper 002 preset, TNM)\n".label font ',12'
set xlabel 'T (K)'
set ylabel 'dQ/dt (kW/mol)'
set key top left font ',9'
set xrange [330:500]
set xtics 40
phis = '100 50 30 10 5 1'
do for [k = 1:6] {
  p = word(phis, k) + 0
  ta = system(sprintf("awk -F, 'NR > 1 && $1 == %g { printf \"%%.2g\", $3 }' %s", p, data))
  set title sprintf('(%s) {/Symbol f} = %g K/s vs t_a = %s s', word('a b c d e f', k), p, ta)
  plot peaks skip 1 using ($1 == p && strcol(2) eq 'cool' ? $3 : 1/0):($4 / 1000) with lines ls 2 title 'cooling', \
    '' skip 1 using ($1 == p && strcol(2) eq 'iso' ? $3 : 1/0):($4 / 1000) with lines ls 1 dt 2 title 'isothermal'
}
set autoscale x
set xtics autofreq
set title 'Fig. 3: FWHM against {/Symbol D}H (peak area)'
set xtics 0.2
set xlabel '{/Symbol D}H (kJ/mol)'
set ylabel 'FWHM (K)'
set key top right
plot data skip 1 using ($8 / 1000):5 with linespoints ls 2 title 'cooling', \
  '' skip 1 using ($9 / 1000):7 with linespoints ls 1 title 'isothermal'
set title 'Fig. 2: matched t_a (s)'
set logscale xy
set xlabel '{/Symbol f} (K/s)'
set ylabel 't_a (s)'
set key top right
$paper << EOD
100,0.3
50,0.6
30,1.2
10,4
5,8
1,26
EOD
plot data skip 1 using 1:3 with linespoints ls 1 title 'vitrum', $paper using 1:2 with points ls 2 ps 1.5 title 'paper (measured)'
unset multiplot
