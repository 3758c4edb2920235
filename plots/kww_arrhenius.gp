# vitrum kww --arrhenius: ln tau against 1000/T with the fitted line, or, with --window
# (windowed = 1), Ea against t_w with error bars.
# Reads: data (per file: ., T, tau; windowed: t_w, Ea, se), windowed, ln_tau0, Ea_R (Ea/R, K),
# Ea (kJ/mol).
set grid
if (windowed) {
  set key off
  set logscale x
  set xlabel 't_w (s)'
  set ylabel 'E_a (kJ/mol)'
  plot data skip 1 using 1:2:3 with yerrorlines pt 7
} else {
  set xlabel '1000/T (1/K)'
  set ylabel 'ln {/Symbol t} (s)'
  f(x) = ln_tau0 + Ea_R * x / 1000
  plot data skip 1 using (1000/$2):(log($3)) with points pt 7 title 'KWW {/Symbol t}', \
       f(x) title sprintf('E_a = %.4g kJ/mol', Ea)
}
