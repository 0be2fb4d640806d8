"""The JavaScript engines' own tests (``node --test tests/js``), run from pytest so that ``make test`` runs them.

The model data are written once by the Python export into a temporary folder and handed to the
Node tests through ``COURSE_BROWSER_DATA``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from widgets.browser.export import write_models

ROOT = Path(__file__).resolve().parents[1]


def node_executable() -> str:
    node = shutil.which("node")
    if not node:
        pytest.fail("Node.js is not installed: the browser engines need Node 20 or newer "
                    "(Debian: `apt-get install nodejs`; see the README)", pytrace=False)
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    if int(version.lstrip("v").split(".")[0]) < 20:
        pytest.fail(f"Node.js {version} is too old: the browser engines need Node 20 or newer", pytrace=False)
    return node


def test_node_tests_pass(tmp_path):
    node = node_executable()
    write_models(tmp_path)
    env = {**os.environ, "COURSE_BROWSER_DATA": str(tmp_path)}
    run = subprocess.run([node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, env=env,
                         timeout=600)
    summary = "\n".join(line for line in run.stdout.splitlines() if line.startswith(("# pass", "# fail", "not ok")))
    assert run.returncode == 0, f"node --test tests/js failed:\n{summary}\n{run.stdout[-4000:]}\n{run.stderr[-2000:]}"
    assert "# fail 0" in run.stdout and "# pass " in run.stdout
