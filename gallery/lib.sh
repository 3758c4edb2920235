# shellcheck shell=bash
# Sourced by every gallery/pNNN_*.sh: paths, the quick switch, headline checks and plotting.
#   VITRUM   the binary (default: build/vitrum of this tree)
#   GALLERY  output folder (default: build/gallery); each figure writes NAME.png and NAME*.csv
#   QUICK    1: coarser grids (CI), 0: the full figure
set -euo pipefail
export LC_ALL=C
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
VITRUM=${VITRUM:-$ROOT/build/vitrum}
GALLERY=${GALLERY:-$ROOT/build/gallery}
QUICK=${QUICK:-0}
mkdir -p "$GALLERY"
cd "$GALLERY"

# v ARGS...: vitrum, quiet about progress.
v() { "$VITRUM" "$@"; }

# col FILE NAME [FILTER]: column NAME of CSV FILE, one value per data row (awk FILTER on
# the row, e.g. '$1 == 348').
col() {
  awk -F, -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next }
    !/^#/ && NF && ('"${3:-1}"') { print $c }' "$1"
}

# check FIGURE QUANTITY PAPER VALUE LO HI: a headline number, vitrum's VALUE against the
# band [LO, HI] (stated in docs/gallery.md); PAPER is what the paper prints ('-' for none).
check() {
  local st=ok
  awk -v x="$4" -v lo="$5" -v hi="$6" 'BEGIN { exit !(x != "" && x + 0 == x && x >= lo && x <= hi) }' ||
    st=FAIL
  printf "%s,%s,%s,%s,%s,%s,%s\n" "$1" "${2//,/;}" "$3" "$4" "$5" "$6" "$st" >>"$GALLERY/headlines.csv"
  printf '%-5s %-14s %-44s vitrum %-10s paper %-14s band [%s, %s]\n' "$st" "$1" "$2" "$4" "$3" "$5" "$6"
}

# plot NAME.gp VAR=VALUE...: gnuplot on the kept gallery/NAME.gp, writing NAME.png here;
# string values are passed quoted.
plot() {
  local gp=$1 e="out='${1%.gp}.png'" kv val
  shift
  for kv in "$@"; do
    val=${kv#*=}
    e="$e; ${kv%%=*}='${val//\'/\'\'}'"
  done
  LC_ALL=C.UTF-8 gnuplot -e "$e" -e "load '$HERE/style.gp'" "$HERE/$gp"
}

# fmt X [DIGITS]: X rounded for a label.
fmt() { awk -v x="$1" -v d="${2:-3}" 'BEGIN { printf "%.*g", d, x }'; }

# kinetics NAME "T_a LIST" "t_a LIST" "RATES" OPTIONS...: virtual Flash DSC anneals at each
# (T_a, t_a) scanned at each heating rate (vitrum dsc sweeps), then Eq. 4 / Kissinger per anneal
# (vitrum eyring). Writes NAME_tp.csv (rate_K_per_s, the dsc table) and NAME.csv: T_a_K, t_a_s,
# dh_J_per_mol (at the last rate), H_kJ_per_mol, S_J_per_mol_K, dE_kJ_per_mol.
kinetics() {
  local name=$1 Ta=$2 ta=$3 rates=$4 r
  shift 4
  echo "rate_K_per_s,T_a_K,t_a_s,dh_J_per_mol,Tp_K,FWHM_K,onset_K,end_K" >"${name}_tp.csv"
  for r in ${rates//,/ }; do
    v dsc "$@" --anneal-T "$Ta K" --anneal-t "$ta s" --heat-rate "$r K/s" --table "${name}_r.csv" -q \
      2>>"${name}_warnings.txt"
    awk -v r="$r" 'NR > 1 { print r "," $0 }' "${name}_r.csv" >>"${name}_tp.csv"
  done
  rm -f "${name}_r.csv"
  echo "T_a_K,t_a_s,dh_J_per_mol,H_kJ_per_mol,S_J_per_mol_K,dE_kJ_per_mol" >"$name.csv"
  awk -F, 'NR > 1 { print $2 "," $3 }' "${name}_tp.csv" | sort -u -t, -k1,1g -k2,2g |
    while IFS=, read -r T t; do
      awk -F, -v T="$T" -v t="$t" 'NR == 1 { print "rate_K_per_s,Tp_K" } NR > 1 && $2 == T && $3 == t && $5 != "nan" { print $1 "," $5 }' \
        "${name}_tp.csv" >"${name}_pt.csv"
      local dh
      dh=$(awk -F, -v T="$T" -v t="$t" 'NR > 1 && $2 == T && $3 == t { d = $4 } END { print d }' "${name}_tp.csv")
      if v eyring --table "${name}_pt.csv" -o "${name}_ey.csv" -q 2>/dev/null; then
        awk -F, -v T="$T" -v t="$t" -v d="$dh" 'NR == 2 { printf "%s,%s,%s,%.4f,%.3f,%.4f\n", T, t, d, $2 / 1000, $4, $8 / 1000 }' \
          "${name}_ey.csv" >>"$name.csv"
      fi
    done
  rm -f "${name}_pt.csv" "${name}_ey.csv"
}

# logspace LO HI PER_DECADE: 'a, b, ...' log-spaced from LO to HI.
logspace() {
  awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { m = int(n * log(b / a) / log(10) + 0.5)
    for (i = 0; i <= m; i++) printf "%s%.4g", (i ? ", " : ""), a * (b / a) ^ (i / m) }'
}
