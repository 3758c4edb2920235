# vitrum debye, one scan: the data and the Debye fit (paper 004 Eq. 4) over the residuals.
# Reads: datafile (columns T, data, fit, residual), file (the input's name), law, E, se_E
# (kJ/mol), Tp (K), y_name (the fitted column).
set multiplot
set lmargin 12
set grid
set size 1,0.68
set origin 0,0.32
set title sprintf('vitrum debye: %s, %s E* = %.2f +/- %.2f kJ/mol, Tp = %.2f K', \
                  file, law, E, se_E, Tp) noenhanced
set ylabel y_name noenhanced
set key top left
plot datafile skip 1 using 1:2 with points pt 7 ps 0.4 lc rgb '#1f77b4' title 'data', \
     datafile skip 1 using 1:3 with lines lw 2 lc rgb '#d62728' title 'Debye fit (paper 004 Eq. 4)'
set size 1,0.32
set origin 0,0
unset title
set xlabel 'temperature (K)'
set ylabel 'residual'
plot datafile skip 1 using 1:4 with points pt 7 ps 0.3 lc rgb '#555555' notitle, \
     0 with lines lc 'black' dt 2 notitle
unset multiplot
