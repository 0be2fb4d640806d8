"""References to chapters: a dropped chapter's links become plain text, a mistyped chapter label stays an error.

The handler is the book extension's ``missing-reference`` hook (:func:`widgets.book.chapters._dropped_chapter`):
returning the link's text resolves the reference as plain text; returning None leaves it unresolved, so
Sphinx warns "undefined label" and the build (warnings as errors) fails.
"""

from __future__ import annotations

import pytest
from docutils import nodes
from sphinx import addnodes

from widgets.book.chapters import _dropped_chapter
from widgets.chapters import chapter_ids

CHAPTER_IDS = chapter_ids()  # the registry data/chapters.yaml, in reading order


def _ref(target: str, reftype: str = "ref") -> addnodes.pending_xref:
    return addnodes.pending_xref("", nodes.inline(text="the chapter"), refdomain="std", reftype=reftype,
                                 reftarget=target)


@pytest.mark.parametrize("chapter", CHAPTER_IDS)
def test_a_reference_to_a_course_chapter_not_in_the_book_shows_its_text(chapter):
    text = nodes.inline(text="the chapter")
    assert _dropped_chapter(None, None, _ref(f"chapter-{chapter}"), text) is text


@pytest.mark.parametrize("target", ["chapter-il66", "chapter-", "chapter-IL6", "chapter-intro-x"])
def test_a_chapter_label_that_names_no_chapter_stays_unresolved(target):
    assert _dropped_chapter(None, None, _ref(target), nodes.inline(text="the chapter")) is None


def test_other_references_stay_unresolved():
    assert _dropped_chapter(None, None, _ref("glossary-page"), nodes.inline(text="x")) is None
    assert _dropped_chapter(None, None, _ref("chapter-il6", reftype="doc"), nodes.inline(text="x")) is None
