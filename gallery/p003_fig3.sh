#!/usr/bin/env bash
# Paper 003 Figs. 2-3: isothermal E_IS(t) curves (here made by the energy-landscape model itself,
# vitrum pel, standing in for MD: samples equilibrated at 890/860/830 K, annealed at 500-850 K
# for 10 ns, E_IS every 50 ps as in the paper's MD), slope-mined into an ageing-rate map with
# its maximum-ageing-rate line and ageing/rejuvenation boundary (vitrum agemap).
# Headline: the mined T_max line against the model's own (the mining must give back the model).
source "$(dirname "$0")/lib.sh"
if [ "$QUICK" = 1 ]; then
  step=0.2 Ts=(890 830) T=(600 700 750 800 850) n=61
else
  step=0.05 Ts=(890 860 830) T=(500 550 600 650 700 725 750 775 800 825 850) n=121
fi
mkdir -p p003_curves
rm -f p003_curves/*.csv
for s in "${Ts[@]}"; do
  for t in "${T[@]}"; do
    printf 'start %s K\njump to %s K\nhold 10 ns\n' "$s" "$t" >p003_curves/p.prog
    v pel --program p003_curves/p.prog --at-time "$(seq -s, "$step" "$step" 10) ns" -o "p003_curves/c_${s}_$t.csv" -q
  done
done
rm -f p003_curves/p.prog
v agemap p003_curves/c_*.csv --compare --nT "$n" --nE "$n" -o p003_fig3_map.csv --lines p003_fig3_lines.csv \
  --averaged p003_fig3_entries.csv 2>p003_fig3_log.txt
med=$(sed -n 's/.*(median \([0-9.]*\) K).*/\1/p' p003_fig3_log.txt)
check p003_fig3a "median |T_max mined - model| (K)" - "$med" 0 "$([ "$QUICK" = 1 ] && echo 8 || echo 5)"
plot p003_fig3.gp map=p003_fig3_map.csv lines=p003_fig3_lines.csv curves=p003_curves \
  label="mined maximum-ageing-rate line vs the model's: median difference $(fmt "$med") K"
