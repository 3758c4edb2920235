# vitrum kww: the data and the fit against t' (log axis) over the residuals.
# Reads: data (columns t', y, fit, residual), column (the fitted column's name, for the title),
# y_label, fit_title.
set multiplot layout 2,1 title sprintf('vitrum kww: %s', column)
set grid
set key top left
set logscale x
set format x '10^{%L}'
set xlabel "t' (s)"
set ylabel y_label
plot data skip 1 using ($1 > 0 ? $1 : 1/0):2 with points pt 7 ps 0.5 title 'data', \
     data skip 1 using ($1 > 0 ? $1 : 1/0):3 with lines lw 2 title fit_title
set ylabel 'residual'
plot data skip 1 using ($1 > 0 ? $1 : 1/0):4 with points pt 7 ps 0.5 notitle
unset multiplot
