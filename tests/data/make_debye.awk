# A reference (curve 0) and a scan (curve 1) holding a Debye recovery peak (paper 004 Eq. 3:
# E = 200 kJ/mol, Q0 = 8e-4 mJ, at 100 K/s, peak near 380 K) over the same step, with a drift;
# written as a curve CSV. Used by tests/cli/test_tf.sh and python/tests/test_debye_curves.py.
BEGIN {
  print "curve,t [s],Tr [K],Ts [K],HF [mW]"
  R = 8.314462618; E = 2e5; rate = 100; lt0 = log(R * 380 ^ 2 / (E * rate)) - E / (R * 380)
  for (c = 0; c <= 1; c++) {
    x = 0
    for (i = 0; i <= 1500; i++) {
      T = 300 + 0.1 * i
      tau = exp(lt0 + E / (R * T)); if (i) x += 0.1 / (rate * tau)
      hf = 0.1 + 2e-4 * (T - 300) + 0.02 / (1 + exp(-(T - 370) / 3))
      if (c) hf += 8e-4 / tau * exp(-x) + 0.001 + 1e-5 * (T - 300)
      printf "%d,%.9g,%.1f,%.1f,%.12g\n", c, (T - 300) / rate, T, T, hf
    }
  }
}
