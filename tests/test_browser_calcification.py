"""Parity of the browser engine of the VSMC lab (``widgets/browser/calcification.mjs``, ``stats.mjs``)
with the Python engine (:mod:`widgets.calcification`) and scipy.

Time courses and expected levels within 1e-4 relative; ANOVA and LSD on identical measurement tables
within 1e-9; F and t tail probabilities within 1e-9 absolute of scipy over a grid that includes tiny p
values; the paper's qualitative findings; invalid input rejected by both, naming the same argument;
an edit of data/vsmc_model.csv reaching the browser engine.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from scipy import stats

from widgets import calcification as cc
from widgets import data as course_data
from widgets.browser.export import calcification_model, write_models

from .tiers import examples

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "widgets" / "browser" / "cli.mjs"
STATS = ROOT / "widgets" / "browser" / "stats.mjs"
POTENCIES = tuple(calcification_model()["potencies"])
HAS_POTENCY = "potency" in inspect.signature(cc.simulate_culture).parameters


def node() -> str:
    path = shutil.which("node")
    if not path:
        pytest.fail("Node.js is not installed: the browser engines need Node 20 or newer (see the README)",
                    pytrace=False)
    return path


def decode(value):
    """The CLI writes infinities and NaN as strings; turn them back into floats."""
    if isinstance(value, str) and value in ("Infinity", "-Infinity", "NaN"):
        return float(value.replace("Infinity", "inf"))
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        return {k: decode(v) for k, v in value.items()}
    return value


class Engine:
    def __init__(self, folder: Path):
        self.process = subprocess.Popen([node(), str(CLI), "--lines", "--data", str(folder)], cwd=ROOT,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, encoding="utf-8")

    def __call__(self, call: str, request: dict) -> dict:
        item = {"model": "calcification", "call": call, **request}
        self.process.stdin.write(json.dumps(item, ensure_ascii=False, allow_nan=False) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"cli.mjs stopped: {self.process.stderr.read()}")
        return decode(json.loads(line))

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def js(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-data")
    write_models(folder)
    engine = Engine(folder)
    yield engine
    engine.close()


def result(js, call: str, request: dict) -> dict:
    outcome = js(call, request)
    assert "result" in outcome, f"{call} {request}: the JS engine refused it: {outcome.get('error')}"
    return outcome["result"]


def assert_frame_parity(frame, table: dict, rtol: float = 1e-4, atol: float = 1e-9) -> float:
    assert list(table) == list(frame.columns)
    worst = 0.0
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):  # text columns: equal
            assert table[column] == frame[column].tolist(), column
            continue
        a, b = np.asarray(table[column], dtype=float), frame[column].to_numpy(dtype=float)
        assert a.shape == b.shape, column
        diff = np.abs(a - b)
        assert np.all(diff <= np.maximum(rtol * np.abs(b), atol)), f"{column}: largest difference {diff.max()}"
        worst = max(worst, float(np.max(diff / np.maximum(np.abs(b), 1e-300))))
    return worst


# --------------------------------------------------------------------------------------------
# Time courses and expected levels: >= 200 random valid inputs
# --------------------------------------------------------------------------------------------

doses_il6 = st.one_of(st.just(0.0), st.floats(0.0, 1000.0, allow_nan=False))
doses_tofa = st.one_of(st.just(0.0), st.floats(-2, 5).map(lambda e: 10.0 ** e))
hours_st = st.floats(0.5, cc.MAX_HOURS, allow_nan=False)


@st.composite
def culture_requests(draw) -> tuple[str, dict]:
    request = {"il6_ng_ml": draw(doses_il6), "tofacitinib_nM": draw(doses_tofa),
               "jak_route": draw(st.sampled_from(cc.ROUTES))}
    if HAS_POTENCY:
        request["potency"] = draw(st.sampled_from(POTENCIES))
    if draw(st.booleans()):
        hours = draw(hours_st)
        step = draw(st.one_of(st.sampled_from([0.5, 1.0, 2.0, 6.0]), st.floats(0.05, 1.0).map(lambda f: f * hours)))
        request.update(hours=hours, step_h=min(step, hours))
        return "simulateCulture", request
    request["hours"] = draw(st.lists(hours_st, min_size=1, max_size=6, unique=True))
    return "expectedLevels", request


def test_random_cultures_and_expected_levels_agree(js):
    collected: list[tuple[str, dict]] = []

    @settings(max_examples=examples(300), deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(culture_requests())
    def collect(item):
        collected.append(item)

    collect()
    unique = {json.dumps(r, sort_keys=True): (c, r) for c, r in collected}
    assert len(unique) >= examples(200)
    worst = 0.0
    for call, request in unique.values():
        python = (cc.simulate_culture if call == "simulateCulture" else cc.expected_levels)(**request)
        worst = max(worst, assert_frame_parity(python, result(js, call, request)))
    print(f"\n{len(unique)} random cultures: largest relative difference {worst:.2e}")


def test_expected_levels_of_an_experiment_agree(js):
    request = {"n_replicates": 4, "hours": [12, 24, 72], "seed": 5, "jak_route": "JAK1"}
    py = cc.run_experiment(**request)
    table = result(js, "runExperiment", request)
    assert_frame_parity(py.expected, table["expected"], rtol=1e-12)
    assert list(table["measurements"]) == list(py.measurements.columns)
    assert list(table["anova"]) == ["readout", "time_h", "F", "p", "df_between", "df_within", "mse"]
    assert list(table["pairwise"]) == list(py.pairwise.columns)
    for column in ("group", "time_h", "readout", "replicate"):  # same wells laid out alike, values differ
        assert table["measurements"][column] == py.measurements[column].tolist()


# --------------------------------------------------------------------------------------------
# Statistics: identical tables, and the tail probabilities against scipy
# --------------------------------------------------------------------------------------------

def anova_rows_agree(js_anova: dict, js_pairs: dict, samples: dict) -> None:
    py = cc.one_way_anova(samples)
    for key in ("F", "mse"):
        a, b = js_anova[key], py[key]
        assert (math.isnan(a) and math.isnan(b)) or a == b or abs(a - b) <= 1e-9 * max(1.0, abs(b)), key
    assert js_anova["df_between"] == py["df_between"] and js_anova["df_within"] == py["df_within"]
    assert (math.isnan(js_anova["p"]) and math.isnan(py["p"])) or abs(js_anova["p"] - py["p"]) <= 1e-9
    pairs = cc.lsd_pairwise(samples, py["mse"], py["df_within"])
    assert js_pairs["group_a"] == pairs["group_a"].tolist() and js_pairs["group_b"] == pairs["group_b"].tolist()
    for key in ("difference", "t", "p"):
        for a, b in zip(js_pairs[key], pairs[key]):
            assert (math.isnan(a) and math.isnan(b)) or a == b or abs(a - b) <= 1e-9 * max(1.0, abs(b)), key


values = st.floats(0.01, 100.0, allow_nan=False)
# (the CLI writes non-finite numbers as these strings, so a group may not be called so in this test)
names = st.text(min_size=1, max_size=6).filter(lambda s: s.strip() and s not in ("NaN", "Infinity", "-Infinity"))
sample_sets = st.dictionaries(names, st.lists(values, min_size=2, max_size=10), min_size=2, max_size=6)


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(samples=sample_sets)
def test_anova_and_lsd_on_identical_tables(js, samples):
    pairs = [[name, v] for name, v in samples.items()]  # pairs keep integer-like names in order in JS
    js_anova = result(js, "oneWayAnova", {"samples": pairs})
    py = cc.one_way_anova(samples)
    js_pairs = result(js, "lsdPairwise", {"samples": pairs, "mse": py["mse"], "df": py["df_within"]})
    anova_rows_agree(js_anova, js_pairs, samples)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("design", ["paper", "full"])
def test_statistics_of_the_js_experiment_match_scipy_on_its_own_wells(js, seed, design):
    request = {"seed": seed, "noise": 0.2, "n_replicates": 3 + seed}
    if design == "paper":
        request["design"] = calcification_model()["paper_design"]
    table = result(js, "runExperiment", request)
    m = table["measurements"]
    for i, (readout, time_h) in enumerate(zip(table["anova"]["readout"], table["anova"]["time_h"])):
        samples = {}
        for g, t, r, v in zip(m["group"], m["time_h"], m["readout"], m["value"]):
            if r == readout and t == time_h:
                samples.setdefault(g, []).append(v)
        rows = [k for k, (r, t) in enumerate(zip(table["pairwise"]["readout"], table["pairwise"]["time_h"]))
                if r == readout and t == time_h]
        anova_rows_agree({k: table["anova"][k][i] for k in table["anova"]},
                         {k: [table["pairwise"][k][j] for j in rows] for k in table["pairwise"]}, samples)


def test_tail_probabilities_match_scipy_including_tiny_ones():
    grid = [("f", x, d1, d2) for d1 in (1, 2, 3, 5, 10, 30) for d2 in (1, 2, 3, 6, 12, 40, 200, 2000)
            for x in (0.0, 0.01, 0.5, 1.0, 2.0, 5.0, 20.0, 100.0, 1e3, 1e5, 1e8)]
    grid += [("t", x, d, 0) for d in (1, 2, 3, 4, 6, 10, 30, 100, 1000, 10000)
             for x in (0.0, 0.1, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 100.0, 1e3, 1e5)]
    script = (f"import {{ fSurvival, tSurvival }} from {json.dumps(STATS.as_uri())};\n"
              "import { readFileSync } from 'node:fs';\n"
              "const grid = JSON.parse(readFileSync(0, 'utf8'));\n"
              "console.log(JSON.stringify(grid.map(([k, x, a, b]) => k === 'f' ? fSurvival(x, a, b) : tSurvival(x, a))));")
    run = subprocess.run([node(), "--input-type=module", "-e", script], input=json.dumps(grid), capture_output=True,
                         text=True, check=True)
    worst_abs = worst_rel = 0.0
    for (kind, x, a, b), got in zip(grid, json.loads(run.stdout)):
        ref = stats.f.sf(x, a, b) if kind == "f" else stats.t.sf(x, a)
        worst_abs = max(worst_abs, abs(got - ref))
        if ref > 1e-300:
            worst_rel = max(worst_rel, abs(got - ref) / ref)
    assert worst_abs <= 1e-9
    assert worst_rel <= 1e-9, "tiny p values keep their relative accuracy too"
    assert min(stats.f.sf(1e8, 30, 2000), stats.t.sf(1e5, 10000)) < 1e-100, "the grid reaches tiny p"
    print(f"\n{len(grid)} tail probabilities: largest difference {worst_abs:.1e} absolute, {worst_rel:.1e} relative")


# --------------------------------------------------------------------------------------------
# The paper's findings and invalid input
# --------------------------------------------------------------------------------------------

def test_the_papers_findings_hold_in_the_js_engine(js):
    level = lambda il6, tofa: result(js, "expectedLevels", {"il6_ng_ml": il6, "tofacitinib_nM": tofa,
                                                            "hours": [24, 72]})
    control, il6 = level(0, 0), level(100, 0)
    doses = [0, 3, 10, 30, 100, 300, 1000]
    for readout in ("Runx2", "TNAP", "calcium"):
        assert il6[readout][1] > control[readout][1], f"IL-6 raises {readout}"
        series = [level(100, d)[readout][1] for d in doses]
        assert all(b < a for a, b in zip(series, series[1:])), f"tofacitinib lowers {readout}, monotonically"


INVALID = [
    ("simulateCulture", {"il6_ng_ml": -1}), ("simulateCulture", {"il6_ng_ml": "100"}),
    ("simulateCulture", {"tofacitinib_nM": True}), ("simulateCulture", {"hours": 0}),
    ("simulateCulture", {"hours": 169}), ("simulateCulture", {"hours": 10, "step_h": 11}),
    ("simulateCulture", {"step_h": -1}), ("simulateCulture", {"jak_route": "JAK3"}),
    ("expectedLevels", {"il6_ng_ml": 1, "tofacitinib_nM": 0, "hours": []}),
    ("expectedLevels", {"il6_ng_ml": 1, "tofacitinib_nM": 0, "hours": [24, 24]}),
    ("expectedLevels", {"il6_ng_ml": 1, "tofacitinib_nM": 0, "hours": [0, 24]}),
    ("expectedLevels", {"il6_ng_ml": 1, "tofacitinib_nM": 0, "hours": None}),
    ("expectedLevels", {"il6_ng_ml": 1, "tofacitinib_nM": -3, "hours": [24]}),
    ("runExperiment", {"n_replicates": 1}), ("runExperiment", {"n_replicates": True}),
    ("runExperiment", {"seed": -1}), ("runExperiment", {"noise": -0.5}), ("runExperiment", {"noise": "0.1"}),
    ("runExperiment", {"jak_route": "STAT3"}), ("runExperiment", {"il6_ng_ml": -1}),
    ("runExperiment", {"groups": {}}), ("runExperiment", {"groups": {"a": {}}}),
    ("runExperiment", {"groups": {"a": {}, " ": {}}}), ("runExperiment", {"groups": {"a": {}, "b": 5}}),
    ("runExperiment", {"groups": {"a": {}, "b": {"dose": 1}}}),
    ("runExperiment", {"groups": {"a": {}, "b": {"il6_ng_ml": -2}}}), ("runExperiment", {"groups": [1, 2]}),
    ("runExperiment", {"readouts": []}), ("runExperiment", {"readouts": ["ALP"]}),
    ("runExperiment", {"hours": [24, 200]}), ("runExperiment", {"design": []}),
    ("runExperiment", {"design": [["ALP", 24, ["control", "IL-6"]]]}),
    ("runExperiment", {"design": [["TNAP", 0, ["control", "IL-6"]]]}),
    ("runExperiment", {"design": [["TNAP", 24, ["control", "x"]]]}),
    ("runExperiment", {"design": [["TNAP", 24, ["control", "control"]]]}),
    ("runExperiment", {"design": [["TNAP", 24, ["control", "IL-6"]], ["TNAP", 24, ["control", "IL-6"]]]}),
    ("runExperiment", {"design": [["TNAP", 24]]}),
]
PY_CALLS = {"simulateCulture": cc.simulate_culture, "expectedLevels": cc.expected_levels,
            "runExperiment": cc.run_experiment}


def leading_name(message: str) -> str:
    return re.match(r"[A-Za-z_0-9]+", message).group(0)


@pytest.mark.parametrize("call, request_", INVALID, ids=lambda v: v if isinstance(v, str) else json.dumps(v))
def test_invalid_input_rejected_alike(js, call, request_):
    with pytest.raises(ValueError) as caught:
        PY_CALLS[call](**request_)  # a design entry [readout, time_h, groups] is a Measurement's fields
    outcome = js(call, request_)
    assert "error" in outcome, f"the JS engine accepted {call} {request_}"
    assert leading_name(outcome["error"]) == leading_name(str(caught.value)), (outcome["error"], str(caught.value))


@pytest.mark.skipif(not HAS_POTENCY, reason="this Python engine has a single IC50 set")
def test_both_potency_sets_agree(js):
    for potency in POTENCIES:
        request = {"il6_ng_ml": 100, "tofacitinib_nM": 300, "hours": [24, 72], "potency": potency}
        assert_frame_parity(cc.expected_levels(**request), result(js, "expectedLevels", request), rtol=1e-12)


@pytest.mark.processes
def test_an_edited_constant_reaches_the_js_engine(tmp_path):
    edited = tmp_path / "data"
    shutil.copytree(course_data.data_dir(), edited)
    path = edited / "vsmc_model.csv"
    text = path.read_text(encoding="utf-8")
    assert "\ntnap_gain,1," in text
    path.write_text(text.replace("\ntnap_gain,1,", "\ntnap_gain,2,"), encoding="utf-8")
    request = {"model": "calcification", "call": "expectedLevels", "il6_ng_ml": 100, "tofacitinib_nM": 0,
               "hours": [72]}
    env = {k: v for k, v in os.environ.items() if k != "COURSE_BROWSER_DATA"}
    runs = [subprocess.run([node(), str(CLI)], input=json.dumps(request), cwd=ROOT, capture_output=True, text=True,
                           check=True, env=e | env_extra, timeout=300)
            for e, env_extra in ((env, {}), (env, {"COURSE_DATA_DIR": str(edited)}))]
    before, after = (json.loads(r.stdout)["TNAP"][0] for r in runs)
    assert after - 1 == pytest.approx(2 * (before - 1), rel=1e-12), "TNAP's rise doubles with tnap_gain"
