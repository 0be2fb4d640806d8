"""Launching live: Binder's install steps and Colab's setup cell, each in a fresh virtual environment.

Binder (repo2docker) installs ``binder/requirements.txt`` and runs ``binder/postBuild`` in a checkout
of the repository; Colab opens a lone notebook whose first cell clones the repository and installs
the course. Both are replayed here with a local clone standing in for the GitHub repository (the
tests have no internet), and both must end with a working course package that finds its data.
Package versions are held to ``constraints.txt`` so the installs come from pip's cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from widgets.book import notebooks

from .booktools import ROOT

CHECK = ("import widgets, widgets.data, widgets.remodeling; "
         "print(len(widgets.data.validate_all()), round(widgets.remodeling.steady_state()['OCa'] * 1e4, 3), "
         "widgets.__file__)")


def _run(command, **kwargs) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, **kwargs)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def _venv(tmp_path: Path) -> tuple[Path, dict]:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_DATA_DIR", "PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env['PATH']}", PIP_CONSTRAINT=str(ROOT / "constraints.txt"),
               PIP_DISABLE_PIP_VERSION_CHECK="1", HOME=str(tmp_path))
    return venv / "bin" / "python", env


def test_binder_installs_the_course(tmp_path):
    checkout = tmp_path / "repo"
    _run(["git", "clone", "--quiet", str(ROOT), str(checkout)])
    python, env = _venv(tmp_path)
    _run([str(python), "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"], cwd=checkout, env=env)
    _run(["bash", "binder/postBuild"], cwd=checkout, env=env)
    files, oca, where = _run([str(python), "-c", CHECK], cwd=tmp_path, env=env).split()
    assert int(files) >= 10 and oca == "8.07"
    assert Path(where).is_relative_to(checkout)


def test_colab_setup_cell_installs_the_course_where_it_is_missing(tmp_path):
    python, env = _venv(tmp_path)
    assert _run([str(python), "-c", "import importlib.util; print(importlib.util.find_spec('widgets'))"],
                cwd=tmp_path, env=env).strip() == "None"
    cell = notebooks.SETUP_TEMPLATE.format(repo=str(ROOT))  # the local repository stands in for GitHub
    files, oca, where = _run([str(python), "-c", cell + "\n" + CHECK], cwd=tmp_path, env=env).split()
    assert int(files) >= 10 and oca == "8.07"
    assert Path(where).is_relative_to(tmp_path / "inflammation-bone")
    # run again (a second notebook in the same session): nothing is cloned or installed twice
    again = _run([str(python), "-c", cell + "\n" + CHECK], cwd=tmp_path, env=env)
    assert again.split()[2] == where
