#!/usr/bin/env bash
# Command-line tests of vitrum md (LAMMPS through its C library, MPI campaigns; issue 17).
#
#   usage: test_md.sh PATH_TO_VITRUM_BINARY SOURCE_DIR
#
# One line per case, 'ok NAME' or 'FAIL NAME: why'; last line 'N passed, M failed'. Exit 77
# (skipped) when this vitrum was built without LAMMPS; CI installs it, so there it always runs.
# Systems are tiny (64 atoms, a few hundred fs; ~10 s of CPU): the laws checked do not depend on
# size.
#   - E_IS of vitrum equals an independent `lmp` run (its own input script, below) minimising the
#     configuration vitrum saved, with the same minimiser settings (sd, as paper 003), to
#     1e-6 eV/atom (they agree to ~1e-11);
#   - sampling does not disturb the trajectory: with and without E_IS sampling (same chunks)
#     the potential energy at every sample and at the end is bitwise equal (one rank);
#   - an anneal or quench stopped (--stop-after) and resumed equals the uninterrupted run: E_IS
#     rows to 1e-6 eV/atom and the final potential energy to 1e-9 eV/atom (not bitwise: LAMMPS's
#     NPT restart itself is not, as the lmp binary alone shows; NVT/NVE restarts are);
#   - a two-partition campaign under `mpirun -np 2` writes exactly (byte for byte) the files its
#     jobs give when run one by one as vitrum md quench/anneal; run again it skips all of them,
#     and vitrum agemap reads what it wrote;
#   - bad input: a clear message, non-zero exit, nothing left behind.
# In the sanitizer build the md runs keep ASan and UBSan but not LeakSanitizer: OpenMPI and hwloc
# keep process-lifetime allocations in MCA components that MPI_Finalize unloads, so their stacks
# end in '<unknown module>' and no suppression can name them. tests/test_md.c checks the md
# parsers (no MPI) with leak detection on.
# shellcheck source=harness.sh
source "$(dirname "$0")/harness.sh"
cli_suite md "$@"

if "$VITRUM" md --help 2>&1 | grep -q 'this build has no LAMMPS'; then
  echo "skipped: vitrum built without LAMMPS"
  exit 77
fi
for tool in lmp mpirun; do
  command -v $tool >/dev/null || {
    echo "FAIL setup: $tool not found (Debian packages lammps, openmpi-bin)"
    exit 1
  }
done
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
POT=/usr/share/lammps/potentials/CuZr_mm.eam.fs

# near A B TOL: |A - B| <= TOL
near() {
  awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && b != "" && d <= t) }'
}
# value KEY: a line 'KEY VALUE' of the last run's stdout
value() {
  awk -v k="$1" '$1 == k { print $2 }' "$OUT"
}

SYS=(--atoms 64 --melt '2001 K' --melt-time '0.5 ps' --checkpoint '0.25 ps')
ANNEAL=(--T '700 K' --time '0.5 ps' --every '0.25 ps' --min-style cg)
W=$TMP/shared
mkdir "$W"

# ---- quench; the quenched state for everything below ---------------------------------------
begin quench
run md quench "${SYS[@]}" --rate '2000 K/ps' -o q.restart
expect_status 0
expect_files q.restart q.restart.meta q.log
[ "$(value complete)" = 1 ] && [ "$(value atoms)" = 64 ] || why "summary: $(snippet "$OUT")"
# melt 500 steps + ramp (2001 - 1 K) / (2000 K/ps) = 1000 steps
[ "$(value steps)" = 1500 ] || why "steps $(value steps), expected 1500"
grep -q 'composition Zr44Cu56' "$DIR/q.restart.meta" || why "meta lacks the composition"
cp "$DIR"/q.restart* "$W"/
finish

# ---- E_IS against an independent lmp run on the saved configurations -------------------------
begin eis_vs_lmp
cp "$W"/q.restart* "$DIR"/
run md anneal --from q.restart --T '700 K' --time '0.5 ps' --every '0.5 ps' --save-samples s -o a.csv
expect_status 0
[ "$(head -1 "$DIR/a.csv")" = "curve,time_ps,E_IS_eV,T_K,pe_eV" ] || why "header $(head -1 "$DIR/a.csv")"
[ "$(value samples)" = 2 ] || why "samples $(value samples), expected 2 (t = 0, 0.5 ps)"
cat >"$DIR/in.check" <<EOF
units metal
atom_style atomic
read_data \${f}
pair_style eam/fs
pair_coeff * * $POT Zr Cu
min_style sd
minimize 1e-12 1e-8 20000 100000
variable e equal pe/atoms
print "EIS \$(v_e:%.12f)"
EOF
n=0
for f in "$DIR"/s/sample_*.data; do
  step=${f##*sample_}
  step=$((10#${step%.data}))
  t=$(awk -v s="$step" 'BEGIN { printf "%.6f", s * 0.001 }')
  mine=$(awk -F, -v t="$t" 'NR > 1 && $2 == t { print $3 }' "$DIR/a.csv")
  theirs=$(cd "$DIR" && lmp -in in.check -var f "$f" -log none -nocite | awk '$1 == "EIS" { print $2 }')
  near "$mine" "$theirs" 1e-6 || why "t = $t ps: vitrum E_IS $mine, lmp $theirs eV/atom"
  echo "# t = $t ps: E_IS vitrum $mine, lmp $theirs eV/atom"
  n=$((n + 1))
done
[ "$n" -eq 2 ] || why "$n saved configurations, expected 2"
finish

# the sampled reference of the next cases (cg: 7x faster than sd at this size)
begin sampled_anneal
cp "$W"/q.restart* "$DIR"/
run md anneal --from q.restart "${ANNEAL[@]}" -o a.csv
expect_status 0
[ "$(value samples)" = 3 ] || why "samples $(value samples), expected 3 (t = 0, 0.25, 0.5 ps)"
cp "$DIR/a.csv" "$W/sampled.csv"
SAMPLED_PE=$(value final_pe_eV_per_atom)
finish

# ---- sampling leaves the trajectory alone ----------------------------------------------------
begin sampling_undisturbed
cp "$W"/q.restart* "$DIR"/
run md anneal --from q.restart "${ANNEAL[@]}" --no-sample -o a.csv
expect_status 0
[ "$(value final_pe_eV_per_atom)" = "$SAMPLED_PE" ] ||
  why "final pe $(value final_pe_eV_per_atom) without sampling, $SAMPLED_PE with (bitwise expected)"
[ "$(cut -d, -f5 "$DIR/a.csv")" = "$(cut -d, -f5 "$W/sampled.csv")" ] ||
  why "pe at the sample times differs"
awk -F, 'NR > 1 && $3 != "nan" { exit 1 }' "$DIR/a.csv" || why "--no-sample wrote E_IS values"
# E_IS lies below the instantaneous potential energy (a minimum of it)
awk -F, 'NR > 1 && !($3 < $5) { exit 1 }' "$W/sampled.csv" || why "E_IS above pe in a row"
finish

# ---- restart: stopped and resumed equals uninterrupted ---------------------------------------
begin anneal_resume
cp "$W"/q.restart* "$DIR"/
run md anneal --from q.restart "${ANNEAL[@]}" --stop-after '0.25 ps' -o a.csv
[ "$(value complete)" = 0 ] || why "first part did not stop"
[ -e "$DIR/a.csv" ] && why "a stopped run wrote its output"
[ -d "$DIR/a.csv.work" ] || why "no work folder to resume from"
run md anneal --from q.restart "${ANNEAL[@]}" -o a.csv
expect_status 0
[ "$(value complete)" = 1 ] && [ "$(value steps)" = 250 ] || why "resume: $(snippet "$OUT")"
near "$(value final_pe_eV_per_atom)" "$SAMPLED_PE" 1e-9 ||
  why "final pe $(value final_pe_eV_per_atom) resumed, $SAMPLED_PE uninterrupted"
paste -d, "$DIR/a.csv" "$W/sampled.csv" | awk -F, 'NR > 1 { d = $3 - $8; if (d < 0) d = -d; if (d > 1e-6) exit 1 }' ||
  why "E_IS rows differ by more than 1e-6 eV/atom"
expect_files q.restart q.restart.meta a.csv a.log
finish

begin quench_resume
run md quench "${SYS[@]}" --rate '2000 K/ps' --stop-after '0.5 ps' -o q.restart
[ "$(value complete)" = 0 ] && [ ! -e "$DIR/q.restart" ] || why "first part: $(snippet "$OUT")"
run md quench "${SYS[@]}" --rate '2000 K/ps' -o q.restart
expect_status 0
Q_PE=$(awk '$1 == "final_pe_eV_per_atom" { print $2 }' "$TMP/case1.stdout")
near "$(value final_pe_eV_per_atom)" "$Q_PE" 1e-9 ||
  why "final pe $(value final_pe_eV_per_atom) resumed, $Q_PE uninterrupted"
expect_files q.restart q.restart.meta q.log
finish

# ---- campaign: two partitions under mpirun equal the jobs run one by one ---------------------
cat >"$W/runs.camp" <<EOF
# two rates x one seed x two temperatures, tiny
composition Zr44Cu56
atoms 64
potential $POT
melt 2001 K for 0.5 ps
quench to 1 K
rates 2000, 1000 K/ps
temperatures 600, 700 K
seeds 1
anneal 0.5 ps every 0.25 ps
checkpoint 0.25 ps
minimizer cg
EOF

begin campaign_dry_run
cp "$W/runs.camp" "$DIR"/
run md campaign runs.camp -o out --dry-run
expect_status 0
[ "$(grep -c ',todo$' "$OUT")" = 6 ] || why "plan: $(snippet "$OUT")"
expect_stderr "6 of 6 jobs to run"
expect_files runs.camp
finish

begin campaign_mpi
cp "$W/runs.camp" "$DIR"/
(cd "$DIR" && timeout "$PER_RUN_TIMEOUT" mpirun -np 2 "$VITRUM" md campaign runs.camp -o out \
  --ranks-per-job 1) >"$DIR.stdout" 2>"$DIR.stderr"
RC=$? OUT=$DIR.stdout ERR=$DIR.stderr
expect_status 0
expect_stderr "2 partitions"
[ "$(ls "$DIR/out" | wc -l)" = 14 ] || why "out holds $(ls "$DIR/out" | tr '\n' ' ')"
one=$DIR/one
mkdir "$one"
# the campaign ran the 2000 K/ps jobs on partition 0 and the 1000 K/ps ones on partition 1
for R in 2000 1000; do
  (cd "$one" && "$VITRUM" md quench "${SYS[@]}" --rate "$R K/ps" -o q_${R}Kps_s1.restart -q &&
    "$VITRUM" md anneal --from q_${R}Kps_s1.restart "${ANNEAL[@]}" -o a_${R}Kps_s1_700K.csv -q) ||
    why "one-by-one runs at $R K/ps failed"
  for f in q_${R}Kps_s1.restart q_${R}Kps_s1.restart.meta a_${R}Kps_s1_700K.csv; do
    cmp -s "$one/$f" "$DIR/out/$f" || why "$f differs between the campaign and the one-by-one run"
  done
done
cp -r "$DIR/out" "$W/camp"
finish

begin campaign_resume_skips_done
cp "$W/runs.camp" "$DIR"/
cp -r "$W/camp" "$DIR/out"
before=$(cd "$DIR/out" && md5sum * | md5sum)
run md campaign runs.camp -o out
expect_status 0
expect_stderr "0 of 6 jobs to run"
[ "$(cd "$DIR/out" && md5sum * | md5sum)" = "$before" ] || why "finished jobs were touched"
finish

begin agemap_reads_campaign
cp -r "$W/camp" "$DIR/out"
run agemap out/a_2000Kps_s1_600K.csv out/a_2000Kps_s1_700K.csv out/a_1000Kps_s1_600K.csv \
  out/a_1000Kps_s1_700K.csv --entries e.csv -q
expect_status 0
# 4 curves of 3 points: 8 slope entries
[ "$(($(wc -l <"$DIR/e.csv") - 1))" = 8 ] || why "entries: $(snippet "$DIR/e.csv")"
finish

# ---- bad input: message, non-zero exit, nothing left ------------------------------------------
bad() { # NAME STDERR_SUBSTRING -- ARGS...
  local name=$1 sub=$2
  shift 3
  begin "$name"
  cp "$W"/q.restart* "$W/runs.camp" "$DIR"/
  printf '2 Al Ni\n' >"$DIR/hdr"
  { printf 'x\ny\nz\n'; cat "$DIR/hdr"; } >"$DIR/alni.eam.fs"
  rm "$DIR/hdr"
  sed 's/^anneal .*/anneal 1 every 0.5 ps/' "$W/runs.camp" >"$DIR/nounit.camp"
  run "$@"
  [ "$RC" -ne 0 ] || why "exit status 0"
  expect_stderr "$sub"
  expect_one_error_line
  expect_files q.restart q.restart.meta runs.camp alni.eam.fs nounit.camp
  finish
}
bad bad_element "element Xx is not in the potential file" -- md quench --composition Zr44Xx56 -o n.restart
bad missing_potential "potential file nope.eam.fs: cannot open" -- md quench --potential nope.eam.fs -o n.restart
bad potential_lacks_elements "element Zr is not in the potential file alni.eam.fs (it covers Al Ni)" -- \
  md quench --potential alni.eam.fs -o n.restart
bad rate_without_unit "--rate: missing unit" -- md quench --rate 10 -o n.restart
bad time_without_unit "--every: missing unit" -- md anneal --from q.restart --every 50 -o n.csv
bad campaign_without_unit "nounit.camp:10: missing unit" -- md campaign nounit.camp -o out
bad missing_quench "quench restart none.restart: cannot open" -- md anneal --from none.restart -o n.csv
bad ranks_per_job "--ranks-per-job 2: more ranks per job than the 1 rank" -- \
  md campaign runs.camp -o out --ranks-per-job 2

cli_end
