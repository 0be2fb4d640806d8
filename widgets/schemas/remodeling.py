"""Schemas of the bone-remodeling data: model parameters, cytokine couplings and therapies.

* ``remodeling_parameters.csv``: the Pivonka et al. 2008 bone-cell model (full precision) and
  the teaching calibration ``kappa_BV`` of the bone-volume index.
* ``cytokine_couplings.csv``: how each of the six cytokines of the review acts on the model's
  own inputs (a teaching choice; each row names the review section that justifies it).
* ``therapies.csv``: illustrative therapy strengths (anti-TNF, IL-1Ra, tocilizumab, anti-RANKL).

The names below are the vocabulary the engine (:mod:`widgets.remodeling`) understands. Checks
that involve several columns of a row (for example that a ``lower`` effect has
``max_effect <= 1``) are made by the engine when it reads the file, with the same kind of
:class:`~widgets.data.DataError`.
"""

from __future__ import annotations

from widgets.data import Field, Table

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

#: Sections of the review (seeds/000): 1 introduction, 2.x IL-1 and IL-33, 3 IL-6, 4 IL-8,
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

TABLES = [
    Table(
        file="remodeling_parameters.csv",
        key="name",
        doc="Parameters of the Pivonka et al. 2008 bone-cell model (pM, days) and kappa_BV.",
        fields=(
            Field("name", kind="choice", choices=PARAMETER_NAMES, doc="parameter name used by the engine"),
            Field("value", kind="float", min=0.0, doc="value (must be > 0; checked by the engine)"),
            Field("unit", doc="unit, '-' if dimensionless"),
            Field("meaning", doc="what the parameter does in the equations"),
            Field("source", doc="where the value comes from"),
        ),
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
    ),
]
