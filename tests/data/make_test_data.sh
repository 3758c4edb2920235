#!/usr/bin/env bash
# Regenerates the small curve files of tests/data (they are committed; run this only to change
# them, then update the numbers in tests/test_curves.c and tests/cli/test_peaks.sh):
#
#   mettler_small.txt  a Mettler STARe text export in Latin-1 with CRLF line ends (degree sign =
#                      byte 0xB0), three heating scans at 100 K/s:
#     curve 0, segment 9: the as-cooled reference, Tr = 50..69 C in 1 K steps (20 rows),
#              Ts = Tr - 0.5 K, t = 0.50 + 0.01 i s, heat flow b(T) = -0.1 - 0.001 (T - 50) mW;
#     curve 1, segment 7: the same grid, heat flow b(T) - tri(T; 60 C, 0.05 mW, 4 K), where
#              tri(T; Tp, h, w) = h max(0, 1 - |T - Tp|/w) is an endothermic triangle (endo down);
#     curve 2, segment 5: units [ms] [K] [K] [uW] on a grid shifted by 0.5 K (Tr = 50.5..69.5 C),
#              heat flow b(T) - tri(T; 62.5 C, 0.1 mW, 5 K).
#   Curve i minus the reference is -tri exactly (b is linear, so interpolation is exact):
#     curve 1: Tp 60 C, height 0.05 mW, area 0.2 mW K / 100 K/s = 0.002 mJ, FWHM 4 K,
#              onset 56 C, end 64 C;
#     curve 2: Tp 62.5 C, height 0.1 mW, area 0.5 mW K / 100 K/s = 0.005 mJ, FWHM 5 K,
#              onset 57.5 C, end 67.5 C.
#   curves_small.csv  two curves in CSV (curve column, bracket units, endothermic up), 100 K/s,
#              Tr = 40..79 C: 'ref' with 0.2 + 0.001 (T - 40) mW and 'drift' = ref +
#              tri(T; 60 C, 0.04 mW, 5 K) + 0.003 + 0.0002 (T - 40) mW (a linear drift that
#              --baseline linear --baseline-range '45,75 C' removes): Tp 60 C, height 0.04 mW,
#              area 0.002 mJ, FWHM 5 K, onset 55 C, end 65 C.
set -eu
cd "$(dirname "$0")"
export LC_ALL=C

awk 'function tri(T, Tp, h, w,   d) { d = T - Tp; if (d < 0) d = -d; return d >= w ? 0 : h * (1 - d / w) }
function line(s) { printf "%s\r\n", s }
function block(seg, text, shift, apex, h, w, ms_K_uW,   i, T, t, v) {
  line("Curve Name:")
  line("  []]" seg "[$" text "[]]2[$TEST01")
  line("Curve Values:")
  line(sprintf("%15s%15s%15s%15s%15s", "Index", "t", "Ts", "Tr", "Value"))
  if (ms_K_uW) line(sprintf("%15s%15s%15s%15s%15s", "", "[ms]", "[K]", "[K]", "[uW]"))
  else line(sprintf("%15s%15s%15s%15s%15s", "", "[s]", "[\260C]", "[\260C]", "[mW]"))
  for (i = 0; i < 20; i++) {
    T = 50 + shift + i
    t = 0.50 + shift / 100 + 0.01 * i
    v = -0.1 - 0.001 * (T - 50) - tri(T, apex, h, w)
    if (ms_K_uW)
      line(sprintf("%15d%15.1f%15.2f%15.2f%15.1f", i, 1000 * t, T - 0.5 + 273.15, T + 273.15, 1000 * v))
    else
      line(sprintf("%15d%15.2f%15.3f%15.3f%15.4f", i, t, T - 0.5, T, v))
  }
  line(""); line(""); line("Results:"); line("Texts:"); line("")
  line("Sample:"); line("  test sample, 0.0000 mg"); line("Method:")
  line("  heat 50 to 70 \260C at 100 K/s"); line("TA Module:"); line("  FLASH/DSC1")
  line(""); line("")
}
BEGIN {
  line(sprintf("%-64s%s", "Title", "01.01.2025 12:00"))
  line("________________________________________________________________________________")
  line(""); line("Title"); line("Evaluation Categories:"); line("")
  block(9, "PS reference 50-69\260C", 0, 60, 0, 4, 0)
  block(7, "PS annealed A 50-69\260C", 0, 60, 0.05, 4, 0)
  block(5, "PS annealed B 50.5-69.5\260C", 0.5, 62.5, 0.1, 5, 1)
  line("________________________________________________________________________________")
  printf "%-66s%s", "Not signed", "STARe SW 18.00"
}' >mettler_small.txt

awk 'function tri(T, Tp, h, w,   d) { d = T - Tp; if (d < 0) d = -d; return d >= w ? 0 : h * (1 - d / w) }
BEGIN {
  print "# vitrum test data (tests/data/make_test_data.sh): two heating scans at 100 K/s,"
  print "# endothermic up; drift = ref + triangle (60 C, 0.04 mW, 5 K) + linear drift"
  print "curve,t [s],Tr [C],Ts [C],HF [mW]"
  for (c = 0; c < 2; c++)
    for (i = 0; i < 40; i++) {
      T = 40 + i
      v = 0.2 + 0.001 * (T - 40)
      if (c) v += tri(T, 60, 0.04, 5) + 0.003 + 0.0002 * (T - 40)
      printf "%s,%.2f,%d,%.1f,%.4f\n", c ? "drift" : "ref", 1 + 0.01 * i, T, T - 0.5, v
    }
}' >curves_small.csv
