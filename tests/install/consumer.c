/* A program written against an installed vitrum, built with `pkg-config --cflags --libs vitrum`
 * only: the umbrella header, a model over a program, a calorimetry line, the status table. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <vitrum/vitrum.h>

int main(void) {
  vt_error err;
  vt_model *m = vt_model_create("tnm", &err);
  vt_program *p = vt_program_parse("start 450 K\nhold 10 s\n", "consumer", &err);
  vt_grid_options go = vt_grid_options_default();
  vt_grid g = {0};
  vt_trace t = {0};
  int rc = !m || !p || vt_grid_build(p, &go, &g, &err) || vt_simulate(m, &g, &t, &err);
  /* an equilibrium liquid held isothermally stays at Tf = T */
  int ok = !rc && t.n > 1 && fabs(t.Tf_K[t.n - 1] - 450.0) < 1e-9;
  double T[20], y[20];
  for (int i = 0; i < 20; i++) T[i] = 300 + i, y[i] = 1e-3 + 2e-5 * i;
  vt_cal_line line;
  ok = ok && vt_cal_fit_line(T, y, 20, 300, 319, 10, &line, &err) == VT_OK &&
       fabs(line.slope_W_per_K - 2e-5) < 1e-15;
  ok = ok && strcmp(vt_strerror(VT_EINVAL), "invalid argument") == 0;
  printf("vitrum %s from an installed prefix: %s%s\n", vt_version(), ok ? "ok" : "FAILED: ",
         ok ? "" : err.message);
  vt_trace_free(&t);
  vt_grid_free(&g);
  vt_program_free(p);
  vt_model_free(m);
  return ok ? 0 : 1;
}
