"""Chapters in the book, from the registry ``data/chapters.yaml``.

* The ``chapter`` role: ```{chapter}`il1` ``` names a chapter by its short title and links to its
  label ``chapter-<id>``. Where that chapter comes later in this book's ``_toc.yml`` than the page
  naming it, the role adds "(later in this book)", so a reordered book never sends the reader
  back to a chapter it has not reached.
* A reference to a registered chapter left out of ``_toc.yml`` (the role's, or a ``{ref}`` to its
  label) shows its text without a link; any other broken reference still stops the build.
* Checks in every build: each chapter notebook in ``_toc.yml`` is in the registry (an error), and
  each registered chapter's heading is its registry title and its label is ``chapter-<id>`` (warnings,
  which the course's ``--warningiserror`` build turns into errors).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.errors import SphinxError
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

logger = logging.getLogger(__name__)

LABEL_PREFIX = "chapter-"
LATER = " (later in this book)"


def _registry() -> list[dict]:
    from ..chapters import chapters

    return chapters()


def toc_files(srcdir) -> list[str]:
    """The ``file:`` entries of ``<srcdir>/_toc.yml`` in reading order."""
    found: list[str] = []

    def walk(item):
        if isinstance(item, dict):
            if isinstance(item.get("file"), str):
                found.append(item["file"].removesuffix(".ipynb").removesuffix(".md"))
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    toc = Path(srcdir) / "_toc.yml"
    if toc.is_file():
        walk(yaml.safe_load(toc.read_text(encoding="utf-8")))
    return found


def chapter_reference(chapter_id: str, field: str = "short_title") -> addnodes.pending_xref:
    """A reference to chapter ``chapter_id`` showing its registry ``field`` (plain text if not in the book)."""
    from ..chapters import chapter

    text = chapter(chapter_id)[field]
    return addnodes.pending_xref("", nodes.inline(text, text), refdomain="std", reftype="ref",
                                 reftarget=LABEL_PREFIX + chapter_id, refexplicit=True, refwarn=True)


class ChapterRole(SphinxRole):
    """``{chapter}`id```: the chapter's short title, linked; "(later in this book)" where it comes later."""

    def run(self):
        chapter_id = self.text.strip()
        try:
            ref = chapter_reference(chapter_id)
        except ValueError as err:
            msg = self.inliner.reporter.error(f"chapter role: {err}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        entry = next(rec for rec in _registry() if rec["id"] == chapter_id)
        order = toc_files(self.env.srcdir)
        result = [ref]
        if entry["file"] in order and self.env.docname in order and \
                order.index(entry["file"]) > order.index(self.env.docname):
            result.append(nodes.inline(LATER, LATER, classes=["course-chapter-later"]))
        self.env.note_dependency(str(Path(self.env.srcdir) / "_toc.yml"))
        return result, []


def _dropped_chapter(app, env, node, contnode):
    """A reference to a registered chapter that is not in this book's table of contents becomes plain text."""
    target = node.get("reftarget", "")
    if node.get("reftype") == "ref" and target.startswith(LABEL_PREFIX) and \
            target[len(LABEL_PREFIX):] in {rec["id"] for rec in _registry()}:
        logger.info(f"[course] {target} is not in this book: its reference is shown as plain text")
        return contnode
    return None


def _check_toc(app) -> None:
    registered = {rec["file"]: rec for rec in _registry()}
    for file in toc_files(app.srcdir):
        name = file.rsplit("/", 1)[-1]
        if file.startswith("chapters/") and name[:2].isdigit() and file not in registered:
            raise SphinxError(f"_toc.yml lists {file}, which is not in data/chapters.yaml: add an entry "
                              "(id, file, title, short_title) as the instructor guide says")


def _check_heading(app, doctree) -> None:
    entry = next((rec for rec in _registry() if rec["file"] == app.env.docname), None)
    if entry is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    heading = section[0].astext() if section is not None else None
    if heading != entry["title"]:
        logger.warning(f"{app.env.docname}: heading {heading!r} differs from the title {entry['title']!r} "
                       f"of chapter {entry['id']!r} in data/chapters.yaml (make them the same)",
                       location=app.env.docname)


def _check_labels(app, env) -> None:
    labels = env.domaindata["std"]["labels"]
    for rec in _registry():
        if rec["file"] in env.found_docs and labels.get(LABEL_PREFIX + rec["id"], ("",))[0] != rec["file"]:
            logger.warning(f"{rec['file']} does not start with the label ({LABEL_PREFIX}{rec['id']})= that "
                           f"data/chapters.yaml gives chapter {rec['id']!r}", location=rec["file"])


def setup(app):
    app.add_role("chapter", ChapterRole())
    app.connect("builder-inited", _check_toc)
    app.connect("doctree-read", _check_heading)
    app.connect("env-check-consistency", _check_labels)
    app.connect("missing-reference", _dropped_chapter)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
