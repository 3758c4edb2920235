# The ageing-rate map dE_IS/dt over (T, E_IS) of the energy-landscape model, with the line of
# maximum ageing rate and the ageing/rejuvenation boundary (vitrum pel-map; agemap's lower panel).
# Reads: mapfile (columns E_IS, T, rate), linesfile (E_IS, T at the maximum, ., T at the
# boundary, and with model_lines = 1 the model's maximum and boundary), L0, L1 (the decades of
# |rate| shown), T_lo, T_hi, E_lo, E_hi (eV/atom).
set xrange [T_lo:T_hi]
set yrange [E_lo:E_hi]
v(r) = (r == 0 || r != r) ? 0 : sgn(r) * (log10(abs(r)) > L0 ? log10(abs(r)) - L0 : 0)
set view map
set pm3d map
set palette defined (-1 '#2166ac', 0 'white', 1 '#b2182b')
set cbrange [-(L1 - L0):(L1 - L0)]
set cblabel sprintf('sign x (log_{10}|dE_{IS}/dt| %+g), rate in eV/s; blue: ageing', -L0)
set xlabel 'temperature (K)'
set ylabel 'E_{IS} (eV/atom)'
set contour base
set cntrparam levels incremental L0, 1, L1
unset clabel
set key top left opaque box font ',9' samplen 2
# the model's lines as a macro: an empty `for` clause would still take room in the key
model = !model_lines ? '' : ", linesfile skip 1 using 5:1:(0) with lines nocontour lw 1.5 \
  lc 'blue' title 'model: max. rate', linesfile skip 1 using 6:1:(0) with points nocontour \
  pt 2 ps 0.5 lc 'blue' title 'model: boundary'"
splot mapfile skip 1 using 2:1:(v($3)) with pm3d nocontour notitle, \
      mapfile skip 1 using 2:1:(log10(abs($3))) with lines nosurface lc 'gray30' lw 0.5 notitle, \
      linesfile skip 1 using 2:1:(0) with lines nocontour dt 2 lw 2.5 lc 'black' \
        title 'max. ageing rate', \
      linesfile skip 1 using 4:1:(0) with points nocontour pt 6 ps 0.7 lc rgb '#e6a800' \
        title 'ageing/rejuvenation boundary' @model
# agemap draws the map below its entries: the end of its multiplot (nothing otherwise)
unset multiplot
