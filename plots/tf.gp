# vitrum tf: the fictive temperature and the enthalpy recovered of each aged scan, against its
# ageing time (log axis) or, without ages, by curve; the references are left out.
# Reads: datafile (the table: column 3 the label, 4 age_s, 7 Tf_C, 9 dH_area, 11 dH_tf), file
# (the export's name), ages (1: ageing times given), unit (dH's), Tf_ref (the reference's Tf in
# C, drawn dashed; unset: none).
x = ages ? '4' : '0'
xt = ages ? '' : ':xticlabels(3)'
ref = exists('Tf_ref') ? sprintf(", %.9g with lines dt 2 lc 'black' title 'Tf of the reference'", Tf_ref) : ''
set multiplot layout 2,1 title sprintf('vitrum tf: %s', file) noenhanced
set grid
set key top right
set offsets 0, 0, graph 0.05, graph 0.05
if (ages) {
  set logscale x
  set format x '10^{%L}'
} else {
  set xtics rotate by 45 right
}
set ylabel 'fictive temperature (C)'
plot datafile skip 1 using @x:(strcol(3) eq 'reference' ? 1/0 : $7)@xt with linespoints pt 7 \
     lw 2 title 'Tf'@ref
set xlabel ages ? 'ageing time (s)' : 'curve'
set ylabel sprintf('dH (%s)', unit)
plot datafile skip 1 using @x:(strcol(3) eq 'reference' ? 1/0 : $9)@xt with linespoints pt 7 \
     lw 2 title 'dH, area', \
     '' skip 1 using @x:(strcol(3) eq 'reference' ? 1/0 : $11) with points pt 6 ps 1.5 \
     title 'dH, dCp (Tf_{ref} - Tf)'
unset multiplot
