#!/usr/bin/env bash
# Build the figure gallery: every gallery/pNNN_*.sh, each writing its PNG and CSVs to
# build/gallery (or $GALLERY) and checking its headline numbers against stated bands
# (docs/gallery.md). --quick: coarser grids, for CI (tests/CMakeLists.txt runs it).
#   usage: scripts/gallery.sh [--quick] [VITRUM_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK=0
[ "${1:-}" = --quick ] && QUICK=1 && shift
export QUICK VITRUM=${1:-${VITRUM:-$PWD/build/vitrum}}
export GALLERY=${GALLERY:-$PWD/build/gallery$([ "$QUICK" = 1 ] && echo -quick)}
[ -x "$VITRUM" ] || { echo "gallery: no vitrum binary at $VITRUM (build first)" >&2; exit 2; }
mkdir -p "$GALLERY"
echo "figure,quantity,paper,vitrum,band_lo,band_hi,status" >"$GALLERY/headlines.csv"
start=$SECONDS failed=0
for s in gallery/p[0-9]*.sh; do
  t=$SECONDS
  bash "$s" || { echo "FAIL $s: exit status $?"; failed=1; }
  echo "  ${s##*/}: $((SECONDS - t)) s" >&2
done
n=$(grep -c ',ok$' "$GALLERY/headlines.csv" || true)
bad=$(grep -c ',FAIL$' "$GALLERY/headlines.csv" || true)
echo "gallery: $(ls "$GALLERY"/*.png | wc -l) figures, $n headline numbers in band, $bad out, $((SECONDS - start)) s ($GALLERY)"
[ "$failed" = 0 ] && [ "$bad" = 0 ]
