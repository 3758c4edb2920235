# vitrum kissinger / eyring: the peaks' ln(rate/Tp^k) against 1000/Tp with the fitted line.
# Reads: datafile (column 3 1/Tp, 4 the ln), a, b, eyring (1: Eyring, k = 3, with H, se_H in
# kJ/mol and S, se_S in J/(mol K); 0: Kissinger, k = 2, with dE, se_dE in kJ/mol).
# the fitted line y = a + b/Tp, drawn against x = 1000/Tp
f(x) = a + b*x/1000
if (eyring) {
  set title sprintf('Eyring: H^* = %.2f +/- %.2f kJ/mol, S^* = %.1f +/- %.1f J/(mol K)', \
                    H, se_H, S, se_S)
} else {
  set title sprintf('Kissinger: {/Symbol D}E = %.2f +/- %.2f kJ/mol', dE, se_dE)
}
set xlabel '1000 / T_p  (1/K)'
set ylabel sprintf('ln(rate / T_p^%d)   (rate in K/s, T_p in K)', eyring ? 3 : 2)
set grid
set key top right
plot datafile skip 1 using (1000*$3):4 with points pt 7 ps 1.5 title 'peaks', \
     f(x) with lines lw 2 title 'least-squares fit'
