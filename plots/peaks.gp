# vitrum peaks: each curve minus its reference against temperature, one colour a curve in the
# order analysed (viridis, sequential, readable in grey), the line windows shaded.
# Reads: datafile (the traces: column 1 the curve's index, 3 T in C, 4 the difference), file
# (the export's name), axis ('Ts' or 'Tr'), unit (the difference's), windows (1: the glass
# window g1..g2 and the liquid window l1..l2, in C, are shaded), n, curve[1..n] (the curves'
# indices) and label[1..n] (their keys).
set title sprintf('vitrum peaks: %s minus its reference', file) noenhanced
set xlabel sprintf('temperature %s (C)', axis)
set ylabel sprintf('difference (%s), endothermic up', unit)
set grid
set key outside right top font ',8' spacing 0.9
if (windows) {
  set object 1 rect from g1, graph 0 to g2, graph 1 fc rgb '#eeeeee' fs solid noborder behind
  set object 2 rect from l1, graph 0 to l2, graph 1 fc rgb '#eeeeee' fs solid noborder behind
}
# viridis sampled at five points, over its first 90 % (its last yellow is too light)
set palette defined (0 '#440154', 1 '#3b528b', 2 '#21918c', 3 '#5ec962', 4 '#fde725')
unset colorbox
plot 0 with lines lc 'black' dt 2 notitle, \
     for [k=1:n] datafile skip 1 using ($1==curve[k] ? $3 : 1/0):4 with lines lw 1.5 \
       lc palette frac (n > 1 ? 0.9*(k-1)/(n-1) : 0) title label[k] noenhanced
