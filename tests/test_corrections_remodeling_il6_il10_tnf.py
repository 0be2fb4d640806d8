"""Scientific corrections of the remodeling, IL-6, IL-10 and TNF-α chapters and of the back matter.

Each test reads the real course files (notebook cells, CSV, YAML, references) and fails if a false
or overstated wording comes back. Boxes that quote the source in order to correct it ("Correction
to the source", "Note(s) on the source") are left out where a test looks for the course's own words.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from widgets.data import load
from widgets.quiz import load_quiz

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
SOURCE_BOX = re.compile(r"```\{admonition\} (?:Correction to the source|Notes? on the source)[^\n]*\n.*?```", re.S)
CITE = re.compile(r"\{(?:foot)?cite(?::\w+)?\}`([^`]+)`")


def cells(chapter: str) -> dict[str, str]:
    """Markdown cells of ``chapters/<chapter>.ipynb`` by cell id."""
    nb = json.loads((CHAPTERS / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    return {c["id"]: "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"}


def flat(text: str) -> str:
    """Text with markdown emphasis removed and all white space collapsed to single spaces."""
    return " ".join(text.replace("**", "").replace("*", "").split())


def chapter_text(chapter: str, *, own_words: bool = False) -> str:
    text = "\n\n".join(cells(chapter).values())
    return flat(SOURCE_BOX.sub("", text) if own_words else text)


def all_chapters() -> list[str]:
    return sorted(p.stem for p in CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


def cited_keys(text: str) -> set[str]:
    return {key.strip() for group in CITE.findall(text) for key in group.split(",")}


def bib_keys() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))


def cell_with(chapter: str, needle: str) -> str:
    found = [src for src in cells(chapter).values() if needle in src]
    assert len(found) == 1, f"{chapter}: expected one cell containing {needle!r}, found {len(found)}"
    return found[0]


def box(text: str, title: str) -> str:
    found = re.findall(r"```\{admonition\} " + re.escape(title) + r"[^\n]*\n.*?```", text, re.S)
    assert found, f"no admonition titled {title!r}"
    return "\n".join(found)


# ---------------------------------------------------------------- point 11: TNF-α and RANKL in vivo

def test_point11_tnf_rankl_dependence_is_qualified_everywhere():
    for chapter in all_chapters():
        text = chapter_text(chapter)
        for match in re.finditer(r"(?:it )?needs RANKL", text):
            window = text[max(0, match.start() - 200): match.end() + 200]
            assert "ordinary conditions" in window or "p100" in window, (chapter, window)
        assert "found the opposite of a RANKL-independent effect" not in text, chapter
        for match in re.finditer("体内需要 RANKL", text):
            window = text[max(0, match.start() - 40): match.end() + 60]
            assert "通常情况下" in window and "p100" in window, (chapter, window)
    tnf = cell_with("08_tnf", "TNF-α does not replace RANKL in vivo")
    correction = flat(box(tnf, "Correction to the source: TNF-α does not replace RANKL in vivo"))
    assert "mice lacking RANKL or RANK" in correction and "p100" in correction
    assert "under ordinary conditions" in correction.lower()
    assert {"yao2009nfkb", "kobayashi2000tumor", "lam2000tnf"} <= cited_keys(correction)
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert "10.1172/JCI38716" in bib and "yao2009nfkb" in bib_keys()


# ---------------------------------------------------------------- point 12: model artefacts

def test_point12_model_artefacts_are_labelled_and_tocilizumab_in_patients_is_stated():
    for chapter in all_chapters():
        text = chapter_text(chapter)
        assert "disappear at their usual rate" not in text, chapter
        for match in re.finditer(r"does not always mean more bone", text):
            assert "resorption markers" in text[match.end(): match.end() + 200], chapter
        for match in re.finditer("比值降低并不总是意味着骨量更多", text):
            assert "骨吸收标志物" in text[match.end(): match.end() + 80], chapter
    remodeling = cells("02_remodeling")
    limits = flat(box(remodeling["c28"], "Limits of the model"))
    assert "RANKL also activates osteoclasts and keeps them alive" in limits
    assert "boyce2008functions" in cited_keys(limits)
    solution = flat(cell_with("02_remodeling", "tocilizumab last"))
    assert "not a clinical finding" in solution and "tocilizumab lowers blood markers of bone resorption" in solution
    equations = flat(cell_with("02_remodeling", "which TGF-β (released by resorption) promotes, not OPG"))
    assert "RANKL is also a survival factor for osteoclasts" in equations


# ---------------------------------------------------------------- point 13: source overstatements

def test_point13_tnfr2_is_not_said_to_be_only_on_endothelial_and_immune_cells():
    for chapter in all_chapters():
        own = chapter_text(chapter, own_words=True)
        assert not re.search(r"\bonly on endothelial", own), chapter
        assert "仅见于内皮细胞" not in own, chapter
    for name in ("network_nodes.csv", "cytokines.csv", "glossary.csv"):
        text = (ROOT / "data" / name).read_text(encoding="utf-8")
        assert not re.search(r"(?i)found only on endothelial|TNFR-II[^,\n]*only on", text), name
    note = flat(box(cells("08_tnf")["c01"], "Notes on the source"))
    assert "only" in note and "subsets of neurons" in note and "faustman2013tnf" in cited_keys(note)


def test_point13_cytokine_storm_is_not_defined_as_caused_by_t_cells():
    il6 = cells("05_il6")
    own = chapter_text("05_il6", own_words=True)
    assert "caused by excessive activation of T cells" not in own
    storm = il6["c05"]
    note = flat(box(storm, "Note on the source"))
    assert "caused by excessive activation of T cells" in note and "too narrow" in note
    assert "fajgenbaum2020cytokine" in cited_keys(storm)


def test_point13_il6_contributes_to_oestrogen_deficiency_bone_loss():
    text = chapter_text("05_il6")
    assert not re.search(r"IL-6 is needed for (?:the bone loss|a pathological loss)", text)
    assert "IL-6 contributes to the bone loss of oestrogen deficiency" in text


# ---------------------------------------------------------------- point 14: re-solved steady state

def test_point14_steady_state_is_said_to_be_re_solved_not_quoted():
    text = chapter_text("02_remodeling")
    for phrase in ("report this steady state", "published steady state", "reproduces the published"):
        assert phrase not in text, phrase
    remodeling = cells("02_remodeling")
    assert "re-solved from the model" in flat(remodeling["c07"])
    key_en = flat(box(remodeling["c29"], "Key points"))
    key_zh = flat(box(remodeling["c29"], "要点（中文）"))
    assert "re-solved from the model's equations" in key_en and "not quoted from the paper" in key_en
    assert "重新求解" in key_zh and "并非引自论文原文" in key_zh and "文献报道的稳态" not in key_zh
    engine = (ROOT / "widgets" / "remodeling.py").read_text(encoding="utf-8")
    assert "published healthy steady state" not in engine


# ---------------------------------------------------------------- point 15: claims now cited

@pytest.mark.parametrize(("chapter", "needle", "keys"), [
    ("07_il10", "Beyond the review: the IL-10 receptor", {"moore2001interleukin"}),
    ("02_remodeling", "are a major source of the RANKL", {"nakashima2011evidence", "xiong2011matrix"}),
    ("08_tnf", "TNF-α-induced c-fms expression must act through M-CSF", {"yao2006tumor"}),
])
def test_point15_claims_carry_verified_citations(chapter, needle, keys):
    source = cell_with(chapter, needle)
    assert keys <= cited_keys(source), (chapter, keys - cited_keys(source))
    assert keys <= bib_keys()
    if chapter == "07_il10":
        receptor = flat(box(source, "Beyond the review: the IL-10 receptor"))
        assert "JAK1" in receptor and "TYK2" in receptor and "moore2001interleukin" in cited_keys(receptor)
    if chapter == "08_tnf":
        correction = [b for b in SOURCE_BOX.findall(source) if "c-fms expression" in b]
        assert len(correction) == 1 and "yao2006tumor" in cited_keys(correction[0])


# ---------------------------------------------------------------- point 16: back matter

def test_point16_every_listed_reference_is_cited_by_a_chapter():
    references = (CHAPTERS / "references.md").read_text(encoding="utf-8")
    # the page lists every entry of references.bib: in one bibliography, or in two with complementary filters
    filters = re.findall(r":filter: (not )?key in (\{[^}]*\})", references)
    assert ":all:" in references or (len(filters) == 2 and filters[0][1] == filters[1][1]
                                     and {f[0] for f in filters} == {"", "not "}), filters
    cited = set()
    for path in CHAPTERS.iterdir():
        if path.suffix == ".ipynb":
            cited |= cited_keys("\n".join(cells(path.stem).values()))
        elif path.suffix == ".md":
            cited |= cited_keys(path.read_text(encoding="utf-8"))
    listed = bib_keys()
    assert {"komarova2003mathematical", "ayati2010mathematical", "scheiner2013coupling"} <= listed
    assert listed - cited == set(), f"listed in references.md but cited by no chapter: {sorted(listed - cited)}"
    assert cited - listed == set(), f"cited but missing from references.bib: {sorted(cited - listed)}"


def test_point16_anti_tnf_is_not_attributed_to_the_review():
    therapies = load("therapies.csv").set_index("id")
    assert therapies.loc["anti-TNF", "review_section"] == "none"
    assert therapies.loc["tocilizumab", "review_section"] == "3"
    assert therapies.loc["IL-1Ra", "review_section"] == "2.1"
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `therapies.csv`"))
    assert "anti-TNF approaches" not in row and "no anti-TNF" in row
    assert "does not discuss anti-TNF drugs" in chapter_text("08_tnf")


# ---------------------------------------------------------------- point 17: quizzes

def _items(chapter: str, qid: str) -> dict:
    return next(q for q in load_quiz(chapter) if q["id"] == qid)


def _names(phrase: str) -> set[str]:
    return {p.strip() for p in re.split(r",| and ", phrase) if p.strip()}


def test_point17_acute_phase_question_matches_the_chapter_table():
    question = _items("il6", "acute-phase")
    correct = next(o for o in question["options"] if o["correct"])
    falling = _names(re.search(r"while (.+) fall$", flat(correct["text"])).group(1))
    table = cells("05_il6")["c06"]
    rows = [line for line in table.splitlines() if line.startswith("|") and "---" not in line][1:]
    table_falling = {line.split("|")[2].strip() for line in rows} - {""}
    assert falling == table_falling == {"albumin", "transferrin"}
    for option in question["options"]:
        assert "only albumin falls" not in option["feedback"]
        if not option["correct"]:
            assert "fibronectin fall" not in option["text"]


def test_point17_tnf_without_rankl_answer_reflects_the_conflicting_culture_evidence():
    question = _items("tnf", "without-rankl")
    correct = next(o for o in question["options"] if o["correct"])
    answer = flat(correct["text"] + " " + correct["feedback"])
    assert "ordinary conditions" in correct["text"] and "p100" in correct["text"]
    assert "Kobayashi" in answer and "Lam" in answer and "conflict" in answer
    assert "kobayashi2000tumor" in cited_keys(cell_with("08_tnf", "TNF-α does not replace RANKL in vivo"))
