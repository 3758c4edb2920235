/* Campaigns: a plain-text file of settings with units (see vitrum/md.h) expanded into quench and
 * anneal jobs, run over MPI partitions of MPI_COMM_WORLD. Each job runs on its partition's own
 * LAMMPS instance; quenches first, then (after all quenches) the anneals that read them. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../io/text_file.h"
#include "md_internal.h"

#define MAX_LIST 256

struct vt_md_campaign {
  char composition[128], potential[1024], source[1024];
  vt_md_quench_options q;
  vt_md_anneal_options a;
  double rates[MAX_LIST], temps[MAX_LIST];
  long seeds[MAX_LIST];
  size_t n_rates, n_temps, n_seeds;
  vt_md_job *jobs;
  size_t n_jobs;
  char folder[1024];
};

typedef struct cfile {
  vt_md_campaign *c;
  const char *path;
  long line;
  vt_error *err;
} cfile;

/* "10, 1, 0.1 K/ps": items without a unit take the last item's unit. */
static int parse_list(cfile *f, char *text, vt_dim dim, double *out, size_t *n) {
  char *items[MAX_LIST], *tok, *save = NULL;
  size_t k = 0;
  for (tok = strtok_r(text, ",", &save); tok && k < MAX_LIST; tok = strtok_r(NULL, ",", &save))
    items[k++] = vt_trim(tok);
  if (k == 0) return vt_fail_at(f->err, VT_EPARSE, f->line, "%s:%ld: empty list", f->path, f->line);
  char *unit = items[k - 1];
  strtod(unit, &unit);
  for (size_t i = 0; i < k; i++) {
    char buf[160], *end;
    strtod(items[i], &end);
    snprintf(buf, sizeof buf, "%s%s%s", items[i], *vt_trim(end) ? "" : " ", *end ? "" : unit);
    vt_error local;
    if (dim == VT_DIM_NONE) {
      out[i] = strtod(items[i], &end);
      if (end == items[i] || *vt_trim(end) || out[i] < 1 || out[i] != floor(out[i]))
        return vt_fail_at(f->err, VT_EPARSE, f->line, "%s:%ld: '%s': expected whole numbers >= 1",
                          f->path, f->line, items[i]);
    } else if (md_quantity(buf, dim, &out[i], &local)) {
      return vt_fail_at(f->err, local.status, f->line, "%s:%ld: %s", f->path, f->line,
                        local.message);
    }
  }
  *n = k;
  return VT_OK;
}

static int one(cfile *f, const char *text, vt_dim dim, double *out) {
  vt_error local;
  if (md_quantity(text, dim, out, &local) == VT_OK) return VT_OK;
  return vt_fail_at(f->err, local.status, f->line, "%s:%ld: %s", f->path, f->line, local.message);
}

/* "A <word> B": split at the word (" for ", " every "), both halves trimmed. */
static char *split_at(char *s, const char *word) {
  char *p = strstr(s, word);
  if (!p) return NULL;
  *p = '\0';
  return vt_trim(p + strlen(word));
}

static int lists(cfile *f, const char *key, char *v) {
  vt_md_campaign *c = f->c;
  if (strcmp(key, "rates") == 0) return parse_list(f, v, VT_DIM_RATE, c->rates, &c->n_rates);
  if (strcmp(key, "temperatures") == 0)
    return parse_list(f, v, VT_DIM_TEMPERATURE, c->temps, &c->n_temps);
  double s[MAX_LIST];
  int rc = parse_list(f, v, VT_DIM_NONE, s, &c->n_seeds);
  for (size_t i = 0; !rc && i < c->n_seeds; i++) c->seeds[i] = (long)s[i];
  return rc;
}

static int setting(cfile *f, const char *key, char *v) {
  vt_md_campaign *c = f->c;
  char *b;
  if (!strcmp(key, "rates") || !strcmp(key, "temperatures") || !strcmp(key, "seeds"))
    return lists(f, key, v);
  if (!strcmp(key, "composition")) return snprintf(c->composition, 128, "%s", v), VT_OK;
  if (!strcmp(key, "potential")) return snprintf(c->potential, 1024, "%s", v), VT_OK;
  if (!strcmp(key, "timestep")) return one(f, v, VT_DIM_TIME, &c->q.timestep_s);
  if (!strcmp(key, "checkpoint")) return one(f, v, VT_DIM_TIME, &c->q.checkpoint_s);
  if (!strcmp(key, "quench") && strncmp(v, "to ", 3) == 0)
    return one(f, v + 3, VT_DIM_TEMPERATURE, &c->q.T_end_K);
  if (!strcmp(key, "atoms")) {
    char *end;
    long atoms = strtol(v, &end, 10);
    if (end != v && !*vt_trim(end) && atoms > 0 && atoms <= INT_MAX)
      return c->q.atoms = (int)atoms, VT_OK;
    return vt_fail_at(f->err, VT_EPARSE, f->line, "%s:%ld: atoms '%s': expected a whole number",
                      f->path, f->line, v);
  }
  if (!strcmp(key, "melt") && (b = split_at(v, " for ")) != NULL)
    return one(f, v, VT_DIM_TEMPERATURE, &c->q.T_melt_K) || one(f, b, VT_DIM_TIME, &c->q.melt_s)
               ? f->err->status
               : VT_OK;
  if (!strcmp(key, "anneal") && (b = split_at(v, " every ")) != NULL)
    return one(f, v, VT_DIM_TIME, &c->a.time_s) || one(f, b, VT_DIM_TIME, &c->a.every_s)
               ? f->err->status
               : VT_OK;
  if (!strcmp(key, "minimizer")) {
    static const char *const styles[] = {"sd", "cg", "fire"};
    for (int k = 0; k < 3; k++)
      if (!strcmp(v, styles[k])) return c->a.min.style = styles[k], VT_OK;
    return vt_fail_at(f->err, VT_EPARSE, f->line, "%s:%ld: minimizer '%s': expected sd, cg or fire",
                      f->path, f->line, v);
  }
  return vt_fail_at(f->err, VT_EPARSE, f->line,
                    "%s:%ld: '%s %s': expected one of composition, atoms, potential, timestep, "
                    "'melt T for TIME', 'quench to T', rates, temperatures, seeds, 'anneal TIME "
                    "every TIME', checkpoint, minimizer",
                    f->path, f->line, key, v);
}

static int parse_text(cfile *f, char *text, size_t len) {
  char *p = text, *line;
  while ((line = vt_next_line(&p, text + len, &f->line)) != NULL) {
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    char *s = vt_trim(line), *v = s;
    if (!*s) continue;
    while (*v && !isspace((unsigned char)*v)) v++;
    if (*v) *v++ = '\0';
    v = vt_trim(v);
    if (!*v)
      return vt_fail_at(f->err, VT_EPARSE, f->line, "%s:%ld: '%s' needs a value", f->path, f->line,
                        s);
    int rc = setting(f, s, v);
    if (rc) return rc;
  }
  return VT_OK;
}

static int complete(vt_md_campaign *c, vt_error *err) {
  if (!c->n_rates || !c->n_temps || !c->n_seeds || !(c->a.time_s > 0))
    return vt_fail(err, VT_EPARSE,
                   "%s: needs 'rates', 'temperatures', 'seeds' and 'anneal TIME every TIME' lines",
                   c->source);
  if (!strcmp(c->potential, "")) snprintf(c->potential, 1024, "%s", VT_MD_DEFAULT_POTENTIAL);
  c->q.composition = c->composition, c->q.potential = c->potential;
  c->a.timestep_s = c->q.timestep_s;
  md_composition comp;
  vt_error local;
  if (md_check(c->composition, c->q.atoms, c->potential, &comp, &local))
    return vt_fail(err, local.status, "%s: %s", c->source, local.message);
  return VT_OK;
}

vt_md_campaign *vt_md_campaign_read(const char *path, vt_error *err) {
  char *text;
  size_t len;
  if (!path) return vt_fail(err, VT_EINVAL, "vt_md_campaign_read: NULL path"), NULL;
  if (vt_read_text_file(path, 1u << 20, &text, &len, err)) return NULL;
  vt_md_campaign *c = calloc(1, sizeof *c);
  if (!c) return free(text), vt_fail(err, VT_ENOMEM, "out of memory"), NULL;
  c->q = vt_md_quench_default();
  c->a = vt_md_anneal_default();
  snprintf(c->composition, sizeof c->composition, "%s", c->q.composition);
  cfile f = {c, path, 0, err};
  int rc = parse_text(&f, text, len);
  free(text);
  snprintf(c->source, sizeof c->source, "%s", path);
  if (!rc) rc = complete(c, err);
  if (rc) return free(c), NULL;
  return c;
}

void vt_md_campaign_free(vt_md_campaign *c) {
  if (c) free(c->jobs);
  free(c);
}

/* ---- Plan --------------------------------------------------------------------------------------
 */

static void job_name(char *buf, size_t size, int kind, double rate, long seed, double T) {
  if (kind == 0)
    snprintf(buf, size, "q_%gKps_s%ld", rate * 1e-12, seed);
  else
    snprintf(buf, size, "a_%gKps_s%ld_%gK", rate * 1e-12, seed, T);
}

static int exists(const char *folder, const char *name, const char *ext) {
  char path[1300];
  snprintf(path, sizeof path, "%s/%s%s", folder, name, ext);
  return access(path, F_OK) == 0;
}

static void add_job(vt_md_campaign *c, int kind, size_t r, size_t s, size_t t, int depends) {
  vt_md_job *j = &c->jobs[c->n_jobs++];
  memset(j, 0, sizeof *j);
  j->kind = kind, j->rate_K_per_s = c->rates[r], j->seed = c->seeds[s];
  j->T_K = kind ? c->temps[t] : NAN, j->depends = depends;
  job_name(j->name, sizeof j->name, kind, j->rate_K_per_s, j->seed, j->T_K);
  double steps =
      kind ? round(c->a.time_s / c->q.timestep_s)
           : round(c->q.melt_s / c->q.timestep_s) +
                 round((c->q.T_melt_K - c->q.T_end_K) / j->rate_K_per_s / c->q.timestep_s);
  j->atom_steps = steps * (double)c->q.atoms;
  j->done =
      kind ? exists(c->folder, j->name, ".csv")
           : exists(c->folder, j->name, ".restart") && exists(c->folder, j->name, ".restart.meta");
}

int vt_md_campaign_plan(vt_md_campaign *c, const char *folder, const vt_md_job **jobs, size_t *n,
                        vt_error *err) {
  if (!c || !folder || !jobs || !n) return vt_fail(err, VT_EINVAL, "campaign plan: NULL argument");
  size_t nq = c->n_rates * c->n_seeds, na = nq * c->n_temps;
  free(c->jobs);
  c->n_jobs = 0;
  if (!(c->jobs = malloc((nq + na) * sizeof *c->jobs)))
    return vt_fail(err, VT_ENOMEM, "out of memory");
  snprintf(c->folder, sizeof c->folder, "%s", folder);
  for (size_t r = 0; r < c->n_rates; r++)
    for (size_t s = 0; s < c->n_seeds; s++) add_job(c, 0, r, s, 0, -1);
  for (size_t r = 0; r < c->n_rates; r++)
    for (size_t s = 0; s < c->n_seeds; s++)
      for (size_t t = 0; t < c->n_temps; t++) add_job(c, 1, r, s, t, (int)(r * c->n_seeds + s));
  *jobs = c->jobs, *n = c->n_jobs;
  return VT_OK;
}

vt_md_campaign_options vt_md_campaign_default(void) {
  return (vt_md_campaign_options){1, NULL, NULL};
}

/* ---- Run ---------------------------------------------------------------------------------------
 */

int vt_md_check_ranks_per_job(int rpj, vt_error *err) {
  int size = vt_md_world_size();
  if (rpj < 1) return vt_fail(err, VT_ERANGE, "--ranks-per-job %d: expected 1 or more", rpj);
  if (rpj <= size && size % rpj == 0) return VT_OK;
  return vt_fail(err, VT_ERANGE,
                 "--ranks-per-job %d: %s the %d rank%s this run was started with (mpirun -np N)",
                 rpj, rpj > size ? "more ranks per job than" : "not a divisor of", size,
                 size > 1 ? "s" : "");
}

static int partitions(int rpj, MPI_Comm *part, int *color, int *count, vt_error *err) {
  int size = vt_md_world_size(), rank = vt_md_world_rank();
  int rc = vt_md_check_ranks_per_job(rpj, err);
  if (rc) return rc;
  *color = rank / rpj, *count = size / rpj;
  MPI_Comm_split(MPI_COMM_WORLD, *color, rank, part);
  return VT_OK;
}

static int run_job(vt_md_campaign *c, const vt_md_job *j, MPI_Comm comm, vt_error *err) {
  char out[1300], log[1300], quench[1300];
  vt_md_result res;
  int rc = md_check_seed(j->seed, err);
  if (rc) return rc;
  if (j->kind == 0) {
    vt_md_quench_options q = c->q;
    q.rate_K_per_s = j->rate_K_per_s, q.seed = (int)j->seed;
    snprintf(out, sizeof out, "%s/%s.restart", c->folder, j->name);
    snprintf(log, sizeof log, "%s/%s.log", c->folder, j->name);
    return md_quench_on(&q, out, log, comm, &res, err);
  }
  vt_md_anneal_options a = c->a;
  a.T_K = j->T_K, a.seed = (int)j->seed;
  snprintf(out, sizeof out, "%s/%s.csv", c->folder, j->name);
  snprintf(log, sizeof log, "%s/%s.log", c->folder, j->name);
  snprintf(quench, sizeof quench, "%s/%s.restart", c->folder, c->jobs[j->depends].name);
  return md_anneal_on(&a, quench, j->name, out, log, comm, &res, err);
}

/* One phase (quenches or anneals): job i of the phase on partition i mod count. */
static int run_phase(vt_md_campaign *c, int kind, MPI_Comm part, int color, int count,
                     const vt_md_campaign_options *o, size_t *finished, vt_error *err) {
  int rc = VT_OK;
  size_t i = 0;
  for (size_t k = 0; k < c->n_jobs && !rc; k++) {
    if (c->jobs[k].kind != kind) continue;
    if ((int)(i++ % (size_t)count) != color || c->jobs[k].done) continue;
    rc = run_job(c, &c->jobs[k], part, err);
    (*finished)++;
    if (!rc && o->job_done && vt_md_world_rank() == 0)
      o->job_done(o->ctx, *finished * (size_t)count, c->n_jobs);
  }
  return md_agree(rc, err, MPI_COMM_WORLD);
}

int vt_md_campaign_run(vt_md_campaign *c, const char *folder, const vt_md_campaign_options *opts,
                       vt_error *err) {
  vt_md_campaign_options o = opts ? *opts : vt_md_campaign_default();
  const vt_md_job *jobs;
  size_t n, finished = 0;
  MPI_Comm part;
  int color = 0, count = 1, rc = vt_md_campaign_plan(c, folder, &jobs, &n, err);
  if (rc || (rc = partitions(o.ranks_per_job, &part, &color, &count, err))) return rc;
  if (vt_md_world_rank() == 0 && mkdir(folder, 0777) != 0 && errno != EEXIST)
    rc = vt_fail(err, VT_EIO, "cannot create %s: %s", folder, strerror(errno));
  if (!(rc = md_agree(rc, err, MPI_COMM_WORLD)))
    rc = run_phase(c, 0, part, color, count, &o, &finished, err);
  if (!rc) rc = run_phase(c, 1, part, color, count, &o, &finished, err);
  MPI_Comm_free(&part);
  return rc;
}

int vt_md_measure_cost(const vt_md_campaign *c, int ranks_per_job, double *s_per_atom_step,
                       vt_error *err) {
  MPI_Comm part;
  int color = 0, count = 1, rc = partitions(ranks_per_job, &part, &color, &count, err);
  if (rc) return rc;
  md_composition comp;
  md_lmp s;
  double t = 0.0;
  const long steps = 200;
  if (!(rc = md_check(c->composition, c->q.atoms, c->potential, &comp, err)) &&
      !(rc = md_open(&s, part, NULL, 0, err))) {
    md_preamble(&s, c->q.timestep_s);
    md_build_random(&s, &comp, 4242);
    md_cmd(&s, "velocity all create %.17g 1 loop geom", c->q.T_melt_K);
    md_cmd(&s, "fix melt all npt temp %.17g %.17g 0.1 iso 0 0 1.0", c->q.T_melt_K, c->q.T_melt_K);
    md_cmd(&s, "thermo %ld", steps);
    rc = md_run(&s, steps, NULL, &t, err);
    md_close(&s);
    *s_per_atom_step = t / (double)(steps * comp.atoms);
  }
  MPI_Comm_free(&part);
  return rc;
}

int vt_md_plan_estimate(const vt_md_job *jobs, size_t n, int rpj, double cost, vt_md_estimate *e,
                        vt_error *err) {
  if (e) memset(e, 0, sizeof *e);
  if (!jobs || !e) return vt_fail(err, VT_EINVAL, "vt_md_plan_estimate: NULL jobs or estimate");
  if (rpj < 1) return vt_fail(err, VT_ERANGE, "ranks per job %d: expected >= 1", rpj);
  e->jobs = n;
  for (size_t i = 0; i < n; i++) {
    e->atom_steps += jobs[i].atom_steps;
    if (!jobs[i].done) e->atom_steps_left += jobs[i].atom_steps, e->todo++;
  }
  e->s_per_atom_step = cost > 0 ? cost : VT_MD_ASSUMED_S_PER_ATOM_STEP / rpj;
  e->partitions = vt_md_world_size() / rpj;
  e->hours =
      e->atom_steps_left * e->s_per_atom_step / 3600.0 / (e->partitions > 0 ? e->partitions : 1);
  return VT_OK;
}
