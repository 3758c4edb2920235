#!/usr/bin/env bash
# Paper 003 Fig. 4b-c: the energy-landscape model's ageing-rate map over (E_IS, T) with the
# maximum-ageing-rate line and the ageing/rejuvenation boundary (vitrum pel-map), and the
# exothermic signal on heating at 1 K/s after cooling at 20-2000 K/s (vitrum pel).
# Headline: the exotherm shifts to lower T for faster-cooled glasses (paper: "clearly shifts").
source "$(dirname "$0")/lib.sh"
if [ "$QUICK" = 1 ]; then n=41 dT=(--dT '0.5 K'); else n=121 dT=(); fi
v pel-map --nE "$n" --nT "$n" -o p003_fig4b_map.csv --lines p003_fig4b_lines.csv -q
v pel --cool-rates '20, 200, 2000 K/s' "${dT[@]}" -o p003_fig4c.csv -q >p003_fig4c_summary.csv
t20=$(col p003_fig4c_summary.csv T_exo_K '$1 == 20')
t2k=$(col p003_fig4c_summary.csv T_exo_K '$1 == 2000')
shift=$(awk -v a="$t20" -v b="$t2k" 'BEGIN { print a - b }')
check p003_fig4c "exotherm shift, 20 -> 2000 K/s (K)" '>0' "$shift" 30 60
plot p003_fig4.gp map=p003_fig4b_map.csv lines=p003_fig4b_lines.csv c=p003_fig4c.csv \
  label="exothermic peak at $(fmt "$t20" 4), $(fmt "$(col p003_fig4c_summary.csv T_exo_K '$1 == 200')" 4), $(fmt "$t2k" 4) K after 20, 200, 2000 K/s: $(fmt "$shift") K lower for the fastest quench (paper: a clear shift to low T)"
