/* vitrum io: writing results. Files are written to a temporary name beside the target and
 * renamed into place, so a failed run never leaves a half-written file. */
#ifndef VITRUM_IO_H
#define VITRUM_IO_H

#include <stdio.h>

#include "core.h"
#include "model.h"
#include "pel.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An output file in the making, written to "<path>.tmp.XXXXXX" and renamed into place on
 * commit. `path` "-" means standard output (written directly). Only regular files are written:
 * a device, FIFO, directory or socket is refused; a symlink is followed and its target
 * replaced; the file keeps the mode an existing target had, else gets 0666 less the umask (read
 * with umask(2), so open outputs from one thread); two outputs open at once on one file are
 * refused. */
typedef struct vt_outfile {
  FILE *fp;
  char *path;     /* the file that will be replaced (a symlink's target) */
  char *tmp_path; /* NULL for standard output */
  int slot;       /* 1-based entry in the list of live outputs; 0 for none */
} vt_outfile;

VT_API int vt_outfile_open(vt_outfile *out, const char *path, vt_error *err);
/* Flush, close and rename into place; on failure the temporary file is removed. The message
 * names the path and the system's reason (a full disk, a lost directory). */
VT_API int vt_outfile_commit(vt_outfile *out, vt_error *err);
/* Close and remove the temporary file (safe after a failed commit, and on a zeroed struct). */
VT_API void vt_outfile_abort(vt_outfile *out);
/* The run guard of a command-line program: while on, an output that is a file read earlier in
 * this process (vt_outfile_note_input; the library's readers note theirs) or written earlier is
 * refused with a message, instead of replacing an input or losing an output. Off by default: a
 * program or notebook may well rewrite a file it read. Turning it on forgets what was seen. */
VT_API void vt_outfile_guard(int on);
VT_API void vt_outfile_note_input(const char *path);
/* Remove the temporary file of every output still open in this process. Async-signal-safe:
 * for a SIGINT/SIGTERM/SIGHUP handler, so an interrupted run leaves no temporaries. */
VT_API void vt_outfile_remove_all(void);

/* An output set: the files of one run, committed all or none (a command's -o, --summary and
 * plot data together, so a failure or a signal never leaves one of them new and one old).
 * - A zeroed struct is an empty set ({0}); vt_outset_open adds a file as vt_outfile_open does
 *   and gives its stream in *fp (owned by the set: do not fclose it). "-" is standard output,
 *   written directly and not part of the all-or-none (it cannot be taken back). On failure *fp
 *   is NULL, the set is as it was, and the caller usually aborts it.
 * - vt_outset_commit closes every file first (a full disk or a failed write shows here, before
 *   anything is replaced), then keeps each old target under a hard link "<path>.bak.PID.N" and
 *   renames every temporary into place. If a rename fails, the files already renamed are put
 *   back (the old file from its link, a new one removed), so every target has its old content,
 *   and no temporary or backup is left; the message names the path and the system's reason.
 *   On success the backups are removed. The set is empty afterwards either way. SIGINT, SIGTERM
 *   and SIGHUP are blocked in the calling thread while it renames. Targets must be on a file
 *   system with hard links (a failed link is a failed commit, before any rename).
 * - vt_outset_abort closes and removes every temporary; safe on a zeroed set, after a commit
 *   and after a failed one. vt_outfile_remove_all covers set members (and, in a handler running
 *   during a commit in another thread, restores what was renamed). A process killed with
 *   SIGKILL during a commit may leave a "<path>.bak.PID.N" link: it is the old file. */
#define VT_OUTSET_MAX 16
typedef struct vt_outset {
  vt_outfile file[VT_OUTSET_MAX];
  int n; /* files in the set */
} vt_outset;

VT_API int vt_outset_open(vt_outset *set, const char *path, FILE **fp, vt_error *err);
VT_API int vt_outset_commit(vt_outset *set, vt_error *err);
VT_API void vt_outset_abort(vt_outset *set);

/* A text field of a CSV row, quoted (with doubled quotes) when it holds a comma, a quote or a
 * line break. */
VT_API void vt_csv_write_text(FILE *fp, const char *text);

/* CSV of a trace: header "time_s,T_K,Tf_K,dH_J_per_mol,Cp_N,segment,t_seg_s"; Cp_N is "nan"
 * outside ramps. `only_requested` keeps the rows asked for through the grid options. */
VT_API int vt_trace_write_csv(const vt_trace *trace, FILE *fp, int only_requested, vt_error *err);
/* The same, a row at a time (for vt_simulate_stream): the header line, then one line per row.
 * Both return VT_OK or VT_EIO. */
VT_API int vt_trace_csv_header(FILE *fp);
VT_API int vt_trace_row_write_csv(const vt_trace_row *row, FILE *fp);

/* The rows of vt_simulate_stream written by a second thread while the caller computes the next
 * ones (to one or two files, e.g. the -o file and a plot's data), so output costs little wall
 * time; at most 8000 rows (0.64 MB) wait at a time. vt_csv_stream_row is a vt_row_callback
 * (pass the stream as `user`); it returns VT_EIO once a write has failed. Close waits for the
 * writer (it does not write the header; call vt_trace_csv_header first) and reports a write
 * failure; it also cleans up after a failed run. The caller owns and closes the files. */
typedef struct vt_csv_stream vt_csv_stream;
VT_API vt_csv_stream *vt_csv_stream_open(FILE *const *fps, size_t n_fp, int only_requested,
                                         vt_error *err);
VT_API int vt_csv_stream_row(const vt_trace_row *row, void *stream, vt_error *err);
VT_API int vt_csv_stream_close(vt_csv_stream *stream, vt_error *err);
/* A program's rows (vt_simulate_stream) straight to CSV, as `vitrum simulate` writes them: the
 * header, then every row (only those asked for when the grid options ask for times or
 * temperatures) to each of fps[0..n_fp), written by a vt_csv_stream while the model computes,
 * so memory stays at the model's state for any program length. *nodes and *last (each may be
 * NULL) receive the count of rows computed and the last one, also after an error (0 rows: the
 * program or the grid options were refused). The caller owns and closes the files. */
VT_API int vt_simulate_write_csv(vt_model *model, const vt_program *prog,
                                 const vt_grid_options *opts, FILE *const *fps, size_t n_fp,
                                 size_t *nodes, vt_trace_row *last, vt_error *err);

/* ---- Energy-landscape files (paper 003; eV per atom and eV/s, as vitrum writes them) ---- */

/* The map: E_IS_eV,T_K,rate_eV_per_s,log10_abs_rate,sign, a blank line after each E_IS row
 * (gnuplot's grid layout); with a pel model (may be NULL) also <E_A> and <E_R> at each point
 * (EA_eV,ER_eV). VT_EIO when a write fails. */
VT_API int vt_rate_map_write_csv(const vt_rate_map *map, vt_model *pel, FILE *fp, vt_error *err);
/* The lines: E_IS_eV,T_max_K,rate_max_eV_per_s,T_boundary_K; with `model` (may be NULL, the
 * same rows) also model_T_max_K,model_T_boundary_K. */
VT_API int vt_rate_lines_write_csv(const vt_rate_lines *lines, const vt_rate_lines *model, FILE *fp,
                                   vt_error *err);
/* Mined entries: raw ones with the set they came from (curve,source,T_K,E_IS_eV,
 * rate_eV_per_s), or averaged ones with set NULL (T_K,E_IS_eV,rate_eV_per_s,count). */
VT_API int vt_age_entries_write_csv(const vt_age_entries *entries, const vt_eis_set *set, FILE *fp,
                                    vt_error *err);
/* The summary `vitrum agemap` prints, each line beginning with `prefix` (NULL: none): curves
 * (set), raw and averaged entry counts, the spline's lambda and transform (opts); where the
 * maximum-rate line runs (its first and last rows with a maximum: T and E_IS in eV) or that the
 * map has none; with `model` (may be NULL; the same rows, vt_pel_map_lines) how far its maxima
 * lie from the map's (vt_rate_lines_compare: the largest and median |dT| in K over the rows with
 * both), or that no row has both. VT_EIO when the stream fails. */
VT_API int vt_agemap_write_summary(const vt_eis_set *set, const vt_age_entries *raw,
                                   const vt_age_entries *avg, const vt_agemap_options *opts,
                                   const vt_rate_lines *lines, const vt_rate_lines *model,
                                   const char *prefix, FILE *fp, vt_error *err);

/* A pel trace with its E_IS and rate (vt_pel_trace_energy): time_s,T_K,E_IS_eV,rate_eV_per_s,
 * Tf_K,H_conf_J_per_mol,segment,t_seg_s. `only_requested` keeps the rows asked for. */
VT_API int vt_pel_trace_write_csv(const vt_trace *trace, const double *E_IS, const double *rate,
                                  int only_requested, FILE *fp, vt_error *err);
/* The heating rows of a scan (from scan->first): cool_rate_K_per_s,T_K,time_s,E_IS_eV,
 * rate_eV_per_s,Tf_K (time_s: since the heating began); with `header` the header line first. */
VT_API int vt_pel_scan_write_csv(const vt_pel_scan *scan, int header, FILE *fp, vt_error *err);
/* The glass and the exotherm of a scan (its arrays are not read: a scan freed of them will do):
 * cool_rate_K_per_s,E_IS_glass_eV,Tf_glass_K,T_exo_K,rate_exo_eV_per_s; with `header` the
 * header line first. */
VT_API int vt_pel_glass_write_csv(const vt_pel_scan *scan, int header, FILE *fp, vt_error *err);
/* Summaries for people, each line beginning with `prefix` (NULL: none). A map: its size and
 * ranges, the decades of |rate| it spans; with a maximum ageing rate on some row, the first
 * and last row's T_max (eV/s) and boundary. */
VT_API int vt_rate_map_write_summary(const vt_rate_map *map, const vt_rate_lines *lines,
                                     const char *prefix, FILE *fp, vt_error *err);
/* A pel trace with its E_IS and rate (vt_pel_trace_energy): the nodes and the final E_IS
 * (eV/atom), Tf and dE_IS/dt (eV/s), one line. */
VT_API int vt_pel_trace_write_summary(const vt_trace *trace, const double *E_IS, const double *rate,
                                      const char *prefix, FILE *fp, vt_error *err);

/* printf("%.*g", digits, v) for digits in 1..17: the same text for every double (and "nan" for
 * every NaN), over 10x faster up to 12 digits (13-17 call snprintf). `buf` needs 25 bytes (those
 * after the NUL may be overwritten). Returns the length. */
VT_API size_t vt_format_g(char *buf, double v, int digits);

#ifdef __cplusplus
}
#endif

#endif
