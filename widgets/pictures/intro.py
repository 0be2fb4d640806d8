"""Figures of the introduction chapter."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .. import bone_density
from . import PALETTE, compact, finish, slider_steps_title

_BANDS = (
    ("osteoporosis", -5.0, bone_density.OSTEOPOROSIS_THRESHOLD, PALETTE["vermillion"], "T ≤ −2.5"),
    ("low bone mass", bone_density.OSTEOPOROSIS_THRESHOLD, bone_density.LOW_BONE_MASS_THRESHOLD,
     PALETTE["orange"], "−2.5 < T < −1.0"),
    ("normal", bone_density.LOW_BONE_MASS_THRESHOLD, 3.0, PALETTE["sky"], "T ≥ −1.0"),
)


def t_score_explorer(t_values=None) -> go.Figure:
    """The WHO T-score categories over the young-adult reference curve, with a slider for a patient's T."""
    t_values = np.round(np.arange(-4.0, 2.01, 0.25), 2) if t_values is None else np.asarray(t_values)
    x = np.linspace(-5, 3, 161)
    density = np.exp(-x ** 2 / 2) / np.sqrt(2 * np.pi)
    fig = go.Figure()
    for name, lo, hi, colour, rule in _BANDS:
        fig.add_vrect(x0=lo, x1=hi, fillcolor=colour, opacity=0.18, line_width=0, layer="below")
        # the narrow middle band's label sits lower, so neighbouring labels cannot overlap on a phone
        fig.add_annotation(x=(max(lo, -4.8) + hi) / 2, y=0.34 if name == "low bone mass" else 0.43,
                           text=f"<b>{name}</b><br>{rule}", showarrow=False, font=dict(size=12))
    fig.add_trace(go.Scatter(x=compact(x), y=compact(density), mode="lines", name="young-adult reference",
                             line=dict(color=PALETTE["black"], width=2),
                             hovertemplate="T = %{x:.2f}<extra>reference density</extra>"))
    first = float(t_values[0])
    fig.add_trace(go.Scatter(x=[first, first], y=[0, 0.4], mode="lines+markers", name="patient",
                             line=dict(color=PALETTE["blue"], width=3, dash="dash"),
                             marker=dict(symbol="diamond", size=10), hoverinfo="skip"))
    steps = []
    for t in t_values:
        t = float(t)
        category = bone_density.who_category(t)
        below = 100 * bone_density.reference_fraction_below(t)
        title = f"Patient T-score {t:+.2f}: {category}<br>({below:.2g}% of young adults lie lower)"
        steps.append(dict(method="update", label=f"{t:+.2f}",
                          args=[{"x": [compact(x), [t, t]]}, slider_steps_title(title)]))
    fig.update_layout(
        sliders=[dict(active=0, steps=steps, currentvalue=dict(prefix="T-score: ", font=dict(size=13)),
                      pad=dict(t=58, b=4), font=dict(size=10), y=0.0, yanchor="top")],
        xaxis=dict(title=dict(text="T-score (SD from the young-adult mean)", font=dict(size=13)), range=[-5, 3],
                   zeroline=False),
        yaxis=dict(title="density in the<br>reference population", range=[0, 0.47]),
        showlegend=True,
        # the legend in the band above the plot: the slider takes the space under it
        legend=dict(orientation="h", x=0.0, xanchor="left", y=1.0, yanchor="bottom", font=dict(size=12)),
    )
    finish(fig, title=steps[0]["args"][1]["title.text"], height=520,
           alt="The bell curve of T-scores in young healthy adults, divided into the WHO categories normal "
               "(T ≥ −1.0), low bone mass (−2.5 < T < −1.0) and osteoporosis (T ≤ −2.5). A slider moves a "
               "patient's T-score and the title names the category.")
    return fig


# The RANKL cascade as the review's §1 states it (as chapter 1's correction reads it: PI3K/Akt; ERK, JNK, p38).
# Drawn top to bottom (one row per stage, so it fits a phone): (label, x, row, label position).
_CASCADE = (
    ("Inflammatory cytokines", [("IL-1 family", -1.0, 0, "top center"), ("IL-6 family", 1.0, 0, "top center")],
     "Raised IL-1- and IL-6-family cytokines up-regulate RANKL expression."),
    ("RANKL", [("RANKL", 0.0, 1, "middle right")], "RANKL (on osteoblast-lineage and immune cells) is the ligand."),
    ("RANK", [("RANK", 0.0, 2, "middle right")], "RANKL binds RANK on osteoclast precursors."),
    ("TRAF6", [("TRAF6", 0.0, 3, "middle right")], "RANK recruits the adaptor TRAF6."),
    ("Downstream pathways", [("PI3K/Akt", -1.5, 4, "middle left"), ("NF-κB", 0.0, 4, "middle right"),
                             ("MAPK: ERK,<br>JNK, p38", 1.5, 4, "middle right")],
     "TRAF6 triggers PI3K/Akt, NF-κB and the MAPKs ERK, JNK and p38."),
    ("Osteoclasts", [("osteoclast<br>differentiation<br>and activation", 0.0, 5, "bottom left")],
     "The pathways drive osteoclast differentiation and activation."),
    ("Bone loss", [("bone resorption →<br>osteoporosis", 0.0, 6, "middle right")],
     "Resorption outpaces formation: chronic inflammatory osteoporosis."),
)


def rankl_cascade() -> go.Figure:
    """Step-through diagram of cytokines → RANKL → RANK → TRAF6 → pathways → osteoclasts → bone loss.

    The stages run top to bottom, one row each, so the diagram fits a phone as well as the page.
    """
    fig = go.Figure()
    previous: list[tuple[float, float]] = []
    for stage, (name, nodes, _) in enumerate(_CASCADE):
        xs, ys = [], []
        for _, x, row, _ in nodes:
            for px, py in previous:
                xs += [px, x, None]
                ys += [py, -row, None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#555555", width=2),
                                 hoverinfo="skip", showlegend=False, visible=stage == 0))
        fig.add_trace(go.Scatter(
            x=[x for _, x, _, _ in nodes], y=[-row for _, _, row, _ in nodes], mode="markers+text",
            text=[label for label, _, _, _ in nodes], textposition=[where for *_, where in nodes], name=name,
            textfont=dict(size=12),
            marker=dict(size=24, color=SEQUENCE_STAGES[stage % len(SEQUENCE_STAGES)],
                        symbol=_STAGE_SYMBOLS[stage % len(_STAGE_SYMBOLS)], line=dict(color="#000", width=1)),
            hovertext=[_CASCADE[stage][2]] * len(nodes), hoverinfo="text", visible=stage == 0))
        previous = [(x, -row) for _, x, row, _ in nodes]
    steps = []
    for stage, (_name, _, sentence) in enumerate(_CASCADE):
        visible = [k // 2 <= stage for k in range(2 * len(_CASCADE))]
        # short labels: plotly leaves out every other label of a slider whose labels would overlap
        steps.append(dict(method="update", label=str(stage + 1),
                          args=[{"visible": visible}, slider_steps_title(f"Step {stage + 1}: {sentence}")]))
    fig.update_layout(
        sliders=[dict(active=0, steps=steps, currentvalue=dict(prefix="Step ", suffix=f" of {len(steps)}",
                                                               font=dict(size=13)),
                      pad=dict(t=10, b=4, l=60, r=30), font=dict(size=10))],
        xaxis=dict(visible=False, range=[-2.9, 2.9], fixedrange=True),
        yaxis=dict(visible=False, range=[-6.5, 0.75], fixedrange=True),
        showlegend=False,
    )
    finish(fig, title=f"Step 1: {_CASCADE[0][2]}", height=600,
           alt="A top-to-bottom diagram: IL-1- and IL-6-family cytokines raise RANKL; RANKL binds RANK; RANK "
               "recruits TRAF6; TRAF6 activates PI3K/Akt, NF-κB and the MAPKs ERK, JNK and p38; these drive "
               "osteoclast differentiation and activation, bone resorption and osteoporosis. A slider adds one "
               "step at a time.")
    fig.update_layout(margin=dict(l=10, r=10, b=20))
    return fig


# Marker shapes of the stages; no "x", which the network maps use for a knocked-out node.
_STAGE_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "hexagon", "star", "pentagon"]
SEQUENCE_STAGES = [PALETTE[k] for k in ("vermillion", "orange", "yellow", "sky", "blue", "purple", "black")]
