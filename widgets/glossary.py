"""The bilingual course glossary (``data/glossary.csv``) as tables and term lists.

The ``term`` column is the Sphinx glossary term: chapters link to an entry with
``{term}`IL-6``` (MyST) or ``:term:`IL-6``` (reST); the book renders the whole glossary with the
``course-glossary`` directive of :mod:`widgets.book.glossary`.
"""

from __future__ import annotations

import unicodedata

from .data import load_records
from .chapters import check_chapter_id

__all__ = ["COLUMNS", "glossary_table", "load_glossary", "lookup", "sort_key", "terms_for"]

COLUMNS = ("term", "expansion", "term_zh", "definition", "chapter")


def sort_key(term: str) -> str:
    """The order Sphinx uses for a sorted glossary (case- and accent-insensitive)."""
    return unicodedata.normalize("NFD", term.lower())


def _check_chapter(chapter: str | None) -> None:
    if chapter is not None:
        check_chapter_id(chapter, "chapter")


def load_glossary() -> list[dict]:
    """All validated glossary records, sorted by term (a fresh copy).

    Raises :class:`~widgets.data.DataError` naming file, row and field for any problem, including
    terms a Sphinx glossary cannot hold and terms that differ only by case (the schema's checks,
    run by the loader).
    """
    records = load_records("glossary.csv")
    for rec in records:
        rec["expansion"] = rec["expansion"] or ""
    return sorted(records, key=lambda r: sort_key(r["term"]))


def glossary_table(chapter: str | None = None):
    """The glossary as a pandas DataFrame (columns term, expansion, term_zh, definition, chapter),
    sorted by term; ``chapter`` keeps the terms a chapter introduces."""
    import pandas as pd

    _check_chapter(chapter)
    records = [r for r in load_glossary() if chapter is None or r["chapter"] == chapter]
    return pd.DataFrame(records, columns=list(COLUMNS))


def terms_for(chapter: str) -> list[str]:
    """The terms (sorted) that ``chapter`` introduces."""
    if chapter is None:
        check_chapter_id(chapter, "chapter")
    _check_chapter(chapter)
    return [r["term"] for r in load_glossary() if r["chapter"] == chapter]


def lookup(term: str) -> dict:
    """One glossary record, found ignoring case as Sphinx does (``lookup("il-6")``)."""
    wanted = term.casefold()
    for rec in load_glossary():
        if rec["term"].casefold() == wanted:
            return rec
    raise ValueError(f"term={term!r} is not in data/glossary.csv; add a row for it or check the spelling")
