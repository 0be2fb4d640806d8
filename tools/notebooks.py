"""Housekeeping of the chapter notebooks: the shared setup cell and clean (output-free) files.

Every chapter starts with the same setup cell. In Colab, which opens a lone notebook, it clones
the course repository into ``~/inflammation-bone`` and installs the package with its data;
wherever the package is already importable (the book build, nbval, Binder, a local Jupyter) it
does nothing. The clone is made beside its final place and moved there only when complete; a
half-finished one left by an older cell or a killed runtime is removed and downloaded again, and a
failed download says what to do instead of showing a bare traceback. The repository URL
comes from ``_config.yml`` (``repository.url``), the one place that names it.

Notebooks are committed without outputs. A cell whose first line is ``# NBVAL_CHECK_OUTPUT``
keeps the text it must print in its metadata (``expected_output``); the pytest plugin
:mod:`tools.nbval_expected` hands that text to nbval as the cell's stored output, so nbval
compares it with what the cell prints on every test run. ``record`` runs the notebooks and stores
that text; run it after changing a checked cell on purpose.

Command line (also ``make sync-notebooks`` and ``make record-checked-outputs``)::

    python -m tools.notebooks sync     # refresh setup cells from _config.yml, strip outputs
    python -m tools.notebooks check    # exit 1 if a notebook is out of date or has outputs
    python -m tools.notebooks record   # run notebooks, store the checked cells' printed text
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from widgets import CHECK_MARK  # the marker, defined once in the course package

ROOT = Path(__file__).resolve().parents[1]
SETUP_TAG = "course-setup"
EXPECTED_KEY = "expected_output"

SETUP_TEMPLATE = '''\
# Course setup: installs the course package and its data when they are missing (e.g. in Colab),
# and does nothing where the course is already installed (Binder, JupyterHub, local).
import importlib.util, pathlib, shutil, subprocess, sys
if importlib.util.find_spec("widgets") is None:
    repo, course = "{repo}", pathlib.Path.home() / "inflammation-bone"
    partial = course.with_name(course.name + ".partial")  # a clone becomes `course` only when complete
    def complete(folder):
        git = (folder / ".git").exists()
        return ((folder / "pyproject.toml").is_file() and (folder / "widgets" / "__init__.py").is_file() and
                (not git or subprocess.run(["git", "-C", str(folder), "rev-parse", "-q", "--verify", "HEAD"],
                                           capture_output=True).returncode == 0))
    if course.exists() and not complete(course):
        if not ((course / ".git").exists() or not any(course.iterdir())):
            raise RuntimeError(f"{{course}} exists but is not a copy of the course: rename or remove it, "
                               "then run this cell again.")
        print(f"Removing an unfinished download of the course in {{course}}; downloading it again.")
        shutil.rmtree(course)
    if not course.exists():
        shutil.rmtree(partial, ignore_errors=True)
        try:
            subprocess.run(["git", "clone", "--depth", "1", "-q", repo, str(partial)], check=True)
        except (OSError, subprocess.CalledProcessError):
            shutil.rmtree(partial, ignore_errors=True)
            raise RuntimeError(
                f"Could not download the course from {{repo}}. Check that this notebook can reach the internet "
                "and that the address is right (a fork sets it in _config.yml), then run this cell again. "
                f"Without internet: unpack a copy of the repository into {{course}} and run this cell again, "
                "or open the chapter with the Binder button.") from None
        partial.rename(course)
    try:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", str(course)], check=True)
    except subprocess.CalledProcessError:
        raise RuntimeError(f"Could not install the course package from {{course}} (see pip's message above). "
                           "Check the internet connection and run this cell again.") from None
    sys.path.insert(0, str(course))
import widgets
widgets.notebook_setup()'''


def repo_url(root: Path = ROOT) -> str:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"]


def setup_source(root: Path = ROOT) -> str:
    return SETUP_TEMPLATE.format(repo=repo_url(root))


def setup_cell(root: Path = ROOT) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": "course-setup",
            "metadata": {"tags": [SETUP_TAG, "remove-cell"]}, "outputs": [], "source": setup_source(root)}


def chapter_notebooks(root: Path = ROOT) -> list[Path]:
    return sorted((root / "chapters").glob("*.ipynb"))


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def is_checked(cell: dict) -> bool:
    """A code cell whose printed output nbval compares with the stored one."""
    return cell.get("cell_type") == "code" and _source(cell).lstrip().startswith(CHECK_MARK)


def expected_text(cell: dict) -> str:
    """The text a checked cell must print (from its metadata; empty when none is recorded)."""
    return cell.get("metadata", {}).get(EXPECTED_KEY, "")


def with_expected_outputs(nb) -> None:
    """Give each checked cell of ``nb`` (an nbformat notebook, in memory) its expected text as output."""
    from nbformat.v4 import new_output

    for cell in nb.cells:
        if is_checked(cell) and expected_text(cell):
            cell.outputs = [new_output("stream", name="stdout", text=expected_text(cell))]
            cell.execution_count = 1  # nbval compares only cells marked as run


def problems(path: Path, root: Path = ROOT) -> list[str]:
    """What is wrong with one committed notebook (empty when it is clean and up to date)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    cells = nb.get("cells", [])
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        if is_checked(cell) and not expected_text(cell):
            found.append(f"{path.name}: checked cell {number} has no expected text in its metadata "
                         "(run `make record-checked-outputs`)")
        if cell.get("outputs"):
            found.append(f"{path.name}: cell {number} has stored outputs")
        if cell.get("execution_count"):
            found.append(f"{path.name}: cell {number} has an execution count")
    if not cells or _source(cells[0]) != setup_source(root):
        found.append(f"{path.name}: the first cell is not the course setup cell (run `make sync-notebooks`)")
    if "widgets" in nb.get("metadata", {}):
        found.append(f"{path.name}: stored widget state in the notebook metadata")
    return found


def sync(path: Path, root: Path = ROOT) -> None:
    """Put the current setup cell first and strip outputs, execution counts and widget state."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb.get("cells", []) if SETUP_TAG not in c.get("metadata", {}).get("tags", [])]
    for cell in cells:
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    nb["cells"] = [setup_cell(root)] + cells
    nb.get("metadata", {}).pop("widgets", None)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def record(path: Path, root: Path = ROOT) -> int:
    """Run ``path`` and store the printed text of its checked cells; return how many were stored."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    raw = json.loads(path.read_text(encoding="utf-8"))
    stored = 0
    for cell, ran in zip(raw["cells"], nb.cells):
        if is_checked(cell):
            text = "".join(o["text"] for o in ran.get("outputs", [])
                           if o.get("output_type") == "stream" and o.get("name") == "stdout")
            cell.setdefault("metadata", {})[EXPECTED_KEY] = text
            stored += 1
    path.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    sync(path, root)
    return stored


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = argv[0] if argv else "check"
    paths = [Path(p) for p in argv[1:]] or chapter_notebooks()
    if command == "sync":
        for path in paths:
            sync(path)
        print(f"synced {len(paths)} notebooks")
        return 0
    if command == "record":
        for path in paths:
            if any(is_checked(c) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]):
                print(f"{path.name}: stored the output of {record(path)} checked cell(s)")
        return 0
    if command == "check":
        found = [msg for path in paths for msg in problems(path)]
        print("\n".join(found) or f"{len(paths)} notebooks clean")
        return 1 if found else 0
    print(f"unknown command {command!r}; use 'sync', 'check' or 'record'")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
