"""Figures of the introduction chapter."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .. import bone_density
from . import PALETTE, compact, finish

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
        fig.add_annotation(x=(max(lo, -4.8) + hi) / 2, y=0.43, text=f"<b>{name}</b><br>{rule}", showarrow=False,
                           font=dict(size=12))
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
        title = f"Patient T-score {t:+.2f}: {category} ({below:.2g}% of young adults lie lower)"
        steps.append(dict(method="update", label=f"{t:+.2f}",
                          args=[{"x": [compact(x), [t, t]]}, {"title.text": title}]))
    fig.update_layout(
        sliders=[dict(active=0, steps=steps, currentvalue=dict(prefix="T-score: "), pad=dict(t=40))],
        xaxis=dict(title="T-score (SD from the young-adult mean)", range=[-5, 3], zeroline=False),
        yaxis=dict(title="density in the reference population", range=[0, 0.47]),
        showlegend=True, legend=dict(orientation="h", y=-0.35),
    )
    finish(fig, title=steps[0]["args"][1]["title.text"], height=480,
           alt="The bell curve of T-scores in young healthy adults, divided into the WHO categories normal "
               "(T ≥ −1.0), low bone mass (−2.5 < T < −1.0) and osteoporosis (T ≤ −2.5). A slider moves a "
               "patient's T-score and the title names the category.")
    return fig


# The RANKL cascade as the review's §1 states it (corrected per the errata: PI3K/Akt; ERK, JNK, p38).
_CASCADE = (
    ("Inflammatory cytokines", [("IL-1 family", 0, 1.0), ("IL-6 family", 0, -1.0)],
     "Raised IL-1- and IL-6-family cytokines up-regulate RANKL expression."),
    ("RANKL", [("RANKL", 1, 0.0)], "RANKL (on osteoblast-lineage and immune cells) is the ligand."),
    ("RANK", [("RANK", 2, 0.0)], "RANKL binds RANK on osteoclast precursors."),
    ("TRAF6", [("TRAF6", 3, 0.0)], "RANK recruits the adaptor TRAF6."),
    ("Downstream pathways", [("PI3K/Akt", 4, 1.5), ("NF-κB", 4, 0.5), ("MAPK: ERK, JNK, p38", 4, -0.5)],
     "TRAF6 triggers PI3K/Akt, NF-κB and the MAPKs ERK, JNK and p38."),
    ("Osteoclasts", [("osteoclast differentiation<br>and activation", 5, 0.0)],
     "The pathways drive osteoclast differentiation and activation."),
    ("Bone loss", [("bone resorption →<br>osteoporosis", 6, 0.0)],
     "Resorption outpaces formation: chronic inflammatory osteoporosis."),
)


def rankl_cascade() -> go.Figure:
    """Step-through diagram of cytokines → RANKL → RANK → TRAF6 → pathways → osteoclasts → bone loss."""
    from . import SYMBOLS

    fig = go.Figure()
    previous: list[tuple[float, float]] = []
    for stage, (name, nodes, _) in enumerate(_CASCADE):
        xs, ys = [], []
        for _, x, y in nodes:
            for px, py in previous:
                xs += [px, x, None]
                ys += [py, y, None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#555555", width=2),
                                 hoverinfo="skip", showlegend=False, visible=stage == 0))
        fig.add_trace(go.Scatter(
            x=[x for _, x, _ in nodes], y=[y for _, _, y in nodes], mode="markers+text",
            text=[label for label, _, _ in nodes], textposition="bottom center", name=name,
            marker=dict(size=26, color=SEQUENCE_STAGES[stage % len(SEQUENCE_STAGES)],
                        symbol=SYMBOLS[stage % len(SYMBOLS)], line=dict(color="#000", width=1)),
            hovertext=[_CASCADE[stage][2]] * len(nodes), hoverinfo="text", visible=stage == 0))
        previous = [(x, y) for _, x, y in nodes]
    steps = []
    for stage, (name, _, sentence) in enumerate(_CASCADE):
        visible = [k // 2 <= stage for k in range(2 * len(_CASCADE))]
        steps.append(dict(method="update", label=name,
                          args=[{"visible": visible}, {"title.text": f"Step {stage + 1}: {sentence}"}]))
    fig.update_layout(
        sliders=[dict(active=0, steps=steps, currentvalue=dict(prefix="Step: "), pad=dict(t=10),
                      font=dict(size=11))],
        xaxis=dict(visible=False, range=[-0.6, 6.8]), yaxis=dict(visible=False, range=[-1.9, 2.1]),
        showlegend=False,
    )
    finish(fig, title=f"Step 1: {_CASCADE[0][2]}", height=460,
           alt="A left-to-right diagram: IL-1- and IL-6-family cytokines raise RANKL; RANKL binds RANK; RANK "
               "recruits TRAF6; TRAF6 activates PI3K/Akt, NF-κB and the MAPKs ERK, JNK and p38; these drive "
               "osteoclast differentiation and activation, bone resorption and osteoporosis. A slider adds one "
               "step at a time.")
    return fig


SEQUENCE_STAGES = [PALETTE[k] for k in ("vermillion", "orange", "yellow", "sky", "blue", "purple", "black")]
