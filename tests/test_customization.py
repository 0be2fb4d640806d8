"""An instructor's fork: a shorter table of contents, edited data, and the two editions.

A small book (the introduction and the glossary) is built from the course's own files with an
edited glossary definition and an edited quiz question, then built again as the student and the
instructor edition. The built pages must show exactly those changes.
"""

from __future__ import annotations

import re

import pytest
import yaml

from .booktools import build, copy_book

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


def _text(html_dir, page):
    return (html_dir / page).read_text(encoding="utf-8")


def test_the_site_reflects_the_shorter_toc_and_the_edited_data(custom_book):
    book, term = custom_book
    html = build(book)
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


def test_student_and_instructor_editions(custom_book, tmp_path):
    book, _ = custom_book
    student = _text(build(book, edition="student", output=tmp_path / "student"), "chapters/01_introduction.html")
    instructor = _text(build(book, edition="instructor", output=tmp_path / "instructor"),
                       "chapters/01_introduction.html")
    assert SOLUTION_TEXT not in student and "Teaching notes" not in student
    assert SOLUTION_TEXT in instructor
    assert "Teaching notes (instructor edition)" in instructor
    assert re.search(r"Suggested timing:.*50 minutes", instructor, re.S)
    assert EDITED_QUESTION in student and EDITED_QUESTION in instructor


def test_an_unknown_edition_stops_the_build(custom_book, tmp_path):
    book, _ = custom_book
    with pytest.raises(AssertionError, match="COURSE_EDITION='teacher' is not an edition"):
        build(book, edition="teacher", output=tmp_path / "bad")
