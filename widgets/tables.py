"""Tables the chapters show: the values of several remodeling runs after a time, and the styled table format.

:func:`values_after` runs :func:`widgets.remodeling.simulate` once per row and keeps the last row's
readouts (:data:`READOUTS`), so a chapter states *what* it compares, not the loop. :func:`styled` is the
one pandas Styler chain of the course's data tables: no index column, a fixed table id (the built page
never changes by chance) and the ``dataframe`` class the theme styles.

A table wider than a phone's column scrolls sideways in its own box (:func:`scroll_box`): a named region
that takes the keyboard focus, so the arrow keys scroll it. Styled tables (:func:`style`, :func:`styled`)
are shown in that box; :func:`scrolling` puts any other table (a DataFrame) in it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

__all__ = ["READOUTS", "ScrollTable", "ScrollingStyler", "scroll_box", "scrolling", "style", "styled", "values_after"]

#: Readouts of a remodeling run at its last day: column label -> value from the last row and the
#: healthy steady state.
READOUTS = {
    "bone volume (%)": lambda end, healthy: end["bone_volume"],
    "RANKL/OPG (× healthy)": lambda end, healthy: end["RANKL_OPG_rel"],
    "free RANKL (× healthy)": lambda end, healthy: end["RANKL"] / healthy["RANKL"],
    "osteoclasts (× healthy)": lambda end, healthy: end["OCa"] / healthy["OCa"],
    "osteoblasts (× healthy)": lambda end, healthy: end["OBa"] / healthy["OBa"],
}

ONE_YEAR = 365.0  # days


def values_after(runs: Mapping[str, Mapping[str, Any]], days: float = ONE_YEAR,
                 columns: Sequence[str] = ("bone volume (%)", "RANKL/OPG (× healthy)"),
                 decimals: int | Mapping[str, int] = 2, index: str = "") -> pd.DataFrame:
    """One row per run: the ``columns`` (from :data:`READOUTS`) after ``days`` of ``simulate(days, **inputs)``.

    ``runs`` maps a row label to the keyword arguments of :func:`widgets.remodeling.simulate`
    (``cytokines``, ``dosing``, ``dosing_window``), e.g. ``{"RANKL 500": {"dosing": {"RANKL": 500.0}}}``
    or :func:`widgets.remodeling.illustrative_scenarios`. Values are rounded to ``decimals`` (one
    number, or one per column); ``index`` names the row labels.
    """
    from .remodeling import simulate, steady_state

    unknown = [c for c in columns if c not in READOUTS]
    if unknown or not columns:
        raise ValueError(f"columns={list(columns)!r}: allowed are one or more of {', '.join(map(repr, READOUTS))}")
    if not runs:
        raise ValueError("runs={} is empty; give at least one row label and its simulate() arguments")
    healthy = steady_state()
    rows = {}
    for label, inputs in runs.items():
        end = simulate(days, **inputs).iloc[-1]
        rows[label] = {column: float(READOUTS[column](end, healthy)) for column in columns}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(columns)).round(decimals)
    frame.index.name = index or None
    return frame


def scroll_box(table_html: str, name: str) -> str:
    """``table_html`` in the box that scrolls a wide table sideways (class ``course-table-scroll``, see
    ``course.css``): a region named ``name`` (the table's caption or a short name) that takes the keyboard
    focus, so a keyboard user can scroll it with the arrow keys."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"name={name!r} is not allowed (allowed: the table's caption or a short name)")
    label = html.escape(" ".join(name.split()), quote=True)
    return f'<div class="course-table-scroll" role="region" tabindex="0" aria-label="{label}">{table_html}</div>'


def _columns_name(frame: pd.DataFrame) -> str:
    return "Table: " + ", ".join(str(c) for c in frame.columns)


class ScrollingStyler(Styler):
    """A pandas ``Styler`` shown (``_repr_html_``: a notebook, the book) in a :func:`scroll_box` named by its
    ``box_name``, else its caption, else its columns; ``to_html()`` stays the table alone."""

    box_name: str | None = None

    def _repr_html_(self) -> str | None:
        text = super()._repr_html_()
        if text is None:
            return None
        caption = self.caption if isinstance(self.caption, str) else None
        return scroll_box(text, self.box_name or caption or _columns_name(self.data))


def style(frame: pd.DataFrame, name: str | None = None) -> ScrollingStyler:
    """``frame.style`` for a table shown in a :func:`scroll_box` named ``name`` (default: the caption set
    later, else the columns)."""
    styler = ScrollingStyler(frame)
    styler.box_name = name
    return styler


class ScrollTable:
    """Any table with a ``_repr_html_`` (a DataFrame) shown in a :func:`scroll_box` named ``name``; its
    plain-text form is the table's own."""

    def __init__(self, table, name: str):
        scroll_box("", name)  # checks the name
        self.table, self.name = table, name

    def _repr_html_(self) -> str:
        return scroll_box(self.table._repr_html_(), self.name)

    def __repr__(self) -> str:
        return repr(self.table)


def scrolling(table, name: str) -> ScrollTable:
    """``table`` (a DataFrame) shown in a box that scrolls it sideways on a phone, named ``name``."""
    return ScrollTable(table, name)


def styled(frame: pd.DataFrame, uuid: str, *, formats: Mapping[str, str] | None = None,
           precision: int | None = None, na_rep: str | None = None, name: str | None = None):
    """``frame`` as the course shows a data table: no index, table id ``T_<uuid>``, ``class="dataframe"``,
    in a box that scrolls it sideways on a phone, named ``name`` (default: its columns).

    ``formats`` maps a column to a format string (``{"value": "{:.4g}"}``); ``precision`` sets the
    decimals of the other numbers; ``na_rep`` shows missing values (``""``: blank).
    """
    style_ = style(frame, name).hide(axis="index")
    if formats or precision is not None or na_rep is not None:
        style_ = style_.format(formats, precision=precision, na_rep=na_rep)
    return style_.set_uuid(uuid).set_table_attributes('class="dataframe"')
