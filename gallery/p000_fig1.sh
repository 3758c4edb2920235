#!/usr/bin/env bash
# Paper 000 Fig. 1a-f: single-step annealing at 383 K (a, d), two-step 383 -> 373 K (b, e: no
# memory) and 373 -> 383 K (c, f: memory), t1 = 50 s; d-f are the relaxation heat-flow maps.
# Headlines: no memory for 383 -> 373 K (dh_peak = 0), a memory peak for 373 -> 383 K.
source "$(dirname "$0")/lib.sh"
if [ "$QUICK" = 1 ]; then
  grid=(--dT '0.5 K' --ppd 8) ta='0.1, 1, 10, 100, 1000'
else
  grid=() ta='0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000'
fi
v dsc @paper000 "${grid[@]}" --anneal-T '383 K' --anneal-t "$ta s" --table p000_fig1a.csv -o p000_fig1d_map.csv -q 2>/dev/null
v dsc @paper000 "${grid[@]}" --pre-anneal '383 K, 50 s' --anneal-T '373 K' --anneal-t "$ta s" --table p000_fig1e.csv -o p000_fig1e_map.csv -q 2>/dev/null
v dsc @paper000 "${grid[@]}" --pre-anneal '373 K, 50 s' --anneal-T '383 K' --anneal-t "$ta s" --table p000_fig1f.csv -o p000_fig1f_map.csv -q 2>/dev/null
v kovacs @paper000 "${grid[@]}" --T1 '383 K' --t1 '50 s' --T2 '373 K' --t2 "$(logspace 0.1 100000 10) s" \
  -o p000_fig1b.csv --summary p000_fig1b_summary.csv -q
v kovacs @paper000 "${grid[@]}" --T1 '373 K' --t1 '50 s' --T2 '383 K' --t2 "$(logspace 0.1 2000 10) s" \
  -o p000_fig1c.csv --summary p000_fig1c_summary.csv -q
pb=$(col p000_fig1b_summary.csv dh_peak_J_per_mol)
pc=$(col p000_fig1c_summary.csv dh_peak_J_per_mol)
tc=$(col p000_fig1c_summary.csv t_peak_s)
tp0=$(col p000_fig1a.csv Tp_K '$2 == 1')
tp1=$(col p000_fig1a.csv Tp_K '$2 == 1000')
check p000_fig1b "dh_peak, 383 K 50 s -> 373 K (J/mol)" 0 "$pb" 0 0
check p000_fig1c "dh_peak, 373 K 50 s -> 383 K (J/mol)" '>0' "$pc" 5 200
check p000_fig1d "Tp shift t_a = 1 -> 1000 s at 383 K (K)" '>0' "$(awk -v a="$tp0" -v b="$tp1" 'BEGIN { print b - a }')" 30 60
plot p000_fig1.gp a=p000_fig1a.csv b=p000_fig1b.csv c=p000_fig1c.csv d=p000_fig1d_map.csv \
  e=p000_fig1e_map.csv f=p000_fig1f_map.csv \
  label="383 -> 373 K: no memory (dh_{peak} = $(fmt "$pb") J/mol); 373 -> 383 K: memory, dh_{peak} = $(fmt "$pc") J/mol at t_2 = $(fmt "$tc") s (paper: memory only for the jump up)"
