#!/usr/bin/env bash
# Command-line tests of how vitrum writes its outputs: regular files only, symlinks followed,
# modes from the umask or the file replaced, one file per output, nothing left after a signal.
#
#   usage: test_outputs.sh PATH_TO_VITRUM_BINARY SOURCE_DIR
# shellcheck source=harness.sh
source "$(dirname "$0")/harness.sh"
cli_suite outputs "$@"

program() { printf 'start 450 K\nhold 1 s\n' >"$DIR/p.prog"; }
mode_of() { stat -c %a "$1"; }

begin mode_from_umask
program
(umask 027 && cd "$DIR" && "$VITRUM" simulate --program p.prog -o new.csv -q)
[ "$(mode_of "$DIR/new.csv")" = 640 ] || why "umask 027 gave mode $(mode_of "$DIR/new.csv"), expected 640"
finish

begin mode_kept
program
printf 'old\n' >"$DIR/old.csv"
chmod 664 "$DIR/old.csv"
run simulate --program p.prog -o old.csv -q
expect_status $ST_OK
[ "$(mode_of "$DIR/old.csv")" = 664 ] || why "the replaced file has mode $(mode_of "$DIR/old.csv"), expected 664"
grep -q '^time_s,' "$DIR/old.csv" || why "old.csv was not replaced"
finish

begin symlink_followed
program
printf 'old\n' >"$DIR/real.csv"
ln -s real.csv "$DIR/link.csv"
run simulate --program p.prog -o link.csv -q
expect_status $ST_OK
[ -L "$DIR/link.csv" ] || why "link.csv is no longer a symlink"
grep -q '^time_s,' "$DIR/real.csv" || why "the symlink's target was not written"
expect_files p.prog real.csv link.csv
finish

not_regular() {
  local name=$1 target=$2 sub=$3
  begin "refused/$name"
  program
  run simulate --program p.prog -o "$target" -q
  expect_status $ST_FAIL
  expect_stderr "$sub" "vitrum writes regular files only"
  expect_one_error_line
}

not_regular device /dev/null "/dev/null is a character device"
[ -c /dev/null ] || why "/dev/null is no longer a character device"
expect_files p.prog
finish

not_regular directory . ". is a directory"
expect_files p.prog
finish

begin refused/fifo
program
mkfifo "$DIR/pipe"
run simulate --program p.prog -o pipe -q
expect_status $ST_FAIL
expect_stderr "pipe is a FIFO"
[ -p "$DIR/pipe" ] || why "the FIFO was replaced"
expect_files p.prog pipe
finish

begin one_file_two_outputs
run kovacs --T1 '373 K' --t1 '1 s' --T2 '383 K' -o s.csv --summary s.csv -q
expect_status 2
expect_stderr "-o and --summary would both be written to s.csv"
expect_files
finish

# An output that is an input of the run is refused before it replaces the input.
begin input_is_output
program
run simulate --program p.prog -o p.prog -q
expect_status $ST_FAIL
expect_stderr "p.prog is an input of this run: write the output to another file"
expect_files p.prog
grep -q '^start 450 K' "$DIR/p.prog" || why "the program file was overwritten"
finish

begin input_is_output_fit
printf 'T1_K,t1_s,dh_J_per_mol\n383,1,100\n383,10,200\n383,100,300\n' >"$DIR/d.csv"
run fit --dh d.csv --free dh --predicted d.csv -q
expect_status $ST_FAIL
expect_stderr "d.csv is an input of this run"
grep -q '^T1_K,t1_s,dh_J_per_mol' "$DIR/d.csv" || why "the data file was overwritten"
finish

# Two outputs of one run on one file, written one after the other: the second is refused.
begin one_file_two_outputs_dsc
run dsc --anneal-T '383 K' --anneal-t '1,2 s' -o m.csv --table m.csv -q
expect_status $ST_FAIL
expect_stderr "m.csv: the same file is already an output of this run"
finish

# SIGTERM in the middle of a sweep that writes as it goes (dsc: map rows and table rows per
# anneal): exit by the signal (128 + 15), no temporaries, no outputs. The sweep takes ~3 s on
# the gcc build (dT 0.005 K), so the signal lands inside it even on a loaded machine.
begin sigterm_leaves_nothing
(cd "$DIR" && exec "$VITRUM" dsc --anneal-T '348,353,358,363,368,373,378,383 K' \
  --anneal-t '0.1,0.2,0.5,1,2,5,10,20,50,100 s' --dT '0.005 K' -o m.csv --table t.csv -q \
  >/dev/null 2>&1) &
pid=$!
for _ in $(seq 100); do
  tmps=("$DIR"/*.tmp.*)
  [ ${#tmps[@]} -ge 2 ] && break
  sleep 0.05
done
[ ${#tmps[@]} -ge 2 ] || why "the run never opened its outputs"
kill -TERM "$pid" 2>/dev/null
wait "$pid"
rc=$?
[ "$rc" -eq 143 ] || why "exit status $rc, expected 143 (SIGTERM)"
expect_files
finish

cli_end
