# vitrum simulate: T and Tf against time; below, the enthalpy in the final hold (the Kovacs
# view) or Cp_N against T on the final ramp (the DSC view).
# Reads: datafile, program, model (title words), style (the curves' plot style), last (index of
# the final segment, column 6), hold (1: the final segment is a hold, at hold_K).
set multiplot layout 2,1 title sprintf('vitrum simulate: %s, model %s', program, model)
set logscale x
set format x '10^{%L}'
set grid
set key top right
set xlabel 'time since start (s)'
set ylabel 'temperature (K)'
plot datafile skip 1 using ($1>0?$1:1/0):2 with @style lw 2 title 'T', \
     '' skip 1 using ($1>0?$1:1/0):3 with @style lw 2 title 'T_f'
if (hold) {
  set xlabel sprintf('time in the final hold at %.1f K (s)', hold_K)
  set ylabel 'enthalpy departure dH (J/mol)'
  plot datafile skip 1 using ($6==last && $7>0 ? $7 : 1/0):4 with @style lw 2 \
       title 'dH = dC_p (T_f - T)'
} else {
  unset logscale x
  set format x '%g'
  set xlabel 'temperature on the final ramp (K)'
  set ylabel 'normalised heat capacity C_{p,N} = dT_f/dT'
  plot datafile skip 1 using ($6==last ? $2 : 1/0):5 with @style lw 2 title 'C_{p,N}'
}
unset multiplot
