#!/usr/bin/env python3
"""Paper 000 Fig. 2d: the strength of the memory effect (dh_peak = h_peak - h_initial during
the anneal at T2 = 383 K) against the enthalpy dh released by the first step, for T1 = 348,
363 and 373 K and t1 = 0.1 ... 100 s, with the paper's TNM parameters. TNM gives the convex
curvature the paper says it gets wrong against experiment.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/fig2d_memory.py [OUTDIR]
"""
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import vitrum  # noqa: E402

T1 = [348, 363, 373]
T1_LIST = "348, 363, 373 K"
T1_TIMES = "0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100 s"


def main(outdir="."):
    tnm = vitrum.Model("tnm", A="6e-22 s", dh="164 kJ/mol", x=0.6, beta=0.43)
    curves = vitrum.kovacs(tnm, T1_LIST, T1_TIMES, "383 K")  # every pair, in parallel
    fig, ax = plt.subplots(figsize=(5.5, 4))
    for T, marker in zip(T1, "osD"):
        cs = [c for c in curves if c.T1_K == T]
        ax.plot([c.dh1_J_per_mol / 1e3 for c in cs], [c.dh_peak_J_per_mol / 1e3 for c in cs],
                marker + "-", label=f"$T_1$ = {T} K")
    ax.set_xlabel("$\\Delta h$ in the first step (kJ/mol)")
    ax.set_ylabel("memory strength $\\Delta h_{peak}$ (kJ/mol)")
    ax.set_title("paper 000 Fig. 2d (TNM), $T_2$ = 383 K")
    ax.legend()
    fig.tight_layout()
    path = os.path.join(outdir, "fig2d_memory.png")
    fig.savefig(path, dpi=120)
    last = [c for c in curves if c.t1_s == 100]
    print(f"{path}: t1 = 100 s: " + ", ".join(
        f"T1 {c.T1_K:g} K dh1 {c.dh1_J_per_mol:.0f} J/mol dh_peak {c.dh_peak_J_per_mol:.1f} "
        f"J/mol t_peak {c.t_peak_s:.1f} s" for c in last))
    return curves


if __name__ == "__main__":
    main(*sys.argv[1:])
