"""Every public function of libvitrum (the VT_API declarations of include/vitrum/*.h) has a
Python route: it is called by the extension (python/src) or listed below with the reason it is
not. The list is checked both ways: a name bound later must leave it, and no name may be
listed that the headers no longer declare."""
import glob
import os
import re

from conftest import SOURCE_DIR


def _names(text):
    return text.split()


# name -> why Python does not call it; grouped by reason.
EXCLUDED = {}


def _group(reason, names):
    for n in _names(names):
        assert n not in EXCLUDED, f"{n} listed twice"
        EXCLUDED[n] = reason


# Writers of the CLI's CSV and text files (report.h, io.h): Python returns numpy arrays and
# numbers (numpy.savetxt / csv write them); the tests compare those numbers with these files.
_group("writer of the CLI's files", """
    vt_outfile_open vt_outfile_commit vt_outfile_abort vt_outfile_guard vt_outfile_note_input
    vt_outfile_remove_all vt_outset_open vt_outset_commit vt_outset_abort vt_csv_write_text
    vt_trace_write_csv vt_trace_csv_header vt_trace_row_write_csv vt_csv_stream_open
    vt_csv_stream_row vt_csv_stream_close vt_simulate_write_csv vt_rate_map_write_csv
    vt_rate_lines_write_csv
    vt_age_entries_write_csv vt_pel_trace_write_csv vt_pel_scan_write_csv vt_pel_glass_write_csv
    vt_format_g vt_curve_set_write_csv vt_curve_set_write_summary vt_cal_peaks_write_csv
    vt_cal_differences_write_csv vt_cal_tf_write_summary vt_cal_tf_write_warnings
    vt_cal_tf_write_csv vt_kww_fit_write_csv vt_recovery_fit_write_csv vt_kww_fitted_write_csv
    vt_kww_taus_write_csv vt_arrhenius_windows_write_csv vt_tp_tau_fit_write_csv
    vt_tp_tau_points_write_csv vt_tp_tau_fit_write_summary vt_kww_fit_write_summary
    vt_recovery_fit_write_summary vt_arrhenius_kww_write_summary vt_debye_row_write_csv
    vt_debye_table_write_csv vt_debye_fitted_write_csv vt_debye_fit_write_summary
    vt_debye_batch_write_summary vt_debye_batch_write_failures
    vt_relaxation_classes_write_summary vt_kissinger_write_csv vt_eyring_write_csv
    vt_rate_points_write_csv vt_kissinger_write_summary vt_eyring_write_summary
    vt_rate_fit_write_csv vt_rate_fit_write_summary
    vt_loss_fit_write_csv vt_loss_fitted_write_csv vt_loss_peak_write_summary
    vt_loss_fit_write_summary vt_loss_peak_write_note vt_loss_analysis_write_summary
    vt_dsc_traces_write_csv
    vt_dsc_peak_write_summary
    vt_dsc_anneal_csv_header vt_dsc_anneal_write_csv vt_dsc_peak_curve_csv_header
    vt_dsc_peak_curve_write_csv vt_kovacs_curves_write_csv vt_kovacs_peaks_write_csv
    vt_path_match_csv_header vt_path_match_write_csv vt_rate_map_write_summary
    vt_pel_trace_write_summary vt_pdf_peaks_write_csv vt_pdf_sq_write_csv
    vt_pdf_gr_write_csv vt_pdf_weights_write_summary vt_pdf_frame_write_summary
    vt_pdf_series_write_summary vt_pdf_write_summary vt_pdf_weights_write_csv
    vt_strain_trace_write_csv
    vt_fit_curves_write_csv vt_fit_lines_write_csv vt_fit_points_write_csv
    vt_fit_predicted_write_csv vt_fit_values_write_csv vt_fit_write_summary
    vt_two_step_curve_csv_header vt_two_step_curve_write_csv vt_two_step_row_csv_header
    vt_two_step_row_write_csv
""")

# The same for the commands of papers 001 and 003 (vitrum md's summary, plan and estimate; vitrum
# kww's, strain's and agemap's summaries): Python returns the numbers they print.
_group("writer of the CLI's files", """
    vt_md_result_write_summary vt_md_plan_write_csv vt_md_estimate_write_summary
    vt_agemap_write_summary vt_strain_trace_write_summary
""")

# Presentation helpers of those writers and of the CLI's dispatch and plots (the decades of a
# map's picture, the rows a plot labels).
_group("display or dispatch helper of the CLI (labels, units shown, command of a model)", """
    vt_cal_curve_label vt_relax_series_show vt_dsc_sample_mol
    vt_model_drive_by_name vt_rate_map_log_range vt_rate_lines_span
""")

# Errors and cancellation are Python's: exceptions carry the message and status, vitrum.cancel()
# sets the flag and the binding clears it between calls; units go through vt_parse_quantity and
# vt_from_si (vitrum.quantity, vitrum.to_unit, vitrum.units.DIMENSIONS from vt_dim_units).
_group("core plumbing done the Python way", """
    vt_error_clear vt_cancel_requested vt_unit_lookup
""")

# Reached through a bound call that runs the same code: vt_read_curves picks the Mettler or the
# CSV reader; vt_pel_load_table is vt_read_pel_table + vt_pel_set_table (Model.pel_table);
# vt_model_params is the table vt_model_params_by_name gives (Model.params); vt_tps_fit is
# vt_tps_fit_opts with the dense method (ThinPlateSpline(method='dense')); vt_kovacs_sweep runs
# vt_kovacs_run per point; vt_read_relax_series is vt_read_dma_csv + vt_relax_series_from_dma;
# vt_pdf_analyse is vt_pdf_sq + vt_pdf_transform + vt_pdf_first_peak, which vitrum.pdf calls;
# vt_loss_fit_maxima runs vt_loss_peak_max per term (loss_fit's T_max_K, loss_max_Pa);
# vt_agemap_compute averages the slope entries (vt_age_entries_average; pel.agemap's second)
# and finds its map's lines (vt_rate_map_lines);
# vt_fit_scans_prepare (fit_scans) is vt_fit_scans_histories + vt_fit_data_from_scans +
# vt_fit_scans_source_lines + vt_fit_scans_quench;
# vt_rate_fit_points (kissinger, eyring) is vt_kissinger_fit or vt_eyring_fit + its line
# (vt_kissinger_line, vt_eyring_line) + vt_rate_span_of;
# Program(segments=...) and StrainProgram write program text for vt_program_parse /
# vt_strain_program_parse (StrainProgram.read reads the file for it), the builders' route;
# vt_pel_map_run (pel.rate_map) is vt_pel_map_compute over its options' ranges;
# vt_dsc_sweep_run (dsc_map) builds each point's program with vt_dsc_anneal_program;
# pathmatch returns each rate's Result from vt_path_match_peaks, what vt_path_sweep_run (the
# CLI's one pass with one reference scan, writing rows as they come) runs per rate;
# vt_pel_scan_run (pel.scan) runs its program through vt_pel_program_run (simulate and
# trace_energy are that pipeline's two bound steps).
_group("reached through a bound call", """
    vt_read_mettler vt_read_curve_csv vt_pel_load_table vt_model_params vt_tps_fit vt_kovacs_run
    vt_relax_series_from_dma vt_pdf_analyse vt_pdf_result_free vt_age_entries_average
    vt_loss_peak_max vt_rate_map_lines vt_debye_summarise vt_loss_guess vt_loss_fit_run
    vt_loss_fit_maxima
    vt_kissinger_fit vt_eyring_fit vt_kissinger_line vt_eyring_line vt_rate_span_of
    vt_fit_scans_histories vt_fit_data_from_scans vt_fit_scans_source_lines vt_fit_scans_quench
    vt_program_jump vt_program_create vt_program_ramp vt_program_hold vt_strain_program_read
    vt_pel_map_compute vt_dsc_anneal_program vt_path_sweep_run vt_pel_program_run
    vt_strain_program_create vt_strain_program_ramp vt_strain_program_hold
    vt_strain_program_jump vt_strain_program_recover
""")

# vitrum.fits.fitted_lines binds vt_fit_lines_make, which groups the data into protocols
# (vt_fit_protocols) and builds each protocol's line (vt_fit_protocol_lines).
_group("reached through a bound call", """
    vt_fit_protocols vt_fit_protocol_lines
""")

# vt_two_step_sweep_run (strain_sweep) runs vt_two_step_sweep_point, vt_strain_memory_point and
# vt_strain_recovery_summary for every run.
_group("reached through a bound call", """
    vt_two_step_sweep_point vt_strain_memory_point vt_strain_recovery_summary
""")
# vt_relax_fit_file (kww_file) and vt_relax_curves_read (read_relax_curves) check the options
# and translate them into the reader's and the fitter's with these.
_group("reached through a bound call", """
    vt_relax_fit_check vt_relax_fit_series_options vt_relax_fit_kww_options
""")
# Campaign.run and measure_cost (vt_md_campaign_run, vt_md_measure_cost) check the ranks per job
# with it first.
_group("reached through a bound call", """
    vt_md_check_ranks_per_job
""")

# The stages of vt_cal_run_file (which fit_scans calls): the CLI calls them apart to tell a bad
# file (exit 1) from a bad selection (exit 2); vt_cal_sample_mass is the arithmetic of the CLI's
# --mass / --melt-enthalpy (m = dH / dh), where Python callers pass a mass (debye_curves' mass).
_group("stage or option arithmetic of the CLI, reached whole through a bound call", """
    vt_cal_run_read vt_cal_run_select vt_cal_run_analyse vt_cal_sample_mass
""")

# kissinger/eyring --curves: a run's points for the rate fits; Python's analyse() returns each
# curve's rate_K_per_s, peak.x_peak and resolved, which kissinger()/eyring() take as arrays.
_group("the CLI's points of a run, whose numbers analyse() returns", """
    vt_cal_run_rate_peaks
""")

# The words of a bad (rate, Tp) point for the table reader's and the CLI's --rates/--Tp
# messages; Python's kissinger()/eyring() get the fits' own check, which names the point.
_group("message words of the CLI's and the readers' per-point checks", """
    vt_rate_point_problem
""")

# Command-line text of a fit's setup: Python passes the same as a list and a dict
# (fit_model(free=['A', 'dh'], bounds={'dh': ('100 kJ/mol', '250 kJ/mol')}), loss_fit's terms as
# (kind, Tp, E) tuples), checked by the library in vt_fit_run / vt_loss_fit_run.
_group("CLI text of a setup Python passes as lists and dicts", """
    vt_fit_params_add vt_fit_params_bound vt_fit_params_use vt_loss_start_parse
""")

# Generic tables: numpy / csv read any table; each data set vitrum reads has its bound reader
# (the _from_table variants are those readers on a table already read).
_group("generic table reader (numpy reads tables)", """
    vt_rate_peaks_from_table vt_loss_sweep_from_table vt_heat_flow_scans_from_table
    vt_table_opts_default vt_table_read vt_table_parse vt_table_free vt_table_column
    vt_table_match vt_table_find vt_table_pick vt_table_column_si vt_table_groups
""")

# Option tables (options.h): the binding walks every row of the grid and DSC tables by its name
# (vtpy_grid_options, vtpy_dsc_options), so needs no lookup; the MD-unit parser variant serves
# the CLI's vitrum md; lists in Python are sequences, and vitrum.units.quantities reads a list
# string ('0.1, 1, 10 s', the same last-unit rule) item by item through vt_parse_quantity.
_group("option-table piece the binding needs not (it walks the rows; lists are sequences)", """
    vt_option_find vt_option_set_text_with vt_parse_quantity_list
""")

# vitrum pathmatch's --T-s, --T-a, --phi: Python's pathmatch(model, T_s, T_a, phi) takes them as
# arguments (phi a sequence) and runs each rate through vt_path_match_peaks.
_group("the CLI's rows of arguments Python's pathmatch takes directly", """
    vt_path_sweep_option_table
""")

# Not bound yet: pieces Python reaches only in part, or not. Issue 14's report lists them.
_group("NOT BOUND YET", """
    vt_cal_curve_age vt_fit_data_check
    vt_strain_recovery_run vt_recovery_curve_free
""")


def public_functions():
    names = {}
    for h in sorted(glob.glob(os.path.join(SOURCE_DIR, "include", "vitrum", "*.h"))):
        text = re.sub(r"/\*.*?\*/", "", open(h).read(), flags=re.S)
        for m in re.finditer(r"VT_API\b[^;{]*?\b(vt_\w+)\s*\(", text):
            names[m.group(1)] = os.path.basename(h)
    return names


def binding_text():
    files = glob.glob(os.path.join(SOURCE_DIR, "python", "src", "*.[ch]"))
    return "".join(open(f).read() for f in files)


def test_every_public_function_has_a_python_route():
    api, src = public_functions(), binding_text()
    assert len(api) > 300, f"only {len(api)} VT_API functions found: the parser broke"
    used = {n for n in api if re.search(r"\b%s\b" % n, src)}
    missing = sorted(n for n in api if n not in used and n not in EXCLUDED)
    assert not missing, f"public functions with no Python route and no reason: {missing}"
    stale = sorted(n for n in EXCLUDED if n not in api)
    assert not stale, f"excluded names the headers no longer declare: {stale}"
    bound_but_listed = sorted(n for n in EXCLUDED if n in used)
    assert not bound_but_listed, f"bound now, take them off the list: {bound_but_listed}"
    todo = [n for n, why in EXCLUDED.items() if why == "NOT BOUND YET"]
    print(f"{len(used)} of {len(api)} public functions called by python/src; "
          f"{len(EXCLUDED) - len(todo)} excluded with a reason, {len(todo)} not bound yet")
