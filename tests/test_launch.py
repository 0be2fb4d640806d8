"""Launching live: Binder's install steps and Colab's setup cell, each replayed in a fresh virtual environment.

Binder (repo2docker) installs ``binder/requirements.txt`` and runs ``binder/postBuild`` in a checkout
of the repository; Colab opens a lone notebook whose first cell clones the repository and installs
the course. Each path is replayed with exactly those steps and nothing else, in a fresh virtual
environment made for it (one per path), from a snapshot of this working tree (a git repository
standing in for GitHub; the tests have no internet). Then what a student does there is done:

* Binder: every chapter notebook is executed with nbclient by a kernel of the Binder environment;
  every live panel is built and each of its controls moved (``tests/launch_panels.py``).
* Colab: the setup cell runs, then every live panel is built and moved in the same process (the
  notebook's kernel). The cell's failure paths are replayed too: a clone that fails, a
  half-finished clone left in the home folder, a folder of that name that is not the course.

Package versions are held to ``constraints.txt`` so the installs come from pip's cache. These
tests take minutes; they carry the ``launch`` marker (``pytest -m launch`` runs them alone).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools import notebooks

from .booktools import ROOT

PANELS = ROOT / "tests" / "launch_panels.py"
CHECK = ("import widgets, widgets.data, widgets.remodeling; "
         "print(len(widgets.data.validate_all()), round(widgets.remodeling.steady_state()['OCa'] * 1e4, 3), "
         "widgets.__file__)")
KERNEL = "course-launch"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
CHAPTERS = sorted(p.name for p in (ROOT / "chapters").glob("*.ipynb") if not p.name.startswith("_"))


def _run(command, *, check=True, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, **kwargs)
    if check:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def _snapshot(dest: Path) -> Path:
    """This working tree's files (tracked, and new ones not ignored) as a fresh one-commit git repository."""
    listed = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    git = ["git", "-c", "user.name=Course", "-c", "user.email=course@example.org", "-c", "init.defaultBranch=main"]
    _run(git + ["init", "-q"], cwd=dest)
    _run(git + ["add", "-A"], cwd=dest)
    _run(git + ["commit", "-q", "-m", "snapshot"], cwd=dest)
    return dest


def _venv(where: Path, home: Path, *, pip: bool = True) -> tuple[Path, dict]:
    """A fresh virtual environment in ``where`` and the environment variables of a session in it."""
    _run([sys.executable, "-m", "venv", *([] if pip else ["--without-pip"]), str(where)])
    env = {k: v for k, v in os.environ.items()
           if k not in ("COURSE_DATA_DIR", "COURSE_EDITION", "PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH")}
    env.update(PATH=f"{where / 'bin'}{os.pathsep}{env['PATH']}", PIP_CONSTRAINT=str(ROOT / "constraints.txt"),
               PIP_DISABLE_PIP_VERSION_CHECK="1", HOME=str(home), VIRTUAL_ENV=str(where))
    home.mkdir(parents=True, exist_ok=True)
    return where / "bin" / "python", env


def _panel_report(python: Path, env: dict, cwd: Path, prelude: str = "") -> dict:
    """Run tests/launch_panels.py with ``python`` (after ``prelude``, in the same process) and read its report."""
    code = prelude + f"\nimport runpy\nrunpy.run_path({str(PANELS)!r}, run_name='__main__')\n"
    out = _run([str(python), "-c", code], cwd=cwd, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def _panels_used_by_chapters() -> set[str]:
    used = set()
    for name in CHAPTERS:
        text = (ROOT / "chapters" / name).read_text(encoding="utf-8")
        used |= {f"{m}.{f}" for m, f in re.findall(r"from (widgets\.panels\.\w+) import (\w+_panel)", text)}
    return used


def _check_panels(report: dict) -> None:
    """Every live panel the chapters use was built, displays as a widget, and each control moved something."""
    names = {p["panel"] for p in report["panels"]}
    assert _panels_used_by_chapters() <= names, f"panels not exercised: {_panels_used_by_chapters() - names}"
    for panel in report["panels"]:
        assert "error" not in panel, f"{panel['panel']} could not be built:\n{panel['error']}"
        assert WIDGET_MIME in panel["display"], f"{panel['panel']} does not display as a widget: {panel['display']}"
        assert panel["moves"], f"{panel['panel']} has no controls"
        for move in panel["moves"]:
            where = f"{panel['panel']}: {move['control']} ({move['kind']}) -> {move.get('to')}"
            assert "error" not in move, f"{where} raised:\n{move['error']}"
            assert not move.get("logged"), f"{where} logged: {move['logged']}"
            assert move["figures_changed"] or move["texts_changed"], f"{where} changed nothing on screen"
        assert panel["moves"][0]["figures_changed"], f"{panel['panel']}: its first control left the figures as they were"


# ---------------------------------------------------------------- what the package declares (fast)

def _names(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        match = re.match(r"([A-Za-z0-9_.-]+)\s*(?:[=<>!~]=?\s*([^;\s]+))?", line)
        if match and not line.startswith("-"):
            pins[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2) or ""
    return pins


def test_every_declared_dependency_is_pinned_for_binder_and_the_tools():
    import tomllib

    declared = _names(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"])
    runtime = _names((ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines())
    tools = _names((ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines())
    frozen = _names((ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines())
    assert {"anywidget", "nbformat", "jinja2"} <= set(declared)  # FigureWidget, plotly's display, pandas .style
    for name in declared:
        assert name in runtime, f"{name} is a dependency in pyproject.toml but is not named in requirements.txt"
    for name, version in (runtime | tools).items():  # versions live in constraints.txt only, exact there
        assert version == "", f"{name}: requirement files name packages; its version {version} belongs in constraints.txt"
        assert re.fullmatch(r"\d[\w.+-]*", frozen.get(name, "")), f"{name} has no exact pin in constraints.txt"
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==\d[\w.+-]*", line) for line in
               (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))
    binder = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "-c ../constraints.txt" in binder and "-r ../requirements.txt" in binder  # Binder installs the pins


def test_the_package_version_is_read_from_pyproject():
    import tomllib

    import widgets

    assert widgets.__version__ == tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


# ---------------------------------------------------------------- Binder

@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    """A checkout with exactly what binder/ installs, and a kernel of that environment."""
    base = tmp_path_factory.mktemp("binder")
    checkout = _snapshot(base / "repo")
    runtime = (checkout / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}", (
        f"binder/runtime.txt asks for {runtime}; these tests run Python {sys.version.split()[0]}")
    python, env = _venv(base / "venv", base / "home")
    _run([str(python), "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"], cwd=checkout, env=env)
    _run(["bash", "binder/postBuild"], cwd=checkout, env=env)
    kernels = base / "kernels"
    (kernels / KERNEL).mkdir(parents=True)
    spec = {"argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Binder replay", "language": "python"}
    (kernels / KERNEL / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return {"checkout": checkout, "python": python, "env": env, "kernels": kernels, "home": base / "home"}


@pytest.mark.launch
def test_binder_installs_the_course(binder):
    files, oca, where = _run([str(binder["python"]), "-c", CHECK], cwd=binder["home"], env=binder["env"]).stdout.split()
    assert int(files) >= 10 and oca == "8.07"
    assert Path(where).is_relative_to(binder["checkout"])


@pytest.mark.launch
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_binder_runs_every_chapter_notebook(binder, chapter):
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    path = binder["checkout"] / "chapters" / chapter
    nb = nbformat.read(path, as_version=4)
    km = AsyncKernelManager(kernel_name=KERNEL,
                            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(binder["kernels"])]))
    client = NotebookClient(nb, km=km, timeout=600, allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=binder["env"])  # raises CellExecutionError, with the cell and traceback, on any error
    shown, stderr = set(), []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            shown |= set(output.get("data", {}))
            if output.get("name") == "stderr":
                stderr.append(output["text"])
        if notebooks.is_checked(cell) and notebooks.expected_text(cell):
            printed = "".join(o["text"] for o in cell.outputs if o.get("name") == "stdout")
            assert printed == notebooks.expected_text(cell), f"{chapter}: a checked cell printed\n{printed}"
    assert not [s for s in stderr if "Traceback" in s or "install" in s.lower()], stderr
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    if "widgets.pictures" in code:
        assert PLOTLY_MIME in shown, f"{chapter}: no plotly figure was displayed"
    if "widgets.panels" in code:
        assert WIDGET_MIME in shown, f"{chapter}: no live panel was displayed"


@pytest.mark.launch
def test_binder_builds_every_live_panel_and_moves_its_controls(binder):
    report = _panel_report(binder["python"], binder["env"], binder["home"])
    assert Path(report["widgets"]).is_relative_to(binder["checkout"])
    _check_panels(report)


# ---------------------------------------------------------------- Colab

def _cell(repo: Path) -> str:
    return notebooks.SETUP_TEMPLATE.format(repo=str(repo))  # the local repository stands in for GitHub


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    """A fresh environment (no course), a home folder and a repository for the setup cell to clone."""
    base = tmp_path_factory.mktemp("colab")
    repo = _snapshot(base / "github")
    python, env = _venv(base / "venv", base / "home")
    return {"repo": repo, "python": python, "env": env, "home": base / "home", "course": base / "home" / "inflammation-bone"}


def _not_installed(python, env, cwd) -> bool:
    out = _run([str(python), "-c", "import importlib.util; print(importlib.util.find_spec('widgets'))"],
               cwd=cwd, env=env).stdout
    return out.strip() == "None"


@pytest.mark.launch
def test_colab_setup_cell_installs_the_course_and_every_panel_moves(colab):
    python, env, home = colab["python"], colab["env"], colab["home"]
    assert _not_installed(python, env, home)
    report = _panel_report(python, env, home, prelude=_cell(colab["repo"]))
    assert Path(report["widgets"]).is_relative_to(colab["course"])
    _check_panels(report)
    assert not colab["course"].with_name("inflammation-bone.partial").exists()
    # run again (a second notebook in the same session): nothing is cloned or installed twice
    again = _run([str(python), "-c", _cell(colab["repo"]) + "\n" + CHECK], cwd=home, env=env)
    files, oca, where = again.stdout.split()
    assert int(files) >= 10 and oca == "8.07" and Path(where).is_relative_to(colab["course"])
    assert "unfinished" not in again.stdout + again.stderr


def _interrupted_fetch(course: Path) -> None:
    """What a runtime killed while cloning leaves: a repository with no commit, a few files at most."""
    shutil.rmtree(course)
    course.mkdir()
    _run(["git", "init", "-q"], cwd=course)
    (course / "README.md").write_text("partial", encoding="utf-8")


def _interrupted_checkout(course: Path) -> None:
    """A checkout stopped half way: git writes files in path order, so the late ones are missing."""
    tracked = sorted(_run(["git", "ls-files"], cwd=course).stdout.split())
    for name in tracked[len(tracked) // 2:]:
        (course / name).unlink()


@pytest.mark.launch
@pytest.mark.parametrize("breakage", [_interrupted_fetch, _interrupted_checkout], ids=["fetch", "checkout"])
def test_colab_setup_cell_repairs_a_half_finished_clone(colab, breakage):
    python, env, home, course = colab["python"], colab["env"], colab["home"], colab["course"]
    if not course.exists():  # the install test did not run first
        _run([str(python), "-c", _cell(colab["repo"])], cwd=home, env=env)
    _run([str(python), "-m", "pip", "uninstall", "--quiet", "--yes", "inflammation-bone"], cwd=home, env=env)
    assert _not_installed(python, env, home)
    breakage(course)
    stale = course.with_name("inflammation-bone.partial")
    stale.mkdir()
    (stale / "junk").write_text("left by an earlier attempt", encoding="utf-8")
    result = _run([str(python), "-c", _cell(colab["repo"]) + "\n" + CHECK], cwd=home, env=env)
    assert "Removing an unfinished download" in result.stdout
    files, oca, where = result.stdout.splitlines()[-1].split()
    assert int(files) >= 10 and oca == "8.07" and Path(where).is_relative_to(course)
    assert (course / "pyproject.toml").is_file() and not stale.exists()
    assert _run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=course).stdout == ""  # all back


# Fast: the clone fails before anything is installed, so a bare environment (no pip) suffices.

def test_a_failed_clone_says_what_to_do_and_leaves_nothing_behind(tmp_path):
    python, env = _venv(tmp_path / "venv", tmp_path / "home", pip=False)
    missing = tmp_path / "no-such-repository"
    result = _run([str(python), "-c", _cell(missing)], check=False, cwd=tmp_path / "home", env=env)
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("RuntimeError: Could not download the course from " + str(missing))
    assert "run this cell again" in message and "Binder" in message
    assert "CalledProcessError" not in result.stderr  # the advice, not git's traceback
    assert list((tmp_path / "home").iterdir()) == []


def test_the_setup_cell_leaves_a_folder_that_is_not_the_course_alone(tmp_path):
    python, env = _venv(tmp_path / "venv", tmp_path / "home", pip=False)
    folder = tmp_path / "home" / "inflammation-bone"
    folder.mkdir()
    (folder / "notes.txt").write_text("my own notes", encoding="utf-8")
    result = _run([str(python), "-c", _cell(tmp_path / "unused")], check=False, cwd=tmp_path / "home", env=env)
    assert result.returncode != 0
    assert "exists but is not a copy of the course: rename or remove it" in result.stderr
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "my own notes"
