"""Figures of the bone-remodeling model: static explorers and plain figures.

Every explorer is a plain plotly figure whose sliders or menus switch between results
precomputed from :mod:`widgets.remodeling`, so it works on the static site with no Python.
All figures show model output and carry the *simulated* stamp.
"""

from __future__ import annotations

import copy
import json
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from .. import remodeling as rm
from . import (DASHES, PALETTE, SYMBOLS, compact, finish, legend_below, mark_simulated, slider_steps_title,
               wrap_text)

__all__ = ["cytokine_explorer", "all_cytokines_explorer", "scenario_explorer", "il6_dual_effect", "time_course",
           "simulator_figure", "fill_simulator_figure", "simulator_spec"]

LEVELS = (0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
_WEEK = 7
_BV_TITLE = "bone volume<br>(% of start)"     # two lines: each fits its panel's height on a phone
_RATIO_TITLE = "RANKL/OPG<br>(× healthy)"


def _weekly(df: pd.DataFrame) -> pd.DataFrame:
    """Every 7th day plus the last row (keeps figure JSON small)."""
    idx = list(range(0, len(df), _WEEK))
    if idx[-1] != len(df) - 1:
        idx.append(len(df) - 1)
    return df.iloc[idx]


def _padded(lo: float, hi: float, pad: float = 0.05) -> list[float]:
    span = max(hi - lo, 1e-9)
    return [lo - pad * span, hi + pad * span]


def _two_rows(height_ratio=(0.55, 0.45)) -> go.Figure:
    return make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1, row_heights=list(height_ratio))


def _menu(buttons: list, active: int) -> dict:
    """A dropdown between the title and the plot (placed by :func:`widgets.pictures.fit_top`)."""
    return dict(type="dropdown", buttons=buttons, active=active, x=0.0, xanchor="left", y=1.0, yanchor="bottom",
                showactive=True, font=dict(size=12))


def _menu_label(label: str, width: int = 30) -> str:
    """A menu label broken into lines of at most ``width`` characters (keeps the dropdown phone-narrow)."""
    return wrap_text(label, width).replace(" <br>", "<br>")


def _slider(steps: list, active: int, prefix: str) -> dict:
    """A slider under the x-axis title (its top ``pad`` clears the tick labels and the axis title)."""
    return dict(active=active, steps=steps, x=0.0, len=1.0, y=0.0, yanchor="top", pad=dict(t=62, b=4),
                currentvalue=dict(prefix=prefix, font=dict(size=13)), font=dict(size=11))


def _references(fig: go.Figure, t: list, days: float) -> None:
    """Dotted black healthy lines (bone volume 100 %, ratio 1)."""
    fig.add_trace(go.Scatter(x=[0, days], y=[100, 100], name="healthy", mode="lines", legendgroup="healthy",
                             line=dict(color=PALETTE["black"], dash="dot", width=1.5), hoverinfo="skip"), 1, 1)
    fig.add_trace(go.Scatter(x=[0, days], y=[1, 1], name="healthy", mode="lines", legendgroup="healthy",
                             showlegend=False, line=dict(color=PALETTE["black"], dash="dot", width=1.5),
                             hoverinfo="skip"), 2, 1)


def cytokine_explorer(cytokine: str, levels=LEVELS, days: int = 365) -> go.Figure:
    """Slider over ``cytokine``'s level: bone volume and RANKL/OPG over ``days`` (static explorer).

    ``levels`` are relative to healthy (1 = healthy). The slider starts at the first level above 1.
    """
    name = rm.canonical_cytokine(cytokine)
    levels = [float(v) for v in levels]
    if not levels:
        raise ValueError("levels: an empty list is not allowed; allowed: one or more levels >= 0")
    runs = {lv: _weekly(rm.simulate(days, {name: lv})) for lv in levels}
    t = compact(runs[levels[0]]["t"])
    bv = {lv: compact(df["bone_volume"]) for lv, df in runs.items()}
    ratio = {lv: compact(df["RANKL_OPG_rel"]) for lv, df in runs.items()}
    above = [lv for lv in levels if lv > 1]
    start = above[0] if above else levels[-1]

    def title(lv: float) -> str:
        end = bv[lv][-1]
        return (f"{name} at {lv:g}× healthy: bone volume {end:.1f} %<br>after {days} days, "
                f"RANKL/OPG {ratio[lv][-1]:.2f}× healthy")

    fig = _two_rows()
    fig.add_trace(go.Scatter(x=t, y=bv[start], name="bone volume", mode="lines",
                             line=dict(color=PALETTE["blue"], width=3)), 1, 1)
    fig.add_trace(go.Scatter(x=t, y=ratio[start], name="RANKL/OPG", mode="lines",
                             line=dict(color=PALETTE["vermillion"], dash="dash", width=3)), 2, 1)
    _references(fig, t, days)
    steps = [dict(method="update", label=f"{lv:g}×",
                  args=[{"y": [bv[lv], ratio[lv]]}, slider_steps_title(title(lv)), [0, 1]])
             for lv in levels]
    gaps = {round(b - a, 9) for a, b in zip(levels, levels[1:])}
    # a slider spaces its steps evenly: say so when the levels are not (0, 0.5, 1, 2, 3, 5, 10)
    prefix = f"{name} level (uneven steps): " if len(gaps) > 1 else f"{name} level: "
    fig.update_layout(sliders=[_slider(steps, levels.index(start), prefix)])
    all_bv = [v for lv in levels for v in bv[lv]] + [100]
    all_ratio = [v for lv in levels for v in ratio[lv]] + [1]
    fig.update_yaxes(title_text=_BV_TITLE, range=_padded(min(all_bv), max(all_bv)), row=1, col=1)
    fig.update_yaxes(title_text=_RATIO_TITLE, range=_padded(min(all_ratio), max(all_ratio)), row=2, col=1)
    fig.update_xaxes(title_text="time (days)", row=2, col=1)
    direction = "lowers" if bv[levels[-1]][-1] < 100 else "raises"
    finish(fig, title=title(start), height=640,
           alt=(f"Two line charts of simulated bone volume and RANKL/OPG ratio over {days} days; a slider sets "
                f"{name} from {levels[0]:g} to {levels[-1]:g} times healthy. In this model, raising {name} "
                f"{direction} bone volume."))
    legend_below(fig)
    fig.update_layout(margin=dict(b=170))
    return mark_simulated(fig)


def all_cytokines_explorer(levels=(0.0, 1.0, 3.0, 10.0), days: int = 365) -> go.Figure:
    """Menu over the six cytokines; each shows bone volume and RANKL/OPG for several levels."""
    levels = [float(v) for v in levels]
    fig = _two_rows()
    buttons = []
    n_per = 2 * len(levels)
    ends = {}
    for ci, name in enumerate(rm.CYTOKINES):
        for li, lv in enumerate(levels):
            df = _weekly(rm.simulate(days, {name: lv}))
            t = compact(df["t"])
            style = dict(color=_colour(li, len(levels)), dash=DASHES[li % len(DASHES)], width=2.5)
            fig.add_trace(go.Scatter(x=t, y=compact(df["bone_volume"]), name=f"{lv:g}× healthy", mode="lines",
                                     legendgroup=f"{lv:g}", visible=ci == 0, line=style), 1, 1)
            fig.add_trace(go.Scatter(x=t, y=compact(df["RANKL_OPG_rel"]), name=f"{lv:g}× healthy",
                                     mode="lines", legendgroup=f"{lv:g}", showlegend=False, visible=ci == 0,
                                     line=style), 2, 1)
            ends[(name, lv)] = float(df["bone_volume"].iloc[-1])
    total = n_per * len(rm.CYTOKINES)

    def title(name: str) -> str:
        return (f"{name}: bone volume after {days} days<br>from {ends[(name, levels[0])]:.1f} % "
                f"({levels[0]:g}×) to {ends[(name, levels[-1])]:.1f} % ({levels[-1]:g}×)")

    for ci, name in enumerate(rm.CYTOKINES):
        visible = [ci * n_per <= i < (ci + 1) * n_per for i in range(total)]
        buttons.append(dict(method="update", label=name, args=[{"visible": visible}, slider_steps_title(title(name))]))
    fig.update_layout(updatemenus=[_menu(buttons, 0)])
    fig.update_yaxes(title_text=_BV_TITLE, row=1, col=1)
    fig.update_yaxes(title_text=_RATIO_TITLE, row=2, col=1)
    fig.update_xaxes(title_text="time (days)", row=2, col=1)
    finish(fig, title=title(rm.CYTOKINES[0]), height=640,
           alt=(f"Line charts of simulated bone volume and RANKL/OPG over {days} days for each of the six "
                "cytokines at several levels, chosen from a menu. TNF-α, IL-1, IL-6 and IL-8 lower bone volume "
                "when raised; IL-10 and IL-33 protect it."))
    legend_below(fig, title=dict(text="level: "))
    return mark_simulated(fig)


def _colour(index: int, count: int) -> str:
    """A colour for the ``index``-th of ``count`` ordered levels (Okabe–Ito, paired with dashes)."""
    order = ["sky", "black", "orange", "vermillion", "purple", "blue", "green"]
    return PALETTE[order[index % len(order)]] if count > 1 else PALETTE["blue"]


def scenario_explorer(level: float = rm.INFLAMED_LEVEL, days: int = 365) -> go.Figure:
    """Menu over illustrative scenarios: healthy, inflamed (TNF-α, IL-1, IL-6 raised), and each therapy."""
    scenarios = rm.illustrative_scenarios(level)
    runs = {label: _weekly(rm.simulate(days, **kw)) for label, kw in scenarios.items()}
    labels = list(runs)
    inflamed = labels[1]
    t = compact(runs[labels[0]]["t"])
    bv = {k: compact(df["bone_volume"]) for k, df in runs.items()}
    ratio = {k: compact(df["RANKL_OPG_rel"]) for k, df in runs.items()}
    start = labels[2] if len(labels) > 2 else inflamed

    def title(label: str) -> str:
        return f"{label}: bone volume {bv[label][-1]:.1f} % after {days} days"

    fig = _two_rows()
    fig.add_trace(go.Scatter(x=t, y=bv[start], name="selected scenario", mode="lines",
                             line=dict(color=PALETTE["blue"], width=3)), 1, 1)
    fig.add_trace(go.Scatter(x=t, y=ratio[start], name="selected scenario", mode="lines", showlegend=False,
                             line=dict(color=PALETTE["blue"], width=3)), 2, 1)
    fig.add_trace(go.Scatter(x=t, y=bv[inflamed], name="inflamed, untreated", mode="lines",
                             line=dict(color=PALETTE["vermillion"], dash="dash", width=2)), 1, 1)
    fig.add_trace(go.Scatter(x=t, y=ratio[inflamed], name="inflamed, untreated", mode="lines", showlegend=False,
                             line=dict(color=PALETTE["vermillion"], dash="dash", width=2)), 2, 1)
    _references(fig, t, days)
    buttons = [dict(method="update", label=_menu_label(label),
                    args=[{"y": [bv[label], ratio[label]]}, slider_steps_title(title(label)), [0, 1]])
               for label in labels]
    fig.update_layout(updatemenus=[_menu(buttons, labels.index(start))])
    all_bv = [v for k in labels for v in bv[k]]
    all_ratio = [v for k in labels for v in ratio[k]]
    fig.update_yaxes(title_text=_BV_TITLE, range=_padded(min(all_bv), max(all_bv)), row=1, col=1)
    fig.update_yaxes(title_text=_RATIO_TITLE, range=_padded(min(all_ratio), max(all_ratio)), row=2, col=1)
    fig.update_xaxes(title_text="time (days)", row=2, col=1)
    finish(fig, title=title(start), height=660,
           alt=(f"Line charts of simulated bone volume and RANKL/OPG over {days} days for illustrative scenarios "
                "chosen from a menu: healthy, inflamed (TNF-α, IL-1 and IL-6 raised) and inflamed with each "
                "therapy" + ("; every therapy reduces the simulated loss." if all(
                    bv[k][-1] > bv[inflamed][-1] for k in labels[2:]) else ".")))
    legend_below(fig)
    return mark_simulated(fig, "SIMULATED, ILLUSTRATIVE — teaching model, not measured data")


def il6_dual_effect(levels=(1.0, 2.0, 5.0, 10.0), days: int = 365) -> go.Figure:
    """IL-6's RANKL-dependent dual effect on osteoclast formation.

    Top: IL-6's factor on the osteoclast formation rate against free RANKL for several IL-6
    levels (above 1 below the switch level, below 1 above it). Bottom: simulated active osteoclasts
    after ``days`` against
    IL-6 level with low RANKL (OPG-like dosing), no dosing and high RANKL (RANKL dosing).
    The panels are stacked (each as wide as the figure), each with its own legend below it.
    """
    table = rm.coupling_table()
    rows = table[(table["cytokine"] == "IL-6") & (table["effect"] == "rankl_dependent")]
    switch = float(rows["switch_level"].iloc[0]) if len(rows) else None
    fig = make_subplots(rows=2, cols=1, vertical_spacing=0.3)
    rho = np.geomspace(0.1, 10, 61)
    without = rm.osteoclast_formation(rho, {"IL-6": 1.0})
    for i, lv in enumerate(levels):
        factor = rm.osteoclast_formation(rho, {"IL-6": lv}) / without
        fig.add_trace(go.Scatter(x=compact(rho), y=compact(factor), name=f"IL-6 {lv:g}× healthy", mode="lines",
                                 legend="legend", line=dict(color=_colour(i, len(levels)),
                                                               dash=DASHES[i % len(DASHES)], width=2.5)), 1, 1)
    if switch is not None:
        fig.add_vline(x=switch, line=dict(color=PALETTE["black"], dash="dot", width=1), row=1, col=1)
        fig.add_annotation(x=np.log10(switch), y=0.02, yref="y domain", text=f" switch: RANKL {switch:g}×",
                           showarrow=False, xanchor="left", yanchor="bottom", font=dict(size=11),
                           bgcolor="rgba(255,255,255,0.75)", row=1, col=1)
        fig.add_annotation(x=np.log10(0.12), y=1.0, yref="y domain", text="IL-6 stimulates", showarrow=False,
                           xanchor="left", yanchor="top", font=dict(size=11), bgcolor="rgba(255,255,255,0.75)",
                           row=1, col=1)
        fig.add_annotation(x=1.0, y=1.0, xref="x domain", yref="y domain", text="IL-6 inhibits", showarrow=False,
                           xanchor="right", yanchor="top", font=dict(size=11), bgcolor="rgba(255,255,255,0.75)",
                           row=1, col=1)
    contexts = [("low RANKL (OPG-like dosing 10000 pM/day)", {"OPG": 10000.0}),
                ("no dosing", {}),
                ("high RANKL (RANKL dosing 1000 pM/day)", {"RANKL": 1000.0})]
    il6 = [0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 7.0, 10.0]
    healthy_oca = rm.steady_state()["OCa"]
    for j, (label, dose) in enumerate(contexts):
        oca = [rm.simulate(days, {"IL-6": lv}, dosing=dose or None)["OCa"].iloc[-1] / healthy_oca for lv in il6]
        fig.add_trace(go.Scatter(x=il6, y=compact(oca), name=label, mode="lines+markers",
                                 legend="legend2", marker=dict(symbol=SYMBOLS[j], size=8),
                                 line=dict(color=[PALETTE["green"], PALETTE["blue"], PALETTE["purple"]][j],
                                           dash=DASHES[j])), 2, 1)
    fig.update_xaxes(type="log", range=[-1, 1], title_text="free RANKL (× healthy)", title_standoff=4, row=1, col=1)
    fig.update_yaxes(title_text="osteoclast formation<br>(× without extra IL-6)", row=1, col=1)
    fig.update_xaxes(title_text="IL-6 level (× healthy)", title_standoff=4, row=2, col=1)
    fig.update_yaxes(title_text=f"active osteoclasts<br>after {days} days (× healthy)", row=2, col=1)
    finish(fig, height=820, title="IL-6 stimulates osteoclast formation<br>at low RANKL and inhibits it at high RANKL",
           alt=("Top: the factor by which IL-6 at 1 to 10 times healthy changes osteoclast formation, against "
                "RANKL; it is above 1 below the switch level and below 1 above it. Bottom: active "
                "osteoclasts after a year rise with IL-6 when RANKL is low and fall when RANKL is high."))
    # each panel's legend right under its x-axis title (paper heights: the panels' domains)
    below_top = fig.layout.yaxis.domain[0]
    legend_below(fig, yref="paper", y=below_top - 0.085, yanchor="top")
    legend_below(fig, name="legend2")
    fig.update_layout(margin=dict(b=20))
    return mark_simulated(fig)


def time_course(df: pd.DataFrame, title: str | None = None) -> go.Figure:
    """A plain figure of one :func:`widgets.remodeling.simulate` result: cells, RANKL/OPG, bone volume."""
    needed = {"t", "OBp", "OBa", "OCa", "RANKL_OPG", "bone_volume"}
    if not isinstance(df, pd.DataFrame) or not needed <= set(df.columns):
        raise ValueError(f"df: expected a simulate() result with columns {sorted(needed)}, got "
                         f"{type(df).__name__}")
    healthy = rm.steady_state()
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.07)
    t = compact(df["t"])
    for i, cell in enumerate(("OBp", "OBa", "OCa")):
        fig.add_trace(go.Scatter(x=t, y=compact(df[cell] / healthy[cell]), name=cell, mode="lines",
                                 line=dict(color=[PALETTE["green"], PALETTE["blue"], PALETTE["vermillion"]][i],
                                           dash=DASHES[i], width=2.5)), 1, 1)
    ratio = df["RANKL_OPG"] / (healthy["RANKL"] / healthy["OPG"])
    fig.add_trace(go.Scatter(x=t, y=compact(ratio), name="RANKL/OPG", mode="lines",
                             line=dict(color=PALETTE["orange"], dash="dashdot", width=2.5)), 2, 1)
    fig.add_trace(go.Scatter(x=t, y=compact(df["bone_volume"]), name="bone volume", mode="lines",
                             line=dict(color=PALETTE["black"], width=2.5)), 3, 1)
    fig.update_yaxes(title_text="cells (× healthy)", row=1, col=1)
    fig.update_yaxes(title_text="RANKL/OPG<br>(× healthy)", row=2, col=1)
    fig.update_yaxes(title_text="bone volume (%)", row=3, col=1)
    fig.update_xaxes(title_text="time (days)", row=3, col=1)
    end = float(df["bone_volume"].iloc[-1])
    default = f"Simulated time course: bone volume {end:.1f} %<br>after {df['t'].iloc[-1]:g} days"
    finish(fig, height=680, title=title or default,
           alt=("Three stacked line charts of a simulation: osteoblast precursors, active osteoblasts and active "
                f"osteoclasts relative to healthy, the RANKL/OPG ratio, and bone volume, which ends at {end:.1f} %."))
    legend_below(fig)
    return mark_simulated(fig)


# ------------------------------------------------------------------ the simulator's figure (both faces)

SIMULATOR_TITLE = "Bone remodeling over time: your settings against healthy"
SIMULATOR_ALT = ("Three stacked line charts of the simulated model for the chosen settings: bone volume (% of start), "
                 "the RANKL/OPG ratio relative to healthy, and the three bone-cell populations (osteoblast precursors, "
                 "active osteoblasts, active osteoclasts) relative to healthy, each over time with a dotted healthy "
                 "reference line.")


def simulator_figure() -> go.Figure:
    """The bone-remodeling simulator's figure, without data: the template both faces fill.

    The notebook panel fills it with :func:`fill_simulator_figure`; the browser simulator
    (``widgets/browser/simulator-view.mjs``) fills the same template, written into the page, the same way.
    Each trace says in ``meta`` what it shows: ``{"column": name}`` (a result column;
    ``"relative_to_start": true`` divides by its first value, the healthy steady state) or
    ``{"reference": value}`` (a flat healthy line from day 0 to the last day).
    """
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.36, 0.28, 0.36])
    healthy = dict(color=PALETTE["black"], dash="dot", width=1.5)

    def reference(value: float, row: int, legend: bool) -> None:
        fig.add_trace(go.Scatter(name="healthy", mode="lines", legendgroup="healthy", showlegend=legend,
                                 line=healthy, hoverinfo="skip", meta={"reference": value}), row, 1)

    fig.add_trace(go.Scatter(name="bone volume", mode="lines", line=dict(color=PALETTE["blue"], width=3),
                             meta={"column": "bone_volume"}), 1, 1)
    reference(100.0, 1, True)
    fig.add_trace(go.Scatter(name="RANKL/OPG", mode="lines", line=dict(color=PALETTE["orange"], dash="dashdot",
                                                                         width=3),
                             meta={"column": "RANKL_OPG_rel"}), 2, 1)
    reference(1.0, 2, False)
    cells = (("OBp", "osteoblast precursors (OBp)", "green"), ("OBa", "active osteoblasts (OBa)", "sky"),
             ("OCa", "active osteoclasts (OCa)", "vermillion"))
    for i, (column, name, colour) in enumerate(cells):
        fig.add_trace(go.Scatter(name=name, mode="lines", line=dict(color=PALETTE[colour], dash=DASHES[i], width=2.5),
                                 meta={"column": column, "relative_to_start": True}), 3, 1)
    reference(1.0, 3, False)
    fig.update_yaxes(title_text=_BV_TITLE, row=1, col=1)
    fig.update_yaxes(title_text=_RATIO_TITLE, row=2, col=1)
    fig.update_yaxes(title_text="cells<br>(× healthy)", row=3, col=1)
    fig.update_xaxes(title_text="time (days)", row=3, col=1)
    finish(fig, title=SIMULATOR_TITLE, height=720, alt=SIMULATOR_ALT)
    legend_below(fig)
    # A fixed left margin that holds the two-line axis titles: plotly.js then does not measure and widen it on
    # every redraw (that pass took about a third of each Plotly.react of this figure in headless Chromium).
    fig.update_yaxes(automargin=False)
    fig.update_layout(margin=dict(l=96))
    # Tick labels stay inside these fixed margins: plotly.js need not measure every label on every redraw to
    # hide the ones that would cross the figure's edge (about a seventh of each Plotly.react of this figure).
    fig.update_xaxes(ticklabeloverflow="allow")
    fig.update_yaxes(ticklabeloverflow="allow")
    return mark_simulated(fig)


def fill_simulator_figure(fig: go.Figure, df: pd.DataFrame) -> go.Figure:
    """Put one simulation (a :func:`widgets.remodeling.simulate` result) into a :func:`simulator_figure`.

    Works on a ``go.FigureWidget`` too (in one batch update, so the panel redraws once).
    """
    t = df["t"].to_numpy()
    days = float(t[-1])
    columns = {}
    for trace in fig.data:
        meta = trace.meta or {}
        if "column" in meta:
            y = df[meta["column"]].to_numpy()
            columns[id(trace)] = (t, y / y[0] if meta.get("relative_to_start") else y)
        elif "reference" in meta:
            columns[id(trace)] = ([0.0, days], [meta["reference"]] * 2)
    with fig.batch_update():
        for trace in fig.data:
            if id(trace) in columns:
                trace.x, trace.y = columns[id(trace)]
    return fig



# Parts of a template for kinds of plot the simulator's figure does not have (left out when it is baked in).
_OTHER_SUBPLOTS = {"polar", "ternary", "scene", "geo", "mapbox", "map", "smith", "coloraxis", "colorscale"}


def _merge_missing(target: dict, defaults: dict) -> None:
    """Copy into ``target`` every setting of ``defaults`` that ``target`` does not set (recursively)."""
    for key, value in defaults.items():
        if isinstance(value, dict):
            if not isinstance(target.get(key), dict):
                if key in target:
                    continue
                target[key] = {}
            _merge_missing(target[key], value)
        elif key not in target:
            target[key] = copy.deepcopy(value)


def simulator_spec() -> dict:
    """:func:`simulator_figure` as the JSON the browser simulator fills (``{"data", "layout"}``)."""
    return browser_spec(simulator_figure())


def browser_spec(fig: go.Figure) -> dict:
    """A figure as the JSON template a browser simulator fills (``{"data", "layout"}``).

    The figure's template (``simple_white``) is written into the layout and the traces themselves,
    so plotly.js does not apply a template on every redraw (about half of ``Plotly.react``'s time
    for the remodeling figure in headless Chromium); the figure looks the same.
    """
    spec = json.loads(pio.to_json(fig, validate=False))
    layout, data = spec["layout"], spec["data"]
    template = layout.pop("template", None) or {}
    for key, value in (template.get("layout") or {}).items():
        if key in _OTHER_SUBPLOTS:
            continue
        axis = re.fullmatch(r"([xy])axis", key)
        if axis:
            for name in [k for k in layout if re.fullmatch(axis.group(1) + r"axis\d*", k)]:
                _merge_missing(layout[name], value)
        elif key == "annotationdefaults":
            for annotation in layout.get("annotations", []):
                _merge_missing(annotation, value)
        elif key == "shapedefaults":
            for shape in layout.get("shapes", []):
                _merge_missing(shape, value)
        elif isinstance(value, dict):
            _merge_missing(layout.setdefault(key, {}), value)
        else:
            layout.setdefault(key, copy.deepcopy(value))
    for trace in data:
        for default in (template.get("data") or {}).get(trace.get("type", "scatter"), [])[:1]:
            _merge_missing(trace, {k: v for k, v in default.items() if k != "type"})
    return {"data": data, "layout": layout}
