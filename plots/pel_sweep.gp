# vitrum pel --cool-rates (paper 003 Fig. 4c): the energy flow on heating, a curve per cooling
# rate. Reads: datafile (columns cooling rate, T, ., ., dE_IS/dt), heat (K/s), n, rates[1..n]
# (as the table writes them).
set title sprintf('vitrum pel: heating at %g K/s after cooling (paper 003 Fig. 4c)', heat)
set grid
set key top left
set xlabel 'temperature (K)'
set ylabel 'energy flow dE_{IS}/dt (eV/s per atom; < 0: exothermic)'
plot for [k=1:n] datafile skip 1 using ($1==rates[k] ? $2 : 1/0):5 with lines lw 2 \
     title sprintf('cooled at %g K/s', rates[k])
