/* The long-format tables and summaries of a series of X-ray patterns (paper 001), as vitrum pdf
 * writes them (report.h): Q in 1/A, r in A, G(r) in 1/A^2. */
#include <math.h>

#include "report_internal.h"
#include "vitrum/report.h"

static int check(const void *f, FILE *fp, const char *fn, vt_error *err) {
  return f && fp ? VT_OK : vt_fail(err, VT_EINVAL, "%s: NULL frames or file", fn);
}

static void table_header(FILE *fp) {
  fputs("frame,time_s,Q_min_inv_A,Q_max_inv_A,norm_factor,S_mean_norm,peak_r_A,peak_G_inv_A2,"
        "FWHM_A,r_half_lo_A,r_half_hi_A,area_inv_A",
        fp);
  for (int k = 1; k <= 2; k++)
    fprintf(fp,
            ",sub%d_r_A,sub%d_se_r_A,sub%d_FWHM_A,sub%d_se_FWHM_A,sub%d_area_inv_A,"
            "sub%d_se_area_inv_A",
            k, k, k, k, k, k);
  fputs(",split_rms_inv_A2,split_r2,source\n", fp);
}

int vt_pdf_peaks_write_csv(const vt_pdf_frame *frames, size_t n, FILE *fp, vt_error *err) {
  int rc = check(frames, fp, "vt_pdf_peaks_write_csv", err);
  if (rc) return rc;
  table_header(fp);
  for (size_t i = 0; i < n; i++) {
    const vt_pdf_frame *f = &frames[i];
    const vt_first_peak *p = &f->res.peak;
    fprintf(fp, "%zu,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g", i, f->time_s,
            f->res.sq.Q_inv_A[0], f->res.sq.Q_inv_A[f->res.sq.n - 1], f->res.sq.norm_factor,
            f->res.sq.S_mean_norm, p->r_A, p->G_inv_A2, p->fwhm_A, p->r_half_lo_A, p->r_half_hi_A,
            p->area);
    for (int k = 0; k < 2; k++) {
      const vt_gauss_peak *g = &p->sub[k];
      if (p->split)
        fprintf(fp, ",%.9g,%.9g,%.9g,%.9g,%.9g,%.9g", g->r_A, g->se_r_A, g->fwhm_A, g->se_fwhm_A,
                g->area, g->se_area);
      else
        fputs(",nan,nan,nan,nan,nan,nan", fp);
    }
    fprintf(fp, ",%.9g,%.9g,", p->split ? p->rms_residual : NAN, p->split ? p->r2 : NAN);
    vt_csv_write_text(fp, f->source ? f->source : "");
    fputc('\n', fp);
  }
  return vt_report_done(fp, err);
}

int vt_pdf_sq_write_csv(const vt_pdf_frame *f, size_t n, FILE *fp, vt_error *err) {
  int rc = check(f, fp, "vt_pdf_sq_write_csv", err);
  if (rc) return rc;
  fputs("frame,time_s,Q_inv_A,I_coh_per_atom,S,F_inv_A\n", fp);
  for (size_t i = 0; i < n; i++) {
    const vt_sq *q = &f[i].res.sq;
    for (size_t k = 0; k < q->n; k++)
      fprintf(fp, "%zu,%.9g,%.9g,%.9g,%.9g,%.9g\n", i, f[i].time_s, q->Q_inv_A[k], q->I_coh[k],
              q->S[k], q->F_inv_A[k]);
  }
  return vt_report_done(fp, err);
}

int vt_pdf_gr_write_csv(const vt_pdf_frame *f, size_t n, const double *r_A, FILE *fp,
                        vt_error *err) {
  int rc = check(r_A ? f : NULL, fp, "vt_pdf_gr_write_csv", err);
  if (rc) return rc;
  fputs("frame,time_s,r_A,G_inv_A2\n", fp);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < f[i].res.n_r; j++)
      fprintf(fp, "%zu,%.9g,%.9g,%.9g\n", i, f[i].time_s, r_A[j], f[i].res.G_inv_A2[j]);
  return vt_report_done(fp, err);
}

/* ---- summaries ------------------------------------------------------------------------------- */

int vt_pdf_weights_write_summary(const vt_composition *c, FILE *fp, vt_error *err) {
  if (!c || !fp) return vt_fail(err, VT_EINVAL, "vt_pdf_weights_write_summary: NULL argument");
  vt_pdf_pair pairs[VT_PDF_MAX_PAIRS];
  size_t n = 0;
  char comp[256];
  double fm = 0.0;
  int rc = vt_pdf_weights(c, NULL, pairs, &n, err);
  if (!rc) rc = vt_xray_averages(c, 0.0, &fm, NULL, NULL, err);
  if (rc) return rc;
  fprintf(fp, "%s, <f(0)> = %.4g e; weights w_ij:", vt_composition_format(c, comp, sizeof comp),
          fm);
  for (size_t k = 0; k < n; k++)
    fprintf(fp, "%s %s-%s %.3f", k ? "," : "", c->symbol[pairs[k].i], c->symbol[pairs[k].j],
            pairs[k].weight);
  fputc('\n', fp);
  return vt_report_done(fp, err);
}

int vt_pdf_frame_write_summary(size_t i, const vt_pdf_frame *f, FILE *fp, vt_error *err) {
  int rc = check(f, fp, "vt_pdf_frame_write_summary", err);
  if (rc) return rc;
  const vt_first_peak *p = &f->res.peak;
  fprintf(fp,
          "frame %zu: Q %.4g-%.4g 1/A, alpha %.6g, <S> = %.4f over %.4g-%.4g 1/A; "
          "first peak %.4f A, FWHM %.4f A",
          i, f->res.sq.Q_inv_A[0], f->res.sq.Q_inv_A[f->res.sq.n - 1], f->res.sq.norm_factor,
          f->res.sq.S_mean_norm, f->res.sq.norm_Q_lo_inv_A, f->res.sq.norm_Q_hi_inv_A, p->r_A,
          p->fwhm_A);
  if (p->split)
    fprintf(fp, "; sub-peaks %.4f A (FWHM %.4f) and %.4f A (FWHM %.4f), areas %.4g : %.4g",
            p->sub[0].r_A, p->sub[0].fwhm_A, p->sub[1].r_A, p->sub[1].fwhm_A, p->sub[0].area,
            p->sub[1].area);
  fputc('\n', fp);
  return vt_report_done(fp, err);
}

int vt_pdf_series_write_summary(const vt_pdf_frame *f, size_t n, FILE *fp, vt_error *err) {
  int rc = check(f, fp, "vt_pdf_series_write_summary", err);
  if (rc) return rc;
  double lo = INFINITY, hi = -INFINITY, wlo = INFINITY, whi = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    lo = fmin(lo, f[i].res.peak.r_A);
    hi = fmax(hi, f[i].res.peak.r_A);
    wlo = fmin(wlo, f[i].res.peak.fwhm_A);
    whi = fmax(whi, f[i].res.peak.fwhm_A);
  }
  fprintf(fp, "%zu patterns: first peak %.4f to %.4f A, FWHM %.4f to %.4f A\n", n, lo, hi, wlo,
          whi);
  return vt_report_done(fp, err);
}

int vt_pdf_write_summary(const vt_composition *c, const vt_pdf_frame *f, size_t n,
                         const char *prefix, FILE *fp, vt_error *err) {
  if (!c || !fp || (n && !f)) return vt_fail(err, VT_EINVAL, "vt_pdf_write_summary: NULL argument");
  if (!prefix) prefix = "";
  fputs(prefix, fp);
  int rc = vt_pdf_weights_write_summary(c, fp, err);
  for (size_t i = 0; !rc && i < n && n <= VT_PDF_SUMMARY_FRAMES; i++) {
    fputs(prefix, fp);
    rc = vt_pdf_frame_write_summary(i, &f[i], fp, err);
  }
  if (rc || n <= 1) return rc;
  fputs(prefix, fp);
  return vt_pdf_series_write_summary(f, n, fp, err);
}
