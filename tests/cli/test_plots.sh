#!/usr/bin/env bash
# The gnuplot templates (plots/*.gp, embedded in the binary): every picture kind of the CLI drawn
# on small inputs. Each case asserts exit status 0, a complete PNG (signature and IEND chunk) and
# a kept .gp script holding the header of variables and the template it names; at the end every
# template in plots/ must have been drawn by some case, so a template nobody runs cannot break
# unseen. Needs gnuplot (skipped, 77, without it).
source "$(dirname "$0")/harness.sh"
cli_suite plots "$@"
[ "$HAVE_GNUPLOT" -eq 1 ] || {
  echo "skipped: no gnuplot"
  exit 77
}

# ---- inputs --------------------------------------------------------------------------------------
IN=$TMP/in
mkdir -p "$IN" && cd "$IN" || exit 1
printf 'start 383 K\nhold 100 s\n' >hold.prog
printf 'start 450 K\ncool to 373 K at 1000 K/s\nheat to 450 K at 1000 K/s\n' >ramp.prog
printf 'start 760 K\njump to 650 K\nhold 1000 s\n' >pel_hold.prog
printf 'start 760 K\ncool to 650 K at 100 K/s\n' >pel_ramp.prog
printf 'temperature 593 K\nstart 0 %%\nramp to 0.5 %% at 200 %%/min\nhold 900 s\nramp to 0.3 %% at 200 %%/min\nhold 1e4 s\n' >fig1.prog
printf 'tau_rec_s,t_p_s\n700,69.6\n900,269.6\n1500,869.6\n2500,1869.6\n4000,3369.6\n' >tp_tau.csv
# one peak on a straight background, for vitrum debye
awk 'BEGIN { print "T_K,dhf_W_per_mol"
             for (T = 330; T <= 470; T += 0.5) printf "%.1f,%.8g\n", T, 500 * exp(-((T - 400) / 8)^2) }' >single.csv
# a reference and a scan with a Debye recovery peak, for vitrum debye --curves
awk -f "$DATA/make_debye.awk" >debye.csv
GEN=0
"$VITRUM" strain -q --program fig1.prog -o fig1.csv && GEN=$((GEN + 1))
for T in 573 583 593 603; do
  printf 'temperature %s K\nstart 0 %%\njump to 0.5 %%\nhold 1e4 s\n' "$T" >"a$T.prog"
  "$VITRUM" strain -q --program "a$T.prog" --G_inf '0 GPa' -o "a$T.csv" && GEN=$((GEN + 1))
done
for T in 740 780 820; do # ageing curves for agemap
  for Ts in 890 830; do
    printf 'start %s K\njump to %s K\nhold 10 ns\n' "$Ts" "$T" >p.prog
    "$VITRUM" pel --program p.prog --at-time "$(seq -s, 0.5 0.5 10) ns" -o "c_${Ts}_$T.csv" -q &&
      GEN=$((GEN + 1))
  done
done
# vitrum fit's inputs: dh after two-step anneals, and Cp_N of a scan
"$VITRUM" kovacs --T1 '348, 373 K' --t1 '100 s' --T2 '383 K' --t2 '0.1, 1, 10, 100 s' --dT 0.5K \
  --ppd 8 -o kovacs.csv -q && GEN=$((GEN + 1))
awk -F, 'NR == 1 { print "T1_K,t1_s,T2_K,t2_s,dh_J_per_mol" } NR > 1 { print $1 "," $2 ",383," $3 "," $5 }' \
  kovacs.csv >state.csv
printf 'start 450 K\ncool to 373 K at 10000 K/s\nhold 50 s\ncool to 300 K at 10000 K/s\nheat to 480 K at 1000 K/s\n' >scan.prog
"$VITRUM" simulate --program scan.prog --dT 0.5K --ppd 8 -o scan.csv -q && GEN=$((GEN + 1))
awk -F, 'NR == 1 { print "T_K,CpN" } NR > 1 && $6 == 3 && NR % 10 == 0 { printf "%.12g,%s\n", (prev + $2) / 2, $5 }
         { prev = $2 }' scan.csv >cpn.csv
# two heating scans at 1000 K/s, 300..450 K, endothermic up: a reference (a step of 0.02 mW at
# 370 K) and an aged one with a peak at 375 K, for peaks and tf
awk 'BEGIN {
  print "curve,t [s],Tr [K],Ts [K],HF [mW]"
  for (c = 0; c <= 1; c++)
    for (i = 0; i <= 1500; i++) {
      T = 300 + 0.1 * i
      hf = 0.1 + 2e-4 * (T - 300) + 0.02 / (1 + exp(-(T - 370) / 3)) + c * 0.005 * exp(-(T - 375) ^ 2 / 18)
      printf "%d,%.9g,%.1f,%.1f,%.9g\n", c, (T - 300) / 1000, T, T, hf
    }
}' >scans.csv
[ "$GEN" -eq 13 ] && ok inputs_made || fail inputs_made "$GEN of 13 inputs"

# plot_case NAME TEMPLATE... -- ARGS: vitrum ARGS --plot p.png -q in a folder holding the inputs;
# p.gp names every TEMPLATE (its first line) after the header.
plot_case() {
  local name=$1 t
  local -a templates=()
  shift
  while [ "$1" != -- ]; do
    templates+=("$1")
    shift
  done
  shift
  begin "$name"
  cp "$IN"/* "$DIR"/
  run "$@" --plot p.png -q
  expect_status $ST_OK
  [ "$(head -c 8 "$DIR/p.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
    tail -c 12 "$DIR/p.png" | grep -q IEND || why "p.png is not a complete PNG"
  for t in "${templates[@]}"; do
    grep -qxF "$(head -1 "$SRC/plots/$t.gp")" "$DIR/p.gp" || why "p.gp lacks plots/$t.gp"
    DRAWN="$DRAWN $t "
  done
  finish
}
DRAWN=

plot_case simulate_hold simulate -- simulate --program hold.prog -o s.csv
plot_case simulate_ramp_points simulate -- simulate --program ramp.prog --at-temp '400, 420 K' -o s.csv
plot_case dsc_single dsc -- dsc --program hold.prog -o d.csv
plot_case dsc_single_mW dsc -- dsc --program hold.prog -o d.csv --molar-mass '126.6 g/mol' \
  --sample-mass '484 ng'
plot_case dsc_sweep dsc_maps -- dsc --anneal-T '373, 383 K' --anneal-t '0.1, 1, 10 s' -o m.csv
plot_case kissinger kinetics -- kissinger --rates '100,200,500 K/s' --Tp '400,405,410 K' -o k.csv
plot_case eyring kinetics -- eyring --rates '100,200,500 K/s' --Tp '400,405,410 K' -o e.csv
plot_case peaks peaks -- peaks scans.csv --reference 0 --endo up -o p.csv
plot_case peaks_no_windows peaks -- peaks scans.csv --reference 0 --endo up --baseline none \
  --range '340,400 K' -o p.csv
plot_case tf tf -- tf scans.csv --reference 0 --endo up -o t.csv
plot_case tf_ages tf -- tf scans.csv --reference 0 --curves 1 --ages '10 s' --endo up -o t.csv
plot_case kovacs kovacs -- kovacs --T1 '363,373 K' --t1 '1,2 s' --T2 '383 K' -o c.csv --summary s.csv
plot_case pathmatch pathmatch -- pathmatch --T-s '403 K' --T-a '385 K' --phi '100,10 K/s' -o pm.csv
plot_case pel_hold pel -- pel --program pel_hold.prog -o t.csv
plot_case pel_ramp pel -- pel --program pel_ramp.prog -o t.csv
plot_case pel_sweep pel_sweep -- pel --cool-rates '20, 2000 K/s' -o t.csv
plot_case pel_map pel_map rate_map -- pel-map --nE 11 --nT 21 -o m.csv
plot_case agemap agemap rate_map -- agemap c_890_740.csv c_890_780.csv c_890_820.csv \
  c_830_740.csv c_830_780.csv c_830_820.csv --compare -o m.csv
plot_case strain strain -- strain --program fig1.prog -o tr.csv
plot_case strain_sweep strain_sweep -- strain --eps1 '0.5 %' --eps2 '0.2, 0.3 %' --tw '300, 900 s' \
  --t-rec '1e4 s' -o c.csv
plot_case strain_sweep_unkeyed strain_sweep -- strain --eps1 '0.5 %' --eps2 '0.1,0.2,0.3,0.4 %' \
  --tw '100,200,300,400,500,600,700,800 s' -o c.csv
plot_case kww kww_fit -- kww fig1.csv --from '900.21 s' --double -o k.csv
plot_case kww_arrhenius kww_arrhenius -- kww --arrhenius a573.csv a583.csv a593.csv a603.csv -o a.csv
plot_case kww_window kww_arrhenius -- kww --arrhenius a573.csv a583.csv a593.csv a603.csv \
  --window '100, 1000 s' -o w.csv
plot_case kww_regress kww_regress -- kww --regress tp_tau.csv -o g.csv
plot_case pdf pdf -- pdf "$DATA/pdf_cu56zr44.csv" --composition Cu56Zr44 --compton \
  --background "$DATA/pdf_background.csv" -o t.csv
plot_case pdf_series pdf_series -- pdf "$DATA/pdf_series.csv" --composition Cu56Zr44 --compton \
  --background "$DATA/pdf_background.csv" -o t.csv
plot_case debye debye -- debye single.csv --rate '1000 K/s' -o row.csv
plot_case debye_batch debye_batch -- debye --curves debye.csv --reference 0 --endo up \
  --range '330,430 K' --Tg '370 K' --fragility 50 -o t.csv
plot_case loss loss -- loss "$DATA/loss_dma.csv" --freq '2 Hz' --peak hn:151C --peak debye:87C \
  --logy -o peaks.csv
plot_case fit fit -- fit --dh state.csv --curve cpn.csv:scan.prog --free dh --starts 1 --dT 0.5K \
  --ppd 8 -o values.csv

# every template drawn by some case above
for gp in "$SRC"/plots/*.gp; do
  t=$(basename "$gp" .gp)
  [[ $DRAWN == *" $t "* ]] && ok "drawn/$t" || fail "drawn/$t" "no case draws plots/$t.gp"
done
cli_end
