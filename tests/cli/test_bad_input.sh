#!/usr/bin/env bash
# The bad-input and fault cases of issue 19 that no other suite holds: option values that name
# the option (exit 2), a directory as input, lists longer than 4096 items, an impossible
# Kissinger fit, outputs that are inputs or devices for commands other than simulate, and
# SIGTERM in the middle of pel and pathmatch. Each case checks the exit status, the message and
# the directory left behind. (test_outputs.sh: refused outputs, modes, symlinks, SIGTERM during
# kovacs; test_faults.sh: full disk, SIGTERM during a dsc sweep and during gnuplot.)
#
#   usage: test_bad_input.sh PATH_TO_VITRUM_BINARY SOURCE_DIR
# shellcheck source=harness.sh
source "$(dirname "$0")/harness.sh"
cli_suite bad-input "$@"

program() { printf 'start 450 K\ncool to 300 K at 10 K/s\nheat to 450 K at 10 K/s\n' >"$DIR/p.prog"; }

# bad_value NAME STATUS MESSAGE ARGS...: a refused option value; nothing written.
bad_value() {
  local name=$1 status=$2 message=$3
  shift 3
  begin "$name"
  program
  run "$@"
  expect_status "$status"
  expect_stderr "$message"
  expect_one_error_line
  expect_files p.prog
  finish
}

bad_value option/dT_zero $ST_USAGE "vitrum simulate: --dT '0 K': expected a positive value" \
  simulate --program p.prog --dT '0 K' -o s.csv -q
bad_value option/t_first_zero $ST_USAGE "vitrum simulate: --t-first '0 s': expected a positive value" \
  simulate --program p.prog --t-first '0 s' -o s.csv -q
bad_value option/heat_rate_zero $ST_USAGE "vitrum dsc: --heat-rate '0 K/s': expected a positive value" \
  dsc --anneal-T '383 K' --anneal-t '10 s' --heat-rate '0 K/s' -o m.csv -q
bad_value option/molar_mass_zero $ST_USAGE "vitrum dsc: --molar-mass '0 g/mol': expected a positive value" \
  dsc --program p.prog --molar-mass '0 g/mol' --sample-mass '1 ug' -o t.csv -q
bad_value option/molar_mass_negative $ST_USAGE \
  "vitrum dsc: --molar-mass '-1 g/mol': expected a positive value" \
  dsc --program p.prog --molar-mass '-1 g/mol' --sample-mass '1 ug' -o t.csv -q
bad_value option/sample_mass_negative $ST_USAGE \
  "vitrum dsc: --sample-mass '-1 ug': expected a positive value" \
  dsc --program p.prog --molar-mass '60 g/mol' --sample-mass '-1 ug' -o t.csv -q

begin input/directory
mkdir "$DIR/d"
run simulate --program d -o s.csv -q
expect_status $ST_FAIL
expect_stderr "vitrum simulate: d: cannot read: Is a directory"
expect_one_error_line
expect_files d
finish

# A list is never cut: 5000 output times give 5000 rows.
begin list/5000_items
printf 'start 450 K\nhold 6000 s\n' >"$DIR/h.prog"
run simulate --program h.prog --at-time "$(seq -s, 1 5000) s" -o a.csv -q
expect_status $ST_OK
rows=$(($(wc -l <"$DIR/a.csv") - 1))
[ "$rows" -eq 5000 ] || why "$rows rows for 5000 times"
expect_files h.prog a.csv
finish

# Tp falling with the rate: no thermally activated peak, so no (negative) energy.
begin kissinger/falling_Tp
printf 'Tp_K,rate_K_per_s\n430,1\n420,10\n410,100\n' >"$DIR/tp.csv"
run kissinger --table tp.csv -o k.csv
expect_status $ST_FAIL
expect_stderr "is not positive: Tp must rise with the rate"
expect_files tp.csv
finish

begin output/peaks_input
cp "$SRC/tests/data/mettler_small.txt" "$DIR/"
run peaks --temp Tr --baseline none mettler_small.txt --reference seg:9 -o mettler_small.txt -q
expect_status $ST_FAIL
expect_stderr "mettler_small.txt is an input of this run: write the output to another file"
cmp -s "$DIR/mettler_small.txt" "$SRC/tests/data/mettler_small.txt" || why "the export was overwritten"
expect_files mettler_small.txt
finish

begin output/kovacs_summary_device
run kovacs --T1 '373 K' --t1 '1 s' --T2 '383 K' --summary /dev/null -q
expect_status $ST_FAIL
expect_stderr "/dev/null is a character device: vitrum writes regular files only"
[ -c /dev/null ] || why "/dev/null is no longer a character device"
expect_files
finish

begin option/pathmatch_quiet
run pathmatch --T-s '403 K' --T-a '385 K' --phi '100 K/s' -q -o pm.csv
expect_status $ST_OK
[ -s "$ERR" ] && why "-q still printed: $(snippet "$ERR")"
expect_files pm.csv
finish

# sigterm NAME OUTPUTS ARGS...: SIGTERM once OUTPUTS temporaries exist; the run ends by the
# signal (128 + 15) and leaves only the files of earlier runs (old.csv), with their content.
sigterm() {
  local name=$1 n=$2 tmps=() pid rc
  shift 2
  begin "sigterm/$name"
  printf 'old\n' >"$DIR/old.csv"
  (cd "$DIR" && exec "$VITRUM" "$@" >/dev/null 2>&1) &
  pid=$!
  for _ in $(seq 600); do
    tmps=("$DIR"/*.tmp.*)
    [ ${#tmps[@]} -ge "$n" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  [ ${#tmps[@]} -ge "$n" ] || why "the run never opened its $n outputs"
  sleep 0.2
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"
  rc=$?
  [ "$rc" -eq 143 ] || why "exit status $rc, expected 143 (SIGTERM)"
  [ "$(cat "$DIR/old.csv")" = old ] || why "old.csv lost its content"
  expect_files old.csv
  finish
}

sigterm pel 1 pel --cool-rates '20, 2000 K/s' --dT '0.002 K' -o old.csv -q
sigterm pathmatch 2 pathmatch --T-s '403 K' --T-a '385 K' --phi '100,10,1,0.1,0.01 K/s' \
  --dT '0.002 K' -o old.csv --peaks p.csv -q

cli_end
