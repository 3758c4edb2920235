#!/usr/bin/env bash
# Paper 004 Fig. 4: multi-step annealing creates separate relaxation peaks: (A) 403 K for 0.5 s;
# (B) then 363 K for 0.1 s; (C) then 253 K for 500 s (virtual Flash DSC, units model).
# Headline: the number of separate peaks, 1 after (A) and 3 after (C) (paper).
source "$(dirname "$0")/lib.sh"
grid=()
[ "$QUICK" = 1 ] && grid=(--dT '0.3 K')
steps=('403 K' '0.5 s' '363 K' '0.1 s' '253 K' '500 s')
for k in 1 2 3; do
  {
    echo "start ${steps[0]}"
    echo "hold ${steps[1]}"
    [ "$k" -ge 2 ] && printf 'cool to %s at 10000 K/s\nhold %s\n' "${steps[2]}" "${steps[3]}"
    [ "$k" -ge 3 ] && printf 'cool to %s at 10000 K/s\nhold %s\n' "${steps[4]}" "${steps[5]}"
  } >p004_fig4_$k.prog
  v dsc @paper004 "${grid[@]}" --program p004_fig4_$k.prog -o p004_fig4_$k.csv >/dev/null 2>&1
done
# peaks: local maxima of the difference (column 5) above 3 % of its highest value
npk() {
  awk -F, 'NR > 1 { y[++n] = $5; if ($5 > m) m = $5 }
    END { for (i = 2; i < n; i++) if (y[i] > 0.03 * m && y[i] >= y[i - 1] && y[i] > y[i + 1]) c++; print c + 0 }' "$1"
}
n1=$(npk p004_fig4_1.csv) n2=$(npk p004_fig4_2.csv) n3=$(npk p004_fig4_3.csv)
check p004_fig4a "separate peaks after 403 K 0.5 s" 1 "$n1" 1 1
check p004_fig4c "separate peaks after three steps" 3 "$n3" 3 3
plot p004_fig4.gp a=p004_fig4_1.csv b=p004_fig4_2.csv c=p004_fig4_3.csv \
  label="peaks resolved: $n1, $n2, $n3 after one, two, three steps (paper: one peak per annealing step)"
