#!/usr/bin/env bash
# Faults while writing: a full disk (a file size limit, `ulimit -f`, with SIGXFSZ ignored, so
# writes fail with EFBIG as they would with ENOSPC) and SIGTERM in the middle of a run. Each run
# must fail with a message naming the path and the system's reason and leave the directory as it
# was: no temporaries, no half files, a previous file of the same name with its old content.
# (test_outputs.sh has the refused outputs and SIGTERM during a dsc sweep.)
#
#   usage: test_faults.sh PATH_TO_VITRUM_BINARY SOURCE_DIR
# shellcheck source=harness.sh
source "$(dirname "$0")/harness.sh"
cli_suite faults "$@"

EFBIG_TEXT="File too large"

# run_full KB ARGS...: run vitrum ARGS in $DIR with files limited to KB kilobytes.
run_full() {
  local kb=$1
  shift
  OUT=$DIR.stdout
  ERR=$DIR.stderr
  (cd "$DIR" && ulimit -f "$kb" && trap '' XFSZ && exec timeout "$PER_RUN_TIMEOUT" \
    env PATH="${RUN_PATH:-$PATH}" "$VITRUM" "$@") >"$OUT" 2>"$ERR" </dev/null
  RC=$?
  [ "$RC" -ne 124 ] || why "timed out after ${PER_RUN_TIMEOUT}s"
}

# old NAME...: files of earlier runs, each holding "old NAME".
old() {
  local f
  for f in "$@"; do printf 'old %s\n' "$f" >"$DIR/$f"; done
}

# expect_old NAME...: each still holds "old NAME".
expect_old() {
  local f
  for f in "$@"; do
    printf 'old %s\n' "$f" | cmp -s - "$DIR/$f" || why "$f lost its old content"
  done
}

program() { printf 'start 450 K\ncool to 300 K at 10 K/s\nheat to 450 K at 10 K/s\n' >"$DIR/p.prog"; }

begin full_disk/simulate_new
program
run_full 8 simulate --program p.prog -o s.csv -q
expect_status $ST_FAIL
expect_stderr "s.csv" "$EFBIG_TEXT"
expect_one_error_line
expect_files p.prog
finish

begin full_disk/simulate_replace
program
old s.csv
run_full 8 simulate --program p.prog -o s.csv -q
expect_status $ST_FAIL
expect_stderr "s.csv" "$EFBIG_TEXT"
expect_files p.prog s.csv
expect_old s.csv
finish

# A sweep with two outputs: the map is far larger than the table and fails.
begin full_disk/dsc_sweep
old t.csv
run_full 16 dsc --anneal-T '373,383 K' --anneal-t '1,10 s' -o m.csv --table t.csv -q
expect_status $ST_FAIL
expect_stderr "m.csv" "$EFBIG_TEXT"
expect_files t.csv
expect_old t.csv
finish

begin full_disk/kovacs_curves
old c.csv s.csv
run_full 1 kovacs --T1 '363,373 K' --t1 '1,2,3 s' --T2 '383 K' -o c.csv --summary s.csv -q
expect_status $ST_FAIL
expect_stderr "c.csv" "$EFBIG_TEXT"
expect_files c.csv s.csv
expect_old c.csv s.csv
finish

begin full_disk/kovacs_summary
old s.csv
run_full 1 kovacs --T1 '353,358,363,368,373 K' --t1 '1,2,3,5,10,20 s' --T2 '383 K' \
  --summary s.csv -q
expect_status $ST_FAIL
expect_stderr "s.csv" "$EFBIG_TEXT"
expect_files s.csv
expect_old s.csv
finish

# The picture is the largest file: gnuplot's write fails, which it does not report (it exits 0
# with the picture cut at the limit).
if command -v gnuplot >/dev/null; then
  begin full_disk/plot
  old k.png
  run_full 8 kovacs --T1 '363,373 K' --t1 '1 s' --T2 '383 K' -o c.csv --summary s.csv \
    --plot k.png -q
  expect_status $ST_FAIL
  expect_stderr "k.png" "$EFBIG_TEXT"
  expect_old k.png
  expect_files k.png
  finish

  # The same with data files of an earlier run: kept.
  begin full_disk/plot_keeps_old_data
  old c.csv s.csv
  run_full 8 kovacs --T1 '363,373 K' --t1 '1 s' --T2 '383 K' -o c.csv --summary s.csv \
    --plot k.png -q
  expect_status $ST_FAIL
  expect_stderr "k.png" "$EFBIG_TEXT"
  expect_files c.csv s.csv
  expect_old c.csv s.csv
  finish
else
  echo "skip full_disk/plot: gnuplot not installed"
fi

# gnuplot failing (a stand-in exiting 3) after the data of an earlier run: the old CSV stays.
begin plot_fails/simulate_keeps_old_csv
mkdir "$TMP/failing_gnuplot"
printf '#!/bin/sh\nexit 3\n' >"$TMP/failing_gnuplot/gnuplot"
chmod +x "$TMP/failing_gnuplot/gnuplot"
program
old s.csv
RUN_PATH=$TMP/failing_gnuplot run simulate --program p.prog -o s.csv --plot s.png -q
expect_status $ST_FAIL
expect_stderr "gnuplot failed on s.gp (exit status 3)"
expect_files p.prog s.csv s.gp
expect_old s.csv
finish

# wait_for_temporaries N PID: until N temporaries exist in $DIR (or the run ended).
wait_for_temporaries() {
  local n=$1 pid=$2 tmps=()
  for _ in $(seq 400); do
    tmps=("$DIR"/*.tmp.*)
    [ ${#tmps[@]} -ge "$n" ] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# SIGTERM in the middle of a long dsc sweep: exit by the signal (128 + 15), nothing committed
# (the old table kept), no temporaries.
begin sigterm/dsc_sweep
old t.csv
(cd "$DIR" && exec "$VITRUM" dsc --anneal-T '363,368,373,378,383 K' \
  --anneal-t '1,2,5,10,20,50,100,200,500,1000 s' --dT '0.02 K' -o m.csv --table t.csv \
  --plot m.png -q >/dev/null 2>&1) &
pid=$!
wait_for_temporaries 2 "$pid" || why "the run never opened its two outputs"
sleep 0.3
kill -TERM "$pid" 2>/dev/null
wait "$pid"
rc=$?
[ "$rc" -eq 143 ] || why "exit status $rc, expected 143 (SIGTERM)"
expect_files t.csv
expect_old t.csv
finish

# SIGTERM while gnuplot draws (a stand-in that waits): the child is ended, no picture, script or
# temporary is left.
begin sigterm/gnuplot_child
mkdir "$TMP/slow_gnuplot"
printf '#!/bin/sh\necho $$ >"%s/gnuplot.pid"\nexec /bin/sleep 60\n' "$TMP" \
  >"$TMP/slow_gnuplot/gnuplot"
chmod +x "$TMP/slow_gnuplot/gnuplot"
old k.gp
(cd "$DIR" && exec env PATH="$TMP/slow_gnuplot" "$VITRUM" kovacs --T1 '373 K' --t1 '1 s' \
  --T2 '383 K' -o c.csv --summary s.csv --plot k.png -q >/dev/null 2>&1) &
pid=$!
for _ in $(seq 400); do
  [ -s "$TMP/gnuplot.pid" ] && break
  sleep 0.05
done
[ -s "$TMP/gnuplot.pid" ] || why "gnuplot never started"
kill -TERM "$pid" 2>/dev/null
wait "$pid"
rc=$?
[ "$rc" -eq 143 ] || why "exit status $rc, expected 143 (SIGTERM)"
gp=$(cat "$TMP/gnuplot.pid" 2>/dev/null)
for _ in $(seq 40); do
  [ -n "$gp" ] && kill -0 "$gp" 2>/dev/null || break
  sleep 0.05
done
if [ -n "$gp" ] && kill -0 "$gp" 2>/dev/null; then
  why "the gnuplot child $gp is still running"
  kill -KILL "$gp" 2>/dev/null
fi
expect_old k.gp
expect_files k.gp
finish

cli_end
