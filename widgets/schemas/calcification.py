"""Schema of ``data/vsmc_model.csv``: the teaching constants of the VSMC calcification engine.

One row per constant: ``name`` (one of :data:`PARAMETERS`), ``value`` (a non-negative number),
``unit``, ``source`` (where the number comes from: a section of the VSMC paper, a key of
``references.bib``, or ``teaching choice``) and ``note`` (what the number means and why it was chosen).
Tofacitinib's potency comes in two sets (:data:`POTENCY_SOURCES`): the enzyme-assay IC50s the paper
quotes, and cellular IC50s of JAK-pair signalling; every row of either set must name its source.
The table's checks (run on every load and by ``make check-data``) require every name once and
rates, IC50s and the Hill coefficient (:data:`POSITIVE`) above zero.
"""

from widgets.data import DataError, Field, Table, require_all

#: Every constant the engine reads, with a one-line meaning (the CSV's ``note`` says where it comes from).
PARAMETERS = {
    "ic50_jak1_nM": "tofacitinib IC50 on JAK1 (enzyme assay, as quoted by the paper)",
    "ic50_jak2_nM": "tofacitinib IC50 on JAK2 (enzyme assay, as quoted by the paper)",
    "ic50_jak3_nM": "tofacitinib IC50 on JAK3 (enzyme assay, as quoted by the paper)",
    "cell_ic50_jak1_nM": "tofacitinib IC50 in cells on signalling limited by JAK1 (JAK1/JAK2 pairs)",
    "cell_ic50_jak2_nM": "tofacitinib IC50 in cells on JAK2-only signalling (JAK2/JAK2 pairs)",
    "cell_ic50_jak3_nM": "tofacitinib IC50 in cells on signalling through JAK3 (JAK1/JAK3 pairs)",
    "hill": "Hill coefficient of inhibition",
    "il6_ec50_ng_ml": "IL-6 dose giving half-maximal receptor (IL-6R/gp130) occupancy",
    "k_pstat3_per_h": "rate constant of pSTAT3 (phosphorylation/dephosphorylation balance)",
    "pstat3_gain": "rise of pSTAT3 above baseline at full signal",
    "k_runx2_per_h": "Runx2 protein turnover rate",
    "runx2_gain": "rise of Runx2 per unit rise of pSTAT3",
    "k_tnap_per_h": "TNAP protein turnover rate",
    "tnap_gain": "rise of TNAP per unit rise of Runx2",
    "k_calcium_per_h": "calcium deposition per unit rise of TNAP per hour",
    "k_jak2_per_h": "total Jak2 protein turnover rate",
    "jak2_gain": "rise of total Jak2 at full receptor occupancy (teaching coupling)",
    "default_il6_ng_ml": "IL-6 dose of the paper's IL-6 groups",
    "teaching_tofacitinib_nM": "tofacitinib dose of the default inhibitor group (not stated in the paper)",
    "actin_loading_cv": "lane-to-lane variation of the beta-actin loading control in the simulated blot",
}

#: Constants that must be above zero: the engine divides by them or raises a dose to their power.
POSITIVE = ("ic50_jak1_nM", "ic50_jak2_nM", "ic50_jak3_nM", "cell_ic50_jak1_nM", "cell_ic50_jak2_nM",
            "cell_ic50_jak3_nM", "hill", "il6_ec50_ng_ml", "k_pstat3_per_h", "k_runx2_per_h", "k_tnap_per_h",
            "k_jak2_per_h")

#: The two potency sets of tofacitinib: which rows hold them, and the sources those rows must name.
POTENCY_SOURCES = {
    "enzyme": {"rows": ("ic50_jak1_nM", "ic50_jak2_nM", "ic50_jak3_nM"), "source": "VSMC paper §4"},
    "cell": {"rows": ("cell_ic50_jak1_nM", "cell_ic50_jak2_nM", "cell_ic50_jak3_nM"), "source": "xeljanz2021label"},
}


def _potency_sources(file: str, records: list[dict], labels: list[str]) -> None:
    """Every IC50 row names the source of its potency set (:data:`POTENCY_SOURCES`)."""
    for potency, spec in POTENCY_SOURCES.items():
        for row, rec in zip(labels, records):
            if rec["name"] in spec["rows"] and rec["source"] != spec["source"]:
                raise DataError(file, f"{rec['name']} belongs to the {potency} potency set, whose source is "
                                      f"{spec['source']!r}, but names {rec['source']!r}", row, "source",
                                repr(spec["source"]))


def _positive(file: str, records: list[dict], labels: list[str]) -> None:
    """Rates, IC50s and the Hill coefficient (:data:`POSITIVE`) are above zero."""
    for row, rec in zip(labels, records):
        if rec["name"] in POSITIVE and not rec["value"] > 0:
            raise DataError(file, f"{rec['name']} = {rec['value']!r} must be above zero", row, "value",
                            "a number above 0")


TABLES = [
    Table(
        file="vsmc_model.csv",
        key="name",
        doc="Teaching constants of the IL-6 -> JAK -> pSTAT3 -> Runx2 -> TNAP -> calcium model of VSMC "
            "calcification (widgets.calcification). Calibrated for teaching, not fitted to data.",
        fields=(
            Field("name", kind="choice", choices=tuple(PARAMETERS), unique=True,
                  doc="which constant (each once)"),
            Field("value", kind="float", min=0.0, doc="the number, in the unit of the next column"),
            Field("unit", kind="str", doc="unit of value ('1' for a dimensionless number)"),
            Field("source", kind="str", doc="where the value comes from: a section of the VSMC paper, a key of "
                                           "references.bib, or 'teaching choice'"),
            Field("note", kind="str", doc="what the value means, and why it was chosen"),
        ),
        checks=(require_all("name", PARAMETERS, "constant"), _positive, _potency_sources),
    ),
]
