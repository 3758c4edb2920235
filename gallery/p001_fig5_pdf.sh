#!/usr/bin/env bash
# Paper 001 Fig. 5 / Methods (model): S(Q) and G(r) of a Cu56Zr44 X-ray pattern synthesised from
# known Gaussian shells (tests/data/pdf_cu56zr44.csv, written by tests/test_pdf.c with xraylib
# form factors and Compton, first shell split into sub-peaks at 2.75 and 3.10 A), and the time
# series whose 3.10 A sub-peak moves to 3.08 A and narrows (vitrum pdf).
# Headline: the sub-peak positions found against the shells put in (2.75, 3.10 A).
source "$(dirname "$0")/lib.sh"
D=$ROOT/tests/data
base=(--composition Cu56Zr44 --background "$D/pdf_background.csv" --compton)
v pdf "$D/pdf_cu56zr44.csv" "${base[@]}" -o p001_pdf.csv --sq p001_pdf_sq.csv --gr p001_pdf_gr.csv -q
v pdf "$D/pdf_series.csv" "${base[@]}" -o p001_pdf_series.csv -q
r1=$(col p001_pdf.csv sub1_r_A)
r2=$(col p001_pdf.csv sub2_r_A)
check p001_pdf "left sub-peak (A), shell at 2.75" 2.75 "$r1" 2.65 2.85
check p001_pdf "right sub-peak (A), shell at 3.10" 3.10 "$r2" 3.00 3.20
plot p001_fig5_pdf.gp sq=p001_pdf_sq.csv gr=p001_pdf_gr.csv pk=p001_pdf.csv ser=p001_pdf_series.csv \
  label="first-shell sub-peaks at $(fmt "$r1") and $(fmt "$r2") A (vitrum) against the shells put in at 2.75 and 3.10 A"
