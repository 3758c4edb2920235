# vitrum strain sweep (paper 001 two-step programs): the second-step stress of every run
# against t'; the memory peak t_p and its height against the swept quantity; with recovery
# (t_rec > 0) the fraction recovered and t_p against tau_rec.
# Reads: curves (columns run, ..., t' in 6, stress in 7), summary (one row a run: run,
# eps1_pct, eps2_pct, t_w_s, T_K, ..., the columns used below), runs, swept_eps1, swept_eps2,
# swept_tw, swept_T (1: more than one value given), recovery.
# The trend panels' x: the first swept of t_w (log axis), eps1, eps2, T, else the run.
col = swept_tw ? 4 : swept_eps1 ? 2 : swept_eps2 ? 3 : swept_T ? 5 : 1
array x_labels[5] = ['run', '{/Symbol e}_1 (%)', '{/Symbol e}_2 (%)', 't_w (s)', 'T (K)']
x_label = x_labels[col]
# Up to 30 curves are named in the key by their swept values (more get no key).
keyed = runs <= 30
array run_title[runs]
title_of(e1, e2, tw, T) = (swept_eps1 ? sprintf('{/Symbol e}_1 %g%% ', e1) : '') . \
                          (swept_eps2 ? sprintf('{/Symbol e}_2 %g%% ', e2) : '') . \
                          (swept_tw ? sprintf('t_w %g s ', tw) : '') . \
                          (swept_T ? sprintf('%g K', T) : '')
if (keyed) {
  stats summary skip 1 using (run_title[int($1) + 1] = title_of($2, swept_eps2 ? $3 : 0, $4, $5), $1) \
        nooutput
  do for [k=1:runs] { if (run_title[k] eq '') { run_title[k] = sprintf('run %d', k - 1) } }
}
set multiplot layout (recovery ? 3 : 2),2 title 'vitrum strain'
set grid
set logscale x
set format x '10^{%L}'
set xlabel "t' (s)"
set ylabel '{/Symbol s} (MPa)'
set key outside right font ',7'
plot for [k=0:runs-1] curves skip 1 using ($1==k && $6>0 ? $6 : 1/0):7 with lines \
     title (keyed ? run_title[k+1] : '')
set key off
if (col != 4) { unset logscale x }
set format x '%g'
set xlabel x_label
set ylabel 't_p (s)'
plot summary skip 1 using col:10 with points pt 7
set ylabel '{/Symbol Ds} (MPa)'
plot summary skip 1 using col:9 with points pt 7
if (recovery) {
  set ylabel '1 - {/Symbol e}_{vp}/{/Symbol e}_1'
  plot summary skip 1 using col:14 with points pt 7
  set logscale xy
  set xlabel '{/Symbol t}_{rec} (s)'
  set ylabel 't_p (s)'
  plot summary skip 1 using 11:10 with points pt 7
}
unset multiplot
