#!/usr/bin/env bash
# Command-line tests of 'vitrum tf' and of the calorimetry 'peaks' and 'kissinger --curves'
# share: STARe curve names, synthetic multi-rate scans with a known peak, the two real PET
# exports (skipped when SOURCE_DIR/../shared is absent), units, plots and bad input.
#
#   usage: test_tf.sh PATH_TO_VITRUM_BINARY SOURCE_DIR
#
# One line per case: 'ok NAME' or 'FAIL NAME: why'; last line 'N passed, M failed'.
# shellcheck source=harness.sh
source "$(dirname "$0")/harness.sh"
cli_suite tf "$@"

SHARED=$SRC/../shared/data/mettler-flash-dsc
PET1=$SHARED/PET_aging_60C_0.01-100s.txt
PET2=$SHARED/PET_aging_60C_0.01-100s_run2.txt

# col FILE NAME: the values of column NAME (by header), one per line; name must be before any
# quoted field holding commas (every table here has its free-text name last).
col() {
  awk -F, -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } k { print $k }' "$1"
}

# ---- data -------------------------------------------------------------------------------------

# A STARe block with a given name line (Latin-1 bytes allowed), 30 rows of a flat heating scan.
stare_block() {
  printf 'Curve Name:\r\n  %s\r\nCurve Values:\r\n' "$1"
  printf '  Index t Ts Tr Value\r\n  [s] [\260C] [\260C] [mW]\r\n'
  awk 'BEGIN { for (i = 0; i < 30; i++) printf "  %d %.4f %.3f %.3f -0.1\r\n", i, 0.001 * i, 49.5 + i, 50 + i; printf "\r\n" }'
}

# Three heating rates, a reference and an aged scan at each (curves 0/1, 2/3, 4/5), endothermic
# up, T = 300..450 K every 0.1 K: lines 0.1 + 2e-4 (T - 300) mW below a logistic step of 0.02 mW
# at Tg = 370 + 5 log10(r/100) K (width 3 K); the aged scan adds a Gaussian (0.005 mW, sigma 3 K)
# at Tp = Tg + 5 K and a drift 0.001 + 1e-5 (T - 300) mW, which the line correction removes.
make_rates() {
  awk 'BEGIN {
    print "curve,t [s],Tr [K],Ts [K],HF [mW]"
    split("100 1000 10000", r, " ")
    for (k = 1; k <= 3; k++) {
      Tg = 370 + 5 * log(r[k] / 100) / log(10)
      for (aged = 0; aged <= 1; aged++) {
        c = 2 * (k - 1) + aged
        for (i = 0; i <= 1500; i++) {
          T = 300 + 0.1 * i
          hf = 0.1 + 2e-4 * (T - 300) + 0.02 / (1 + exp(-(T - Tg) / 3))
          if (aged) hf += 0.005 * exp(-(T - Tg - 5) ^ 2 / 18) + 0.001 + 1e-5 * (T - 300)
          printf "%d,%.9g,%.1f,%.1f,%.9g\n", c, (T - 300) / r[k], T, T, hf
        }
      }
    }
  }'
}

# ---- 1. STARe names ----------------------------------------------------------------------------

begin stare_names
{
  stare_block $'\273[]]5[$PET pristine -90, 280, isothermal aging 60C\257[]]5[$XENE19'
  stare_block $'[]7\257[]]119[$OTP ag-46.5C 0.1-80ks\257[]]109[$'
  stare_block '[]]87[$PET pristine'
  stare_block 'no segment here'
} >"$DIR/names.txt"
run curves names.txt --csv
expect_status $ST_OK
segs=$(col "$OUT" segment | tr '\n' ' ')
[ "$segs" = "5 119 87 -1 " ] || why "segments '$segs', expected '5 119 87 -1 '"
grep -q '»\[\]\]5' "$OUT" || why "the » of the name is not kept (as UTF-8)"
finish

# ---- 2. peaks and kissinger --curves: one analysis ------------------------------------------

begin peaks_equals_kissinger
make_rates >"$DIR/rates.csv"
run kissinger --curves rates.csv --reference 0,2,4 --select 1,3,5 --endo up --points pts.csv -q
expect_status $ST_OK
for k in 0 1 2; do
  [ -n "$WHY" ] && break
  run peaks rates.csv --reference $((2 * k)) --curves $((2 * k + 1)) --endo up -o p$k.csv -q
  expect_status $ST_OK
  tp_peaks=$(col "$DIR/p$k.csv" Tp_K)
  tp_kin=$(col "$DIR/pts.csv" Tp_K | sed -n "$((k + 1))p")
  tg=$(awk -v k=$k 'BEGIN { printf "%.9f", 375 + 5 * k }')
  awk -v a="$tp_peaks" -v b="$tp_kin" -v t="$tg" 'BEGIN {
    d = a - b; if (d < 0) d = -d; e = a - t; if (e < 0) e = -e; exit !(d < 1e-6 && e < 0.05) }' ||
    why "rate $k: Tp peaks $tp_peaks K, kissinger $tp_kin K, true $tg K"
done
finish

# The reference of another rate is no reference: named, exit 1, nothing written.
begin kissinger_no_reference_at_rate
make_rates >"$DIR/rates.csv"
run kissinger --curves rates.csv --reference 0,2 --select 1,3,5 --endo up -o k.csv --points pts.csv
expect_status $ST_FAIL
expect_stderr "rates.csv: curve 5 (segment -1) is scanned at 10000 K/s: no reference at that rate (they are at 100, 1000 K/s)"
expect_files rates.csv
finish

# A reference and a scan holding a Debye recovery peak (paper 004 Eq. 3: E = 200 kJ/mol,
# Q0 = 8e-4 mJ, at 100 K/s, peak near 380 K) over the same step, with a drift: 'debye --curves'
# fits the corrected difference and finds E and Q0 again.
make_debye() { awk -f "$SRC/tests/data/make_debye.awk"; }

begin debye_curves
make_debye >"$DIR/debye.csv"
run debye --curves debye.csv --reference 0 --endo up --range '330,430 K' -o d.csv -q
expect_status $ST_OK
E=$(col "$DIR/d.csv" E_kJ_per_mol)
Q=$(col "$DIR/d.csv" dh_mJ)
awk -v e="$E" -v q="$Q" 'BEGIN { exit !((e - 200)^2 < 4 && (q - 8e-4)^2 < (0.02 * 8e-4)^2) }' ||
  why "E* = $E kJ/mol (want 200 within 1 %), dh = $Q mJ (want 8e-4 within 2 %)"
finish

# ---- 3. units and the table -------------------------------------------------------------------

begin tf_units
make_rates >"$DIR/rates.csv"
run tf rates.csv --reference 0 --curves 1 --endo up -o mj.csv -q
expect_status $ST_OK
run tf rates.csv --reference 0 --curves 1 --endo up --mass '2 ug' --molar-mass '100 g/mol' -o mol.csv -q
expect_status $ST_OK
run tf rates.csv --reference 0 --curves 1 --endo up --mass '2 ug' -o g.csv -q
expect_status $ST_OK
h=$(head -n 1 "$DIR/mol.csv")
[[ $h == index,segment,label,age_s,rate_K_per_s,Tf_K,Tf_C,Tf_se_K,dH_area_J_per_mol,dH_area_se_J_per_mol,dH_tf_J_per_mol,noise_W_per_mol,* ]] ||
  why "J/mol header: $h"
mj=$(col "$DIR/mj.csv" dH_area_mJ)
jg=$(col "$DIR/g.csv" dH_area_J_per_g)
jmol=$(col "$DIR/mol.csv" dH_area_J_per_mol)
# 1 mJ on 2 ug is 500 J/g; at 100 g/mol, 5e4 J/mol.
awk -v a="$mj" -v g="$jg" -v m="$jmol" 'BEGIN {
  exit !(a > 0 && (g - 500 * a)^2 < (1e-8 * g)^2 && (m - 5e4 * a)^2 < (1e-8 * m)^2) }' ||
  why "dH $mj mJ, $jg J/g, $jmol J/mol do not convert"
# The Gaussian holds 0.005 mW x sqrt(2 pi) 3 K / 100 K/s = 3.76e-4 mJ; the step drift is removed.
awk -v a="$mj" 'BEGIN { w = 0.005 * sqrt(2 * 3.14159265358979) * 3 / 100; exit !((a - w)^2 < (0.01 * w)^2) }' ||
  why "dH $mj mJ, expected 3.76e-4 mJ within 1 %"
finish

# ---- 4. the real PET exports ------------------------------------------------------------------

AGES='0.01,0.02,0.05,0.1,0.2,0.5,1,2,5,10,20,50,100 s'
SEL=seg:5,9,15,21,27,33,39,45,51,57,63,69,75,81,87

# pet_checks FILE: the issue's laws on a tf table of the selection above (refs first).
pet_checks() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
    $3 == "reference" { next }
    { n++; age[n] = $k["age_s"]; tf[n] = $k["Tf_C"]; a[n] = $k["dH_area_mJ"]; b[n] = $k["dH_tf_mJ"]
      res[n] = $k["resolved"] }
    END {
      # dCp from the oldest scan: dH / (Tf_ref - Tf); 0.2 K of Tf is worth dcp * 0.2 of dH
      for (i = 1; i <= n; i++) {
        if (age[i] >= 0.1 && i > 1 && age[i - 1] >= 0.1) {
          if (tf[i] > tf[i - 1] + 0.2) { print "Tf rises " tf[i - 1] " -> " tf[i] " C at " age[i] " s"; bad = 1 }
          if (a[i] < a[i - 1] - tol) { print "dH falls " a[i - 1] " -> " a[i] " mJ at " age[i] " s"; bad = 1 }
        }
        if (age[i] >= 1 && (a[i] - b[i])^2 > (0.05 * a[i])^2) { print "dH " a[i] " vs " b[i] " mJ at " age[i] " s"; bad = 1 }
        if (age[i] <= 0.05 && res[i] != 0 && (tf[i] - ref)^2 > 1) { print "the " age[i] " s scan is resolved and Tf is " tf[i] " C"; bad = 1 }
      }
      exit bad }' tol="$2" ref="$3" "$1"
}

pet_case() {
  local name=$1 file=$2
  begin "pet/$name"
  if [ ! -f "$file" ]; then
    finish "(skipped: no $file)"
    return
  fi
  run curves "$file" --csv
  segs=$(col "$OUT" segment | sort -n | tr '\n' ' ')
  [ "$segs" = "5 9 15 21 27 33 39 45 51 57 63 69 75 81 87 " ] || why "segments: $segs"
  run tf "$file" --reference seg:5,9 --curves "$SEL" --ages "$AGES" -o tf.csv
  expect_status $ST_OK
  expect_stderr "against the average of 2 references, axis Ts" "windows (found on the reference)" "Tg (ISO 11357-2): onset"
  [ "$(wc -l <"$DIR/tf.csv")" -eq 16 ] || why "tf.csv has $(($(wc -l <"$DIR/tf.csv") - 1)) rows, expected 15"
  # the reference's Tf from the summary line "reference: Tf = 69.847 +- ..."
  local ref dcp
  ref=$(sed -n 's/.*reference: Tf = \([0-9.-]*\) .*/\1/p' "$ERR")
  dcp=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
    $k["age_s"] == 100 { print 0.2 * $k["dH_tf_mJ"] / (r - $k["Tf_C"]) }' r="$ref" "$DIR/tf.csv")
  [ -n "$ref" ] && [ -n "$dcp" ] || why "no reference Tf in the summary"
  [ -z "$WHY" ] && { msg=$(pet_checks "$DIR/tf.csv" "$dcp" "$ref") || why "$msg"; }
  finish
}

pet_case run1 "$PET1"
pet_case run2 "$PET2"

begin pet/plot
if [ ! -f "$PET1" ] || [ "$HAVE_GNUPLOT" -eq 0 ]; then
  finish "(skipped: no PET export or no gnuplot)"
else
  run tf "$PET1" --reference seg:5,9 --curves "$SEL" --ages "$AGES" --plot tf.png -q
  expect_status $ST_OK
  expect_files tf.png tf.gp tf.csv
  sig=$(head -c 8 "$DIR/tf.png" | od -An -tx1 | tr -d ' \n')
  [ "$sig" = 89504e470d0a1a0a ] || why "tf.png is not a PNG"
  grep -q "^ages = 1$" "$DIR/tf.gp" || why "ages given but no log axis (ages = 1)"
  grep -q "^file = 'PET_aging_60C_0.01-100s.txt'$" "$DIR/tf.gp" || why "title is not the base name"
  run peaks "$PET1" --reference seg:5,9 --curves "seg:${SEL#seg:5,9,}" --ages "$AGES" --plot p.png -q
  expect_status $ST_OK
  # the template's variables (plots/peaks.gp): 13 curves, keyed by their ages
  n=$(sed -n 's/^n = //p' "$DIR/p.gp")
  [ "$n" = 13 ] || why "peaks plot has '$n' curves, expected 13"
  [ "$(grep -c "^curve\[[0-9]*\] = " "$DIR/p.gp")" -eq 13 ] || why "peaks plot has not 13 curve indices"
  grep -q "^label\[13\] = '100 s'$" "$DIR/p.gp" || why "peaks plot keys are not the ages"
  finish
fi

# ---- 5. bad input: a message naming the curve, exit 1, nothing left ---------------------------

tf_bad() {
  local name=$1 sub=$2
  shift 2
  begin "bad/$name"
  make_rates >"$DIR/rates.csv"
  { awk -F, 'NR == 1 || $1 == 0' "$DIR/rates.csv"
    awk -F, '$1 == 0 { printf "9,%s,%s,%s,%s\n", 20 + $2, 750 - $3, 750 - $4, $5 }' "$DIR/rates.csv"
  } >"$DIR/cool.csv"
  run tf "$@" -o out.csv --plot out.png
  expect_status $ST_FAIL
  expect_stderr "$sub"
  expect_one_error_line
  expect_files rates.csv cool.csv
  finish
}

tf_bad cooling "cool.csv: curve 1 (segment -1) is not a heating scan: Ts falls at -100 K/s" \
  cool.csv --reference 0 --endo up
tf_bad window_outside "rates.csv: curve 0 (segment -1): glass line: the window 0-20 C holds 0 points: expected at least 10 (the scan covers 26.85 to 176.85 C)" \
  rates.csv --reference 0 --curves 1 --endo up --glass '0,20 C' --liquid '160,170 C'
tf_bad window_few_points "rates.csv: curve 0 (segment -1): liquid line: the window 160-160.5 C holds 5 points: expected at least 10" \
  rates.csv --reference 0 --curves 1 --endo up --glass '30,60 C' --liquid '160,160.5 C'
tf_bad reference_rates "rates.csv: curve 2 (segment -1) is scanned at 1000 K/s but curve 0 (segment -1) at 100 K/s: references averaged together must share a heating rate" \
  rates.csv --reference 0,2 --curves 1 --endo up

begin bad/heat_flow_overflow
make_rates >"$DIR/rates.csv"
sed -i '5s/,[^,]*$/,1e308/' "$DIR/rates.csv"
run tf rates.csv --reference 0 --curves 1 --endo up -o out.csv
expect_status $ST_FAIL
expect_stderr "rates.csv: curve 0 (segment -1): heat flow 1e+305 W at point 3 (line 5) is beyond any calorimeter"
expect_files rates.csv
finish

begin usage/tf_no_reference
run tf rates.csv
expect_status $ST_USAGE
expect_stderr "--reference SPEC is required"
expect_files
finish

begin tf_help
run tf --help
expect_status $ST_OK
expect_stdout "usage: vitrum tf FILE" "Moynihan" "ISO 11357-2" "--ages 'LIST s'" "--molar-mass"
finish

cli_end
