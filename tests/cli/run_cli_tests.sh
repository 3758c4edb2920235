#!/usr/bin/env bash
# Command-line tests of vitrum.
#
#   usage: run_cli_tests.sh PATH_TO_VITRUM_BINARY SOURCE_DIR
#
# Every case runs in its own fresh directory under one mktemp -d directory, removed on exit.
# One line per case: 'ok NAME' or 'FAIL NAME: why'; last line 'N passed, M failed'; the exit
# status is 1 when a case failed (2 for a bad invocation of this script).
#
# Cases:
#   bad/FILE              the program corpus tests/cli/bad/*.prog against bad/expected.tsv
#                         (exit status, stderr substrings, no output file left behind)
#   crlf_same_as_lf       a CRLF program gives the same CSV as its LF twin
#   cli/NAME              command-line errors (exit status, message, no output file)
#   golden_kovacs_at_times  --at-time output in the final Kovacs hold against
#                         tests/cli/golden/kovacs_at_times.csv (relative tolerance 1e-6)
#   kovacs_memory_hump    the same output shows the memory effect (dH rises, then decays)
#   models_table, version, simulate_help, help
#   plot_csv, plot_png, plot_default_datafile, plot_no_gnuplot, plot_gnuplot_fails
#
# Regenerate the golden file (after a deliberate change of the numerics) with
#   VITRUM_UPDATE_GOLDEN=1 run_cli_tests.sh PATH_TO_VITRUM_BINARY SOURCE_DIR
# Only bash, coreutils, awk and diff are used.
# shellcheck source=harness.sh
source "$(dirname "$0")/harness.sh"
cli_suite cli "$@"

HERE=$SRC/tests/cli
if [ ! -f "$HERE/bad/expected.tsv" ] || [ ! -f "$HERE/kovacs.prog" ]; then
  echo "$0: $SRC does not look like the vitrum source tree (no tests/cli/bad/expected.tsv)" >&2
  exit 2
fi

# Exit statuses (src/cli/cli.h): 0 success, 1 bad input or failed run, 2 bad command line.
# Errors in the values of --model, --set / --NAME, --route and --prony-tol are command-line
# errors, but vitrum detects them in run() (make_model, after reading the program) and exits
# with 1, not 2 ('vitrum models foo' does exit 2). These cases assert what the code does now;
# set this to $ST_USAGE once make_model runs before the program is read and returns CLI_USAGE.
ST_MODEL_OPTION=$ST_USAGE

# ---- helpers --------------------------------------------------------------------------------

# expect_nonempty FILE (relative to $DIR)
expect_nonempty() {
  [ -s "$DIR/$1" ] || why "$1 is missing or empty"
}

CSV_HEADER='time_s,T_K,Tf_K,dH_J_per_mol,Cp_N,segment,t_seg_s'

# expect_csv FILE: the header line and at least one data row of 7 fields.
expect_csv() {
  local f=$DIR/$1
  if [ ! -s "$f" ]; then
    why "$1 is missing or empty"
    return
  fi
  [ "$(head -n 1 "$f")" = "$CSV_HEADER" ] || why "$1 header is '$(head -n 1 "$f")'"
  local bad
  bad=$(awk -F, 'NR > 1 { rows++; if (NF != 7) { print "line " NR " has " NF " fields"; exit } }
                 END { if (!rows) print "no data rows" }' "$f")
  [ -z "$bad" ] || why "$1: $bad"
}

# ---- 1. bad-input corpus --------------------------------------------------------------------

CORPUS=$TMP/corpus
mkdir "$CORPUS"
cp "$HERE"/bad/*.prog "$CORPUS"/
# Generated members of the corpus (see bad/expected.tsv).
printf 'start 450 K\nhold 5 s\000\n' >"$CORPUS/nul_byte.prog"
printf 'start 450 K\r\ncool to 373 K at 10000 K/s\r\nhold 50 s\r\nheat to 383 K at 10000 K/s\r\nhold 2000 s\r\n' \
  >"$CORPUS/crlf_valid.prog"
# 'hold 5 s' (8 characters) padded with spaces to lines of 1023 and 1024 characters.
printf 'start 450 K\nhold 5 s%1015s\n' '' >"$CORPUS/line_1023_valid.prog"
printf 'start 450 K\nhold 5 s%1016s\n' '' >"$CORPUS/line_1024.prog"

declare -A LISTED=()
while IFS=$'\t' read -r -a row; do
  [ "${#row[@]}" -gt 0 ] || continue
  [[ ${row[0]} == \#* ]] && continue
  file=${row[0]}
  status=${row[1]:-}
  subs=("${row[@]:2}")
  LISTED[$file]=1
  begin "bad/$file"
  if [ ! -f "$CORPUS/$file" ]; then
    why "listed in expected.tsv but there is no such file"
    finish
    continue
  fi
  if ! [[ $status =~ ^[0-9]+$ ]] || [ "${#subs[@]}" -eq 0 ]; then
    why "malformed row in expected.tsv (want FILE, STATUS, SUBSTRING...)"
    finish
    continue
  fi
  cp "$CORPUS/$file" "$DIR/"
  if [ "$status" -eq 0 ] && [ "$HAVE_GNUPLOT" -eq 0 ]; then
    run simulate --program "$file" -o out.csv # a valid program; no gnuplot for --plot
  else
    run simulate --program "$file" -o out.csv --plot out.png
  fi
  expect_status "$status"
  expect_stderr "${subs[@]}"
  if [ "$status" -eq 0 ]; then
    expect_csv out.csv
    if [ "$HAVE_GNUPLOT" -eq 1 ]; then
      expect_nonempty out.png
      expect_files "$file" out.csv out.png out.gp
    else
      expect_files "$file" out.csv
    fi
  else
    expect_one_error_line
    [ ! -s "$OUT" ] || why "a failed run wrote to stdout: $(snippet "$OUT")"
    expect_files "$file" # no out.csv, out.png, out.gp or temporary file
  fi
  finish
done <"$HERE/bad/expected.tsv"

for f in "$CORPUS"/*.prog; do
  f=${f##*/}
  if [ -z "${LISTED[$f]:-}" ]; then
    begin "bad/$f"
    why "no row in bad/expected.tsv"
    finish
  fi
done

begin crlf_same_as_lf
cp "$CORPUS/crlf_valid.prog" "$DIR/crlf.prog"
tr -d '\r' <"$CORPUS/crlf_valid.prog" >"$DIR/lf.prog"
run simulate --program crlf.prog -q -o crlf.csv
expect_status $ST_OK
run simulate --program lf.prog -q -o lf.csv
expect_status $ST_OK
if [ -z "$WHY" ]; then
  diff -q "$DIR/crlf.csv" "$DIR/lf.csv" >/dev/null || why "the CRLF and LF programs give different CSV"
fi
finish

# ---- 2. command-line errors -----------------------------------------------------------------

# cli_case NAME STATUS [-e SUBSTRING]... -- VITRUM_ARGS...
# Runs in a directory holding kovacs.prog; asserts the status, the substrings, one error line
# on stderr, and that nothing was written (no out.csv even though -o out.csv is often given).
cli_case() {
  local name=$1 status=$2 subs=()
  shift 2
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    [ "$1" = "-e" ] && subs+=("$2") && shift
    shift
  done
  shift
  begin "cli/$name"
  cp "$HERE/kovacs.prog" "$DIR/"
  run "$@"
  expect_status "$status"
  expect_stderr "${subs[@]}"
  # 'vitrum' alone and an unknown command print the usage text after the error.
  [ "$name" = no_command ] || [ "$name" = unknown_command ] || expect_one_error_line
  [ ! -s "$OUT" ] || why "stdout is not empty: $(snippet "$OUT")"
  expect_files kovacs.prog
  finish
}

cli_case unknown_model $ST_MODEL_OPTION -e "unknown model 'foo'" -e "available models are tnm" \
  -- simulate --program kovacs.prog --model foo -o out.csv
cli_case unknown_parameter $ST_MODEL_OPTION -e "has no parameter 'zz'" \
  -e "its parameters are A, dh, x, beta, dCp" \
  -- simulate --program kovacs.prog --set 'zz=1' -o out.csv
cli_case parameter_wrong_unit $ST_MODEL_OPTION -e "dh: wrong unit in '164 K'" \
  -e "K is a temperature, expected a molar energy" \
  -- simulate --program kovacs.prog --dh '164 K' -o out.csv
cli_case set_wrong_unit $ST_MODEL_OPTION -e "dh: wrong unit in '164 K/s'" -e "molar energy" \
  -- simulate --program kovacs.prog --set 'dh=164 K/s' -o out.csv
cli_case parameter_missing_unit $ST_MODEL_OPTION -e "A: missing unit in '6e-22'" \
  -e "expected a time" \
  -- simulate --program kovacs.prog --A 6e-22 -o out.csv
cli_case parameter_out_of_bounds $ST_MODEL_OPTION -e "beta = 1.5" -e "outside its bounds [0.1, 1]" \
  -- simulate --program kovacs.prog --beta 1.5 -o out.csv
cli_case bad_route $ST_MODEL_OPTION -e "TNM route 'foo': expected 'prony' or 'exact'" \
  -- simulate --program kovacs.prog --route foo -o out.csv
cli_case bad_prony_tol $ST_MODEL_OPTION -e "prony_tol 'abc': expected a number in [1e-9, 1e-2]" \
  -- simulate --program kovacs.prog --prony-tol abc -o out.csv
cli_case missing_program $ST_USAGE -e "--program FILE is required" \
  -- simulate -o out.csv
cli_case unknown_option $ST_USAGE -e "unknown option '--frobnicate'" \
  -- simulate --program kovacs.prog --frobnicate -o out.csv
cli_case option_needs_value $ST_USAGE -e "option --at-time needs a value" \
  -- simulate --program kovacs.prog -o out.csv --at-time
cli_case plot_bad_extension $ST_USAGE -e "--plot out.txt: expected a file name ending in .png, .svg or .pdf" \
  -- simulate --program kovacs.prog -o out.csv --plot out.txt
cli_case at_time_wrong_unit $ST_USAGE -e "--at-time: wrong unit in '5 K'" -e "expected a time" \
  -- simulate --program kovacs.prog -o out.csv --at-time '5 K'
cli_case dT_missing_unit $ST_USAGE -e "--dT: missing unit in '0.1'" \
  -e "expected a temperature difference" \
  -- simulate --program kovacs.prog -o out.csv --dT 0.1
cli_case nonexistent_program $ST_FAIL -e "no_such_program.prog: cannot open" \
  -- simulate --program no_such_program.prog -o out.csv
cli_case at_time_after_end $ST_FAIL \
  -e "kovacs.prog: output time 5000 s is after the program ends (2050.01 s)" \
  -- simulate --program kovacs.prog -o out.csv --plot out.png --at-time '5000 s'
cli_case models_unknown $ST_USAGE -e "vitrum models: unknown model 'foo': available models are tnm" \
  -- models foo
cli_case unknown_command $ST_USAGE -e "vitrum: unknown command 'frobnicate'" -e "usage: vitrum COMMAND" \
  -- frobnicate
cli_case no_command $ST_USAGE -e "usage: vitrum COMMAND" \
  --

# ---- 3. golden: the Kovacs memory effect at fixed times -------------------------------------

# The final hold of kovacs.prog (start 450 K; cool to 373 K at 10000 K/s; hold 50 s; heat to
# 383 K at 10000 K/s; hold 2000 s) begins at t = 0.0077 + 50 + 0.001 = 50.0087 s; these times
# are t_seg = 0.1, 1, 3, 10, 100 and 1000 s into it.
AT_TIMES='50.1087, 51.0087, 53.0087, 60.0087, 150.0087, 1050.0087 s'
GOLDEN=$HERE/golden/kovacs_at_times.csv

# Numerical comparison of a CSV against the golden file. TOLERANCE: relative 1e-6 per numeric
# field (about 6 significant digits): |a - b| <= 1e-6 * max(|a|, |b|). The header line and the
# non-numeric fields (e.g. 'nan' in Cp_N) must match exactly, as must the numbers of lines and
# fields. Prints the first differences; exits 1 when there is one.
csv_close() {
  awk -F, -v tol=1e-6 '
    function isnum(s) { return s ~ /^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$/ }
    function abs(x) { return x < 0 ? -x : x }
    function report(msg) { if (++bad <= 3) print msg }
    FILENAME == ARGV[1] { g[FNR] = $0; ng = FNR; next }
    {
      na = FNR
      if (FNR > ng) { report("extra line " FNR ": " $0); next }
      if (FNR == 1) { if ($0 != g[1]) report("header \"" $0 "\" != \"" g[1] "\""); next }
      n = split(g[FNR], gf, ",")
      if (n != NF) { report("line " FNR ": " NF " fields, golden has " n); next }
      for (i = 1; i <= NF; i++) {
        if (isnum(gf[i]) && isnum($i)) {
          a = gf[i] + 0; b = $i + 0
          m = abs(a) > abs(b) ? abs(a) : abs(b)
          if (abs(a - b) > tol * m)
            report("line " FNR " field " i ": " $i " vs golden " gf[i])
        } else if (gf[i] != $i) {
          report("line " FNR " field " i ": \"" $i "\" vs golden \"" gf[i] "\"")
        }
      }
    }
    END {
      if (na < ng) report("only " na " lines, golden has " ng)
      exit bad ? 1 : 0
    }' "$1" "$2"
}

begin golden_kovacs_at_times
cp "$HERE/kovacs.prog" "$DIR/"
run simulate --program kovacs.prog -q --at-time "$AT_TIMES"
expect_status $ST_OK
[ ! -s "$ERR" ] || why "stderr not empty with -q: $(snippet "$ERR")"
note=
if [ -z "$WHY" ]; then
  if [ "${VITRUM_UPDATE_GOLDEN:-0}" = 1 ]; then
    if mkdir -p "${GOLDEN%/*}" && cp "$OUT" "$GOLDEN"; then
      note="(golden file written: $GOLDEN)"
    else
      why "cannot write $GOLDEN"
    fi
  elif [ ! -f "$GOLDEN" ]; then
    why "no golden file $GOLDEN (create it with VITRUM_UPDATE_GOLDEN=1)"
  else
    diffs=$(csv_close "$GOLDEN" "$OUT") || why "differs from golden/kovacs_at_times.csv: $(tr '\n' ' ' <<<"$diffs")"
  fi
fi
finish "$note"

# The physics the golden numbers encode, checked independently of them: after the up-jump the
# enthalpy departure first rises (memory effect), peaks, then decays towards equilibrium.
begin kovacs_memory_hump
cp "$HERE/kovacs.prog" "$DIR/"
run simulate --program kovacs.prog -q --at-time "$AT_TIMES"
expect_status $ST_OK
if [ -z "$WHY" ]; then
  hump=$(awk -F, 'NR > 1 { n++; dh[n] = $4; T[n] = $2; seg[n] = $6 }
    END {
      if (n != 6) { print "expected 6 rows, got " n; exit }
      for (i = 1; i <= n; i++) if (T[i] != 383 || seg[i] != 3) { print "row " i " not in the 383 K hold"; exit }
      if (!(dh[1] > 0 && dh[2] > dh[1] && dh[3] > dh[2])) { print "dH does not rise: " dh[1] ", " dh[2] ", " dh[3]; exit }
      if (!(dh[4] < dh[3] && dh[5] < dh[4] && dh[6] < dh[5] && dh[6] < dh[1])) print "dH does not decay: " dh[3] " ... " dh[6]
    }' "$OUT")
  [ -z "$hump" ] || why "$hump"
fi
finish

# ---- 4. models, version, help ---------------------------------------------------------------

begin models_table
run models
expect_status $ST_OK
[ -n "$(awk '$1 == "dh" && index($0, " 164 kJ/mol ")' "$OUT")" ] ||
  why "no 'dh ... 164 kJ/mol' row (stdout: $(snippet "$OUT"))"
[ -n "$(awk '$1 == "beta" && $2 == "0.43"' "$OUT")" ] ||
  why "no 'beta 0.43' row (stdout: $(snippet "$OUT"))"
finish

begin version
run --version
expect_status $ST_OK
[[ $(cat "$OUT") =~ ^vitrum\ [0-9]+\.[0-9]+\.[0-9]+ ]] || why "stdout is '$(snippet "$OUT")'"
finish

begin simulate_help
run simulate --help
expect_status $ST_OK
expect_stdout "--route" "--program FILE" "--at-time"
finish

begin help
run help
expect_status $ST_OK
expect_stdout "usage: vitrum COMMAND" "simulate" "models"
finish

# ---- 5. plots -------------------------------------------------------------------------------

begin plot_csv
cp "$HERE/kovacs.prog" "$DIR/"
if [ "$HAVE_GNUPLOT" -eq 1 ]; then
  run simulate --program kovacs.prog -o out.csv --plot out.png
  expect_status $ST_OK
  expect_files kovacs.prog out.csv out.png out.gp
  expect_stderr "vitrum simulate: wrote out.csv" "vitrum simulate: wrote out.png"
else
  run simulate --program kovacs.prog -o out.csv
  expect_status $ST_OK
  expect_files kovacs.prog out.csv
fi
[ ! -s "$OUT" ] || why "stdout is not empty with -o: $(snippet "$OUT")"
expect_csv out.csv
finish
PLOT_DIR=$DIR

begin plot_png
if [ "$HAVE_GNUPLOT" -eq 0 ]; then
  finish "(skipped: no gnuplot)"
else
  DIR=$PLOT_DIR
  if [ ! -s "$DIR/out.png" ]; then
    why "out.png is missing or empty"
  else
    sig=$(head -c 8 "$DIR/out.png" | od -An -tx1 | tr -d ' \n')
    [ "$sig" = 89504e470d0a1a0a ] || why "out.png does not start with the PNG signature ($sig)"
  fi
  expect_nonempty out.gp
  if [ -s "$DIR/out.gp" ]; then
    gp=$(cat "$DIR/out.gp")
    [[ $gp == *"datafile = 'out.csv'"* ]] || why "out.gp does not read out.csv"
    [[ $gp == *"outfile = 'out.png'"* ]] || why "out.gp does not write out.png"
  fi
  finish
fi

# --plot without -o: the CSV goes to standard output and, for the plot, to FILE's .csv.
begin plot_default_datafile
if [ "$HAVE_GNUPLOT" -eq 0 ]; then
  finish "(skipped: no gnuplot)"
else
  cp "$HERE/kovacs.prog" "$DIR/"
  run simulate --program kovacs.prog -q --plot pic.png
  expect_status $ST_OK
  expect_files kovacs.prog pic.csv pic.png pic.gp
  expect_csv pic.csv
  [ -z "$WHY" ] && ! diff -q "$OUT" "$DIR/pic.csv" >/dev/null && why "stdout differs from pic.csv"
  finish
fi

# No gnuplot on PATH: exit 1 with a clear message, no picture, no CSV; the script is kept.
begin plot_no_gnuplot
mkdir "$TMP/empty_path"
cp "$HERE/kovacs.prog" "$DIR/"
RUN_PATH=$TMP/empty_path run simulate --program kovacs.prog -o out.csv --plot out.png
expect_status $ST_FAIL
expect_stderr "gnuplot not found" "the script out.gp is written"
expect_files kovacs.prog out.gp
finish

# gnuplot that fails: exit 1 naming its status; no picture, CSV or temporary file remains.
begin plot_gnuplot_fails
mkdir "$TMP/fake_gnuplot"
printf '#!/bin/sh\nexit 3\n' >"$TMP/fake_gnuplot/gnuplot"
chmod +x "$TMP/fake_gnuplot/gnuplot"
cp "$HERE/kovacs.prog" "$DIR/"
RUN_PATH=$TMP/fake_gnuplot run simulate --program kovacs.prog -o out.csv --plot out.png
expect_status $ST_FAIL
expect_stderr "gnuplot failed on out.gp (exit status 3)"
expect_files kovacs.prog out.gp
finish

# File names with a quote reach gnuplot escaped: the plot succeeds and every file is written.
begin plot_quoted_names
if [ "$HAVE_GNUPLOT" -eq 0 ]; then
  finish "(skipped: no gnuplot)"
else
  cp "$HERE/kovacs.prog" "$DIR/it's.prog"
  run simulate --program "it's.prog" -q -o "a'b.csv" --plot "p'q.png"
  expect_status $ST_OK
  expect_files "it's.prog" "a'b.csv" "p'q.png" "p'q.gp"
  finish
fi

# A requested time on a segment boundary (0.1 + 0.3 s, which is 0.30000000000000004 s into the
# second hold in floating point) is kept, as the end of that segment.
begin at_time_segment_boundary
printf 'start 450 K\nhold 0.1 s\nhold 0.3 s\nhold 0.2 s\n' >"$DIR/h.prog"
run simulate --program h.prog -q --at-time '0.4 s'
expect_status $ST_OK
[ -z "$WHY" ] && [ "$(wc -l <"$OUT")" -ne 2 ] && why "expected header + 1 row, got $(wc -l <"$OUT") lines"
[ -z "$WHY" ] && ! awk -F, 'NR == 2 && $1 == 0.4 && $6 == 1 && $7 == 0.3 { ok = 1 } END { exit !ok }' "$OUT" &&
  why "row is not t = 0.4 s, segment 1, t_seg 0.3 s: $(snippet "$OUT")"
finish

# Repeated --at-time options add up.
begin at_time_repeated
cp "$HERE/kovacs.prog" "$DIR/"
run simulate --program kovacs.prog -q --at-time '1 s' --at-time '10, 100 s'
expect_status $ST_OK
[ -z "$WHY" ] && [ "$(wc -l <"$OUT")" -ne 4 ] && why "expected header + 3 rows, got $(wc -l <"$OUT") lines"
finish

cli_end
