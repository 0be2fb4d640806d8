"""Committed notebooks are clean (no outputs, no execution counts) and start with the setup cell."""

from __future__ import annotations

import json
import os

import pytest
import yaml

from tools import notebooks

NOTEBOOKS = notebooks.chapter_notebooks()


def test_there_are_chapter_notebooks():
    assert len(NOTEBOOKS) >= 2  # the introduction and the chapter template at least


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean(path):
    assert notebooks.problems(path) == []


def test_a_notebook_with_outputs_is_reported(tmp_path):
    nb = json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))
    code = next(c for c in nb["cells"][1:] if c["cell_type"] == "code")
    code["execution_count"] = 3
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hello"}]
    dirty = tmp_path / "dirty.ipynb"
    dirty.write_text(json.dumps(nb), encoding="utf-8")
    found = notebooks.problems(dirty)
    assert any("has an execution count" in msg for msg in found)
    assert any("has stored outputs" in msg for msg in found)
    notebooks.sync(dirty)
    assert notebooks.problems(dirty) == []


def test_setup_cell_uses_the_repository_url_from_config():
    config = yaml.safe_load((notebooks.ROOT / "_config.yml").read_text(encoding="utf-8"))
    url = config["repository"]["url"]
    assert url in notebooks.setup_source()
    for path in NOTEBOOKS:
        first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
        assert url in "".join(first["source"])
        assert "remove-cell" in first["metadata"]["tags"]


def test_every_toc_chapter_exists_and_every_chapter_is_in_the_toc():
    toc = (notebooks.ROOT / "_toc.yml").read_text(encoding="utf-8")
    files = [line.split("file:")[1].strip() for line in toc.splitlines() if "file:" in line]
    for file in files:
        assert any((notebooks.ROOT / f"{file}{ext}").is_file() for ext in (".ipynb", ".md")), file
    for path in NOTEBOOKS:
        if not path.name.startswith("_"):
            assert f"chapters/{path.stem}" in files, f"{path.name} is not in _toc.yml"


def test_checked_cells_store_the_text_nbval_compares():
    checked = [(path, cell) for path in NOTEBOOKS
               for cell in json.loads(path.read_text(encoding="utf-8"))["cells"] if notebooks.is_checked(cell)]
    assert len(checked) >= 3
    for path, cell in checked:
        assert notebooks.expected_text(cell).strip(), path
        assert cell["outputs"] == [] and cell["execution_count"] is None, path  # committed without outputs


def test_nbval_fails_when_a_checked_cell_prints_something_else(tmp_path):
    import subprocess
    import sys

    def nbval(path):
        return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                               "-p", "tools.nbval_expected", "--nbval-lax", "--nbval-current-env", str(path)], capture_output=True, text=True,
                              cwd=NOTEBOOKS[0].parent, timeout=600, env=dict(os.environ, PYTHONPATH=str(notebooks.ROOT)))

    nb = json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))
    (tmp_path / "unchanged.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    cell = next(c for c in nb["cells"] if notebooks.is_checked(c))
    expected = notebooks.expected_text(cell)
    cell["metadata"][notebooks.EXPECTED_KEY] = expected.replace("osteoporosis", "normal")
    (tmp_path / "altered.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    unchanged, altered = nbval(tmp_path / "unchanged.ipynb"), nbval(tmp_path / "altered.ipynb")
    assert unchanged.returncode == 0, unchanged.stdout[-3000:]
    assert altered.returncode == 1 and "1 failed" in altered.stdout, altered.stdout[-3000:]
    assert "mismatch" in altered.stdout.lower(), altered.stdout[-3000:]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_follows_the_template(path):
    """Objectives, teaching notes, key points in English and Chinese, self-check, exercises, references
    (the template too, so that a chapter made from it has every part)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells)
    for part in ("Learning objectives", "{teaching-notes}", "Key points", "要点", "quiz(", "{footbibliography}"):
        assert part in text, f"{path.name} lacks {part!r}"
    assert text.count("{exercise}") >= 2, f"{path.name} has fewer than two exercises"
