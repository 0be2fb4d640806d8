"""The VSMC virtual lab's two faces agree: the notebook panel and the browser lab.

Both read the controls and presets of the export (:mod:`widgets.browser.export`, from
``data/vsmc_lab_controls.csv`` and ``data/vsmc_lab_presets.yaml``); the panel's widgets must show
exactly those names, ranges, stops, options and defaults and offer the same presets, and it must read
its controls into the same request as the page's ``vsmc-lab-state.mjs`` (checked by running that module
in Node). The page is served with its modules, within the JavaScript budget, and a broken data file
stops ``make check-data`` with a message naming the row and field.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import ipywidgets as ipw
import pytest

from widgets import calcification as cc
from widgets.pictures import calcification as pictures
from widgets.browser.export import calcification_model, vsmc_lab_controls, vsmc_lab_presets
from widgets.panels.calcification import browser_mount, key_of, lab_request, run_lab, vsmc_lab_panel

from .tiers import examples

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def panel():
    return vsmc_lab_panel()


def test_the_panel_shows_the_exported_controls(panel):
    for c in vsmc_lab_controls():
        widget = panel.controls[key_of(c)]
        assert c["label"] in widget.description, key_of(c)
        if c["scale"] == "choice":
            assert [(label, value) for label, value in widget.options] == list(zip(c["option_labels"], c["options"]))
            assert widget.value == c["default"]
        elif c["scale"] == "toggle":
            assert isinstance(widget, ipw.Checkbox) and widget.value == bool(c["default"])
        elif c["scale"] == "log":
            assert isinstance(widget, ipw.SelectionSlider)
            assert [v for _, v in widget.options] == c["stops"] and widget.value == c["default"]
        elif isinstance(widget, ipw.BoundedIntText):
            assert (widget.min, widget.max, widget.value) == (c["min"], c["max"], c["default"])
        else:
            assert (widget.min, widget.max, widget.step, widget.value) == (c["min"], c["max"], c["step"], c["default"])


def test_the_doses_start_at_the_models_own_defaults():
    p = cc.parameters()
    by_key = {key_of(c): c for c in vsmc_lab_controls()}
    assert by_key["doses/il6_ng_ml"]["default"] == p.default_il6_ng_ml
    assert by_key["doses/tofacitinib_nM"]["default"] == p.teaching_tofacitinib_nM
    assert tuple(by_key["model/jak_route"]["options"]) == cc.ROUTES
    assert "the paper's assumption" in by_key["model/jak_route"]["option_labels"][0]


def test_the_panel_offers_the_exported_presets_and_each_sets_its_values(panel):
    presets = vsmc_lab_presets()
    assert [p["id"] for p in presets] == ["paper", "stronger"]
    controls = vsmc_lab_controls()
    for preset in presets:
        panel.controls[f"preset/{preset['id']}"].click()
        values = {key_of(c): panel.controls[key_of(c)].value for c in controls}
        for key, value in preset["values"].items():
            assert float(values[key]) == float(value) if not isinstance(value, str) else values[key] == value, key
    panel.controls["reset"].click()
    assert all(panel.controls[key_of(c)].value == c["default"] for c in controls)


def test_the_papers_preset_is_the_papers_design():
    paper = next(p for p in vsmc_lab_presets() if p["id"] == "paper")
    lab = lab_request(paper["values"], vsmc_lab_controls())
    result = run_lab(lab["request"])
    assert result.design == cc.paper_design()
    assert lab["blot_time_h"] == 24.0


def _random_values(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    controls = vsmc_lab_controls()
    out = []
    for _ in range(n):
        values = {}
        for c in controls:
            if c["scale"] == "choice":
                values[key_of(c)] = rng.choice(c["options"])
            elif c["stops"]:
                values[key_of(c)] = float(rng.choice(c["stops"]))
            else:
                k = rng.randint(0, round((c["max"] - c["min"]) / c["step"]))
                values[key_of(c)] = float(f"{c['min'] + k * c['step']:.12g}")
            if rng.random() < 0.3:
                values[key_of(c)] = c["default"]
        out.append(values)
    return out


def _node(script: str, *files: Path) -> str:
    node = shutil.which("node")
    if not node:
        pytest.fail("Node.js is needed for this test (see the README)", pytrace=False)
    run = subprocess.run([node, "--input-type=module", "-e", script, *map(str, files)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_python_and_javascript_read_the_controls_into_the_same_request(tmp_path):
    model = calcification_model()
    (tmp_path / "model.json").write_text(json.dumps(model), encoding="utf-8")
    states = _random_values(examples(150))
    (tmp_path / "values.json").write_text(json.dumps(states), encoding="utf-8")
    script = (
        "import { readFileSync } from 'node:fs';"
        f"import {{ labRequest }} from {json.dumps((ROOT / 'widgets/browser/vsmc-lab-state.mjs').as_uri())};"
        f"import {{ runExperiment }} from {json.dumps((ROOT / 'widgets/browser/calcification.mjs').as_uri())};"
        "const [m, s] = process.argv.slice(1).map((f) => JSON.parse(readFileSync(f, 'utf8')));"
        "process.stdout.write(JSON.stringify(s.map((v) => { const lab = labRequest(v, m);"
        " return { lab, expected: lab.request ? runExperiment(lab.request, m).expected : null }; })));")
    from_js = json.loads(_node(script, tmp_path / "model.json", tmp_path / "values.json"))
    controls = vsmc_lab_controls()
    empty = 0
    for values, js in zip(states, from_js):
        lab = lab_request(values, controls)
        assert json.loads(json.dumps(lab)) == js["lab"], values
        if lab["request"] is None:
            empty += 1
            continue
        expected = run_lab(lab["request"]).expected  # the noise-free levels: the same in both faces
        assert list(expected["value"]) == pytest.approx(js["expected"]["value"], rel=1e-9)
    assert 0 < empty < len(states), "the sample has settings with and without time points"


def test_the_static_html_carries_a_hidden_mount_with_both_figure_templates():
    html = browser_mount()
    assert re.match(r'<div class="course-simulator course-vsmc-lab" data-course-simulator="vsmc-lab"', html)
    assert " hidden>" in html and "not the wells" not in html  # the page module writes the note
    specs = json.loads(re.search(r'class="course-simulator-figure-spec">(.*)</script>', html).group(1))
    assert set(specs) == {"time_course", "blot", "lanes"}
    for name in ("time_course", "blot"):
        stamps = [a["text"] for a in specs[name]["layout"]["annotations"] if a.get("name") == "simulated-stamp"]
        assert stamps and "SIMULATED" in stamps[0], name
    assert len(specs["time_course"]["data"]) == 2 * len(specs["lanes"])
    assert sum(t["type"] == "bar" for t in specs["blot"]["data"]) == len(specs["lanes"]) == 4
    assert "vsmc-lab" in vsmc_lab_panel()._repr_mimebundle_()["text/html"]


def test_the_site_serves_the_lab_within_its_javascript_budget(tmp_path):
    from widgets.book.simulators import write_assets

    write_assets(tmp_path)
    target = tmp_path / "_static" / "browser"
    data = json.loads((target / "calcification-model.json").read_text(encoding="utf-8"))
    assert data["controls"] == json.loads(json.dumps(vsmc_lab_controls()))
    assert data["presets"] == json.loads(json.dumps(vsmc_lab_presets()))
    loaded, todo = set(), ["vsmc-lab.mjs"]
    while todo:
        name = todo.pop()
        loaded.add(name)
        for imported in re.findall(r'from "\./([\w.-]+\.mjs)(?:\?v=[\w]+)?"', (target / name).read_text(encoding="utf-8")):
            assert (target / imported).is_file(), f"{name} imports {imported}, which is not served"
            if imported not in loaded:
                todo.append(imported)
    assert {"vsmc-lab-view.mjs", "controls.mjs", "url-state.mjs", "calcification.mjs", "stats.mjs", "page.mjs"} <= loaded
    size = sum(len(gzip.compress((target / name).read_bytes(), 9)) for name in loaded)
    assert size <= 60 * 1024, f"the lab's JavaScript is {size / 1024:.1f} kB gzip (budget 60 kB)"


@pytest.mark.parametrize("row, problem", [
    ("model,jak_route,JAK route,,,,,JAK2,choice,,JAK2;JAK1,a;b", "not the engine's"),
    ("design,n_replicates,wells per group,,1,20,1,3,linear,,,", "at least 2 wells"),
    ("hours,500,500 h,h,0,1,1,0,toggle,,,", "not one the engine simulates"),
    ("design,noise,noise (CV),,0,0.6,0.05,0.17,linear,,,", "not a position"),
])
def test_a_broken_control_row_is_named(tmp_path, monkeypatch, row, problem):
    from widgets import data

    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    path = folder / "vsmc_lab_controls.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    key = ",".join(row.split(",")[:2]) + ","
    replaced = [row if line.startswith(key) else line for line in lines]
    if replaced == lines:
        replaced.append(row)
    path.write_text("\n".join(replaced) + "\n", encoding="utf-8")
    monkeypatch.setenv("COURSE_DATA_DIR", str(folder))
    with pytest.raises(data.DataError, match=problem) as info:
        data.validate_all() if hasattr(data, "validate_all") else data.load_records("vsmc_lab_controls.csv")
    assert "vsmc_lab_controls.csv" in str(info.value)


def test_a_preset_value_the_control_cannot_show_is_named(tmp_path, monkeypatch):
    from widgets import data

    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    path = folder / "vsmc_lab_presets.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 8", "value: 8.5"), encoding="utf-8")
    monkeypatch.setenv("COURSE_DATA_DIR", str(folder))
    with pytest.raises(data.DataError, match="wells per group") as info:
        data.load_records("vsmc_lab_presets.yaml")
    assert "vsmc_lab_presets.yaml" in str(info.value) and "stronger" in str(info.value)


def test_the_inhibitor_groups_legend_names_follow_the_tofacitinib_dose():
    panel = vsmc_lab_panel()
    panel.controls["groups/tofacitinib_alone"].value = True
    slider = panel.controls["doses/tofacitinib_nM"]
    dose = [v for _, v in slider.options if v != slider.value][-1]
    slider.value = dose
    names = {t.meta["group"]: t.name for t in panel.figures["time_course"].data
             if isinstance(t.meta, dict) and t.meta.get("part") == "model"}
    shown = f"({pictures.dose_text(dose)})"
    assert shown in names["IL-6 + tofacitinib"] and shown in names[cc.INHIBITOR_ALONE], names
