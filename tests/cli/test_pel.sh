#!/usr/bin/env bash
# Command-line tests of the energy-landscape commands: vitrum pel, pel-map, agemap (paper 003).
# Usage: test_pel.sh VITRUM_BINARY SOURCE_DIR. Numbers are checked against the library values
# (tests/test_pel.c holds the laws); bad input must exit non-zero, name the problem and leave no
# output file. One line per case ('ok NAME' / 'FAIL NAME: why'), then 'N passed, M failed'.
# shellcheck source=harness.sh
source "$(dirname "$0")/harness.sh"
cli_suite pel "$@"

# case_ NAME EXPECTED_STATUS STDERR_SUBSTRING -- ARGS...   (run in a fresh folder)
case_() {
  local name=$1 want=$2 sub=$3
  shift 4
  local dir=$TMP/$name
  mkdir -p "$dir" && cd "$dir" || return
  printf 'start 760 K\njump to 650 K\nhold 1000 s\n' >a.prog
  "$VITRUM" "$@" >out.txt 2>err.txt
  local got=$?
  if [ "$got" -ne "$want" ]; then
    fail "$name" "exit $got, want $want: $(head -c 300 err.txt)"
  elif [ -n "$sub" ] && ! grep -qF -- "$sub" err.txt; then
    fail "$name" "stderr lacks '$sub': $(head -c 300 err.txt)"
  elif [ "$want" -ne 0 ] && [ -n "$(ls | grep -v -e '^a.prog$' -e '^out.txt$' -e '^err.txt$')" ]; then
    fail "$name" "left files behind: $(ls | tr '\n' ' ')"
  else
    ok "$name"
  fi
  cd "$TMP" || return
}

# near VALUE WANT TOL NAME (harness.sh)
near() { near_ok "$@"; }

# --- pel, Fig. 4c sweep: exotherm at 621.76 K (20 K/s) and 577.41 K (2000 K/s), test_pel.c ---
case_ pel_sweep 0 "" -- pel --cool-rates '20, 2000 K/s' --dT '0.2 K' -o scans.csv
D=$TMP/pel_sweep
near "$(awk -F, '$1 == 20 { print $4 }' "$D/out.txt")" 621.76 0.05 pel_exotherm_20
near "$(awk -F, '$1 == 2000 { print $4 }' "$D/out.txt")" 577.41 0.05 pel_exotherm_2000
[ "$(head -1 "$D/scans.csv")" = "cool_rate_K_per_s,T_K,time_s,E_IS_eV,rate_eV_per_s,Tf_K" ] &&
  ok pel_scans_header || fail pel_scans_header "$(head -1 "$D/scans.csv")"
# every heating scan ends in the same equilibrium liquid
awk -F, 'NR > 1 && $2 > 839.9 { e[$1] = $4 } END { exit !(e[20] != "" && e[20] == e[2000]) }' "$D/scans.csv" &&
  ok pel_scans_meet_in_liquid || fail pel_scans_meet_in_liquid "$(tail -2 "$D/scans.csv")"

# --- pel, program: E_IS falls in an anneal below T_b; Tf approaches T -------------------------
case_ pel_program 0 "" -- pel --program a.prog -o a.csv
D=$TMP/pel_program
[ "$(head -1 "$D/a.csv")" = "time_s,T_K,E_IS_eV,rate_eV_per_s,Tf_K,H_conf_J_per_mol,segment,t_seg_s" ] &&
  ok pel_program_header || fail pel_program_header "$(head -1 "$D/a.csv")"
awk -F, 'NR == 3 { e0 = $3 } END { exit !($3 < e0 - 0.01 && $5 < 651 && $5 > 650 && $4 < 0) }' "$D/a.csv" &&
  ok pel_program_ages || fail pel_program_ages "$(sed -n '3p;$p' "$D/a.csv")"
if [ "$HAVE_GNUPLOT" -eq 1 ]; then
  case_ pel_plot 0 "" -- pel --program a.prog --plot p.png -q
  [ -s "$TMP/pel_plot/p.png" ] && [ -s "$TMP/pel_plot/p.gp" ] && [ -s "$TMP/pel_plot/p.csv" ] &&
    ok pel_plot_files || fail pel_plot_files "$(ls "$TMP/pel_plot")"
fi

# --- pel-map: > 10 decades; T_max below the boundary and rising with E_IS ---------------------
case_ pel_map 0 "decades" -- pel-map --nE 31 --nT 121 -o map.csv --lines lines.csv
D=$TMP/pel_map
[ "$(head -1 "$D/map.csv")" = "E_IS_eV,T_K,rate_eV_per_s,log10_abs_rate,sign,EA_eV,ER_eV" ] &&
  ok pel_map_header || fail pel_map_header "$(head -1 "$D/map.csv")"
[ "$(grep -c '^-\?[0-9]' "$D/map.csv")" -eq $((31 * 121)) ] && ok pel_map_rows || fail pel_map_rows "$(wc -l <"$D/map.csv")"
awk -F, 'NR > 1 && $5 == -1 { if (lo == "" || $4 < lo) lo = $4; if (hi == "" || $4 > hi) hi = $4 } END { exit !(hi - lo >= 10) }' "$D/map.csv" &&
  ok pel_map_ten_decades || fail pel_map_ten_decades "ageing rates span < 10 decades"
awk -F, 'NR > 1 { if (!($2 < $4) || (last != "" && !($2 > last))) bad = 1; last = $2; n++ } END { exit bad || n != 31 }' "$D/lines.csv" &&
  ok pel_map_lines || fail pel_map_lines "$(head -5 "$D/lines.csv")"
grep -q "maximum ageing rate at 468.70 K" "$D/err.txt" && ok pel_map_summary || fail pel_map_summary "$(cat "$D/err.txt")"
if [ "$HAVE_GNUPLOT" -eq 1 ]; then
  case_ pel_map_plot 0 "" -- pel-map --nE 21 --nT 41 --plot m.png -q
  [ -s "$TMP/pel_map_plot/m.png" ] && [ -s "$TMP/pel_map_plot/m.gp" ] &&
    [ -s "$TMP/pel_map_plot/m.csv" ] && [ -s "$TMP/pel_map_plot/m_lines.csv" ] &&
    ok pel_map_plot_files || fail pel_map_plot_files "$(ls "$TMP/pel_map_plot")"
fi
case_ pel_map_table 0 "" -- pel-map --spectra "$DATA/pel_table.csv" --nE 5 --nT 21 --T-range '600, 1300 K' -o m.csv
case_ pel_map_bad_range 2 "expected 'LO, HI UNIT'" -- pel-map --T-range '900, 400 K' -o m.csv
case_ pel_map_bad_table 1 "pel_table_bad.csv:9:" -- pel-map --spectra "$DATA/pel_table_bad.csv" -o m.csv
case_ pel_map_missing_table 1 "nope.csv: cannot open" -- pel-map --spectra nope.csv -o m.csv

# --- agemap: curves made by the model itself, mined back ----------------------------------------
# Samples in equilibrium at 890/860/830 K quenched to 740-840 K and held 10 ns, E_IS every 200 ps.
mkdir -p "$TMP/curves" && cd "$TMP/curves" || exit 1
LIST="$(seq -s, 0.2 0.2 10) ns"
GEN=0
for Ts in 890 860 830; do
  for T in 740 760 780 800 820 840; do
    printf 'start %s K\njump to %s K\nhold 10 ns\n' "$Ts" "$T" >p.prog
    "$VITRUM" pel --program p.prog --at-time "$LIST" -o "c_${Ts}_$T.csv" -q 2>>gen.txt && GEN=$((GEN + 1))
  done
done
[ "$GEN" -eq 18 ] && ok agemap_curves_made || fail agemap_curves_made "$GEN of 18: $(head -c 300 gen.txt)"
cd "$TMP" || exit 1
case_ agemap_model 0 "" -- agemap "$TMP"/curves/c_*.csv --compare --lines l.csv --entries e.csv --averaged a.csv -o m.csv
D=$TMP/agemap_model
[ "$(grep -c . "$D/e.csv")" -eq $((18 * 49 + 1)) ] && ok agemap_raw_entries || fail agemap_raw_entries "$(wc -l <"$D/e.csv") lines"
[ "$(head -1 "$D/l.csv")" = "E_IS_eV,T_max_K,rate_max_eV_per_s,T_boundary_K,model_T_max_K,model_T_boundary_K" ] &&
  ok agemap_lines_header || fail agemap_lines_header "$(head -1 "$D/l.csv")"
# The mined maximum-rate line against the model's on every row where the map has one: median
# within 2 K, worst within 10 K (on these 6 temperatures 20 K apart the worst rows are the top
# ones, covered only by the first, sparse points of the curves; tests/test_pel.c asserts 2 K on
# denser curves).
near "$(sed -n 's/.*(median \([0-9.]*\) K).*/\1/p' "$D/err.txt")" 0 2 agemap_model_tmax_median
near "$(sed -n 's/.*max |T_max - model| = \([0-9.]*\) K.*/\1/p' "$D/err.txt")" 0 10 agemap_model_tmax_worst
awk '/max \|T_max - model\|/ { exit !($(NF - 1) >= 30) }' "$D/err.txt" && ok agemap_model_rows || fail agemap_model_rows "$(cat "$D/err.txt")"
# The local spline (forced: 295 averaged entries are below --dense-max) on the same curves: with
# six temperatures 20 K apart each map point sees the two or three nearest curves only, so its
# line is rougher than the dense one's (measured median 3.2 K, worst 10 K): bands 5 K and 15 K.
case_ agemap_local 0 "" -- agemap "$TMP"/curves/c_*.csv --compare --spline local -o m.csv
D=$TMP/agemap_local
near "$(sed -n 's/.*(median \([0-9.]*\) K).*/\1/p' "$D/err.txt")" 0 5 agemap_local_tmax_median
near "$(sed -n 's/.*max |T_max - model| = \([0-9.]*\) K.*/\1/p' "$D/err.txt")" 0 15 agemap_local_tmax_worst
case_ agemap_bad_neighbors 2 "--neighbors '2': expected a whole number from 4 to 256" -- agemap "$TMP"/curves/c_*.csv --neighbors 2 -o m.csv
case_ agemap_bad_spline 2 "--spline 'fast': expected one of auto|dense|local" -- agemap "$TMP"/curves/c_*.csv --spline fast -o m.csv
case_ agemap_bad_E_bin 2 "--E-bin '-1 eV': expected a positive value" -- agemap "$TMP"/curves/c_*.csv --E-bin '-1 eV' -o m.csv
if [ "$HAVE_GNUPLOT" -eq 1 ]; then
  case_ agemap_plot 0 "" -- agemap "$TMP"/curves/c_*.csv --compare --plot am.png -q
  [ -s "$TMP/agemap_plot/am.png" ] && [ -s "$TMP/agemap_plot/am.gp" ] && [ -s "$TMP/agemap_plot/am_entries.csv" ] &&
    ok agemap_plot_files || fail agemap_plot_files "$(ls "$TMP/agemap_plot")"
fi

# --- agemap: small files, LAMMPS logs, bad input ------------------------------------------------
case_ agemap_csv 0 "" -- agemap "$DATA/eis_two_T.csv" --entries e.csv -o m.csv
[ "$(grep -c . "$TMP/agemap_csv/e.csv")" -eq 10 ] && ok agemap_csv_entries || fail agemap_csv_entries "$(cat "$TMP/agemap_csv/e.csv")"
case_ agemap_lammps 0 "" -- agemap --T '750 K' --atoms log "$DATA/eis_lammps.log" --T '700 K' "$DATA/eis_no_T.csv" --entries e.csv -o m.csv
awk -F, 'NR > 1 { n[$3]++ } END { exit !(n[750] == 6 && n[700] == 2) }' "$TMP/agemap_lammps/e.csv" &&
  ok agemap_lammps_entries || fail agemap_lammps_entries "$(cat "$TMP/agemap_lammps/e.csv")"
case_ agemap_one_point 1 "curve 'b' at 750 K has 1 point" -- agemap "$DATA/eis_one_point.csv" "$DATA/eis_two_T.csv" -o m.csv
case_ agemap_duplicate_time 1 "eis_duplicate_time.csv:6: duplicate time" -- agemap "$DATA/eis_duplicate_time.csv" "$DATA/eis_two_T.csv" -o m.csv
case_ agemap_no_temperature 1 "eis_no_T.csv:3: curve 'eis_no_T.csv' has no temperature" -- agemap "$DATA/eis_no_T.csv" "$DATA/eis_two_T.csv" -o m.csv
case_ agemap_log_no_T 1 "no temperature for the curve" -- agemap "$DATA/eis_lammps.log" "$DATA/eis_two_T.csv" -o m.csv
case_ agemap_log_column 1 "has no column 'c_eis'" -- agemap --T '700 K' --energy-column c_eis "$DATA/eis_lammps.log" -o m.csv
case_ agemap_one_T 1 "needs curves at two or more temperatures" -- agemap --T '700 K' "$DATA/eis_comment_T.csv" -o m.csv
case_ agemap_no_files 2 "no input files" -- agemap -o m.csv
case_ agemap_bad_lambda 2 "--lambda '-1'" -- agemap --lambda -1 "$DATA/eis_two_T.csv"
case_ agemap_bad_format 2 "--format 'xyz'" -- agemap --format xyz "$DATA/eis_two_T.csv"
case_ agemap_missing_file 1 "nope.csv: cannot open" -- agemap nope.csv -o m.csv
case_ agemap_unknown_option 2 "unknown option '--bogus'" -- agemap --bogus "$DATA/eis_two_T.csv"

# --- pel: bad command lines ---------------------------------------------------------------------
case_ pel_neither 2 "either --program FILE or --cool-rates" -- pel -o x.csv
case_ pel_other_model 2 "runs the pel model only" -- pel --model tnm --program a.prog -o x.csv
case_ pel_bad_param 2 "sigma_A = -1 eV is outside its bounds" -- pel --sigma_A '-1 eV' --program a.prog -o x.csv
case_ pel_no_steady_state 1 "no steady state at 1500 K" -- pel --cool-rates '20 K/s' --T-start '1500 K' -o x.csv
case_ pel_sweep_options 2 "belong to --cool-rates" -- pel --program a.prog --heat-rate '1 K/s' -o x.csv
case_ models_lists_pel 0 "" -- models
grep -q "pel" "$TMP/models_lists_pel/out.txt" && ok models_pel_listed || fail models_pel_listed "$(head -5 "$TMP/models_lists_pel/out.txt")"

cli_end
