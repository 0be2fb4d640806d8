"""The ``corrections-to-the-sources`` directive: one page that gathers every "Correction to the source" box.

A chapter states each correction once, where the reader meets it, in a box::

    ```{admonition} Correction to the source: rats have no IL-8 gene
    :class: warning
    The review writes ... The correct reading is ...
    ```

While each page is read, every admonition whose title starts with :data:`TITLE` gets an anchor
(``correction-…``, from its title) and a copy of its body is kept in the build environment. The
back-matter page ``chapters/corrections.md`` holds the directive::

    ```{corrections-to-the-sources}
    ```

which becomes, chapter by chapter in the order of ``_toc.yml``, each box again (title, what the
source printed and the corrected reading, as the chapter words them) with a link back to the box in
its chapter. Nothing is written twice: edit a box in its chapter and the page follows. Footnote
citations are left out of the copies (each chapter lists its references; the link leads there).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

__all__ = ["TITLE", "CLASS", "corrections_in", "setup"]

logger = logging.getLogger(__name__)

#: A box is a correction when its title starts with this.
TITLE = "Correction to the source"
#: Class of each gathered entry on the corrections page (and of its link back).
CLASS = "course-correction"
_ENV_KEY = "course_corrections"


class corrections_list(nodes.General, nodes.Element):
    """Placeholder of the directive, filled once every page has been read."""


class CorrectionsToTheSources(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        return [corrections_list()]


def _is_correction(node: nodes.Node) -> bool:
    if not isinstance(node, nodes.admonition) or not node.children:
        return False
    title = node.children[0]
    return isinstance(title, nodes.title) and title.astext().strip().startswith(TITLE)


def corrections_in(doctree: nodes.document) -> list[nodes.admonition]:
    """Every "Correction to the source" box of ``doctree``, in reading order."""
    return [node for node in doctree.findall(nodes.admonition) if _is_correction(node)]


def _anchor(document: nodes.document, title: str, taken: set[str]) -> str:
    base = nodes.make_id(title.replace(TITLE, "correction", 1)) or "correction"
    anchor, n = base, 2
    while anchor in taken or anchor in document.ids:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor


def _plain_copy(body: list[nodes.Node]) -> list[nodes.Node]:
    """A copy of a box's body without footnote citations (their footnotes live on the chapter's page)."""
    copies = [child.deepcopy() for child in body]
    for child in copies:
        if not isinstance(child, nodes.Element):
            continue
        for ref in list(child.findall(lambda n: isinstance(n, (nodes.footnote_reference,
                                                               nodes.citation_reference)))):
            ref.parent.remove(ref)
        for node in child.findall(nodes.Element):
            node["ids"] = []
            node._document = None  # kept in the environment, which is pickled without the page's document
    return copies


def _doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    found = getattr(env, _ENV_KEY, None)
    if found is None:
        found = {}
        setattr(env, _ENV_KEY, found)
    found.pop(env.docname, None)
    entries, taken = [], set()
    for box in corrections_in(doctree):
        title = box.children[0].astext().strip()
        anchor = box["ids"][0] if box["ids"] else _anchor(doctree, title, taken)
        if not box["ids"]:
            box["ids"].append(anchor)
            doctree.ids[anchor] = box
        entries.append({"title": title, "anchor": anchor, "body": _plain_copy(box.children[1:]),
                        "source": box.source, "line": box.line})
    if entries:
        found[env.docname] = entries


def _purge(app: Sphinx, env, docname: str) -> None:
    getattr(env, _ENV_KEY, {}).pop(docname, None)
    getattr(env, "course_corrections_pages", set()).discard(docname)


def _merge(app: Sphinx, env, docnames, other) -> None:
    mine = getattr(env, _ENV_KEY, None)
    if mine is None:
        mine = {}
        setattr(env, _ENV_KEY, mine)
    theirs = getattr(other, _ENV_KEY, {})
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]
    pages = getattr(env, "course_corrections_pages", set())
    env.course_corrections_pages = pages | (set(getattr(other, "course_corrections_pages", set())) & set(docnames))


def _pages_with_directive(env) -> set[str]:
    return set(getattr(env, "course_corrections_pages", set()))


def _reading_order(env) -> list[str]:
    """Every document in the order of the table of contents (root first, depth first)."""
    order, seen = [], set()

    def walk(doc: str) -> None:
        if doc in seen:
            return
        seen.add(doc)
        order.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(env.config.root_doc)
    return order + sorted(d for d in env.found_docs if d not in seen)


class FillCorrections(SphinxPostTransform):
    """Replace the placeholder with the gathered boxes (before references are resolved, so the copies'
    glossary and chapter links resolve on this page too)."""

    default_priority = 5

    def run(self, **kwargs) -> None:
        placeholders = list(self.document.findall(corrections_list))
        if not placeholders:
            return
        found = getattr(self.env, _ENV_KEY, {})
        here = self.env.docname
        content: list[nodes.Node] = []
        total = 0
        for docname in _reading_order(self.env):
            entries = found.get(docname)
            if not entries:
                continue
            chapter = self.env.titles[docname].astext() if docname in self.env.titles else docname
            section = nodes.section(ids=[nodes.make_id(f"corrections-{docname}")], classes=["course-corrections"])
            section += nodes.title(chapter, chapter)
            for entry in entries:
                uri = self.app.builder.get_relative_uri(here, docname) + "#" + entry["anchor"]
                box = nodes.admonition("", classes=["warning", CLASS])
                box += nodes.title(entry["title"], entry["title"])
                for child in (c.deepcopy() for c in entry["body"]):
                    if isinstance(child, nodes.Element):
                        for xref in child.findall(addnodes.pending_xref):
                            xref["refdoc"] = here
                    box += child
                link = nodes.reference("", "", internal=True, refuri=uri, classes=[f"{CLASS}-link"])
                link += nodes.Text(f"Read it in its place: {chapter}")
                box += nodes.paragraph("", "", link)
                section += box
                total += 1
            content.append(section)
        if not content:
            content = [nodes.paragraph(text="No chapter of this book has a correction to its sources.")]
        for placeholder in placeholders:
            placeholder.replace_self([node.deepcopy() for node in content])
        logger.info(f"[course] {total} corrections to the sources gathered on {here}")


def _note_pages(app: Sphinx, doctree: nodes.document) -> None:
    pages = getattr(app.env, "course_corrections_pages", None)
    if pages is None:
        pages = set()
        app.env.course_corrections_pages = pages
    if any(True for _ in doctree.findall(corrections_list)):
        pages.add(app.env.docname)
    else:
        pages.discard(app.env.docname)


def _outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """A changed chapter changes the corrections page: write it again."""
    if added or changed or removed:
        return sorted(_pages_with_directive(env) - set(added) - set(changed))
    return []


def setup(app: Sphinx) -> dict:
    app.add_node(corrections_list)
    app.add_directive("corrections-to-the-sources", CorrectionsToTheSources)
    app.connect("doctree-read", _doctree_read)
    app.connect("doctree-read", _note_pages)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    app.add_post_transform(FillCorrections)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
