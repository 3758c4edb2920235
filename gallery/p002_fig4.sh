#!/usr/bin/env bash
# Paper 002 Fig. 4: Kissinger activation energy dE of the relaxation peak (R_h = 100, 200, 500,
# 1000 K/s) against dH: (a) isothermal anneals at 397 K for t_a = 0.1-1000 s; (b) both paths
# at 385 K (isothermal t_a, and cooling 403 -> 385 K at phi).
# Headline: dE rises from 80-100 kJ/mol (short anneals) to ~170 kJ/mol (paper).
source "$(dirname "$0")/lib.sh"
grid=()
[ "$QUICK" = 1 ] && grid=(--dT '0.3 K')
rates='100, 200, 500, 1000'
kinetics p002_fig4a 397 '0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000' "$rates" @paper002 "${grid[@]}"
kinetics p002_fig4b 385 '0.3, 1, 3, 10, 30' "$rates" @paper002 "${grid[@]}"
# the cooling path: dsc of the program 403 K -> 385 K at phi, at each heating rate
echo "phi_K_per_s,dh_J_per_mol,dE_kJ_per_mol" >p002_fig4_cool.csv
for phi in 100 30 10 3 1; do
  printf 'start 403 K\nramp to 385 K at %s K/s\n' "$phi" >cool_$phi.prog
  tps=() dh=
  for r in ${rates//,/ }; do
    out=$(v dsc @paper002 "${grid[@]}" --program cool_$phi.prog --heat-rate "$r K/s" 2>/dev/null)
    tps+=("$(awk '/Tp     =/ { print $3 }' <<<"$out")")
    dh=$(awk '/dh     =/ { print $3 }' <<<"$out")
  done
  v kissinger --rates "$rates K/s" --Tp "$(IFS=,; echo "${tps[*]}") K" -o k.csv -q
  awk -F, -v p="$phi" -v d="$dh" 'NR == 2 { printf "%s,%s,%.4f\n", p, d, $2 / 1000 }' k.csv >>p002_fig4_cool.csv
  rm -f k.csv cool_$phi.prog
done
e0=$(col p002_fig4a.csv dE_kJ_per_mol '$2 == 0.1')
e1=$(col p002_fig4a.csv dE_kJ_per_mol '$2 == 1000')
check p002_fig4a "dE at 397 K, t_a = 0.1 s (kJ/mol)" 80-100 "$e0" 70 110
check p002_fig4a "dE at 397 K, t_a = 1000 s (kJ/mol)" 170 "$e1" 120 200
plot p002_fig4.gp a=p002_fig4a.csv tp=p002_fig4a_tp.csv b=p002_fig4b.csv c=p002_fig4_cool.csv \
  label="dE = $(fmt "$e0") -> $(fmt "$e1") kJ/mol (vitrum, t_a = 0.1 -> 1000 s at 397 K); paper: 80-100 -> about 170 kJ/mol"
