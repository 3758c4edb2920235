# Paper 001 Figs. 2-3: stress memory curves and t_p, dsigma against eps1, T_a and t_w.
set terminal pngcairo size 1500,900 font 'DejaVu Sans,12' enhanced
set output out
set palette defined (0 "#1f77b4", 0.5 "#2ca02c", 1 "#d62728")
unset colorbox
set multiplot layout 2,3 title "Paper 001 Figs. 2-3 (model): stress memory after 0 -> {/Symbol e}_1 for t_w -> {/Symbol e}_2 = 0.3 % (vitrum strain, viscoelastic model, T_{ref} = 593 K)" font ',12'
set logscale x
set format x '10^{%L}'
set xlabel "t' = t - t_w - ramp (s)"
set ylabel '{/Symbol s} (MPa)'
set key bottom left font ',10'
set title '(2a) {/Symbol e}_1 = 0.4-0.7 %, t_w = 900 s, 593 K'
plot for [k = 0:3] a skip 1 using ($1 == k && $6 > 0 ? $6 : 1/0):7 with lines lw 2 lc palette frac k / 3.0 title sprintf('{/Symbol e}_1 = %.1f %%', 0.4 + 0.1 * k)
set title '(2d) T_a = 573-603 K, {/Symbol e}_1 = 0.5 %'
plot for [k = 0:3] d skip 1 using ($1 == k && $6 > 0 ? $6 : 1/0):7 with lines lw 2 lc palette frac k / 3.0 title sprintf('T_a = %d K', 573 + 10 * k)
set title '(3a) t_w = 30-3600 s, {/Symbol e}_1 = 0.5 %, 593 K'
tws = '30 100 300 900 1800 3600'
plot for [k = 0:5] w skip 1 using ($1 == k && $6 > 0 ? $6 : 1/0):7 with lines lw 2 lc palette frac k / 5.0 title 't_w = '.word(tws, k + 1).' s'
unset logscale x
set format x '%g'
set key top left width 2 font ',11'
set title '(2b, c) t_p and {/Symbol Ds} against {/Symbol e}_1'
set xlabel '{/Symbol e}_1 (%)'
set ylabel 't_p (s)'
set y2label '{/Symbol Ds} (MPa)'
set y2tics
set ytics nomirror
plot as skip 1 using 2:10 with linespoints ls 1 title 't_p', '' skip 1 using 2:9 axes x1y2 with linespoints ls 2 title '{/Symbol Ds}'
set title '(2e, f) t_p and {/Symbol Ds}/{/Symbol s}_0 against T_a'
set xlabel 'T_a (K)'
set y2label '{/Symbol Ds}/{/Symbol s}_0'
plot ds skip 1 using 5:10 with linespoints ls 1 title 't_p', '' skip 1 using 5:($9 / $7) axes x1y2 with linespoints ls 2 title '{/Symbol Ds}/{/Symbol s}_0'
set title '(3d) {/Symbol Ds} and t_p against t_w'
set logscale x
set format x '10^{%L}'
set xlabel 't_w (s)'
set y2label '{/Symbol Ds} (MPa)'
plot ws skip 1 using 4:10 with linespoints ls 1 title 't_p', '' skip 1 using 4:9 axes x1y2 with linespoints ls 2 title '{/Symbol Ds}'
unset multiplot
