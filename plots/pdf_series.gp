# vitrum pdf, a series of frames: S(Q) and G(r) near the first peak, one line per frame
# coloured by frame, then the first peak's position and FWHM against time (or frame).
# The long-format files hold the frames one after another; the first point of each frame is
# made undefined (NaN) so gnuplot does not join the end of one frame to the start of the next.
# Reads: sqfile, grfile (columns frame, ., Q or r, G, S), tablefile (one row a frame: time in 2,
# peak position 7, FWHM 9, sub-peaks 13 and 19), composition, lorch, x_lo, x_hi (the zoom of
# G(r)), timed (1: against time; 0: against the frame).
set multiplot layout 2,2 \
    title sprintf('vitrum pdf: %s%s', composition, lorch ? ', Lorch' : '') noenhanced
set grid
set cblabel 'frame'
set xlabel 'Q (1/Å)'
set ylabel 'S(Q)'
pf = -1
plot sqfile skip 1 using 3:(c = ($1 != pf), pf = $1, c ? NaN : $5):1 with lines lw 1.5 palette \
     notitle
set xlabel 'r (Å)'
set ylabel 'G(r) (Å^{-2})'
pf = -1
set xrange [x_lo:x_hi]
plot 0 with lines lc 'black' dt 2 notitle, \
     grfile skip 1 using 3:(c = ($1 != pf), pf = $1, c ? NaN : $4):1 with lines lw 1.5 palette \
       notitle
set autoscale x
unset colorbox
set xlabel (timed ? 'time (s)' : 'frame')
set key center right
set ylabel 'first peak position (Å)'
x = timed ? 2 : 1
plot tablefile skip 1 using x:7 with linespoints pt 7 title 'maximum', \
     '' skip 1 using x:13 with linespoints pt 6 title 'sub-peak 1', \
     '' skip 1 using x:19 with linespoints pt 4 title 'sub-peak 2'
set ylabel 'first peak FWHM (Å)'
plot tablefile skip 1 using x:9 with linespoints pt 7 notitle
unset multiplot
