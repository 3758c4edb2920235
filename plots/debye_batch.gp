# vitrum debye, a batch (--batch, --curves): E* of every scan against the first grouping column,
# coloured by dh, and against dh, over paper 004's class bands when there are classes.
# Reads: datafile (the batch table: scan, n_keys grouping columns, n, dh, se_dh, E_kJ_per_mol, ..),
# file (the input's name), law, n_keys, xname (the first grouping column, or 'scan'), q_unit (dh's
# unit), E_min, E_max (kJ/mol, over the fitted scans), classes (1: draw the bands), gb_lo, gb_hi,
# beta_lo, beta_hi, alpha (kJ/mol: the gamma/beta', beta and alpha ranges of Tg and m).
xcol = n_keys > 0 ? 2 : 1
dhcol = n_keys + 3
Ecol = n_keys + 5
# The fits and the class bands, with a margin.
lo = (classes && gb_lo < E_min) ? gb_lo : E_min
hi = (classes && alpha > E_max) ? alpha : E_max
set multiplot layout 2,1 title sprintf('vitrum debye: E* of the scans of %s (%s Debye fits)', \
                                       file, law) noenhanced
set logscale y
set yrange [lo / 1.5:hi * 1.5]
set grid
set palette rgbformulae 33,13,10
set ylabel 'E*_{Debye} (kJ/mol)'
set ytics (10, 20, 40, 60, 100, 200, 400, 600, 1000, 2000, 4000)
# Shaded gamma/beta' and beta bands and the alpha line, behind the points of both panels.
if (classes) {
  set object 1 rect from graph 0, first gb_lo to graph 1, first gb_hi fc rgb '#2ca02c' \
      fs transparent solid 0.15 noborder behind
  set object 2 rect from graph 0, first beta_lo to graph 1, first beta_hi fc rgb '#ff7f0e' \
      fs transparent solid 0.2 noborder behind
  set arrow 1 from graph 0, first alpha to graph 1, first alpha nohead lc rgb '#d62728' dt 2 \
      lw 2 back
  set label 1 sprintf("{/Symbol g}/{/Symbol b}' %g-%g", gb_lo, gb_hi) \
      at graph 0.01, first sqrt(gb_lo * gb_hi) front
  set label 2 '{/Symbol b} (26 +/- 4) R T_g' at graph 0.01, first sqrt(beta_lo * beta_hi) front
  set label 3 '{/Symbol a} m R T_g ln 10' at graph 0.01, first alpha * 1.12 front
}
set xlabel xname noenhanced
set cblabel sprintf('dh (%s)', q_unit)
plot datafile skip 1 using (column(xcol)):(column(Ecol)):(column(dhcol)) with points pt 7 \
     ps 1.5 palette notitle
set xlabel sprintf('dh (%s)', q_unit)
set cblabel xname noenhanced
plot datafile skip 1 using (column(dhcol)):(column(Ecol)):(column(xcol)) with points pt 7 \
     ps 1.5 palette notitle
unset multiplot
