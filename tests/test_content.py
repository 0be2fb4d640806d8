"""Tests of the teaching content: glossary, quizzes, cytokine comparison, quiz HTML, glossary directive."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

import widgets.data
from widgets.chapters import chapter_ids
from widgets.comparison import DISPLAY_COLUMNS, EFFECT_COLOURS, comparison_table
from widgets.data import DataError
from widgets.glossary import glossary_table, load_glossary, lookup, terms_for
from widgets.quiz import COLOURS, QUIZ_JS, load_quiz, quiz

from .booktools import in_fresh_process

CHAPTER_IDS = chapter_ids()  # the registry data/chapters.yaml, in reading order

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of data/ used by the loader for this test only."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv("COURSE_DATA_DIR", str(copy))
    widgets.data.clear_cache()
    yield copy
    widgets.data.clear_cache()


def _rewrite_csv(path: Path, edit) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows = edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Glossary
# ---------------------------------------------------------------------------------------------

def test_glossary_has_enough_unique_bilingual_terms():
    records = load_glossary()
    terms = [r["term"] for r in records]
    assert len(terms) >= 90
    assert len({t.casefold() for t in terms}) == len(terms)
    for rec in records:
        assert rec["chapter"] in CHAPTER_IDS
        assert CJK.search(rec["term_zh"]), f"{rec['term']}: no Chinese characters in term_zh"
        assert rec["definition"].endswith("."), rec["term"]
        assert not re.search(r"[<>`\n]", rec["term"]), rec["term"]
    assert {r["chapter"] for r in records} == set(CHAPTER_IDS), "every chapter introduces some terms"


REQUIRED_TERMS = [
    "IL-1α", "IL-1β", "IL-1Ra", "IL-1RI", "IL-1R2", "IL-1RAcP", "IL-18", "IL-33", "ST2", "sST2", "IL-1R3",
    "IL-6", "mbIL-6R", "sIL-6R", "gp130", "ADAM", "IL-8", "CXCL8", "CXCR1", "CXCR2", "IL-10", "TNF-α",
    "TNFR-I", "TNFR-II", "M-CSF", "c-fms", "RANKL", "RANK", "OPG", "TGF-β", "MyD88", "IRAK", "TRAF6", "TRAF3",
    "NF-κB", "MAPK", "ERK", "JNK", "p38 MAPK", "PI3K", "Akt", "JAK1", "JAK2", "JAK3", "STAT3", "AP-1",
    "IRF-8", "Smurf1/2", "Notch", "caspase-1", "inflammasome", "gasdermin D", "pyroptosis", "alarmin",
    "P2X7", "osteoblast", "osteoclast", "osteoclast precursor", "MSC", "VSMC", "macrophage", "monocyte",
    "dendritic cell", "neutrophil", "Th2", "Th17", "Treg", "PBMC", "myeloid cells", "osteoporosis", "BMD",
    "T-score", "bone remodeling", "bone resorption", "TRAP", "Runx2", "Osx", "osteocalcin", "ALP", "TNAP",
    "vascular calcification", "CKD", "COPD", "ARDS", "IBD", "RA", "CRP", "SAA", "cytokine storm",
    "tocilizumab", "tofacitinib", "ruxolitinib", "atorvastatin", "glucocorticoid-induced osteoporosis",
    "Western blot", "β-actin", "BCA assay", "o-cresolphthalein assay", "one-way ANOVA", "LSD t-test",
    "knockout mouse", "transgenic mouse", "IC50", "SDS-PAGE", "ECL", "LCMV",
]


@pytest.mark.parametrize("term", REQUIRED_TERMS)
def test_required_term_present(term):
    assert lookup(term)["definition"]


def test_glossary_teaches_the_corrected_readings():
    assert lookup("OPG")["expansion"] == "osteoprotegerin"
    assert lookup("OPG")["term_zh"] == "骨保护素"
    assert lookup("LCMV")["expansion"] == "lymphocytic choriomeningitis virus"
    assert "髓系细胞" in lookup("myeloid cells")["term_zh"]
    assert "≤ −2.5" in lookup("T-score")["definition"]
    assert lookup("TNAP")["expansion"] == "tissue-nonspecific alkaline phosphatase"
    assert "S-1 and S-2" in lookup("Smurf1/2")["definition"]
    assert "髓样" in lookup("MyD88")["term_zh"]
    assert "not JAK2-selective" in lookup("tofacitinib")["definition"]
    assert "2011" in lookup("ruxolitinib")["definition"]
    assert lookup("osteoclast")["term_zh"] == "破骨细胞"
    assert lookup("osteoblast")["term_zh"] == "成骨细胞"
    with pytest.raises(ValueError, match="NATP"):
        lookup("NATP")


def test_glossary_table_and_terms_for():
    full = glossary_table()
    assert list(full.columns) == ["term", "expansion", "term_zh", "definition", "chapter"]
    assert full["term"].tolist() == sorted(full["term"], key=lambda t: t.lower())
    il6 = glossary_table("il6")
    assert set(il6["chapter"]) == {"il6"} and "IL-6" in set(il6["term"])
    assert terms_for("il6") == il6["term"].tolist()
    assert sum(len(terms_for(c)) for c in CHAPTER_IDS) == len(full)
    with pytest.raises(ValueError, match=r"chapter='il99'.*intro"):
        glossary_table("il99")
    with pytest.raises(ValueError, match="chapter=None"):
        terms_for(None)


# ---------------------------------------------------------------------------------------------
# Quizzes
# ---------------------------------------------------------------------------------------------

GENERIC = {"incorrect", "incorrect.", "wrong", "wrong.", "no", "no.", "not quite", "try again", "false"}


@pytest.mark.parametrize("chapter", CHAPTER_IDS)
def test_quiz_file_is_complete(chapter):
    assert (DATA / "quizzes" / f"{chapter}.yaml").is_file()
    questions = load_quiz(chapter)
    assert len(questions) >= 6
    for q in questions:
        correct = [o for o in q["options"] if o["correct"]]
        wrong = [o for o in q["options"] if not o["correct"]]
        assert len(correct) == 1, q["id"]
        assert len(wrong) >= 2, q["id"]
        feedback = [o["feedback"] for o in wrong]
        assert len(set(feedback)) == len(feedback), f"{q['id']}: wrong options share feedback"
        for text in feedback:
            assert text.strip().lower() not in GENERIC and len(text) >= 15, (q["id"], text)
        # the page adds "Correct —"; the data must not repeat it
        assert not re.match(r"(correct|yes|right)\b", correct[0]["feedback"], re.I), q["id"]


@pytest.mark.parametrize("chapter, words", [
    ("intro", "≤ −2.5"), ("il1", "TNF-induced osteoclastogenesis"), ("vsmc", "not JAK2-selective"),
    ("vsmc", "Ruxolitinib"), ("il10", "Lymphocytic choriomeningitis virus"), ("tnf", "Smurf1 and Smurf2"),
])
def test_quizzes_cover_the_errata(chapter, words):
    correct = [o["text"] + " " + o["feedback"] for q in load_quiz(chapter) for o in q["options"] if o["correct"]]
    assert any(words in text for text in correct)


def test_correct_option_is_not_always_in_the_same_place():
    positions = [next(i for i, o in enumerate(q["options"]) if o["correct"])
                 for c in CHAPTER_IDS for q in load_quiz(c)]
    counts = [positions.count(i) for i in range(4)]
    assert min(counts) >= len(positions) // 8, counts


# ---------------------------------------------------------------------------------------------
# Quiz HTML
# ---------------------------------------------------------------------------------------------

class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("input", "br", "meta", "link"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> (open: {self.stack[-3:]})")
        else:
            self.stack.pop()


def _parse(markup: str) -> _Collector:
    parser = _Collector()
    parser.feed(markup)
    parser.close()
    return parser


@pytest.mark.parametrize("chapter", CHAPTER_IDS)
def test_quiz_html_structure(chapter):
    q = quiz(chapter)
    markup = q._repr_html_()
    parsed = _parse(markup)
    assert not parsed.errors and not parsed.stack
    tags = [t for t, _ in parsed.tags]
    assert tags.count("fieldset") == tags.count("legend") == len(q)
    radios = [a for t, a in parsed.tags if t == "input"]
    labels = {a["for"] for t, a in parsed.tags if t == "label"}
    assert all(r["type"] == "radio" and r["id"] in labels for r in radios)
    assert len(radios) == sum(len(x["options"]) for x in q.questions)
    live = [a for t, a in parsed.tags if a.get("aria-live")]
    assert len(live) == len(q) and all(a["aria-live"] == "polite" for a in live)
    buttons = [a for t, a in parsed.tags if t == "button"]
    assert len(buttons) == len(q) and all(a["type"] == "button" for a in buttons)
    assert tags.count("details") == len(q)  # answer disclosure works without scripts
    assert "http://" not in markup and "https://" not in markup and " src=" not in markup


@pytest.mark.processes
def test_quiz_ids_unique_and_deterministic_across_a_page():
    page = "".join(quiz(c)._repr_html_() for c in CHAPTER_IDS) + quiz("il6", key="again")._repr_html_()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    fresh = in_fresh_process("from widgets.quiz import quiz; print(quiz('il6')._repr_html_(), end='')", hash_seed=3)
    assert fresh == quiz("il6")._repr_html_()
    assert not re.search(r'id="[^"]*[0-9a-f]{8,}', page), "no random-looking ids"


def test_quiz_mimebundle_and_text():
    bundle = quiz("il8")._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert "<fieldset" in bundle["text/html"]
    assert bundle["text/plain"].startswith("Self-check: IL-8")
    assert "   A. " in bundle["text/plain"] and "data-correct" not in bundle["text/plain"]
    key = quiz("il8").answers().splitlines()
    assert len(key) == len(quiz("il8")) and key[0].startswith("1. ")


def test_quiz_subset_and_arguments():
    sub = quiz("vsmc", only=["selectivity", "blank"])
    assert [q["id"] for q in sub.questions] == ["selectivity", "blank"]
    with pytest.raises(ValueError, match="chapter='il2'"):
        quiz("il2")
    with pytest.raises(ValueError, match=r"unknown question id\(s\) \['nope'\]"):
        quiz("vsmc", only=["nope"])
    with pytest.raises(ValueError, match="single string"):
        quiz("vsmc", only="blank")
    with pytest.raises(ValueError, match="key='Bad Key'"):
        quiz("vsmc", key="Bad Key")


def test_quiz_escapes_text(data_copy):
    path = data_copy / "quizzes" / "il6.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    items[0]["question"] = "Is <b>this</b> & \"that\" safe?"
    items[0]["options"][0]["text"] = "<script>alert(1)</script>"
    items[0]["options"][0]["feedback"] = 'Quote " and <i>tag</i>'
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    markup = quiz("il6")._repr_html_()
    assert "&lt;b&gt;this&lt;/b&gt; &amp; &quot;that&quot;" in markup
    assert "<b>this" not in markup and "<script>alert" not in markup and "<i>tag" not in markup
    assert 'data-feedback="Quote &quot; and &lt;i&gt;tag&lt;/i&gt;"' in markup
    assert _parse(markup).errors == []


def test_quiz_script_is_small_and_never_evaluates_or_writes_markup():
    assert len(QUIZ_JS.encode()) < 4096
    assert "eval" not in QUIZ_JS and "Function(" not in QUIZ_JS and "innerHTML" not in QUIZ_JS


def test_quiz_script_run_twice_adds_one_global_and_handles_a_click_once(browser):
    """Two quizzes on a page run the script twice: one new global, one click listener."""
    first, second = quiz("il6"), quiz("vsmc")
    head = "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Quiz</title></head><body><main>"
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(head + "</main></body></html>")
        blank = set(page.evaluate("Object.keys(window)"))
        page.set_content(head + first._repr_html_() + second._repr_html_() + "</main></body></html>")
        assert page.locator("script").count() == 2
        assert set(page.evaluate("Object.keys(window)")) - blank == {"courseQuizCheck"}
        page.evaluate("() => { const check = window.courseQuizCheck; window.checks = 0;"
                      " window.courseQuizCheck = b => { window.checks += 1; return check(b); }; }")
        page.click(f"#{first.dom_id}-{first.questions[0]['id']} button.course-quiz-check")
        assert page.evaluate("window.checks") == 1
    finally:
        context.close()


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("pair", list(COLOURS.values()) + list(EFFECT_COLOURS.values()))
def test_colours_meet_wcag_aa(pair):
    assert _contrast(*pair) >= 4.5


# ---------------------------------------------------------------------------------------------
# Data errors name file, row and field
# ---------------------------------------------------------------------------------------------

def test_error_missing_glossary_column(data_copy):
    _rewrite_csv(data_copy / "glossary.csv", lambda rows: [r[:2] + r[3:] for r in rows])
    with pytest.raises(DataError, match=r"data/glossary\.csv, header, field 'term_zh': missing column"):
        load_glossary()


def test_error_bad_chapter_id(data_copy):
    def edit(rows):
        rows[5][4] = "il99"
        return rows
    _rewrite_csv(data_copy / "glossary.csv", edit)
    with pytest.raises(DataError, match=r"data/glossary\.csv, row 5 \(line 6\), field 'chapter': 'il99' is not "
                                        r"a known id of data/chapters\.yaml \(allowed: il1"):
        glossary_table()


def test_error_duplicate_term_exact(data_copy):
    _rewrite_csv(data_copy / "glossary.csv", lambda rows: rows + [rows[3]])
    with pytest.raises(DataError, match=r"data/glossary\.csv, row \d+ \(line \d+\), field 'term': duplicate"):
        load_glossary()


def test_error_duplicate_term_ignoring_case(data_copy):
    def edit(rows):
        clone = list(rows[1])
        clone[0] = clone[0].swapcase()
        return rows + [clone]
    _rewrite_csv(data_copy / "glossary.csv", edit)
    with pytest.raises(DataError, match=r"glossary\.csv, row \d+ \(line \d+\), field 'term': duplicate .*ignoring case"):
        load_glossary()


def test_error_term_unusable_in_sphinx(data_copy):
    def edit(rows):
        rows[2][0] = "IL-<6>"
        return rows
    _rewrite_csv(data_copy / "glossary.csv", edit)
    with pytest.raises(DataError, match=r"row 2 \(line 3\), field 'term': 'IL-<6>' cannot be a glossary term"):
        load_glossary()


def test_error_broken_yaml(data_copy):
    (data_copy / "quizzes" / "il6.yaml").write_text("- id: a\n  question: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"data/quizzes/il6\.yaml, line \d+, column \d+: broken YAML"):
        quiz("il6")


def test_error_question_without_correct_option(data_copy):
    path = data_copy / "quizzes" / "il10.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    for option in items[1]["options"]:
        option["correct"] = False
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    qid = items[1]["id"]
    with pytest.raises(DataError, match=rf"data/quizzes/il10\.yaml, item 2 \('{qid}'\), field 'options': no option "
                                        r"marked correct \(allowed: exactly one"):
        load_quiz("il10")


def test_error_two_correct_options(data_copy):
    path = data_copy / "quizzes" / "tnf.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i, option in enumerate(items[0]["options"]):
        option["correct"] = i < 2
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match=r"quizzes/tnf\.yaml, item 1 .*'options': options 1, 2 marked correct \(allowed: exactly one"):
        quiz("tnf")


def test_error_wrong_option_without_feedback(data_copy):
    path = data_copy / "quizzes" / "il33.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    wrong = next(i for i, o in enumerate(items[2]["options"], start=1) if not o["correct"])
    items[2]["options"][wrong - 1]["feedback"] = ""
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match=rf"quizzes/il33\.yaml, item 3 .*options\[{wrong}\], field 'feedback': "
                                        r"missing value"):
        quiz("il33")


def test_error_cytokine_bad_effect(data_copy):
    def edit(rows):
        rows[2][rows[0].index("net_effect_on_bone")] = "neutral"
        return rows
    _rewrite_csv(data_copy / "cytokines.csv", edit)
    with pytest.raises(DataError, match=r"cytokines\.csv, row 2 \(line 3\), field 'net_effect_on_bone': 'neutral'"):
        comparison_table()


# ---------------------------------------------------------------------------------------------
# Cytokine comparison
# ---------------------------------------------------------------------------------------------

def test_comparison_table_content():
    table = comparison_table()
    assert table["Cytokine"].tolist() == ["IL-1", "IL-33", "IL-6", "IL-8", "IL-10", "TNF-α"]
    effect = dict(zip(table["Cytokine"], table["Net effect on bone"]))
    assert {c for c, e in effect.items() if e == "protects"} == {"IL-33", "IL-10"}
    assert list(table.columns) == list(DISPLAY_COLUMNS.values())
    assert table.notna().all().all()
    assert "CXCR1" in table.set_index("Cytokine").loc["IL-8", "Receptors"]
    assert comparison_table(columns=["cytokine", "review_section"]).shape == (6, 2)
    with pytest.raises(ValueError, match="^columns: unknown column 'colour'; allowed: "):
        comparison_table(columns=["colour"])


@pytest.mark.processes
def test_comparison_styled_is_stable_and_has_no_empty_headers():
    first = comparison_table(styled=True).to_html()
    code = "from widgets.comparison import comparison_table; print(comparison_table(styled=True).to_html(), end='')"
    assert in_fresh_process(code, hash_seed=3) == first  # another process, another hash seed: the same table
    assert "T_course-cytokines" in first and "<caption>" in first
    headers = re.findall(r"<th[^>]*>(.*?)</th>", first, re.S)
    assert len(headers) == len(DISPLAY_COLUMNS) and all(h.strip() and h != "&nbsp;" for h in headers)


# ---------------------------------------------------------------------------------------------
# The Sphinx directive
# ---------------------------------------------------------------------------------------------

def _sphinx_project(root: Path) -> Path:
    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "project = 'glossary test'\nextensions = ['myst_parser', 'widgets.book.glossary']\n",
        encoding="utf-8")
    (src / "index.rst").write_text(
        "Home\n====\n\n.. toctree::\n\n   glossary\n   chapter\n\n"
        "Links: :term:`IL-6`, :term:`OPG`, :term:`c-fms`, :term:`Smurf1/2`.\n", encoding="utf-8")
    (src / "glossary.rst").write_text("Glossary\n========\n\n.. course-glossary::\n", encoding="utf-8")
    (src / "chapter.md").write_text(
        "# IL-33\n\nSee {term}`IL-33` and {term}`sST2`.\n\n```{course-glossary}\n:chapter: il33\n:links-only:\n```\n",
        encoding="utf-8")
    return src


def _build(src: Path, out: Path) -> int:
    from sphinx.cmd.build import build_main

    return build_main(["-W", "-q", "-b", "html", "-d", str(out / ".doctrees"), str(src), str(out)])


def test_sphinx_directive_builds_a_linked_glossary(tmp_path):
    src, out = _sphinx_project(tmp_path), tmp_path / "out"
    assert _build(src, out) == 0
    page = (out / "glossary.html").read_text(encoding="utf-8")
    for term in ("IL-6", "OPG", "osteoprotegerin", "骨保护素", "髓系细胞", "lymphocytic choriomeningitis virus"):
        assert html.escape(term) in page
    assert page.count("<dt ") == len(load_glossary())
    assert 'lang="zh-Hans"' in page
    targets = set(re.findall(r'<dt id="([^"]+)"', page))
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="glossary\.html#([^"]+)"', index)
    assert len(links) == 4 and set(links) <= targets
    chapter = (out / "chapter.html").read_text(encoding="utf-8")
    chapter_links = set(re.findall(r'href="glossary\.html#([^"]+)"', chapter))
    assert chapter_links <= targets and len(chapter_links) == len(terms_for("il33"))


def test_sphinx_directive_reports_bad_data(tmp_path, data_copy, capsys):
    def edit(rows):
        rows[4][4] = "nowhere"
        return rows
    _rewrite_csv(data_copy / "glossary.csv", edit)
    src, out = _sphinx_project(tmp_path), tmp_path / "out"
    assert _build(src, out) != 0
    err = capsys.readouterr().err
    assert "glossary.csv, row 4 (line 5), field 'chapter'" in err


def test_sphinx_directive_rejects_unknown_chapter_option(tmp_path, capsys):
    src = _sphinx_project(tmp_path)
    (src / "glossary.rst").write_text("Glossary\n========\n\n.. course-glossary::\n   :chapter: il2\n",
                                      encoding="utf-8")
    assert _build(src, tmp_path / "out") != 0
    assert "unknown chapter id(s) il2" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# The quiz in a real browser (the session's headless Chromium, tests/conftest.py)
# ---------------------------------------------------------------------------------------------


def test_quiz_works_in_a_browser_without_kernel_or_network(browser):
    first, second = quiz("il6"), quiz("vsmc")
    page_html = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Quiz</title></head>"
                 f"<body><main><h1>Quizzes</h1>{first._repr_html_()}{second._repr_html_()}</main></body></html>")
    problems, requests = [], []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.set_content(page_html)
        assert page.locator("button.course-quiz-check:visible").count() == len(first) + len(second)
        assert page.evaluate("typeof window.courseQuizCheck") == "function"

        q0 = first.questions[0]
        base = f"#{first.dom_id}-{q0['id']}"
        page.click(f"{base} button.course-quiz-check")
        assert page.text_content(f"{base}-feedback") == "Choose an answer first."
        wrong = next(i for i, o in enumerate(q0["options"], start=1) if not o["correct"])
        page.check(f"{base}-{wrong}")
        page.click(f"{base} button.course-quiz-check")
        assert page.text_content(f"{base}-feedback") == "Not quite — " + q0["options"][wrong - 1]["feedback"]
        right = next(i for i, o in enumerate(q0["options"], start=1) if o["correct"])
        page.check(f"{base}-{right}")
        page.click(f"{base} button.course-quiz-check")
        assert page.text_content(f"{base}-feedback").startswith("Correct — " + q0["options"][right - 1]["feedback"])
        assert page.get_attribute(base, "data-state") == "correct"

        # the second quiz on the page works too, and the click was handled once (not twice)
        q1 = second.questions[3]
        base1 = f"#{second.dom_id}-{q1['id']}"
        right1 = next(i for i, o in enumerate(q1["options"], start=1) if o["correct"])
        page.check(f"{base1}-{right1}")
        page.click(f"{base1} button.course-quiz-check")
        text = page.text_content(f"{base1}-feedback")
        assert text.count("Correct — ") == 1
        # keyboard: Space on the focused button checks too
        page.check(f"{base1}-{1 if right1 != 1 else 2}")
        page.focus(f"{base1} button.course-quiz-check")
        page.keyboard.press("Space")
        assert page.text_content(f"{base1}-feedback").startswith("Not quite — ")
        # the no-script answer disclosure opens
        page.click(f"{base} summary")
        assert page.is_visible(f"{base} details p")
        # axe-core (shipped with axe-playwright-python, no network) finds no violations,
        # including colour contrast of the feedback boxes now on screen
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()
    assert problems == []
    assert all(url.startswith(("about:", "data:")) for url in requests), requests
