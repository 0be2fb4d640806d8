"""The VSMC virtual lab, both faces: an ipywidgets panel in notebooks, a browser mount on the site.

The controls (names, labels, ranges, steps, defaults, scales, options) and the presets are read from
the same export the browser lab loads (:func:`widgets.browser.export.vsmc_lab_controls` and
:func:`~widgets.browser.export.vsmc_lab_presets`, from ``data/vsmc_lab_controls.csv`` and
``data/vsmc_lab_presets.yaml``), and :func:`lab_request` reads them into the engine's request by the
rule of ``labRequest`` in widgets/browser/vsmc-lab-state.mjs (tests/test_vsmc_lab_faces.py).

A thin front-end over :mod:`widgets.calcification` (all science there) and
:mod:`widgets.pictures.calcification` (the figures: :func:`~widgets.pictures.calcification.build_lab_time_course`
and :func:`~widgets.pictures.calcification.build_lab_blot`, redrawn in place by their ``update_lab_…`` functions).
"""

from __future__ import annotations

import html
import json

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go

from widgets import calcification as engine
from widgets.browser.export import vsmc_lab_controls, vsmc_lab_presets
from widgets.panels import LivePanel
from widgets.pictures import calcification as pictures

__all__ = ["vsmc_lab_panel", "stats_table_html", "lab_request", "run_lab", "browser_mount", "key_of",
           "NO_TIME_NOTE"]

MOUNT_CLASS = "course-simulator course-vsmc-lab"
NO_TIME_NOTE = "Choose at least one time point."
#: What the live panel's notice says once the browser lab runs above it.
BROWSER_NOTICE = ("The lab above runs the course's model and the paper's statistics in your browser. Its wells come "
                  "from the browser's own seeded generator, so for the same seed they differ from the wells the "
                  "Python lab draws in a notebook (the launch button at the top of the page opens this chapter in "
                  "Binder or Colab, where this cell shows the same controls and presets as a Python panel); the "
                  "model, the expected levels and the statistics are the same.")


def key_of(control: dict) -> str:
    """The key of a control, as in the browser lab: ``"doses/il6_ng_ml"``, ``"hours/24"``."""
    return f"{control['group']}/{control['name']}"


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
    return f"<b>{text}</b>" if p < engine.SIGNIFICANCE else text


def lab_request(values: dict, controls: list[dict]) -> dict:
    """The engine request of the lab's control ``values`` (by :func:`key_of`).

    Returns ``{request, blot_time_h, readout, notes}`` as ``labRequest`` of vsmc-lab-state.mjs does:
    the groups (the paper's three, and the inhibitor-only group when its toggle is on) as
    ``[name, doses]`` pairs; the design as ``[readout, time_h, groups]``: with ``measure = "paper"``,
    calcium in control vs IL-6 at every chosen time and the blot (TNAP and Runx2 in every group, total
    Jak2 in control vs IL-6) at 24 h if chosen, else at the first time; with ``"all"``, every readout
    at every time in every group. No time chosen: ``request`` is None and ``notes`` says so.
    """
    il6, tofa = values["doses/il6_ng_ml"], values["doses/tofacitinib_nM"]
    groups = [[name, spec] for name, spec in engine.default_groups(il6, tofa).items()]
    if values["groups/tofacitinib_alone"] == 1:
        groups.append([engine.INHIBITOR_ALONE, {"il6_ng_ml": 0.0, "tofacitinib_nM": tofa}])
    names = [name for name, _ in groups]
    hours = sorted(float(c["name"]) for c in controls if c["group"] == "hours" and values[key_of(c)] == 1)
    readout = values["view/readout"]
    if not hours:
        return {"request": None, "blot_time_h": None, "readout": readout, "notes": [NO_TIME_NOTE]}
    blot = 24.0 if 24.0 in hours else hours[0]
    two = names[:2]
    if values["design/measure"] == "paper":
        design = ([["calcium", t, two] for t in hours]
                  + [["TNAP", blot, names], ["Runx2", blot, names], ["Jak2", blot, two]])
    else:
        design = [[r, t, names] for r in engine.READOUTS for t in hours]
    request = {"groups": groups, "n_replicates": int(values["design/n_replicates"]),
               "seed": int(values["design/seed"]), "noise": float(values["design/noise"]),
               "jak_route": values["model/jak_route"], "potency": values["model/potency"], "design": design}
    return {"request": request, "blot_time_h": blot, "readout": readout, "notes": []}


def run_lab(request: dict) -> engine.ExperimentResult:
    """:func:`widgets.calcification.run_experiment` of a :func:`lab_request` request."""
    return engine.run_experiment(
        dict((name, spec) for name, spec in request["groups"]), request["n_replicates"], seed=request["seed"],
        noise=request["noise"], jak_route=request["jak_route"], potency=request["potency"],
        design=[engine.Measurement(r, t, tuple(g)) for r, t, g in request["design"]])


def stats_table_html(result: engine.ExperimentResult) -> str:
    """The result as an HTML table: mean ± SD per group, one-way ANOVA, then LSD P values (bold: P < 0.05,
    :data:`widgets.calcification.SIGNIFICANCE`)."""
    groups = list(result.groups)
    abbr = pictures.lane_letters(result)
    pairs = [(groups[i], groups[j]) for i in range(1, len(groups)) for j in range(i)]
    wells: dict = {}
    for g, r, t, v in result.measurements[["group", "readout", "time_h", "value"]].itertuples(index=False):
        wells.setdefault((g, r, t), []).append(v)
    summ = {key: f"{np.mean(v):.2f} ± {np.std(v, ddof=1):.2f}" for key, v in wells.items()}  # as engine.summary
    pvalues = {(r, t, a, b): p for r, t, a, b, p in
               result.pairwise[["readout", "time_h", "group_a", "group_b", "p"]].itertuples(index=False)}
    head = ("<tr><th scope='col'>readout</th><th scope='col'>time (h)</th>"
            + "".join(f"<th scope='col'>{html.escape(g)}<br>mean ± SD</th>" for g in groups)
            + "<th scope='col'>ANOVA F (P)</th>"
            + "".join(f"<th scope='col'>LSD P<br>{abbr[a]} vs {abbr[b]}</th>" for a, b in pairs) + "</tr>")
    rows = []
    for readout, time_h, f, p in result.anova[["readout", "time_h", "F", "p"]].itertuples(index=False):
        cells = [f"<td>{html.escape(readout)}</td>", f"<td>{time_h:g}</td>"]
        for g in groups:
            text = summ.get((g, readout, time_h))
            cells.append(f"<td>{text}</td>" if text else "<td>–</td>")
        cells.append(f"<td>{_fmt(f)} ({_p(p)})</td>")
        for ga, gb in pairs:
            pv = pvalues.get((readout, time_h, ga, gb))
            cells.append(f"<td>{_p(pv)}</td>" if pv is not None else "<td>–</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    key = ", ".join(f"{v} = {html.escape(k)}" for k, v in abbr.items())
    assumed = html.escape(pictures.assumptions_text(result.settings))
    return (
        "<div style='overflow-x:auto'><table class='course-stats' style='border-collapse:collapse;font-size:90%'>"
        "<caption style='text-align:left'><b>Simulated</b> experiment: one-way ANOVA across groups, then Fisher's "
        f"LSD t tests (pooled MSE, df = N − k). Bold: {html.escape(pictures.SIGNIFICANT_TEXT)}. {key}. "
        "Values × control baseline. "
        f"The model {assumed}.</caption>"
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def browser_mount() -> str:
    """The static HTML where the site's JavaScript builds the browser lab (hidden without JavaScript).

    It carries the figures' templates (:func:`widgets.pictures.calcification.lab_figure_specs`).
    """
    payload = json.dumps(pictures.lab_figure_specs(), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (f'<div class="{MOUNT_CLASS}" data-course-simulator="vsmc-lab" '
            f'data-notice="{html.escape(BROWSER_NOTICE, quote=True)}" hidden>'
            f'<script type="application/json" class="course-simulator-figure-spec">{payload}</script></div>')


def _widget(control: dict) -> ipw.Widget:
    description = f"{control['label']} ({control['unit']})" if control["unit"] and control["scale"] != "toggle" \
        else control["label"]
    scale = control["scale"]
    if scale == "choice":
        options = list(zip(control["option_labels"], control["options"]))
        if len(options) > 3:
            widget = ipw.Dropdown(options=options, value=control["default"])
        else:
            widget = ipw.ToggleButtons(options=options, value=control["default"],
                                       style={"button_width": "auto"})
    elif scale == "toggle":
        widget = ipw.Checkbox(value=bool(control["default"]), indent=False)
    elif scale == "log":
        widget = ipw.SelectionSlider(options=[(f"{v:g}", float(v)) for v in control["stops"]],
                                     value=float(control["default"]), continuous_update=False)
    elif key_of(control) == "design/seed":
        widget = ipw.BoundedIntText(value=int(control["default"]), min=int(control["min"]), max=int(control["max"]))
    elif control["step"] == int(control["step"]) and control["min"] == int(control["min"]):
        widget = ipw.IntSlider(value=int(control["default"]), min=int(control["min"]), max=int(control["max"]),
                               step=int(control["step"]), continuous_update=False)
    else:
        widget = ipw.FloatSlider(value=control["default"], min=control["min"], max=control["max"],
                                 step=control["step"], continuous_update=False, readout_format=".2f")
    widget.description = description
    if not isinstance(widget, ipw.Checkbox):
        widget.style.description_width = "initial"
    return widget


def _value(widget: ipw.Widget):
    if isinstance(widget, ipw.Checkbox):
        return 1.0 if widget.value else 0.0
    return widget.value


def vsmc_lab_panel() -> LivePanel:
    """The virtual lab: control / IL-6 / IL-6 + tofacitinib (and a tofacitinib-only group), every setting live.

    Controls (data/vsmc_lab_controls.csv): IL-6 dose, tofacitinib dose (log slider), JAK route,
    tofacitinib's potency set, an inhibitor-only group, what is measured, the time points, wells per
    group, noise (CV) and seed, the readout of the time course; the presets of
    data/vsmc_lab_presets.yaml, Reset and "Run a new experiment" (the next seed). Updates in place:
    the time course (model lines + simulated wells), the simulated blot with densitometry, and an
    ANOVA/LSD table. On the static site the same cell shows the browser lab (:func:`browser_mount`).
    """
    controls = vsmc_lab_controls()
    by_key = {key_of(c): c for c in controls}
    presets = vsmc_lab_presets()
    widgets = {key_of(c): _widget(c) for c in controls}
    status = ipw.HTML()
    table = ipw.HTML()
    preset_note = ipw.HTML()
    holding = {"on": False}
    lines_memo: dict = {}  # the model lines, kept while only the wells change

    def values() -> dict:
        return {key: _value(w) for key, w in widgets.items()}

    start = {key_of(c): c["default"] for c in controls}
    tc = go.FigureWidget(pictures.build_lab_time_course())
    blot = go.FigureWidget(pictures.build_lab_blot())

    def update(*_):
        if holding["on"]:
            return
        lab = lab_request(values(), controls)
        request, readout = lab["request"], lab["readout"]
        il6, tofa = widgets["doses/il6_ng_ml"].value, widgets["doses/tofacitinib_nM"].value
        try:
            result = run_lab(request) if request is not None else None
        except ValueError as err:  # the controls keep inputs valid; shown rather than raised if not
            status.value = f"<p role='alert'><b>Cannot simulate:</b> {html.escape(str(err))}</p>"
            return
        hours_list = [t for _, t, _ in request["design"]] if request else []
        groups = dict((n, s) for n, s in request["groups"]) if request else \
            dict(list(pictures.lab_groups(il6, tofa).items())[:3])
        pictures.update_lab_time_course(
            tc, groups, jak_route=widgets["model/jak_route"].value, hours=max([72.0] + hours_list), readout=readout,
            potency=widgets["model/potency"].value, il6_ng_ml=il6, result=result,
            memo=lines_memo)
        pictures.update_lab_blot(blot, result, lab["blot_time_h"])
        table.value = stats_table_html(result) if result is not None else \
            "<p><i>No statistics: no time point chosen.</i></p>"
        status.value = "".join(f"<p role='alert' style='color:#D55E00'>{html.escape(m)}</p>" for m in lab["notes"])

    def set_all(new: dict) -> None:
        holding["on"] = True  # one update at the end, not one per control
        try:
            for key, widget in widgets.items():
                v = new[key]
                widget.value = bool(v) if isinstance(widget, ipw.Checkbox) else \
                    (int(v) if isinstance(widget, (ipw.IntSlider, ipw.BoundedIntText)) else v)
        finally:
            holding["on"] = False
        update()

    def preset_button(preset: dict) -> ipw.Button:
        button = ipw.Button(description=preset["label"], tooltip=preset["description"][:120],
                            layout=ipw.Layout(width="auto"))

        def go_preset(_b=None):
            preset_note.value = f"<p>{html.escape(preset['label'])}: {html.escape(preset['description'])}</p>"
            set_all(preset["values"])
        button.on_click(go_preset)
        return button

    reset = ipw.Button(description="Reset", tooltip="back to the starting settings", icon="undo")
    rerun = ipw.Button(description="Run a new experiment", tooltip="new wells: the next seed", icon="refresh",
                       layout=ipw.Layout(width="auto"))

    def do_reset(_b=None):
        preset_note.value = ""
        set_all(start)

    def new_experiment(_b=None):
        seed = widgets["design/seed"]
        seed.value = min(seed.value + 1, int(by_key["design/seed"]["max"]))

    reset.on_click(do_reset)
    rerun.on_click(new_experiment)
    buttons = {f"preset/{p['id']}": preset_button(p) for p in presets}
    for widget in widgets.values():
        widget.observe(update, names="value")
    update()
    hours = ipw.HBox([w for k, w in widgets.items() if k.startswith("hours/")],
                     layout=ipw.Layout(flex_flow="row wrap"))
    left = ipw.VBox([widgets[k] for k in widgets if k.split("/")[0] in ("doses", "model", "view")])
    right = ipw.VBox([ipw.HTML("<b>Design</b>"), widgets["groups/tofacitinib_alone"], widgets["design/measure"],
                      ipw.HTML("time points"), hours,
                      *[widgets[k] for k in ("design/n_replicates", "design/noise", "design/seed")]])
    actions = ipw.HBox([*buttons.values(), rerun, reset], layout=ipw.Layout(flex_flow="row wrap"))
    root = ipw.VBox([
        ipw.HTML("<p><b>VSMC virtual lab (simulated).</b> Groups in osteogenic medium: control, IL-6, "
                 "IL-6 + tofacitinib (the paper gave no inhibitor dose; 100 nM is the teaching default), and "
                 "optionally tofacitinib alone. The JAK route starts at JAK2, the paper's assumption, and the "
                 "potency set at the enzyme IC50s the paper quotes (selectivity in cells differs: try the cellular "
                 "IC50s). The blot is drawn at 24 h when 24 h is chosen, otherwise at the first time point.</p>"),
        ipw.HBox([left, right]), actions, preset_note, status, tc, blot, table,
    ])
    named = {**widgets, **buttons, "reset": reset, "new_experiment": rerun}
    return LivePanel(root, title="VSMC virtual lab: IL-6, tofacitinib and the paper's statistics", update=update,
                     controls=named, figures={"time_course": tc, "blot": blot}, static_html=browser_mount())
