"""Schemas of the bone-remodeling data: model parameters, cytokine couplings and therapies.

* ``remodeling_parameters.csv``: the Pivonka et al. 2008 bone-cell model (full precision) and
  the teaching calibration ``kappa_BV`` of the bone-volume index.
* ``cytokine_couplings.csv``: how each of the six cytokines of the review acts on the model's
  own inputs (a teaching choice; each row names the review section that justifies it).
* ``therapies.csv``: illustrative therapy strengths (anti-TNF, IL-1Ra, tocilizumab, anti-RANKL).

The names below are the vocabulary the engine (:mod:`widgets.remodeling`) understands. Rules
that involve several columns of a row or the whole file (every parameter present, a coupling's
section discussing its cytokine, a ``lower`` effect with ``max_effect <= 1``, a cytokine therapy
leaving 0–1 of the level) are the tables' ``checks``: the loader runs them on every load and
``make check-data`` runs them for every file, so the engine receives records that are valid.
"""

from __future__ import annotations

from widgets.data import DataError, Field, Table, require_all

#: The six cytokines of the review, in the review's order (canonical spelling).
CYTOKINES: tuple[str, ...] = ("IL-1", "IL-33", "IL-6", "IL-8", "IL-10", "TNF-α")

#: External production terms of the model (pM/day), the model's own dosing inputs.
DOSING_TERMS: tuple[str, ...] = ("RANKL", "OPG", "PTH", "TGF-beta")

#: Model inputs a cytokine may act on, with the parameter each one multiplies.
TARGETS: dict[str, str] = {
    "RANKL_production": "beta_RANKL",
    "OPG_production": "beta_OPG",
    "OC_formation": "D_OCp",
    "OC_apoptosis": "A_OCa",
    "OB_differentiation": "D_OBp",
    "OB_precursor_supply": "D_OBu",
    "OB_apoptosis": "A_OBa",
}

#: Shapes of a coupling (see :func:`widgets.remodeling.coupling_factor`).
EFFECTS: tuple[str, ...] = ("raise", "lower", "biphasic", "rankl_dependent")

#: Sections of the review (the start page, index.md, describes it): 1 introduction, 2.x IL-1 and IL-33, 3 IL-6, 4 IL-8,
#: 5 IL-10, 6 TNF-α, 7 conclusions.
REVIEW_SECTIONS: tuple[str, ...] = ("1", "2.1", "2.2", "2.3", "2.4", "3", "4", "5", "6", "7")

#: Which sections of the review discuss which cytokine (1 and 7 discuss all of them).
SECTIONS_BY_CYTOKINE: dict[str, tuple[str, ...]] = {
    "IL-1": ("1", "2.1", "2.2", "2.3", "7"),
    "IL-33": ("1", "2.1", "2.4", "7"),
    "IL-6": ("1", "3", "7"),
    "IL-8": ("1", "4", "7"),
    "IL-10": ("1", "5", "7"),
    "TNF-α": ("1", "6", "7"),
}

#: Parameters of the model (Pivonka et al. 2008) plus the bone-volume calibration.
PARAMETER_NAMES: tuple[str, ...] = (
    "D_OBu", "D_OBp", "A_OBa", "D_OCp", "A_OCa", "K_D1", "K_D2", "K_D3",
    "alpha", "k_res", "D_TGFb", "beta_PTH", "D_PTH", "K_PTH_act", "K_PTH_rep",
    "beta_OPG", "OPG_max", "D_OPG", "R_RANKL", "beta_RANKL", "D_RANKL",
    "K_A1", "K_A2", "RANK", "K_D8", "kappa_BV",
)

THERAPY_KINDS: tuple[str, ...] = ("cytokine", "dosing")


def check_couplings(file: str, records: list[dict], labels: list[str]) -> None:
    """Each coupling: a section that discusses its cytokine, a switch level exactly where the shape needs
    one, ``rankl_dependent`` only on osteoclast formation, and a ``max_effect`` that keeps the target
    positive at any cytokine level (see :func:`widgets.remodeling.coupling_factor`)."""
    for where, c in zip(labels, records):
        sections = SECTIONS_BY_CYTOKINE[c["cytokine"]]
        if c["review_section"] not in sections:
            raise DataError(file, f"section {c['review_section']!r} of the review does not discuss "
                            f"{c['cytokine']}", where, "review_section", ", ".join(map(repr, sections)))
        effect, top, half = c["effect"], c["max_effect"], c["half_effect_level"]
        if effect in ("biphasic", "rankl_dependent") and c["switch_level"] is None:
            raise DataError(file, f"a {effect!r} effect needs a switch level", where, "switch_level",
                            "a number > 0")
        if effect in ("raise", "lower") and c["switch_level"] is not None:
            raise DataError(file, f"a {effect!r} effect has no switch level, found {c['switch_level']!r}",
                            where, "switch_level", "empty for raise and lower")
        if effect == "rankl_dependent" and c["target"] != "OC_formation":
            raise DataError(file, f"a 'rankl_dependent' effect can only act on osteoclast formation, "
                            f"not {c['target']!r}", where, "target", "'OC_formation'")
        if effect == "raise" and not top < 1 + half:
            raise DataError(file, f"max_effect {top!r} would make the target zero or negative "
                            "when the cytokine is absent", where, "max_effect",
                            f"less than 1 + half_effect_level = {1 + half:g}")
        if effect != "raise" and top > 1:
            raise DataError(file, f"max_effect {top!r} would make the target negative", where,
                            "max_effect", f"0 to 1 for a {effect!r} effect")


def check_therapies(file: str, records: list[dict], labels: list[str]) -> None:
    """A cytokine therapy acts on a cytokine and leaves a fraction 0–1 of it; a dosing therapy acts on a
    dosing term."""
    for where, t in zip(labels, records):
        if t["kind"] == "cytokine" and t["acts_on"] not in CYTOKINES:
            raise DataError(file, f"a cytokine therapy cannot act on {t['acts_on']!r}", where, "acts_on",
                            ", ".join(CYTOKINES))
        if t["kind"] == "dosing" and t["acts_on"] not in DOSING_TERMS:
            raise DataError(file, f"a dosing therapy cannot act on {t['acts_on']!r}", where, "acts_on",
                            ", ".join(DOSING_TERMS))
        if t["kind"] == "cytokine" and t["value"] > 1:
            raise DataError(file, f"{t['value']!r} is more than the whole level", where, "value",
                            "a fraction from 0 to 1 for a cytokine therapy")


TABLES = [
    Table(
        file="remodeling_parameters.csv",
        key="name",
        doc="Parameters of the Pivonka et al. 2008 bone-cell model (pM, days) and kappa_BV.",
        fields=(
            Field("name", kind="choice", choices=PARAMETER_NAMES, doc="parameter name used by the engine"),
            Field("value", kind="float", min=0.0, above_min=True, doc="value (> 0)"),
            Field("unit", doc="unit, '-' if dimensionless"),
            Field("meaning", doc="what the parameter does in the equations"),
            Field("source", doc="where the value comes from"),
        ),
        checks=(require_all("name", PARAMETER_NAMES, "parameter"),),
    ),
    Table(
        file="cytokine_couplings.csv",
        unique_together=("cytokine", "target"),
        doc="How each cytokine acts on the model's inputs (teaching choices, with the review section).",
        fields=(
            Field("cytokine", kind="choice", choices=CYTOKINES),
            Field("target", kind="choice", choices=tuple(TARGETS)),
            Field("effect", kind="choice", choices=EFFECTS),
            Field("max_effect", kind="float", min=0.0, max=10.0,
                  doc="largest fractional change of the target (0.5 = up to +50 % or -50 %)"),
            Field("half_effect_level", kind="float", min=1e-6, max=1e3,
                  doc="K: excess level (x - 1) giving half the maximal effect"),
            Field("switch_level", kind="float", required=False, min=1e-6, max=1e3,
                  doc="biphasic: cytokine level where the effect turns; rankl_dependent: RANKL "
                      "relative to healthy where it turns"),
            Field("review_section", kind="choice", choices=REVIEW_SECTIONS),
            Field("note", doc="what the review says and why this form"),
        ),
        checks=(check_couplings,),
    ),
    Table(
        file="therapies.csv",
        key="id",
        doc="Illustrative therapy strengths, expressed through the engine's own inputs.",
        fields=(
            Field("id", doc="short name used in code and menus"),
            Field("label", doc="label shown in figures"),
            Field("kind", kind="choice", choices=THERAPY_KINDS,
                  doc="cytokine: multiplies a cytokine level; dosing: adds an external production term"),
            Field("acts_on", kind="choice", choices=CYTOKINES + DOSING_TERMS),
            Field("value", kind="float", min=0.0,
                  doc="cytokine: fraction of the level left (0-1); dosing: pM/day added"),
            Field("example_drug", doc="a drug of this class"),
            Field("review_section", kind="choice", choices=REVIEW_SECTIONS + ("none",),
                  doc="review section that mentions this therapy, or 'none' if the review names no such drug"),
            Field("note", doc="why this strength (all strengths are illustrative)"),
        ),
        checks=(check_therapies,),
    ),
]
