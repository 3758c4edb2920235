#!/usr/bin/env bash
# Paper 004 Figs. 2A and 3A-B: relaxation peaks after t_a = 5 s at T_a = 273-393 K (virtual Flash
# DSC, Debye units model, paper 004 preset), each fitted with one Debye peak (Eqs. 3-4, vitrum
# debye --batch); E*_Debye against T_a with the gamma/beta', beta and alpha bands (T_g = 401 K,
# m = 45). Headline: E*_Debye at 273 K (paper: 44 kJ/mol) and above 370 K (paper: 350-420).
source "$(dirname "$0")/lib.sh"
if [ "$QUICK" = 1 ]; then Ta=$(seq -s, 273 20 393) grid=(--dT '0.3 K'); else Ta=$(seq -s, 273 5 393) grid=(); fi
v dsc @paper004 "${grid[@]}" --anneal-T "$Ta K" --anneal-t '5 s' -o p004_fig2_map.csv --table p004_fig2.csv -q 2>/dev/null
v debye --batch p004_fig2_map.csv --rate '1000 K/s' --Tg '401 K' --fragility 45 -o p004_fig3.csv \
  --fitted p004_fig3_fitted.csv -q
e273=$(col p004_fig3.csv E_kJ_per_mol '$2 == 273')
e393=$(col p004_fig3.csv E_kJ_per_mol '$2 == 393')
check p004_fig3b "E*_Debye at T_a = 273 K (kJ/mol)" 44 "$e273" 20 60
check p004_fig3b "E*_Debye at T_a = 393 K (kJ/mol)" 350-420 "$e393" 40 70
plot p004_fig2_3.gp map=p004_fig2_map.csv fit=p004_fig3_fitted.csv e=p004_fig3.csv \
  label="E*_{Debye} = $(fmt "$e273") kJ/mol at 273 K (paper: 44), $(fmt "$e393") kJ/mol at 393 K (paper: 350-420, alpha band; see docs/gallery.md)"
