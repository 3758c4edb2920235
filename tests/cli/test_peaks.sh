#!/usr/bin/env bash
# Command-line tests of 'vitrum curves' and 'vitrum peaks'.
#
#   usage: test_peaks.sh PATH_TO_VITRUM_BINARY SOURCE_DIR
#
# Every case runs in its own fresh directory under one mktemp -d directory, removed on exit.
# One line per case: 'ok NAME' or 'FAIL NAME: why'; last line 'N passed, M failed'; the exit
# status is 1 when a case failed (2 for a bad invocation of this script).
#
# Data: tests/data/mettler_small.txt and tests/data/curves_small.csv (see
# tests/data/make_test_data.sh for how they are built and the exact peaks they hold):
#   mettler_small.txt, reference curve 0 (segment 9), 100 K/s, endothermic down:
#     curve 1 (segment 7): Tp 60 C, height 0.05 mW, area 0.002 mJ, FWHM 4 K, onset 56, end 64 C
#     curve 2 (segment 5): Tp 62.5 C, height 0.1 mW, area 0.005 mJ, FWHM 5 K, onset 57.5, end 67.5
#   curves_small.csv, reference 'ref', endothermic up, with a linear drift:
#     'drift' after --baseline linear --baseline-range '45,75 C': Tp 60 C, height 0.04 mW,
#     area 0.002 mJ, FWHM 5 K, onset 55 C, end 65 C
# The differences are exact triangles, so the numbers are compared to 1e-6 relative (the output
# has 9 significant digits; what differs is floating-point rounding, ~1e-12). The triangles are
# defined on Tr over a flat reference, so these cases ask for $OLD (--temp Tr --baseline none):
# the defaults are Ts and the glass/liquid line correction, which needs a glass transition.
# Cases on ../shared/data (the real PET export) are skipped when SOURCE_DIR/../shared is absent.
# shellcheck source=harness.sh
source "$(dirname "$0")/harness.sh"
cli_suite peaks "$@"

if [ ! -f "$DATA/mettler_small.txt" ] || [ ! -f "$DATA/curves_small.csv" ]; then
  echo "$0: $SRC does not look like the vitrum source tree (no tests/data/mettler_small.txt)" >&2
  exit 2
fi
PET=$SRC/../shared/data/mettler-flash-dsc/PET_aging_60C_0.01-100s.txt
PET2=$SRC/../shared/data/mettler-flash-dsc/PET_aging_60C_0.01-100s_run2.txt
OLD=(--temp Tr --baseline none)

# ---- helpers --------------------------------------------------------------------------------

# value FILE ROW COLUMN: the field of data row ROW (1 = first after the header) under the
# header name COLUMN. Only the name column may hold (quoted) commas, so fields after it are
# counted from the end of the line.
value() {
  awk -F, -v row="$2" -v col="$3" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) k = i; nh = NF; next }
    NR == row + 1 && k { print (k <= 2 ? $k : $(NF - (nh - k))); exit }' "$1"
}

# near FILE ROW COLUMN WANT [TOL]: |value - WANT| <= TOL (default 1e-6 relative, at least 1e-12).
near() {
  local got tol=${5:-}
  got=$(value "$1" "$2" "$3")
  if [ -z "$got" ]; then
    why "no $3 in row $2 of ${1##*/}"
    return
  fi
  awk -v g="$got" -v w="$4" -v t="$tol" 'BEGIN {
    d = g - w; if (d < 0) d = -d
    m = w < 0 ? -w : w
    if (t == "") t = (1e-6 * m > 1e-12 ? 1e-6 * m : 1e-12)
    exit !(d <= t) }' || why "row $2 $3 = $got, expected $4 (tolerance ${tol:-1e-6 relative})"
}

setup_small() {
  cp "$DATA/mettler_small.txt" "$DATA/curves_small.csv" "$DIR/"
}

# expect_triangles FILE HEIGHT_COLUMN H1 H2 AREA_COLUMN A1 A2: the two triangles of
# mettler_small.txt (curves 1 and 2, segments 7 and 5) in rows 2 and 1 ('all' takes the curves in
# segment order), with heights and areas in the given units.
expect_triangles() {
  local f=$DIR/$1
  near "$f" 2 index 1
  near "$f" 2 segment 7
  near "$f" 2 rate_K_per_s 100
  near "$f" 2 Tp_C 60
  near "$f" 2 Tp_K 333.15
  near "$f" 2 "$2" "$3"
  near "$f" 2 "$5" "$6"
  near "$f" 2 FWHM_K 4
  near "$f" 2 onset_C 56
  near "$f" 2 end_C 64
  near "$f" 1 index 2
  near "$f" 1 segment 5
  near "$f" 1 Tp_C 62.5
  near "$f" 1 "$2" "$4"
  near "$f" 1 "$5" "$7"
  near "$f" 1 FWHM_K 5
  near "$f" 1 onset_C 57.5
  near "$f" 1 end_C 67.5
  [ "$(rows "$f")" -eq 2 ] || why "$1 has $(rows "$f") rows, expected 2"
}

# block SEG T0_C STEP_C DT_S [JUMP_INDEX JUMP_C]: a Mettler block of 20 rows (CRLF, Latin-1
# degree sign), Tr = T0 + i STEP (or JUMP_C at row JUMP_INDEX), a flat heat flow.
block() {
  awk -v seg="$1" -v T0="$2" -v dT="$3" -v dt="$4" -v ji="${5:--1}" -v jT="${6:-0}" 'BEGIN {
    printf "Curve Name:\r\n  []]%d[$x%d\r\nCurve Values:\r\n", seg, seg
    printf "  Index t Ts Tr Value\r\n  [s] [\260C] [\260C] [mW]\r\n"
    for (i = 0; i < 20; i++) {
      T = (i == ji) ? jT : T0 + i * dT
      printf "  %d %.4f %.3f %.3f -0.1\r\n", i, 1 + i * dt, T - 0.5, T
    }
    printf "\r\n" }'
}

# ---- 1. vitrum curves -----------------------------------------------------------------------

begin curves_mettler
setup_small
run curves mettler_small.txt
expect_status $ST_OK
expect_stdout "mettler_small.txt: 3 curves" "[]]9[\$PS reference 50-69°C[]]2[\$TEST01"
[ -z "$WHY" ] && [ "$(awk '$1 ~ /^[0-9]+$/ && $3 == 20 && $7 == 100' "$OUT" | wc -l)" -ne 3 ] &&
  why "expected 3 rows with 20 points at 100 K/s: $(snippet "$OUT")"
[ -s "$ERR" ] && why "stderr not empty: $(snippet "$ERR")"
finish

begin curves_mettler_csv
setup_small
run curves mettler_small.txt --csv
expect_status $ST_OK
f=$DIR.stdout
[ "$(head -n 1 "$f")" = "index,segment,name,points,t_min_s,t_max_s,T_min_C,T_max_C,T_min_K,T_max_K,rate_K_per_s,HF_min_mW,HF_max_mW" ] ||
  why "header is '$(head -n 1 "$f")'"
near "$f" 3 segment 5
near "$f" 3 points 20
near "$f" 3 t_min_s 0.505
near "$f" 3 T_min_C 50.5
near "$f" 3 T_max_K 342.65
near "$f" 3 rate_K_per_s 100
near "$f" 3 HF_min_mW -0.2125
near "$f" 3 HF_max_mW -0.1005
finish

begin curves_csv_file
setup_small
run curves curves_small.csv
expect_status $ST_OK
expect_stdout "curves_small.csv: 2 curves" " ref" " drift"
finish

begin curves_bad_file
printf 'Curve Name:\r\n  x\r\nCurve Values:\r\n Index t Ts Tr Value\r\n [s] [\260C] [\260C] [mW]\r\n 0 0.1 20\r\n' >"$DIR/bad.txt"
run curves bad.txt
expect_status $ST_FAIL
expect_stderr "vitrum curves: bad.txt:6: expected 5 numbers (Index t Ts Tr Value), got 3"
expect_one_error_line
[ -s "$OUT" ] && why "stdout not empty: $(snippet "$OUT")"
finish

# An isotherm has no scan rate: nan in the table and a note saying why.
begin curves_isotherm_note
block 9 50 0 0.01 >"$DIR/hold.txt"
run curves hold.txt
expect_status $ST_OK
expect_stdout "note: curve 0 has no scan rate: curve '[]]9[\$x9': Tr is not strictly monotonic at point 1 (line 7): 50 C after 50 C"
[ -z "$WHY" ] && ! awk '$1 == 0 && $7 == "nan"' "$OUT" | grep -q . && why "no 'nan' rate for curve 0"
finish

begin curves_missing_file
run curves nothing.txt
expect_status $ST_FAIL
expect_stderr "nothing.txt: cannot open"
finish

begin curves_no_file
run curves
expect_status $ST_USAGE
expect_stderr "FILE is required"
finish

begin curves_unknown_option
setup_small
run curves mettler_small.txt --frobnicate
expect_status $ST_USAGE
expect_stderr "unknown option '--frobnicate'"
finish

begin curves_help
run curves --help
expect_status $ST_OK
expect_stdout "usage: vitrum curves FILE" "--csv"
finish

# ---- 2. vitrum peaks: the exact triangles -----------------------------------------------------

begin peaks_triangles
setup_small
run peaks "${OLD[@]}" mettler_small.txt --reference seg:9 -o peaks.csv -q
expect_status $ST_OK
[ -s "$ERR" ] && why "stderr not empty with -q: $(snippet "$ERR")"
[ -s "$OUT" ] && why "stdout not empty with -o: $(snippet "$OUT")"
expect_files mettler_small.txt curves_small.csv peaks.csv
[ "$(head -n 1 "$DIR/peaks.csv")" = "index,segment,name,rate_K_per_s,Tp_C,Tp_K,height_mW,area_mJ,FWHM_K,onset_C,end_C,noise_mW,resolved,label" ] ||
  why "header is '$(head -n 1 "$DIR/peaks.csv")'"
expect_triangles peaks.csv height_mW 0.05 0.1 area_mJ 0.002 0.005
finish

# The table goes to standard output without -o; --curves by index and a summary on stderr.
begin peaks_stdout
setup_small
run peaks "${OLD[@]}" mettler_small.txt --curves 2,1 --reference 0
expect_status $ST_OK
expect_stderr "vitrum peaks: 2 curves minus curve 0 (segment 9), axis Tr"
cp "$OUT" "$DIR/out.csv"
near "$DIR/out.csv" 1 index 2
near "$DIR/out.csv" 2 index 1
near "$DIR/out.csv" 1 area_mJ 0.005
finish

# Mass 0.5 ug: 0.05 mW -> 100 W/g, 0.002 mJ -> 4 J/g. From melting: 20.1 uJ / 40.2 J/g = 0.5 ug.
begin peaks_mass
setup_small
run peaks "${OLD[@]}" mettler_small.txt --reference seg:9 --mass '0.5 ug' -o m.csv -q
expect_status $ST_OK
expect_triangles m.csv height_W_per_g 100 200 area_J_per_g 4 10
finish

begin peaks_melt_enthalpy
setup_small
run peaks "${OLD[@]}" mettler_small.txt --reference seg:9 --melt-enthalpy '20.1 uJ' \
  --specific-melt-enthalpy '40.2 J/g' -o m.csv -q
expect_status $ST_OK
expect_triangles m.csv height_W_per_g 100 200 area_J_per_g 4 10
finish

# Per rate (100 K/s): 0.05 mW -> 5e-4 mJ/K; with the mass 1 J/(g K); areas unchanged.
begin peaks_per_rate
setup_small
run peaks "${OLD[@]}" mettler_small.txt --reference seg:9 --per-rate -o r.csv -q
expect_status $ST_OK
expect_triangles r.csv height_mJ_per_K 0.0005 0.001 area_mJ 0.002 0.005
run peaks "${OLD[@]}" mettler_small.txt --reference seg:9 --per-rate --mass '500 ng' -o rm.csv -q
expect_status $ST_OK
expect_triangles rm.csv height_J_per_gK 1 2 area_J_per_g 4 10
finish

# --range inside the overlap but around both triangles changes nothing.
begin peaks_range
setup_small
run peaks "${OLD[@]}" mettler_small.txt --reference seg:9 --range '328.15,341.15 K' -o p.csv -q
expect_status $ST_OK
expect_triangles p.csv height_mW 0.05 0.1 area_mJ 0.002 0.005
finish

# --temp Ts: Ts = Tr - 0.5 K in every curve, so the peaks move down by 0.5 K.
begin peaks_temp_Ts
setup_small
run peaks mettler_small.txt --reference seg:9 --temp Ts --baseline none -o p.csv -q
expect_status $ST_OK
near "$DIR/p.csv" 2 Tp_C 59.5
near "$DIR/p.csv" 1 Tp_C 62
near "$DIR/p.csv" 1 area_mJ 0.005
finish

# CSV, endothermic up, a linear drift under the peak: without a baseline the drift inflates the
# peak; a straight line fitted to the difference over both windows removes it exactly.
begin peaks_csv_baseline
setup_small
run peaks "${OLD[@]}" curves_small.csv --reference 0 --endo up -o raw.csv -q
expect_status $ST_OK
raw_h=$(value "$DIR/raw.csv" 1 height_mW)
awk -v h="$raw_h" 'BEGIN { exit !(h > 0.045) }' || why "the drift should raise the height above 0.045 mW, got $raw_h"
run peaks curves_small.csv --reference 0 --endo up --temp Tr --baseline linear \
  --glass '40,50 C' --liquid '70,79 C' -o p.csv -q
expect_status $ST_OK
f=$DIR/p.csv
near "$f" 1 index 1
near "$f" 1 segment -1
near "$f" 1 Tp_C 60
near "$f" 1 height_mW 0.04
near "$f" 1 area_mJ 0.002
near "$f" 1 FWHM_K 5
near "$f" 1 onset_C 55
near "$f" 1 end_C 65
[ "$(awk -F, 'NR == 2 { print $3 }' "$f")" = drift ] || why "name is not 'drift'"
finish

# ---- 3. traces and plots ----------------------------------------------------------------------

begin peaks_traces
setup_small
run peaks "${OLD[@]}" mettler_small.txt --reference seg:9 -o p.csv --traces tr.csv -q
expect_status $ST_OK
expect_files mettler_small.txt curves_small.csv p.csv tr.csv
f=$DIR/tr.csv
[ "$(head -n 1 "$f")" = "curve,segment,T_C,diff_mW" ] || why "traces header '$(head -n 1 "$f")'"
# curve 1: 50..69 C (20 points); curve 2: 50.5..68.5 C, inside the reference (19 points).
[ "$(rows "$f")" -eq 39 ] || why "traces have $(rows "$f") rows, expected 39"
[ -z "$WHY" ] && ! awk -F, 'NR > 1 && $1 == 1 && $3 == 60 && ($4 - 0.05 > 1e-9 || 0.05 - $4 > 1e-9) { bad = 1 }
  NR > 1 && $1 == 1 && $3 == 60 { seen = 1 } END { exit bad || !seen }' "$f" &&
  why "no 'curve 1 at 60 C: 0.05 mW' row"
finish

begin peaks_plot
if [ "$HAVE_GNUPLOT" -eq 0 ]; then
  finish "(skipped: no gnuplot)"
else
  setup_small
  run peaks "${OLD[@]}" mettler_small.txt --reference seg:9 --plot p.png -q
  expect_status $ST_OK
  expect_files mettler_small.txt curves_small.csv p.png p.gp p_traces.csv
  sig=$(head -c 8 "$DIR/p.png" | od -An -tx1 | tr -d ' \n')
  [ "$sig" = 89504e470d0a1a0a ] || why "p.png does not start with the PNG signature ($sig)"
  grep -q "datafile = 'p_traces.csv'" "$DIR/p.gp" || why "p.gp does not read p_traces.csv"
  cp "$OUT" "$DIR/../plot_table.csv"
  near "$DIR/../plot_table.csv" 1 Tp_C 62.5
  finish
fi

# No gnuplot: exit 1, no table, no traces; only the script is left.
begin peaks_plot_no_gnuplot
setup_small
mkdir -p "$TMP/empty_path"
RUN_PATH=$TMP/empty_path run peaks "${OLD[@]}" mettler_small.txt --reference seg:9 -o p.csv --plot p.png
expect_status $ST_FAIL
expect_stderr "gnuplot not found"
expect_files mettler_small.txt curves_small.csv p.gp
[ -s "$OUT" ] && why "stdout not empty: $(snippet "$OUT")"
finish

# ---- 4. bad input: exit 1, a clear message, nothing written -----------------------------------

# bad_input NAME FILE_MAKER SUBSTRING... -- ARGS: FILE_MAKER writes bad.txt in $DIR.
bad_input() {
  local name=$1 maker=$2 subs=()
  shift 2
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do subs+=("$1") && shift; done
  shift
  begin "bad_input/$name"
  setup_small
  $maker >"$DIR/bad.txt"
  run peaks "$@" -o out.csv --traces tr.csv
  expect_status $ST_FAIL
  expect_stderr "${subs[@]}"
  expect_one_error_line
  [ -s "$OUT" ] && why "stdout not empty: $(snippet "$OUT")"
  expect_files mettler_small.txt curves_small.csv bad.txt
  finish
}

# Block 0 is lines 1-26 (rows 6-25, a blank line); block 1 has its rows from line 32.
mk_nonmonotonic() { block 9 50 1 0.01 && block 7 50 1 0.01 5 53.5; }
mk_no_overlap() { block 9 50 1 0.01 && block 7 100 1 0.01; }
mk_rate_mismatch() { block 9 50 1 0.01 && block 7 50 1 0.02; }
mk_cooling() { block 9 50 1 0.01 && block 7 69 -1 0.01; }
mk_bad_unit() { block 9 50 1 0.01 | sed 's/\[mW\]/[mJ]/'; }
mk_csv_no_Ts() {
  printf 'curve,t [s],Tr [C],HF [mW]\n'
  for c in a b; do printf '%s,0,50,1\n%s,0.01,51,1\n%s,0.02,52,1\n' $c $c $c; done
}
mk_nothing() { :; }
mk_truncated() { block 9 50 1 0.01 && block 7 50 1 0.01 | head -n 20; }
mk_index_gap() { block 9 50 1 0.01 && block 7 50 1 0.01 | sed '11d'; }

bad_input nonmonotonic mk_nonmonotonic \
  "vitrum peaks: bad.txt: curve 1 (segment 7): curve '[]]7[\$x7': Tr is not strictly increasing at point 5 (line 37): 53.5 C after 54 C" \
  -- bad.txt --reference seg:9 "${OLD[@]}"
bad_input no_overlap mk_no_overlap \
  "bad.txt: curve 1 (segment 7) covers 100 to 119 C and its reference 50 to 69 C: they do not overlap in temperature" \
  -- bad.txt --reference 0 "${OLD[@]}"
bad_input rate_mismatch mk_rate_mismatch \
  "bad.txt: curve 1 (segment 7) is scanned at 50 K/s but curve 0 (segment 9) at 100 K/s: a sample and its reference must share a heating rate (within 1 %)" \
  -- bad.txt --reference 0 "${OLD[@]}"
bad_input cooling_curve mk_cooling \
  "bad.txt: curve 1 (segment 7) is not a heating scan: Tr falls at -100 K/s" \
  -- bad.txt --reference 0 "${OLD[@]}"
bad_input wrong_unit mk_bad_unit "bad.txt:5: unknown unit '[mJ]' for column Value" \
  -- bad.txt --reference 0
bad_input no_Ts_column mk_csv_no_Ts "bad.txt: curve 0 (segment -1) has no Ts value at point 0 (line 2): use Tr" \
  -- bad.txt --reference 0 --temp Ts --baseline none
bad_input window_outside mk_nothing \
  "mettler_small.txt: curve 0 (segment 9): glass line: the window 20-30 C holds 0 points: expected at least 10 (the scan covers 50 to 69 C)" \
  -- mettler_small.txt --reference 0 --temp Tr --baseline linear --glass '20,30 C' --liquid '60,65 C'
bad_input window_few_points mk_nothing \
  "mettler_small.txt: curve 0 (segment 9): liquid line: the window 60-65 C holds 6 points: expected at least 10" \
  -- mettler_small.txt --reference 0 --temp Tr --glass '50,60 C' --liquid '60,65 C'
bad_input no_transition mk_nothing \
  "mettler_small.txt: curve 0 (segment 9): cannot place the glass and liquid windows" \
  -- mettler_small.txt --reference 0 --temp Tr
bad_input range_outside mk_nothing "mettler_small.txt: curve 0 (segment 9): only 0 points within the range" \
  -- mettler_small.txt --reference 0 --range '0,10 C' "${OLD[@]}"
bad_input missing_file mk_nothing "nothing.txt: cannot open" -- nothing.txt --reference 0
bad_input truncated mk_truncated \
  "bad.txt:46: the file ends inside the table of curve '[]]7[\$x7' after 15 rows: the export looks cut off" \
  -- bad.txt --reference 0
bad_input index_gap mk_index_gap \
  "bad.txt:37: curve '[]]7[\$x7': row Index 6 where 5 was expected: rows are missing" \
  -- bad.txt --reference 0

# A difference that never rises above zero is no peak: reported, not resolved, its area negative.
begin peaks_not_resolved
setup_small
run peaks mettler_small.txt --reference 0 --endo up "${OLD[@]}" -o p.csv -q
expect_status $ST_OK
near "$DIR/p.csv" 1 resolved 0
near "$DIR/p.csv" 1 area_mJ -0.005
[ "$(value "$DIR/p.csv" 1 Tp_C)" = nan ] || why "Tp of an unresolved peak is $(value "$DIR/p.csv" 1 Tp_C), expected nan"
finish

# ---- 5. bad command lines: exit 2, one message, nothing written ------------------------------
usage_case() {
  local name=$1 sub=$2
  shift 3
  begin "usage/$name"
  setup_small
  run peaks "$@"
  expect_status $ST_USAGE
  expect_stderr "$sub"
  expect_one_error_line
  [ -s "$OUT" ] && why "stdout not empty: $(snippet "$OUT")"
  expect_files mettler_small.txt curves_small.csv
  finish
}

usage_case no_file "FILE is required" -- --reference 0
usage_case no_reference "--reference SPEC is required" -- mettler_small.txt
usage_case two_files "one FILE expected, got 'mettler_small.txt' and 'curves_small.csv'" \
  -- mettler_small.txt curves_small.csv --reference 0
usage_case unknown_option "unknown option '--frobnicate'" -- mettler_small.txt --reference 0 --frobnicate
usage_case needs_value "option --reference needs a value" -- mettler_small.txt --reference
usage_case reference_out_of_range "there is no curve 7: the file has 3 curves (indices 0-2)" \
  -- mettler_small.txt --reference 7 -o out.csv
usage_case reference_all "--curves 'all' selects only the reference: nothing to analyse" \
  -- mettler_small.txt --reference all -o out.csv
usage_case unknown_segment "no curve has segment 99 (the file's segments: 9, 7, 5)" \
  -- mettler_small.txt --reference 0 --curves seg:99 -o out.csv
usage_case bad_spec "curve selection 'x': expected 'all', indices such as '0,3,5-7'" \
  -- mettler_small.txt --reference 0 --curves x -o out.csv
usage_case only_reference "--curves '0' selects only the reference: nothing to analyse" \
  -- mettler_small.txt --reference 0 --curves 0 -o out.csv
usage_case mass_wrong_unit "--mass: " -- mettler_small.txt --reference 0 --mass '5 K' -o out.csv
usage_case mass_missing_unit "--mass: missing unit" -- mettler_small.txt --reference 0 --mass 5
usage_case mass_negative "the sample mass must be positive (got -5e-09 g)" -- mettler_small.txt --reference 0 --mass '-5 ng'
usage_case mass_and_melt "give either --mass or --melt-enthalpy" \
  -- mettler_small.txt --reference 0 --mass '5 ng' --melt-enthalpy '1 uJ' --specific-melt-enthalpy '40 J/g'
usage_case melt_alone "--melt-enthalpy and --specific-melt-enthalpy go together" \
  -- mettler_small.txt --reference 0 --melt-enthalpy '1 uJ'
usage_case melt_wrong_unit "--specific-melt-enthalpy: " \
  -- mettler_small.txt --reference 0 --melt-enthalpy '1 uJ' --specific-melt-enthalpy '40 J'
usage_case glass_alone "--glass and --liquid go together" \
  -- mettler_small.txt --reference 0 --glass '20,40 C'
usage_case windows_overlap "--glass '20,60 C' must end below the start of --liquid '50,70 C'" \
  -- mettler_small.txt --reference 0 --glass '20,60 C' --liquid '50,70 C'
usage_case baseline_kind "--baseline 'cubic': expected 'lines', 'linear', 'chord' or 'none'" \
  -- mettler_small.txt --reference 0 --baseline cubic
usage_case temp_axis "--temp 'Tx': expected 'Ts' or 'Tr'" -- mettler_small.txt --reference 0 --temp Tx
usage_case endo "--endo 'sideways': expected 'down' or 'up'" \
  -- mettler_small.txt --reference 0 --endo sideways
usage_case ages_count "--ages has 3 times but 2 aged curves are analysed" \
  -- mettler_small.txt --reference 0 --ages '1,2,3 s'
usage_case ages_unit "--ages: missing unit" -- mettler_small.txt --reference 0 --ages '1,2'
usage_case molar_mass_alone "--molar-mass needs a positive value and the sample mass" \
  -- mettler_small.txt --reference 0 --molar-mass '192 g/mol'
usage_case range_one_value "--range '60 C': expected two increasing temperatures" \
  -- mettler_small.txt --reference 0 --range '60 C'
usage_case range_reversed "--range '70,60 C': expected two increasing temperatures" \
  -- mettler_small.txt --reference 0 --range '70,60 C'
usage_case range_unit "--range: missing unit" -- mettler_small.txt --reference 0 --range '50,60'
usage_case plot_extension "--plot out.txt: expected a file name ending in .png, .svg or .pdf" \
  -- mettler_small.txt --reference 0 --plot out.txt
usage_case traces_stdout "--traces -: standard output is taken by the table (give -o)" \
  -- mettler_small.txt --reference 0 --traces -
usage_case traces_stdout_plot "--traces -: standard output is taken by --plot" \
  -- mettler_small.txt --reference 0 -o t.csv --traces - --plot p.png
usage_case table_is_traces "-o and --traces would both be written to t.csv" \
  -- mettler_small.txt --reference 0 -o t.csv --traces t.csv

begin peaks_help
run peaks --help
expect_status $ST_OK
expect_stdout "usage: vitrum peaks FILE" "--baseline lines|linear|chord|none" "--glass 'T1,T2 C'" "--melt-enthalpy"
finish

# ---- 6. the real PET export (../shared/data) ---------------------------------------------------

if [ ! -f "$PET" ]; then
  begin pet
  finish "(skipped: no $PET)"
else
  begin pet_curves
  run curves "$PET" --csv
  expect_status $ST_OK
  [ "$(rows "$DIR.stdout")" -eq 15 ] || why "expected 15 curves, got $(rows "$DIR.stdout")"
  cp "$OUT" "$DIR/list.csv"
  near "$DIR/list.csv" 1 segment 87
  near "$DIR/list.csv" 1 points 3469
  near "$DIR/list.csv" 2 points 3470
  near "$DIR/list.csv" 15 segment 5
  near "$DIR/list.csv" 1 rate_K_per_s 1000
  finish

  # Segment 87 (aged 100 s at 60 C) minus segment 5 (0.01 s), 40-140 C: the numbers
  # tests/test_curves.c measures by its own route (Tp 100.85 C, 0.050 mW, 2.84e-4 mJ, 8.51 K).
  begin pet_peak
  run peaks "$PET" --curves seg:87 --reference seg:5 --range '40,140 C' "${OLD[@]}" \
    --smooth '0 K' -o pet.csv -q
  expect_status $ST_OK
  near "$DIR/pet.csv" 1 Tp_C 100.8486 0.001
  near "$DIR/pet.csv" 1 height_mW 0.04997 0.00001
  near "$DIR/pet.csv" 1 area_mJ 2.8435e-4 1e-7
  near "$DIR/pet.csv" 1 FWHM_K 8.508 0.001
  finish
fi

cli_end
