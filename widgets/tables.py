"""Tables the chapters show: the values of several remodeling runs after a time, and the styled table format.

:func:`values_after` runs :func:`widgets.remodeling.simulate` once per row and keeps the last row's
readouts (:data:`READOUTS`), so a chapter states *what* it compares, not the loop. :func:`styled` is the
one pandas Styler chain of the course's data tables: no index column, a fixed table id (the built page
never changes by chance) and the ``dataframe`` class the theme styles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

__all__ = ["READOUTS", "styled", "values_after"]

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


def styled(frame: pd.DataFrame, uuid: str, *, formats: Mapping[str, str] | None = None,
           precision: int | None = None, na_rep: str | None = None):
    """``frame`` as the course shows a data table: no index, table id ``T_<uuid>``, ``class="dataframe"``.

    ``formats`` maps a column to a format string (``{"value": "{:.4g}"}``); ``precision`` sets the
    decimals of the other numbers; ``na_rep`` shows missing values (``""``: blank).
    """
    style = frame.style.hide(axis="index")
    if formats or precision is not None or na_rep is not None:
        style = style.format(formats, precision=precision, na_rep=na_rep)
    return style.set_uuid(uuid).set_table_attributes('class="dataframe"')
