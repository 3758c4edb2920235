# Shared by the CLI suites: case bookkeeping and expectations. The sourcing script sets
# VITRUM (the binary), TMP (a scratch folder), PER_RUN_TIMEOUT and the counters PASSED, FAILED,
# NCASE; each case runs in its own folder $DIR.

# begin NAME: start a case in a fresh, empty directory $DIR.
begin() {
  CASE=$1
  WHY=
  NCASE=$((NCASE + 1))
  DIR=$TMP/case$NCASE
  mkdir "$DIR"
}

# why TEXT: record the (first) reason the current case fails.
why() {
  [ -n "$WHY" ] || WHY=$*
}

# finish [NOTE]: print the verdict of the current case.
finish() {
  if [ -z "$WHY" ]; then
    echo "ok $CASE${1:+ $1}"
    PASSED=$((PASSED + 1))
  else
    echo "FAIL $CASE: $WHY"
    FAILED=$((FAILED + 1))
  fi
}

# run ARGS...: run vitrum ARGS in $DIR, stdin from /dev/null; sets RC, and OUT / ERR (files
# outside $DIR holding stdout / stderr). With RUN_PATH set, gnuplot is looked up there only.
run() {
  OUT=$DIR.stdout
  ERR=$DIR.stderr
  if [ -n "${RUN_PATH:-}" ]; then
    (cd "$DIR" && exec timeout "$PER_RUN_TIMEOUT" env PATH="$RUN_PATH" "$VITRUM" "$@") \
      >"$OUT" 2>"$ERR" </dev/null
  else
    (cd "$DIR" && exec timeout "$PER_RUN_TIMEOUT" "$VITRUM" "$@") >"$OUT" 2>"$ERR" </dev/null
  fi
  RC=$?
  [ "$RC" -ne 124 ] || why "timed out after ${PER_RUN_TIMEOUT}s"
}

# The first 300 characters of a file on one line, for messages.
snippet() {
  head -c 300 "$1" | tr '\n\r\t' '   '
}

expect_status() {
  [ "$RC" -eq "$1" ] || why "exit status $RC, expected $1 (stderr: $(snippet "$ERR"))"
}

# expect_stderr SUBSTRING...: each must occur literally in stderr.
expect_stderr() {
  local e s
  e=$(cat "$ERR")
  for s in "$@"; do
    [[ $e == *"$s"* ]] || why "stderr lacks \"$s\" (stderr: $(snippet "$ERR"))"
  done
}

# expect_stdout SUBSTRING...
expect_stdout() {
  local o s
  o=$(cat "$OUT")
  for s in "$@"; do
    [[ $o == *"$s"* ]] || why "stdout lacks \"$s\" (stdout: $(snippet "$OUT"))"
  done
}

# expect_one_error_line: stderr is exactly one line, 'vitrum CMD: ...'.
expect_one_error_line() {
  local n
  n=$(wc -l <"$ERR")
  [ "$n" -eq 1 ] || why "stderr has $n lines, expected one error line (stderr: $(snippet "$ERR"))"
  [[ $(head -c 7 "$ERR") == "vitrum " ]] || why "stderr does not start with 'vitrum '"
}

# expect_files NAME...: $DIR holds exactly these entries (catches out.csv, out.png, out.gp and
# any out.csv.tmp.XXXXXX or out.png.tmp.PID.png left behind).
expect_files() {
  local f names=() have want
  for f in "$DIR"/*; do names+=("${f##*/}"); done
  have=$(printf '%s\n' "${names[@]}" | sort | tr '\n' ' ')
  want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
  [ "$have" = "$want" ] || why "directory holds [${have% }], expected [${want% }]"
}
