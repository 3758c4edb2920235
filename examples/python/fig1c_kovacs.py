#!/usr/bin/env python3
"""Paper 000 Fig. 1c: the enthalpy released (relative to the as-cooled glass) during the second
anneal at T2 = 383 K after t1 = 50 s at T1 = 373 K, with the paper's TNM parameters
(A = 6e-22 s, dh = 164 kJ/mol, x = 0.6, beta = 0.43). dh first falls (the glass rejuvenates:
the memory effect) and then rises towards equilibrium.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/fig1c_kovacs.py [OUTDIR]
"""
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import vitrum  # noqa: E402


def main(outdir="."):
    tnm = vitrum.Model("tnm", A="6e-22 s", dh="164 kJ/mol", x=0.6, beta=0.43)
    t2 = np.logspace(-1, np.log10(2000), 43)  # 0.1 - 2000 s, as the figure
    (curve,) = vitrum.kovacs(tnm, "373 K", "50 s", "383 K", t2)
    (single,) = vitrum.kovacs(tnm, "383 K", "0.001 s", "383 K", t2)  # one step at 383 K
    fig, ax = plt.subplots(figsize=(5.5, 4))
    ax.semilogx(curve.t2_s, curve.dh_J_per_mol / 1e3, "-", lw=2, color="C3",
                label="TNM: 50 s at 373 K, then 383 K")
    ax.semilogx(single.t2_s, single.dh_J_per_mol / 1e3, "--", color="0.5",
                label="single step at 383 K")
    ax.axhline(curve.dh1_J_per_mol / 1e3, color="C3", lw=0.8, ls=":")
    if curve.t_peak_s > 0:
        k = np.argmin(curve.dh_J_per_mol)
        ax.annotate(f"memory: $\\Delta h_{{peak}}$ = {curve.dh_peak_J_per_mol:.0f} J/mol\n"
                    f"at $t_2$ = {curve.t_peak_s:.1f} s",
                    (curve.t2_s[k], curve.dh_J_per_mol[k] / 1e3), xytext=(0.3, 0.45),
                    textcoords="axes fraction", arrowprops={"arrowstyle": "->"})
    ax.set_xlabel("$t_2$ at $T_2$ = 383 K (s)")
    ax.set_ylabel("$\\Delta h$ (kJ/mol)")
    ax.set_title("paper 000 Fig. 1c: $T_1$ = 373 K, $t_1$ = 50 s, $T_2$ = 383 K")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path = os.path.join(outdir, "fig1c_kovacs.png")
    fig.savefig(path, dpi=120)
    print(f"{path}: dh1 = {curve.dh1_J_per_mol:.1f} J/mol, memory dh_peak = "
          f"{curve.dh_peak_J_per_mol:.1f} J/mol at t2 = {curve.t_peak_s:.2f} s")
    return curve


if __name__ == "__main__":
    main(*sys.argv[1:])
