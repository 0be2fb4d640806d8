"""The bone-remodeling simulator's two faces agree: the notebook panel and the browser simulator.

Both read the controls and presets of the export (:mod:`widgets.browser.export`); the panel's widgets
must show exactly those names, ranges, steps, stops, defaults and presets, read its controls into the
same request as the page's ``controls.mjs`` (checked by running that module in Node), and put the
mount of the browser face into its static HTML. The Sphinx step that serves the browser face is
checked too: it writes the data and the page's modules, and stops the build when the export fails.
"""

from __future__ import annotations

import html
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import ipywidgets as ipw
import pytest

from widgets import remodeling as rm
from widgets.browser.export import remodeling_controls, remodeling_model, remodeling_presets
from widgets.panels.remodeling import browser_mount, key_of, remodeling_panel, request_from, result_sentence
from widgets.pictures.remodeling import simulator_figure

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def panel():
    return remodeling_panel(cytokine="TNF-alpha")


def test_the_panel_shows_the_exported_controls(panel):
    controls = remodeling_controls()
    assert set(panel.controls) == {key_of(c) for c in controls} | {"therapy", "preset", "reset"}
    for c in controls:
        widget = panel.controls[key_of(c)]
        assert c["label"] in widget.description and (not c["unit"] or c["unit"] in widget.description)
        if c["stops"]:
            assert isinstance(widget, ipw.SelectionSlider)
            assert [value for _, value in widget.options] == [float(s) for s in c["stops"]]
        else:
            assert isinstance(widget, ipw.FloatSlider)
            assert (widget.min, widget.max, widget.step) == (c["min"], c["max"], c["step"])
        assert widget.value == c["default"], key_of(c)


def test_the_panel_offers_the_exported_therapies_and_presets(panel):
    model = remodeling_model()
    assert [v for _, v in panel.controls["therapy"].options] == [""] + [t["id"] for t in model["therapies"]]
    assert [(label, v) for label, v in panel.controls["preset"].options][1:] == \
        [(p["label"], p["id"]) for p in model["presets"]]


def test_a_preset_in_the_panel_runs_its_request(panel):
    for preset in remodeling_presets():
        panel.controls["preset"].value = preset["id"]
        values = {key: float(w.value) for key, w in panel.controls.items() if "/" in key}
        request, _ = request_from(values, panel.controls["therapy"].value, remodeling_controls())
        expected = dict(preset["request"])
        if expected["dosing_window"] is not None and not any(expected["dosing"].values()):
            expected["dosing_window"] = None  # no dose: the window changes nothing and is not sent
        assert request == expected, preset["id"]
        sentence = result_sentence(rm.simulate_request(preset["request"]))
        assert sentence in panel.widget.children[1].value
        assert html.escape(preset["description"][:30]) in panel.widget.children[0].children[1].children[-1].value
    panel.controls["reset"].click()
    assert all(panel.controls[key_of(c)].value == c["default"] for c in remodeling_controls())


def test_the_window_keeps_its_start_before_its_end_in_the_panel(panel):
    panel.controls["reset"].click()
    panel.controls["dosing/RANKL"].value = 500.0
    panel.controls["dosing_window/off"].value = 100.0
    panel.controls["dosing_window/on"].value = 200.0
    assert panel.controls["dosing_window/on"].value < panel.controls["dosing_window/off"].value
    panel.controls["reset"].click()


def test_the_chapter_cytokine_comes_first(panel):
    first = panel.widget.children[0].children[0].children[1]
    assert first is panel.controls["cytokines/TNF-α"]


def _random_states(n: int, seed: int = 12) -> list[dict]:
    rng = random.Random(seed)
    controls = remodeling_controls()
    therapies = [None] + list(rm.THERAPIES)
    states = []
    for _ in range(n):
        values = {}
        for c in controls:
            if c["stops"]:
                values[key_of(c)] = float(rng.choice(c["stops"]))
            else:
                k = rng.randint(0, round((c["max"] - c["min"]) / c["step"]))
                values[key_of(c)] = float(f"{c['min'] + k * c['step']:.12g}")
            if rng.random() < 0.4:
                values[key_of(c)] = float(c["default"])
        on, off = values["dosing_window/on"], values["dosing_window/off"]
        if on >= off:
            values["dosing_window/on"], values["dosing_window/off"] = min(on, off), max(on, off) + 5
        states.append({"values": values, "therapy": rng.choice(therapies)})
    return states


def test_python_and_javascript_read_the_controls_into_the_same_request(tmp_path):
    node = shutil.which("node")
    if not node:
        pytest.fail("Node.js is needed for this test (see the README)", pytrace=False)
    model = remodeling_model()
    (tmp_path / "model.json").write_text(json.dumps(model), encoding="utf-8")
    states = _random_states(120)
    (tmp_path / "states.json").write_text(json.dumps(states), encoding="utf-8")
    script = (
        "import { readFileSync } from 'node:fs';"
        f"import {{ requestFrom }} from {json.dumps((ROOT / 'widgets/browser/controls.mjs').as_uri())};"
        "const [m, s] = process.argv.slice(1).map((f) => JSON.parse(readFileSync(f, 'utf8')));"
        "process.stdout.write(JSON.stringify(s.map((x) => requestFrom(x, m))));")
    run = subprocess.run([node, "--input-type=module", "-e", script, str(tmp_path / "model.json"),
                          str(tmp_path / "states.json")], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    from_js = json.loads(run.stdout)
    controls = remodeling_controls()
    windows = 0
    for state, js in zip(states, from_js):
        request, notes = request_from(state["values"], state["therapy"], controls)
        assert request == js["request"] and notes == js["notes"], state
        windows += request["dosing_window"] is not None
        rm.check_request(request)  # every request the controls can make is valid for the engine
    assert windows > 10, "the sample exercises the dosing window"


def test_the_static_html_carries_a_hidden_mount_with_the_figure_template():
    html = browser_mount("TNF-alpha", "inflamed")
    assert re.match(r'<div class="course-simulator" data-course-simulator="remodeling"', html)
    assert 'data-cytokine="TNF-α"' in html and 'data-preset="inflamed"' in html and " hidden>" in html
    spec = json.loads(re.search(r'class="course-simulator-figure-spec">(.*)</script>', html).group(1))
    figure = simulator_figure()
    assert [t.get("meta") for t in spec["data"]] == [t.meta for t in figure.data]
    assert spec["layout"]["meta"]["alt"] == figure.layout.meta["alt"]
    stamps = [a["text"] for a in spec["layout"]["annotations"] if a.get("name") == "simulated-stamp"]
    assert stamps and "SIMULATED" in stamps[0]
    with pytest.raises(ValueError, match="cytokine"):
        browser_mount("IL-99")
    with pytest.raises(ValueError, match="preset"):
        remodeling_panel(preset="no-such-preset")


def test_the_site_step_writes_the_data_and_the_page_modules(tmp_path):
    from widgets.book.simulators import write_assets

    written = {p.name for p in write_assets(tmp_path)}
    target = tmp_path / "_static" / "browser"
    assert {"remodeling-model.json", "simulator.mjs", "controls.mjs", "url-state.mjs", "remodeling.mjs",
            "integrate.mjs", "simulator.css"} <= written
    assert not {"cli.mjs", "node-model.mjs"} & written, "Node-only modules are not served"
    data = json.loads((target / "remodeling-model.json").read_text(encoding="utf-8"))
    assert data["controls"] == json.loads(json.dumps(remodeling_controls()))
    # every module the page imports is served beside it, and together they stay within 60 kB compressed
    loaded, todo = set(), ["simulator.mjs"]
    while todo:
        name = todo.pop()
        loaded.add(name)
        for imported in re.findall(r'from "\./([\w.-]+\.mjs)(?:\?v=[0-9a-f]+)?"',
                                   (target / name).read_text(encoding="utf-8")):
            assert (target / imported).is_file(), f"{name} imports {imported}, which is not served"
            if imported not in loaded:
                todo.append(imported)
    assert {"simulator-view.mjs", "remodeling.mjs", "integrate.mjs", "controls.mjs", "url-state.mjs"} <= loaded
    import gzip

    size = sum(len(gzip.compress((target / name).read_bytes(), 9)) for name in loaded)
    assert size <= 60 * 1024, f"the simulator's JavaScript is {size / 1024:.1f} kB gzip (budget 60 kB)"


def _references(text: str) -> list[tuple[str, str]]:
    """(file, tag) of every neighbour a module imports or names with new URL(…, import.meta.url) (comments skipped)."""
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("//", "*", "/*")))
    return re.findall(r'(?:from |import\(|new URL\()"(?:\./)?([\w.-]+\.(?:mjs|json))(?:\?v=([0-9a-f]*))?"', code)


def test_every_module_and_data_file_the_page_loads_carries_its_content_tag(tmp_path):
    import hashlib

    from widgets.book.simulators import write_assets

    write_assets(tmp_path)
    target = tmp_path / "_static" / "browser"
    found = {}
    for module in sorted(target.glob("*.mjs")):
        for name, tag in _references(module.read_text(encoding="utf-8")):
            assert tag, f"{module.name} loads {name} without a content tag"
            # the tag is the digest of the file as served (its own references tagged in turn)
            assert tag == hashlib.sha256((target / name).read_bytes()).hexdigest()[:12], (module.name, name)
            found.setdefault(name, set()).add(tag)
    assert {"remodeling-model.json", "remodeling.mjs", "integrate.mjs", "controls.mjs", "url-state.mjs",
            "simulator-view.mjs"} <= set(found)
    assert all(len(tags) == 1 for tags in found.values()), f"one file, one URL on every page: {found}"


def test_a_changed_module_changes_the_url_of_every_module_above_it_and_only_those(tmp_path):
    from widgets.book.simulators import tag_modules

    source = ROOT / "widgets" / "browser"
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        for module in source.glob("*.mjs"):
            if module.name not in {"cli.mjs", "node-model.mjs"}:
                (folder / module.name).write_bytes(module.read_bytes())
        for data in ("remodeling-model.json", "calcification-model.json"):
            (folder / data).write_text("{}\n", encoding="utf-8")
    with (second / "integrate.mjs").open("a", encoding="utf-8") as f:
        f.write("// a new build's integrator\n")
    before, after = tag_modules(first), tag_modules(second)
    changed = {name for name in before if before[name] != after[name]}
    # integrate.mjs <- remodeling.mjs <- simulator-view.mjs <- simulator.mjs; the others keep their URLs
    assert changed == {"integrate.mjs", "remodeling.mjs", "simulator-view.mjs", "simulator.mjs"}
    assert before["controls.mjs"] == after["controls.mjs"]
    assert before["remodeling-model.json"] == after["remodeling-model.json"]


def test_a_module_that_names_a_missing_neighbour_stops_the_build(tmp_path):
    from sphinx.errors import ExtensionError

    from widgets.book.simulators import tag_modules

    (tmp_path / "page.mjs").write_text('import { x } from "./gone.mjs";\n', encoding="utf-8")
    with pytest.raises(ExtensionError, match="page.mjs refers to gone.mjs"):
        tag_modules(tmp_path)


def test_a_failing_export_stops_the_build(tmp_path, monkeypatch):
    from sphinx.errors import ExtensionError

    from widgets.book import simulators
    from widgets.browser import export

    def broken(directory):
        raise ValueError("remodeling_controls.csv, row 3: a broken value")

    monkeypatch.setattr(export, "write_models", broken)
    with pytest.raises(ExtensionError, match="row 3: a broken value"):
        simulators.write_assets(tmp_path)


def test_both_faces_warn_in_the_same_words_when_most_bone_is_lost(panel):
    from widgets.panels.remodeling import FAR_OUT_NOTE, result_notes

    source = (ROOT / "widgets/browser/simulator-view.mjs").read_text(encoding="utf-8")
    found = re.search(r'const FAR_OUT_NOTE = ((?:"[^"]*"\s*\+?\s*)+);', source)
    assert found, "simulator-view.mjs has no FAR_OUT_NOTE"
    assert "".join(re.findall(r'"([^"]*)"', found.group(1))) == FAR_OUT_NOTE
    severe = rm.simulate_request({"days": 3650, "cytokines": {"TNF-α": 10}, "dosing": {"RANKL": 1000}})
    assert result_notes(severe) == [FAR_OUT_NOTE] and result_notes(rm.simulate_request({"days": 365})) == []
    panel.controls["preset"].value = ""
    panel.controls["cytokines/TNF-α"].value = 10.0
    panel.controls["dosing/RANKL"].value = 1000.0
    panel.controls["days/days"].value = 3650.0
    assert html.escape(FAR_OUT_NOTE) in panel.widget.children[1].value
    panel.controls["reset"].click()
