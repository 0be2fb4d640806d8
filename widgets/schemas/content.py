"""Schemas of the course's teaching content: glossary, self-check quizzes, cytokine comparison.

* ``glossary.csv``: one term a row (the ``term`` text is the Sphinx glossary term, so chapters
  link to it with ``{term}`IL-6```);
* ``quizzes/<chapter id>.yaml``: a list of questions, each with options and feedback;
* ``cytokines.csv``: one row per cytokine of the review, for the synthesis chapter's table.

Rules beyond single fields (exactly one correct option per question, question ids usable in HTML,
a quiz file named after a chapter, characters a Sphinx term cannot hold, terms that differ only
by case) are :func:`check_glossary` and :func:`check_quiz`, the tables' ``checks``: the loader
runs them on every load and ``validate_all()`` (``make check-data``) runs them for every file.
"""

from __future__ import annotations

import re

from ..data import DataError, Field, Table, neighbour_records

__all__ = ["NET_EFFECTS", "TABLES", "check_glossary", "check_quiz"]

#: Allowed values of ``cytokines.csv`` field ``net_effect_on_bone``.
NET_EFFECTS: tuple[str, ...] = ("promotes loss", "protects")


# Characters that break a Sphinx :term: reference or a glossary line.
_BAD_TERM_CHARS = re.compile(r"[<>`\n\r\t]")
_QUESTION_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _labels(records, labels, kind):
    return labels or [f"row {n} (line {n + 1})" if kind == "row" else f"item {n} ({r.get('id')!r})"
                      for n, r in enumerate(records, start=1)]


def check_glossary(records: list[dict], file: str = "glossary.csv", labels: list[str] | None = None) -> list[dict]:
    """Checks beyond the schema: terms usable as Sphinx glossary terms, unique ignoring case.

    Sphinx looks terms up case-insensitively, so ``ALP`` and ``Alp`` would collide.
    Raises :class:`~widgets.data.DataError`; returns ``records`` unchanged when all is well.
    """
    seen: dict[str, str] = {}
    for row, rec in zip(_labels(records, labels, "row"), records):
        term = rec["term"]
        if _BAD_TERM_CHARS.search(term) or " : " in term or term != term.strip():
            raise DataError(file, f"{term!r} cannot be a glossary term", row, "term",
                            "text without angle brackets, backticks, line breaks or ' : '")
        folded = term.casefold()
        if folded in seen:
            raise DataError(file, f"duplicate {term!r} (terms are matched ignoring case; first in "
                                  f"{seen[folded]})", row, "term", "each term once")
        seen[folded] = row
        for name in ("expansion", "term_zh", "definition"):
            value = rec.get(name)
            if value and ("\n" in value or "\r" in value):
                raise DataError(file, "line break inside the value", row, name, "one line of text")
    return records


def check_quiz(records: list[dict], file: str, labels: list[str] | None = None) -> list[dict]:
    """Checks beyond the schema: a file named after a chapter, question ids usable in HTML ids,
    exactly one correct option, options that differ. Raises :class:`~widgets.data.DataError`."""
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    ids = [rec["id"] for rec in neighbour_records("chapters.yaml")]
    if stem not in ids:
        raise DataError(file, f"{stem!r} is not a chapter id of data/chapters.yaml (a quiz file is named "
                              "after its chapter)", allowed="quizzes/<id>.yaml with id one of " + ", ".join(ids))
    for row, rec in zip(_labels(records, labels, "item"), records):
        if not _QUESTION_ID.match(rec["id"]):
            raise DataError(file, f"{rec['id']!r} is not a usable question id", row, "id",
                            "lower-case letters, digits and '-', starting with a letter or digit")
        correct = [i for i, opt in enumerate(rec["options"], start=1) if opt["correct"]]
        if len(correct) != 1:
            found = "no option" if not correct else f"options {', '.join(map(str, correct))}"
            raise DataError(file, f"{found} marked correct", row, "options",
                            "exactly one option with correct: true")
        texts = [opt["text"] for opt in rec["options"]]
        for i, text in enumerate(texts, start=1):
            if texts.index(text) != i - 1:
                raise DataError(file, f"option {i} repeats option {texts.index(text) + 1} ({text!r})",
                                f"{row}, options[{i}]", "text", "different options")
    return records


_CHAPTER = Field("chapter", ref="chapters.yaml:id",
                 doc="the chapter that introduces the term (an id of data/chapters.yaml)")

GLOSSARY = Table(
    "glossary.csv",
    key="term",
    checks=(lambda file, records, labels: check_glossary(records, file, labels),),
    doc="Bilingual glossary: one term a row; rendered by the `course-glossary` Sphinx directive.",
    fields=(
        Field("term", unique=True, doc="the term exactly as chapters reference it with {term}`...`"),
        Field("expansion", required=False, doc="what the abbreviation stands for; empty if not one"),
        Field("term_zh", doc="the standard Chinese term"),
        Field("definition", doc="one or two plain English sentences"),
        _CHAPTER,
    ),
)

_OPTION_FIELDS = (
    Field("text", doc="the answer option as shown"),
    Field("correct", kind="bool", doc="true for the right answer"),
    Field("feedback", doc="why this option is right or wrong (shown after Check)"),
)

QUIZZES = Table(
    "quizzes/*.yaml",
    pattern=True,
    key="id",
    checks=(lambda file, records, labels: check_quiz(records, file, labels),),
    doc="Self-check quiz of one chapter (the file name is the chapter id).",
    fields=(
        Field("id", doc="short id, unique in the file: lower-case letters, digits and '-'"),
        Field("question", doc="the question text"),
        Field("options", kind="records", fields=_OPTION_FIELDS, min_items=2,
              doc="the answer options; exactly one has correct: true"),
        Field("explanation", required=False, doc="shown once the right answer is chosen"),
    ),
)

CYTOKINES = Table(
    "cytokines.csv",
    key="cytokine",
    doc="One row per cytokine of the review: the comparison table of the synthesis chapter.",
    fields=(
        Field("cytokine", unique=True),
        Field("family"),
        Field("main_sources"),
        Field("receptors"),
        Field("main_pathways"),
        Field("net_effect_on_bone", kind="choice", choices=NET_EFFECTS),
        Field("key_evidence"),
        Field("caveats", required=False, doc="what to read critically (the chapters' corrections to the sources)"),
        Field("review_section", doc="section of the review, e.g. '§3'"),
        _CHAPTER,
    ),
)

TABLES = [GLOSSARY, QUIZZES, CYTOKINES]
