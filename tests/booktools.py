"""Helpers for tests that build small books: copy parts of the course and run jupyter-book."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_book(dest: Path, chapters: list[str]) -> Path:
    """A book in ``dest`` with the course's config, landing page, data and only ``chapters`` in its toc."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("_config.yml", "index.md", "references.bib"):
        shutil.copy2(ROOT / name, dest / name)
    for folder in ("assets", "data"):
        shutil.copytree(ROOT / folder, dest / folder)
    (dest / "chapters").mkdir()
    toc = ["format: jb-book", "root: index", "chapters:"]
    for chapter in chapters:
        source = next(p for p in (ROOT / "chapters").glob(f"{chapter}.*") if p.suffix in (".ipynb", ".md"))
        shutil.copy2(source, dest / "chapters" / source.name)
        toc.append(f"  - file: chapters/{chapter}")
    (dest / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
    return dest


def build(book: Path, *, edition: str | None = None, output: Path | None = None) -> Path:
    """Build ``book`` with warnings as errors; return the HTML folder. Fails with the build's log."""
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_DATA_DIR", "COURSE_EDITION")}
    if edition:
        env["COURSE_EDITION"] = edition
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(book), "-W", "-n", "--keep-going"]
    if output:
        command += ["--path-output", str(output)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return (output or book) / "_build" / "html"


def in_fresh_process(code: str, *, hash_seed: int) -> str:
    """What ``code`` prints when run by this Python in a new process with ``PYTHONHASHSEED=hash_seed``.

    A result computed there shares no cache with the test's process, and another hash seed changes
    the iteration order of sets and of dicts keyed by them: a test that calls a function in two fresh
    processes and compares the results checks that it is deterministic.
    """
    env = dict(os.environ, PYTHONHASHSEED=str(hash_seed))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout
