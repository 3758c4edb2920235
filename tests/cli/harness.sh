# shellcheck shell=bash disable=SC2034 # (the variables are the sourcing suites')
# Shared by the CLI suites: the preamble (cli_suite), case bookkeeping, expectations and the
# numeric checks. A suite starts
#   source "$(dirname "$0")/harness.sh"
#   cli_suite NAME "$@"
# and ends with cli_end. Each begin/finish case runs in its own folder $DIR under $TMP.

# cli_suite NAME VITRUM_BINARY SOURCE_DIR: check the two arguments (exit 2 with a usage line),
# set VITRUM (absolute), SRC (absolute) and DATA (its tests/data), TMP (a scratch folder removed
# on exit), LC_ALL=C, nullglob and dotglob, the exit statuses ST_*, PER_RUN_TIMEOUT,
# HAVE_GNUPLOT and the counters PASSED, FAILED, NCASE.
cli_suite() {
  local name=$1
  shift
  set -u
  if [ $# -ne 2 ]; then
    echo "usage: $0 PATH_TO_VITRUM_BINARY SOURCE_DIR" >&2
    exit 2
  fi
  VITRUM=$1
  case $VITRUM in /*) ;; *) VITRUM=$PWD/$VITRUM ;; esac
  SRC=$(cd "$2" 2>/dev/null && pwd) || {
    echo "$0: no directory $2" >&2
    exit 2
  }
  DATA=$SRC/tests/data
  if [ ! -x "$VITRUM" ] || [ -d "$VITRUM" ]; then
    echo "$0: $VITRUM is not an executable file" >&2
    exit 2
  fi
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/vitrum-$name.XXXXXX") || exit 2
  trap 'rm -rf "$TMP"' EXIT
  trap 'exit 130' INT TERM HUP
  export LC_ALL=C
  shopt -s nullglob dotglob
  ST_OK=0
  ST_FAIL=1
  ST_USAGE=2
  PER_RUN_TIMEOUT=120
  HAVE_GNUPLOT=0
  command -v gnuplot >/dev/null 2>&1 && HAVE_GNUPLOT=1
  PASSED=0
  FAILED=0
  NCASE=0
  CASE=
  WHY=
}

# cli_end: the counts; the status of the suite (last command of the script).
cli_end() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}

# ok NAME / fail NAME WHY: a one-line check outside begin/finish.
ok() {
  PASSED=$((PASSED + 1))
  echo "ok $1"
}
fail() {
  FAILED=$((FAILED + 1))
  echo "FAIL $1: $2"
}

# near_ok VALUE WANT TOL NAME: the check NAME passes when |VALUE - WANT| <= TOL.
near_ok() {
  if awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'; then
    ok "$4"
  else
    fail "$4" "got '$1', want $2 +- $3"
  fi
}

# near_why WHAT GOT WANT TOL: inside a case, |GOT - WANT| <= TOL or the case fails.
near_why() {
  if [ -z "$2" ]; then
    why "$1: no value"
  elif ! awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN { d = g - w; exit !(d <= t && -d <= t) }'; then
    why "$1 = $2, expected $3 +- $4"
  fi
}

# summary LABEL [FILE]: the value of a 'LABEL = VALUE' line (FILE default: the case's stdout).
summary() {
  awk -v l="$1" '$1 == l && $2 == "=" { print $3; exit }' "${2:-$OUT}"
}

# csv_field FILE COLUMN [ROW]: the field of data row ROW (default 1) of $DIR/FILE.
csv_field() {
  awk -F, -v c="$2" -v r="${3:-1}" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i }
                                     NR == r + 1 && k { print $k }' "$DIR/$1"
}

# rows FILE: the number of data rows (lines after the header).
rows() {
  echo $(($(wc -l <"$1") - 1))
}

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
