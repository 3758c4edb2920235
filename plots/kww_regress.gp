# vitrum kww --regress: t_p against tau_rec with the regression line t_p = a + b tau_rec.
# Reads: data (columns tau_rec, t_p), a (s), b, r2.
set grid
set key top left
set xlabel '{/Symbol t}_{rec} (s)'
set ylabel 't_p (s)'
f(x) = a + b * x
plot data skip 1 using 1:2 with points pt 7 title 'data', \
     f(x) title sprintf('t_p = %.4g s + %.4g {/Symbol t}_{rec}, R^2 = %.3f', a, b, r2)
