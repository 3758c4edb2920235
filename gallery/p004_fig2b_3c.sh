#!/usr/bin/env bash
# Paper 004 Figs. 2B and 3C-D: relaxation peaks after long anneals at 253, 303, 318 and 363 K
# (virtual Flash DSC, units model, paper 004 preset), their Debye fits and E*_Debye against t_a.
# Headline: at 253 K, E*_Debye starts near 40 kJ/mol and rises towards 80 kJ/mol (paper).
source "$(dirname "$0")/lib.sh"
if [ "$QUICK" = 1 ]; then ta='20, 200, 5000' grid=(--dT '0.3 K'); else
  ta='20, 50, 100, 200, 500, 1000, 2000, 5000' grid=(); fi
v dsc @paper004 "${grid[@]}" --anneal-T '253, 303, 363 K' --anneal-t "$ta s" -o p004_fig2b_map.csv \
  --table p004_fig2b.csv -q 2>/dev/null
# the paper's other series: 318 K for 2000-10000 s, and 303 K also for 10000 s
v dsc @paper004 "${grid[@]}" --anneal-T '318 K' --anneal-t '2000, 5000, 10000 s' \
  -o p004_fig2b_318.csv --table p004_fig2b_318_table.csv -q 2>/dev/null
v dsc @paper004 "${grid[@]}" --anneal-T '303 K' --anneal-t '10000 s' -o p004_fig2b_303.csv \
  --table p004_fig2b_303_table.csv -q 2>/dev/null
tail -n +2 p004_fig2b_318.csv >>p004_fig2b_map.csv
tail -n +2 p004_fig2b_303.csv >>p004_fig2b_map.csv
v debye --batch p004_fig2b_map.csv --rate '1000 K/s' --Tg '401 K' --fragility 45 -o p004_fig3c.csv -q
e0=$(col p004_fig3c.csv E_kJ_per_mol '$2 == 253 && $3 == 20')
e1=$(col p004_fig3c.csv E_kJ_per_mol '$2 == 253 && $3 == 5000')
check p004_fig3d "E*_Debye rise at 253 K, t_a = 20 -> 5000 s (ratio)" 2 "$(awk -v a="$e0" -v b="$e1" 'BEGIN { print b / a }')" 1.5 4
check p004_fig3d "E*_Debye at 253 K, t_a = 5000 s (kJ/mol)" 80 "$e1" 35 55
plot p004_fig2b_3c.gp map=p004_fig2b_map.csv e=p004_fig3c.csv \
  label="E*_{Debye} at 253 K: $(fmt "$e0") -> $(fmt "$e1") kJ/mol for t_a = 20 -> 5000 s (vitrum); paper: about 40 -> 80 kJ/mol"
