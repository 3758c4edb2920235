#!/usr/bin/env bash
# Paper 002 Figs. 2-3: continuous cooling 403 -> 385 K at phi vs isothermal annealing at 385 K
# to the same enthalpy (vitrum pathmatch, paper 002's protocol); the two relaxation peaks per
# rate (Fig. 2) and FWHM against dH (Fig. 3).
# Headline: the matched t_a against the measured 0.3/0.6/1.2/4/8/26 s for 100/50/30/10/5/1 K/s.
source "$(dirname "$0")/lib.sh"
grid=()
[ "$QUICK" = 1 ] && grid=(--dT '0.3 K')
v pathmatch @paper002 "${grid[@]}" --T-s '403 K' --T-a '385 K' --phi '100, 50, 30, 10, 5, 1 K/s' \
  -o p002_fig2.csv --peaks p002_fig2_peaks.csv -q
paper=(0.3 0.6 1.2 4 8 26)
i=0
for phi in 100 50 30 10 5 1; do
  t=$(col p002_fig2.csv t_a_s "\$1 == $phi")
  lo=$(awk -v p="${paper[$i]}" 'BEGIN { print p / 2 }')
  hi=$(awk -v p="${paper[$i]}" 'BEGIN { print p * 2 }')
  check p002_fig2 "t_a matching phi = $phi K/s (s)" "${paper[$i]}" "$t" "$lo" "$hi"
  i=$((i + 1))
done
plot p002_fig2.gp data=p002_fig2.csv peaks=p002_fig2_peaks.csv \
  label="matched t_a (vitrum): $(col p002_fig2.csv t_a_s | awk '{ printf "%s%.2g", (NR > 1 ? ", " : ""), $1 }') s; paper: 0.3, 0.6, 1.2, 4, 8, 26 s ({/Symbol f} = 100, 50, 30, 10, 5, 1 K/s)"
