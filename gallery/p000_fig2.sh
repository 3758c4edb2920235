#!/usr/bin/env bash
# Paper 000 Fig. 2a-d: two-step (Kovacs) annealing, T1 = 348/363/373 K for t1 = 0.1-100 s,
# then T2 = 383 K; dh(t2) per T1 and the memory strength dh_peak against dh1.
# Headline: the smallest dh1 that shows a memory effect (paper: about 0.4 kJ/mol).
source "$(dirname "$0")/lib.sh"
t1='0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100 s'
grid=()
[ "$QUICK" = 1 ] && grid=(--dT '0.5 K' --ppd 8)
v kovacs @paper000 --T1 '348, 363, 373 K' --t1 "$t1" --T2 '383 K' "${grid[@]}" \
  -o p000_fig2.csv --summary p000_fig2_summary.csv -q
# dh1 of the first t1 with a memory effect (dh_peak > 0), per T1, in kJ/mol
on=()
for T in 348 363 373; do
  on+=("$(awk -F, -v T=$T 'NR > 1 && $1 == T && $4 > 0 { printf "%.3f", $3 / 1000; exit }' p000_fig2_summary.csv)")
done
tp=$(col p000_fig2_summary.csv t_peak_s '$2 == 100' | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }')
check p000_fig2d "memory onset dh1 at 348 K (kJ/mol)" 0.4 "${on[0]}" 0.15 0.5
check p000_fig2d "memory onset dh1 at 373 K (kJ/mol)" 0.4 "${on[2]}" 0.15 0.5
check p000_fig2a "t_peak, t1 = 100 s, T1 = 348 K (s)" - "$(col p000_fig2_summary.csv t_peak_s '$1 == 348 && $2 == 100')" 2.0 4.0
plot p000_fig2.gp data=p000_fig2.csv summary=p000_fig2_summary.csv \
  label="memory appears from {/Symbol D}h_1 = ${on[0]}, ${on[1]}, ${on[2]} kJ/mol (vitrum, 348/363/373 K); paper: about 0.4 kJ/mol" \
  tp="t_{peak} at t_1 = 100 s: $tp s (348/363/373 K)"
