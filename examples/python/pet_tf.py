#!/usr/bin/env python3
"""The PET ageing series of the shared data (Mettler Flash DSC 1 export: aged at 60 C for
0.01 ... 100 s, heated at 1000 K/s; segments 5 and 9 unaged references): fictive temperature
by Moynihan's equal area and the relaxation enthalpy against ageing time, as `vitrum tf` gives
them, plus the corrected difference curves.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/pet_tf.py [OUTDIR] [EXPORT]
"""
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import vitrum  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EXPORT = os.path.join(HERE, "..", "..", "..", "shared", "data", "mettler-flash-dsc",
                      "PET_aging_60C_0.01-100s.txt")
AGES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100]  # s, segments 15, 21, ...


def main(outdir=".", export=EXPORT):
    curves = vitrum.read_curves(export)
    segments = [15 + 6 * k for k in range(len(AGES))]
    samples = curves.select("seg:" + ",".join(map(str, segments)))
    r = vitrum.analyse(curves, "seg:5,9", samples)
    tf_C = np.array([c.Tf_K for c in r.curves]) - 273.15
    tf_se = np.array([c.Tf_se_K for c in r.curves])
    dH_uJ = np.array([c.dH_area_J for c in r.curves]) * 1e6
    fig, (a, b, c) = plt.subplots(1, 3, figsize=(13, 4))
    a.errorbar(AGES, tf_C, yerr=tf_se, fmt="o-", capsize=2)
    a.axhline(r.reference.Tf_K - 273.15, color="0.5", ls="--", label="unaged reference")
    a.set_xscale("log")
    a.set_xlabel("ageing time at 60 C (s)")
    a.set_ylabel("$T_f$ (C)")
    a.legend()
    b.semilogx(AGES, dH_uJ, "s-", color="C1", label="area")
    b.semilogx(AGES, np.array([c.dH_tf_J for c in r.curves]) * 1e6, "x", color="k",
               label="$\\Delta C_p (T_{f,ref} - T_f)$")
    b.set_xlabel("ageing time at 60 C (s)")
    b.set_ylabel("relaxation enthalpy $\\Delta H$ ($\\mu$J)")
    b.legend()
    for k in range(0, len(AGES), 3):
        cc = r.curves[k]
        c.plot(cc.T_K - 273.15, cc.difference_W * 1e3, label=f"{AGES[k]:g} s")
    c.set_xlim(40, 140)  # the glass transition; the rest is flat
    c.set_xlabel("T (C)")
    c.set_ylabel("sample - reference, corrected (mW)")
    c.legend(fontsize=8)
    fig.suptitle(f"PET, {os.path.basename(export)}: Tg (ISO, midpoint) of the reference "
                 f"{r.tg.midpoint_K - 273.15:.1f} C")
    fig.tight_layout()
    path = os.path.join(outdir, "pet_tf.png")
    fig.savefig(path, dpi=110)
    print(f"{path}: Tf {tf_C[0]:.2f} C after {AGES[0]} s -> {tf_C[-1]:.2f} C after "
          f"{AGES[-1]} s; dH {dH_uJ[0]:.3f} -> {dH_uJ[-1]:.3f} uJ")
    return r


if __name__ == "__main__":
    main(*sys.argv[1:])
