"""The chapter registry (``data/chapters.yaml``): each chapter's id, file, title and short title.

Everything that names a chapter reads it from here: the quiz, the teaching notes, the glossary,
the ``{chapter}`` role and the book's chapter checks.
"""

from __future__ import annotations

from .data import load_records

__all__ = ["chapters", "chapter_ids", "chapter", "check_chapter_id"]


def chapters() -> list[dict]:
    """The registry's entries (``id``, ``file``, ``title``, ``short_title``) in reading order."""
    return load_records("chapters.yaml")


def chapter_ids() -> tuple[str, ...]:
    """The chapter ids in reading order."""
    return tuple(rec["id"] for rec in chapters())


def check_chapter_id(value, name: str = "chapter") -> str:
    """``value`` if it is a chapter id; otherwise a ValueError naming ``name`` and the allowed ids."""
    ids = chapter_ids()
    if not isinstance(value, str) or value not in ids:
        raise ValueError(f"{name}={value!r} is not a course chapter id (data/chapters.yaml); "
                         f"allowed: {', '.join(ids)}")
    return value


def chapter(chapter_id: str) -> dict:
    """The registry entry of ``chapter_id`` (ValueError for an unknown id)."""
    check_chapter_id(chapter_id, "chapter_id")
    return next(rec for rec in chapters() if rec["id"] == chapter_id)
