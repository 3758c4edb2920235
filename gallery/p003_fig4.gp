# Paper 003 Fig. 4b-c: model ageing-rate map and exothermic peaks on heating.
set terminal pngcairo size 1500,650 font 'DejaVu Sans,12' enhanced
set output out
set multiplot layout 1,2 title "Paper 003 Fig. 4: energy-landscape model (vitrum pel-map, vitrum pel)\n".label font ',12'
set datafile missing 'nan'
stats map skip 1 using 4 nooutput
lo = floor(STATS_max) - 12
set title '(b) dE_{IS}/dt of Eq. 1 over (E_{IS}, T): sign x decades above 10^{'.sprintf('%d', lo).'} eV/s'
set xlabel 'T (K)'
set ylabel 'E_{IS} - E_{ref} (eV/atom)'
set cblabel 'sign x decades of |rate| above the floor  (< 0: ageing)'
set cbrange [-12:12]
set palette defined (-1 '#08306b', -0.5 '#6baed6', 0 '#f7f7f7', 0.5 '#fc9272', 1 '#67000d')
set key bottom right opaque font ',9'
c(L, s) = (L - lo < 0 ? 0 : s * (L - lo))
plot map skip 1 using 2:1:(c($4, $5)) with points pt 5 ps 0.6 lc palette notitle, \
  lines skip 1 using 2:1 with lines lw 2 dt 2 lc rgb 'black' title 'maximum ageing rate', \
  lines skip 1 using 4:1 with points pt 6 ps 0.8 lc rgb '#e6ab02' title 'ageing/rejuvenation boundary'
unset colorbox
set title '(c) heating at 1 K/s after cooling at R_c'
set xlabel 'T (K)'
set ylabel 'energy release -dE_{IS}/dt (10^{-6} eV/(atom s))'
set key top left opaque font ',11'
set xrange [450:665]
set yrange [-5:50]
rates = '20 200 2000'
plot for [k = 1:3] c skip 1 using ($1 == word(rates, k) + 0 ? $2 : 1/0):(-$5 * 1e6) with lines ls k title 'R_c = '.word(rates, k).' K/s'
unset multiplot
