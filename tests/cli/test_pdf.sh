#!/usr/bin/env bash
# Command-line tests of 'vitrum pdf' (X-ray S(Q), G(r), weights, first peak; paper 001).
#
#   usage: test_pdf.sh PATH_TO_VITRUM_BINARY SOURCE_DIR
#
# Every case runs in its own fresh directory under one mktemp -d directory, removed on exit.
# One line per case: 'ok NAME' or 'FAIL NAME: why'; last line 'N passed, M failed'; the exit
# status is 1 when a case failed (2 for a bad invocation of this script).
#
# Data (tests/data, written by 'test_pdf --write-data tests/data' from tests/test_pdf.c, which
# also checks them): a synthetic Cu56Zr44 measurement, counts = 250 (<f^2> + <f>^2 (S - 1) +
# Compton) + background, S(Q) from Gaussian shells with the first peak split into sub-peaks at
# 2.75 and 3.10 A, Q = 1.5..16.5 1/A:
#   pdf_cu56zr44.csv         I(Q), Q every 0.02 1/A
#   pdf_cu56zr44_2theta.csv  the same against 2theta at lambda = 0.2065 A (60.037 keV)
#   pdf_background.csv       the background, 200 exp(-Q/2) + 20
#   pdf_series.csv           three frames (time_s 0, 300, 600): the 3.10 A sub-peak moves to 3.09
#                            and 3.08 A and narrows (sigma 0.150, 0.145, 0.140 A)
# The first-peak numbers are compared to 1e-5 relative (regression values of this build, 9
# digits printed) and, where they have one, to the physics: the sub-peaks within the resolution
# pi/Qmax = 0.19 A of the model's 2.75 and 3.10 A, alpha within 0.3 % of 1/250.
# shellcheck source=harness.sh
source "$(dirname "$0")/harness.sh"
cli_suite pdf "$@"

for f in pdf_cu56zr44.csv pdf_cu56zr44_2theta.csv pdf_background.csv pdf_series.csv; do
  if [ ! -f "$DATA/$f" ]; then
    echo "$0: $SRC does not look like the vitrum source tree (no tests/data/$f)" >&2
    exit 2
  fi
done

PI_OVER_QMAX=0.190400 # pi / 16.5 1/A

# ---- helpers --------------------------------------------------------------------------------

# value FILE ROW COLUMN: the field of data row ROW (1 = first after the header) under the
# header name COLUMN (the source column, which may hold quoted commas, comes last).
value() {
  awk -F, -v row="$2" -v col="$3" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) k = i; next }
    NR == row + 1 && k { print $k; exit }' "$1"
}

# near FILE ROW COLUMN WANT [TOL]: |value - WANT| <= TOL (default 1e-5 relative, at least 1e-12).
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
    if (t == "") t = (1e-5 * m > 1e-12 ? 1e-5 * m : 1e-12)
    exit !(d <= t) }' || why "row $2 $3 = $got, expected $4 (tolerance ${tol:-1e-5 relative})"
}

# less FILE ROW_A ROW_B COLUMN: the value in row A is below the one in row B.
less() {
  local a b
  a=$(value "$1" "$2" "$4")
  b=$(value "$1" "$3" "$4")
  awk -v a="$a" -v b="$b" 'BEGIN { exit !(a + 0 < b + 0) }' ||
    why "$4: row $2 ($a) is not below row $3 ($b)"
}

setup() {
  cp "$DATA"/pdf_*.csv "$DIR/"
}
DATAFILES=(pdf_cu56zr44.csv pdf_cu56zr44_2theta.csv pdf_background.csv pdf_series.csv)
BASE=(--composition Cu56Zr44 --compton --background pdf_background.csv)

# expect_first_peak FILE ROW: the single pattern's first-peak numbers (regression values,
# 1e-5 relative) and the physics bands.
expect_first_peak() {
  local f=$1
  near "$f" "$2" norm_factor 0.004 0.000012
  near "$f" "$2" S_mean_norm 1 0.003
  near "$f" "$2" sub1_r_A 2.75 $PI_OVER_QMAX
  near "$f" "$2" sub2_r_A 3.10 $PI_OVER_QMAX
  near "$f" "$2" peak_r_A 3.06947621
  near "$f" "$2" FWHM_A 0.544696818
  near "$f" "$2" sub1_r_A 2.78757983
  near "$f" "$2" sub2_r_A 3.08047512
  near "$f" "$2" sub2_FWHM_A 0.261168111
  near "$f" "$2" Q_min_inv_A 1.5
  near "$f" "$2" Q_max_inv_A 16.5
}

# ---- 1. weights -------------------------------------------------------------------------------

# Paper 001's w_ij with f_i(0) = Z_i: Cu56Zr44 0.230309, 0.499192, 0.270498 (the issue: 0.230,
# 0.499, 0.271).
begin weights_cu56zr44
run pdf --composition Cu56Zr44 --weights w.csv -q
expect_status $ST_OK
expect_files w.csv
f=$DIR/w.csv
[ "$(head -n 1 "$f")" = "pair,element_i,element_j,Z_i,Z_j,c_i,c_j,f0_i,f0_j,w_ij" ] ||
  why "header '$(head -n 1 "$f")'"
[ "$(rows "$f")" -eq 3 ] || why "$(rows "$f") rows, expected 3"
near "$f" 1 w_ij 0.230309229
near "$f" 2 w_ij 0.499192417
near "$f" 3 w_ij 0.270498354
near "$f" 1 f0_i 29 1e-9
near "$f" 3 f0_j 40 1e-9
[ "$(value "$f" 2 pair)" = Cu-Zr ] || why "row 2 is not Cu-Zr"
[ -s "$ERR" ] && why "stderr not empty with -q: $(snippet "$ERR")"
finish

# The high-entropy glass of paper 001 on standard output: 21 pairs summing to 1, Zr-Hf largest.
begin weights_hea_stdout
run pdf --composition Ti16.7Zr16.7Hf16.7Cu16.7Ni16.7Be16.7 --weights -
expect_status $ST_OK
expect_stderr "weights w_ij:" "Zr-Hf 0.151"
cp "$OUT" "$DIR/w.csv"
[ "$(rows "$DIR/w.csv")" -eq 21 ] || why "$(rows "$DIR/w.csv") rows, expected 21"
awk -F, 'NR > 1 { s += $10; if ($10 > m) { m = $10; p = $1 } }
  END { exit !(s > 1 - 1e-8 && s < 1 + 1e-8 && p == "Zr-Hf") }' "$DIR/w.csv" ||
  why "weights do not sum to 1 or Zr-Hf is not the largest"
finish

# ---- 2. one pattern ---------------------------------------------------------------------------

begin single_pattern
setup
run pdf pdf_cu56zr44.csv "${BASE[@]}" -o t.csv --sq sq.csv --gr gr.csv -q
expect_status $ST_OK
expect_files "${DATAFILES[@]}" t.csv sq.csv gr.csv
[ -s "$OUT" ] && why "stdout not empty with -o: $(snippet "$OUT")"
expect_first_peak "$DIR/t.csv" 1
[ "$(rows "$DIR/t.csv")" -eq 1 ] || why "table has $(rows "$DIR/t.csv") rows"
[ "$(head -n 1 "$DIR/sq.csv")" = "frame,time_s,Q_inv_A,I_coh_per_atom,S,F_inv_A" ] ||
  why "sq header '$(head -n 1 "$DIR/sq.csv")'"
[ "$(rows "$DIR/sq.csv")" -eq 751 ] || why "sq.csv has $(rows "$DIR/sq.csv") rows, expected 751"
[ "$(head -n 1 "$DIR/gr.csv")" = "frame,time_s,r_A,G_inv_A2" ] || why "gr header"
[ "$(rows "$DIR/gr.csv")" -eq 2001 ] || why "gr.csv has $(rows "$DIR/gr.csv") rows, expected 2001"
# F = Q (S - 1) in every row; G(0) = 0.
awk -F, 'NR > 1 { d = $6 - $3 * ($5 - 1); if (d < 0) d = -d; a = $6 < 0 ? -$6 : $6
  if (d > 1e-6 * (1 + a)) bad = 1 } END { exit bad }' "$DIR/sq.csv" ||
  why "F != Q (S - 1) somewhere in sq.csv"
near "$DIR/gr.csv" 1 G_inv_A2 0 1e-12
finish

# The table on standard output and a summary on standard error.
begin single_stdout
setup
run pdf pdf_cu56zr44.csv "${BASE[@]}"
expect_status $ST_OK
expect_stderr "vitrum pdf: Cu0.56Zr0.44, <f(0)> = 33.84 e; weights w_ij: Cu-Cu 0.230, Cu-Zr 0.499, Zr-Zr 0.270" \
  "first peak 3.0695 A, FWHM 0.5447 A"
cp "$OUT" "$DIR/../stdout_table.csv"
expect_first_peak "$DIR/../stdout_table.csv" 1
expect_files "${DATAFILES[@]}"
finish

# I(2theta) with the wavelength (or the photon energy): the same first peak within the
# difference of the grids (0.02 deg against 0.02 1/A).
begin twotheta
setup
run pdf pdf_cu56zr44_2theta.csv "${BASE[@]}" --wavelength '0.2065 A' -o a.csv -q
expect_status $ST_OK
run pdf pdf_cu56zr44_2theta.csv "${BASE[@]}" --wavelength '60.037 keV' -o b.csv -q
expect_status $ST_OK
run pdf pdf_cu56zr44_2theta.csv "${BASE[@]}" --wavelength '0.02065 nm' -o c.csv -q
expect_status $ST_OK
for f in a b; do
  near "$DIR/$f.csv" 1 peak_r_A 3.06947621 0.002
  near "$DIR/$f.csv" 1 FWHM_A 0.544696818 0.005
  near "$DIR/$f.csv" 1 sub1_r_A 2.75 $PI_OVER_QMAX
  near "$DIR/$f.csv" 1 sub2_r_A 3.10 $PI_OVER_QMAX
done
near "$DIR/a.csv" 1 Q_max_inv_A 16.4927057 # 4 pi sin(15.725 deg) / 0.2065 A
near "$DIR/b.csv" 1 Q_max_inv_A 16.4927057 0.002 # lambda = 12.39842 keV A / 60.037 keV
near "$DIR/c.csv" 1 peak_r_A "$(value "$DIR/a.csv" 1 peak_r_A)" 1e-9
finish

# The Q range, the normalisation window and a fixed alpha.
begin q_range_and_norm
setup
run pdf pdf_cu56zr44.csv "${BASE[@]}" --qmin 2 --qmax '150 1/nm' --norm-range '10,15' -o t.csv -q
expect_status $ST_OK
near "$DIR/t.csv" 1 Q_min_inv_A 2
near "$DIR/t.csv" 1 Q_max_inv_A 15
near "$DIR/t.csv" 1 norm_factor 0.004 0.000012
run pdf pdf_cu56zr44.csv "${BASE[@]}" --norm-factor 0.004 -o u.csv -q
expect_status $ST_OK
near "$DIR/u.csv" 1 norm_factor 0.004 1e-15
near "$DIR/u.csv" 1 S_mean_norm 1 0.001
finish

# Lorch: the same S(Q); a lower first maximum (the window spreads every peak; the merged
# peak's FWHM need not grow: here it falls, 0.545 -> 0.521 A, as the shoulder's share changes).
begin lorch
setup
run pdf pdf_cu56zr44.csv "${BASE[@]}" --lorch -o l.csv -q
expect_status $ST_OK
run pdf pdf_cu56zr44.csv "${BASE[@]}" -o n.csv -q
gl=$(value "$DIR/l.csv" 1 peak_G_inv_A2)
gn=$(value "$DIR/n.csv" 1 peak_G_inv_A2)
awk -v l="$gl" -v n="$gn" 'BEGIN { exit !(l < 0.9 * n) }' || why "Lorch maximum $gl not below 0.9 x $gn"
near "$DIR/l.csv" 1 peak_G_inv_A2 1.02713295
near "$DIR/l.csv" 1 norm_factor "$(value "$DIR/n.csv" 1 norm_factor)" 1e-15
finish

# No split: position and FWHM, nan for the sub-peaks; a given window.
begin no_split_window
setup
run pdf pdf_cu56zr44.csv "${BASE[@]}" --no-split --peak-range '2.5,3.4 A' -o t.csv -q
expect_status $ST_OK
near "$DIR/t.csv" 1 peak_r_A 3.06947621
[ "$(value "$DIR/t.csv" 1 sub1_r_A)" = nan ] || why "sub1_r_A is $(value "$DIR/t.csv" 1 sub1_r_A), expected nan"
finish

# ---- 3. a series ------------------------------------------------------------------------------

# As the stress relaxes the first peak narrows and moves in (paper 001 Fig. 5b).
begin series_time_column
setup
run pdf pdf_series.csv "${BASE[@]}" -o s.csv -q
expect_status $ST_OK
f=$DIR/s.csv
[ "$(rows "$f")" -eq 3 ] || why "$(rows "$f") rows, expected 3"
near "$f" 1 time_s 0
near "$f" 3 time_s 600
expect_first_peak "$f" 1 # frame 0 is the single pattern
less "$f" 2 1 FWHM_A
less "$f" 3 2 FWHM_A
less "$f" 2 1 peak_r_A
less "$f" 3 2 peak_r_A
less "$f" 3 1 sub2_r_A
near "$f" 3 FWHM_A 0.485641099
finish

# Several files, times from --times.
begin series_files_times
setup
run pdf pdf_cu56zr44.csv pdf_cu56zr44.csv --times '0, 1 min' "${BASE[@]}" -o s.csv -q
expect_status $ST_OK
near "$DIR/s.csv" 2 time_s 60
near "$DIR/s.csv" 2 FWHM_A 0.544696818
finish

# ---- 4. plots ---------------------------------------------------------------------------------
png_ok() {
  local sig
  sig=$(head -c 8 "$DIR/$1" | od -An -tx1 | tr -d ' \n')
  [ "$sig" = 89504e470d0a1a0a ] || why "$1 does not start with the PNG signature ($sig)"
}

begin plot_single
if [ "$HAVE_GNUPLOT" -eq 0 ]; then
  finish "(skipped: no gnuplot)"
else
  setup
  run pdf pdf_cu56zr44.csv "${BASE[@]}" --plot p.png -o t.csv -q
  expect_status $ST_OK
  expect_files "${DATAFILES[@]}" t.csv p.png p.gp p_sq.csv p_gr.csv
  png_ok p.png
  grep -q "sqfile = 'p_sq.csv'" "$DIR/p.gp" || why "p.gp does not read p_sq.csv"
  grep -q "g1(x) + g2(x)" "$DIR/p.gp" || why "p.gp does not draw the sub-peaks"
  finish
fi

begin plot_series
if [ "$HAVE_GNUPLOT" -eq 0 ]; then
  finish "(skipped: no gnuplot)"
else
  setup
  run pdf pdf_series.csv "${BASE[@]}" --plot s.svg --sq sq.csv -q
  expect_status $ST_OK
  expect_files "${DATAFILES[@]}" s.svg s.gp sq.csv s_gr.csv s_peaks.csv
  grep -q "<svg" "$DIR/s.svg" || why "s.svg is not SVG"
  grep -q "tablefile = 's_peaks.csv'" "$DIR/s.gp" || why "s.gp does not read s_peaks.csv"
  cp "$OUT" "$DIR/../plot_series_table.csv"
  [ "$(rows "$DIR/../plot_series_table.csv")" -eq 3 ] || why "no table on standard output"
  finish
fi

# No gnuplot: exit 1; nothing but the script is left.
begin plot_no_gnuplot
setup
mkdir -p "$TMP/empty_path"
RUN_PATH=$TMP/empty_path run pdf pdf_cu56zr44.csv "${BASE[@]}" -o t.csv --plot p.png
expect_status $ST_FAIL
expect_stderr "gnuplot not found"
expect_files "${DATAFILES[@]}" p.gp
[ -s "$OUT" ] && why "stdout not empty: $(snippet "$OUT")"
finish

# ---- 5. bad input: exit 1, a clear message, nothing written -----------------------------------

# bad_input NAME TEXT SUBSTRING [ARGS...]: TEXT is bad.csv.
bad_input() {
  local name=$1 text=$2 sub=$3
  shift 3
  begin "bad_input/$name"
  setup
  printf "$text" >"$DIR/bad.csv"
  run pdf bad.csv --composition Cu56Zr44 -o out.csv --sq sq.csv --gr gr.csv "$@"
  expect_status $ST_FAIL
  expect_stderr "$sub"
  expect_one_error_line
  [ -s "$OUT" ] && why "stdout not empty: $(snippet "$OUT")"
  expect_files "${DATAFILES[@]}" bad.csv
  finish
}

bad_input non_monotonic_q 'Q_inv_A,I\n1,5\n2,5\n1.5,5\n' \
  "vitrum pdf: bad.csv:4: Q is not increasing: 1.5 after 2 (line 3)"
bad_input repeated_2theta '2theta_deg,I\n5,5\n6,5\n6,5\n' \
  "bad.csv:4: 2theta is not increasing: 6 after 6 (line 3)" --wavelength '0.2065 A'
bad_input negative_intensity 'Q_inv_A,I\n1,5\n2,-0.5\n' \
  "bad.csv:3: negative intensity -0.5 at Q = 2: expected the raw integrated intensity (>= 0)"
bad_input nan_intensity 'Q_inv_A,I\n1,5\n2,nan\n' "bad.csv:3: column 2 (intensity): 'nan' is not a finite number"
bad_input no_unit 'Q,I\n1,5\n2,5\n' "bad.csv:1: column 'Q' has no unit"
bad_input twotheta_no_wavelength '2theta_deg,I\n5,5\n6,5\n' "bad.csv:1: the pattern is given against 2theta"
bad_input no_header '1 5\n2 5\n' "bad.csv:1: no header naming the columns"
bad_input comment_header_lines '# pyFAI\n#  q_nm^-1  I\n 20  5\n 10  5\n' \
  "vitrum pdf: bad.csv:4: Q is not increasing: 10 after 20 (line 3)"
bad_input time_overflow 't [h],Q_inv_A,I\n1e308,1,5\n1e308,2,5\n' \
  "vitrum pdf: bad.csv:2: column 1 (time): '1e308' is out of range: not finite in s"
bad_input too_few_points 'Q_inv_A,I\n1,5\n2,5\n3,5\n' "bad.csv (pattern from line 2): only 3 points within Q = 1 to 3 1/A; need 10"

begin bad_input/missing_file
setup
run pdf nothing.csv --composition Cu56Zr44 -o out.csv
expect_status $ST_FAIL
expect_stderr "vitrum pdf: nothing.csv: cannot open"
expect_one_error_line
expect_files "${DATAFILES[@]}"
finish

begin bad_input/qmax_beyond_data
setup
run pdf pdf_cu56zr44.csv "${BASE[@]}" --qmax 20 -o out.csv --plot p.png
expect_status $ST_FAIL
expect_stderr "pdf_cu56zr44.csv (pattern from line 6): Q range 1.5 to 20 1/A reaches beyond the data (1.5 to 16.5 1/A)"
expect_one_error_line
expect_files "${DATAFILES[@]}"
finish

begin bad_input/background_short
setup
head -n 40 "$DIR/pdf_background.csv" >"$DIR/short.csv"
run pdf pdf_cu56zr44.csv --composition Cu56Zr44 --background short.csv -o out.csv
expect_status $ST_FAIL
expect_stderr "the background covers Q = 1 to 2.8 1/A but the pattern uses 1.5 to 16.5 1/A"
expect_one_error_line
expect_files "${DATAFILES[@]}" short.csv
finish

begin bad_input/bad_background_file
setup
printf 'Q_inv_A,I\n1,5\n0.5,5\n' >"$DIR/b.csv"
run pdf pdf_cu56zr44.csv --composition Cu56Zr44 --background b.csv -o out.csv
expect_status $ST_FAIL
expect_stderr "vitrum pdf: --background: b.csv:3: Q is not increasing"
expect_files "${DATAFILES[@]}" b.csv
finish

# ---- 6. bad command lines: exit 2, one message, nothing written ------------------------------

usage_case() {
  local name=$1 sub=$2
  shift 3
  begin "usage/$name"
  setup
  run pdf "$@"
  expect_status $ST_USAGE
  expect_stderr "$sub"
  expect_one_error_line
  [ -s "$OUT" ] && why "stdout not empty: $(snippet "$OUT")"
  expect_files "${DATAFILES[@]}"
  finish
}

usage_case unknown_element "--composition: composition 'Cu56Xx44': unknown element 'Xx' at character 5" \
  -- pdf_cu56zr44.csv --composition Cu56Xx44 -o out.csv
usage_case lowercase_element "expected an element symbol (capital letter first) at character 1, got 'c'" \
  -- pdf_cu56zr44.csv --composition cu56zr44 -o out.csv
usage_case element_twice "Cu appears twice" -- pdf_cu56zr44.csv --composition Cu50Zr40Cu10 -o out.csv
usage_case no_form_factors "Es (Z = 99) has no X-ray form factors" \
  -- pdf_cu56zr44.csv --composition Es50Cu50 -o out.csv
usage_case no_composition "--composition FORMULA is required" -- pdf_cu56zr44.csv -o out.csv
usage_case no_file "FILE is required (or --weights FILE for the weight table alone)" \
  -- --composition Cu56Zr44
usage_case unknown_option "unknown option '--frobnicate'" -- pdf_cu56zr44.csv --composition CuZr --frobnicate
usage_case needs_value "option --qmax needs a value" -- pdf_cu56zr44.csv --composition CuZr --qmax
usage_case qmax_unit "--qmax '16 K': expected a number with an optional unit (1/A or 1/nm)" \
  -- pdf_cu56zr44.csv --composition CuZr --qmax '16 K'
usage_case wavelength "--wavelength '3 kg': expected a number with an optional unit" \
  -- pdf_cu56zr44.csv --composition CuZr --wavelength '3 kg'
usage_case axis "--axis 'r': expected 'Q' or '2theta'" -- pdf_cu56zr44.csv --composition CuZr --axis r
usage_case peak_range "--peak-range '3.4,2.5': expected two increasing values" \
  -- pdf_cu56zr44.csv --composition CuZr --peak-range 3.4,2.5
usage_case norm_factor "--norm-factor '-1': expected a positive value" \
  -- pdf_cu56zr44.csv --composition CuZr --norm-factor -1
usage_case norm_both "give --norm-range (fit alpha there) or --norm-factor (fixed alpha), not both" \
  -- pdf_cu56zr44.csv --composition CuZr --norm-range 10,16 --norm-factor 0.004
usage_case bkg_scale "--bkg-scale needs --background FILE" -- pdf_cu56zr44.csv --composition CuZr --bkg-scale 2
usage_case r_grid "r grid 5 to 2 A in steps of 0.01 A" -- pdf_cu56zr44.csv --composition CuZr --rmin 5 --rmax 2
usage_case sq_stdout "--sq -: standard output is taken by the first-peak table (give -o)" \
  -- pdf_cu56zr44.csv --composition CuZr --sq -
usage_case same_names "--sq and -o would both be written to t.csv" \
  -- pdf_cu56zr44.csv --composition CuZr -o t.csv --sq t.csv
usage_case plot_extension "--plot p.txt: expected a file name ending in .png, .svg or .pdf" \
  -- pdf_cu56zr44.csv --composition CuZr --plot p.txt
usage_case times_and_time_column "--times: the files have a time column already" \
  -- pdf_series.csv --composition CuZr --times '0,1,2 s' -o out.csv
usage_case times_count "--times gives 3 times for 2 patterns" \
  -- pdf_cu56zr44.csv pdf_cu56zr44.csv --composition CuZr --times '0,1,2 s' -o out.csv

begin pdf_help
run pdf --help
expect_status $ST_OK
cp "$OUT" "$DIR/help.txt"
grep -q "usage: vitrum pdf FILE... --composition FORMULA" "$DIR/help.txt" || why "no usage line"
grep -q -- "--lorch" "$DIR/help.txt" || why "no --lorch in the help"
finish

cli_end
