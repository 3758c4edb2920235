/* A two-step sweep run by run (visco.h: vt_two_step_sweep_run): the memory curves with the
 * recovery of each (T, eps1, t_w), which `vitrum strain` writes as it goes and vitrum.strain_sweep
 * gathers into arrays. */
#include <math.h>
#include <string.h>

#include "../core/internal.h"
#include "vitrum/visco.h"

/* The recovery of a (T, eps1, t_w) group; a failed run names the point. */
static int recovery(vt_model *v, const vt_two_step *s, double t_rec_s, vt_recovery_summary *rec,
                    vt_error *err) {
  vt_two_step p = *s;
  p.t2_s = t_rec_s;
  vt_error e;
  if (!vt_strain_recovery_summary(v, &p, rec, &e)) return VT_OK;
  return vt_fail(err, e.status, "eps1 = %g %%, t_w = %g s, T = %g K: recovery: %s", 100 * s->eps1,
                 s->t_w_s, s->T_K, e.message);
}

int vt_two_step_sweep_run(vt_model *v, const vt_two_step_sweep *sw, double t_rec_s,
                          vt_two_step_row_fn row, void *ctx, vt_error *err) {
  if (!v || !sw || !row) return vt_fail(err, VT_EINVAL, "vt_two_step_sweep_run: NULL argument");
  size_t runs = vt_two_step_sweep_count(sw), ne2 = sw->n_eps2 ? sw->n_eps2 : 1;
  if (!runs || (!sw->n_eps2 && !(t_rec_s > 0)))
    return vt_fail(err, VT_EINVAL, "a strain sweep needs T, eps1, t_w and eps2 (or t_rec > 0)");
  vt_recovery_summary rec;
  int rc = VT_OK;
  for (size_t k = 0; !rc && k < runs; k++) {
    vt_two_step_row r = {.run = k, .rec_first = k % ne2 == 0};
    vt_memory_curve m = {0};
    vt_two_step_sweep_point(sw, k, &r.spec, NULL);
    if (t_rec_s > 0 && r.rec_first) rc = recovery(v, &r.spec, t_rec_s, &rec, err);
    r.rec = t_rec_s > 0 ? &rec : NULL;
    vt_error e = {0};
    if (!rc && sw->n_eps2 && (rc = vt_strain_memory_point(v, &r.spec, &m, &r.skipped, &e)))
      vt_fail(err, rc, "eps1 = %g %%, eps2 = %g %%, t_w = %g s, T = %g K: %s", 100 * r.spec.eps1,
              100 * r.spec.eps2, r.spec.t_w_s, r.spec.T_K, e.message);
    r.curve = sw->n_eps2 ? &m : NULL;
    if (r.skipped) r.reason = e;
    if (!rc && (rc = row(ctx, &r)))
      vt_fail(err, rc, "the row callback stopped the sweep at run %zu", k);
    vt_memory_curve_free(&m);
  }
  return rc;
}
