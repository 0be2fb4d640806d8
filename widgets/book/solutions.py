"""The student edition's downloadable sources: the chapter files behind each page's Download button, without solutions.

Sphinx copies every page's source (``.ipynb`` or ``.md``) into ``_build/html/_sources/``; the
page's Download (.ipynb) button links there. In the student edition (``COURSE_EDITION=student``)
:func:`strip_sources` rewrites those copies after the build: every ``{solution}`` directive and
everything from a ``{solution-start}`` to its ``{solution-end}`` (markdown and the code cells in
between) is left out, so the notebook a student downloads holds the exercises and no answers.

Solutions are found with the markdown parser MyST itself uses (markdown-it, with colon fences), by
the directive name of each fenced block. A source whose solutions cannot be cut out cleanly (a
``{solution-end}`` without its start, a solution hidden inside another directive) stops the build
with the file and what is wrong, rather than publishing an answer.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = ["SolutionError", "strip_markdown", "strip_notebook", "strip_sources"]

SOLUTION, START, END = "solution", "solution-start", "solution-end"
# A solution directive opening inside another directive's body (MyST would parse it there).
NESTED = re.compile(r"^\s*(?:`{3,}|:{3,})\s*\{solution(?:-start|-end)?\}", re.M)


class SolutionError(ValueError):
    """A source whose solutions cannot be left out cleanly."""


def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin

    return MarkdownIt("commonmark").use(colon_fence_plugin)


def _directive(info: str) -> str:
    match = re.match(r"\s*\{([A-Za-z0-9_:-]+)\}", info or "")
    return match.group(1) if match else ""


def _cut(text: str, inside: bool, where: str, md) -> tuple[str, bool, int]:
    """``text`` without its solutions; ``inside``: a solution-start is open when ``text`` begins.

    Returns the kept text, whether a solution-start is still open at its end, and how many
    solutions began in it.
    """
    lines = text.splitlines(keepends=True)
    drop = [False] * len(lines)
    cut_from = 0 if inside else None
    found = 0
    for token in md.parse(text):
        if token.type not in ("fence", "colon_fence") or token.map is None:
            continue
        name = _directive(token.info)
        first, last = token.map
        if name == SOLUTION:
            if cut_from is None:
                drop[first:last] = [True] * (last - first)
                found += 1
        elif name == START:
            if cut_from is not None:
                raise SolutionError(f"{where}: a {{solution-start}} opens inside another solution (line {first + 1})")
            cut_from, found = first, found + 1
        elif name == END:
            if cut_from is None:
                raise SolutionError(f"{where}: {{solution-end}} without a {{solution-start}} (line {first + 1})")
            drop[cut_from:last] = [True] * (last - cut_from)
            cut_from = None
    if cut_from is not None:
        drop[cut_from:] = [True] * (len(lines) - cut_from)
    kept = "".join(line for line, gone in zip(lines, drop) if not gone)
    return kept, cut_from is not None, found


def _check_clean(text: str, where: str, md) -> None:
    """Stop when a solution survives inside another directive (a code block showing one is fine)."""
    for token in md.parse(text):
        if token.type in ("fence", "colon_fence") and token.map and _directive(token.info):
            if NESTED.search(token.content):
                raise SolutionError(f"{where}: a solution inside the {{{_directive(token.info)}}} block at line "
                                    f"{token.map[0] + 1} cannot be left out; write solutions as top-level "
                                    "{solution} or {solution-start}/{solution-end} blocks")


def strip_markdown(text: str, where: str = "<markdown>") -> tuple[str, int]:
    """A MyST markdown page without its solutions, and how many were left out."""
    md = _parser()
    kept, open_, found = _cut(text, False, where, md)
    if open_:
        raise SolutionError(f"{where}: a {{solution-start}} has no {{solution-end}}")
    kept = re.sub(r"\n{3,}", "\n\n", kept)
    _check_clean(kept, where, md)
    return kept, found


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def strip_notebook(nb: dict, where: str = "<notebook>") -> tuple[dict, int]:
    """A notebook (its JSON, as a dict) without solutions, and how many were left out.

    Code cells between a ``{solution-start}`` and its ``{solution-end}`` are dropped, and so is a
    markdown cell left empty. The input is not changed.
    """
    md = _parser()
    inside, total, cells = False, 0, []
    for number, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") != "markdown":
            if not inside:
                cells.append(cell)
            continue
        kept, inside, found = _cut(_source(cell), inside, f"{where}, cell {number}", md)
        total += found
        kept = re.sub(r"\n{3,}", "\n\n", kept).strip("\n")
        if kept.strip():
            _check_clean(kept, f"{where}, cell {number}", md)
            cells.append({**cell, "source": kept})
    if inside:
        raise SolutionError(f"{where}: a {{solution-start}} has no {{solution-end}}")
    return {**nb, "cells": cells}, total


def strip_sources(folder: Path) -> dict[str, int]:
    """Rewrite every ``.ipynb`` and ``.md`` source copy below ``folder`` (``_build/html/_sources``) without
    solutions; return how many were left out of each file that had any."""
    removed = {}
    for path in sorted(folder.rglob("*")):
        name = path.name[:-4] if path.name.endswith(".txt") else path.name  # html_sourcelink_suffix
        if not path.is_file() or not name.endswith((".ipynb", ".md")):
            continue
        where = path.relative_to(folder).as_posix()
        text = path.read_text(encoding="utf-8")
        if name.endswith(".ipynb"):
            nb, found = strip_notebook(json.loads(text), where)
            if found:
                path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        else:
            kept, found = strip_markdown(text, where)
            if found:
                path.write_text(kept, encoding="utf-8")
        if found:
            removed[where] = found
    return removed
