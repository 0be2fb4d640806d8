"""Sphinx extension: the ``course-glossary`` directive renders ``data/glossary.csv`` as a real glossary.

Usage (MyST)::

    ```{course-glossary}
    ```

    ```{course-glossary}
    :chapter: il6
    :links-only:
    ```

Without options it emits an A–Z line of links (one per initial letter) and a Sphinx glossary of every
term, sorted, each with its expansion, Chinese term, definition and a link to its chapter; every entry is a cross-reference target, so ``{term}`IL-6``` (MyST)
or ``:term:`IL-6``` (reST) links to it from any page. ``:chapter:`` (one id or a comma-separated
list) keeps the terms those chapters introduce. Use the full glossary once per book; on chapter
pages add ``:links-only:``, which lists the chapter's terms as links to that glossary instead of
defining them a second time (a second definition is a duplicate-term warning).

The page is rebuilt when ``glossary.csv`` changes. Errors in the file fail the build with the
loader's message (file, row, field, allowed values).
"""

from __future__ import annotations

import unicodedata

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.domains.std import make_glossary_term
from sphinx.util.docutils import SphinxDirective

from ..data import DataError, data_dir
from .chapters import chapter_reference

__all__ = ["CourseGlossary", "setup"]


def _chapters(argument: str | None) -> tuple[str, ...]:
    """Option converter for ``:chapter:``: one or more chapter ids, comma- or space-separated."""
    from ..chapters import chapter_ids

    known = chapter_ids()
    ids = tuple(part for part in (argument or "").replace(",", " ").split() if part)
    if not ids:
        raise ValueError(f"give one or more chapter ids ({', '.join(known)})")
    bad = [i for i in ids if i not in known]
    if bad:
        raise ValueError(f"unknown chapter id(s) {', '.join(bad)}; allowed: {', '.join(known)}")
    return ids


def index_letter(term: str) -> str:
    """The letter a term is listed under in the A–Z index: its first letter, accents dropped (A–Z upper case)."""
    first = unicodedata.normalize("NFD", term)[0]
    return first.upper() if first.isascii() else first.lower()


class CourseGlossary(SphinxDirective):
    """Render the course glossary (or a chapter's part of it) from ``data/glossary.csv``."""

    has_content = False
    required_arguments = 0
    optional_arguments = 0
    option_spec = {"chapter": _chapters, "links-only": directives.flag}

    def run(self) -> list[nodes.Node]:
        from ..glossary import load_glossary

        self.env.note_dependency(str(data_dir() / "glossary.csv"))
        try:
            records = load_glossary()
        except DataError as err:
            raise self.error(f"course-glossary: {err}") from None
        chapters = self.options.get("chapter")
        if chapters:
            records = [r for r in records if r["chapter"] in chapters]
        records.sort(key=lambda r: unicodedata.normalize("NFD", r["term"].lower()))
        if not records:
            return [nodes.paragraph(text="No glossary terms for this chapter.")]
        if "links-only" in self.options:
            return [self._links(records)]
        return self._glossary(records)

    # -- a real glossary: term nodes registered with the standard domain ------------------------
    def _glossary(self, records: list[dict]) -> list[nodes.Node]:
        source, lineno = self.get_source_info()
        items, letters = [], {}
        for rec in records:
            term = make_glossary_term(self.env, [nodes.Text(rec["term"])], None, source, lineno,
                                      node_id=None, document=self.state.document)
            letter = index_letter(rec["term"])
            if letter not in letters and term["ids"]:
                letters[letter] = term["ids"][0]
            names = nodes.paragraph(classes=["course-glossary-names"])
            if rec["expansion"]:
                names += nodes.emphasis(text=rec["expansion"])
                names += nodes.Text(" · ")
            names += nodes.inline(text=rec["term_zh"], classes=["language-zh-Hans", "course-glossary-zh"])
            definition = nodes.definition(
                "", names, nodes.paragraph(text=rec["definition"]),
                nodes.paragraph("", "Chapter: ", chapter_reference(rec["chapter"], "title"),
                                classes=["course-glossary-chapter"]))
            items.append(nodes.definition_list_item("", term, definition))
        dlist = nodes.definition_list("", *items, classes=["glossary", "course-glossary"])
        glossary = addnodes.glossary()
        glossary.document = self.state.document
        glossary["sorted"] = True  # already sorted; Sphinx's i18n pass reads this flag
        glossary += dlist
        return [self._letter_index(letters), glossary]

    @staticmethod
    def _letter_index(letters: dict[str, str]) -> nodes.Node:
        """A line of links, one per initial letter, to the first term under it (an A–Z index)."""
        para = nodes.paragraph(classes=["course-glossary-index"])
        para += nodes.strong(text="Terms by initial: ")
        for i, (letter, target) in enumerate(letters.items()):
            if i:
                para += nodes.Text(" ")
            para += nodes.reference("", letter, refid=target, classes=["course-glossary-letter"])
        return para

    # -- a list of links to the glossary entries ------------------------------------------------
    def _links(self, records: list[dict]) -> nodes.Node:
        bullets = nodes.bullet_list(classes=["course-glossary-links"])
        for rec in records:
            ref = addnodes.pending_xref(
                "", nodes.inline(text=rec["term"], classes=["xref", "std", "std-term"]),
                refdomain="std", reftype="term", reftarget=rec["term"].lower(), refexplicit=False,
                refwarn=True, refdoc=self.env.docname)
            para = nodes.paragraph("", "", ref)
            gloss = rec["expansion"]
            para += nodes.Text(f" ({gloss}) · " if gloss else " · ")
            para += nodes.inline(text=rec["term_zh"], classes=["language-zh-Hans", "course-glossary-zh"])
            bullets += nodes.list_item("", para)
        return bullets


def setup(app) -> dict:
    """Register the ``course-glossary`` directive."""
    from .. import __version__

    app.add_directive("course-glossary", CourseGlossary)
    app.setup_extension("widgets.book.chapters")  # each entry links to its chapter
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
