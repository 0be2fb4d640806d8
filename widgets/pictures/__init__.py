"""Shared conventions of every course figure: palette, layout, text alternative, 'simulated' mark.

Every picture function returns a ``plotly.graph_objects.Figure``. On the static site the
figure is drawn by the site's own plotly.js (see :mod:`widgets.book.plotly_html`); in a
notebook it is shown by the notebook's plotly renderer.

* ``finish(fig, title=..., alt=...)`` gives a figure its title and a text alternative
  (``layout.meta.alt``, read out by screen readers and shown under the figure on the site).
* ``mark_simulated(fig)`` stamps *simulated* on a figure whose data come from a model.
* ``PALETTE`` is the Okabe–Ito palette (safe for colour-blind readers); pair colour with
  line dash or marker symbol (``DASHES``, ``SYMBOLS``) so colour never carries meaning alone.
* ``compact(values)`` rounds numbers for figure JSON so precomputed sweeps stay small.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

__all__ = ["PALETTE", "DASHES", "SYMBOLS", "finish", "mark_simulated", "compact", "slider_steps_title"]

# Okabe & Ito, "Color Universal Design": distinguishable with every common colour-vision deficiency.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
SEQUENCE = [PALETTE[k] for k in ("blue", "vermillion", "green", "orange", "purple", "sky", "black", "yellow")]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "x"]

FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', sans-serif",
            size=13, color="#222222")


def finish(fig: go.Figure, *, title: str, alt: str, height: int = 420) -> go.Figure:
    """Give ``fig`` the course look, a title and a text alternative ``alt`` (one or two sentences)."""
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    meta["alt"] = alt
    fig.update_layout(
        title=dict(text=title, x=0.0, xanchor="left", font=dict(size=15)),
        meta=meta,
        font=FONT,
        template="simple_white",
        colorway=SEQUENCE,
        height=height,
        margin=dict(l=60, r=20, t=60, b=50),
        hoverlabel=dict(namelength=-1),
    )
    return fig


def mark_simulated(fig: go.Figure, text: str = "SIMULATED — teaching model, not measured data",
                   y: float = 1.0) -> go.Figure:
    """Stamp ``text`` on the figure itself, top right (at paper height ``y``), so no one takes it for data."""
    fig.add_annotation(
        text=f"<b>{text}</b>", xref="paper", yref="paper", x=1.0, y=y, xanchor="right", yanchor="bottom",
        showarrow=False, font=dict(size=11, color=PALETTE["vermillion"]),
        bgcolor="rgba(255,255,255,0.85)", bordercolor=PALETTE["vermillion"], borderwidth=1, borderpad=2,
    )
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    meta["simulated"] = True
    fig.update_layout(meta=meta)
    return fig


def compact(values, digits: int = 4) -> list:
    """``values`` as a list rounded to ``digits`` significant digits (keeps figure JSON small)."""
    arr = np.asarray(values, dtype=float)
    out = np.zeros_like(arr)
    nz = np.isfinite(arr) & (arr != 0)
    mags = np.floor(np.log10(np.abs(arr[nz])))
    out[nz] = np.round(arr[nz] / 10 ** mags, digits - 1) * 10 ** mags
    out[~np.isfinite(arr)] = np.nan
    return [None if not np.isfinite(v) else float(f"{v:.{digits}g}") for v in out]


def slider_steps_title(text: str) -> dict:
    """Relayout args that change the title in a slider step (plotly.js >= 3 needs ``title.text``)."""
    return {"title.text": text}
