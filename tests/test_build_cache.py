"""The execution cache never serves a stale figure: a data change re-executes the notebooks.

A small book (the course's own extension, the course's own data, one notebook that reads a
data file) is built three times: cold, again with no change (the cached output is reused), and
after a change to a file in data/ (the notebook runs again and shows the new content).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from .booktools import ROOT, build
NOTEBOOK_CODE = """\
import hashlib, time
from widgets.data import data_dir
digest = hashlib.sha256((data_dir() / "{file}").read_bytes()).hexdigest()[:16]
print(f"data digest {{digest}} run {{time.time_ns()}}")
"""


def _book(tmp_path: Path, file: str) -> Path:
    book = tmp_path / "book"
    shutil.copytree(ROOT / "data", book / "data")
    (book / "_config.yml").write_text(
        "title: cache test\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: cache\n"
        "sphinx:\n  extra_extensions: [widgets.book]\n", encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Cache test"},
                    {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                     "source": NOTEBOOK_CODE.format(file=file)}],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    (book / "index.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    return book


def _build(book: Path) -> str:
    page = (build(book) / "index.html").read_text(encoding="utf-8")
    match = re.search(r"data digest (\w+) run (\d+)", page)
    assert match, "the notebook output is missing from the page"
    return match.group(0)


def test_changed_data_re_executes_and_unchanged_reuses_the_cache(tmp_path):
    file = next(p.name for p in sorted((ROOT / "data").glob("*.csv")))
    book = _book(tmp_path, file)
    cold = _build(book)
    again = _build(book)
    assert again == cold, "an unchanged rebuild should reuse the cached execution"
    with (book / "data" / file).open("a", encoding="utf-8") as fh:
        fh.write("\n")  # a blank line: still valid, but the file's content has changed
    changed = _build(book)
    assert changed.split(" run ")[0] != cold.split(" run ")[0], "the page still shows the old data"
    assert changed != cold
