# vitrum strain sweep (paper 001 two-step programs): the second-step stress of every run
# against t'; the memory peak t_p and its height against the swept quantity; with recovery
# (t_rec > 0) the fraction recovered and t_p against tau_rec.
# Reads: curves (columns run, ..., t' in 6, stress in 7), summary (one row a run), runs,
# run_title[1..runs] (keyed = 1: titles in the key), col (summary column of the swept
# quantity, 4: t_w on a log axis), x_label, recovery.
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
