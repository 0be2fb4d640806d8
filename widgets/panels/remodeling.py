"""Live panel of the bone-remodeling model: six cytokines, dosing terms, days and a therapy.

All science is in :mod:`widgets.remodeling`; this module only wires controls to
:func:`widgets.remodeling.simulate` and updates one ``FigureWidget`` in place.
"""

from __future__ import annotations

import html

import ipywidgets as ipw
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import remodeling as rm
from ..pictures import DASHES, PALETTE, finish, mark_simulated
from . import LivePanel, labelled

__all__ = ["remodeling_panel"]

#: Slider ranges of the dosing terms (pM/day): (max, step, readout format).
DOSING_RANGES = {
    "RANKL": (1000.0, 10.0, ".0f"),
    "OPG": (20000.0, 250.0, ".0f"),
    "PTH": (250.0, 5.0, ".0f"),
    "TGF-beta": (5e-4, 1e-5, ".5f"),
}
_REFERENCE_LEVEL = 3.0
_NO_THERAPY = "none"


def _figure() -> go.FigureWidget:
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.07, row_heights=[0.4, 0.3, 0.3])
    ref = dict(color=PALETTE["black"], dash="dash", width=1.5)
    fig.add_trace(go.Scatter(name="bone volume (your inputs)", mode="lines",
                             line=dict(color=PALETTE["blue"], width=3)), 1, 1)
    fig.add_trace(go.Scatter(name="RANKL/OPG (your inputs)", mode="lines",
                             line=dict(color=PALETTE["blue"], width=3), showlegend=False), 2, 1)
    for i, (cell, colour) in enumerate((("OBp", "green"), ("OBa", "sky"), ("OCa", "vermillion"))):
        fig.add_trace(go.Scatter(name=cell, mode="lines", line=dict(color=PALETTE[colour], dash=DASHES[i], width=2.5)),
                      3, 1)
    fig.add_trace(go.Scatter(name=f"for comparison: TNF-α, IL-1, IL-6 at {_REFERENCE_LEVEL:g}× (illustrative)",
                             mode="lines", line=ref), 1, 1)
    fig.add_trace(go.Scatter(name="comparison RANKL/OPG", mode="lines", line=ref, showlegend=False), 2, 1)
    fig.update_yaxes(title_text="bone volume (%)", row=1, col=1)
    fig.update_yaxes(title_text="RANKL/OPG<br>(× healthy)", row=2, col=1)
    fig.update_yaxes(title_text="cells (× healthy)", row=3, col=1)
    fig.update_xaxes(title_text="time (days)", row=3, col=1)
    finish(fig, title="Bone remodeling", height=640,
           alt=("Three stacked line charts from the live model: bone volume, RANKL/OPG ratio and bone cells "
                "over time for the chosen cytokine levels, dosing and therapy, with an illustrative inflamed "
                "state for comparison."))
    fig.update_layout(legend=dict(orientation="h", y=-0.12, x=0))
    mark_simulated(fig)
    return go.FigureWidget(fig)


def remodeling_panel() -> LivePanel:
    """Sliders for the six cytokines (0–10 × healthy), the dosing terms and days, and a therapy menu.

    At its defaults (all cytokines healthy, no dosing, no therapy) the figure shows the healthy
    steady state (flat lines) beside an illustrative inflamed state for comparison.
    """
    cytokine_sliders = {
        name: labelled(ipw.FloatSlider(value=1.0, min=0.0, max=10.0, step=0.1, continuous_update=False,
                                       readout_format=".1f"), f"{name} (× healthy)")
        for name in rm.CYTOKINES
    }
    dosing_sliders = {
        term: labelled(ipw.FloatSlider(value=0.0, min=0.0, max=top, step=step, continuous_update=False,
                                       readout_format=fmt), f"{term} dosing (pM/day)")
        for term, (top, step, fmt) in DOSING_RANGES.items()
    }
    days = labelled(ipw.IntSlider(value=365, min=30, max=1460, step=5, continuous_update=False), "days")
    options = [("no therapy", _NO_THERAPY)]
    options += [(f"{t.label} ({t.example_drug})", tid) for tid, t in rm.THERAPIES.items()]
    therapy = labelled(ipw.Dropdown(options=options, value=_NO_THERAPY), "therapy")
    reset = ipw.Button(description="Reset to healthy", tooltip="all cytokines at 1, no dosing, no therapy",
                       icon="undo")
    status = ipw.HTML()
    fig = _figure()
    reference: dict[int, tuple] = {}
    holding = {"on": False}
    shown: dict[str, int] = {}  # the days currently drawn (x data change only with them)

    def comparison(n_days: int):
        if n_days not in reference:
            level = _REFERENCE_LEVEL
            df = rm.simulate(n_days, {"TNF-α": level, "IL-1": level, "IL-6": level})
            reference.clear()
            reference[n_days] = (df["t"].to_numpy(), df["bone_volume"].to_numpy(), df["RANKL_OPG_rel"].to_numpy())
        return reference[n_days]

    def update(change=None) -> None:
        if holding["on"]:
            return
        levels = {name: s.value for name, s in cytokine_sliders.items()}
        dose = {term: s.value for term, s in dosing_sliders.items()}
        inputs = {"cytokines": levels, "dosing": dose}
        if therapy.value != _NO_THERAPY:
            inputs = rm.therapy(therapy.value, levels, dose)
        try:
            df = rm.simulate(days.value, **inputs)
        except ValueError as err:  # the sliders keep inputs valid; shown rather than raised if not
            status.value = f"<p role='alert'><b>Cannot simulate:</b> {html.escape(str(err))}</p>"
            return
        t = df["t"].to_numpy()
        new_days = shown.get("days") != days.value
        shown["days"] = days.value
        end = float(df["bone_volume"].iloc[-1])
        with fig.batch_update():  # numpy arrays: plotly validates them much faster than lists
            fig.data[0].y = df["bone_volume"].to_numpy()
            fig.data[1].y = df["RANKL_OPG_rel"].to_numpy()
            for i, cell in enumerate(("OBp", "OBa", "OCa")):
                fig.data[2 + i].y = (df[cell] / df[cell].iloc[0]).to_numpy()  # starts healthy
            if new_days:
                for trace in fig.data[:5]:
                    trace.x = t
                ref_t, ref_bv, ref_ratio = comparison(days.value)
                fig.data[5].x, fig.data[5].y = ref_t, ref_bv
                fig.data[6].x, fig.data[6].y = ref_t, ref_ratio
            fig.layout.title.text = (f"Bone volume {end:.1f} % after {days.value} days, "
                                     f"RANKL/OPG {df['RANKL_OPG_rel'].iloc[-1]:.2f}× healthy (simulated)")
        changed = [f"{k} {v:g}×" for k, v in inputs["cytokines"].items() if v != 1.0]
        changed += [f"{k} +{v:g} pM/day" for k, v in inputs["dosing"].items() if v > 0]
        message = ("Healthy steady state: nothing moves until you change an input."
                   if not changed else "Inputs: " + ", ".join(changed) + ".")
        if end < 50:
            message += (" More than half the bone volume is lost: these inputs are far outside what the "
                        "index's teaching calibration describes.")
        status.value = f"<p>{html.escape(message)}</p>"

    def do_reset(_button=None) -> None:
        holding["on"] = True  # one redraw at the end, not one per control
        try:
            for s in cytokine_sliders.values():
                s.value = 1.0
            for s in dosing_sliders.values():
                s.value = 0.0
            therapy.value = _NO_THERAPY
        finally:
            holding["on"] = False
        update()

    for control in (*cytokine_sliders.values(), *dosing_sliders.values(), days, therapy):
        control.observe(update, names="value")
    reset.on_click(do_reset)
    update()

    cytokine_box = ipw.VBox([ipw.HTML("<b>Cytokines</b> (level relative to healthy)"), *cytokine_sliders.values()])
    dosing_box = ipw.VBox([ipw.HTML("<b>Dosing</b> (external production)"), *dosing_sliders.values(),
                           days, therapy, reset])
    root = ipw.VBox([ipw.HBox([cytokine_box, dosing_box]), status, fig])
    controls = {**cytokine_sliders, **{f"dosing_{k}": v for k, v in dosing_sliders.items()},
                "days": days, "therapy": therapy, "reset": reset}
    return LivePanel(root, title="Bone remodeling: cytokines, dosing and therapies", update=update,
                     controls=controls, figures={"main": fig})

