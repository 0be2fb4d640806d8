"""The VSMC chapter's scientific corrections stay corrected: one test per point.

Each test reads the real files (the chapter notebook, the quiz YAML, the data CSVs, references.bib)
or calls the real engine, so it fails if a false wording, an unlabelled IC50 or a number the text
quotes but the model no longer gives comes back.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from widgets import calcification as c
from widgets import data as course_data

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "09_vsmc_calcification.ipynb"
ENZYME_LABEL = "enzyme IC50s as quoted by the paper; selectivity in cells differs"


def _cells() -> dict[str, str]:
    nb = json.loads(CHAPTER.read_text(encoding="utf-8"))
    return {cell["id"]: cell["source"] for cell in nb["cells"]}


def _flat(text: str) -> str:
    """Markdown as one line of plain words (line breaks and emphasis removed)."""
    return re.sub(r"\s+", " ", text.replace("**", "").replace("*", ""))


@pytest.fixture(scope="module")
def cells() -> dict[str, str]:
    return _cells()


@pytest.fixture(scope="module")
def chapter(cells) -> str:
    return _flat("\n".join(cells.values()))


def _cell_with(cells: dict[str, str], marker: str) -> str:
    found = [src for src in cells.values() if marker in src]
    assert len(found) == 1, f"expected one cell containing {marker!r}, found {len(found)}"
    return found[0]


def _bib_keys() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))


# --------------------------------------------------------------------------- point 2
def test_point2_enzyme_ic50s_are_labelled_and_the_route_exercise_uses_cell_potencies(cells, chapter):
    # the IC50 table and the key points say which IC50s these are
    assert "| Kinase | enzyme IC50 (nM), as the paper quotes |" in chapter
    assert ENZYME_LABEL in chapter.replace("**", "")
    key_points = _flat(_cell_with(cells, "```{admonition} Key points"))
    assert "Enzyme IC50s as quoted by the paper" in key_points and "selectivity in cells differs" in key_points
    # the data file's IC50 rows carry the label too
    notes = course_data.load("vsmc_model.csv").set_index("name")["note"]
    for name in ("ic50_jak1_nM", "ic50_jak2_nM", "ic50_jak3_nM"):
        assert "as quoted by the paper; selectivity in cells differs" in notes[name]
    # the false conclusion is gone, and the exercise reasons with both potency sets
    assert "would favour JAK2" not in chapter and "favour JAK2 (or JAK3)" not in chapter
    code = _cell_with(cells, "for potency in (\"enzyme\", \"cell\"):\n    print(f\"{potency} IC50s:\")")
    assert "potency=potency" in code
    solution = _flat(_cell_with(cells, "That reading does not hold in cells."))
    assert "acts on JAK1/JAK3-dependent signalling before JAK2-only signalling" in solution
    assert "points to JAK1" in solution and "not to Jak2" in solution
    # every number the solution quotes is what the engine prints now
    alone = c.expected_levels(100, 0, [24, 72])
    assert f"TNAP 1.23 vs {alone['TNAP'].iloc[0]:.2f}" in solution
    quoted = {("enzyme", 20, "JAK2"): ("1.23", "1.81"), ("enzyme", 20, "JAK1"): ("1.39", "2.38"),
              ("enzyme", 20, "JAK1+JAK2"): ("1.19", "1.69"), ("cell", 1000, "JAK1"): ("1.13", "1.47"),
              ("cell", 1000, "JAK2"): ("1.26", "1.94"), ("cell", 20, "JAK1"): ("1.43", "2.55"),
              ("cell", 20, "JAK2"): ("1.45", "2.60")}
    for (potency, dose, route), (tnap, calcium) in quoted.items():
        lv = c.expected_levels(100, dose, [24, 72], jak_route=route, potency=potency)
        assert (f"{lv['TNAP'].iloc[0]:.2f}", f"{lv['calcium'].iloc[1]:.2f}") == (tnap, calcium), (potency, dose, route)
        assert tnap in solution and calcium in solution
    for potency, dose, route, percent in (("cell", 20, "JAK1", "95 %"), ("cell", 20, "JAK2", "99 %"),
                                          ("cell", 1000, "JAK1", "29 %"), ("cell", 1000, "JAK2", "58 %"),
                                          ("enzyme", 20, "JAK1", "85 %"), ("enzyme", 1000, "JAK1", "10 %")):
        assert f"{100 * float(c.route_activity(dose, route, potency)):.0f} %" == percent
        assert percent in solution
    # the engine really reverses the order of JAK1 and JAK2 with the cellular set
    assert c.route_activity(300, "JAK2", "enzyme") < c.route_activity(300, "JAK1", "enzyme")
    assert c.route_activity(300, "JAK1", "cell") < c.route_activity(300, "JAK2", "cell")
    # and the chapter shows the comparison figure
    assert "potency_comparison()" in _cell_with(cells, "from widgets.pictures.calcification import potency_comparison")


# --------------------------------------------------------------------------- point 4
def test_point4_the_rerun_says_it_assumes_the_jak2_route(cells):
    rerun = _cell_with(cells, "result = run_experiment(design=paper_design()")
    assert 'jak_route="JAK2"' in rerun and 'potency="enzyme"' in rerun
    intro = _flat(_cell_with(cells, "`paper_design()` lists exactly what the paper measured"))
    assert "It assumes, as the paper does, that JAK2 carries the signal" in intro
    reading = _flat(_cell_with(cells, "How to read the tables"))
    assert "under the JAK2 route with the enzyme IC50s, 100 nM leaves 17 % of the signal" in reading
    assert "That holds only for the paper's assumption" in reading
    assert f"{100 * float(c.route_activity(100, 'JAK2')):.0f} %" == "17 %"
    # the comparison across assumptions quotes what the model gives
    follow = _flat(_cell_with(cells, "is a consequence of the paper's assumption"))
    for route, potency, tnap, runx2 in (("JAK2", "enzyme", "1.08", "1.14"), ("JAK1", "enzyme", "1.24", "1.46")):
        lv = c.expected_levels(100, 100, [24], jak_route=route, potency=potency)
        assert (f"{lv['TNAP'].iloc[0]:.2f}", f"{lv['Runx2'].iloc[0]:.2f}") == (tnap, runx2)
        assert tnap in follow and runx2 in follow
    for route in ("JAK1", "JAK2"):  # with cellular IC50s the inhibitor group no longer differs from IL-6 alone
        res = c.run_experiment(design=c.paper_design(), n_replicates=3, noise=0.15, seed=0, jak_route=route,
                               potency="cell")
        p = res.pairwise.set_index(["readout", "group_a", "group_b"])["p"]
        assert p[("TNAP", "IL-6 + tofacitinib", "IL-6")] > 0.05 and p[("Runx2", "IL-6 + tofacitinib", "IL-6")] > 0.05
    assert "neither marker differs from IL-6 alone at P < 0.05" in follow
    # the figures of the page name the route they assume
    from widgets.pictures import calcification as pc

    for fig in (pc.calcium_time_course(), pc.western_blot_explorer(), pc.dose_response()):
        title = _flat(re.sub(r"<[^>]+>", " ", fig.layout.title.text))
        assert "JAK2" in title and "the paper's assumption" in title, title


# --------------------------------------------------------------------------- point 8
def test_point8_rankl_acts_through_il6_as_deuell_found(cells, chapter):
    assert "deuell2012rankl" in _bib_keys()
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert "10.1159/000341216" in bib and "Journal of Vascular Research" in bib
    box = _flat(_cell_with(cells, "Correction to the source: RANKL acts through IL-6, not IL-6 through RANKL"))
    assert "{footcite}`deuell2012rankl`" in box
    assert "RANKL alone did not stimulate phosphate-induced calcification" in box
    assert "RANKL → IL-6 and TNF-α from macrophages → calcification of smooth muscle cells" in box
    # the paper's sentence is reported as the paper's, not stated as a fact of the course
    assert "- RANKL amplification. IL-6 is a strong inducer of RANKL" not in chapter
    assert "The paper writes that IL-6 is a strong inducer of RANKL" in chapter
    key_points = _flat(_cell_with(cells, "```{admonition} Key points"))
    assert "direct BMP2/TNAP/OPN induction and RANKL." not in key_points
    assert "RANKL raised macrophage IL-6 and TNF-α" in key_points
    assert "RANKL 使巨噬细胞的 IL-6 和 TNF-α 增加" in key_points


# --------------------------------------------------------------------------- point 13
def test_point13_jak3_and_runx2_tnap_overstatements_are_corrected(cells, chapter):
    assert "When Runx2 and TNAP rise in VSMCs, vascular calcification follows" not in chapter
    assert "A rise of Runx2 and TNAP in VSMCs marks this switch and favours calcification, but it does not guarantee it" \
        in chapter
    assert "thereby induces vascular calcification" in chapter  # the source's wording is flagged in its box
    box = _flat(_cell_with(cells, "Correction to the source: JAK3 and bone"))
    assert "并不参与骨代谢" in box and "The claim is absolute" in box
    assert "would not make the drug JAK2-selective" in box
    # outside that box the chapter never asserts the claim itself
    rest = chapter.replace(box, "")
    assert "does not take part in bone metabolism" not in rest.replace(
        "and does not take part in bone metabolism (its references 21 and 22)", "")


# --------------------------------------------------------------------------- point 15
def test_point15_cell_selectivity_and_approval_dates_are_cited(cells, chapter):
    keys = _bib_keys()
    for key in ("meyer2010antiinflammatory", "xeljanz2021label", "oshea2013janus", "drugstorenews2011fda",
                "scrip2012xeljanz"):
        assert key in keys, key
    selectivity = _flat(_cell_with(cells, "Correction to the source: tofacitinib is not JAK2-selective"))
    assert "In cells it acts mainly on JAK1 and JAK3 {footcite}`meyer2010antiinflammatory,xeljanz2021label`" \
        in selectivity
    first = _flat(_cell_with(cells, "Correction to the source: the first JAK inhibitor"))
    assert "November 2011 for myelofibrosis {footcite}`drugstorenews2011fda,oshea2013janus`" in first
    assert "approved for rheumatoid arthritis, and the second JAK inhibitor approved {footcite}`scrip2012xeljanz`" \
        in first
    # the cellular IC50s the chapter quotes are the engine's (and the data file's) cell set
    p = c.parameters()
    assert p.cell_ic50 == {"JAK1": 406.0, "JAK2": 1377.0, "JAK3": 56.0}
    table = chapter.replace("**", "")
    for jak, pair in (("JAK3", "JAK1/JAK3 pairs"), ("JAK1", "JAK1/JAK2 pairs"), ("JAK2", "JAK2/JAK2 pairs (JAK2 alone)")):
        assert f"| {pair} | {p.cell_ic50[jak]:g} |" in table, pair
    sources = course_data.load("vsmc_model.csv").set_index("name")["source"]
    assert sources["cell_ic50_jak1_nM"] == "xeljanz2021label" and "xeljanz2021label" in keys


# --------------------------------------------------------------------------- point 17
def test_point17_the_calcium_question_does_not_invent_time_points():
    questions = {q["id"]: q for q in yaml.safe_load((ROOT / "data" / "quizzes" / "vsmc.yaml").read_text("utf-8"))}
    correct = [o for o in questions["calcium"]["options"] if o["correct"]]
    assert len(correct) == 1
    text = " ".join(correct[0]["text"].split())
    assert "at 24, 48 and 72 h (P < 0.05)" not in text and "at 24, 48 and 72 h" not in text
    assert "single “*P < 0.05” without saying at which time points" in text


# --------------------------------------------------------------------------- point 18
QUOTING = ("论文写作", "The paper writes", "keeps 托法替尼 only when quoting")


def _course_texts():
    """Every text file of the course the reader sees, except the glossary (its own owner corrects it)."""
    skip = {"_build", "tests", "node_modules"}  # built or installed files, and the tests' own quotations
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in skip and not d.endswith(".egg-info"))
        for name in sorted(files):
            path = Path(folder) / name
            rel = path.relative_to(ROOT).as_posix()
            if rel == "data/glossary.csv" or path.suffix not in (".ipynb", ".md", ".csv", ".yaml", ".yml", ".py", ".js", ".mjs"):
                continue
            yield rel, path.read_text(encoding="utf-8", errors="replace")


def test_point18_official_chinese_drug_names_in_the_courses_own_sentences():
    for rel, text in _course_texts():
        for match in re.finditer("托法替尼|鲁索替尼", text):
            context = text[max(0, match.start() - 60):match.end() + 40]
            assert any(q in context for q in QUOTING), f"{rel}: {context!r} is not a quotation of the source"
    nodes = course_data.load("network_nodes.csv").set_index("id")
    assert nodes.loc["tofacitinib", "label_zh"].startswith("托法替布")
    key_points = _cell_with(_cells(), "```{admonition} 要点（中文）")
    assert "托法替布" in key_points and "芦可替尼" in key_points


# --------------------------------------------------------------------------- point 20
def test_point20_tnap_mechanism_and_protein_versus_activity(cells, chapter):
    table = _flat(_cell_with(cells, "| Marker | What it is | Why it matters for calcification |"))
    assert "hydrolyses inorganic pyrophosphate (PPi) to phosphate" in table
    assert "{footcite}`azpiazu2019tissue`" in table and "azpiazu2019tissue" in _bib_keys()
    box = _flat(_cell_with(cells, "Caution: TNAP protein is not TNAP activity"))
    assert "amount of TNAP protein" in box and "Activity was never measured" in box
    assert "其活性增加" in box
    appraisal = _flat(_cell_with(cells, "| Question to ask | What the paper provides |"))
    assert "Does the readout measure what the argument needs?" in appraisal and "protein is not activity" in appraisal
