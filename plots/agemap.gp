# vitrum agemap (paper 003 Figs. A1, 3a): the slope-mined ageing rates of the entries over
# (T, E_IS); the rate map follows below (rate_map.gp, which reads L0, L1 and the ranges too).
# Reads: entries (columns ., ., T, E_IS, rate), L0, L1, T_lo, T_hi, E_lo, E_hi.
set multiplot layout 2,1 title 'vitrum agemap: slope-mined ageing rates (paper 003 Figs. A1, 3a)'
v(r) = (r == 0 || r != r) ? 0 : sgn(r) * (log10(abs(r)) > L0 ? log10(abs(r)) - L0 : 0)
set palette defined (-1 '#2166ac', 0 'white', 1 '#b2182b')
set cbrange [-(L1 - L0):(L1 - L0)]
set grid
set xrange [T_lo:T_hi]
set yrange [E_lo:E_hi]
set xlabel 'temperature (K)'
set ylabel 'E_{IS} (eV/atom)'
set cblabel 'sign x log_{10}|rate| (shifted)'
plot entries skip 1 using 3:4:(v($5)) with points pt 7 ps 0.5 palette notitle
unset grid
