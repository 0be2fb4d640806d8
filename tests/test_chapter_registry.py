"""The chapter registry data/chapters.yaml is the one place a chapter's id, file and titles are written.

The notebooks, _toc.yml, the quizzes and the teaching notes must agree with it, nothing in the
package keeps its own list of chapters, and make check-data rejects a broken registry or a
chapter id it does not know.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from widgets import data
from widgets.chapters import chapter, chapter_ids, chapters
from widgets.data import DataError

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = chapters()
ROLE = re.compile(r"\{chapter\}`([^`]+)`")


def _text(file: str) -> tuple[str, str]:
    """Markdown and code of a chapter notebook, each joined."""
    cells = json.loads((ROOT / f"{file}.ipynb").read_text(encoding="utf-8"))["cells"]
    join = lambda kind: "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == kind)  # noqa: E731
    return join("markdown"), join("code")


def _toc_files() -> list[str]:
    from widgets.book.chapters import toc_files

    return toc_files(ROOT)


def _prerequisites(markdown: str) -> str:
    start = markdown.index("**Prerequisites:**")
    return markdown[start:].split("\n\n", 1)[0]


@pytest.mark.parametrize("entry", REGISTRY, ids=lambda e: e["id"])
def test_each_chapter_uses_its_registry_id_and_title(entry):
    markdown, code = _text(entry["file"])
    headings = re.findall(r"^# (.+)$", markdown, re.M)
    assert headings[:1] == [entry["title"]], f"{entry['file']}: heading differs from data/chapters.yaml"
    assert re.findall(r"^\((chapter-[\w-]+)\)=", markdown, re.M) == [f"chapter-{entry['id']}"]
    assert re.findall(r"\{teaching-notes\}\s+(\S+)", markdown) == [entry["id"]]
    assert set(re.findall(r"""quiz\(["'](\w+)["']""", code)) == {entry["id"]}
    assert (ROOT / "data" / "quizzes" / f"{entry['id']}.yaml").is_file()


def test_the_registry_and_the_table_of_contents_list_the_same_chapters_in_the_same_order():
    numbered = [f for f in _toc_files() if re.match(r"chapters/\d\d_", f)]
    assert numbered == [e["file"] for e in REGISTRY]
    on_disk = sorted(f"chapters/{p.stem}" for p in (ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(numbered) == on_disk


def test_every_chapter_has_teaching_notes_and_nothing_else_does():
    notes = [r["chapter"] for r in data.load_records("teaching_notes.yaml")]
    assert sorted(notes) == sorted(chapter_ids())


@pytest.mark.parametrize("entry", REGISTRY, ids=lambda e: e["id"])
def test_prerequisites_name_chapters_only_with_the_chapter_role(entry):
    """Only the role knows the book's order, so only it can say that a chapter comes later."""
    para = _prerequisites(_text(entry["file"])[0])
    assert "chapter-" not in para, f"{entry['file']}: a {{ref}} to a chapter label in the prerequisites"
    for other in REGISTRY:
        for name in {other["short_title"], other["short_title"].lower()}:
            plain = ROLE.sub("", para)
            assert not re.search(rf"(?<![\w-]){re.escape(name)} chapter|chapter on {re.escape(name)}\b", plain), \
                f"{entry['file']}: names the {other['id']} chapter as plain text; write {{chapter}}`{other['id']}`"
    assert all(i in chapter_ids() for i in ROLE.findall(para))


def test_no_module_keeps_its_own_list_of_chapter_ids_or_titles():
    """The first and last ids (which name no cytokine, unlike the model's input keys) and every title."""
    first, last = chapter_ids()[0], chapter_ids()[-1]
    for path in sorted((ROOT / "widgets").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not (re.search(rf"""["']{first}["']""", text) and re.search(rf"""["']{last}["']""", text)), \
            f"{path.relative_to(ROOT)} lists chapter ids"
        for entry in REGISTRY:
            assert entry["title"] not in text, f"{path.relative_to(ROOT)} repeats the title of {entry['id']}"


def test_the_quiz_title_and_errors_come_from_the_registry():
    from widgets.quiz import quiz

    assert quiz("il8").title == f"Self-check: {chapter('il8')['short_title']}"
    with pytest.raises(ValueError, match=r"chapter='il17'.*data/chapters.yaml.*allowed: intro, remodeling"):
        quiz("il17")


@pytest.fixture()
def folder(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def _edit_registry(folder, change):
    path = folder / "chapters.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("change, field, message", [
    (lambda r: r[2].update(id="IL 1"), "id", "not a usable chapter id"),
    (lambda r: r[3].update(id="il1"), "id", "duplicate"),
    (lambda r: r[3].update(file="chapters/04_il33.ipynb"), "file", "not a chapter file"),
    (lambda r: r[4].update(short_title="IL-1"), "short_title", "duplicate"),
    (lambda r: r[5].pop("title"), "title", "missing"),
], ids=["bad-id", "duplicate-id", "file-with-suffix", "duplicate-short-title", "no-title"])
def test_check_data_rejects_a_broken_registry(folder, change, field, message):
    _edit_registry(folder, change)
    with pytest.raises(DataError, match=message) as err:
        data.validate_all(folder)
    assert "chapters.yaml" in str(err.value) and field in str(err.value)


def test_check_data_rejects_a_chapter_id_the_registry_does_not_know(folder):
    """Dropping a registry entry leaves the quiz, notes and glossary rows of that id unknown."""
    _edit_registry(folder, lambda r: r.pop(3))  # il33
    with pytest.raises(DataError, match=r"'il33' is not a known id of data/chapters.yaml"):
        data.validate_all(folder)


def _sphinx(tmp_path, toc_file: str, page: str):
    """Build a one-page Sphinx project with the chapter checks; return (exit code, stderr)."""
    import contextlib
    import io

    from sphinx.cmd.build import build_main

    src = tmp_path / "src"
    (src / "chapters").mkdir(parents=True)
    (src / "conf.py").write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                                 "extensions = ['myst_parser', 'widgets.book.chapters']\n", encoding="utf-8")
    (src / "index.md").write_text(f"# Home\n\n```{{toctree}}\n{toc_file}\n```\n", encoding="utf-8")
    (src / "_toc.yml").write_text(f"format: jb-book\nroot: index\nchapters:\n  - file: {toc_file}\n", encoding="utf-8")
    (src / f"{toc_file}.md").write_text(page, encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = build_main(["-W", "-q", "-b", "html", str(src), str(tmp_path / "out")])
    return code, err.getvalue()


def test_the_build_accepts_a_chapter_as_registered(tmp_path):
    il1 = chapter("il1")
    code, err = _sphinx(tmp_path, il1["file"], f"(chapter-il1)=\n# {il1['title']}\n\nSee {{chapter}}`il33`.\n")
    assert code == 0, err


def test_the_build_stops_on_a_heading_that_is_not_the_registry_title(tmp_path):
    code, err = _sphinx(tmp_path, chapter("il1")["file"], "(chapter-il1)=\n# IL-1, an older title\n")
    assert code != 0 and "differs from the title" in err and "data/chapters.yaml" in err


def test_the_build_stops_on_a_chapter_label_other_than_the_registry_id(tmp_path):
    il1 = chapter("il1")
    code, err = _sphinx(tmp_path, il1["file"], f"(chapter-one)=\n# {il1['title']}\n")
    assert code != 0 and "(chapter-il1)=" in err


def test_the_build_stops_on_a_toc_chapter_missing_from_the_registry(tmp_path):
    code, err = _sphinx(tmp_path, "chapters/12_il17", "(chapter-il17)=\n# IL-17\n")
    assert code != 0 and "chapters/12_il17, which is not in data/chapters.yaml" in err
