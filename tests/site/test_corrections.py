"""The back-matter page "Corrections to the sources" holds every "Correction to the source" box of the book.

Read from the built site (no browser): the boxes are counted in the chapters' sources (the notebooks and
pages of ``_toc.yml``), found on the built chapter pages, and each must appear on
``chapters/corrections.html`` with the same title and text, in the order of the book, with a link to
the box in its chapter (an existing page and an ``id`` on that box).
"""

from __future__ import annotations

import functools
import json
import re
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import ROOT, SITE

PAGE = "chapters/corrections.html"
TITLE = "Correction to the source"
# a MyST admonition whose title starts with TITLE, fenced with backticks or colons
SOURCE_BOX = re.compile(r"^(?:```|:::)\{admonition\}\s+" + re.escape(TITLE), re.M)


def toc_files() -> list[str]:
    """The documents of ``_toc.yml`` in reading order (without suffix)."""
    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                yield entry["file"]
            yield from walk(entry.get("sections"))
            yield from walk(entry.get("chapters"))

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"], *walk(toc.get("parts", [])), *walk(toc.get("chapters", []))]


def source_text(doc: str) -> str:
    notebook = ROOT / f"{doc}.ipynb"
    if notebook.is_file():
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    page = ROOT / f"{doc}.md"
    return page.read_text(encoding="utf-8") if page.is_file() else ""


def _soup(page: str) -> BeautifulSoup:
    return BeautifulSoup((SITE / page).read_text(encoding="utf-8"), "html.parser")


@functools.lru_cache(maxsize=None)
def _ids(page: str) -> frozenset[str]:
    return frozenset(tag["id"] for tag in _soup(page).find_all(id=True))


def _text(node) -> str:
    words = " ".join(node.get_text(" ").split())
    return re.sub(r"\s+([,.;:!?)])", r"\1", words)


def _texts(siblings) -> str:
    return " ".join(_text(n) for n in siblings)


def _box_title(box) -> str:
    title = box.find(class_="admonition-title")
    return _text(title) if title else ""


def chapter_boxes(page: str) -> list[dict]:
    """The correction boxes of a built chapter page: id, title and text (footnote citations left out)."""
    boxes = []
    for box in _soup(page).select("main div.admonition"):
        if not _box_title(box).startswith(TITLE) or "course-correction" in box.get("class", []):
            continue
        for ref in box.select("a.footnote-reference"):
            ref.decompose()
        title = box.find(class_="admonition-title")
        boxes.append({"id": box.get("id"), "title": _text(title), "text": _texts(title.find_next_siblings())})
    return boxes


def gathered() -> list[dict]:
    """The entries of the corrections page: title, text (the link back left out) and the link's target."""
    entries = []
    for box in _soup(PAGE).select("main div.course-correction"):
        links = box.select("a.course-correction-link")
        assert len(links) == 1, f"an entry of {PAGE} has {len(links)} links back"
        href = links[0]["href"]
        links[0].find_parent("p").decompose()
        title = box.find(class_="admonition-title")
        entries.append({"title": _text(title), "text": _texts(title.find_next_siblings()), "href": href})
    return entries


pytestmark = pytest.mark.skipif(not (SITE / PAGE).is_file(), reason="the site is not built: run `make book` first")


def test_the_page_is_in_the_book_once():
    assert toc_files().count("chapters/corrections") == 1
    assert "{corrections-to-the-sources}" in source_text("chapters/corrections")


def test_every_box_in_the_sources_is_on_the_built_chapter_pages():
    for doc in toc_files():
        if doc == "chapters/corrections":
            continue
        written = len(SOURCE_BOX.findall(source_text(doc)))
        built = len(chapter_boxes(f"{doc}.html")) if (SITE / f"{doc}.html").is_file() else 0
        assert built == written, f"{doc}: {written} correction boxes in the source, {built} on the built page"


def test_every_box_appears_on_the_corrections_page_in_book_order_and_links_back():
    expected = []
    for doc in toc_files():
        if doc != "chapters/corrections" and (SITE / f"{doc}.html").is_file():
            expected += [dict(box, page=f"{doc}.html") for box in chapter_boxes(f"{doc}.html")]
    entries = gathered()
    assert len(expected) >= 40, "fewer correction boxes than the chapters hold"
    assert [e["title"] for e in entries] == [b["title"] for b in expected]
    for entry, box in zip(entries, expected):
        assert entry["text"] == box["text"], f"{box['page']}: {box['title']!r} reads differently on {PAGE}"
        target = urlparse(urljoin("http://site/" + PAGE, entry["href"]))
        assert target.path.lstrip("/") == box["page"], (box["title"], entry["href"])
        assert box["id"] and target.fragment == box["id"], (box["title"], entry["href"])
        assert target.fragment in _ids(box["page"]), f"{entry['href']}: no such anchor"


def test_source_boxes_total_matches_the_page():
    written = sum(len(SOURCE_BOX.findall(source_text(doc))) for doc in toc_files() if doc != "chapters/corrections")
    assert len(gathered()) == written
