#!/usr/bin/env bash
# Command-line tests of vitrum strain and vitrum kww (paper 001): programs and sweeps, the KWW,
# double-KWW, recovery, Arrhenius and regression fits, read back from what vitrum strain writes.
# Usage: test_strain.sh VITRUM_BINARY SOURCE_DIR. Numbers are checked against the library values
# (tests/test_visco.c and tests/test_kww_fit.c hold the laws); bad input must exit non-zero, name
# the problem and leave no output file.
# shellcheck source=harness.sh
source "$(dirname "$0")/harness.sh"
cli_suite strain "$@"

# Inputs every case finds in its folder.
make_inputs() {
  printf 'temperature 593 K\nstart 0 %%\nramp to 0.5 %% at 200 %%/min\nhold 900 s\nramp to 0.3 %% at 200 %%/min\nhold 1e4 s\n' >fig1.prog
  printf 'temperature 593 K\nstart 0 %%\njump to 0.5 %%\nhold 900 s\njump to 0.3 %%\nhold 1e4 s\n' >jumps.prog
  printf 'temperature 593 K\nstart 0 %%\nramp to 0.5 %% at 200 %%/min\nhold 1e4 s\nrecover 1e5 s\n' >rec.prog
  printf '# no unit on the target\ntemperature 593 K\nstart 0 %%\nramp to 0.5 at 200 %%/min\n' >nounit.prog
  printf 'start 0 %%\nhold 10 s\n' >noT.prog
  : >empty.prog
  printf 'time_s,stress_MPa\n0,100\n10,90\n5,80\n20,70\n' >backwards.csv
  : >empty.csv
  printf 'time,stress_MPa\n0,100\n10,90\n' >nounit.csv
  printf 'tau_rec_s,t_p_s\n700,69.6\n900,269.6\n1500,869.6\n2500,1869.6\n4000,3369.6\n' >tp_tau.csv
  printf 't_p (min),tau_rec (min)\n1,12\n5,16\n' >tp2.csv
  awk 'BEGIN { print "t_s,y"; for (i = 0; i <= 80; i++) { t = (i ? 10^(-1 + 6 * (i - 1) / 79) : 0); printf "%.10g,%.12g\n", t, exp(-(t / 500)^0.6) } }' >kww.csv
  cp "$SRC/tests/data/dma_q800_relaxation.csv" q800.csv
  printf 'tau_s,weight\n10,2\n1000,6\n' >prony.csv
}

# case_ NAME EXPECTED_STATUS STDERR_SUBSTRING -- ARGS...   (run in a fresh folder)
case_() {
  local name=$1 want=$2 sub=$3
  shift 4
  local dir=$TMP/$name
  mkdir -p "$dir" && cd "$dir" || return
  make_inputs
  ls >.inputs
  "$VITRUM" "$@" >out.txt 2>err.txt
  local got=$?
  local extra
  extra=$(ls | grep -vxF -f .inputs | grep -v -e '^out.txt$' -e '^err.txt$')
  if [ "$got" -ne "$want" ]; then
    fail "$name" "exit $got, want $want: $(head -c 300 err.txt)"
  elif [ -n "$sub" ] && ! grep -qF -- "$sub" err.txt; then
    fail "$name" "stderr lacks '$sub': $(head -c 300 err.txt)"
  elif [ "$want" -ne 0 ] && [ -n "$extra" ]; then
    fail "$name" "left files behind: $extra"
  else
    ok "$name"
  fi
  cd "$TMP" || return
}

# near VALUE WANT TOL NAME (harness.sh)
near() { near_ok "$@"; }

# --- strain --program -------------------------------------------------------------------------
case_ program 0 "" -- strain --program fig1.prog -o tr.csv
D=$TMP/program
[ "$(head -1 "$D/tr.csv")" = "time_s,strain_pct,stress_MPa,strain_vp_pct,T_K,segment,t_seg_s" ] &&
  ok program_header || fail program_header "$(head -1 "$D/tr.csv")"
# 0.5 % of G0 = 80 GPa is 400 MPa at the end of the 0.15 s ramp, less what relaxed on it
near "$(awk -F, '$6 == 0 && $7 == 0.15 { print $3 }' "$D/tr.csv")" 395 5 program_loading_stress
near "$(awk -F, 'NR > 1 { t = $1 } END { print t }' "$D/tr.csv")" 10900.21 1e-6 program_duration
case_ program_stdout 0 "" -- strain --program jumps.prog -q
[ "$(grep -c '^900,' "$TMP/program_stdout/out.txt")" -eq 2 ] && ok program_jump_two_rows ||
  fail program_jump_two_rows "$(grep '^900,' "$TMP/program_stdout/out.txt")"
# a table of two Prony terms: 0.5 %% of G_inf + g (0.25 e^{-t/10} + 0.75 e^{-t/1000}) at t = 900 s
case_ program_prony 0 "Prony table of 2 Maxwell elements" -- strain --program jumps.prog --prony prony.csv -o tr.csv
near "$(awk -F, '$1 == 900 && $6 == 1 { print $3 }' "$TMP/program_prony/tr.csv")" \
  "$(awk 'BEGIN { printf "%.10g", 0.005 * (40e3 + 40e3 * (0.25 * exp(-90) + 0.75 * exp(-0.9))) }')" 1e-6 program_prony_stress
case_ program_recover 0 "" -- strain --program rec.prog --t_vp '1e7 s' -o r.csv
near "$(awk -F, 'NR > 1 { s = $3; e = $2 } END { print e }' "$TMP/program_recover/r.csv")" 0.184 0.001 program_recover_strain_left
if [ "$HAVE_GNUPLOT" -eq 1 ]; then
  case_ program_plot 0 "" -- strain --program fig1.prog --plot p.png -q
  [ -s "$TMP/program_plot/p.png" ] && [ -s "$TMP/program_plot/p.gp" ] && [ -s "$TMP/program_plot/p.csv" ] &&
    ok program_plot_files || fail program_plot_files "$(ls "$TMP/program_plot")"
fi

# --- strain, bad input -------------------------------------------------------------------------
case_ program_missing_unit 1 "nounit.prog:4: missing unit in '0.5'" -- strain --program nounit.prog -o tr.csv --plot p.png
case_ program_no_temperature 1 "noT.prog:2: 'hold' before 'temperature T'" -- strain --program noT.prog -o tr.csv
case_ program_empty 1 "empty.prog: no 'start STRAIN' line" -- strain --program empty.prog -o tr.csv
case_ program_no_file 1 "nope.prog: cannot open" -- strain --program nope.prog -o tr.csv
case_ program_and_sweep 2 "either --program FILE or the sweep options" -- strain --program fig1.prog --eps1 '0.5 %'
case_ strain_unknown_option 2 "unknown option '--bogus'" -- strain --bogus
case_ strain_param_unit 2 "G0: missing unit in '80'" -- strain --program fig1.prog --G0 80 -o tr.csv
case_ strain_param_bounds 2 "beta = 1.5 is outside its bounds" -- strain --program fig1.prog --beta 1.5 -o tr.csv
case_ strain_Ginf_above_G0 2 "exceeds G0" -- strain --program fig1.prog --G_inf '90 GPa' -o tr.csv
case_ strain_eps_unit 2 "--eps1: missing unit in '0.5'" -- strain --eps1 0.5 --eps2 '0.3 %' --tw '900 s'
case_ strain_rate_unit 2 "--rate: wrong unit in '1 K/s': K/s is a rate, expected a strain rate" -- strain --eps1 '0.5 %' --eps2 '0.3 %' --tw '900 s' --rate '1 K/s'
case_ strain_sweep_half 2 "a sweep needs --eps1, --tw and --eps2" -- strain --eps1 '0.5 %' --tw '900 s'
case_ strain_plot_name 2 "expected a file name ending in .png" -- strain --program fig1.prog --plot p.jpg
case_ strain_equal_steps 1 "there is no second step" -- strain --eps1 '0.5 %' --eps2 '0.5 %' --tw '900 s' -o c.csv --summary s.csv
case_ strain_prony_missing 1 "nope.csv: cannot open" -- strain --program fig1.prog --prony nope.csv -o tr.csv
# One pair without a second step in a sweep is reported (a warning and a row of nan), not fatal.
case_ strain_equal_pair 0 "warning: eps1 = 0.5 %, eps2 = 0.5 %, t_w = 900 s" -- strain --eps1 '0.5 %' \
  --eps2 '0.5, 0.3 %' --tw '900 s' -o c.csv --summary s.csv
D=$TMP/strain_equal_pair
awk -F, 'NR == 2 && $3 == 0.5 && $9 == "nan" { a = 1 } NR == 3 && $3 == 0.3 && $9 > 0 { b = 1 }
  END { exit !(a && b && NR == 3) }' "$D/s.csv" 2>/dev/null && ok strain_equal_pair_rows ||
  fail strain_equal_pair_rows "summary: $(tr '\n' ' ' <"$D/s.csv" 2>/dev/null)"

# --- strain sweeps: paper 001 Figs. 1-3 ----------------------------------------------------------
case_ sweep_eps2 0 "" -- strain --eps1 '0.5 %' --eps2 '0.2, 0.3, 0.4, 0.6 %' --tw '900 s' -o c.csv
D=$TMP/sweep_eps2
[ "$(head -1 "$D/out.txt")" = "run,eps1_pct,eps2_pct,t_w_s,T_K,sigma_w_MPa,sigma0_MPa,sigma_peak_MPa,dsigma_MPa,t_p_s,tau_rec_s,beta_rec,eps_vp_pct,recovery_fraction" ] &&
  ok sweep_summary_header || fail sweep_summary_header "$(head -1 "$D/out.txt")"
near "$(awk -F, '$3 == 0.3 { print $10 }' "$D/out.txt")" 591.3 1 sweep_paper_t_p
near "$(awk -F, '$3 == 0.3 { print $9 }' "$D/out.txt")" 26.34 0.01 sweep_paper_dsigma
awk -F, 'NR > 1 { d[$3] = $9; p[$3] = $10 } END { exit !(d[0.2] > d[0.3] && d[0.3] > d[0.4] && d[0.4] > 0 && d[0.6] == 0 && p[0.6] == "nan") }' "$D/out.txt" &&
  ok sweep_memory_only_below_eps1 || fail sweep_memory_only_below_eps1 "$(cat "$D/out.txt")"
[ "$(head -1 "$D/c.csv")" = "run,eps1_pct,eps2_pct,t_w_s,T_K,t2_s,stress_MPa" ] && [ "$(awk -F, '$1 == 3' "$D/c.csv" | wc -l)" -gt 100 ] &&
  ok sweep_curves || fail sweep_curves "$(head -2 "$D/c.csv")"
case_ sweep_tw 0 "" -- strain --eps1 '0.5 %' --eps2 '0.3 %' --tw '100, 300, 900, 3600 s' --T '583, 593 K'
awk -F, 'NR > 1 { if ($5 == T && !($9 > last)) bad = 1; T = $5; last = $9; n++ } END { exit bad || n != 8 }' "$TMP/sweep_tw/out.txt" &&
  ok sweep_dsigma_grows_with_tw || fail sweep_dsigma_grows_with_tw "$(cat "$TMP/sweep_tw/out.txt")"
case_ sweep_recovery 0 "" -- strain --eps1 '0.5 %' --tw '10, 1000, 10000 s' --t-rec '1e5 s' --t_vp '1e7 s' --summary s.csv
awk -F, 'NR > 1 { f[NR] = $14; tau[NR] = $11 } END { exit !(f[2] > 0.999 && f[3] < f[2] && f[4] < 0.7 && tau[4] > 0) }' "$TMP/sweep_recovery/s.csv" &&
  ok sweep_recovery_fraction || fail sweep_recovery_fraction "$(cat "$TMP/sweep_recovery/s.csv")"
if [ "$HAVE_GNUPLOT" -eq 1 ]; then
  case_ sweep_plot 0 "" -- strain --eps1 '0.5 %' --eps2 '0.2, 0.3 %' --tw '300, 900 s' --t-rec '1e4 s' --plot f.png
  [ -s "$TMP/sweep_plot/f.png" ] && [ -s "$TMP/sweep_plot/f_curves.csv" ] && [ -s "$TMP/sweep_plot/f_summary.csv" ] &&
    ok sweep_plot_files || fail sweep_plot_files "$(ls "$TMP/sweep_plot")"
fi

# --- kww on what vitrum strain writes ------------------------------------------------------------
"$VITRUM" strain -q --program "$TMP/program/fig1.prog" -o "$TMP/fig1.csv"
"$VITRUM" strain -q --program "$TMP/program/jumps.prog" -o "$TMP/jumps.csv"
"$VITRUM" strain -q --program "$TMP/program_recover/rec.prog" --t_vp '1e7 s' -o "$TMP/rec.csv"
for T in 573 583 593 603; do
  printf 'temperature %s K\nstart 0 %%\njump to 0.5 %%\nhold 1e4 s\n' "$T" >"$TMP/a$T.prog"
  "$VITRUM" strain -q --program "$TMP/a$T.prog" --G_inf '0 GPa' -o "$TMP/a$T.csv"
done
case_ kww_second_step 0 "" -- kww "$TMP/fig1.csv" --from '900.21 s' --double -o k.csv --fitted f.csv
D=$TMP/kww_second_step
awk -F, 'NR == 2 { exit !($10 < 0 && $21 > 0.998 && $3 == "double") }' "$D/k.csv" &&
  ok kww_double_A_negative || fail kww_double_A_negative "$(cat "$D/k.csv")"
near "$(awk -F, 'NR == 2 { print $22 }' "$D/k.csv")" 591 3 kww_data_peak_time
[ "$(head -1 "$D/f.csv")" = "t_s,y,fit,residual" ] && ok kww_fitted_header || fail kww_fitted_header "$(head -1 "$D/f.csv")"
case_ kww_single_note 0 "" -- kww "$TMP/fig1.csv" --from '900.21 s'
grep -q "which one KWW cannot follow: --double" "$TMP/kww_single_note/out.txt" && ok kww_single_note_text ||
  fail kww_single_note_text "$(cat "$TMP/kww_single_note/out.txt")"
# the first step after a jump (a 0.15 s ramp would already have relaxed 2 %: beta 0.45 is fast early)
case_ kww_first_step 0 "" -- kww "$TMP/jumps.csv" --to '900 s' --offset -o k.csv
near "$(awk -F, 'NR == 2 { print $12 }' "$TMP/kww_first_step/k.csv")" 1000 0.1 kww_first_step_tau
near "$(awk -F, 'NR == 2 { print $14 }' "$TMP/kww_first_step/k.csv")" 0.45 0.001 kww_first_step_beta
case_ kww_two_columns 0 "" -- kww kww.csv -o k.csv
near "$(awk -F, 'NR == 2 { print $12 }' "$TMP/kww_two_columns/k.csv")" 500 1e-3 kww_two_columns_tau
near "$(awk -F, 'NR == 2 { print $14 }' "$TMP/kww_two_columns/k.csv")" 0.6 1e-6 kww_two_columns_beta
case_ kww_q800 0 "" -- kww q800.csv --column stress -o k.csv
near "$(awk -F, 'NR == 2 { print $12 }' "$TMP/kww_q800/k.csv")" 600 1 kww_q800_tau
case_ kww_recovery 0 "" -- kww --recovery "$TMP/rec.csv" --from '10000.15 s' -o r.csv
near "$(awk -F, 'NR == 2 { print $13 }' "$TMP/kww_recovery/r.csv")" 0.6346 0.002 kww_recovery_fraction
near "$(awk -F, 'NR == 2 { print $12 }' "$TMP/kww_recovery/r.csv")" 0.5 1e-9 kww_recovery_eps1_from_file
case_ kww_arrhenius 0 "" -- kww --arrhenius "$TMP/a573.csv" "$TMP/a583.csv" "$TMP/a593.csv" "$TMP/a603.csv" -o a.csv
near "$(awk '/^Ea = / { print $3 }' "$TMP/kww_arrhenius/out.txt")" 250 0.01 kww_arrhenius_Ea
case_ kww_window 0 "" -- kww --arrhenius "$TMP/a573.csv" "$TMP/a583.csv" "$TMP/a593.csv" "$TMP/a603.csv" --window '100, 1000 s' -o w.csv
awk -F, 'NR > 1 { d = $2 - 250; if (d < 0) d = -d; if (d > 0.01) bad = 1; n++ } END { exit bad || n != 2 }' "$TMP/kww_window/w.csv" &&
  ok kww_window_Ea || fail kww_window_Ea "$(cat "$TMP/kww_window/w.csv")"
case_ kww_regress 0 "" -- kww --regress tp_tau.csv -o g.csv
near "$(awk -F, 'NR == 2 { print $2 }' "$TMP/kww_regress/g.csv")" -630.4 1e-6 kww_regress_intercept
near "$(awk -F, 'NR == 2 { print $6 }' "$TMP/kww_regress/g.csv")" 1 1e-9 kww_regress_r2
if [ "$HAVE_GNUPLOT" -eq 1 ]; then
  case_ kww_plot 0 "" -- kww "$TMP/fig1.csv" --from '900.21 s' --double --plot k.png
  [ -s "$TMP/kww_plot/k.png" ] && [ -s "$TMP/kww_plot/k_fitted.csv" ] && ok kww_plot_files || fail kww_plot_files "$(ls "$TMP/kww_plot")"
fi

# --- kww, bad input ------------------------------------------------------------------------------
case_ kww_backwards 1 "backwards.csv:4: time goes back (5 s after 10 s)" -- kww backwards.csv -o k.csv --plot k.png
case_ kww_empty 1 "empty.csv: empty: no header line" -- kww empty.csv -o k.csv
case_ kww_no_unit 1 "column 'time' has no unit" -- kww nounit.csv -o k.csv
case_ kww_no_file 1 "nope.csv: cannot open" -- kww nope.csv -o k.csv
case_ kww_no_strain 1 "kww.csv has no strain column" -- kww --recovery kww.csv -o r.csv
case_ kww_jump_inside 1 "jumps.csv:125: t = 900 s repeats (a jump) inside the fitted range" -- kww "$TMP/jumps.csv" --from 0s -o k.csv
case_ kww_from_beyond 1 "no rows in the window" -- kww kww.csv --from '1e9 s' -o k.csv
case_ kww_regress_short 1 "tp2.csv: 2 points: a regression with R^2 needs >= 3" -- kww --regress tp2.csv -o g.csv
case_ kww_regress_columns 1 "kww.csv: no tau_rec column in the header" -- kww --regress kww.csv -o g.csv
case_ kww_arrhenius_one 2 "two or more temperatures" -- kww --arrhenius kww.csv
case_ kww_arrhenius_no_T 1 "no temperature column: give the temperatures with --T" -- kww --arrhenius kww.csv kww.csv -o a.csv
case_ kww_T_count 2 "--T gives 1 temperatures for 2 files" -- kww --arrhenius kww.csv kww.csv --T '593 K'
case_ kww_double_recovery 2 "--double fits relaxation curves only" -- kww --recovery --double kww.csv
case_ kww_two_modes 2 "choose one of" -- kww --recovery --regress kww.csv
case_ kww_unknown_option 2 "unknown option '--bogus'" -- kww kww.csv --bogus
case_ kww_no_input 2 "no input FILE" -- kww
case_ kww_eps1_unit 2 "--eps1: missing unit" -- kww --recovery "$TMP/rec.csv" --eps1 0.5

cli_end
