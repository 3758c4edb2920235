#!/usr/bin/env bash
# Command-line tests of vitrum fit.
#
#   usage: test_fit.sh PATH_TO_VITRUM_BINARY SOURCE_DIR
#
# One line per case, 'ok NAME' or 'FAIL NAME: why'; last line 'N passed, M failed'; exit status 1
# when a case failed. Every case runs in a fresh folder under one mktemp -d folder.
#
# Data. The two-step set is made here, by the CLI itself, with `vitrum kovacs` (paper 000's TNM
# parameters, T1 = 348 and 373 K for t1 = 100 s, T2 = 383 K, t2 = 0.1, 1, 10, 100 s). kovacs runs
# the protocol through its own code (src/instruments/kovacs.c, not the fitter's fit_data.c) and
# prints dh both ways the fitter reads it: dh_at_T2 is the state at T2 against the as-cooled glass
# there (--reading state, the default) and dh the same after the quench to T_low (--reading dsc).
# Both use the grid the fits use (--dT 0.5 K --ppd 8), so the fitted parameters must come back to
# the digits kovacs prints (8 significant: ~1e-8 relative in dh). The fits start 10 % away
# (dh = 180.4 kJ/mol, x = 0.66) and must recover dh = 164 kJ/mol and x = 0.6 to 1e-5 relative:
# measured, dh and x land 2e-9 and 1e-9 off (state), 9e-9 and 5e-8 off (dsc).
# The Cp_N curve comes from `vitrum simulate` over a scan program; its Cp_N belongs to the middle
# of each grid step (that is where the fitter compares it), so the data carry the midpoint
# temperatures, and dh, x come back to 1e-5 relative too (measured: 3e-10, 1e-9). Read at the
# grid nodes instead, the data would pull dh 0.07 % off.
# With A and dh free the state data give r(A, dh) = -0.991: the warning must say so.
# Runs stay fast under ASan: a coarse grid, 8 points, one start.
# vitrum fit --scans (straight from an instrument export). A Mettler STARe text export made here from the model: `vitrum simulate` runs a one-step
# ageing method (equilibrium at 500 K, cooled at 1000 K/s to 400 K, aged 0 (the reference,
# segment 5), 1, 10, 100 s (segments 15, 21, 27), cooled to 300 K, heated at 1000 K/s to 500 K)
# with TNM at dh = 300 kJ/mol, tau(400 K) = 1 s (A = exp(-dh/(R 400 K))), x = beta = 0.5 on a
# 0.5 K grid; the heating ramp's Cp_N, at the middle of each step (where the fitter compares it),
# becomes a heat flow in mW: a sloping glass line plus 0.02 mW times Cp_N plus uniform noise of
# +-0.0001 mW (0.5 % of the step; awk's rand with a fixed seed), endothermic down as STARe writes. The fit starts 8 % away and must
# come back within 3 standard errors (which count the reference's lines, see fit.h); the same
# histories given as program files must give the same values to 1e-6; the fitted scans' Tf must
# fall with ageing as the measured ones do. Bad histories are command-line errors (exit 2).
# The PET export of ../shared/data is fitted once when present (skipped cleanly when absent), on
# six of its scans: the fit must converge with Tf falling with ageing, measured and fitted.
# shellcheck source=harness.sh
source "$(dirname "$0")/harness.sh"
cli_suite fit "$@"

GRID=(--dT 0.5K --ppd 8)

# ---- data, made by the CLI ---------------------------------------------------------------------
GEN=$TMP/gen
mkdir -p "$GEN" && cd "$GEN" || exit 1
if ! "$VITRUM" kovacs --T1 '348, 373 K' --t1 '100 s' --T2 '383 K' --t2 '0.1, 1, 10, 100 s' \
  "${GRID[@]}" -o kovacs.csv >/dev/null 2>gen_err.txt; then
  echo "FAIL generate: vitrum kovacs: $(cat gen_err.txt)"
  echo "0 passed, 1 failed"
  exit 1
fi
# kovacs.csv: T1_K,t1_s,t2_s,dh_J_per_mol,dh_at_T2_J_per_mol
awk -F, 'NR == 1 { print "# made by vitrum kovacs: the state at T2\nT1_K,t1_s,T2_K,t2_s,dh_J_per_mol" }
         NR > 1 { print $1 "," $2 ",383," $3 "," $5 }' kovacs.csv >state.csv
awk -F, 'NR == 1 { print "T1_K,t1_s,T2_K,t2_s,dh_kJ_per_mol" }
         NR > 1 { printf "%s,%s,383,%s,%.10g\n", $1, $2, $3, $4 / 1000 }' kovacs.csv >dsc.csv
printf 'start 450 K\ncool to 373 K at 10000 K/s\nhold 50 s\ncool to 300 K at 10000 K/s\nheat to 480 K at 1000 K/s\n' >scan.prog
"$VITRUM" simulate --program scan.prog "${GRID[@]}" -o scan.csv -q 2>>gen_err.txt
# Cp_N of the last ramp (segment 3), every 10th step, at the middle of its step
awk -F, 'NR == 1 { print "T_K,CpN" }
         NR > 1 && $6 == 3 && NR % 10 == 0 { printf "%.12g,%s\n", (prev + $2) / 2, $5 }
         { prev = $2 }' scan.csv >cpn.csv
awk -F, 'NR == 3 { $5 = "nan" } { print }' OFS=, state.csv >nan.csv
awk 'NR <= 3' state.csv >one.csv
awk -F, 'NR == 1 { print } NR == 2 { print $0 ",sigma_J_per_mol" } NR > 2 { print $0 "," (NR == 4 ? "" : 2) }' state.csv >sigma_gap.csv
awk -F, 'NR == 1 { print } NR == 2 { print $0 ",sigma_J_per_mol" } NR > 2 { print $0 ",2" }' state.csv >sigma.csv
awk -F, 'NR == 1 { print } NR == 2 { print $0 ",sigma_J_per_mol" } NR > 2 && $1 == 348 { print $0 ",2" }' state.csv >sigma_348.csv
awk -F, 'NR == 1 { print } NR == 2 { print $0 ",sigma_J_per_mol" } NR > 2 && $1 == 373 { print $0 ",2" }' state.csv >sigma_373.csv
printf 'T1_K,t1_s,dh_J_per_mol\n383,10,500\n470,10,300\n' >hot.csv
# the same data per gram, for a molar mass of 104 g/mol
awk -F, 'NR <= 2 { sub(/dh_J_per_mol/, "dh_J_per_g"); print; next } { $5 = sprintf("%.12g", $5 / 104); print }' \
  OFS=, state.csv >state_per_g.csv
# ---- the synthetic export for --scans ----
A=$(awk 'BEGIN { printf "%.17g", exp(-300000 / (8.314462618 * 400)) }')
TRUE=(--set 'dh=300 kJ/mol' --set "A=$A s" --x 0.5 --beta 0.5)
{
  printf 'Title\n\n'
  for case in "5 0" "15 1" "21 10" "27 100"; do
    set -- $case # segment, age
    name=age_$2.prog
    printf 'start 500 K\ncool to 400 K at 1000 K/s\n' >"$name"
    [ "$2" != 0 ] && printf 'hold %s s\n' "$2" >>"$name"
    printf 'cool to 300 K at 1000 K/s\n' >>"$name"
    cp "$name" "history_$2.prog" # the history alone: vitrum fit adds the scan's ramp
    printf 'heat to 500 K at 1000 K/s\n' >>"$name"
    "$VITRUM" simulate --program "$name" "${TRUE[@]}" --dT 0.5K -o "sim_$2.csv" -q || exit 1
    printf 'Curve Name:\n  []]%s[$synthetic aged %s s\nCurve Values:\n' "$1" "$2"
    printf '          Index              t             Ts             Tr          Value\n'
    printf '                           [s]            [K]            [K]           [mW]\n'
    # the last segment's rows, at the middle of their steps
    last=$(awk -F, 'NR > 1 { s = $6 } END { print s }' "sim_$2.csv")
    awk -F, -v last="$last" -v seed="$1" 'BEGIN { srand(seed) }
      NR > 1 && $6 == last && prev != "" { T = (prev + $2) / 2
        y = -(0.01 + 1e-5 * (T - 300) + 0.02 * $5 + 0.0002 * (rand() - 0.5)) # endo down
        printf "%15d %14.9f %14.6f %14.6f %14.9f\n", i++, (T - 300) / 1000, T, T, y }
      NR > 1 { prev = $2 }' "sim_$2.csv"
    printf '\n'
  done
} >export.txt
rm -f sim_*.csv age_*.prog
printf 'start 500 K\ncool to 400 K at 1000 K/s\n' >hot.prog # ends above the scan's start
# the state data read against a reference 100 J/mol below the as-cooled glass
awk -F, 'NR <= 2 { print; next } { $5 = sprintf("%.10g", $5 - 100); print }' OFS=, state.csv >offset.csv
N_CPN=$(($(wc -l <cpn.csv) - 1))
INPUTS=$(ls)

# case NAME EXPECTED_STATUS STDERR_SUBSTRING -- ARGS...   (in a fresh folder with the data)
case_() {
  local name=$1 want=$2 sub=$3
  shift 4
  local dir=$TMP/$name
  mkdir -p "$dir" && cd "$dir" || return
  cp "$GEN"/* .
  "$VITRUM" "$@" >out.txt 2>err.txt
  local got=$? extra
  extra=$(ls | grep -vxF -e out.txt -e err.txt $(printf -- '-e %s ' $INPUTS))
  if [ "$got" -ne "$want" ]; then
    fail "$name" "exit $got, want $want: $(head -c 400 err.txt)"
  elif [ -n "$sub" ] && ! grep -qF -- "$sub" err.txt; then
    fail "$name" "stderr lacks '$sub': $(head -c 400 err.txt)"
  elif [ "$want" -ne 0 ] && [ "$want" -ne 3 ] && [ -n "$extra" ]; then
    fail "$name" "left files behind: $extra"
  else
    ok "$name"
  fi
  cd "$TMP" || return
}

# near VALUE WANT RELATIVE_TOL NAME
near() {
  if awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = (a - b) / b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'; then
    ok "$4"
  else
    fail "$4" "got '$1', want $2 within $3 relative"
  fi
}

# value NAME FILE: value_in_unit of a parameter in a -o file
value() { awk -F, -v n="$1" '$1 == n { print $4 }' "$2"; }

# ---- recovery: state reading, from 10 % away ---------------------------------------------------
case_ recover_state 0 "" -- fit --dh state.csv --free dh,x --set 'dh=180.4 kJ/mol' --x 0.66 \
  --starts 1 "${GRID[@]}" -o values.csv --predicted predicted.csv
D=$TMP/recover_state
near "$(value dh "$D/values.csv")" 164 1e-5 recover_state_dh
near "$(value x "$D/values.csv")" 0.6 1e-5 recover_state_x
[ "$(head -1 "$D/values.csv")" = "name,value_si,unit,value_in_unit,se_in_unit" ] &&
  [ "$(wc -l <"$D/values.csv")" -eq 3 ] && awk -F, 'NR > 1 && NF != 5 { bad = 1 } END { exit bad }' "$D/values.csv" &&
  ok values_shape || fail values_shape "$(cat "$D/values.csv")"
# SI and display unit agree: J/mol = 1000 x kJ/mol; x is dimensionless (empty unit)
awk -F, '$1 == "dh" { d = $2 / ($4 * 1000) - 1; if ($3 != "kJ/mol" || d > 1e-9 || d < -1e-9) bad = 1; n++ }
         $1 == "x" { d = $2 / $4 - 1; if ($3 != "" || d > 1e-9 || d < -1e-9) bad = 1; n++ } END { exit bad || n != 2 }' "$D/values.csv" &&
  ok values_units || fail values_units "$(cat "$D/values.csv")"
[ "$(head -1 "$D/predicted.csv")" = "T1_K,t1_s,T2_K,t2_s,dh_J_per_mol,predicted_J_per_mol,residual_J_per_mol,curve,T_K,CpN,predicted_CpN,residual_CpN,source" ] &&
  [ "$(wc -l <"$D/predicted.csv")" -eq 9 ] && ok predicted_shape || fail predicted_shape "$(head -3 "$D/predicted.csv")"
# every row: 13 fields, |residual| < 1e-3 J/mol (dh ~ 1000 J/mol printed to 8 digits), its line
awk -F, 'NR > 1 { r = $7 < 0 ? -$7 : $7; if (NF != 13 || r > 1e-3 || $13 != "state.csv:" NR + 1) bad = 1 } END { exit bad }' "$D/predicted.csv" &&
  ok predicted_residuals || fail predicted_residuals "$(cat "$D/predicted.csv")"
grep -q 'dh         = 164.0000' "$D/out.txt" && grep -q 'chi2/dof' "$D/out.txt" &&
  grep -q 'best start 1 of 1' "$D/out.txt" && grep -q 'model runs' "$D/out.txt" &&
  ok summary || fail summary "$(cat "$D/out.txt")"
grep -q WARNING "$D/out.txt" && fail no_warning_dh_x "$(grep WARNING "$D/out.txt")" || ok no_warning_dh_x

# ---- recovery: the DSC reading (after the quench to T_low), kJ/mol in the file ------------------
case_ recover_dsc 0 "" -- fit --dh dsc.csv --free dh,x --set 'dh=180.4 kJ/mol' --x 0.66 \
  --reading dsc --starts 1 "${GRID[@]}" -o values.csv
near "$(value dh "$TMP/recover_dsc/values.csv")" 164 1e-5 recover_dsc_dh
near "$(value x "$TMP/recover_dsc/values.csv")" 0.6 1e-5 recover_dsc_x

# ---- A and dh: the data fix only a combination -------------------------------------------------
case_ correlated 0 "" -- fit --dh state.csv --free A,dh --set 'dh=150 kJ/mol' --starts 1 "${GRID[@]}"
grep -q 'WARNING: A and dh are correlated, r = -0.99' "$TMP/correlated/out.txt" &&
  grep -q 'the data fix only a combination' "$TMP/correlated/out.txt" &&
  ok correlation_warning || fail correlation_warning "$(cat "$TMP/correlated/out.txt")"

# ---- a Cp_N curve with its program, and weighted data from two files ---------------------------
case_ curve 0 "" -- fit --curve cpn.csv:scan.prog --free dh,x --set 'dh=170 kJ/mol' --x 0.63 \
  --starts 1 "${GRID[@]}" -o values.csv --predicted predicted.csv
near "$(value dh "$TMP/curve/values.csv")" 164 1e-5 curve_dh
near "$(value x "$TMP/curve/values.csv")" 0.6 1e-5 curve_x
awk -F, 'NR > 1 && ($8 != "cpn.csv" || $1 != "" || NF != 13) { bad = 1 } END { exit bad || NR != n + 1 }' n="$N_CPN" "$TMP/curve/predicted.csv" &&
  ok curve_predicted_shape || fail curve_predicted_shape "$(head -3 "$TMP/curve/predicted.csv")"
case_ weighted 0 "" -- fit --dh sigma_348.csv --dh sigma_373.csv --free dh --starts 1 "${GRID[@]}"
grep -q 'from the data.s sigma' "$TMP/weighted/out.txt" && grep -q '8 points - 1 free = 7 dof' "$TMP/weighted/out.txt" &&
  ok weighted_two_files || fail weighted_two_files "$(cat "$TMP/weighted/out.txt")"

case_ unweighted_mix 0 "WARNING: dh (J/mol) and Cp_N residuals are summed unweighted" -- \
  fit --dh state.csv --curve cpn.csv:scan.prog --free dh --starts 1 "${GRID[@]}" -q

# ---- plot ------------------------------------------------------------------------------------
if [ "$HAVE_GNUPLOT" -eq 1 ]; then
  case_ plot 0 "" -- fit --dh state.csv --free dh --starts 1 "${GRID[@]}" --plot fit.png -q
  D=$TMP/plot
  [ -s "$D/fit.png" ] && [ -s "$D/fit.gp" ] && [ -s "$D/fit_points.csv" ] &&
    [ "$(wc -l <"$D/fit_lines.csv")" -eq 81 ] && [ ! -s "$D/out.txt" ] &&
    ok plot_files || fail plot_files "$(ls "$D")"
fi

# ---- bad command lines (2) and bad data or failed fits (1); no files left behind ---------------
case_ unknown_parameter 2 "model tnm has no parameter 'zz'; its parameters are A, dh, x, beta, dCp" -- \
  fit --dh state.csv --free dh,zz -o values.csv
case_ bound_excludes_start 2 "the start dh = 164 kJ/mol lies outside [170, 180] kJ/mol" -- \
  fit --dh state.csv --free dh --bound 'dh=170,180 kJ/mol' -o values.csv
case_ bound_wrong_unit 2 "--bound dh: wrong unit in '100 K'" -- \
  fit --dh state.csv --free dh --bound 'dh=100,250 K' -o values.csv
case_ bound_not_free 2 "NAME one of the free parameters" -- fit --dh state.csv --free dh --bound 'x=0.1,0.9'
case_ dh_is_a_file 2 "--dh names a data file; set the parameter with --set 'dh=150 kJ/mol'" -- \
  fit --dh '150 kJ/mol' --free x
case_ no_free 2 "name the parameters to fit with --free" -- fit --dh state.csv
case_ bad_curve_spec 2 "expected DATA.csv:PROGRAM.prog" -- fit --curve cpn.csv --free dh
case_ nan_in_data 1 "nan.csv:3: column 'dh_J_per_mol': 'nan' is not a finite number" -- \
  fit --dh nan.csv --free dh -o values.csv --predicted predicted.csv
case_ one_point 1 "1 data points cannot fix 1 free parameters" -- \
  fit --dh one.csv --free dh -o values.csv
case_ sigma_gap 1 "sigma_gap.csv:4: sigma is empty" -- fit --dh sigma_gap.csv --free dh
# Repeated measurements (here every point twice) are fitted like any others.
case_ repeated_anneal 0 "" -- fit --dh state.csv --dh state.csv --free dh --starts 1 "${GRID[@]}"
case_ mixed_weights 1 "sigma.csv:3 has a sigma but state.csv:3 has none" -- \
  fit --dh sigma.csv --dh state.csv --free dh
case_ above_T_eq 1 "hot.csv:3: T1 = 470 K must lie below T_eq = 450 K" -- fit --dh hot.csv --free dh
case_ below_T_low_dsc 1 "state.csv:3: T1 = 348 K must lie between T_low = 350 K and T_eq = 450 K" -- \
  fit --dh state.csv --free dh --reading dsc --T-low 350K
# No convergence: exit 3, and the best point reached is written, marked converged=no with the
# criterion that failed.
case_ no_convergence 3 "did not converge" -- fit --dh state.csv --free dh,x --set 'dh=120 kJ/mol' \
  --max-iter 1 --starts 1 "${GRID[@]}" -o values.csv --predicted predicted.csv
D=$TMP/no_convergence
head -1 "$D/values.csv" | grep -q '^# converged=no: iteration limit 1 reached' &&
  [ "$(sed -n 2p "$D/values.csv")" = "name,value_si,unit,value_in_unit,se_in_unit" ] &&
  [ "$(wc -l <"$D/values.csv")" -eq 4 ] && [ "$(wc -l <"$D/predicted.csv")" -eq 9 ] &&
  grep -q 'converged=no' "$D/out.txt" && ok no_convergence_best_point ||
  fail no_convergence_best_point "$(cat "$D/values.csv" "$D/out.txt")"
# the best point is not the start (dh = 120 kJ/mol): the library keeps the lowest chi2 reached
awk -v v="$(value dh "$D/values.csv")" 'BEGIN { exit !(v != "" && v != 120) }' &&
  ok no_convergence_moved || fail no_convergence_moved "dh = $(value dh "$D/values.csv")"
case_ budget 3 "model-run budget of 20 reached" -- fit --dh state.csv --free dh,x \
  --set 'dh=120 kJ/mol' --max-runs 20 --starts 1 "${GRID[@]}" -o values.csv

# ---- dh per mass with a molar mass: the same parameters as per mole -----------------------------
case_ per_gram 0 "" -- fit --dh state_per_g.csv --molar-mass '104 g/mol' --free dh,x \
  --set 'dh=180.4 kJ/mol' --x 0.66 --starts 1 "${GRID[@]}" -o values.csv
for n in dh x; do
  near "$(value $n "$TMP/per_gram/values.csv")" "$(value $n "$TMP/recover_state/values.csv")" 1e-9 per_gram_$n
done
case_ per_gram_no_mass 1 "dh is given per mass: give the molar mass" -- \
  fit --dh state_per_g.csv --free dh

# fit has its own --molar-mass (dh per gram): the DSC group's masses (heat flow in mW) are not
# taken, and --help lists --molar-mass once.
case_ no_sample_mass 2 "unknown option '--sample-mass'" -- fit --dh state.csv --free dh \
  --sample-mass '1 mg'
n=$("$VITRUM" fit --help | grep -c -- '--molar-mass M')
[ "$n" = 1 ] && ok help_molar_mass_once || fail help_molar_mass_once "--molar-mass listed $n times"
# the calorimetry options of --scans come without their masses (Cp_N is normalised)
n=$("$VITRUM" fit --help | grep -c -e '--molar-mass' -e '--per-rate' -e '--mass ')
"$VITRUM" fit --help | grep -q -- '--baseline lines' && [ "$n" = 1 ] && ok help_scan_options ||
  fail help_scan_options "$n lines name a mass option"

# ---- dh relative to a reference state: the offset fitted, or given ----------------------------
case_ offset_fitted 0 "" -- fit --dh offset.csv --free dh,x --set 'dh=180.4 kJ/mol' --x 0.66 \
  --fit-dh-offset --starts 1 "${GRID[@]}" -o values.csv
near "$(value dh "$TMP/offset_fitted/values.csv")" 164 1e-5 offset_fitted_dh
near "$(value dh_offset "$TMP/offset_fitted/values.csv")" -100 1e-4 offset_fitted_value
grep -q 'dh offset (the data.s reference state vs the model.s as-cooled glass) = -100' \
  "$TMP/offset_fitted/out.txt" && grep -q '8 points - 2 free - 1 offset = 5 dof' "$TMP/offset_fitted/out.txt" &&
  ok offset_summary || fail offset_summary "$(cat "$TMP/offset_fitted/out.txt")"
case_ offset_given 0 "" -- fit --dh offset.csv --free dh,x --set 'dh=180.4 kJ/mol' --x 0.66 \
  --dh-offset '-0.1 kJ/mol' --starts 1 "${GRID[@]}" -o values.csv
near "$(value x "$TMP/offset_given/values.csv")" 0.6 1e-5 offset_given_x

# ==== straight from the instrument: vitrum fit --scans ========================================
# within NAME FILE TRUE: |value - TRUE| <= 3 se (value_in_unit, se_in_unit of the -o file)
within() {
  if awk -F, -v n="$1" -v t="$3" '$1 == n { d = $4 - t; if (d < 0) d = -d; found = 1; good = d <= 3 * $5 && $5 > 0 }
      END { exit !(found && good) }' "$2"; then
    ok "recover_$1"
  else
    fail "recover_$1" "$(grep "^$1," "$2") against $3"
  fi
}

SCAN=(--scans export.txt --reference seg:5 --glass '305,345 K' --liquid '475,499 K'
  --T-eq 500K --T-low 300K --cool-rate '1000 K/s' --dT 0.5K --points 100 --starts 1
  --free A,dh,x,beta --set 'dh=324 kJ/mol' --set "A=$A s" --x 0.46 --beta 0.54)

# ---- recovery from the one-step method's ageing times ---------------------------------------
case_ recover_ages 0 "" -- fit "${SCAN[@]}" --ages '1,10,100 s' --T-age 400K \
  -o values.csv --predicted predicted.csv
D=$TMP/recover_ages
within dh "$D/values.csv" 300
within x "$D/values.csv" 0.5
within beta "$D/values.csv" 0.5
grep -q 'Tf falls from curve to curve: measured yes, fitted yes' "$D/out.txt" &&
  grep -q 'segment 27), aged 100 s' "$D/out.txt" && grep -q '4 Cp_N curves (400 points)' "$D/out.txt" &&
  grep -q "include the uncertainty of the reference's glass and liquid lines" "$D/out.txt" &&
  ok summary_tf || fail summary_tf "$(cat "$D/out.txt")"
# each predicted row names its export line, and that line holds the row's temperature
awk -F, 'NR > 1 { split($NF, s, ":"); print s[2], $(NF - 4) }' "$D/predicted.csv" | head -400 >"$D/rows.txt"
awk 'NR == FNR { want[$1] = $2; next } (FNR in want) { d = $3 - want[FNR]; if (d > 1e-6 || d < -1e-6) bad++; n++ }
     END { exit bad || n != 400 }' "$D/rows.txt" "$D/export.txt" &&
  ok predicted_source_lines || fail predicted_source_lines "$(head -3 "$D/predicted.csv")"

# weighted by each scan's measured noise: a true chi^2, ~1 per point for this noise
case_ weights_noise 0 "" -- fit "${SCAN[@]}" --ages '1,10,100 s' --T-age 400K --weights noise
grep -q 'from the data.s sigma' "$TMP/weights_noise/out.txt" &&
  awk '/chi2\/dof = / { split($0, a, "chi2/dof = "); v = a[2] + 0; exit !(v > 0.5 && v < 2) }' \
    "$TMP/weights_noise/out.txt" && ok weights_noise_chi2 || fail weights_noise_chi2 "$(grep chi2 "$TMP/weights_noise/out.txt")"

# ---- the same histories as program files: the same fit --------------------------------------
case_ recover_programs 0 "" -- fit "${SCAN[@]}" --program history_0.prog --program history_1.prog \
  --program history_10.prog --program history_100.prog -o values.csv
for p in dh x beta; do
  a=$(awk -F, -v n=$p '$1 == n { print $4 }' "$TMP/recover_ages/values.csv")
  b=$(awk -F, -v n=$p '$1 == n { print $4 }' "$TMP/recover_programs/values.csv")
  awk -v a="$a" -v b="$b" 'BEGIN { d = (a - b) / b; exit !(a != "" && d < 1e-6 && d > -1e-6) }' &&
    ok "programs_equal_ages_$p" || fail "programs_equal_ages_$p" "ages $a, programs $b"
done

# ---- bad histories: command-line errors, nothing written --------------------------------------
case_ no_history 2 "the scans have no thermal history: give --ages" -- \
  fit --scans export.txt --reference seg:5 --free dh -o values.csv
case_ ages_count 2 "--ages has 2 times but 3 aged curves are analysed" -- \
  fit --scans export.txt --reference seg:5 --ages '1,10 s' --T-age 400K --free dh -o values.csv
case_ programs_count 2 "2 --program files for 4 selected scans" -- \
  fit --scans export.txt --reference seg:5 --program history_0.prog --program history_1.prog \
  --free dh -o values.csv
case_ ages_without_T 2 "--ages needs the ageing temperature, --T-age T" -- \
  fit --scans export.txt --reference seg:5 --ages '1,10,100 s' --free dh
case_ no_reference 2 "--scans needs --reference SPEC" -- \
  fit --scans export.txt --ages '1,10,100 s' --T-age 400K --free dh
case_ select_alone 2 "--select goes with --scans EXPORT.txt" -- fit --select seg:5 --free dh
# the measured-curve options (vitrum tf's) apply to the export only: not ignored without it
case_ glass_alone 2 "--glass goes with --scans EXPORT.txt" -- fit --glass '20,60 C' --free dh
case_ endo_alone 2 "--endo goes with --scans EXPORT.txt" -- fit --endo up --free dh
case_ program_above_scan 1 "ends at 400 K, above the scan's first point" -- \
  fit "${SCAN[@]}" --program history_0.prog --program history_1.prog --program history_10.prog \
  --program hot.prog -o values.csv

# ---- the real PET export (../shared/data), when present --------------------------------------
PET=$SRC/../shared/data/mettler-flash-dsc/PET_aging_60C_0.01-100s.txt
if [ -f "$PET" ]; then
  # the references and four ageing times, from near the full fit's values (README), one start
  case_ pet 0 "" -- fit --scans "$PET" --reference seg:5,9 --select seg:5,9,27,45,63,87 \
    --T-age '60 C' --ages '0.05,0.5,5,100 s' --free A,dh,x,beta --set 'dh=250 kJ/mol' \
    --set 'A=1e-39 s' --x 0.5 --beta 0.5 --bound 'x=0.2,1' --bound 'beta=0.2,1' \
    --bound 'dh=150,600 kJ/mol' --dT 0.5K --points 60 --starts 1 --threads 1 -o values.csv
  grep -q 'Tf falls from curve to curve: measured yes, fitted yes' "$TMP/pet/out.txt" &&
    grep -q 'stopped: chi2 and parameters settled' "$TMP/pet/out.txt" &&
    ok pet_tf_order || fail pet_tf_order "$(cat "$TMP/pet/out.txt")"
  # started where TNM's step fails on some trial points (x = 0.30, beta = 0.96; a step near
  # 380-394 K does not converge): the solver steps back from them and says how many; before,
  # the first one ended the fit (exit 1). Two starts reach the minimum of the case above.
  case_ pet_failed_trials 0 "" -- fit --scans "$PET" --reference seg:5,9 \
    --select seg:5,9,27,45,63,87 --T-age '60 C' --ages '0.05,0.5,5,100 s' --free A,dh,x,beta \
    --set 'dh=509.69 kJ/mol' --set 'A=1.8e-75 s' --x 0.304 --beta 0.965 --bound 'x=0.2,1' \
    --bound 'beta=0.2,1' --bound 'dh=150,600 kJ/mol' --dT 0.5K --points 60 --starts 2 \
    --threads 1 -o values.csv
  grep -q 'trial points could not be simulated and the solver stepped back' \
    "$TMP/pet_failed_trials/out.txt" && ok pet_failed_trials_said ||
    fail pet_failed_trials_said "$(cat "$TMP/pet_failed_trials/out.txt")"
  # the same minimum: dh within a tenth of its standard error (the starts' paths differ)
  a=$(value dh "$TMP/pet/values.csv")
  se=$(awk -F, '$1 == "dh" { print $5 }' "$TMP/pet/values.csv")
  b=$(value dh "$TMP/pet_failed_trials/values.csv")
  awk -v a="$a" -v b="$b" -v se="$se" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d < 0.1 * se) }' &&
    ok pet_failed_trials_same_minimum || fail pet_failed_trials_same_minimum "dh $b against $a +- $se"
else
  echo "ok pet # SKIP: no $PET"
fi

cli_end
