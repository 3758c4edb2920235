#!/usr/bin/env bash
# Command-line tests of vitrum debye (Debye recovery peaks, paper 004 Eqs. 3-4).
#
#   usage: test_debye.sh PATH_TO_VITRUM_BINARY SOURCE_DIR
#
# One line per case, 'ok NAME' or 'FAIL NAME: why'; last line 'N passed, M failed'; exit status 1
# when a case failed (2 for a bad invocation of this script). Every case runs in a fresh
# directory under one mktemp -d directory, removed on exit. Only bash, coreutils and awk (and
# gnuplot for the picture cases, skipped without it).
#
# Data are made here by awk, not by vitrum: a Debye peak of known E*, tau0 and Q0 on heating at
# 1000 K/s, its integral int dT/(R_h tau) by Simpson's rule (16 panels per data interval: ~1e-13
# relative at these widths), printed to 12 significant digits. The fit is exact up to that
# rounding (~1e-10 relative in E*), so the limits below are set by the digits vitrum prints:
# 4 decimals of kJ/mol in the summary (5e-5 kJ/mol), %.10g in the CSV files (1e-6 here).
# The map of `vitrum dsc` holds TNM peaks, which are no single Debye unit: only the table's
# shape and the convergence of its fits are checked there, not their E*.
# shellcheck source=harness.sh
source "$(dirname "$0")/harness.sh"
cli_suite debye "$@"

# ---- synthetic peaks (awk) ------------------------------------------------------------------

# peak LAW P1 P2 TP Q0 LO HI STEP [KEYS]: rows "T,y" (KEYS: "KEYS,T,y") of a Debye peak on heating
# at 1000 K/s whose maximum is at TP: LAW arrhenius (P1 = E in J/mol) or vft (P1 = D, P2 = T0),
# tau from the peak condition -d ln tau/dT = 1/(R_h tau) at TP.
AWK_PEAK='
function lntau(T) { return law == "vft" ? lnt0 + D * T0 / (T - T0) : lnt0 + E / (R * T) }
function f(T) { return exp(-lntau(T)) / 1000 }
BEGIN {
  R = 1.380649e-23 * 6.02214076e23
  if (law == "vft") {
    D = p1; T0 = p2; lnt0 = log((Tp - T0) ^ 2 / (D * T0 * 1000)) - D * T0 / (Tp - T0)
  } else {
    E = p1; lnt0 = log(R * Tp * Tp / (E * 1000)) - E / (R * Tp)
  }
  n = int((hi - lo) / h + 0.5); I = 0; m = 16
  for (i = 0; i <= n; i++) {
    T = lo + i * h
    if (i > 0) {
      a = T - h; s = f(a) + f(T); d = h / m
      for (k = 1; k < m; k++) s += (k % 2 ? 4 : 2) * f(a + k * d)
      I += s * d / 3
    }
    printf "%s%.4f,%.12g\n", keys == "" ? "" : keys ",", T, Q0 * exp(-lntau(T) - I)
  }
}'
peak() {
  awk -v law="$1" -v p1="$2" -v p2="$3" -v Tp="$4" -v Q0="$5" -v lo="$6" -v hi="$7" -v h="$8" \
    -v keys="${9:-}" "$AWK_PEAK"
}
# ln tau0 of an Arrhenius peak at Tp (the generator's own formula).
ln_tau0() {
  awk -v E="$1" -v Tp="$2" 'BEGIN { R = 1.380649e-23 * 6.02214076e23
    printf "%.10f", log(R * Tp * Tp / (E * 1000)) - E / (R * Tp) }'
}

mkdir "$TMP/data"
# One peak: E* = 90 kJ/mol, Tp = 400 K, Q0 = 500 J/mol, 330..470 K every 0.2 K (701 points).
{
  echo "T_K,dhf_W_per_mol"
  peak arrhenius 90000 0 400 500 330 470 0.2
} >"$TMP/data/single.csv"
# The same peak for a sample of 2 umol in C and mW (2e-6 mol x 1e3 mW/W = 2e-3 mW per W/mol,
# Q0 = 1 mJ), with a comment line and a label column, for the unit handling.
awk -F, 'NR == 1 { print "# the peak of single.csv in C and mW"; print "label,T_C,diff_mW"; next }
  { printf "p,%.4f,%.12g\n", $1 - 273.15, $2 * 2e-3 }' "$TMP/data/single.csv" \
  >"$TMP/data/celsius.csv"
# A VFT peak: D = 10, T0 = 250 K, Tp = 420 K (apparent E* = R D T0 Tp^2/(Tp - T0)^2
# = 126.8747 kJ/mol), 290..520 K every 0.2 K.
{
  echo "T_K,dhf_W_per_mol"
  peak vft 10 250 420 300 290 520 0.2
} >"$TMP/data/vft.csv"
# A map as vitrum dsc writes it (T_a_K,t_a_s,T_K,dheat_flow_W_per_mol, a blank line after each
# scan), 200..480 K every 0.5 K: E* = 40, 86, 345 kJ/mol (paper 004's gamma/beta', beta and
# alpha for Tg = 401 K, m = 45) at Tp = 310, 400, 445 K, Q0 = 20, 300, 900 J/mol.
{
  echo "T_a_K,t_a_s,T_K,dheat_flow_W_per_mol"
  peak arrhenius 40000 0 310 20 200 480 0.5 "273,5"
  echo
  peak arrhenius 86000 0 400 300 200 480 0.5 "353,5"
  echo
  peak arrhenius 345000 0 445 900 200 480 0.5 "393,5"
  echo
} >"$TMP/data/map.csv"

# ---- helpers (as in test_kinetics.sh) ----------------------------------------------------------

# near WHAT GOT WANT TOL
near() { near_why "$@"; }
is_png() { [ -s "$1" ] && [ "$(head -c 4 "$1" | tail -c 3)" = PNG ]; }

SINGLE_HEADER=n,law,rate_K_per_s,T_min_K,T_max_K,dh_J_per_mol,se_dh_J_per_mol,E_kJ_per_mol,se_E_kJ_per_mol,ln_tau0_s,se_ln_tau0,Tp_K,rms_W_per_mol,r2,iterations,class
BATCH_HEADER=scan,T_a_K,t_a_s,n,dh_J_per_mol,se_dh_J_per_mol,E_kJ_per_mol,se_E_kJ_per_mol,ln_tau0_s,se_ln_tau0,Tp_K,rms_W_per_mol,r2,class,status

# ---- 1. one peak ----------------------------------------------------------------------------

begin single_arrhenius
cp "$TMP/data/single.csv" "$DIR/"
run debye single.csv --rate '1000 K/s' -o row.csv --fitted fit.csv
expect_status $ST_OK
near "E* (kJ/mol)" "$(summary 'E*')" 90 0.00005
near "dh (J/mol)" "$(summary dh)" 500 0.0001
near "Tp (K)" "$(summary Tp)" 400 0.0005
near "ln_tau0" "$(summary ln_tau0)" "$(ln_tau0 90000 400)" 0.000005
near "R^2" "$(summary 'R^2')" 1 1e-8
grep -q "^  Arrhenius law, [0-9]* iterations" "$OUT" || why "summary lacks the law line"
[ "$(head -n 1 "$DIR/row.csv")" = "$SINGLE_HEADER" ] ||
  why "row header: $(head -n 1 "$DIR/row.csv")"
[ "$(wc -l <"$DIR/row.csv")" -eq 2 ] || why "row.csv is not one header + one row"
near "n" "$(csv_field row.csv n)" 701 0
near "E_kJ_per_mol" "$(csv_field row.csv E_kJ_per_mol)" 90 1e-6
near "dh_J_per_mol" "$(csv_field row.csv dh_J_per_mol)" 500 1e-6
near "Tp_K" "$(csv_field row.csv Tp_K)" 400 1e-6
near "ln_tau0_s" "$(csv_field row.csv ln_tau0_s)" "$(ln_tau0 90000 400)" 1e-6
near "T_max_K" "$(csv_field row.csv T_max_K)" 470 1e-9
[ "$(csv_field row.csv law)" = arrhenius ] || why "law column: $(csv_field row.csv law)"
[ "$(head -n 1 "$DIR/fit.csv")" = "T_K,dhf_W_per_mol,fit_dhf_W_per_mol,residual_dhf_W_per_mol" ] ||
  why "fitted header: $(head -n 1 "$DIR/fit.csv")"
[ "$(wc -l <"$DIR/fit.csv")" -eq 702 ] || why "fit.csv is not 701 rows"
# The peak is 13300 W/mol high, given to 12 digits (1e-8 W/mol): residuals stay below 1e-6;
# y - fit - residual is within the rounding of three 10-digit numbers (1.5e-6).
bad=$(awk -F, 'NR > 1 && ($4 > 1e-6 || $4 < -1e-6 || $2 - $3 - $4 > 2e-6 || $3 + $4 - $2 > 2e-6) {
  print NR; exit }' "$DIR/fit.csv")
[ -z "$bad" ] || why "fit.csv: residual off at line $bad"
expect_files single.csv row.csv fit.csv
finish

begin single_units_celsius_mW
cp "$TMP/data/celsius.csv" "$DIR/"
run debye celsius.csv --rate '60000 K/min' -o row.csv
expect_status $ST_OK
near "E* (kJ/mol)" "$(summary 'E*')" 90 0.00005
near "dh (mJ)" "$(summary dh)" 1 1e-6
grep -q "columns T_C and diff_mW" "$OUT" || why "summary does not name the columns"
grep -q "mJ   (Q0" "$OUT" || why "dh not in mJ: $(grep dh "$OUT")"
head -n 1 "$DIR/row.csv" | grep -q ",dh_mJ,se_dh_mJ,.*,rms_mW," ||
  why "row header: $(head -n 1 "$DIR/row.csv")"
near "rate_K_per_s" "$(csv_field row.csv rate_K_per_s)" 1000 1e-9
near "T_min_K" "$(csv_field row.csv T_min_K)" 330 1e-9
finish

# A window: the model starts its integral at the first point kept, so the fit stays exact.
begin single_range
cp "$TMP/data/single.csv" "$DIR/"
run debye single.csv --rate '1000 K/s' --range '90,160 C' -o row.csv
expect_status $ST_OK
near "E_kJ_per_mol" "$(csv_field row.csv E_kJ_per_mol)" 90 1e-6
near "n" "$(csv_field row.csv n)" 350 0
near "T_min_K" "$(csv_field row.csv T_min_K)" 363.2 1e-9
finish

begin single_class
cp "$TMP/data/single.csv" "$DIR/"
run debye single.csv --rate '1000 K/s' --Tg '401 K' --fragility 45 -o row.csv
expect_status $ST_OK
[ "$(summary class)" = beta ] || why "class: $(summary class)"
[ "$(csv_field row.csv class)" = beta ] || why "class column: $(csv_field row.csv class)"
grep -q "beta (26 +- 4) R Tg = 73.4-100.0 kJ/mol, alpha m R Tg ln 10 = 345.5 kJ/mol" "$OUT" ||
  why "the class ranges are not printed"
finish

# -o - puts the row on standard output and the summary on standard error.
begin single_stdout
cp "$TMP/data/single.csv" "$DIR/"
run debye single.csv --rate '1000 K/s' -o -
expect_status $ST_OK
[ "$(head -n 1 "$OUT")" = "$SINGLE_HEADER" ] || why "stdout is not the row: $(snippet "$OUT")"
near "E* on stderr" "$(summary 'E*' "$ERR")" 90 0.00005
expect_files single.csv
finish

begin single_vft
cp "$TMP/data/vft.csv" "$DIR/"
run debye vft.csv --rate '1000 K/s' --law vft -o row.csv
expect_status $ST_OK
near "D" "$(summary D)" 10 0.00001
near "T0 (K)" "$(summary T0)" 250 0.001
near "E* (apparent, kJ/mol)" "$(summary 'E*')" 126.8747 0.0001
near "Tp (K)" "$(summary Tp)" 420 0.0005
grep -q "^  VFT law" "$OUT" || why "summary does not name the VFT law"
head -n 1 "$DIR/row.csv" | grep -q ",D,se_D,T0_K,se_T0_K,Tp_K," || why "row lacks the VFT columns"
near "T0_K" "$(csv_field row.csv T0_K)" 250 1e-5
[ "$(csv_field row.csv law)" = vft ] || why "law column: $(csv_field row.csv law)"
finish

# ---- 2. batch ---------------------------------------------------------------------------------

# Three Debye peaks of paper 004's three classes (Tg = 401 K, m = 45): gamma/beta' 20-60, beta
# 73.4-100.0, alpha 345.5 kJ/mol.
begin batch_classes
cp "$TMP/data/map.csv" "$DIR/"
run debye --batch map.csv --rate '1000 K/s' --Tg '401 K' --fragility 45 -o table.csv \
  --fitted fit.csv
expect_status $ST_OK
[ "$(head -n 1 "$DIR/table.csv")" = "$BATCH_HEADER" ] || why "header: $(head -n 1 "$DIR/table.csv")"
[ "$(wc -l <"$DIR/table.csv")" -eq 4 ] || why "table is not 3 rows"
E=(40 86 345)
Q=(20 300 900)
TP=(310 400 445)
CLASS=("gamma/beta'" beta alpha)
KEY=("0,273,5" "1,353,5" "2,393,5")
for r in 1 2 3; do
  k=$((r - 1))
  near "row $r E_kJ_per_mol" "$(csv_field table.csv E_kJ_per_mol $r)" "${E[$k]}" 1e-6
  near "row $r dh_J_per_mol" "$(csv_field table.csv dh_J_per_mol $r)" "${Q[$k]}" 1e-6
  near "row $r Tp_K" "$(csv_field table.csv Tp_K $r)" "${TP[$k]}" 1e-6
  near "row $r n" "$(csv_field table.csv n $r)" 561 0
  [ "$(csv_field table.csv class $r)" = "${CLASS[$k]}" ] ||
    why "row $r class $(csv_field table.csv class $r), expected ${CLASS[$k]}"
  [ "$(csv_field table.csv status $r)" = ok ] ||
    why "row $r status $(csv_field table.csv status $r)"
  key=$(awk -F, -v r=$r 'NR == r + 1 { print $1 "," $2 "," $3 }' "$DIR/table.csv")
  [ "$key" = "${KEY[$k]}" ] || why "row $r starts with $key, not ${KEY[$k]}"
done
[ ! -s "$OUT" ] || why "stdout is not empty with -o: $(snippet "$OUT")"
expect_stderr "map.csv: 3 scans, 3 fitted (Arrhenius law), 0 failed" \
  "alpha m R Tg ln 10 = 345.5 kJ/mol" "  E* from 40 to 345 kJ/mol" \
  "  per class: gamma/beta' 1, beta 1, alpha 1"
[ "$(head -n 1 "$DIR/fit.csv")" = \
  "scan,T_a_K,t_a_s,T_K,dheat_flow_W_per_mol,fit_dheat_flow_W_per_mol,residual_dheat_flow_W_per_mol" ] ||
  why "fitted header: $(head -n 1 "$DIR/fit.csv")"
[ "$(wc -l <"$DIR/fit.csv")" -eq 1684 ] || why "fit.csv is not 3 x 561 rows"
finish

# Without -o the table goes to standard output (as vitrum dsc --table does).
begin batch_stdout
cp "$TMP/data/map.csv" "$DIR/"
run debye --batch map.csv --rate '1000 K/s' -q
expect_status $ST_OK
[ "$(head -n 1 "$OUT")" = "$BATCH_HEADER" ] || why "stdout header: $(head -n 1 "$OUT")"
[ "$(wc -l <"$OUT")" -eq 4 ] || why "stdout is not 3 rows"
[ "$(awk -F, 'NR > 1 { print $14 }' "$OUT" | tr -d '\n')" = "" ] || why "class without --Tg"
[ ! -s "$ERR" ] || why "-q printed: $(snippet "$ERR")"
expect_files map.csv
finish

# A scan that cannot be fitted is reported in its row; the others are fitted, exit status 0.
begin batch_failed_scan
{
  cat "$TMP/data/map.csv"
  awk 'BEGIN { for (i = 0; i <= 20; i++) printf "413,5,%g,%g\n", 300 + i, -1 - i }'
} >"$DIR/mixed.csv"
run debye --batch mixed.csv --rate '1000 K/s' -o table.csv
expect_status $ST_OK
[ "$(wc -l <"$DIR/table.csv")" -eq 5 ] || why "table is not 4 rows"
[ "$(csv_field table.csv status 3)" = ok ] || why "row 3 status: $(csv_field table.csv status 3)"
status4=$(awk -F, 'NR == 5 { print $15 }' "$DIR/table.csv")
[[ $status4 == *"no peak: the largest value is -1"* ]] || why "row 4 status: $status4"
[ "$(csv_field table.csv E_kJ_per_mol 4)" = nan ] || why "row 4 E is not nan"
expect_stderr "mixed.csv: scan 3 (line 1688: 413,5): no peak" \
  "4 scans, 3 fitted (Arrhenius law), 1 failed"
finish

begin batch_all_failed
awk 'BEGIN { print "T_a_K,T_K,y_W"; for (i = 0; i <= 20; i++) printf "300,%g,%g\n", 300 + i, -1 }' \
  >"$DIR/none.csv"
run debye --batch none.csv --rate '1000 K/s' -o table.csv --fitted fit.csv
expect_status $ST_FAIL
expect_stderr "none.csv: none of the 1 scans could be fitted"
[ ! -s "$OUT" ] || why "stdout is not empty"
expect_files none.csv
finish

# The map of the virtual Flash DSC (TNM peaks: not one Debye unit, so their E* is not checked,
# only that every scan is fitted and the table has its shape).
begin batch_vitrum_dsc
run dsc --anneal-T '253, 303 K' --anneal-t '50, 500 s' --T-low '200 K' -o map.csv -q \
  --table peaks.csv
expect_status $ST_OK
run debye --batch map.csv --rate '1000 K/s' --Tg '401 K' --fragility 45 -o table.csv -q
expect_status $ST_OK
[ "$(head -n 1 "$DIR/table.csv")" = "$BATCH_HEADER" ] || why "header: $(head -n 1 "$DIR/table.csv")"
[ "$(wc -l <"$DIR/table.csv")" -eq 5 ] || why "table is not 4 rows"
keys=$(awk -F, 'NR > 1 { printf "%s:%s ", $2, $3 }' "$DIR/table.csv")
[ "$keys" = "253:50 253:500 303:50 303:500 " ] || why "scan keys: $keys"
notok=$(awk -F, 'NR > 1 && $15 != "ok" { print NR }' "$DIR/table.csv")
[ -z "$notok" ] || why "fits failed on table lines $notok"
# dh of a Debye fit against the peak area vitrum dsc reports: the same order (the TNM peak is
# not a Debye unit, so not the same number).
bad=$(awk -F, 'NR == FNR { if (FNR > 1) dh[FNR] = $3; next }
  FNR > 1 && !($5 > 0.5 * dh[FNR] && $5 < 1.5 * dh[FNR]) { print FNR }' \
  "$DIR/peaks.csv" "$DIR/table.csv")
[ -z "$bad" ] || why "dh far from the dsc peak area on lines $bad"
bad=$(awk -F, 'NR > 1 && !($7 > 10 && $7 < 1000 && $14 != "") { print NR }' "$DIR/table.csv")
[ -z "$bad" ] || why "E* or class out of shape on lines $bad"
finish

# End to end: the units model of vitrum dsc with a single Debye unit (E = 80 kJ/mol, tau0 =
# 1e-13 s, linear) gives annealed-minus-reference peaks that are exactly Eq. 4 (the difference of
# two solutions of dTf/dt = (T - Tf)/tau decays as exp(-int dt/tau)), computed by the model's own
# integrator. Measured: E* = 79.99980 kJ/mol (-2.5e-6, second order in --dT: -9.8e-6 at 0.2 K,
# -6.1e-7 at 0.05 K), ln tau0 -29.93354 (want -29.93361), dh = the peak area of vitrum dsc to 6
# digits; the limits leave a factor 4-10.
begin batch_units_one_debye_unit
run dsc --model units --w_gamma 0 --w_alpha 0 --sigma_beta '0 kJ/mol' --n_units 1 \
  --anneal-T '273, 333 K' --anneal-t '1, 100 s' --T-low '200 K' -o map.csv -q --table peaks.csv
expect_status $ST_OK
run debye --batch map.csv --rate '1000 K/s' -o table.csv -q
expect_status $ST_OK
[ "$(wc -l <"$DIR/table.csv")" -eq 5 ] || why "table is not 4 rows"
for r in 1 2 3 4; do
  near "row $r E_kJ_per_mol" "$(csv_field table.csv E_kJ_per_mol $r)" 80 0.001
  near "row $r ln_tau0_s" "$(csv_field table.csv ln_tau0_s $r)" -29.933606 0.0005
  dh=$(csv_field peaks.csv dh_J_per_mol $r)
  near "row $r dh_J_per_mol" "$(csv_field table.csv dh_J_per_mol $r)" "$dh" "$(awk -v d="$dh" \
    'BEGIN { print 1e-5 * d }')"
done
finish

# The same with a VFT unit: tau = 1e-10 s exp(20 kJ/mol / (R (T - 150 K))), i.e. D T0 = E/R,
# D = 16.0363, T0 = 150 K, ln tau0 = -23.02585. Measured: D 16.0336, T0 150.0071 K, ln tau0
# -23.02461 (the steeper VFT curve feels the simulator's 0.1 K steps more).
begin batch_units_one_vft_unit
run dsc --model units --w_gamma 0 --w_alpha 0 --sigma_beta '0 kJ/mol' --n_units 1 \
  --T_vft '150 K' --E_beta '20 kJ/mol' --tau0_beta '1e-10 s' --anneal-T '273 K' \
  --anneal-t '100 s' --T-low '200 K' -o map.csv -q --table peaks.csv
expect_status $ST_OK
run debye --batch map.csv --rate '1000 K/s' --law vft -o table.csv -q
expect_status $ST_OK
near "D" "$(csv_field table.csv D)" 16.0363 0.02
near "T0_K" "$(csv_field table.csv T0_K)" 150 0.05
near "ln_tau0_s" "$(csv_field table.csv ln_tau0_s)" -23.02585 0.01
[ "$(csv_field table.csv status)" = ok ] || why "status: $(csv_field table.csv status)"
finish

# ---- 3. plots ---------------------------------------------------------------------------------

begin plot_single
cp "$TMP/data/single.csv" "$DIR/"
if [ "$HAVE_GNUPLOT" -eq 0 ]; then
  finish "(skipped: no gnuplot)"
else
  run debye single.csv --rate '1000 K/s' -q --plot p.png
  expect_status $ST_OK
  is_png "$DIR/p.png" || why "p.png is missing or not a PNG"
  grep -q "datafile = 'p_fitted.csv'" "$DIR/p.gp" || why "p.gp does not plot p_fitted.csv"
  grep -q "residual" "$DIR/p.gp" || why "p.gp has no residual panel"
  [ "$(wc -l <"$DIR/p_fitted.csv")" -eq 702 ] || why "p_fitted.csv is not 701 rows"
  run debye single.csv --rate '1000 K/s' -q --plot q.svg --fitted f.csv -o row.csv
  expect_status $ST_OK
  grep -q "datafile = 'f.csv'" "$DIR/q.gp" || why "q.gp does not plot f.csv"
  expect_files single.csv p.png p.gp p_fitted.csv q.svg q.gp f.csv row.csv
  finish
fi

begin plot_batch
cp "$TMP/data/map.csv" "$DIR/"
if [ "$HAVE_GNUPLOT" -eq 0 ]; then
  finish "(skipped: no gnuplot)"
else
  run debye --batch map.csv --rate '1000 K/s' --Tg '401 K' --fragility 45 -q --plot m.png
  expect_status $ST_OK
  is_png "$DIR/m.png" || why "m.png is missing or not a PNG"
  [ "$(head -n 1 "$DIR/m.csv")" = "$BATCH_HEADER" ] || why "m.csv is not the table"
  [ "$(head -n 1 "$OUT")" = "$BATCH_HEADER" ] || why "the table is not on stdout as well"
  # the variables plots/debye_batch.gp reads: E (7) against T_a (2) and dh (5), the bands
  grep -q "^n_keys = 2$" "$DIR/m.gp" || why "m.gp does not have the table's two grouping columns"
  grep -q "^xname = 'T_a_K'$" "$DIR/m.gp" || why "m.gp does not plot against T_a_K"
  grep -q "^classes = 1$" "$DIR/m.gp" && grep -q "^beta_lo = 73.35" "$DIR/m.gp" ||
    why "m.gp lacks the beta band"
  run debye --batch map.csv --rate '1000 K/s' -q --plot n.pdf -o t.csv
  expect_status $ST_OK
  grep -q "datafile = 't.csv'" "$DIR/n.gp" || why "n.gp does not plot t.csv"
  grep -q "^classes = 0$" "$DIR/n.gp" || why "class bands without --Tg"
  expect_files map.csv m.png m.gp m.csv n.pdf n.gp t.csv
  finish
fi

# gnuplot missing: exit 1, the script stays (as for the other commands), no CSV or picture.
begin plot_no_gnuplot
cp "$TMP/data/single.csv" "$DIR/"
mkdir -p "$TMP/empty_path"
(cd "$DIR" && exec env PATH="$TMP/empty_path" "$VITRUM" debye single.csv --rate '1000 K/s' \
  -o row.csv --fitted f.csv --plot p.png) >"$DIR.stdout" 2>"$DIR.stderr" </dev/null
RC=$?
OUT=$DIR.stdout ERR=$DIR.stderr
expect_status $ST_FAIL
expect_stderr "gnuplot not found"
[ ! -s "$OUT" ] || why "stdout is not empty: $(snippet "$OUT")"
expect_files single.csv p.gp
finish

# ---- 4. bad input -------------------------------------------------------------------------------

mkdir "$TMP/input"
cp "$TMP/data/single.csv" "$TMP/data/map.csv" "$TMP/input/"
printf 'T_K,y_W\n300,1\n301,nan\n302,1\n' >"$TMP/input/nan.csv"
printf 'T_K,y_W\n300,1\n301,abc\n302,1\n' >"$TMP/input/text.csv"
printf 'T_K,y_W\n300,1\n301\n302,1\n' >"$TMP/input/short.csv"
printf 'time_s,HF_mW\n0,1\n1,2\n' >"$TMP/input/noT.csv"
printf '# nothing but comments\n\n' >"$TMP/input/empty.csv"
printf 'T_K,y_W\n' >"$TMP/input/header_only.csv"
awk 'BEGIN { print "T_K,y_W"; for (i = 0; i < 20; i++) printf "%d,%g\n", 300 + i, i }' \
  >"$TMP/input/rising.csv"
awk 'BEGIN { print "T_K,y_W"; for (i = 0; i < 20; i++) printf "%d,%g\n", 300 + i, -1 }' \
  >"$TMP/input/negative.csv"
{
  head -n 5 "$TMP/data/single.csv"
  head -n 5 "$TMP/data/single.csv" | tail -n 4
} >"$TMP/input/twice.csv"

# bad_case NAME STATUS [-e SUBSTRING]... -- ARGS...: the status, the substrings, one error line,
# nothing on stdout, and no output file (-o out.csv --fitted fit.csv are added).
bad_case() {
  local name=$1 status=$2 subs=() f
  shift 2
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    [ "$1" = "-e" ] && subs+=("$2") && shift
    shift
  done
  shift
  begin "bad/$name"
  for f in "$TMP"/input/*; do cp "$f" "$DIR/"; done
  run debye "$@" -o out.csv --fitted fit.csv
  expect_status "$status"
  expect_stderr "${subs[@]}"
  [ "$(wc -l <"$ERR")" -eq 1 ] || why "stderr is not one line: $(snippet "$ERR")"
  [ ! -s "$OUT" ] || why "stdout is not empty: $(snippet "$OUT")"
  local keep=()
  for f in "$TMP"/input/*; do keep+=("${f##*/}"); done
  expect_files "${keep[@]}"
  finish
}

R="--rate=1000 K/s"
bad_case no_rate $ST_USAGE -e "--rate is required" -- single.csv
bad_case rate_no_unit $ST_USAGE -e "--rate: missing unit in '1000'" -- single.csv --rate 1000
bad_case rate_negative $ST_USAGE -e "--rate '-5 K/s': expected a positive value" \
  -- single.csv --rate '-5 K/s'
bad_case law $ST_USAGE -e "--law 'kww': expected one of arrhenius|vft" -- single.csv "$R" --law kww
bad_case Tg_alone $ST_USAGE -e "--Tg and --fragility go together" -- single.csv "$R" --Tg '401 K'
bad_case Tg_unit $ST_USAGE -e "--Tg: " -- single.csv "$R" --Tg '401 K/s' --fragility 45
bad_case range $ST_USAGE -e "--range '400 K': expected 'LO, HI UNIT' with LO < HI" \
  -- single.csv "$R" --range '400 K'
bad_case no_input $ST_USAGE -e "no input: give FILE" -- "$R"
bad_case two_inputs $ST_USAGE -e "give one of FILE, --batch FILE or --curves FILE" \
  -- single.csv --batch map.csv "$R"
bad_case two_files $ST_USAGE -e "one FILE expected" -- single.csv map.csv "$R"
bad_case unknown_option $ST_USAGE -e "unknown option '--frobnicate'" -- single.csv "$R" --frobnicate
bad_case plot_extension $ST_USAGE -e "--plot p.txt: expected a file name ending in .png" \
  -- single.csv "$R" --plot p.txt
bad_case T_col_missing $ST_USAGE -e "--T-col 'Tx': single.csv:1 has no such column" \
  -e "(it has 'T_K', 'dhf_W_per_mol')" -- single.csv "$R" --T-col Tx
bad_case y_col_is_T $ST_USAGE -e "the heat-flow column 'T_K' is the temperature column" \
  -- single.csv "$R" --y-col T_K
bad_case missing_file $ST_FAIL -e "no_such.csv: cannot open" -- no_such.csv "$R"
bad_case nan $ST_FAIL -e "nan.csv:3: column 'y_W': 'nan' is not a finite number" -- nan.csv "$R"
bad_case text $ST_FAIL -e "text.csv:3: column 'y_W': 'abc' is not a number" -- text.csv "$R"
bad_case short_row $ST_FAIL -e "short.csv:3: 1 field, expected 2 as in the header" -- short.csv "$R"
bad_case no_T_column $ST_FAIL -e "noT.csv:1: no temperature column named T_<unit>" \
  -e "name one with --T-col" -- noT.csv "$R"
bad_case T_col_no_unit $ST_FAIL -e "noT.csv:1: column 'time_s' carries no temperature unit" \
  -- noT.csv "$R" --T-col time_s
bad_case empty $ST_FAIL -e "empty.csv: no header line" -- empty.csv "$R"
bad_case header_only $ST_FAIL -e "header_only.csv: no data rows after the header" \
  -- header_only.csv "$R"
bad_case not_increasing $ST_FAIL -e "twice.csv:6: T = 330 K does not increase" \
  -e "or --batch for a map of scans" -- twice.csv "$R"
bad_case too_few $ST_FAIL -e "single.csv: 6 points: at least 8 are needed (within --range)" \
  -- single.csv "$R" --range '300,331 K'
bad_case no_peak $ST_FAIL -e "negative.csv: no peak: the largest value is -1" -- negative.csv "$R"
bad_case edge_peak $ST_FAIL -e "rising.csv: no peak inside the data" -e "is the last point" \
  -- rising.csv "$R"
bad_case vft_on_arrhenius $ST_FAIL -e "the VFT Debye fit did not converge" \
  -e "try the Arrhenius law" \
  -- single.csv "$R" --law vft

# bad_case always adds -o out.csv --fitted fit.csv, so these run on their own.
begin bad/output_equals_fitted
cp "$TMP/data/single.csv" "$DIR/"
run debye single.csv "$R" -o same.csv --fitted same.csv
expect_status $ST_USAGE
expect_stderr "-o and --fitted would both be written to same.csv"
expect_files single.csv
finish

begin bad/plot_data_clash
cp "$TMP/data/map.csv" "$DIR/"
run debye --batch map.csv "$R" --fitted m.csv --plot m.png
expect_status $ST_USAGE
expect_stderr "-o and --fitted would both be written to m.csv"
expect_files map.csv
finish

# An output that cannot be written: exit 1 and the files written before it are removed.
begin bad/unwritable
cp "$TMP/data/single.csv" "$DIR/"
run debye single.csv "$R" -o row.csv --fitted no_dir/fit.csv
expect_status $ST_FAIL
expect_stderr "no_dir/fit.csv: cannot create"
[ ! -s "$OUT" ] || why "stdout is not empty: $(snippet "$OUT")"
expect_files single.csv
finish

begin help
run debye --help
expect_status $ST_OK
grep -q "y = Q0/tau(T) exp(-int_{T_s}^{T} dT'/(R_h tau(T')))" "$OUT" || why "--help lacks Eq. 4"
grep -q -- "--batch FILE" "$OUT" || why "--help lacks --batch"
finish

cli_end
