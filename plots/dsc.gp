# vitrum dsc: the annealed and the as-cooled scans, and their difference (the relaxation peak).
# Reads: datafile, program (title), rate (K/s), unit (of the heat flow), c (column of the
# annealed scan; the as-cooled one follows, then the difference).
set multiplot layout 2,1 title sprintf('vitrum dsc: %s (heating at %g K/s)', program, rate)
set grid
set key top left
set xlabel 'temperature (K)'
set ylabel sprintf('heat flow (%s, endothermic up)', unit)
plot datafile skip 1 using 1:c with lines lw 2 title 'annealed', \
     '' skip 1 using 1:c+1 with lines lw 2 title 'as-cooled'
set ylabel sprintf('relaxation peak (%s)', unit)
plot datafile skip 1 using 1:c+2 with lines lw 2 title 'annealed - as-cooled', \
     0 with lines lc 'gray' notitle
unset multiplot
