"""Every static figure is the same whatever the process: the built site never changes by chance.

Each picture is built in two fresh interpreters with different hash seeds (which reorders sets
and dict-of-set iteration) and the figure JSON must be identical.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.processes  # two fresh interpreters, several seconds: not in make test-fast

CALLS = [
    "intro.t_score_explorer()", "intro.rankl_cascade()",
    "remodeling.cytokine_explorer('IL-6')", "remodeling.scenario_explorer()", "remodeling.il6_dual_effect()",
    "network.network_map()", "network.cytokine_map('IL-33')", "network.knockout_explorer()", "network.hub_figure()",
    "calcification.dose_response()", "calcification.calcium_time_course()", "calcification.western_blot_explorer()",
    "calcification.potency_comparison()",
]
TABLES = ["calcification.western_blot_p_values()"]  # HTML tables beside figures
SCRIPT = """
import hashlib, json, sys
from widgets.pictures import intro, remodeling, network, calcification
def text(obj):
    return obj.to_json() if hasattr(obj, "to_json") else obj._repr_html_()
print(json.dumps({call: hashlib.sha256(text(eval(call)).encode()).hexdigest() for call in json.loads(sys.argv[1])}))
"""


def _start(seed: str) -> subprocess.Popen:
    """A fresh interpreter with hash seed ``seed`` printing the digest of every figure (runs while the other does)."""
    env = dict(os.environ, PYTHONHASHSEED=seed)
    return subprocess.Popen([sys.executable, "-c", SCRIPT, json.dumps(CALLS + TABLES)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def _digests(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return json.loads(out)


def test_figures_do_not_depend_on_the_hash_seed():
    one, two = _start("1"), _start("2024")
    first, second = _digests(one), _digests(two)
    assert set(first) == set(CALLS + TABLES)
    changed = [call for call in CALLS + TABLES if first[call] != second[call]]
    assert changed == [], f"figures that differ between processes: {changed}"
