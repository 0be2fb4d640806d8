"""Parity of the browser engine (``widgets/browser/remodeling.mjs``) with the Python engine.

Every request goes through one Node process (``cli.mjs --lines``) fed with the JSON that the build
exports. Agreement means every output column within 1e-4 relative, or 1e-9 absolute near zero, at
every day. Invalid requests must be rejected by both engines, naming the same argument. An edit of
``data/`` must reach the exported JSON and the browser engine's results.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from widgets import data as course_data
from widgets import remodeling as rm
from widgets.browser.export import remodeling_controls, remodeling_model, remodeling_presets, write_models

from .tiers import examples

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "widgets" / "browser" / "cli.mjs"
RTOL, ATOL = 1e-4, 1e-9
CONTROLS = {(c["group"], c["name"]): c for c in remodeling_controls()}
THERAPY_IDS = list(rm.therapies())


def node() -> str:
    path = shutil.which("node")
    if not path:
        pytest.fail("Node.js is not installed: the browser engines need Node 20 or newer (see the README)",
                    pytrace=False)
    return path


class Engine:
    """One ``node cli.mjs --lines`` process: a request in, its outcome out, one JSON line each."""

    def __init__(self, data_dir: Path, env: dict | None = None):
        self.process = subprocess.Popen([node(), str(CLI), "--lines", "--data", str(data_dir)], cwd=ROOT,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, encoding="utf-8", env=env)

    def __call__(self, request: dict, call: str | None = None) -> dict:
        item = {"model": "remodeling", **request} | ({"call": call} if call else {})
        self.process.stdin.write(json.dumps(item, ensure_ascii=False, allow_nan=False) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"cli.mjs stopped: {self.process.stderr.read()}")
        return json.loads(line)

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


def mismatch(py: pd.DataFrame, result: dict) -> tuple[float, str]:
    """Largest relative difference (over values not near zero) and a description of any value out of tolerance."""
    assert list(result) == list(py.columns), "same columns, same order"
    worst, problems = 0.0, []
    for column in py.columns:
        a, b = np.asarray(result[column], dtype=float), py[column].to_numpy()
        assert a.shape == b.shape, f"{column}: {a.shape} vs {b.shape} values"
        assert np.all(np.isfinite(a)), f"{column}: non-finite value from the JS engine"
        diff = np.abs(a - b)
        bad = diff > np.maximum(RTOL * np.abs(b), ATOL)
        if bad.any():
            i = int(np.argmax(bad))
            problems.append(f"{column} at t = {py['t'].iloc[i]}: JS {a[i]!r} vs Python {b[i]!r}")
        big = np.abs(b) > ATOL
        if big.any():
            worst = max(worst, float(np.max(diff[big] / np.abs(b[big]))))
    return worst, "; ".join(problems)


def assert_parity(js, request: dict) -> float:
    outcome = js(request)
    assert "result" in outcome, f"{request}: the JS engine refused it: {outcome.get('error')}"
    worst, problems = mismatch(rm.simulate_request(request), outcome["result"])
    assert not problems, f"{request}: {problems}"
    return worst


# --------------------------------------------------------------------------------------------
# Random valid requests within the simulator's control ranges
# --------------------------------------------------------------------------------------------

SPELLINGS = {"TNF-α": ("TNF-α", "TNF-alpha", "tnf"), "IL-6": ("IL-6", "il6"), "IL-1": ("IL-1",),
             "IL-33": ("IL-33",), "IL-8": ("IL-8",), "IL-10": ("IL-10", "IL_10")}


@st.composite
def requests(draw) -> dict:
    days_control = CONTROLS[("days", "days")]
    lo, hi = days_control["min"], days_control["max"]
    days = draw(st.one_of(st.integers(int(lo), int(hi)), st.floats(lo, hi, allow_nan=False)))
    top = max(c["max"] for (group, _), c in CONTROLS.items() if group == "cytokines")
    cytokines = {}
    for name in draw(st.lists(st.sampled_from(rm.CYTOKINES), unique=True, max_size=6)):
        cytokines[draw(st.sampled_from(SPELLINGS[name]))] = draw(st.floats(0.0, top, allow_nan=False))
    dosing = {term: draw(st.floats(0.0, CONTROLS[("dosing", term)]["max"], allow_nan=False))
              for term in draw(st.lists(st.sampled_from(rm.DOSING_TERMS), unique=True, max_size=4))}
    request = {"days": days, "cytokines": cytokines, "dosing": dosing}
    if draw(st.booleans()):
        on = draw(st.one_of(st.just(0.0), st.floats(0.0, days * 0.95)))
        off = draw(st.one_of(st.just(float(days)), st.floats(on + days * 0.01, days)))
        if on < off <= days:
            request["dosing_window"] = [on, off]
    therapy = draw(st.one_of(st.none(), st.sampled_from(THERAPY_IDS)))
    if therapy is not None:
        request["therapy"] = therapy
    return request


def test_random_requests_agree_at_every_day(js):
    collected: list[dict] = []

    @settings(max_examples=examples(300), deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(requests())
    def collect(request):
        collected.append(request)

    collect()
    unique = {json.dumps(r, sort_keys=True): r for r in collected}
    assert len(unique) >= examples(200), f"only {len(unique)} distinct requests"
    worst = 0.0
    for request in unique.values():
        worst = max(worst, assert_parity(js, request))
    print(f"\n{len(unique)} random requests: largest relative difference {worst:.2e}")


# --------------------------------------------------------------------------------------------
# The published steady state, the dosing responses, presets and edge cases
# --------------------------------------------------------------------------------------------

PUBLISHED = {"OBp": 6.196e-4, "OBa": 5.584e-4, "OCa": 8.070e-4}  # Pivonka et al. 2008 (the model of chapters/02_remodeling.ipynb)


def test_published_steady_state(js):
    state = js({}, call="steadyState")["result"]
    for name, value in PUBLISHED.items():
        assert abs(state[name] / value - 1) < 0.01, name
    python = rm.steady_state()
    for name, value in python.items():
        assert state[name] == pytest.approx(value, rel=1e-12), name
    start = js({"days": 1})["result"]
    for name in ("OBp", "OBa", "OCa", "RANKL", "OPG"):
        assert start[name][0] == pytest.approx(python[name], rel=1e-12), f"{name} at t = 0"


@pytest.mark.parametrize("cytokines, dosing", [
    ({"TNF-α": 3}, None), ({"IL-6": 5, "IL-10": 0.2}, {"PTH": 50}), ({"IL-33": 4}, {"OPG": 2000}),
    ({"IL-1": 0, "IL-8": 6}, {"RANKL": 100, "TGF-beta": 2e-4}),
])
def test_steady_states_agree(js, cytokines, dosing):
    state = js({"cytokines": cytokines, "dosing": dosing}, call="steadyState")["result"]
    for name, value in rm.steady_state(cytokines, dosing).items():
        assert state[name] == pytest.approx(value, rel=1e-9), name


CHAPTER_DOSES = {"RANKL": 200.0, "OPG": 5000.0, "PTH": 100.0, "TGF-beta": 1e-4}  # chapters/02_remodeling


@pytest.mark.parametrize("term", list(CHAPTER_DOSES))
def test_dosing_responses(js, term):
    request = {"days": 365, "dosing": {term: CHAPTER_DOSES[term]}}
    assert_parity(js, request)
    end = js(request)["result"]
    bone, ratio = end["bone_volume"][-1], end["RANKL_OPG_rel"][-1]
    if term in ("RANKL", "PTH"):
        assert bone < 100 and ratio > 1, f"{term} dosing loses bone and raises RANKL/OPG"
    else:
        assert bone > 100, f"{term} dosing gains bone"
        if term == "OPG":
            assert ratio < 1


@pytest.mark.parametrize("request_", [
    {"days": 365, "dosing": {"RANKL": 500.0}, "dosing_window": [30, 180]},  # the chapter's time course
    {"days": 100.5, "dosing": {"OPG": 8000.0}, "dosing_window": [0, 100.5]},
    {"days": 100.5, "dosing": {"PTH": 80.0}, "dosing_window": [20.25, 100.5 - 1e-12]},  # a sliver at the end
    {"days": 50, "dosing": {"RANKL": 300.0}, "dosing_window": [1e-12, 10]},  # a sliver at the start
    {"days": 0.4, "cytokines": {"TNF-α": 8}},
    {"days": 36500, "cytokines": {"IL-6": 2}},  # the longest simulation the engines accept
    {"days": 30, "dosing": {"RANKL": 50.0}, "dosing_window": [10, 20], "therapy": "anti-RANKL"},
])
def test_edge_cases_agree(js, request_):
    assert_parity(js, request_)


@pytest.mark.parametrize("preset", remodeling_presets(), ids=lambda p: p["id"])
def test_presets_agree(js, preset):
    assert_parity(js, preset["request"])


def test_therapy_presets_are_the_chapters_scenarios():
    scenarios = rm.illustrative_scenarios()
    presets = [p for p in remodeling_presets() if p["label"] in scenarios]
    assert len(presets) == len(rm.therapies()) + 1, "the inflamed state and one preset per therapy"
    for preset in presets:
        expected = rm.simulate(preset["request"]["days"], **scenarios[preset["label"]])
        pd.testing.assert_frame_equal(rm.simulate_request(preset["request"]), expected, check_exact=True)


def test_oestrogen_preset_loses_what_its_description_says(js):
    preset = next(p for p in remodeling_presets() if p["id"] == "oestrogen-loss")
    assert "1–3 % per year" in preset["description"]
    one_year = dict(preset["request"], days=365.0)
    for bone in (rm.simulate_request(one_year)["bone_volume"].iloc[-1], js(one_year)["result"]["bone_volume"][-1]):
        assert 97 <= bone <= 99


# --------------------------------------------------------------------------------------------
# Invalid requests: rejected by both, naming the same argument
# --------------------------------------------------------------------------------------------

INVALID = [
    {"days": 0}, {"days": -1}, {"days": 36500.5}, {"days": "365"}, {"days": True}, {"days": None},
    {"days": [365]}, {"cytokines": ["IL-6"]}, {"cytokines": "IL-6"}, {"cytokines": {"IL-2": 1}},
    {"cytokines": {"": 1}}, {"cytokines": {"IL-6": -0.5}}, {"cytokines": {"IL-6": "2"}},
    {"cytokines": {"IL-6": True}}, {"cytokines": {"IL-6": None}}, {"cytokines": {"TNF-α": 2, "tnf-alpha": 2}},
    {"dosing": {"insulin": 1}}, {"dosing": {"OPG": -1}}, {"dosing": {"TGF-beta": "1e-4"}}, {"dosing": 5},
    {"dosing": {"rankl": 1, "RANKL": 2}}, {"dosing_window": [10]}, {"dosing_window": [1, 2, 3]},
    {"dosing_window": [20, 10]}, {"dosing_window": [10, 10]}, {"days": 100, "dosing_window": [10, 101]},
    {"dosing_window": [-1, 10]}, {"dosing_window": ["a", 10]}, {"dosing_window": [None, 10]},
    {"dosing_window": 5}, {"dosing_window": {"on": 1}}, {"therapy": "aspirin"}, {"therapy": 3},
    {"therapy": ["anti-TNF"]}, {"therapy": ""}, {"start": {"OBp": 1}}, {"model_": "remodeling"},
    {"days": -1, "cytokines": {"IL-2": 1}}, {"cytokines": {"IL-2": 1}, "dosing": {"x": 1}},
    {"dosing": {"x": 1}, "dosing_window": [5, 1]}, {"dosing_window": [5, 1], "therapy": "x"},
]


def python_error(request: dict) -> str:
    with pytest.raises(ValueError) as caught:
        rm.simulate_request(request)
    return str(caught.value)


def argument(message: str) -> str:
    return message.split(": ", 1)[0]


@pytest.mark.parametrize("request_", INVALID, ids=lambda r: json.dumps(r, ensure_ascii=False))
def test_invalid_requests_rejected_alike(js, request_):
    py_message = python_error(request_)
    outcome = js(request_)
    assert "error" in outcome, f"the JS engine accepted {request_}"
    assert argument(outcome["error"]) == argument(py_message), (outcome["error"], py_message)
    assert outcome["error"] == py_message, "the same words (these values print alike in both languages)"


BAD_VALUES = {
    "days": st.one_of(st.floats(max_value=0.0, allow_nan=False, allow_infinity=False), st.floats(min_value=36500.01, max_value=1e9),
                      st.text(max_size=4), st.booleans(), st.lists(st.integers(), max_size=2)),
    "cytokines": st.one_of(
        st.dictionaries(st.sampled_from(rm.CYTOKINES), st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False),
                        min_size=1, max_size=1),
        st.dictionaries(st.sampled_from(["IL-2", "IL-17", "TGF", "RANKL", "IL-6R", "TNF-β"]), st.just(1.0),
                        min_size=1, max_size=1),
        st.lists(st.integers(), max_size=2), st.text(max_size=3)),
    "dosing": st.one_of(
        st.dictionaries(st.sampled_from(rm.DOSING_TERMS), st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False),
                        min_size=1, max_size=1),
        st.dictionaries(st.sampled_from(["M-CSF", "TNF", "PTHrP"]), st.just(1.0), min_size=1, max_size=1)),
    "dosing_window": st.one_of(
        st.tuples(st.floats(0, 1e4, allow_nan=False), st.floats(0, 1e4, allow_nan=False))
        .filter(lambda w: not (0 <= w[0] < w[1] <= 365)).map(list),
        st.lists(st.floats(0, 100, allow_nan=False), min_size=3, max_size=3), st.integers()),
    "therapy": st.one_of(st.text(max_size=8).filter(lambda s: s not in THERAPY_IDS), st.integers()),
}


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_invalid_requests_rejected_alike(js, data):
    field = data.draw(st.sampled_from(sorted(BAD_VALUES)))
    request = {"days": 365, field: data.draw(BAD_VALUES[field])}
    request = json.loads(json.dumps(request))  # what either engine receives from a page or a file
    py_message = python_error(request)
    outcome = js(request)
    assert "error" in outcome, f"the JS engine accepted {request}"
    assert argument(outcome["error"]) == argument(py_message), (outcome["error"], py_message)


# --------------------------------------------------------------------------------------------
# An edit of data/ reaches the exported JSON and the browser engine
# --------------------------------------------------------------------------------------------

@pytest.mark.processes
def test_edited_data_changes_the_export_and_the_js_result(tmp_path, monkeypatch):
    edited = tmp_path / "data"
    shutil.copytree(course_data.data_dir(), edited)
    params = edited / "remodeling_parameters.csv"
    text = params.read_text(encoding="utf-8")
    assert "\nkappa_BV,0.25," in text
    params.write_text(text.replace("\nkappa_BV,0.25,", "\nkappa_BV,0.5,"), encoding="utf-8")
    couplings = edited / "cytokine_couplings.csv"
    rows = couplings.read_text(encoding="utf-8").splitlines()
    i = next(k for k, row in enumerate(rows) if row.startswith("TNF-α,RANKL_production,raise,"))
    parts = rows[i].split(",")
    parts[3] = str(float(parts[3]) / 2)  # halve TNF-α's effect on RANKL production
    rows[i] = ",".join(parts)
    couplings.write_text("\n".join(rows) + "\n", encoding="utf-8")

    request = {"days": 365, "cytokines": {"TNF-α": 4}}
    before_model = remodeling_model()
    before_py = rm.simulate_request(request)
    env = {**os.environ, "COURSE_DATA_DIR": str(edited)}
    env.pop("COURSE_BROWSER_DATA", None)
    # the CLI without --data runs the Python export, which reads $COURSE_DATA_DIR
    run = subprocess.run([node(), str(CLI)], input=json.dumps({"model": "remodeling", **request}), cwd=ROOT,
                         capture_output=True, text=True, env=env, timeout=300, check=True)
    js_after = json.loads(run.stdout)
    export = subprocess.run([str(Path(os.sys.executable)), "-m", "widgets.browser.export", "--print", "remodeling"],
                            cwd=ROOT, capture_output=True, text=True, env=env, timeout=300, check=True)
    after_model = json.loads(export.stdout)
    assert before_model["parameters"]["kappa_BV"] == 0.25 and after_model["parameters"]["kappa_BV"] == 0.5
    tnf = [c for c in after_model["couplings"] if (c["cytokine"], c["target"]) == ("TNF-α", "RANKL_production")]
    old = [c for c in before_model["couplings"] if (c["cytokine"], c["target"]) == ("TNF-α", "RANKL_production")]
    assert tnf[0]["max_effect"] == old[0]["max_effect"] / 2

    monkeypatch.setenv("COURSE_DATA_DIR", str(edited))
    course_data.clear_cache()
    try:
        after_py = rm.simulate_request(request)
    finally:
        monkeypatch.delenv("COURSE_DATA_DIR")
        course_data.clear_cache()
    loss_before = 100 - before_py["bone_volume"].iloc[-1]
    loss_after_js = 100 - js_after["bone_volume"][-1]
    assert not math.isclose(loss_after_js, loss_before, rel_tol=0.05), "the edit changed the JS result"
    worst, problems = mismatch(after_py, js_after)
    assert not problems, problems


CONTROL_VALUES = [
    {"days": 365, "window_on": 0, "window_off": 3650},
    {"days": 365, "window_on": 0, "window_off": 365, "dosing": {"OPG": 500.0}},
    {"days": 365, "window_on": 30, "window_off": 3650, "dosing": {"RANKL": 100.0}, "therapy": "anti-RANKL"},
    {"days": 730, "window_on": 0, "window_off": 180, "cytokines": {"TNF-α": 2.5}},
    {"days": 90, "window_on": 60, "window_off": 30},
    {"days": 30, "window_on": 40, "window_off": 3650},
]


def test_controls_give_the_same_request_in_both_faces(tmp_path):
    from widgets.browser.export import request_from_controls

    (tmp_path / "m.json").write_text(json.dumps(remodeling_model()), encoding="utf-8")
    script = ("import { readFileSync } from 'node:fs';\n"
              f"import {{ requestFromControls }} from {json.dumps((ROOT / 'widgets/browser/remodeling.mjs').as_uri())};\n"
              f"const model = JSON.parse(readFileSync({json.dumps(str(tmp_path / 'm.json'))}, 'utf8'));\n"
              "const out = JSON.parse(readFileSync(0, 'utf8')).map((v) => { try { return { request: "
              "requestFromControls(v, model) }; } catch (err) { return { error: err.message }; } });\n"
              "console.log(JSON.stringify(out));")
    run = subprocess.run([node(), "--input-type=module", "-e", script], input=json.dumps(CONTROL_VALUES),
                         capture_output=True, text=True, check=True)
    for values, js_out in zip(CONTROL_VALUES, json.loads(run.stdout)):
        try:
            py_request = request_from_controls(values)
        except ValueError as err:
            assert "error" in js_out and argument(js_out["error"]) == argument(str(err)), (values, js_out)
            continue
        assert js_out.get("request") == py_request, values
    assert request_from_controls(CONTROL_VALUES[0])["dosing_window"] is None
    assert request_from_controls(CONTROL_VALUES[3])["dosing_window"] == [0, 180]
