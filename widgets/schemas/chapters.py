"""Schema of data/chapters.yaml: the chapter registry, one entry per chapter in reading order.

Every other file names a chapter by its ``id`` (quizzes, teaching notes, glossary, comparison
table: their ``chapter`` fields refer to ``chapters.yaml:id``); titles are written only here.
"""

from __future__ import annotations

import re

from ..data import DataError, Field, Table

_ID = re.compile(r"^[a-z][a-z0-9]*$")
_FILE = re.compile(r"^chapters/[0-9]{2}_[a-z0-9_]+$")


def check_chapters(file: str, records: list[dict], labels: list[str]) -> None:
    """Ids usable in labels (``chapter-<id>``) and quiz file names; files named like ``_toc.yml`` entries."""
    for row, rec in zip(labels, records):
        if not _ID.match(rec["id"]):
            raise DataError(file, f"{rec['id']!r} is not a usable chapter id", row, "id",
                            "lower-case letters and digits, starting with a letter")
        if not _FILE.match(rec["file"]):
            raise DataError(file, f"{rec['file']!r} is not a chapter file as _toc.yml names it", row, "file",
                            "chapters/NN_name (two digits, no extension)")
        for name in ("title", "short_title"):
            if "\n" in rec[name] or rec[name] != rec[name].strip():
                raise DataError(file, "line break or surrounding space in the value", row, name, "one line of text")


TABLES = [
    Table(
        "chapters.yaml",
        key="id",
        checks=(check_chapters,),
        doc="The chapter registry: id, file, title and short title of each chapter, in reading order.",
        fields=(
            Field("id", unique=True, doc="the chapter id: label chapter-<id>, quiz file quizzes/<id>.yaml"),
            Field("file", unique=True, doc="the notebook as _toc.yml names it, e.g. chapters/03_il1"),
            Field("title", doc="exactly the notebook's '# ' heading"),
            Field("short_title", unique=True, doc="how other pages name the chapter, e.g. IL-1"),
        ),
    )
]
