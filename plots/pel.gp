# vitrum pel: T and Tf against time; below, on a final ramp, the energy flow against T, in a
# final hold, E_IS against the time in it.
# Reads: datafile (columns t, T, ., dE_IS/dt, Tf, ., segment), SEG (the final segment), program
# (title), ramp (1: the final segment is a ramp; 0: a hold, E_IS against the time in it).
set multiplot layout 2,1 title sprintf('vitrum pel: %s', program)
set grid
set key top right
set logscale x
set format x '10^{%L}'
set xlabel 'time since start (s)'
set ylabel 'temperature (K)'
plot datafile skip 1 using ($1>0?$1:1/0):2 with lines lw 2 title 'T', \
     '' skip 1 using ($1>0?$1:1/0):5 with lines lw 2 title 'T_f'
if (ramp) {
  unset logscale x
  set format x '%g'
  set xlabel 'temperature (K)'
  set ylabel 'energy flow dE_{IS}/dt (eV/s per atom)'
  plot datafile skip 1 using ($7==SEG ? $2 : 1/0):4 with lines lw 2 title 'final ramp', \
       0 with lines lc 'gray' notitle
} else {
  set xlabel 'time in the final hold (s)'
  set ylabel 'E_{IS} (eV/atom)'
  plot datafile skip 1 using ($7==SEG && $8>0 ? $8 : 1/0):3 with lines lw 2 title 'E_{IS}'
}
unset multiplot
