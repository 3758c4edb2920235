# vitrum strain --program: the stress over the strain (total and viscoplastic) against time.
# Reads: data (columns t, strain, stress, viscoplastic strain), program (title).
set multiplot layout 2,1 title sprintf('vitrum strain: %s', program)
set grid
set key off
set xlabel 't (s)'
set ylabel '{/Symbol s} (MPa)'
plot data skip 1 using 1:3 with lines lw 2
set ylabel '{/Symbol e} (%)'
set key top right
plot data skip 1 using 1:2 with lines lw 2 title 'total', \
     data skip 1 using 1:4 with lines dt 2 title 'viscoplastic'
unset multiplot
