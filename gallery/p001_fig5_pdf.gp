# S(Q), G(r) with the first shell, and the first-peak series of the synthesised Cu56Zr44 pattern.
set encoding utf8
set terminal pngcairo size 1500,550 font 'DejaVu Sans,12' enhanced
set output out
set multiplot layout 1,3 title "Paper 001 Fig. 5 / Methods: total scattering of a synthesised Cu_{56}Zr_{44} pattern (vitrum pdf)\n".label font ',12'
set title 'S(Q), Faber-Ziman'
set xlabel 'Q (1/Å)'
set ylabel 'S(Q)'
set key top right
plot sq skip 1 using 3:5 with lines ls 1 title 'vitrum S(Q)', 1 with lines lc rgb 'gray' notitle
set title 'G(r)'
set xlabel 'r (Å)'
set ylabel 'G(r) (1/Å^2)'
set xrange [0:10]
set arrow 1 from 2.75, graph 0 to 2.75, graph 1 nohead dt 2 lc rgb '#d62728'
set arrow 2 from 3.10, graph 0 to 3.10, graph 1 nohead dt 2 lc rgb '#2ca02c'
plot gr skip 1 using 3:4 with lines ls 1 title 'vitrum G(r)', 1/0 with lines dt 2 lc rgb '#d62728' title 'shell put in, 2.75 Å', \
  1/0 with lines dt 2 lc rgb '#2ca02c' title 'shell put in, 3.10 Å'
unset arrow 1
unset arrow 2
set autoscale x
set title 'series: right sub-peak (put in: 3.10, 3.09, 3.08 Å)'
set xlabel 't (s)'
set ylabel 'position (Å)'
set y2label 'FWHM (Å)'
set y2tics
set ytics nomirror
set xrange [-50:650]
set key bottom left
plot ser skip 1 using 2:(column(19)) with linespoints ls 2 title 'sub2 position', \
  '' skip 1 using 2:(column(21)) axes x1y2 with linespoints ls 1 title 'sub2 FWHM'
unset multiplot
