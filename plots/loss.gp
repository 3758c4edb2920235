# vitrum loss: the loss modulus E''(T) of the sweep, the total fit, each term and the background.
# Reads: datafile (columns T_K, T_C, loss, fit, residual, peak1 .. peakN, background, in MPa),
# file (the input's name), freq (Hz), celsius (1: against T in C), logy (1: a log E'' axis),
# n_peaks, kinds (the terms' kinds, 'HN Debye'), E[n_peaks] (kJ/mol), background (MPa).
Tcol = celsius ? 2 : 1
set title sprintf('vitrum loss: %s, f = %g Hz', file, freq) noenhanced
set xlabel sprintf('temperature (%s)', celsius ? 'C' : 'K')
set ylabel "loss modulus E'' (MPa)"
set grid
set key top left
if (logy) {
  # The floor: a third of the data's lowest positive E'' (the terms fall to 1e-100 and below
  # far from their peaks); 1e-6 MPa when none is positive.
  stats datafile skip 1 using ($3 > 0 ? $3 : 1e300) nooutput
  set logscale y
  set yrange [(STATS_min < 1e300 ? STATS_min / 3 : 1e-6):*]
}
# A background of 0 or less has no place on a log axis.
bg = (logy && !(background > 0)) ? 0 : 1
plot datafile skip 1 using (column(Tcol)):3 with points pt 7 ps 0.6 lc 'black' title 'data', \
     datafile skip 1 using (column(Tcol)):4 with lines lw 2.5 lc 'red' title 'fit', \
     for [k=1:n_peaks] datafile skip 1 using (column(Tcol)):(column(5 + k)) with lines dt 2 lw 2 \
         title sprintf('peak %d: %s, %.1f kJ/mol', k, word(kinds, k), E[k]), \
     for [k=1:bg] datafile skip 1 using (column(Tcol)):(column(6 + n_peaks)) with lines dt 3 lw 2 lc 'gray40' \
         title 'background'
