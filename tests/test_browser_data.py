"""The simulator's controls and presets as data: the export, and the checks `make check-data` runs."""

from __future__ import annotations

import json
import shutil

import pytest

from widgets import calcification as cc
from widgets import data as course_data
from widgets import remodeling as rm
from widgets.browser import export
from widgets.data import DataError, validate_all


def test_controls_cover_every_input_of_a_request():
    controls = export.remodeling_controls()
    names = {(c["group"], c["name"]) for c in controls}
    assert names == ({("cytokines", n) for n in rm.CYTOKINES} | {("dosing", n) for n in rm.DOSING_TERMS}
                     | {("dosing_window", "on"), ("dosing_window", "off"), ("days", "days")})
    cytokines = [c for c in controls if c["group"] == "cytokines"]
    for c in cytokines:  # 0 to 10 × healthy on a log-like scale that reaches 0.1–1
        assert c["min"] == 0 and c["max"] == 10 and c["default"] == 1 and c["scale"] == "log"
        assert 0.1 in c["stops"] and sum(0.1 <= s < 1 for s in c["stops"]) >= 5
    days = next(c for c in controls if c["group"] == "days")
    assert 0 < days["min"] and days["max"] <= rm.MAX_DAYS


def test_presets_are_complete_requests_the_engine_accepts():
    presets = export.remodeling_presets()
    ids = [p["id"] for p in presets]
    assert ids[:2] == ["healthy", "inflamed"] and "oestrogen-loss" in ids
    therapies = {p["request"]["therapy"] for p in presets} - {None}
    assert therapies == set(rm.therapies()), "one preset per therapy"
    for p in presets:
        assert set(p["request"]) == set(rm.REQUEST_KEYS)
        assert set(p["request"]["cytokines"]) == set(rm.CYTOKINES)
        assert p["label"] and p["description"] and p["source"]
        rm.check_request(p["request"])
    inflamed = next(p for p in presets if p["id"] == "inflamed")["request"]["cytokines"]
    scenario = next(v["cytokines"] for v in rm.illustrative_scenarios().values()
                    if v["cytokines"] and v["dosing"] is None)
    assert {k: v for k, v in inflamed.items() if v != 1} == scenario


def test_the_exported_json_is_plain_and_complete(tmp_path):
    paths = {p.name: p for p in export.write_models(tmp_path)}
    assert set(paths) == {"remodeling-model.json", "calcification-model.json"}
    data = json.loads(paths["remodeling-model.json"].read_text(encoding="utf-8"))
    assert data["model"] == "remodeling"
    vsmc = json.loads(paths["calcification-model.json"].read_text(encoding="utf-8"))
    assert vsmc["model"] == "calcification" and vsmc["constants"]["ic50_jak2_nM"] == cc.parameters().ic50_jak2_nM
    assert vsmc["paper_design"][0][0] == cc.paper_design()[0].readout
    assert data["parameters"] == rm.parameters()
    assert len(data["couplings"]) == len(rm.couplings())
    assert [t["id"] for t in data["therapies"]] == list(rm.therapies())
    assert data["max_days"] == rm.MAX_DAYS and data["columns"] == list(rm.simulate(1).columns)
    assert data["controls"] == export.remodeling_controls() and data["presets"] == export.remodeling_presets()
    assert export.main(["--print", "bones"]) == 1


@pytest.fixture()
def copied(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(course_data.data_dir(), root)
    yield root
    course_data.clear_cache()


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("file, old, new, field", [
    ("remodeling_controls.csv", "dosing,RANKL,RANKL dosing,pM/day,0,1000,10,0,", "dosing,RANKL,RANKL dosing,pM/day,0,1000,10,5,",
     "default"),
    ("remodeling_controls.csv", "dosing,PTH,PTH dosing,pM/day,0,250,", "dosing,PTH,PTH dosing,pM/day,300,250,", "max"),
    ("remodeling_controls.csv", "days,days,days simulated,days,30,3650,1,365,log,30;60;",
     "days,days,days simulated,days,30,3650,1,365,log,60;30;", "stops"),
    ("remodeling_controls.csv", "days,days,days simulated,days,30,3650,1,365,log,30;60;90;180;365;730;1095;1460;1825;2555;3650",
     "days,days,days simulated,days,30,3650,1,365,log,", "stops"),
    ("remodeling_controls.csv", "cytokines,IL-8,", "cytokines,IL-80,", "name"),
    ("remodeling_controls.csv", "dosing,OPG,", "cytokines,OPG,", "name"),
    ("remodeling_presets.yaml", "      level: 2\n", "      level: 2.1\n", "cytokines"),
    ("remodeling_presets.yaml", "  window_on: 30\n", "  window_on: 200\n", "window_off"),
    ("remodeling_presets.yaml", "  window_off: 180\n", "", "window_off"),
    ("remodeling_presets.yaml", "  therapy: IL-1Ra\n", "  therapy: IL-1R\n", "therapy"),
    ("remodeling_presets.yaml", "  days: 1825\n", "  days: 1800\n", "days"),
    ("remodeling_presets.yaml", "- id: healthy\n  label: Healthy\n", "- id: healthy\n", "label"),
])
def test_check_data_names_file_row_and_field(copied, file, old, new, field):
    edit(copied / file, old, new)
    with pytest.raises(DataError) as caught:
        validate_all(copied)
    assert caught.value.file == file and caught.value.field == field, str(caught.value)
    assert caught.value.row is not None and "allowed" in str(caught.value)


def test_an_edited_control_reaches_the_export(copied, monkeypatch):
    edit(copied / "remodeling_controls.csv", "dosing,OPG,OPG dosing,pM/day,0,20000,250,0,",
         "dosing,OPG,OPG dosing,pM/day,0,40000,250,0,")
    validate_all(copied)
    monkeypatch.setenv("COURSE_DATA_DIR", str(copied))
    course_data.clear_cache()
    opg = next(c for c in export.remodeling_model()["controls"] if c["name"] == "OPG")
    assert opg["max"] == 40000


def test_the_steady_state_search_grid_is_exported_from_the_engine(monkeypatch):
    search = export.remodeling_model()["steady_state_search"]
    assert search == {"oca_range": list(rm.OCA_SEARCH_RANGE), "points": rm.OCA_SEARCH_POINTS,
                      "oca_near_healthy": rm.OCA_NEAR_HEALTHY}
    monkeypatch.setattr(rm, "OCA_SEARCH_RANGE", (1e-10, 1e2))
    monkeypatch.setattr(rm, "OCA_SEARCH_POINTS", 250)
    assert export.remodeling_model()["steady_state_search"] == {
        "oca_range": [1e-10, 1e2], "points": 250, "oca_near_healthy": rm.OCA_NEAR_HEALTHY}
