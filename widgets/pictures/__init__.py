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

Every figure must stay legible from a phone (about 340-380 px wide) to the book's content column
(about 670-760 px): the site draws figures at the column's width and the layout's fixed height.
So titles are wrapped to :data:`TITLE_CHARS` characters a line (``finish`` and
``slider_steps_title`` do it), the title block, a menu row above the plot and the stamp each get
their own band of the top margin (:func:`fit_top`), and legends sit below the plot, horizontal,
so that they wrap instead of narrowing it (:func:`legend_below`).
"""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go

__all__ = ["PALETTE", "DASHES", "SYMBOLS", "finish", "mark_simulated", "compact", "slider_steps_title",
           "wrap_text", "fit_top", "legend_below", "TITLE_CHARS"]

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

FONT = dict(family="'Course CJK', system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', "
                   "sans-serif",  # 'Course CJK': the site's Chinese webfont (widgets/book/cjk_font.py)
            size=13, color="#222222")

#: Longest title line, in characters: about 360 px at 15 px in a wide sans-serif font (fits a phone).
TITLE_CHARS = 42
#: Longest line of the simulated stamp (11 px bold), in characters: about 260 px, so the stamp fits
#: above the plot of a 320 px wide figure (a longer stamp breaks at its dash: what, then why).
STAMP_CHARS = 38
_TITLE_TOP = 8     # px between the top of the figure and the first title line
_TITLE_LINE = 20   # px per title line (15 px font)
_TITLE_BASE = 15   # px from the top of the first title line to its anchor
_STAMP_LINE = 16   # px per line of the stamp (11 px font and its border)
_MENU_ROW = 34     # px of a dropdown or a row of buttons above the plot
_LEGEND_ROW = 40   # px of a horizontal legend right above the plot (room for two rows on a phone)
_NOTE_LINE = 16    # px per line of a note right above the plot (annotation named "top-note", 12 px font)
_GAP = 6           # px between the bands of the top margin
_STAMP_SHIFT = 7   # px between the stamp and the plot (clears a tick label at the top of the y axis)
_BREAK = " <br>"   # the space keeps words apart where the site's caption strips the tags


def _visible(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def wrap_text(text: str, width: int = TITLE_CHARS) -> str:
    """``text`` broken at spaces into lines of at most ``width`` visible characters (``<br>`` between lines).

    Line breaks already in ``text`` are kept; a single word longer than ``width`` stays whole.
    CJK characters count double (they are about twice as wide).
    """
    def w(s: str) -> int:
        return sum(2 if ord(c) > 0x2E80 else 1 for c in _visible(s))

    out = []
    for part in str(text).replace("<br />", "<br>").replace("<br/>", "<br>").split("<br>"):
        line = ""
        for word in part.strip().split(" "):
            if line and w(line) + 1 + w(word) > width:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        out.append(line)
    return _BREAK.join(out)


def _lines(text) -> int:
    return str(text or "").count("<br>") + 1


def _step_titles(fig: go.Figure):
    """Every title a slider step or menu button can set."""
    for control in list(fig.layout.sliders or ()) + list(fig.layout.updatemenus or ()):
        for step in list(getattr(control, "steps", None) or ()) + list(getattr(control, "buttons", None) or ()):
            for arg in step.args or ():
                if isinstance(arg, dict) and "title.text" in arg:
                    yield arg["title.text"]


def _annotation_texts(fig: go.Figure, index: int):
    """Every text a slider step or menu button can give ``annotations[index]``."""
    key = f"annotations[{index}].text"
    for control in list(fig.layout.sliders or ()) + list(fig.layout.updatemenus or ()):
        for step in list(getattr(control, "steps", None) or ()) + list(getattr(control, "buttons", None) or ()):
            for arg in step.args or ():
                if isinstance(arg, dict) and key in arg:
                    yield arg[key]


def _stamp(fig: go.Figure):
    for a in fig.layout.annotations or ():
        if a.name == "simulated-stamp":
            return a
    return None


def _top_menus(fig: go.Figure) -> list:
    """The menus that sit in the band above the plot (paper ``y >= 1``)."""
    return [m for m in fig.layout.updatemenus or () if m.y is not None and m.y >= 1]


def fit_top(fig: go.Figure) -> go.Figure:
    """Give the title, the menus above the plot and the simulated stamp each their own band of the top margin.

    From the top: the title (as many lines as its longest version, including the titles slider
    steps and menu buttons set), then a row for the menus whose ``y >= 1`` (they are moved there,
    with any annotation named ``"menu-label"``), then the stamp, then the notes named
    ``"top-note"`` (as many lines as their longest version), right above the plot; or a horizontal
    legend placed at ``y >= 1`` (one row). Sizes are in pixels, so the bands do not move when the
    figure's width changes. Call it after adding menus; ``finish`` and ``mark_simulated`` call it.
    """
    title = fig.layout.title.text if fig.layout.title else None
    lines = max([_lines(title)] + [_lines(t) for t in _step_titles(fig)]) if title else 0
    above = 0  # px of the bands between the plot and the title, built from the plot upwards
    for i, a in enumerate(fig.layout.annotations or ()):
        if a.name == "top-note":
            note_lines = max([_lines(a.text)] + [_lines(t) for t in _annotation_texts(fig, i)])
            height = _NOTE_LINE * note_lines + 3
            # hung from the top of its band: a longer text set later grows towards the plot, not the stamp
            a.update(yref="paper", y=1, yanchor="top", yshift=height)
            above = max(above, height)
    stamp = _stamp(fig)
    if stamp is not None and stamp.y == 1:
        stamp.yshift = above + _STAMP_SHIFT
        above += _STAMP_LINE * _lines(stamp.text) + _STAMP_SHIFT
    menus = _top_menus(fig)
    if menus:
        for m in menus:
            m.update(y=1, yanchor="bottom", pad=dict(b=above + _GAP, t=0))
        for a in fig.layout.annotations or ():
            if a.name == "menu-label":
                a.update(yref="paper", y=1, yanchor="middle", yshift=above + _GAP + _MENU_ROW // 2 - 3)
        above += _MENU_ROW + _GAP
    legend = fig.layout.legend
    if legend.orientation == "h" and legend.y is not None and legend.y >= 1 and legend.yref != "container":
        above += _LEGEND_ROW
    top = _TITLE_TOP + _TITLE_LINE * lines + _GAP + above + _GAP
    fig.update_layout(margin=dict(t=max(top, 30)))
    return fig


def legend_below(fig: go.Figure, name: str = "legend", **legend) -> go.Figure:
    """A horizontal legend at the bottom of the figure, under the x-axis title; it wraps on narrow screens.

    The legend is placed against the figure's bottom edge (``yref="container"``), so it pushes the
    bottom margin up as it wraps instead of covering the axis title. Extra ``legend`` settings override;
    ``name`` picks the legend (``"legend2"`` for a second legend).
    """
    spec = dict(orientation="h", x=0.0, xanchor="left", yref="container", y=0.0, yanchor="bottom",
                font=dict(size=12), itemwidth=30, tracegroupgap=4)
    spec.update(legend)
    fig.update_layout({name: spec})
    return fig


def finish(fig: go.Figure, *, title: str, alt: str, height: int = 420) -> go.Figure:
    """Give ``fig`` the course look, a title and a text alternative ``alt`` (one or two sentences).

    The title is wrapped to :data:`TITLE_CHARS` characters a line (``<br>`` in ``title`` forces a
    break) and the top margin is fitted to it (:func:`fit_top`).
    """
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    meta["alt"] = alt
    fig.update_layout(
        # plotly.js places the first line of a title at the anchor and lets further lines run downwards
        # (for yanchor="bottom"), so the block starts _TITLE_TOP px from the top however many lines it has
        title=dict(text=wrap_text(title), x=0.0, xanchor="left", xref="container",
                   y=1 - (_TITLE_TOP + _TITLE_BASE) / height, yanchor="bottom", yref="container",
                   pad=dict(l=6, t=0, b=0), font=dict(size=15)),
        meta=meta,
        font=FONT,
        template="simple_white",
        colorway=SEQUENCE,
        height=height,
        margin=dict(l=60, r=20, t=60, b=50),
        hoverlabel=dict(namelength=-1),
    )
    return fit_top(fig)


def mark_simulated(fig: go.Figure, text: str = "SIMULATED — teaching model, not measured data",
                   y: float = 1.0) -> go.Figure:
    """Stamp ``text`` on the figure itself, top right (at paper height ``y``), so no one takes it for data.

    At the default ``y=1`` the stamp sits in its own band right above the plot (see :func:`fit_top`);
    a text longer than :data:`STAMP_CHARS` is broken into lines so it fits a phone-width figure.
    """
    if len(_visible(text)) > STAMP_CHARS and " — " in text:   # break at the dash: what, then why
        head, tail = text.split(" — ", 1)
        lines = wrap_text(head + " —", STAMP_CHARS).split(_BREAK) + wrap_text(tail, STAMP_CHARS).split(_BREAK)
    else:
        lines = wrap_text(text, STAMP_CHARS).split(_BREAK)
    fig.add_annotation(
        text="<br>".join(f"<b>{line}</b>" for line in lines), name="simulated-stamp", xref="paper",
        yref="paper", x=1.0, y=y, xanchor="right", yanchor="bottom", yshift=_STAMP_SHIFT if y == 1 else 0,
        align="right", showarrow=False, font=dict(size=11, color=PALETTE["vermillion"]),
        bgcolor="rgba(255,255,255,0.85)", bordercolor=PALETTE["vermillion"], borderwidth=1, borderpad=2,
    )
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    meta["simulated"] = True
    fig.update_layout(meta=meta)
    return fit_top(fig)


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
    """Relayout args that change the title in a slider step (plotly.js >= 3 needs ``title.text``).

    The text is wrapped like the title ``finish`` sets (:func:`wrap_text`).
    """
    return {"title.text": wrap_text(text)}
