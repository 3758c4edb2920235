#!/usr/bin/env bash
# Command-line tests of option files: '@FILE' arguments (src/cli/main.c) and the shipped paper
# presets (presets/*.opts).
#
#   usage: test_presets.sh PATH_TO_VITRUM_BINARY SOURCE_DIR
#
# One line per case; last line 'N passed, M failed'; exit status 1 when a case failed.
# The paper 002 case checks the issue-18 measurement: with paper 002's protocol (693 K melt,
# 6000 K/s quench, R_h = 1000 K/s) phi = 1 K/s matches t_a = 30.4 s at 385 K (the defaults,
# 450 K / 10000 K/s, give 26.4 s), band 30.0-30.8 s: Brent's method stops at 1e-4 in log t_a.
# shellcheck source=harness.sh
source "$(dirname "$0")/harness.sh"
cli_suite presets "$@"

# column NAME FILE: the value of column NAME in the first data row of a CSV.
column() {
  awk -F, -v n="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next }
    c && !/^#/ { print $c; exit }' "$2"
}

# within X LO HI
within() {
  awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x != "" && x >= lo && x <= hi) }'
}

begin expansion_matches_inline
printf -- '--T1 %s # first step\n--t1 "1 s"\n  --T2\t383K\n' "'373 K'" >"$DIR/k.opts"
run kovacs @k.opts --t2 '1, 10 s' -q
a=$(cat "$OUT")
expect_status 0
run kovacs --T1 '373 K' --t1 '1 s' --T2 383K --t2 '1, 10 s' -q
expect_status 0
[ -n "$a" ] && [ "$a" = "$(cat "$OUT")" ] || why "@k.opts and inline options disagree"
finish

begin quotes_and_comments
# one word from two quoted pieces, '#' inside quotes and inside a word kept, an empty quoted word
printf '%s\n' "--T1 '348, '\"363 K\"  # comment 'not closed" "--t1 '1 s' --T2 383K#x" >"$DIR/q.opts"
run kovacs @q.opts --t2 '10 s' -q
expect_status 2
expect_stderr "383K#x"
printf '%s\n' "--T1 '348, '\"363 K\"  # comment 'not closed" "--t1 '1 s' --T2 '383 K'" >"$DIR/q.opts"
run kovacs @q.opts --t2 '10, 100 s' -q
expect_status 0
[ "$(grep -c '^348,\|^363,' "$OUT")" -eq 2 ] || why "expected curves for 348 and 363 K: $(snippet "$OUT")"
finish

begin nested_and_override
printf '%s\n' "--T-s '403 K' @inner.opts" >"$DIR/outer.opts"
printf '%s\n' "--T-a '385 K' --phi '100 K/s'" >"$DIR/inner.opts"
run pathmatch @outer.opts --phi '50 K/s' -q
expect_status 0
grep -q '^50,' "$OUT" || why "the later --phi did not override: $(snippet "$OUT")"
finish

begin missing_file
run dsc @nowhere.opts --anneal-T '383 K' --anneal-t '1 s'
expect_status 2
expect_stderr "nowhere.opts" "cannot open"
run dsc @./nowhere
expect_status 2
expect_stderr "./nowhere"
finish

begin unterminated_quote_names_line
printf '%s\n' "--T1 '373 K'" "" "--t1 '1 s" "--T2 383K" >"$DIR/bad.opts"
run kovacs @bad.opts
expect_status 2
expect_stderr "bad.opts, line 3: unterminated ' quote"
finish

begin nested_error_names_file_and_line
printf '%s\n' "# a comment" "--T1 '373 K' @missing_inner.opts" >"$DIR/outer.opts"
run kovacs @outer.opts
expect_status 2
expect_stderr "missing_inner.opts" "outer.opts, line 2"
finish

begin self_reference_stops
printf '%s\n' "@loop.opts" >"$DIR/loop.opts"
run kovacs @loop.opts
expect_status 2
expect_stderr "more than 8 nested"
finish

begin preset_paper002
run pathmatch @paper002 --T-s '403 K' --T-a '385 K' --phi '1 K/s' -q -o pm.csv
expect_status 0
t=$(column t_a_s "$DIR/pm.csv")
within "$t" 30.0 30.8 || why "t_a = '$t' s, expected 30.4 s (30.0-30.8) with paper 002's protocol"
run pathmatch --T-s '403 K' --T-a '385 K' --phi '1 K/s' -q -o pm.csv
t=$(column t_a_s "$DIR/pm.csv")
within "$t" 26.0 26.8 || why "defaults: t_a = '$t' s, expected 26.4 s (26.0-26.8)"
finish

begin presets_all_parse
for p in "$SRC"/presets/*.opts; do
  n=${p##*/}
  run dsc "@${n%.opts}" --anneal-T '383 K' --anneal-t '1 s' --dT '1 K' --table t.csv -q
  [ "$RC" -eq 0 ] || why "@${n%.opts}: status $RC ($(snippet "$ERR"))"
done
finish

cli_end
