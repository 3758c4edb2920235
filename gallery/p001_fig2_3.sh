#!/usr/bin/env bash
# Paper 001 Figs. 2-3 (model): two-step strain programs on the viscoelastic model (vitrum strain,
# its default TiZrHfCuNiBe-like parameters at T_ref = 593 K): sigma(t') after 0 -> eps1 for t_w
# -> eps2 = 0.3 %, against eps1 (Fig. 2a-c), T_a (Fig. 2d-f) and t_w (Fig. 3a, d).
# Headlines: t_p and dsigma grow with eps1 and with t_w (paper: "dsigma increases
# monotonically as the preloading time increases").
source "$(dirname "$0")/lib.sh"
v strain --eps1 '0.4, 0.5, 0.6, 0.7 %' --eps2 '0.3 %' --tw '900 s' -o p001_fig2a.csv --summary p001_fig2a_summary.csv -q
v strain --eps1 '0.5 %' --eps2 '0.3 %' --tw '900 s' --T '573, 583, 593, 603 K' -o p001_fig2d.csv --summary p001_fig2d_summary.csv -q
v strain --eps1 '0.5 %' --eps2 '0.3 %' --tw '30, 100, 300, 900, 1800, 3600 s' -o p001_fig3.csv --summary p001_fig3_summary.csv -q
mono() { awk -F, -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
  NR > 2 && $k <= p { bad = 1 } { p = $k } END { print bad ? 0 : 1 }' "$1"; }
check p001_fig2b "t_p grows with eps1 (1 = monotonic)" 1 "$(mono p001_fig2a_summary.csv t_p_s)" 1 1
check p001_fig3d "dsigma grows with t_w (1 = monotonic)" 1 "$(mono p001_fig3_summary.csv dsigma_MPa)" 1 1
check p001_fig3d "dsigma at t_w = 900 s (MPa)" - "$(col p001_fig3_summary.csv dsigma_MPa '$4 == 900')" 20 35
plot p001_fig2_3.gp a=p001_fig2a.csv as=p001_fig2a_summary.csv d=p001_fig2d.csv ds=p001_fig2d_summary.csv \
  w=p001_fig3.csv ws=p001_fig3_summary.csv
