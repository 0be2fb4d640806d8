"""An instructor's fork, built: two chapters swapped in _toc.yml and a chapter added by the guide's steps.

A copy of the book keeps four chapters and the glossary (the other chapters' ``- file:`` lines are
deleted, as the instructor guide says to drop a chapter), swaps the IL-1 and IL-33 chapters (moving
their lines), then replays the instructor guide's "Add a chapter" steps exactly as written: each
``sh`` block runs in the copy, each ``yaml`` block goes into the file its caption names. The copy
must pass ``validate_all()`` and build with warnings as errors; the new chapter must appear with
its title, quiz and place; and no page may name a later chapter as a prerequisite without saying
that it comes later.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from widgets import data

from .booktools import ROOT, build

pytestmark = pytest.mark.build

KEEP = ["chapters/01_introduction", "chapters/03_il1", "chapters/04_il33", "chapters/08_tnf", "chapters/glossary"]
SWAP = ("chapters/03_il1", "chapters/04_il33")
GUIDE = ROOT / "chapters" / "instructor_guide.md"
BLOCK = re.compile(r"^(?P<indent> *)```\{code-block\} (?P<lang>\w+)\n(?:(?P=indent):caption: (?P<caption>[^\n]*)\n)?"
                   r"(?P<body>.*?)^(?P=indent)```$", re.M | re.S)
LATER = "(later in this book)"


def guide_steps() -> list[tuple[str, str | None, str]]:
    """The code blocks of the guide's "Add a chapter" section: (language, caption, text)."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("### Add a chapter"):]
    section = section[:section.index("\n## ")]
    steps = []
    for m in BLOCK.finditer(section):
        body = "\n".join(line[len(m["indent"]):] for line in m["body"].splitlines()) + "\n"
        steps.append((m["lang"], m["caption"], body))
    return steps


def _replay(book: Path, steps) -> None:
    for lang, caption, body in steps:
        if lang == "sh":
            result = subprocess.run(["bash", "-e", "-c", body], cwd=book, capture_output=True, text=True)
            assert result.returncode == 0, f"guide step failed:\n{body}\n{result.stderr}"
            continue
        m = re.fullmatch(r'(?P<file>[^,\s]+)(?:, after the line "(?P<after>.*)")?', caption or "")
        assert m, f"a yaml step of the guide needs a caption naming its file, not {caption!r}"
        path = book / m["file"]
        if m["after"]:
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            at = next(n for n, line in enumerate(lines) if line.strip() == m["after"])
            lines.insert(at + 1, body)
            path.write_text("".join(lines), encoding="utf-8")
        elif path.exists():
            text = path.read_text(encoding="utf-8")
            path.write_text(text + ("" if text.endswith("\n") else "\n") + body, encoding="utf-8")
        else:
            path.write_text(body, encoding="utf-8")


def _shorter_toc(text: str) -> str:
    """The course's _toc.yml with the other chapters' lines deleted (and parts left empty), two lines swapped."""
    blocks, current = [], []
    for line in text.splitlines():
        if line.startswith("  - caption:") and current:
            blocks.append(current)
            current = []
        current.append(line)
    blocks.append(current)
    kept = []
    for block in blocks:
        files = [line for line in block if "- file:" in line]
        block = [line for line in block if "- file:" not in line or line.split("file:")[1].strip() in KEEP]
        if files and not any("- file:" in line for line in block):
            continue
        kept.extend(block)
    lines = kept
    a, b = (next(n for n, line in enumerate(lines) if line.strip() == f"- file: {f}") for f in SWAP)
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def fork(tmp_path_factory):
    book = tmp_path_factory.mktemp("fork") / "book"
    book.mkdir()
    for name in ("_config.yml", "index.md", "references.bib"):
        shutil.copy2(ROOT / name, book / name)
    for folder in ("assets", "data"):
        shutil.copytree(ROOT / folder, book / folder)
    (book / "chapters").mkdir()
    for file in KEEP + ["chapters/_template"]:
        source = next(p for p in ROOT.glob(f"{file}.*") if p.suffix in (".ipynb", ".md"))
        shutil.copy2(source, book / "chapters" / source.name)
    (book / "_toc.yml").write_text(_shorter_toc((ROOT / "_toc.yml").read_text(encoding="utf-8")), encoding="utf-8")
    _replay(book, guide_steps())
    return book, build(book)


def _order(book: Path) -> list[str]:
    from widgets.book.chapters import toc_files

    return toc_files(book)


def _page(html: Path, file: str) -> BeautifulSoup:
    return BeautifulSoup((html / f"{file}.html").read_text(encoding="utf-8"), "html.parser")


def _heading(soup: BeautifulSoup) -> str:
    h1 = soup.find("h1")
    for number in h1.select(".section-number"):
        number.decompose()
    return h1.get_text(" ", strip=True).replace("#", "").strip()


def test_the_guide_gives_every_step_as_a_block():
    kinds = [(lang, (caption or "").split(",")[0]) for lang, caption, _ in guide_steps()]
    assert kinds == [("sh", ""), ("yaml", "data/chapters.yaml"), ("yaml", "_toc.yml"),
                     ("yaml", "data/quizzes/il17.yaml"), ("yaml", "data/teaching_notes.yaml")]


def test_a_chapter_added_as_the_guide_says_is_checked_and_built(fork):
    book, html = fork
    import yaml

    entry = yaml.safe_load((book / "data" / "chapters.yaml").read_text(encoding="utf-8"))[-1]
    assert "quizzes/il17.yaml" in data.validate_all(book / "data")
    order = _order(book)
    assert order.index(entry["file"]) == order.index("chapters/08_tnf") + 1
    page = _page(html, entry["file"])
    assert _heading(page) == entry["title"]
    question = yaml.safe_load((book / "data" / "quizzes" / "il17.yaml").read_text(encoding="utf-8"))[0]["question"]
    quiz = page.select_one("section.course-quiz")
    assert quiz["aria-label"] == f"Self-check: {entry['short_title']}"
    assert question in quiz.get_text(" ", strip=True)
    nav = [a.get("href") for a in _page(html, "chapters/08_tnf").select("nav.bd-links a")]
    assert "11_il17.html" in nav


def test_no_page_names_a_later_chapter_as_a_prerequisite_without_saying_so(fork):
    book, html = fork
    order = [f for f in _order(book) if re.match(r"chapters/\d\d_", f)]
    assert order.index(SWAP[1]) < order.index(SWAP[0]), "the copy's toc has the two chapters swapped"
    later_seen = 0
    for position, file in enumerate(order):
        page = _page(html, file)
        para = next(p for p in page.find_all("p") if p.get_text().startswith("Prerequisites:"))
        for link in para.find_all("a"):
            target = "chapters/" + link["href"].split("#")[0].removesuffix(".html")
            if target not in order:
                continue
            after = link.next_sibling.get_text() if link.next_sibling is not None and \
                hasattr(link.next_sibling, "get_text") else str(link.next_sibling or "")
            if order.index(target) > position:
                later_seen += 1
                assert after.strip().startswith(LATER), f"{file} names {target} (later) as a prerequisite"
            else:
                assert LATER not in after, f"{file} calls the earlier {target} later"
    assert later_seen >= 1, "the swap puts IL-1 after IL-33, whose prerequisites name it"
