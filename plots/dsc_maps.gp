# vitrum dsc with an anneal sweep: the relaxation heat flow over temperature and annealing
# time, one map per annealing temperature.
# Reads: datafile (column 1 the annealing temperature, 2 the time, 3 T, 4 the heat flow),
# rate (K/s), n, T_a[1..n] (as the map writes them), after (words added to each panel title).
set multiplot layout n,1 \
    title sprintf('vitrum dsc: relaxation heat flow (W/mol), heating at %g K/s', rate)
set view map
set pm3d map interpolate 1,1
set logscale y
set format y '10^{%L}'
set xlabel 'temperature (K)'
set ylabel 'annealing time (s)'
set cblabel 'dQ/dt (W/mol)'
do for [k=1:n] {
  set title sprintf('annealed at %.1f K%s', T_a[k], after)
  splot datafile skip 1 using ($1==T_a[k] ? $3 : 1/0):2:4 with pm3d notitle
}
unset multiplot
