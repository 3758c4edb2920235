# vitrum pdf, one pattern: S(Q), G(r), and the first peak zoomed with its two Gaussian
# sub-peaks (paper 001 Fig. 5 insets).
# Reads: sqfile (columns ., ., Q, ., S), grfile (., ., r, G), composition, lorch, x_lo, x_hi
# (the first peak's window, padded), split (1: two sub-peaks, Gaussians g1, g2 of area1,
# sigma1, r1 and area2, sigma2, r2, in Å).
set multiplot layout 3,1 \
    title sprintf('vitrum pdf: %s%s', composition, lorch ? ', Lorch' : '') noenhanced
set grid
set xlabel 'Q (1/Å)'
set ylabel 'S(Q)'
plot sqfile skip 1 using 3:5 with lines lw 2 lc rgb '#1f4e9c' notitle
set xlabel 'r (Å)'
set ylabel 'G(r) (Å^{-2})'
plot 0 with lines lc 'black' dt 2 notitle, \
     grfile skip 1 using 3:4 with lines lw 2 lc rgb '#1f4e9c' notitle
set autoscale x
set key top right
set xrange [x_lo:x_hi]
if (split) {
  g1(x) = area1 / (sigma1 * sqrt(2 * pi)) * exp(-0.5 * ((x - r1) / sigma1)**2)
  g2(x) = area2 / (sigma2 * sqrt(2 * pi)) * exp(-0.5 * ((x - r2) / sigma2)**2)
  plot grfile skip 1 using 3:4 with lines lw 2 lc rgb '#1f4e9c' title 'G(r)', \
       g1(x) with lines dt 2 lw 2 lc rgb '#d62728' title sprintf('%.3f Å', r1), \
       g2(x) with lines dt 2 lw 2 lc rgb '#2ca02c' title sprintf('%.3f Å', r2), \
       g1(x) + g2(x) with lines lw 1 lc 'black' title 'sum'
} else {
  plot grfile skip 1 using 3:4 with lines lw 2 lc rgb '#1f4e9c' title 'first peak'
}
unset multiplot
