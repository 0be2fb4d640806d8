"""The live VSMC virtual lab: IL-6, tofacitinib, JAK route, potency set, design and noise -> blot and statistics.

A thin front-end over :mod:`widgets.calcification` (all science there) and
:mod:`widgets.pictures.calcification` (the figures, updated in place here).
"""

from __future__ import annotations

import html

import ipywidgets as ipw
import plotly.graph_objects as go

from widgets import calcification as engine
from widgets.panels import LivePanel, labelled
from widgets.pictures import finish, fit_top, wrap_text
from widgets.pictures import calcification as pictures

__all__ = ["vsmc_lab_panel", "stats_table_html"]

TIME_OPTIONS = (12, 24, 48, 72, 96, 120, 168)
TRACE_READOUTS = ("calcium", "TNAP", "Runx2", "Jak2", "pSTAT3")


def _fmt(x: float, digits: int = 2) -> str:
    if x != x:  # nan
        return "n/a"
    if x in (float("inf"), float("-inf")):
        return "∞" if x > 0 else "−∞"
    return f"{x:.{digits}f}"


def _p(p: float) -> str:
    if p != p:
        return "n/a"
    text = "&lt;0.001" if p < 0.001 else f"{p:.3f}"
    return f"<b>{text}</b>" if p < 0.05 else text


def stats_table_html(result: engine.ExperimentResult) -> str:
    """The result as an HTML table: mean ± SD per group, one-way ANOVA, then LSD P values (bold: P < 0.05)."""
    groups = list(result.groups)
    abbr = {g: pictures.ABBREVIATIONS.get(g, chr(ord("A") + i)) for i, g in enumerate(groups)}
    pairs = [(groups[i], groups[j]) for i in range(1, len(groups)) for j in range(i)]
    summ = engine.summary(result).set_index(["group", "readout", "time_h"])
    head = ("<tr><th scope='col'>readout</th><th scope='col'>time (h)</th>"
            + "".join(f"<th scope='col'>{html.escape(g)}<br>mean ± SD</th>" for g in groups)
            + "<th scope='col'>ANOVA F (P)</th>"
            + "".join(f"<th scope='col'>LSD P<br>{abbr[a]} vs {abbr[b]}</th>" for a, b in pairs) + "</tr>")
    rows = []
    for _, a in result.anova.iterrows():
        cells = [f"<td>{html.escape(a['readout'])}</td>", f"<td>{a['time_h']:g}</td>"]
        for g in groups:
            key = (g, a["readout"], a["time_h"])
            cells.append(f"<td>{summ.loc[key, 'mean_sd']}</td>" if key in summ.index else "<td>–</td>")
        cells.append(f"<td>{_fmt(a['F'])} ({_p(a['p'])})</td>")
        pw = result.pairwise[(result.pairwise["readout"] == a["readout"]) & (result.pairwise["time_h"] == a["time_h"])]
        for ga, gb in pairs:
            row = pw[(pw["group_a"] == ga) & (pw["group_b"] == gb)]
            cells.append(f"<td>{_p(row['p'].iloc[0])}</td>" if len(row) else "<td>–</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    key = ", ".join(f"{v} = {html.escape(k)}" for k, v in abbr.items())
    assumed = html.escape(pictures.assumptions_text(result.settings))
    return (
        "<div style='overflow-x:auto'><table class='course-stats' style='border-collapse:collapse;font-size:90%'>"
        "<caption style='text-align:left'><b>Simulated</b> experiment: one-way ANOVA across groups, then Fisher's "
        f"LSD t tests (pooled MSE, df = N − k). Bold: P &lt; 0.05. {key}. Values × control baseline. "
        f"The model {assumed}.</caption>"
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def vsmc_lab_panel() -> LivePanel:
    """The virtual lab: groups control / IL-6 / IL-6 + tofacitinib, with every setting live.

    Controls: IL-6 dose, tofacitinib dose (log slider), JAK route, tofacitinib's potency set (enzyme
    IC50s as the paper quotes them, or cellular IC50s), time points, wells per group, noise (CV) and
    seed; which readout the time course shows. Updates in place: the time course
    (model lines + simulated wells), the simulated blot with densitometry, and an ANOVA/LSD table.
    """
    p = engine.parameters()
    il6 = labelled(ipw.FloatSlider(value=p.default_il6_ng_ml, min=0, max=200, step=5, continuous_update=False),
                   "IL-6 (ng/ml)")
    tofa = labelled(ipw.FloatLogSlider(value=p.teaching_tofacitinib_nM, base=10, min=-1, max=4, step=0.1,
                                       continuous_update=False, readout_format=".3g"), "tofacitinib (nM, log)")
    route = labelled(ipw.ToggleButtons(options=list(engine.ROUTES), value="JAK2",
                                       tooltips=[pictures.ROUTE_TEXT[r] for r in engine.ROUTES]), "JAK route")
    potency = labelled(ipw.ToggleButtons(options=[(pictures.POTENCY_SHORT[k], k) for k in engine.POTENCIES],
                                         value="enzyme", tooltips=[pictures.POTENCY_TEXT[k] for k in engine.POTENCIES]),
                       "tofacitinib potency")
    times = labelled(ipw.SelectMultiple(options=list(TIME_OPTIONS), value=(24, 48, 72), rows=4), "time points (h)")
    reps = labelled(ipw.IntSlider(value=3, min=2, max=8, continuous_update=False), "wells per group")
    noise = labelled(ipw.FloatSlider(value=0.15, min=0.0, max=0.6, step=0.05, continuous_update=False,
                                     readout_format=".2f"), "noise (CV)")
    seed = labelled(ipw.BoundedIntText(value=0, min=0, max=1_000_000), "seed")
    readout = labelled(ipw.Dropdown(options=list(TRACE_READOUTS), value="calcium"), "time course of")
    status = ipw.HTML()
    table = ipw.HTML()

    def groups() -> dict:
        return engine.default_groups(il6.value, tofa.value)

    def experiment(selected: tuple) -> engine.ExperimentResult:
        return engine.run_experiment(groups(), reps.value, selected, seed.value, noise.value, jak_route=route.value,
                                     potency=potency.value)

    first = experiment((24, 48, 72))
    tc = go.FigureWidget(pictures.time_course_figure(groups(), route.value, 72, readout.value, first, potency.value))
    finish(tc, title="Time course", alt="Simulated time course of the chosen readout in the three groups.", height=420)
    blot = go.FigureWidget(pictures.blot_figure(first, 24))
    finish(blot, title="Simulated Western blot at 24 h",
           alt="Simulated Western blot with densitometry and LSD P values for the three groups.", height=640)
    blot.update_layout(margin=dict(b=90))

    def update(*_):
        selected = tuple(sorted(times.value))
        g = groups()
        hours = max(72, max(selected) if selected else 72)
        result = experiment(selected) if selected else None
        problems = []
        if not selected:
            problems.append("Choose at least one time point (hold Ctrl or Shift to select several).")
        data = pictures.time_course_data(g, route.value, hours, readout.value, result, potency.value)
        tofa_text = pictures._dose_text(tofa.value)
        with tc.batch_update():
            pictures.apply_time_course(tc, data)
            tc.data[2].name = f"IL-6 + tofacitinib ({tofa_text}): model"
            tc.layout.xaxis.range = [0, hours * 1.02]
            tc.layout.xaxis.dtick = 24 if hours <= 96 else 48
            tc.layout.yaxis.title.text = f"{pictures.READOUT_LABEL[readout.value]} (× baseline)"
            head = (f"{pictures.READOUT_LABEL[readout.value]} with IL-6 {il6.value:g} ng/ml"
                    + (" (model only: not measured)" if readout.value not in engine.READOUTS else ""))
            tc.layout.title.text = wrap_text(pictures.time_course_title(readout.value, route.value, potency.value,
                                                                        head=head))
            fit_top(tc)  # the title's lines change with the readout
        if result is not None:
            blot_time = 24.0 if 24 in selected else float(selected[0])
            d = pictures.blot_data(result, blot_time)
            top = max([y + (s or 0) for b in d["bars"] for y, s in zip(b["y"], b["error_y"]["array"])
                       if y is not None] + [1.0])
            zmax = max(2.5, max(v for row in d["z"] for v in row if v is not None) * 1.05)
            with blot.batch_update():
                pictures.apply_blot(blot, d)
                blot.data[3].name = f"IL-6 + tofacitinib ({tofa_text})"  # bars: control, IL-6, IL-6 + tofacitinib
                blot.data[0].zmax = zmax
                blot.layout.yaxis2.range = [0, max(3.0, top * 1.3)]
                blot.layout.title.text = wrap_text(f"Simulated Western blot at {blot_time:g} h: n = {reps.value} wells "
                                                   f"per group, noise CV {noise.value * 100:.0f} %;<br>"
                                                   f"{pictures.assumptions_text(result.settings)}")
                fit_top(blot)
            table.value = stats_table_html(result)
        else:
            table.value = "<p><i>No statistics: no time point chosen.</i></p>"
        status.value = "".join(f"<p role='alert' style='color:#D55E00'>{html.escape(m)}</p>" for m in problems)

    controls = {"il6_ng_ml": il6, "tofacitinib_nM": tofa, "jak_route": route, "potency": potency, "hours": times,
                "n_replicates": reps, "noise": noise, "seed": seed, "readout": readout}
    for control in controls.values():
        control.observe(update, names="value")
    update()
    left = ipw.VBox([il6, tofa, route, potency, readout])
    right = ipw.VBox([times, reps, noise, seed])
    root = ipw.VBox([
        ipw.HTML("<p><b>VSMC virtual lab (simulated).</b> Three groups in osteogenic medium: control, IL-6, "
                 "IL-6 + tofacitinib (the paper gave no inhibitor dose; 100 nM is the teaching default). "
                 "The JAK route starts at JAK2, the paper's assumption, and the potency set at the enzyme IC50s the "
                 "paper quotes (selectivity in cells differs: try the cellular IC50s). "
                 "The blot is drawn at 24 h when 24 h is chosen, otherwise at the first time point.</p>"),
        ipw.HBox([left, right]), status, tc, blot, table,
    ])
    return LivePanel(root, title="VSMC virtual lab: IL-6, tofacitinib and the paper's statistics", update=update,
                     controls=controls, figures={"time_course": tc, "blot": blot})
