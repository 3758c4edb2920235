# vitrum fit: dh against time (points: data, lines: fit) over the residuals, one colour per
# protocol; Cp_N on the heating scans (several curves stacked, each shifted up by `shift`).
# Reads: points (columns protocol, t, dh, ., residual), lines (protocol, t, dh), curves (curve,
# T, Cp_N data, Cp_N fit), model, chi2 (per degree of freedom), panels, n_ps (protocols) with
# protocol[1..n_ps] (key titles) and frac[1..n_ps] (palette), t_lo, t_hi (the data's time range;
# t_hi = 0: none), n_curves with curve[1..] (names) and cfrac[1..], shift.
set grid
unset colorbox
set palette defined (0 '#1f4fd0', 0.35 '#009e73', 0.7 '#e69f00', 1 '#cc2020')
# the same margins in every panel, so their axes line up; the key goes on the right
set lmargin at screen 0.11
set rmargin at screen 0.70
set key outside right font ',8'
set multiplot layout panels,1 title sprintf('vitrum fit: %s, {/Symbol c}^2/dof = %.4g', model, chi2)
if (n_ps > 0) {
  # both dh panels share the time range of the data and the fitted lines
  if (t_hi > 0) { set xrange [t_lo:t_hi] }
  set logscale x
  set format x '10^{%L}'
  set xlabel 't_2 (two-step anneals) or t_1 (single steps)  (s)'
  set ylabel '{/Symbol D}h (J/mol)'
  set title 'enthalpy released: data and fit'
  plot for [k=0:n_ps-1] points skip 1 using (($1==k && $2>0) ? $2 : 1/0):3 with points pt 7 \
         ps 0.7 lc palette frac frac[k+1] title protocol[k+1], \
       for [k=0:n_ps-1] lines skip 1 using ($1==k ? $2 : 1/0):3 with lines \
         lc palette frac frac[k+1] notitle
  set title 'residuals (predicted - measured)'
  set ylabel 'residual (J/mol)'
  plot for [k=0:n_ps-1] points skip 1 using (($1==k && $2>0) ? $2 : 1/0):5 with points pt 7 \
         ps 0.7 lc palette frac frac[k+1] notitle, \
       0 with lines lc rgb 'black' notitle
  unset logscale x
  set autoscale x
  set format x '%g'
}
if (n_curves > 0) {
  set title 'Cp_N on the heating scans: data (points) and fit (lines)'
  set xlabel 'T (K)'
  if (n_curves > 1) {
    set ylabel sprintf('C_{p,N} + %g k (curve k = 0, 1, ...)', shift)
    set key reverse Left
  } else {
    set ylabel 'C_{p,N}'
  }
  # data as points, the fit as a line, one colour per curve
  plot for [c=0:n_curves-1] curves skip 1 using ($1==c ? $2 : 1/0):($3 + c * shift) \
         with points pt 7 ps 0.3 lc palette frac cfrac[c+1] title curve[c+1] noenhanced, \
       for [c=0:n_curves-1] curves skip 1 using ($1==c ? $2 : 1/0):($4 + c * shift) \
         with lines lw 1.5 lc palette frac cfrac[c+1] notitle
}
unset multiplot
