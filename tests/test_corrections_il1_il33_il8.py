"""Scientific corrections in the IL-1, IL-33 and IL-8 chapters, their data and the glossary.

Each test reads the committed files (notebook cells, CSV, YAML, BibTeX) and fails if a wording the
course has corrected comes back, or if the corrected wording disappears from where it must be.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
DATA = ROOT / "data"


# --------------------------------------------------------------------------------------------
# Readers of the real files
# --------------------------------------------------------------------------------------------

def cells(name: str, kind: str = "markdown") -> list[str]:
    nb = json.loads((CHAPTERS / name).read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] == kind:
            src = cell["source"]
            out.append(src if isinstance(src, str) else "".join(src))
    return out


def chapter_text(name: str) -> str:
    return "\n\n".join(cells(name))


def admonition(text: str, title: str) -> str:
    """The body of the admonition whose title line is ``title`` (e.g. "要点（中文）")."""
    start = text.index("{admonition} " + title)
    return text[start:text.index("\n```", start)]


def solution(text: str, label: str) -> str:
    """The text of an exercise's solution, in either form the chapters use."""
    if "{solution} " + label in text:
        start = text.index("{solution} " + label)
        return text[start:text.index("\n````", start)]
    start = text.index("{solution-start} " + label)
    return text[start:text.index("{solution-end}", start)]


def csv_rows(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def glossary(term: str) -> dict:
    return next(r for r in csv_rows("glossary.csv") if r["term"] == term)


def coupling(cytokine: str, target: str) -> dict:
    return next(r for r in csv_rows("cytokine_couplings.csv")
                if r["cytokine"] == cytokine and r["target"] == target)


def cytokine_row(name: str) -> dict:
    return next(r for r in csv_rows("cytokines.csv") if r["cytokine"] == name)


def quiz_texts(chapter: str) -> list[str]:
    questions = yaml.safe_load((DATA / "quizzes" / f"{chapter}.yaml").read_text(encoding="utf-8"))
    out = []
    for q in questions:
        out.append(q["question"] + " " + q.get("explanation", ""))
        out.extend(o["text"] + " " + o["feedback"] for o in q["options"])
    return out


def correct_quiz_texts(chapter: str) -> list[str]:
    questions = yaml.safe_load((DATA / "quizzes" / f"{chapter}.yaml").read_text(encoding="utf-8"))
    return [o["text"] + " " + o["feedback"] for q in questions for o in q["options"] if o["correct"]]


def teaching_notes(chapter: str) -> str:
    notes = yaml.safe_load((DATA / "teaching_notes.yaml").read_text(encoding="utf-8"))
    entry = next(e for e in notes if e["chapter"] == chapter)
    return " ".join(str(v) for v in entry.values())


def bib_keys() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))


def cited(text: str) -> set[str]:
    return {key.strip() for group in re.findall(r"\{footcite\}`([^`]+)`", text) for key in group.split(",")}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;。；])\s*|\n\s*\n|\n- |\n\|", text) if s.strip()]


IL1, IL33, IL8 = "03_il1.ipynb", "04_il33.ipynb", "06_il8.ipynb"


def test_every_citation_of_the_three_chapters_is_in_the_bibliography():
    keys = bib_keys()
    for name in (IL1, IL33, IL8):
        missing = cited(chapter_text(name)) - keys
        assert not missing, f"{name} cites keys missing from references.bib: {missing}"


# --------------------------------------------------------------------------------------------
# Point 1: IL-8 is regulated by steroid hormones; glucocorticoids suppress it
# --------------------------------------------------------------------------------------------

STEROID = re.compile(r"steroid|dexamethasone|glucocorticoid|androgen|oestrogen|estrogen|"
                     r"类固醇|地塞米松|糖皮质激素|雄激素|雌激素", re.I)
INDUCE = re.compile(r"induc|诱导")
NEGATION = re.compile(r"\bnot\b|不是|并非")
REGULATES = re.compile(r"regulat|suppress|调节|抑制")
DISEASE_NAMES = re.compile(r"glucocorticoid-induced osteoporosis|糖皮质激素(性|诱导的)骨质疏松[症]?", re.I)


def _steroid_as_inducer(text: str) -> list[str]:
    """Sentences that name steroid hormones among the inducers of IL-8: they speak of inducing, name a
    steroid, and neither negate it nor say that the steroids regulate or suppress IL-8."""
    hits = []
    for s in sentences(DISEASE_NAMES.sub("", text)):
        if STEROID.search(s) and INDUCE.search(s) and not (NEGATION.search(s) or REGULATES.search(s)):
            hits.append(s.strip())
    return hits


def test_point1_il8_is_regulated_not_induced_by_steroid_hormones():
    il8 = chapter_text(IL8)
    sources = {
        "IL-8 chapter": il8,
        "cytokines.csv IL-8 row": " ".join(cytokine_row("IL-8").values()),
        "il8 quiz": "\n\n".join(quiz_texts("il8")),
        "glossary (dexamethasone, IL-8, CXCL8)": "\n\n".join(
            glossary(t)["definition"] for t in ("dexamethasone", "IL-8", "CXCL8")),
        "teaching notes il8": teaching_notes("il8"),
    }
    for where, text in sources.items():
        assert not _steroid_as_inducer(text), (where, _steroid_as_inducer(text))
    # the forms that were wrong before, each in its own place
    assert not re.search(r"made in response to[^.]*steroid hormones", il8)
    assert not re.search(r"Stimuli:[^\n]*\n?[^\n]*steroid hormones \(androgens", il8)
    assert not re.search(r"^\|\s*steroid hormones\s*\|\s*androgens, oestrogens, dexamethasone\s*\|\s*$", il8, re.M)
    assert not re.search(r"诱导因素[^。]*类固醇激素", il8)

    # the corrected reading is taught, in English and in Chinese, with its source
    assert re.search(r"glucocorticoids such as dexamethasone \*\*suppress\*\*", il8)
    assert "mukaida1994molecular" in cited(il8)
    en = admonition(il8, "Key points")
    zh = admonition(il8, "要点（中文）")
    assert re.search(r"Steroid hormones[^.]*regulate IL-8; glucocorticoids[^.]*suppress", en)
    assert "调节" in zh and re.search(r"糖皮质激素[^。]*抑制 IL-8 的转录", zh)
    assert "suppress" in cytokine_row("IL-8")["main_sources"]
    assert "suppress" in glossary("dexamethasone")["definition"]
    assert any("suppress" in t and "NF-κB" in t for t in correct_quiz_texts("il8"))


# --------------------------------------------------------------------------------------------
# Point 7: IL-33 and bone: conflicting, model-dependent evidence
# --------------------------------------------------------------------------------------------

def test_point7_il33_evidence_is_presented_as_conflicting():
    il33 = chapter_text(IL33)
    assert "an alarmin that protects bone" not in il33
    refs = cited(il33)
    harmful = {"xu2008il33", "palmer2009inhibition", "mun2010interleukin", "eeles2015osteoclast"}
    protective = {"saleh2011interleukin", "ohori2020il33"}
    assert harmful <= refs and protective <= refs, refs

    # the exercise solution no longer stops at "blocking it should make erosion worse"
    paradox = solution(il33, "ex-il33-paradox")
    assert {"xu2008il33", "palmer2009inhibition"} <= cited(paradox)
    assert re.search(r"milder arthritis", paradox) and "depends on the model" in paradox
    assert not paradox.rstrip().endswith("blocking it should reduce erosion.")

    en = admonition(il33, "Key points")
    zh = admonition(il33, "要点（中文）")
    assert "**milder**" in en and "**worsens**" in en and "depends on the model" in en
    assert "较轻" in zh and "加重" in zh and "取决于模型" in zh

    # the same reading in the data and the quiz
    assert not re.search(r"protects bone by restraining osteoclast formation\.$", glossary("IL-33")["definition"])
    assert "depends on the model" in glossary("IL-33")["definition"]
    assert "collagen-induced arthritis" in cytokine_row("IL-33")["caveats"]
    assert any("milder" in t for t in correct_quiz_texts("il33"))
    assert "worsens collagen-induced arthritis" in teaching_notes("il33")
    assert "but protects bone. How can both be true?" not in teaching_notes("il33")


# --------------------------------------------------------------------------------------------
# Point 10: the coupling notes say what the evidence is
# --------------------------------------------------------------------------------------------

def test_point10_coupling_notes_rest_on_the_right_evidence():
    il1 = coupling("IL-1", "RANKL_production")["note"]
    # the RANKL-present comparison [53] may not justify the size of a RANKL-production effect
    assert not re.search(r"\[53\][^;]*so its RANKL effect is set", il1)
    assert "teaching choice" in il1 and "RANKL added" in il1
    assert "because the review reports IL-1β to be more efficient" not in chapter_text(IL1)
    assert "M-CSF **and RANKL**" in solution(chapter_text(IL1), "ex-il1-vs-tnf")

    il8_rankl = coupling("IL-8", "RANKL_production")["note"]
    assert "Bendre" in il8_rankl and "osteoblastic cells" in il8_rankl
    assert "correlation" in il8_rankl  # the neutrophil finding is named for what it is
    assert "Bendre" in coupling("IL-8", "OC_formation")["note"]

    il33 = coupling("IL-33", "RANKL_production")["note"]
    assert "osteoclast differentiation" in il33 and "simplification" in il33
    assert re.search(r"rather\s+than\s+lowering\s+RANKL\s+production", chapter_text(IL33))


# --------------------------------------------------------------------------------------------
# Point 13: pericarditis and RA respond to IL-1 blockade (anakinra, rilonacept)
# --------------------------------------------------------------------------------------------

def test_point13_pericarditis_and_ra_evidence_is_for_il1_blockade():
    il1 = chapter_text(IL1)
    texts = {"IL-1 chapter": il1, "il1 quiz": "\n".join(quiz_texts("il1"))}
    for where, text in texts.items():
        for m in re.finditer(r"IL-1β neutrali[sz]ation|IL-1β ?中和", text):
            before = text[max(0, m.start() - 100):m.start()]
            assert re.search(r"review|综述|“|\"", before), (where, text[max(0, m.start() - 60):m.end() + 20])
    assert not re.search(r"also respond to \*\*IL-1β neutralisation\*\*", il1)
    assert not re.search(r"RA respond to IL-1β neutralisation", il1)
    assert "对 IL-1β 中和治疗有反应" not in il1
    assert {"bresnihan1998treatment", "brucato2016effect", "klein2021phase"} <= cited(il1)
    assert "anakinra" in il1 and "rilonacept" in il1
    zh = admonition(il1, "要点（中文）")
    assert "阻断 IL-1" in zh and "阿那白滞素" in zh and "利纳西普" in zh
    assert any("rilonacept" in t and "IL-1α" in t for t in correct_quiz_texts("il1"))


# --------------------------------------------------------------------------------------------
# Point 15: "rodents lacking a CXCL8 gene" is cited and limited to rats and mice
# --------------------------------------------------------------------------------------------

RODENT_CLAIM = re.compile(r"rodents? (lack|have no|without)|no CXCL8 gene in rodents|rodent '+IL-8|啮齿类无", re.I)


def test_point15_missing_cxcl8_gene_is_sourced_and_not_overgeneralised():
    places = {name: chapter_text(name) for name in (IL8, "10_synthesis.ipynb")}
    places["glossary CXCL8"] = glossary("CXCL8")["definition"]
    places["cytokines.csv IL-8"] = cytokine_row("IL-8")["caveats"]
    places["il8 quiz"] = "\n".join(quiz_texts("il8"))
    places["teaching notes il8"] = teaching_notes("il8")
    for where, text in places.items():
        assert not RODENT_CLAIM.search(text), (where, RODENT_CLAIM.search(text).group(0))
    il8 = chapter_text(IL8)
    box = il8[il8.index("Correction to the source: rats have no IL-8 gene"):]
    box = box[:box.index("\n```")]
    assert "modi1999isolation" in cited(box) and "guinea pig" in box
    assert "modi1999isolation" in bib_keys()
    assert "guinea pigs have one" in glossary("CXCL8")["definition"]


# --------------------------------------------------------------------------------------------
# Point 18: the IL-1 Chinese key point on M-CSF; official Chinese drug names in the glossary
# --------------------------------------------------------------------------------------------

def test_point18_il1_chinese_key_point_and_glossary_drug_names():
    zh = admonition(chapter_text(IL1), "要点（中文）")
    bone = next(line for line in zh.splitlines() if line.startswith("- 对骨的作用"))
    # T cells, B cells and macrophages make RANKL after IL-1β binds them; they are not named as M-CSF makers
    assert not re.search(r"巨噬细胞的[^；;。]*M-CSF", bone)
    assert re.search(r"T 细胞、B 细胞和巨噬细胞上的受体结合，促进 \*\*RANKL\*\* 的产生", bone)
    assert re.search(r"IL-1β 还增加 \*\*M-CSF\*\* 的产生", bone)

    assert glossary("tofacitinib")["term_zh"] == "托法替布"
    assert "托法替布" in glossary("CP690550")["term_zh"]
    assert glossary("ruxolitinib")["term_zh"] == "芦可替尼"
    text = (DATA / "glossary.csv").read_text(encoding="utf-8")
    assert "鲁索替尼" not in text
    for m in re.finditer("托法替尼", text):  # only as the source's wording
        assert re.search(r"(paper|source|review) writes\s*$", text[max(0, m.start() - 30):m.start()]), \
            text[max(0, m.start() - 60):m.end()]


# --------------------------------------------------------------------------------------------
# Point 19: glossary over-generalisations
# --------------------------------------------------------------------------------------------

def test_point19_glossary_definitions_are_not_overgeneralised():
    ibd = glossary("IBD")["definition"]
    assert not re.search(r"Defects in IL-10 signalling cause it", ibd)
    assert "very-early-onset" in ibd and "multifactorial" in ibd

    family = glossary("IL-1 family")["definition"]
    assert not re.search(r"whose receptors share a cytoplasmic TIR domain\.$", family)
    assert "IL-1R2 has none" in family
    assert "IL-1R2 lacks it" in glossary("TIR domain")["definition"]

    notch = glossary("Notch")["definition"]
    assert not re.search(r"\bit mediates\b", notch) and re.search(r"\bmay\b", notch)
    assert "review suggests" in notch

    alp = glossary("ALP")["definition"]
    assert "bone isoform (TNAP)" not in alp
    assert "tissue-nonspecific" in alp and "glycosylated" in alp
    assert "glycoform" in glossary("TNAP")["definition"]


# --------------------------------------------------------------------------------------------
# Point 20: IL-8's direct evidence for osteoclast formation (Bendre et al. 2003)
# --------------------------------------------------------------------------------------------

def test_point20_il8_chapter_gives_the_direct_osteoclast_evidence():
    il8 = chapter_text(IL8)
    bone = il8[il8.index("## IL-8 and bone"):il8.index("### IL-8 in the simulator")]
    assert "bendre2003interleukin" in cited(bone)
    assert re.search(r"\*\*stimulated osteoclast formation and bone resorption\*\*", bone)
    assert re.search(r"\*\*induced\s+RANKL\*\* in osteoblastic cells", bone)
    # the evidence table has the experiment, and the text no longer calls all evidence associative
    assert re.search(r"^\| human cells in culture .*\| experiment, in vitro \|", bone, re.M)
    assert "All three are **associations**." not in bone
    assert "Bendre" in admonition(il8, "Key points") and "Bendre" in admonition(il8, "要点（中文）")
    assert "Bendre" in cytokine_row("IL-8")["key_evidence"]
    assert any("Bendre" in t for t in correct_quiz_texts("il8"))
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    entry = bib[bib.index("@article{bendre2003interleukin"):]
    entry = entry[:entry.index("\n}")]
    assert "10.1016/S8756-3282(03)00086-3" in entry and "{Bone}" in entry


@pytest.mark.parametrize("name", [IL1, IL33, IL8])
def test_the_three_chapters_keep_their_correction_and_key_point_boxes(name):
    text = chapter_text(name)
    assert "{admonition} Key points" in text and "{admonition} 要点（中文）" in text
    assert text.count("Correction to the source") >= 1
