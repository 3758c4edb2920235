# vitrum pathmatch (paper 002): the peak after cooling at each phi against the one after the
# isothermal anneal matching its dh, one panel per phi; then FWHM against dh (Fig. 3).
# Reads: table (columns ., dh, ., ., FWHM cooling, ., FWHM isothermal), peaks (phi, 'cool' or
# 'iso', T, dQ/dt), n, phi[1..n] (as the peaks table writes them), rows, cols (the panels),
# T_s, T_a (K), rate (K/s).
set multiplot layout rows,cols title sprintf('vitrum pathmatch: cooling %.0f -> %.0f K at phi \
vs isothermal at %.0f K (heating at %g K/s)', T_s, T_a, T_a, rate)
set grid
set key top left font ',8'
set xlabel 'T (K)'
set ylabel 'dQ/dt (W/mol)'
do for [k=1:n] {
  set title sprintf('phi = %g K/s', phi[k])
  plot peaks skip 1 using ($1==phi[k] && strcol(2) eq 'cool' ? $3 : 1/0):4 with lines lw 2 \
       lc 'red' title 'cooling', \
       '' skip 1 using ($1==phi[k] && strcol(2) eq 'iso' ? $3 : 1/0):4 with lines lw 2 \
       lc 'blue' title 'isothermal'
}
do for [k=n+1:(rows-1)*cols] { set multiplot next }
set title 'FWHM against dh (Fig. 3)'
set xlabel 'dh_{path} (J/mol)'
set ylabel 'FWHM (K)'
plot table skip 1 using 2:5 with linespoints pt 7 lc 'red' title 'cooling', \
     '' skip 1 using 2:7 with linespoints pt 7 lc 'blue' title 'isothermal'
unset multiplot
