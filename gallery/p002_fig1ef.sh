#!/usr/bin/env bash
# Paper 002 Fig. 1e-f: the relaxation enthalpy (peak area) against the cooling rate phi
# (403 -> 385 K) and against the annealing time t_a at 385 K, paper 002's protocol.
# Headline: dH falls monotonically with phi and grows with t_a (paper); the 1 K/s value.
source "$(dirname "$0")/lib.sh"
grid=()
[ "$QUICK" = 1 ] && grid=(--dT '0.3 K')
v pathmatch @paper002 "${grid[@]}" --T-s '403 K' --T-a '385 K' --phi '1, 2, 3, 5, 10, 20, 30, 50, 100 K/s' \
  -o p002_fig1e.csv -q
v dsc @paper002 "${grid[@]}" --anneal-T '385 K' --anneal-t "$(logspace 0.1 100 4) s" --table p002_fig1f.csv -q 2>/dev/null
mono=$(awk -F, 'NR > 2 && $8 >= prev { bad = 1 } NR > 1 { prev = $8 } END { print bad ? 0 : 1 }' p002_fig1e.csv)
check p002_fig1e "dH falls with phi (1 = monotonic)" 1 "$mono" 1 1
check p002_fig1e "dH at phi = 1 K/s (kJ/mol)" - "$(col p002_fig1e.csv dh_dsc_cool_J_per_mol '$1 == 1' | awk '{ print $1 / 1000 }')" 1.1 1.3
plot p002_fig1ef.gp e=p002_fig1e.csv f=p002_fig1f.csv
