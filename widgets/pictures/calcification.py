"""Pictures of the VSMC calcification model and its virtual Western-blot experiment.

Every figure shows model output, so every figure is stamped *simulated* (``mark_simulated``):
the paper's own figures and numbers are missing (chapter 9, "No data in the text"), and nothing here is its data.

* :func:`dose_response`: tofacitinib (log axis, 0.1 nM - 10 µM) against remaining JAK1/2/3
  activity and against TNAP, Runx2 and calcium; the enzyme IC50s the paper quotes marked (a note
  on the figure says that selectivity in cells differs); buttons switch the JAK route.
* :func:`potency_comparison`: the fraction of the IL-6 signal left through the JAK2 and the JAK1
  route, with the enzyme IC50s and with cellular IC50s: which route is blocked first swaps over.
* :func:`calcium_time_course`: calcium over 0-72 h in the three groups (model lines and the
  mean ± SD of simulated wells); buttons switch the JAK route.
* :func:`western_blot_explorer`: a simulated blot with densitometry and LSD significance marks; a
  slider over the number of wells per group (2-8). Its P values are an HTML table of their own,
  :func:`western_blot_p_values` (every number of wells side by side), shown under the figure.

:func:`time_course_figure` and :func:`blot_figure` draw one state of the last two;
:func:`lab_figure_specs` gives both as the templates the browser lab fills. The live panel
(:mod:`widgets.panels.calcification`) shows :func:`build_lab_time_course` and :func:`build_lab_blot` and
redraws them in place with :func:`update_lab_time_course` and :func:`update_lab_blot`, which find each
trace by its ``name`` or ``meta`` (``{"group": name, "part": "model" | "wells"}`` on the time course's
traces, ``{"group": name}`` on the blot's bars), never by its position.
"""

from __future__ import annotations

import html
import math
from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from widgets import calcification as engine
from widgets.pictures import (DASHES, PALETTE, SYMBOLS, compact, finish, fit_top, legend_below, mark_simulated,
                              slider_steps_title, wrap_text)

__all__ = ["dose_response", "potency_comparison", "calcium_time_course", "western_blot_explorer",
           "western_blot_p_values", "time_course_figure", "blot_figure", "apply_time_course", "apply_blot",
           "time_course_data", "time_course_title", "blot_data", "assumptions_text", "p_value_table_html",
           "lab_groups", "lab_figure_specs", "empty_blot", "build_lab_time_course", "update_lab_time_course",
           "build_lab_blot", "update_lab_blot", "lane_letters", "dose_text", "SIGNIFICANT_TEXT"]

GROUP_COLOURS = [PALETTE["black"], PALETTE["vermillion"], PALETTE["blue"], PALETTE["green"], PALETTE["purple"],
                 PALETTE["orange"]]
PATTERNS = ["", "/", "x", ".", "\\", "+"]
JAK_COLOURS = {"JAK1": PALETTE["blue"], "JAK2": PALETTE["vermillion"], "JAK3": PALETTE["green"]}
JAK_DASHES = {"JAK1": "solid", "JAK2": "dash", "JAK3": "dot"}
ROUTE_JAKS = {"JAK2": ("JAK2",), "JAK1": ("JAK1",), "JAK1+JAK2": ("JAK1", "JAK2")}
ROUTE_TEXT = {"JAK2": "JAK2 carries the IL-6 signal (the paper's assumption)",
              "JAK1": "JAK1 carries the IL-6 signal (the wider literature)",
              "JAK1+JAK2": "JAK1 and JAK2 both needed"}
POTENCY_TEXT = {"enzyme": "enzyme IC50s as quoted by the paper", "cell": "cellular IC50s (JAK-pair signalling)"}
POTENCY_SHORT = {"enzyme": "enzyme IC50s", "cell": "cellular IC50s"}
#: The label every figure of the enzyme IC50s carries.
ENZYME_IC50_NOTE = "Enzyme IC50s as quoted by the paper; selectivity in cells differs."
ABBREVIATIONS = {"control": "C", "IL-6": "I", "IL-6 + tofacitinib": "I+T", engine.INHIBITOR_ALONE: "T"}
READOUT_LABEL = {"calcium": "calcium", "TNAP": "TNAP", "Runx2": "Runx2", "Jak2": "total Jak2", "pSTAT3": "pSTAT3"}
#: How the figures and tables name a significant test: ``"P < 0.05"`` (:data:`widgets.calcification.SIGNIFICANCE`).
SIGNIFICANT_TEXT = f"P < {engine.SIGNIFICANCE:g}"


def _group_label(name: str, spec: Mapping[str, float]) -> str:
    if spec.get("tofacitinib_nM", 0) > 0:
        return f"{name} ({dose_text(spec['tofacitinib_nM'])})"
    return name


def dose_text(nM: float) -> str:
    """A tofacitinib dose as the figures write it: ``"100 nM"``, ``"1 µM"``."""
    return f"{nM / 1000:g} µM" if nM >= 1000 else f"{nM:g} nM"


def _route_title(head: str, route: str, potency: str | None = None) -> str:
    """``head``, then the route's sentence, its parenthesis on a line of its own (titles fit a phone).

    With ``potency``, a last line names the IC50 set the figure assumes.
    """
    text = f"{head}<br>" + ROUTE_TEXT[route].replace(" (", "<br>(")
    return text + (f"<br>{POTENCY_TEXT[potency]}" if potency else "")


def assumptions_text(settings: Mapping) -> str:
    """What a simulated experiment assumed: its JAK route and potency set, in a few words."""
    route = settings.get("jak_route", "JAK2")
    potency = settings.get("potency", "enzyme")
    paper = " (the paper's assumption)" if route == "JAK2" else ""
    return f"assumes route {route}{paper}, {POTENCY_SHORT[potency]}"


def _route_buttons(buttons: list, active: int = 0) -> dict:
    """The JAK-route buttons, in the band above the plot (placed by :func:`widgets.pictures.fit_top`).

    Right-aligned with the plot, so on a phone they may reach into the left margin rather than off the figure.
    """
    return dict(type="buttons", direction="right", buttons=buttons, x=1.0, y=1.0, xanchor="right", yanchor="bottom",
                showactive=True, active=active, font=dict(size=11))


def _p_text(p: float) -> str:
    if p is None or not math.isfinite(p):
        return "n/a"
    text = "<0.001" if p < 0.001 else f"{p:.3f}"
    return text + ("\u00a0*" if p < engine.SIGNIFICANCE else "")  # no-break space: a table cell never splits "<0.001 *"


# --------------------------------------------------------------------------- dose response
def dose_response(il6_ng_ml: float | None = None, n_doses: int = 61) -> go.Figure:
    """Static explorer: tofacitinib dose (log axis) vs JAK activity and vs TNAP, Runx2, calcium.

    Top: remaining JAK1/JAK2/JAK3 activity with their IC50s (dotted lines); the JAK that carries
    the IL-6 signal in the chosen route is drawn thick. Bottom (same dose axis): TNAP, Runx2 and
    calcium at 24 h (solid) and 72 h (dashed) with IL-6 (default 100 ng/ml) and tofacitinib added
    together. Buttons switch the route (JAK2 / JAK1 / JAK1+JAK2), precomputed from the engine.
    """
    p = engine.parameters()
    il6 = p.default_il6_ng_ml if il6_ng_ml is None else il6_ng_ml
    doses = np.logspace(-1, 4, n_doses)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.18, row_heights=[0.42, 0.58])
    act = engine.jak_activity(doses)
    for jak in engine.JAKS:
        fig.add_trace(go.Scatter(x=compact(doses), y=compact(act[jak]), name=f"{jak} activity", legend="legend",
                                 line=dict(color=JAK_COLOURS[jak], dash=JAK_DASHES[jak], width=1.5),
                                 hovertemplate=f"{jak}: %{{y:.2f}} at %{{x:.3g}} nM<extra></extra>"), row=1, col=1)
    # colour and marker symbol name the readout, the dash names the time (24 h solid, 72 h dashed)
    curves = [(r, t, colour, "solid" if t == 24.0 else "dash", symbol)
              for r, colour, symbol in (("TNAP", PALETTE["orange"], "circle"), ("Runx2", PALETTE["purple"], "square"),
                                        ("calcium", PALETTE["black"], "diamond"))
              for t in (24.0, 72.0)]
    per_route = {}
    for route in engine.ROUTES:
        table = engine.dose_response_curve(doses, il6, (24.0, 72.0), route)
        per_route[route] = [compact(table.loc[(table["readout"] == r) & (table["time_h"] == t), "value"])
                            for r, t, *_ in curves]
    for (readout, t, colour, dash, symbol), y in zip(curves, per_route["JAK2"]):
        fig.add_trace(go.Scatter(x=compact(doses), y=y, name=f"{readout} {t:g} h", legend="legend2",
                                 mode="lines+markers", marker=dict(symbol=symbol, size=5, maxdisplayed=12),
                                 line=dict(color=colour, dash=dash, width=2),
                                 hovertemplate=f"{readout} {t:g} h: %{{y:.2f}} at %{{x:.3g}} nM<extra></extra>"),
                      row=2, col=1)
    # IC50 labels in a staircase above the curves (activity <= 1), so they never overlap on a phone
    label_y = {jak: 1.07 + 0.12 * i for i, jak in enumerate(sorted(p.ic50, key=p.ic50.get, reverse=True))}
    for jak, ic50 in p.ic50.items():
        for row in (1, 2):
            fig.add_vline(x=ic50, line=dict(color=JAK_COLOURS[jak], dash="dot", width=1), row=row, col=1)
        fig.add_annotation(x=math.log10(ic50), y=label_y[jak], xref="x", yref="y",
                           text=f"{jak} IC50 {ic50:g} nM", showarrow=False, font=dict(size=10, color=JAK_COLOURS[jak]),
                           xanchor="left", yanchor="middle", bgcolor="rgba(255,255,255,0.8)")
    fig.add_annotation(text=wrap_text(ENZYME_IC50_NOTE, 32), name="top-note", xref="paper", x=0.0, xanchor="left",
                       showarrow=False, align="left", font=dict(size=12, color="#333333"))
    fig.add_hline(y=0.5, line=dict(color="#888888", dash="dot", width=1), row=1, col=1)
    fig.add_hline(y=1.0, line=dict(color="#888888", dash="dot", width=1), row=2, col=1,
                  annotation_text="no-IL-6 baseline", annotation_position="bottom left",
                  annotation_font=dict(size=10, color="#555555"))
    fig.update_xaxes(type="log", range=[-1, 4], dtick=1, exponentformat="none")
    fig.update_xaxes(showticklabels=True, row=1, col=1)
    fig.update_xaxes(title_text="tofacitinib (nM, log scale)", title_standoff=4, row=2, col=1)
    fig.update_yaxes(title_text="fraction of JAK<br>activity left", range=[0, 1.4], tickvals=[0, 0.25, 0.5, 0.75, 1],
                     row=1, col=1)
    fig.update_yaxes(title_text="level with IL-6<br>(× no-IL-6 baseline)", rangemode="tozero", row=2, col=1)

    def widths(route: str) -> list[float]:
        return [4.0 if jak in ROUTE_JAKS[route] else 1.5 for jak in engine.JAKS]

    # Each button restyles every trace: the JAK lines' widths say which JAK carries the signal.
    buttons = [dict(label=f"route: {route}", method="update",
                    args=[{"y": [compact(act[j]) for j in engine.JAKS] + per_route[route],
                           "line.width": widths(route) + [2] * len(curves)},
                          slider_steps_title(_route_title(f"Tofacitinib with IL-6 {il6:g} ng/ml:", route))])
               for route in engine.ROUTES]
    for jak, w in zip(engine.JAKS, widths("JAK2")):
        fig.update_traces(line_width=w, selector=dict(name=f"{jak} activity"))
    fig.update_layout(updatemenus=[_route_buttons(buttons)])
    finish(fig, title=_route_title(f"Tofacitinib with IL-6 {il6:g} ng/ml:", "JAK2"),
           alt=("Simulated dose response on a log axis from 0.1 nM to 10 µM tofacitinib: each JAK keeps half its "
                "activity at its enzyme IC50 as quoted by the paper (JAK3 1 nM, JAK2 20 nM, JAK1 112 nM; selectivity "
                "in cells differs); TNAP, Runx2 and calcium fall towards baseline as the signalling JAK is blocked, "
                "at lower doses for the JAK2 route than for JAK1."),
           height=900)
    # each panel's legend under it: the JAKs' between the panels, the readouts' at the bottom
    legend_below(fig, yref="paper", y=fig.layout.yaxis.domain[0] - 0.05, yanchor="top")
    legend_below(fig, name="legend2", itemwidth=40)
    fig.update_layout(margin=dict(b=20, r=30))
    return mark_simulated(fig)


# --------------------------------------------------------------------------- potency sets
def potency_comparison(n_doses: int = 61, marks_nM: Sequence[float] = (20.0, 100.0)) -> go.Figure:
    """Static figure: the fraction of the IL-6 signal left against tofacitinib dose, for two routes and two IC50 sets.

    Colour and marker name the route (JAK2, the paper's assumption; JAK1, the wider literature), the
    dash names the potency set (solid: enzyme IC50s as quoted by the paper; dashed: cellular IC50s).
    With the enzyme set the JAK2 route is blocked first; with the cellular set the JAK1 route is. The
    doses in ``marks_nM`` (20 nM, the quoted JAK2 IC50, and the 100 nM teaching dose) are marked.
    """
    doses = np.logspace(-1, 4, n_doses)
    fig = go.Figure()
    routes = (("JAK2", PALETTE["vermillion"], "square"), ("JAK1", PALETTE["blue"], "circle"))
    for potency, dash in (("enzyme", "solid"), ("cell", "dash")):
        for route, colour, symbol in routes:
            y = engine.route_activity(doses, route, potency)
            half = engine.parameters().ic50_set(potency)[route]
            fig.add_trace(go.Scatter(
                x=compact(doses), y=compact(y), mode="lines+markers", legendgroup=potency,
                name=f"{route} route, {POTENCY_SHORT[potency]} (half at {dose_text(half)})",
                line=dict(color=colour, dash=dash, width=2.5 if potency == "cell" else 2),
                marker=dict(symbol=symbol, size=6, maxdisplayed=10),
                hovertemplate=f"route {route}, {potency}: %{{y:.2f}} of the signal left at %{{x:.3g}} nM<extra></extra>"))
    for i, dose in enumerate(marks_nM):  # the first label left of its line, the others right: no overlap on a phone
        fig.add_vline(x=dose, line=dict(color="#888888", dash="dot", width=1))
        fig.add_annotation(x=math.log10(dose), y=1.04, xref="x", yref="y", text=dose_text(dose), showarrow=False,
                           font=dict(size=10, color="#555555"), yanchor="bottom",
                           xanchor="right" if i == 0 else "left")
    fig.add_hline(y=0.5, line=dict(color="#888888", dash="dot", width=1))
    fig.update_xaxes(type="log", range=[-1, 4], dtick=1, exponentformat="none", title_text="tofacitinib (nM, log scale)")
    fig.update_yaxes(title_text="fraction of the IL-6<br>signal left", range=[0, 1.12], tickvals=[0, 0.25, 0.5, 0.75, 1])
    enzyme, cell = (engine.parameters().ic50_set(k) for k in engine.POTENCIES)
    finish(fig, title="Which route tofacitinib blocks first:<br>enzyme IC50s (as the paper quotes) vs cellular IC50s",
           alt=("Simulated fraction of the IL-6 signal left against tofacitinib dose on a log axis. With the enzyme "
                f"IC50s the paper quotes, the JAK2 route is half blocked at {dose_text(enzyme['JAK2'])} and the JAK1 "
                f"route at {dose_text(enzyme['JAK1'])}; with cellular IC50s the order reverses: the JAK1 route is "
                f"half blocked at {dose_text(cell['JAK1'])} and the JAK2 route at {dose_text(cell['JAK2'])}."),
           height=560)
    legend_below(fig, font=dict(size=11), itemwidth=40)
    return mark_simulated(fig)


# --------------------------------------------------------------------------- time course
def time_course_data(groups: Mapping[str, Mapping[str, float]], jak_route: str = "JAK2", hours: float = 72,
                     readout: str = "calcium", result: engine.ExperimentResult | None = None,
                     potency: str = "enzyme", lines: list[dict] | None = None) -> list[dict]:
    """Trace data for :func:`time_course_figure`: per group a model line, then per group the wells' mean ± SD.

    ``lines``: the model lines of an earlier call with the same groups, route, hours, readout and
    potency (the live panel keeps them while only the wells change), so they are not solved again.
    """
    known = lines
    lines, points = [], []
    step = 1.0 if hours <= 96 else 2.0
    k = len(groups)
    wells: dict = {}
    if result is not None and readout in engine.READOUTS:
        for g, r, t, v in result.measurements[["group", "readout", "time_h", "value"]].itertuples(index=False):
            if r == readout:
                wells.setdefault(g, {}).setdefault(t, []).append(v)
    for gi, (name, spec) in enumerate(groups.items()):
        if known is not None:
            lines.append(known[gi])
        else:
            sim = engine.simulate_culture(spec.get("il6_ng_ml", 0.0), spec.get("tofacitinib_nM", 0.0), hours,
                                          jak_route, step_h=step, potency=potency)
            lines.append(dict(x=compact(sim["t_h"]), y=compact(sim[readout])))
        xs, ys, sds = [], [], []
        if result is not None and readout in engine.READOUTS:
            times = sorted(wells.get(name, {}))
            dodge = (gi - (k - 1) / 2) * hours / 100  # side by side, so error bars do not hide each other
            xs = [round(t + dodge, 3) for t in times]
            ys = compact(np.array([np.mean(wells[name][t]) for t in times]))
            sds = compact(np.array([np.std(wells[name][t], ddof=1) for t in times]))
        points.append(dict(x=xs, y=ys, error_y=dict(type="data", array=sds, visible=True, thickness=1.2, width=5)))
    return lines + points


def time_course_figure(groups: Mapping[str, Mapping[str, float]] | None = None, jak_route: str = "JAK2",
                       hours: float = 72, readout: str = "calcium",
                       result: engine.ExperimentResult | None = None, potency: str = "enzyme") -> go.Figure:
    """Model time course of ``readout`` per group (lines) with the simulated wells' mean ± SD (markers).

    The title names the assumed JAK route and potency set. Each trace's ``meta`` names its group and
    part: ``{"group": name, "part": "model"}`` (the line), ``{"group": name, "part": "wells"}`` (the markers).
    """
    groups = engine.default_groups() if groups is None else groups
    data = time_course_data(groups, jak_route, hours, readout, result, potency)
    fig = go.Figure()
    names = list(groups)
    for i, name in enumerate(names):
        colour = GROUP_COLOURS[i % len(GROUP_COLOURS)]
        fig.add_trace(go.Scatter(name=f"{_group_label(name, groups[name])}: model", mode="lines", legendgroup=name,
                                 line=dict(color=colour, dash=DASHES[i % len(DASHES)], width=2.2),
                                 hovertemplate=f"{name}: %{{y:.2f}} at %{{x}} h<extra></extra>",
                                 meta={"group": name, "part": "model"}, **data[i]))
    for i, name in enumerate(names):
        colour = GROUP_COLOURS[i % len(GROUP_COLOURS)]
        fig.add_trace(go.Scatter(name=f"{name}: wells, mean ± SD", mode="markers", legendgroup=name,
                                 marker=dict(color=colour, symbol=SYMBOLS[i % len(SYMBOLS)], size=9,
                                             line=dict(color="white", width=1)),
                                 error_y=data[len(names) + i]["error_y"], x=data[len(names) + i]["x"],
                                 y=data[len(names) + i]["y"],
                                 hovertemplate=f"{name}: %{{y:.2f}} (wells, mean)<extra></extra>",
                                 meta={"group": name, "part": "wells"}))
    fig.add_hline(y=1.0, line=dict(color="#888888", dash="dot", width=1))
    fig.update_xaxes(title_text="time after IL-6 (h)", range=[0, hours * 1.02], dtick=24 if hours <= 96 else 48)
    fig.update_yaxes(title_text=f"{READOUT_LABEL.get(readout, readout)} (× baseline)", rangemode="tozero")
    finish(fig, title=time_course_title(readout, jak_route, potency),
           alt=(f"Simulated time course of {READOUT_LABEL.get(readout, readout)} over {hours:g} hours in "
                + ", ".join(names) + "; lines are the model, markers the mean and SD of simulated wells."),
           height=560)
    # under the plot, one column per group (its model line over its wells); columns wrap on a phone
    legend_below(fig, font=dict(size=11), tracegroupgap=10)
    return mark_simulated(fig)


def time_course_title(readout: str, jak_route: str, potency: str = "enzyme", head: str | None = None) -> str:
    """The time course's title: the readout (or ``head``), then the assumed route and potency set."""
    head = head or f"{READOUT_LABEL.get(readout, readout)} in VSMC cultures"
    paper = " (the paper's assumption)" if jak_route == "JAK2" else ""
    return f"{head}:<br>route {jak_route}{paper},<br>{POTENCY_TEXT[potency]}"


def _time_course_traces(fig: go.Figure) -> dict[tuple[str, str], go.Scatter]:
    """The traces of a :func:`time_course_figure` by ``(group, part)`` of their ``meta``."""
    return {(t.meta["group"], t.meta["part"]): t for t in fig.data if isinstance(t.meta, dict) and "part" in t.meta}


def apply_time_course(fig: go.Figure, data: list[dict], groups: Sequence[str] | None = None) -> None:
    """Write :func:`time_course_data` of ``groups`` (default: the figure's own) into the figure's traces (in place)."""
    traces = _time_course_traces(fig)
    names = list(dict.fromkeys(g for g, _ in traces)) if groups is None else list(groups)
    k = len(names)
    for gi, name in enumerate(names):
        for trace, d in ((traces[(name, "model")], data[gi]), (traces[(name, "wells")], data[k + gi])):
            trace.x, trace.y = d["x"], d["y"]
            if "error_y" in d:
                trace.error_y.array = d["error_y"]["array"]


def build_lab_time_course() -> go.Figure:
    """The live lab's time course before its first update: every group the lab can have (:func:`lab_groups`)."""
    fig = time_course_figure(lab_groups(), "JAK2", 72, "calcium", None)
    return finish(fig, title="Time course", alt="Simulated time course of the chosen readout in each group.",
                  height=420)


def update_lab_time_course(fig: go.Figure, groups: Mapping[str, Mapping[str, float]], *, jak_route: str,
                           hours: float, readout: str, potency: str, il6_ng_ml: float,
                           result: engine.ExperimentResult | None, memo: dict | None = None) -> None:
    """Redraw a :func:`build_lab_time_course` figure (a ``FigureWidget`` too) in place for the lab's settings.

    ``groups`` are the groups shown (the others' traces are hidden), ``result`` the experiment whose
    wells are drawn (None: no wells). ``memo`` (a dict the caller keeps between calls) holds the model
    lines, so they are solved again only when the groups, route, hours, readout or potency change.
    """
    memo = {} if memo is None else memo
    key = (tuple((n, tuple(sorted(spec.items()))) for n, spec in groups.items()), jak_route, hours, readout, potency)
    known = memo.get("lines") if memo.get("key") == key else None
    data = time_course_data(groups, jak_route, hours, readout, result, potency, lines=known)
    names = list(groups)
    k = len(names)
    memo.update(key=key, lines=data[:k])
    label = READOUT_LABEL[readout]
    traces = _time_course_traces(fig)
    with fig.batch_update():
        for (name, part), trace in traces.items():
            shown = name in groups
            trace.visible = shown
            if not shown:
                continue
            gi = names.index(name)
            if part == "wells":
                trace.x, trace.y = data[k + gi]["x"], data[k + gi]["y"]
                trace.error_y.array = data[k + gi]["error_y"]["array"]
            elif known is None:
                trace.x, trace.y = data[gi]["x"], data[gi]["y"]
        for name, spec in groups.items():  # the inhibitor groups' legend names follow the dose
            if spec.get("tofacitinib_nM", 0) > 0:
                traces[(name, "model")].name = f"{_group_label(name, spec)}: model"
        fig.layout.xaxis.range = [0, hours * 1.02]
        fig.layout.xaxis.dtick = 24 if hours <= 96 else 48
        fig.layout.yaxis.title.text = f"{label} (× baseline)"
        head = (f"{label} with IL-6 {il6_ng_ml:g} ng/ml"
                + (" (model only: not measured)" if readout not in engine.READOUTS else ""))
        fig.layout.title.text = wrap_text(time_course_title(readout, jak_route, potency, head=head))
        fit_top(fig)  # the title's lines change with the readout


def calcium_time_course(hours: float = 72, n_replicates: int = 3, seed: int = 0, noise: float = 0.15,
                        potency: str = "enzyme") -> go.Figure:
    """Static explorer: calcium over 0-72 h in control, IL-6 and IL-6 + tofacitinib, per JAK route.

    Lines: the model; markers: mean ± SD of ``n_replicates`` simulated wells at 24, 48, 72 h. The
    paper measured calcium only in control vs IL-6 (chapter 9's caution "a short time frame and an unusual sample"): the inhibitor group is a prediction.
    The title names the route shown (JAK2, the paper's assumption, first) and the potency set.
    """
    groups = engine.default_groups()
    per_route = {}
    for route in engine.ROUTES:
        res = engine.run_experiment(groups, n_replicates, (24, 48, 72), seed, noise, jak_route=route,
                                    readouts=("calcium",), potency=potency)
        per_route[route] = time_course_data(groups, route, hours, "calcium", res, potency)
    fig = time_course_figure(groups, "JAK2", hours, "calcium", None, potency)
    apply_time_course(fig, per_route["JAK2"])
    tofa_name = "IL-6 + tofacitinib"
    fig.update_traces(name=f"{_group_label(tofa_name, groups[tofa_name])}: model<br>(not measured in the paper)",
                      selector=dict(meta={"group": tofa_name, "part": "model"}))
    buttons = []
    for route in engine.ROUTES:
        d = per_route[route]
        errors = [x["error_y"]["array"] if "error_y" in x else None for x in d]  # None: lines have no error bars
        buttons.append(dict(label=f"route: {route}", method="update",
                            args=[{"y": [x["y"] for x in d], "error_y.array": errors},
                                  slider_steps_title(_route_title("Calcium in VSMC cultures:", route, potency))]))
    fig.update_layout(updatemenus=[_route_buttons(buttons)])
    finish(fig, title=_route_title("Calcium in VSMC cultures:", "JAK2", potency),
           alt=("Simulated calcium content over 72 hours: it stays at baseline without IL-6, rises progressively "
                "from 24 to 72 hours with IL-6 100 ng/ml, and rises less with tofacitinib added; markers show the "
                f"mean and SD of {n_replicates} simulated wells. Shown first: route JAK2 (the paper's assumption), "
                f"{POTENCY_TEXT[potency]}; buttons switch the route."),
           height=620)
    return fig  # time_course_figure has stamped it 'simulated' already


# --------------------------------------------------------------------------- Western blot
def lane_letters(result: engine.ExperimentResult) -> dict[str, str]:
    """Each group's lane letters on the blot and in the tables: ``C``, ``I``, ``I+T``, ``T`` (others by position)."""
    names = list(result.groups)
    return {g: ABBREVIATIONS.get(g, chr(ord("A") + i)) for i, g in enumerate(names)}


def blot_data(result: engine.ExperimentResult, time_h: float = 24) -> dict:
    """Everything the blot figure shows for one result (heatmap, bars, marks) and its P values
    (``header`` and ``cells``, columns of :func:`p_value_table_html`)."""
    bands = engine.blot_bands(result, time_h)
    abbr = lane_letters(result)
    present = set(bands["group"])
    groups = [g for g in result.groups if g in present]
    proteins = list(engine.BLOT_READOUTS) + [engine.LOADING_CONTROL]
    lanes = [f"{abbr[g]}{r}" for g in groups for r in range(1, result.settings["n_replicates"] + 1)]
    by_protein = {protein: [] for protein in proteins}
    for protein, value in zip(bands["protein"], bands["intensity"]):
        by_protein[protein].append(value)
    z = [compact(np.asarray(by_protein[protein]), 3) for protein in proteins]
    m = result.measurements
    wells: dict = {}
    for g, r, t, v in m[["group", "readout", "time_h", "value"]].itertuples(index=False):
        if t == float(time_h) and r in engine.BLOT_READOUTS:
            wells.setdefault((g, r), []).append(v)
    stats = {key: (float(np.mean(v)), float(np.std(v, ddof=1))) for key, v in wells.items()}
    pvalues = {(r, a, b): p for r, t, a, b, p in
               result.pairwise[["readout", "time_h", "group_a", "group_b", "p"]].itertuples(index=False)
               if t == float(time_h)}
    anova_p = {r: p for r, t, p in result.anova[["readout", "time_h", "p"]].itertuples(index=False)
               if t == float(time_h)}
    k = len(groups)
    width = 0.8 / k
    bars, marks_x, marks_y, marks_t = [], [], [], []
    for gi, g in enumerate(groups):
        xs, ys, sds = [], [], []
        for pi, protein in enumerate(engine.BLOT_READOUTS):
            x = pi + (gi - (k - 1) / 2) * width
            xs.append(round(x, 4))
            if (g, protein) in stats:
                mean, sd = stats[(g, protein)]
                ys.append(mean)
                sds.append(sd)
                mark = ""
                for ref_i, sym in ((0, "*"), (1, "#")):
                    if gi > ref_i:
                        p = pvalues.get((protein, g, groups[ref_i]))
                        if p is not None and p < engine.SIGNIFICANCE:
                            mark += sym
                if mark:
                    marks_x.append(round(x, 4))
                    marks_y.append(float(mean + sd) + 0.12)
                    marks_t.append(mark)
            else:
                ys.append(None)
                sds.append(None)
        bars.append(dict(x=xs, y=compact(ys, 3), error_y=dict(type="data", array=compact(sds, 3), visible=True,
                                                               thickness=1.2, width=4)))
    pairs = [(groups[i], groups[j]) for i in range(1, k) for j in range(i)]
    header = ["protein", "ANOVA P"] + [f"{abbr[a]} vs {abbr[b]}" for a, b in pairs]
    columns = [list(engine.BLOT_READOUTS), []] + [[] for _ in pairs]
    for protein in engine.BLOT_READOUTS:
        columns[1].append(_p_text(anova_p[protein]) if protein in anova_p else "not measured")
        for ci, (a, b) in enumerate(pairs):
            p = pvalues.get((protein, a, b))
            columns[2 + ci].append(_p_text(p) if p is not None else "–")
    return dict(lanes=lanes, proteins=proteins, z=z, bars=bars, groups=groups,
                marks=dict(x=marks_x, y=compact(marks_y, 3), text=marks_t), header=header, cells=columns)


def _blot_zmax(datas: Sequence[dict]) -> float:
    """The top of the blot's grey scale for :func:`blot_data` ``datas``: the darkest band, at least 2.5."""
    return max(2.5, max(v for d in datas for row in d["z"] for v in row if v is not None) * 1.05)


def _bars_top(datas: Sequence[dict], sd: bool = True) -> float:
    """The highest bar of :func:`blot_data` ``datas`` (with its SD when ``sd``), at least 1."""
    return max([y + ((s or 0) if sd else 0) for d in datas for b in d["bars"]
                for y, s in zip(b["y"], b["error_y"]["array"]) if y is not None] + [1.0])


def blot_figure(result: engine.ExperimentResult, time_h: float = 24, zmax: float | None = None) -> go.Figure:
    """A simulated Western blot (bands as a grey-scale heatmap, one lane per well) with densitometry.

    Bars: mean ± SD of band density relative to beta-actin (control baseline = 1); ``*`` = P < 0.05
    vs the first group (control), ``#`` = P < 0.05 vs the second group (IL-6), Fisher's LSD after a
    one-way ANOVA. The P values themselves are a table beside the figure, not in it
    (:func:`p_value_table_html`, :func:`western_blot_p_values`): a screen reader reads it, and the site's
    plotly.js has no table trace.

    Stacked so that every part has the figure's full width (a phone too): the blot, the group
    legend, the bars, and a note on lanes and marks.
    """
    d = blot_data(result, time_h)
    zmax = zmax or _blot_zmax([d])
    fig = go.Figure()
    fig.add_trace(go.Heatmap(x=d["lanes"], y=d["proteins"], z=d["z"], zmin=0, zmax=zmax, xgap=5, ygap=14,
                             colorscale=[[0, "#ffffff"], [1, "#111111"]], showscale=False, xaxis="x", yaxis="y",
                             hovertemplate="%{y}, lane %{x}: %{z:.2f}<extra></extra>", name="blot"))
    for gi, g in enumerate(d["groups"]):
        b = d["bars"][gi]
        fig.add_trace(go.Bar(x=b["x"], y=b["y"], error_y=b["error_y"], width=0.8 / len(d["groups"]) * 0.92,
                             name=_group_label(g, result.groups[g]), xaxis="x2", yaxis="y2", meta={"group": g},
                             marker=dict(color=GROUP_COLOURS[gi % len(GROUP_COLOURS)],
                                         pattern=dict(shape=PATTERNS[gi % len(PATTERNS)], fgcolor="white", size=7),
                                         line=dict(color="#222222", width=0.8)),
                             hovertemplate=f"{g}: %{{y:.2f}}<extra></extra>"))
    fig.add_trace(go.Scatter(x=d["marks"]["x"], y=d["marks"]["y"], text=d["marks"]["text"], mode="text",
                             textfont=dict(size=16, color="#000000"), xaxis="x2", yaxis="y2", showlegend=False,
                             hoverinfo="skip", name="significance"))
    top = _bars_top([d], sd=False)
    fig.update_layout(
        xaxis=dict(domain=[0, 1], anchor="y", type="category", showgrid=False, tickfont=dict(size=10)),
        yaxis=dict(anchor="x", type="category", autorange="reversed",
                   showgrid=False, automargin=True),
        xaxis2=dict(domain=[0, 1], anchor="y2", tickvals=list(range(len(engine.BLOT_READOUTS))),
                    ticktext=list(engine.BLOT_READOUTS), range=[-0.6, len(engine.BLOT_READOUTS) - 0.4]),
        yaxis2=dict(anchor="x2",
                    title=dict(text=f"density / {engine.LOADING_CONTROL}<br>(× control)"),
                    range=[0, max(3.0, top * 1.5)]),
        barmode="overlay",
        legend=dict(orientation="h", x=0.0, yanchor="top", font=dict(size=11)),
        plot_bgcolor="white",
    )
    first, second = (list(result.groups) + ["", ""])[:2]
    note = (wrap_text(_lane_legend(result), 46)
            + f"<br>* {SIGNIFICANT_TEXT} vs {first}, # {SIGNIFICANT_TEXT} vs {second}"
            "<br>(Fisher's LSD after one-way ANOVA)<br>P values: in the table")
    fig.add_annotation(text=note.replace(" <br>", "<br>"), xref="paper", yref="paper", x=0.0,
                       y=0.0, showarrow=False, xanchor="left", yanchor="top", name="blot-note",
                       align="left", font=dict(size=11, color="#333333"))
    n = result.settings["n_replicates"]
    finish(fig, title=f"Simulated Western blot at {time_h:g} h:<br>n = {n} wells per group;<br>"
                      f"{assumptions_text(result.settings)}",
           alt=(f"Simulated Western blot at {time_h:g} hours for TNAP, Runx2, total Jak2 and "
                f"{engine.LOADING_CONTROL}, one lane "
                "per well, with densitometry bars (mean and SD) and LSD significance marks. The model "
                f"{assumptions_text(result.settings)}."), height=720)
    _blot_layout(fig, slider=False)
    return mark_simulated(fig)


#: Paper heights of the blot figure's parts, top to bottom (the blot, then the bars), and where the note on
#: lanes and marks starts: in the bottom margin without a slider, under the explorer's slider with one.
_BLOT_DOMAINS = {False: {"blot": (0.66, 1.0), "bars": (0.0, 0.5), "note": -0.07},
                 True: {"blot": (0.72, 1.0), "bars": (0.29, 0.6), "note": 0.085}}


def _blot_layout(fig: go.Figure, slider: bool) -> None:
    """Place the blot figure's parts (see :data:`_BLOT_DOMAINS`)."""
    d = _BLOT_DOMAINS[slider]
    fig.update_layout(yaxis=dict(domain=list(d["blot"])), yaxis2=dict(domain=list(d["bars"])),
                      legend=dict(y=d["blot"][0] - 0.045), margin=dict(b=20 if slider else 110))
    fig.update_annotations(y=d["note"], selector=dict(name="blot-note"))


def _lane_legend(result: engine.ExperimentResult) -> str:
    return "Lanes and table: " + ", ".join(f"{a} = {g}" for g, a in lane_letters(result).items()) + " (number = well)"


def _named(fig: go.Figure, name: str):
    """The trace of ``fig`` called ``name``."""
    return next(t for t in fig.data if t.name == name)


def apply_blot(fig: go.Figure, d: dict) -> None:
    """Write :func:`blot_data` into an existing :func:`blot_figure` (in place).

    Each bar trace is found by its group (``meta``). The figure may have bars of more groups than
    ``d`` has (the lab's inhibitor-only group, off): those are emptied and hidden from the legend.
    """
    bands = _named(fig, "blot")
    bands.x, bands.y, bands.z = d["lanes"], d["proteins"], d["z"]
    bars = dict(zip(d["groups"], d["bars"]))
    for trace in fig.data:
        if isinstance(trace, go.Bar):
            group = (trace.meta or {}).get("group")
            b = bars.get(group, {"x": [], "y": [], "error_y": {"array": []}})
            trace.x, trace.y = b["x"], b["y"]
            trace.error_y.array = b["error_y"]["array"]
            trace.showlegend = group in bars
    marks = _named(fig, "significance")
    marks.x, marks.y, marks.text = d["marks"]["x"], d["marks"]["y"], d["marks"]["text"]


def build_lab_blot() -> go.Figure:
    """The live lab's blot before its first update: a bar trace for every group the lab can have."""
    fig = blot_figure(_lab_template_result(), 24)
    finish(fig, title="Simulated Western blot at 24 h",
           alt="Simulated Western blot with densitometry and LSD significance marks for each group.", height=640)
    return fig.update_layout(margin=dict(b=110))


def update_lab_blot(fig: go.Figure, result: engine.ExperimentResult | None, time_h: float | None) -> None:
    """Redraw a :func:`build_lab_blot` figure (a ``FigureWidget`` too) in place: ``result``'s blot at ``time_h``.

    Without a result (no time point chosen) the blot is emptied and its title says so.
    """
    with fig.batch_update():
        if result is not None:
            d = blot_data(result, time_h)
            apply_blot(fig, d)
            for trace in fig.data:
                group = (trace.meta or {}).get("group") if isinstance(trace, go.Bar) else None
                if group in d["groups"]:
                    trace.name = _group_label(group, result.groups[group])
            _named(fig, "blot").zmax = _blot_zmax([d])
            fig.layout.yaxis2.range = [0, max(3.0, _bars_top([d]) * 1.3)]
            n, noise = result.settings["n_replicates"], result.settings["noise"]
            fig.layout.title.text = wrap_text(f"Simulated Western blot at {time_h:g} h: n = {n} wells "
                                              f"per group, noise CV {noise * 100:.0f} %;<br>"
                                              f"{assumptions_text(result.settings)}")
        else:
            empty_blot(fig, "Simulated Western blot: no blot, no time point chosen")
        fit_top(fig)


def _explorer_results(replicates: Sequence[int], noise: float, seed: int, time_h: float,
                      jak_route: str = "JAK2", potency: str = "enzyme") -> dict[int, engine.ExperimentResult]:
    return {n: engine.run_experiment(n_replicates=n, hours=(time_h,), seed=seed, noise=noise,
                                     readouts=engine.BLOT_READOUTS, jak_route=jak_route, potency=potency)
            for n in replicates}


def western_blot_explorer(replicates: Sequence[int] = tuple(range(2, 9)), noise: float = 0.25, seed: int = 4,
                          time_h: float = 24, start: int = 3, jak_route: str = "JAK2",
                          potency: str = "enzyme") -> go.Figure:
    """Static explorer: a simulated 24 h Western blot and its significance marks for 2-8 wells per group.

    Each slider step is :func:`widgets.calcification.run_experiment` with the same seed (so more
    wells keep the first ones and add new ones), the default groups (tofacitinib at the teaching
    dose), noise CV ``noise`` (25 %: blot densitometry is noisy) and the paper's statistics.
    Students see at which n the '*' (P < 0.05, :data:`widgets.calcification.SIGNIFICANCE`) marks appear and
    which comparisons stay unsure;
    :func:`western_blot_p_values` (same arguments) tabulates the P values of every step.
    """
    if start not in replicates:
        raise ValueError(f"start must be one of replicates {list(replicates)}, got {start!r}")
    results = _explorer_results(replicates, noise, seed, time_h, jak_route, potency)
    datas = {n: blot_data(results[n], time_h) for n in replicates}
    zmax = _blot_zmax(list(datas.values()))
    ymax = max(3.0, _bars_top(list(datas.values())) * 1.25)
    fig = blot_figure(results[start], time_h, zmax=zmax)
    fig.update_layout(yaxis2=dict(range=[0, ymax]))

    def title(n: int) -> str:
        return (f"Simulated Western blot at {time_h:g} h:<br>n = {n} wells per group "
                f"(noise CV {noise * 100:.0f} %);<br>{assumptions_text(results[start].settings)}")

    k = len(datas[start]["bars"])
    steps = []
    for n in replicates:
        d = datas[n]
        data_update = {
            "x": [d["lanes"]] + [b["x"] for b in d["bars"]] + [d["marks"]["x"]],
            "y": [d["proteins"]] + [b["y"] for b in d["bars"]] + [d["marks"]["y"]],
            # one restyle over every trace: None where an attribute does not belong to that trace type
            "z": [d["z"]] + [None] * (k + 1),
            "error_y.array": [None] + [b["error_y"]["array"] for b in d["bars"]] + [None],
            "text": [None] * (k + 1) + [d["marks"]["text"]],
        }
        steps.append(dict(label=str(n), method="update",
                          args=[data_update, slider_steps_title(title(n)), list(range(k + 2))]))
    # the slider right under the bars' labels, above the note on lanes and marks
    fig.update_layout(sliders=[dict(active=list(replicates).index(start), steps=steps, x=0.0, len=1.0,
                                    y=_BLOT_DOMAINS[True]["bars"][0] - 0.05, yanchor="top",
                                    currentvalue=dict(prefix="wells per group: ", font=dict(size=13)),
                                    pad=dict(t=0, b=0), font=dict(size=11))])
    finish(fig, title=title(start),
           alt=("Simulated Western blot at 24 hours for TNAP, Runx2, total Jak2 and "
                f"{engine.LOADING_CONTROL}, one lane per well, "
                "with densitometry bars (mean and SD) and LSD significance marks; the slider changes the number of "
                "wells per group from 2 to 8, and significance marks appear as the number of wells grows. The P "
                "values of every step are in the table under the figure. The model "
                f"{assumptions_text(results[start].settings)}."),
           height=820)
    _blot_layout(fig, slider=True)
    return fig  # blot_figure has stamped it 'simulated' already


class HTMLTable:
    """A table for notebooks and the book alike: JupyterLab shows its HTML (``_repr_html_``), MyST-NB puts
    that HTML into the page as a real ``<table>`` (screen readers read it cell by cell)."""

    def __init__(self, html_text: str):
        self.html = html_text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"HTMLTable({len(self.html)} characters of HTML)"


def p_value_table_html(datas: Mapping[str, dict], caption: str) -> str:
    """An accessible HTML table of the blot's P values: a row per protein and test (the one-way ANOVA, then
    each LSD comparison), a column per :func:`blot_data` in ``datas`` (``{column heading: blot_data}``,
    all of the same groups). ``*`` marks P < 0.05. The caption is plain text (escaped here)."""
    if not datas:
        raise ValueError("datas must hold at least one blot_data, got none")
    first = next(iter(datas.values()))
    tests = first["header"][1:]
    proteins = first["cells"][0]
    head = ("<tr><th scope='col'>protein</th><th scope='col'>test</th>"
            + "".join(f"<th scope='col'>{html.escape(name)}</th>" for name in datas) + "</tr>")
    rows = []
    for pi, protein in enumerate(proteins):
        for ti, test in enumerate(tests):
            cells = "".join(f"<td>{html.escape(d['cells'][1 + ti][pi])}</td>" for d in datas.values())
            rows.append(f"<tr><th scope='row'>{html.escape(protein)}</th><th scope='row'>{html.escape(test)}</th>"
                        f"{cells}</tr>")
    return (f"<div class='course-table' role='region' aria-label='{html.escape(caption.split('.')[0], quote=True)}' "
            "tabindex='0' style='overflow-x:auto'>"
            "<table class='course-stats' style='border-collapse:collapse;font-size:90%'>"
            f"<caption style='text-align:left'>{html.escape(caption)}</caption>"
            f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></div>")


def western_blot_p_values(replicates: Sequence[int] = tuple(range(2, 9)), noise: float = 0.25, seed: int = 4,
                          time_h: float = 24, jak_route: str = "JAK2", potency: str = "enzyme") -> HTMLTable:
    """The P values of :func:`western_blot_explorer` (same arguments, same simulated wells) for every number
    of wells side by side: where a comparison first reaches P < 0.05, and where it flips back."""
    results = _explorer_results(replicates, noise, seed, time_h, jak_route, potency)
    datas = {f"n = {n}": blot_data(results[n], time_h) for n in replicates}
    lanes = lane_letters(results[replicates[0]])
    key = ", ".join(f"{a} = {g}" for g, a in lanes.items())
    caption = (f"Simulated Western blot at {time_h:g} h, P values for {min(replicates)} to {max(replicates)} wells "
               f"per group (noise CV {noise * 100:.0f} %). One-way ANOVA across the groups, then Fisher's LSD; "
               f"* {SIGNIFICANT_TEXT}. {key}. The model {assumptions_text(results[replicates[0]].settings)}.")
    return HTMLTable(p_value_table_html(datas, caption))


# --------------------------------------------------------------------------- the virtual lab in the browser
def lab_groups(il6_ng_ml: float | None = None, tofacitinib_nM: float | None = None) -> dict[str, dict]:
    """Every group the virtual lab can have: the paper's three and the inhibitor-only group."""
    groups = engine.default_groups(il6_ng_ml, tofacitinib_nM)
    groups[engine.INHIBITOR_ALONE] = {"il6_ng_ml": 0.0, "tofacitinib_nM": groups["IL-6 + tofacitinib"]["tofacitinib_nM"]}
    return groups


def lab_figure_specs() -> dict:
    """The browser lab's two figures as templates (``{"time_course", "blot"}``, each ``{"data", "layout"}``).

    Drawn for every group the lab can have (:func:`lab_groups`), in the order the page fills them:
    the time course's model lines then the wells' markers, one per group; the blot's heatmap, one bar
    trace per group, then the significance marks. Both carry the *simulated* stamp. ``lanes`` gives
    each group's lane letters (``C``, ``I``, ``I+T``, ``T``).
    """
    from .remodeling import browser_spec

    result = _lab_template_result()
    course = time_course_figure(lab_groups(), "JAK2", 72, "calcium", None)
    blot = blot_figure(result, 24)
    return {"time_course": browser_spec(course), "blot": browser_spec(blot), "lanes": lane_letters(result)}


def _lab_template_result() -> engine.ExperimentResult:
    """A small blot experiment of every group the lab can have: the data its figures' templates are drawn from."""
    return engine.run_experiment(lab_groups(), 3, (24,), 0, 0.15, readouts=engine.BLOT_READOUTS)


def empty_blot(fig: go.Figure, message: str) -> None:
    """Clear a :func:`blot_figure` in place (no bands, bars or marks) and put ``message`` in its title."""
    for trace in fig.data:
        trace.x, trace.y = [], []
        if isinstance(trace, go.Heatmap):
            trace.z = []
        elif isinstance(trace, go.Bar):
            trace.error_y.array = []
        else:
            trace.text = []
    fig.layout.title.text = wrap_text(message)
