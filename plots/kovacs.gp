# vitrum kovacs: one panel per T1 (a curve per t1), then the memory strength (Fig. 2d), a curve
# per T1. Reads: curves (columns T1, t1, t2, dh), summary (T1, ., dh after step 1, dh_peak),
# T2, n (the number of T1), T1[1..n], t1_list and T1_list (the values as words, as written).
set multiplot layout n+1,1 title sprintf('vitrum kovacs: T2 = %.1f K', T2)
set grid
set key outside right font ',8'
set logscale x
set format x '10^{%L}'
set xlabel 't_2 (s)'
set ylabel '{/Symbol D}h (J/mol)'
do for [a=1:n] {
  set title sprintf('T_1 = %.1f K', T1[a])
  plot for [k=0:words(t1_list)-1] curves skip 1 \
       using (($1==T1[a] && $2==word(t1_list, k+1)+0) ? $3 : 1/0):4 \
       with linespoints pt 7 ps 0.4 title sprintf('t_1 = %s s', word(t1_list, k+1))
}
unset logscale x
set format x '%g'
set title 'memory strength (Fig. 2d)'
set xlabel '{/Symbol D}h after step 1 (J/mol)'
set ylabel '{/Symbol D}h_{peak} (J/mol)'
plot for [T in T1_list] summary skip 1 using ($1==T+0 ? $3 : 1/0):4 with \
     linespoints pt 7 title sprintf('T_1 = %s K', T)
unset multiplot
