"""Every static figure is the same whatever the process: the built site never changes by chance.

Each picture is built in two fresh interpreters with different hash seeds (which reorders sets
and dict-of-set iteration) and the figure JSON must be identical.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

CALLS = [
    "intro.t_score_explorer()", "intro.rankl_cascade()",
    "remodeling.cytokine_explorer('IL-6')", "remodeling.scenario_explorer()", "remodeling.il6_dual_effect()",
    "network.network_map()", "network.cytokine_map('IL-33')", "network.knockout_explorer()", "network.hub_figure()",
    "calcification.dose_response()", "calcification.calcium_time_course()", "calcification.western_blot_explorer()",
    "calcification.potency_comparison()",
]
SCRIPT = """
import hashlib, json, sys
from widgets.pictures import intro, remodeling, network, calcification
print(json.dumps({call: hashlib.sha256(eval(call).to_json().encode()).hexdigest() for call in json.loads(sys.argv[1])}))
"""


def _digests(seed: str) -> dict:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    out = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(CALLS)], capture_output=True, text=True,
                         env=env, timeout=300, check=True)
    return json.loads(out.stdout)


def test_figures_do_not_depend_on_the_hash_seed():
    first, second = _digests("1"), _digests("2024")
    assert set(first) == set(CALLS)
    changed = [call for call in CALLS if first[call] != second[call]]
    assert changed == [], f"figures that differ between processes: {changed}"
