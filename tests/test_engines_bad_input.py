"""Every public function of the engines under bad input: a ValueError naming the argument, quickly.

For each public function of widgets/remodeling.py, calcification.py, network.py, bone_density.py and
comparison.py, and for each of its arguments, hypothesis draws values of the wrong type, NaN, ±inf,
negative, huge and empty values (with the other arguments valid). Every call must, within a time limit
enforced here with SIGALRM, either raise a ValueError in the one format of widgets/checks.py
("<argument>: <problem>; allowed: <what>") whose argument is the one given the bad value, or, when the
drawn value happens to be valid, return a result without NaN (where NaN is never a valid answer).
"""

from __future__ import annotations

import inspect
import math
import signal
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from widgets import bone_density as bd
from widgets import calcification as cc
from widgets import comparison as cmp
from widgets import network as net
from widgets import remodeling as rm

from .tiers import examples

#: Seconds one call may take (valid calls take well under a second; a runaway takes minutes).
TIME_LIMIT = 10

G = net.build_graph()
RESULT = cc.run_experiment(n_replicates=3, hours=(24,), seed=1)

SCALARS = st.sampled_from([math.nan, math.inf, -math.inf, -1.0, -1e-9, 0.0, 1e-300, 1e300, -1e300,
                           10**30, -(10**30), 2**63, True, False, None, "", "1", "IL-6", b"x"])
NAMES = st.sampled_from(["IL-6", "TNF-α", "OPG", "RANKL", "control", "IL-6 + tofacitinib", "calcium",
                         "JAK1", "bone loss", "XYZ", "", " "])
BAD = st.one_of(
    SCALARS,
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**20, max_value=10**20),
    st.text(max_size=6),
    st.lists(st.one_of(SCALARS, NAMES, st.floats()), max_size=4),
    st.dictionaries(st.one_of(NAMES, st.text(max_size=3)), st.one_of(SCALARS, st.floats(), NAMES), max_size=3),
    st.dictionaries(NAMES, st.dictionaries(st.sampled_from(["il6_ng_ml", "tofacitinib_nM", "dose"]), SCALARS,
                                           max_size=2), min_size=1, max_size=3),
    st.sampled_from([[], {}, (), [[]], [None], {"": None}]),
    st.just([1.0] * 20_000),
    st.builds(object),
)


# function -> (valid keyword arguments, arguments to spoil, NaN allowed in the result)
CALLS = {
    rm.steady_state: ({}, ["cytokines", "dosing"], False),
    rm.simulate: ({"days": 30}, ["days", "cytokines", "dosing", "dosing_window", "start"], False),
    rm.therapy: ({"name": "anti-TNF"}, ["name", "cytokines", "dosing"], False),
    rm.coupling_factor: ({"level": 2.0, "effect": "rankl_dependent", "max_effect": 0.5, "half_effect_level": 1.0,
                          "switch_level": 1.0, "rankl_rel": 1.0},
                         ["level", "effect", "max_effect", "half_effect_level", "switch_level", "rankl_rel"], False),
    rm.target_multipliers: ({}, ["cytokines", "rankl_rel"], False),
    rm.osteoclast_formation: ({"rankl_rel": 1.0}, ["rankl_rel", "cytokines"], False),
    rm.illustrative_scenarios: ({}, ["level"], False),
    rm.inflamed_state: ({}, ["level"], False),
    rm.canonical_cytokine: ({"name": "il6"}, ["name"], False),
    rm.coupling_view: ({"cytokine": "IL-6"}, ["cytokine"], False),
    rm.check_request: ({"request": {}}, ["request"], False),
    rm.simulate_request: ({"request": {"days": 30}}, ["request"], False),
    cc.jak_activity: ({"tofacitinib_nM": 10.0}, ["tofacitinib_nM", "hill", "ic50_nM", "potency"], False),
    cc.route_activity: ({"tofacitinib_nM": 10.0}, ["tofacitinib_nM", "jak_route", "potency"], False),
    cc.receptor_occupancy: ({"il6_ng_ml": 10.0}, ["il6_ng_ml"], False),
    cc.simulate_culture: ({"hours": 24}, ["il6_ng_ml", "tofacitinib_nM", "hours", "jak_route", "step_h", "potency"],
                          False),
    cc.expected_levels: ({"il6_ng_ml": 100, "tofacitinib_nM": 0, "hours": [24]},
                         ["il6_ng_ml", "tofacitinib_nM", "hours", "jak_route", "potency"], False),
    cc.dose_response_curve: ({"tofacitinib_nM": [1, 10]},
                             ["tofacitinib_nM", "il6_ng_ml", "hours", "jak_route", "potency"], False),
    cc.default_groups: ({}, ["il6_ng_ml", "tofacitinib_nM"], False),
    cc.full_design: ({"groups": ["control", "IL-6"]}, ["groups", "hours", "readouts"], False),
    cc.run_experiment: ({"hours": (24,), "readouts": ("TNAP",)},
                        ["groups", "n_replicates", "hours", "seed", "noise", "il6_ng_ml", "tofacitinib_nM",
                         "jak_route", "readouts", "design", "potency"], True),  # F, p are NaN with zero variance
    cc.one_way_anova: ({"samples": {"a": [1.0, 2.0], "b": [2.0, 4.0]}}, ["samples"], True),
    cc.lsd_pairwise: ({"samples": {"a": [1.0, 2.0], "b": [2.0, 4.0]}}, ["samples", "mse", "df"], True),
    cc.summary: ({"result": RESULT}, ["result"], False),
    cc.blot_bands: ({"result": RESULT, "time_h": 24}, ["result", "time_h"], True),  # unmeasured bands are NaN
    net.net_effect: ({"G": G, "source": "IL-6"}, ["G", "source", "target", "removed", "treat", "decay", "cutoff"],
                     False),
    net.net_effects: ({"G": G}, ["G", "sources", "target"], False),
    net.path_table: ({"G": G, "source": "IL-6"}, ["G", "source", "target", "removed", "treat", "decay", "cutoff"],
                     False),
    net.surviving_paths: ({"G": G, "source": "IL-6"}, ["G", "source", "target", "removed", "cutoff"], False),
    net.knockout: ({"G": G, "nodes": "RANKL"}, ["G", "nodes", "sources", "target", "treat", "decay", "cutoff"],
                   True),  # ratio is NaN where a source had no effect before
    net.hubs: ({"G": G}, ["G", "target", "sources", "kinds", "cutoff", "decay"], False),
    net.subgraph_for: ({"cytokine": "IL-6", "G": G}, ["cytokine", "G", "cutoff"], False),
    net.outcomes: ({"G": G}, ["G"], False),
    net.format_path: ({"G": G, "path": ["IL-6", "gp130"]}, ["G", "path", "lang"], False),
    net.check_node: ({"G": G, "name": "IL-6", "argument": "node"}, ["G", "name"], False),
    net.check_nodes: ({"G": G, "names": ["IL-6"], "argument": "nodes"}, ["G", "names"], False),
    bd.t_score: ({"bmd": 0.8, "young_mean": 1.0, "young_sd": 0.1}, ["bmd", "young_mean", "young_sd"], False),
    bd.who_category: ({"t": -1.0}, ["t"], False),
    bd.reference_fraction_below: ({"t": -1.0}, ["t"], False),
    cmp.comparison_table: ({}, ["styled", "columns"], False),
}
#: Public functions that take no arguments (they read data/ only).
NO_ARGUMENTS = {rm.therapies, rm.parameters, rm.parameter_table, rm.coupling_table, rm.couplings, cc.parameters,
                cc.paper_design, net.build_graph}
#: What each spoiled argument is called in messages, where it is not its own name.
SPOKEN = {(net.check_node, "name"): "node", (net.check_nodes, "names"): "nodes",
          (rm.canonical_cytokine, "name"): "cytokine"}

#: Arguments a spoiled value may make invalid in turn (a valid but tiny culture is shorter than its step).
ALSO = {(cc.simulate_culture, "hours"): {"step_h"}}

CASES = [pytest.param(f, arg, id=f"{f.__module__.split('.')[-1]}.{f.__name__}({arg})")
         for f, (_, args, _) in CALLS.items() for arg in args]


def test_every_public_function_is_covered():
    for module in (rm, cc, net, bd, cmp):
        for name in module.__all__:
            f = getattr(module, name)
            if inspect.isfunction(f):
                assert f in CALLS or f in NO_ARGUMENTS, f"{module.__name__}.{name} has no bad-input test"
                if f in CALLS:
                    params = set(inspect.signature(f).parameters) - {"kwargs"}
                    assert params <= set(CALLS[f][1]) | {"argument", "arg"}, f"{name}: untested {params - set(CALLS[f][1])}"


@contextmanager
def time_limit(seconds: float, what: str):
    def expire(signum, frame):
        raise TimeoutError(f"{what} took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _has_nan(result) -> bool:
    if isinstance(result, float):
        return math.isnan(result)
    if isinstance(result, np.ndarray):
        return result.dtype.kind == "f" and bool(np.isnan(result).any())
    if isinstance(result, pd.Series):
        return result.dtype.kind == "f" and bool(result.isna().any())
    if isinstance(result, pd.DataFrame):
        return bool(result.select_dtypes("number").isna().any().any())
    if isinstance(result, dict):
        return any(_has_nan(v) for v in result.values())
    return False


def test_the_time_limit_stops_a_runaway():
    with pytest.raises(TimeoutError, match="a loop took more than 0.2 s"):
        with time_limit(0.2, "a loop"):
            while True:
                pass


@pytest.mark.parametrize("function, argument", CASES)
@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bad=BAD)
@example(bad=5e-324)  # the smallest subnormal: hours / step_h overflowed to inf
def test_bad_input_gives_a_value_error_naming_the_argument(function, argument, bad):
    valid, _, nan_ok = CALLS[function]
    kwargs = dict(valid, **{argument: bad})
    name = SPOKEN.get((function, argument), argument)
    try:
        with time_limit(TIME_LIMIT, f"{function.__name__}({argument}={bad!r:.60})"):
            result = function(**kwargs)
    except ValueError as err:
        text = str(err)
        head, sep, rest = text.partition(": ")
        assert sep and "; allowed: " in rest, f"not in the one message format: {text!r}"
        spoken = head.split("[")[0].split(".")[0].split(" ")[0]
        if argument == "request":
            assert spoken in ("request", *rm.REQUEST_KEYS), text
        else:
            assert spoken == name or spoken in ALSO.get((function, argument), ()), f"{function.__name__}({argument}={bad!r:.60}) named {head!r}: {text}"
        return
    # the value was valid after all: then the answer must be a real one
    if not nan_ok:
        assert not _has_nan(result), f"{function.__name__}({argument}={bad!r:.60}) returned NaN"
