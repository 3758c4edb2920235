# Paper 003 Figs. 2-3: E_IS(t) curves and the mined ageing-rate map with its lines.
set terminal pngcairo size 1500,650 font 'DejaVu Sans,12' enhanced
set output out
set multiplot layout 1,2 title "Paper 003 Figs. 2-3: ageing-rate map slope-mined from isothermal E_{IS}(t) curves (vitrum pel -> vitrum agemap)\n".label font ',12'
set title '(Fig. 2) E_{IS}(t) of the sample equilibrated at 890 K'
set xlabel 't (ns)'
set ylabel 'E_{IS} (eV/atom, from E_{ref})'
set key outside right font ',9'
files = system('ls '.curves.'/c_890_*.csv')
set palette defined (0 '#1f77b4', 0.5 '#2ca02c', 1 '#d62728')
unset colorbox
n = words(files)
plot for [i = 1:n] word(files, i) skip 1 using ($1 * 1e9):3 with lines lw 2 lc palette frac (i - 1.0) / (n - 1) \
  title word(files, i)[strstrt(word(files, i), 'c_890_') + 6:strlen(word(files, i)) - 4].' K'
set title '(Fig. 3a) sign x log_{10}|dE_{IS}/dt| (eV/s), mined'
set xlabel 'T (K)'
set ylabel 'E_{IS} (eV/atom)'
set cblabel 'sign x log_{10}|rate/(eV/s)|  (< 0: ageing)'
set colorbox
set cbrange [-8:8]
set palette defined (-1 '#08306b', -0.5 '#6baed6', 0 '#f7f7f7', 0.5 '#fc9272', 1 '#67000d')
set key inside bottom right opaque font ',9'
set datafile missing 'nan'
plot map skip 1 using 2:1:($3 == 0 ? 0 : ($3 > 0 ? 1 : -1) * log10(abs($3) + 1e-300)) with points pt 5 ps 0.6 lc palette notitle, \
  lines skip 1 using 2:1 with points pt 7 ps 0.6 lc rgb 'black' title 'T_{max} mined', \
  lines skip 1 using 5:1 with lines lw 2 dt 2 lc rgb 'black' title 'T_{max} model', \
  lines skip 1 using 4:1 with points pt 6 ps 0.8 lc rgb '#e6ab02' title 'boundary mined'
unset multiplot
