"""An instructor's fork: a shorter table of contents, edited data, and the two editions.

A small book (the introduction and the glossary) is built from the course's own files with an
edited glossary definition and an edited quiz question, then built again as the student and the
instructor edition. The built pages must show exactly those changes, and each edition must keep
its promise in every file it publishes: the student edition's downloadable sources
(``_sources/``, behind each page's Download button) hold no solution, and the instructor edition
shows its teaching notes as a note box, never as a page's meta description.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from widgets.book.solutions import SolutionError, strip_markdown, strip_notebook

from .booktools import ROOT, build, copy_book

EDITED_DEFINITION = "Edited definition for this class 4711."
EDITED_QUESTION = "Edited question for this class 4712?"
SOLUTION_TEXT = "low bone mass under either rule"  # from the introduction's first solution


@pytest.fixture(scope="module")
def custom_book(tmp_path_factory):
    book = copy_book(tmp_path_factory.mktemp("fork") / "book", ["01_introduction", "glossary"])
    glossary = book / "data" / "glossary.csv"
    lines = glossary.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    first = next(csv_row for csv_row in __import__("csv").reader(lines[1:2]))
    first[header.index("definition")] = EDITED_DEFINITION
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(first)
    lines[1] = out.getvalue().rstrip("\n")
    glossary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    quiz = book / "data" / "quizzes" / "intro.yaml"
    questions = yaml.safe_load(quiz.read_text(encoding="utf-8"))
    items = questions["items"] if isinstance(questions, dict) else questions
    items[0]["question"] = EDITED_QUESTION
    quiz.write_text(yaml.safe_dump(questions, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return book, first[header.index("term")]


@pytest.fixture(scope="module")
def edition(custom_book, tmp_path_factory):
    """``edition(name)``: the HTML folder of the custom book built as edition ``name`` (each built once)."""
    book, _ = custom_book
    built = {}

    def get(name: str):
        if name not in built:
            built[name] = (build(book) if name == "web" else
                           build(book, edition=name, output=tmp_path_factory.mktemp(name)))
        return built[name]
    return get


def _text(html_dir, page):
    return (html_dir / page).read_text(encoding="utf-8")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _windows(text: str, size: int = 10) -> set[tuple[str, ...]]:
    """Every run of ``size`` words of ``text``: markup-free probes that match a source and its rendered page."""
    words = _words(text)
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def _source_words(html_dir) -> dict[str, set]:
    """The word runs of every downloadable source (cell sources of notebooks; markdown pages as they are)."""
    found = {}
    for path in sorted((html_dir / "_sources").rglob("*")):
        if path.suffix == ".ipynb":
            nb = json.loads(path.read_text(encoding="utf-8"))
            text = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                             for c in nb["cells"])
        elif path.suffix in (".md", ".txt"):
            text = path.read_text(encoding="utf-8")
        else:
            continue
        found[path.relative_to(html_dir).as_posix()] = _windows(text)
    return found


def _boxes(html_dir, page, kind):
    soup = BeautifulSoup(_text(html_dir, page), "html.parser")
    return [_windows(div.get_text(" ")) for div in soup.select(f"div.{kind}")]


def _description(html_dir, page):
    tags = BeautifulSoup(_text(html_dir, page), "html.parser").select('meta[name="description"]')
    assert len(tags) == 1, f"{page}: {len(tags)} meta descriptions"
    return tags[0]["content"]


def test_the_site_reflects_the_shorter_toc_and_the_edited_data(custom_book, edition):
    book, term = custom_book
    html = edition("web")
    assert (html / "chapters" / "01_introduction.html").is_file()
    assert not (html / "chapters" / "05_il6.html").exists()
    assert not (html / "chapters" / "instructor_guide.html").exists()
    index = _text(html, "index.html")
    assert "01_introduction.html" in index and "instructor_guide.html" not in index
    glossary = _text(html, "chapters/glossary.html")
    assert EDITED_DEFINITION in glossary and term in glossary
    intro = _text(html, "chapters/01_introduction.html")
    assert EDITED_QUESTION in intro
    assert SOLUTION_TEXT in intro  # the web edition folds solutions but keeps them
    assert "Teaching notes" not in intro


def test_student_and_instructor_editions(edition):
    student = _text(edition("student"), "chapters/01_introduction.html")
    instructor = _text(edition("instructor"), "chapters/01_introduction.html")
    assert SOLUTION_TEXT not in student and "Teaching notes" not in student
    assert SOLUTION_TEXT in instructor
    assert "Teaching notes (instructor edition)" in instructor
    assert re.search(r"Suggested timing:.*50 minutes", instructor, re.S)
    assert EDITED_QUESTION in student and EDITED_QUESTION in instructor


def test_an_unknown_edition_stops_the_build(custom_book, tmp_path):
    book, _ = custom_book
    with pytest.raises(AssertionError, match="COURSE_EDITION='teacher' is not an edition"):
        build(book, edition="teacher", output=tmp_path / "bad")


def test_the_student_editions_downloads_hold_the_exercises_but_no_solution(edition):
    web, student = edition("web"), edition("student")
    solutions = _boxes(web, "chapters/01_introduction.html", "solution")
    exercises = _boxes(web, "chapters/01_introduction.html", "exercise")
    assert len(solutions) == 2 and len(exercises) == 2  # one {solution}, one {solution-start}/{solution-end}
    web_sources, student_sources = _source_words(web), _source_words(student)
    assert "_sources/chapters/01_introduction.ipynb" in student_sources
    assert set(student_sources) == set(web_sources)  # every page can still be downloaded
    web_runs = set().union(*web_sources.values())
    student_runs = set().union(*student_sources.values())
    for number, solution in enumerate(solutions, start=1):
        assert solution & web_runs, f"solution {number} is not found in the web edition's sources (probe broken?)"
        leaked = solution & student_runs
        assert not leaked, f"solution {number} ships in the student edition's sources: {' '.join(next(iter(leaked)))}"
    for number, exercise in enumerate(exercises, start=1):
        assert exercise & student_runs, f"exercise {number} is missing from the student edition's sources"
    raw = (student / "_sources" / "chapters" / "01_introduction.ipynb").read_text(encoding="utf-8")
    assert "{solution" not in raw
    import nbformat

    nb = nbformat.reads(raw, as_version=4)
    nbformat.validate(nb)
    assert "course-setup" in nb.cells[0].metadata.get("tags", [])


def test_the_instructor_edition_shows_teaching_notes_as_a_box(custom_book, edition):
    book, _ = custom_book
    page = BeautifulSoup(_text(edition("instructor"), "chapters/01_introduction.html"), "html.parser")
    notes = yaml.safe_load((book / "data" / "teaching_notes.yaml").read_text(encoding="utf-8"))
    intro = next(n for n in notes if n["chapter"] == "intro")
    boxes = page.select("div.admonition.teaching-notes")
    assert len(boxes) == 1
    box = boxes[0]
    assert box.select_one(".admonition-title").get_text(strip=True) == "Teaching notes (instructor edition)"
    items = [li.get_text(" ", strip=True) for li in box.select("li")]
    expected = intro["misconceptions"] + intro["discussion"] + intro.get("activities", [])
    assert [_words(i) for i in items] == [_words(e) for e in expected]
    assert "Suggested timing:" in box.get_text()
    assert ".. admonition::" not in page.get_text() and ":class:" not in page.get_text()


def test_teaching_notes_never_become_a_meta_description(edition):
    web, instructor = edition("web"), edition("instructor")
    pages = sorted(p.relative_to(instructor).as_posix() for p in instructor.rglob("*.html")
                   if "_static" not in p.parts and "_sources" not in p.parts)
    assert "chapters/01_introduction.html" in pages
    for page in pages:
        description = _description(instructor, page)
        assert "admonition" not in description and "Teaching notes" not in description, (page, description)
        assert description == _description(web, page), page  # the notes add nothing a search engine reads


def _fences(text: str, name: str) -> int:
    return len(re.findall(r"^[ \t]*(?:`{3,}|:{3,})\{" + re.escape(name) + r"\}", text, re.M))


def _cells_text(nb) -> str:
    return "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"])


def test_every_chapters_solutions_are_left_out_and_its_exercises_kept():
    total = 0
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        before = _cells_text(nb)
        stripped, removed = strip_notebook(nb, path.name)
        after = _cells_text(stripped)
        assert removed == _fences(before, "solution") + _fences(before, "solution-start"), path.name
        assert "{solution" not in after, path.name
        assert _fences(after, "exercise") == _fences(before, "exercise"), path.name
        assert stripped["cells"][0] == nb["cells"][0]  # the setup cell stays first
        total += removed
    assert total > 0


GATED = """Before.

````{exercise}
:label: ex-a
Do it.
````

````{solution-start} ex-a
````

Hidden {solution} prose.
"""


def test_solution_start_and_end_across_cells_take_the_code_between():
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": GATED},
                    {"cell_type": "code", "metadata": {}, "outputs": [], "source": "answer = 42"},
                    {"cell_type": "markdown", "metadata": {}, "source": "Why.\n\n```{solution-end}\n```\n\nAfter."}]}
    stripped, removed = strip_notebook(nb)
    assert removed == 1
    assert [c["cell_type"] for c in stripped["cells"]] == ["markdown", "markdown"]
    assert "Do it." in stripped["cells"][0]["source"] and "Hidden" not in stripped["cells"][0]["source"]
    assert stripped["cells"][1]["source"] == "After."


def test_a_solution_shown_as_a_code_example_stays_and_bad_nesting_stops():
    example = "How to write one:\n\n`````markdown\n````{solution} ex-a\nThe answer.\n````\n`````\n"
    assert strip_markdown(example) == (example, 0)
    with pytest.raises(SolutionError, match=r"page.md: \{solution-end\} without a \{solution-start\} \(line 1\)"):
        strip_markdown("```{solution-end}\n```\n", "page.md")
    with pytest.raises(SolutionError, match="has no {solution-end}"):
        strip_markdown("````{solution-start} ex-a\n````\nAnswer.\n", "page.md")
    with pytest.raises(SolutionError, match=r"inside the \{tab-item\} block at line 1"):
        strip_markdown("`````{tab-item} A\n````{solution} ex-a\nAnswer.\n````\n`````\n", "page.md")
