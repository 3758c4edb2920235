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
  printf '%s,%s,%s,%s,%s,%s,%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$st" >>"$GALLERY/headlines.csv"
  printf '%-5s %-14s %-44s vitrum %-10s paper %-14s band [%s, %s]\n' "$st" "$1" "$2" "$4" "$3" "$5" "$6"
}

# plot NAME.gp VAR=VALUE...: gnuplot on the kept gallery/NAME.gp, writing NAME.png here;
# string values are passed quoted.
plot() {
  local gp=$1 e="out='${1%.gp}.png'" kv
  shift
  for kv in "$@"; do e="$e; ${kv%%=*}='${kv#*=}'"; done
  gnuplot -e "$e" -e "load '$HERE/style.gp'" "$HERE/$gp"
}

# fmt X [DIGITS]: X rounded for a label.
fmt() { awk -v x="$1" -v d="${2:-3}" 'BEGIN { printf "%.*g", d, x }'; }
