# Paper 000 Fig. 2: dh(t2) at T2 = 383 K after T1 = 348, 363, 373 K; dh_peak against dh1.
set palette defined (0 "#1f77b4", 0.5 "#2ca02c", 1 "#d62728")
unset colorbox
set multiplot layout 2,2 title "Paper 000 Fig. 2: Kovacs memory at T_2 = 383 K (vitrum kovacs, paper 000 preset, TNM)\n".tp."\n".label font ',12'
set logscale x
set format x '10^{%L}'
set xlabel 't_2 (s)'
set ylabel '{/Symbol D}h (kJ/mol)'
set key bottom right font ',8' maxrows 5
t1s = '0.1 0.2 0.5 1 2 5 10 20 50 100'
panel(T, tag) = sprintf('(%s) T_1 = %d K', tag, T)
do for [k = 1:3] {
  T = word('348 363 373', k) + 0
  set title panel(T, word('a b c', k))
  plot for [i = 1:10] data skip 1 using (($1 == T && $2 == word(t1s, i) + 0) ? $3 : 1/0):($4 / 1000) \
    with lines lw 2 lc palette frac (i - 1) / 9.0 title 't_1 = '.word(t1s, i).' s'
}
unset logscale x
set format x '%g'
set title '(d) memory strength vs {/Symbol D}h of the first step'
set xlabel '{/Symbol D}h_1 after step 1 (kJ/mol)'
set ylabel '{/Symbol D}h_{peak} (kJ/mol)'
set key top left font ',10' maxrows 4 width 1
set arrow 1 from 0.4, graph 0 to 0.4, graph 1 nohead dt 2 lw 2 lc rgb 'black'
set label 1 'paper: 0.4 kJ/mol' at 0.41, graph 0.92 font ',10'
unset colorbox
plot for [k = 1:3] summary skip 1 using ($1 == word('348 363 373', k) + 0 ? $3 / 1000 : 1/0):($4 / 1000) \
  with linespoints ls k title 'T_1 = '.word('348 363 373', k).' K'
unset multiplot
