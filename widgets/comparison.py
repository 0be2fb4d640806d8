"""The cytokine comparison table of the synthesis chapter (``data/cytokines.csv``).

One row per cytokine of the review (IL-1, IL-33, IL-6, IL-8, IL-10, TNF-α) in the review's order:
family, main sources, receptors, pathways, net effect on bone, key evidence, caveats, section.
"""

from __future__ import annotations

from . import checks
from .data import load
from .tables import style

__all__ = ["DISPLAY_COLUMNS", "EFFECT_COLOURS", "comparison_table"]

#: CSV column → heading shown to students.
DISPLAY_COLUMNS: dict[str, str] = {
    "cytokine": "Cytokine",
    "family": "Family",
    "main_sources": "Main sources",
    "receptors": "Receptors",
    "main_pathways": "Main pathways",
    "net_effect_on_bone": "Net effect on bone",
    "key_evidence": "Key evidence",
    "caveats": "Read critically",
    "review_section": "Review section",
}

#: Text/background colours of the net-effect cell (WCAG AA; the words carry the meaning too).
EFFECT_COLOURS: dict[str, tuple[str, str]] = {
    "promotes loss": ("#7f1d1d", "#fee2e2"),
    "protects": ("#14532d", "#dcfce7"),
}


def comparison_table(styled: bool = False, *, columns: list[str] | None = None):
    """The comparison as a pandas DataFrame with readable headings, or (``styled=True``) a pandas
    ``Styler`` with the index hidden, a caption, the net-effect cells tinted and a fixed id
    (so the notebook output is stable and the table has no empty header cell).

    ``columns`` picks and orders CSV columns (default: all of :data:`DISPLAY_COLUMNS`).
    """
    if not isinstance(styled, bool):
        raise checks.not_allowed("styled", styled, "True or False")
    allowed = "a list of one or more of " + ", ".join(DISPLAY_COLUMNS)
    chosen = list(DISPLAY_COLUMNS) if columns is None else list(checks.items(columns, "columns", allowed, min_len=1))
    unknown = [c for c in chosen if not isinstance(c, str) or c not in DISPLAY_COLUMNS]
    if unknown:
        raise checks.fail("columns", f"unknown column {unknown[0]!r}", allowed)
    frame = load("cytokines.csv")
    frame["caveats"] = frame["caveats"].fillna("")
    table = frame[chosen].rename(columns=DISPLAY_COLUMNS).reset_index(drop=True)
    if not styled:
        return table

    effect = DISPLAY_COLUMNS["net_effect_on_bone"]

    def tint(value: str) -> str:
        fg, bg = EFFECT_COLOURS.get(value, ("inherit", "transparent"))
        return f"color: {fg}; background-color: {bg}; font-weight: 600"

    styler = (style(table)
              .hide(axis="index")
              .set_uuid("course-cytokines")
              .set_caption("How the review's six cytokines compare (net effect as described in the review)")
              .set_table_attributes('class="course-comparison"')
              .set_table_styles([{"selector": "th", "props": "text-align: left; vertical-align: top"},
                                 {"selector": "td", "props": "vertical-align: top"}]))
    if effect in table.columns:
        styler = styler.map(tint, subset=[effect])
    return styler
