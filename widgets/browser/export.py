"""The data the browser simulators read, exported from ``data/`` through the one loader.

The JavaScript engines (``widgets/browser/*.mjs``) hold no number of their own: the book build
calls :func:`write_models` and the page loads the JSON it writes. An edit of ``data/`` therefore
changes the browser simulator on the next build, exactly as it changes the Python engine.

``calcification-model.json`` (:func:`calcification_model`) holds the VSMC model's constants
(``data/vsmc_model.csv``), its IC50 sets, names, defaults and the paper's design, and the virtual
lab's controls and presets (``data/vsmc_lab_controls.csv``, ``data/vsmc_lab_presets.yaml``), which
the notebook panel reads through :func:`vsmc_lab_controls` and :func:`vsmc_lab_presets` as well.

``remodeling-model.json`` (:func:`remodeling_model`) holds the bone-remodeling model's
parameters, couplings and therapies (read by :mod:`widgets.remodeling`), its vocabulary (names,
accepted spellings, request keys, longest simulation), the healthy steady state, and the
simulator's controls and presets (``data/remodeling_controls.csv``,
``data/remodeling_presets.yaml``), which the notebook panel reads through
:func:`remodeling_controls` and :func:`remodeling_presets` as well.

Command line: ``python -m widgets.browser.export DIRECTORY`` writes the files there;
``python -m widgets.browser.export --print remodeling`` (or ``calcification``) prints one model's JSON.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import math
import sys
from pathlib import Path
from typing import Any

from .. import calcification as cc
from ..checks import MAX_ITEMS
from .. import remodeling as rm
from ..data import DataError, load_records
from ..schemas import vsmc_lab as lab_schema
from ..schemas.simulator import CONTROLS_FILE, PRESETS_FILE, control_stops, on_grid

__all__ = ["MODEL_FILES", "remodeling_controls", "remodeling_presets", "remodeling_model", "calcification_model",
           "model", "write_models", "request_from_controls", "vsmc_lab_controls", "vsmc_lab_presets"]

#: JSON file written for each model.
MODEL_FILES = {"remodeling": "remodeling-model.json", "calcification": "calcification-model.json"}
FORMAT = 1


def remodeling_controls() -> list[dict[str, Any]]:
    """The simulator's controls from ``data/remodeling_controls.csv``, in file order.

    Each is ``{group, name, label, unit, min, max, step, default, scale, stops}``: ``group`` is
    the request key it sets (``cytokines``, ``dosing``, ``dosing_window``, ``days``), ``stops`` the
    values of a ``log`` control (``None`` for a ``linear`` one, which moves from min to max by step).
    """
    out = []
    for rec in load_records(CONTROLS_FILE):
        stops = control_stops(rec)
        out.append(dict(rec, stops=stops or None))
    return out


def request_from_controls(values: dict[str, Any]) -> dict[str, Any]:
    """The simulator request for control values ``{days, cytokines, dosing, window_on, window_off, therapy}``.

    Dosing applies throughout (``dosing_window`` None) when ``window_on`` is 0 and ``window_off`` is at least
    ``days``; otherwise the window is ``[window_on, min(window_off, days)]``. The same rule as
    ``requestFromControls`` of ``remodeling.mjs``; the request is checked by
    :func:`widgets.remodeling.check_request` (ValueError naming the argument).
    """
    days = values.get("days")
    on, off = values.get("window_on", 0), values.get("window_off", math.inf)
    window = None if on == 0 and off >= days else [on, min(off, days)]
    request = {"days": days, "cytokines": values.get("cytokines"), "dosing": values.get("dosing"),
               "dosing_window": window, "therapy": values.get("therapy")}
    rm.check_request(request)
    return request


def _inflamed() -> tuple[str, dict[str, float]]:
    """Label and cytokine levels of the engine's illustrative inflamed scenario."""
    found = [(label, inputs["cytokines"]) for label, inputs in rm.illustrative_scenarios().items()
             if inputs["cytokines"] is not None and inputs["dosing"] is None]
    if len(found) != 1:  # pragma: no cover - guards the reading of illustrative_scenarios()
        raise RuntimeError("widgets.remodeling.illustrative_scenarios() no longer has exactly one inflamed state")
    return found[0]


def remodeling_presets() -> list[dict[str, Any]]:
    """The simulator's presets from ``data/remodeling_presets.yaml``, each as a full request.

    Each is ``{id, label, description, source, request}`` with ``request`` =
    ``{days, cytokines (all six), dosing (all four terms), dosing_window ([on, off] or None),
    therapy (id or None)}``, accepted by :func:`widgets.remodeling.simulate_request` and by
    ``simulate()`` of ``remodeling.mjs``. ``cytokines_from: inflamed`` takes the levels of
    :func:`widgets.remodeling.illustrative_scenarios`, so the inflamed state is defined once.
    """
    controls = {(c["group"], c["name"]): c for c in remodeling_controls()}
    therapies = rm.therapies()
    inflamed_label, inflamed = _inflamed()
    out = []
    for number, rec in enumerate(load_records(PRESETS_FILE), start=1):
        row = f"item {number} ({rec['id']!r})"
        levels = dict.fromkeys(rm.CYTOKINES, 1.0)
        label = rec["label"]
        if rec["cytokines_from"] == "inflamed":
            for name, level in inflamed.items():
                if not on_grid(level, controls[("cytokines", name)]):
                    raise DataError(PRESETS_FILE, f"the inflamed state's {name} level {level:g} is not a value "
                                    "the cytokine controls can show", row, "cytokines_from",
                                    "levels among the stops of data/" + CONTROLS_FILE)
            levels.update(inflamed)
            if label is None:
                tid = rec["therapy"]
                label = inflamed_label if tid is None else f"inflamed + {therapies[tid].label}"
        for item in rec["cytokines"]:
            levels[item["name"]] = float(item["level"])
        dose = dict.fromkeys(rm.DOSING_TERMS, 0.0)
        for item in rec["dosing"]:
            dose[item["term"]] = float(item["rate"])
        window = None if rec["window_on"] is None else [float(rec["window_on"]), float(rec["window_off"])]
        days = float(rec["days"] if rec["days"] is not None else controls[("days", "days")]["default"])
        request = {"days": days, "cytokines": levels, "dosing": dose, "dosing_window": window,
                   "therapy": rec["therapy"]}
        try:
            rm.check_request(request)
        except ValueError as err:
            raise DataError(PRESETS_FILE, str(err), row) from None
        out.append({"id": rec["id"], "label": label, "description": rec["description"], "source": rec["source"],
                    "request": request})
    return out


def remodeling_model() -> dict[str, Any]:
    """Everything ``remodeling.mjs`` and the page need, as plain JSON-ready data."""
    columns = list(rm.simulate(1).columns)
    return {
        "model": "remodeling",
        "format": FORMAT,
        "sources": [f"data/{f}" for f in (rm.PARAMETERS_FILE, rm.COUPLINGS_FILE, rm.THERAPIES_FILE, CONTROLS_FILE,
                                          PRESETS_FILE)],
        "columns": columns,
        "state": list(rm.STATE),
        "cytokines": list(rm.CYTOKINES),
        "cytokine_aliases": dict(rm.CYTOKINE_ALIASES),
        "dosing_terms": list(rm.DOSING_TERMS),
        "dosing_aliases": dict(rm.DOSING_ALIASES),
        "targets": dict(rm.TARGETS),
        "request_keys": list(rm.REQUEST_KEYS),
        "default_days": float(inspect.signature(rm.simulate).parameters["days"].default),
        "max_days": rm.MAX_DAYS,
        "parameters": rm.parameters(),
        "couplings": [{"cytokine": c.cytokine, "target": c.target, "effect": c.effect, "max_effect": c.max_effect,
                       "half_effect_level": c.half_effect_level, "switch_level": c.switch_level,
                       "review_section": c.review_section} for c in rm.couplings()],
        "therapies": [{"id": t.id, "label": t.label, "kind": t.kind, "acts_on": t.acts_on, "value": t.value,
                       "example_drug": t.example_drug, "review_section": t.review_section}
                      for t in rm.therapies().values()],
        "healthy": rm.steady_state(),
        "steady_state_search": {"oca_range": [float(v) for v in rm.OCA_SEARCH_RANGE],
                                "points": int(rm.OCA_SEARCH_POINTS), "oca_near_healthy": float(rm.OCA_NEAR_HEALTHY)},
        "controls": remodeling_controls(),
        "presets": remodeling_presets(),
    }


def vsmc_lab_controls() -> list[dict[str, Any]]:
    """The VSMC lab's controls from ``data/vsmc_lab_controls.csv``, in file order.

    Each is ``{group, name, label, unit, scale, min, max, step, default, stops, options,
    option_labels}``: numbers for a ``linear``, ``log`` or ``toggle`` control (``stops`` for a log
    one), ``options`` and ``option_labels`` for a ``choice`` (whose default is an option). A dose
    without a default of its own starts at the model's (``data/vsmc_model.csv``).
    """
    constants = dataclasses.asdict(cc.parameters())
    return [lab_schema.control_record(rec, lab_schema.CONTROLS_FILE, f"row {i}", constants)
            for i, rec in enumerate(load_records(lab_schema.CONTROLS_FILE), start=1)]


def vsmc_lab_presets() -> list[dict[str, Any]]:
    """The VSMC lab's presets from ``data/vsmc_lab_presets.yaml``: ``{id, label, description, source, values}``.

    ``values`` holds every control's value by ``"group/name"``: the preset's own settings, and each
    control's default for the rest.
    """
    controls = vsmc_lab_controls()
    by_key = {f"{c['group']}/{c['name']}": c for c in controls}
    out = []
    for number, rec in enumerate(load_records(lab_schema.PRESETS_FILE), start=1):
        values = {key: c["default"] for key, c in by_key.items()}
        for i, item in enumerate(rec["set"], start=1):
            row = f"item {number} ({rec['id']!r}), set[{i}]"
            if item["control"] not in by_key:
                raise DataError(lab_schema.PRESETS_FILE, f"{item['control']!r} is not a control", row, "control",
                                ", ".join(by_key))
            values[item["control"]] = lab_schema.preset_value(by_key[item["control"]], item["value"],
                                                              lab_schema.PRESETS_FILE, row)
        out.append({"id": rec["id"], "label": rec["label"], "description": rec["description"],
                    "source": rec["source"], "values": values})
    return out


def _defaults(function) -> dict[str, Any]:
    return {name: (list(p.default) if isinstance(p.default, tuple) else p.default)
            for name, p in inspect.signature(function).parameters.items() if p.default is not inspect.Parameter.empty}


def calcification_model() -> dict[str, Any]:
    """Everything ``calcification.mjs`` needs: the constants of ``data/vsmc_model.csv`` and the vocabulary.

    ``potencies`` holds each IC50 set of tofacitinib by name (the engine's ``POTENCIES`` when it has
    several, else the one set it has, as ``"enzyme"``); ``default_potency`` is the first.
    """
    p = cc.parameters()
    if hasattr(p, "ic50_set"):
        potencies = {name: dict(p.ic50_set(name)) for name in getattr(cc, "POTENCIES", ("enzyme",))}
    else:
        potencies = {"enzyme": dict(p.ic50)}
    culture = _defaults(cc.simulate_culture)
    culture.pop("potency", None)
    experiment = _defaults(cc.run_experiment)
    for name in ("groups", "design", "il6_ng_ml", "tofacitinib_nM", "potency"):
        experiment.pop(name, None)
    return {
        "model": "calcification",
        "format": FORMAT,
        "sources": ["data/vsmc_model.csv", f"data/{lab_schema.CONTROLS_FILE}", f"data/{lab_schema.PRESETS_FILE}"],
        "constants": dataclasses.asdict(p),
        "potencies": potencies,
        "default_potency": next(iter(potencies)),
        "jaks": list(cc.JAKS),
        "routes": list(cc.ROUTES),
        "readouts": list(cc.READOUTS),
        "blot_readouts": list(cc.BLOT_READOUTS),
        "states": list(cc.simulate_culture(hours=1).columns[1:]),
        "group_fields": list(cc.GROUP_FIELDS),
        "max_hours": cc.MAX_HOURS,
        "limits": {"max_rows": cc.MAX_ROWS, "max_replicates": cc.MAX_REPLICATES, "max_groups": cc.MAX_GROUPS,
                   "max_wells": cc.MAX_WELLS, "max_noise": cc.MAX_NOISE, "max_seed": cc.MAX_SEED,
                   "max_items": MAX_ITEMS},
        "culture_defaults": culture,
        "experiment_defaults": experiment,
        "default_groups": cc.default_groups(),
        "paper_design": [[m.readout, m.time_h, list(m.groups)] for m in cc.paper_design()],
        "inhibitor_alone_group": cc.INHIBITOR_ALONE,
        "significance": cc.SIGNIFICANCE,
        "loading_control": cc.LOADING_CONTROL,
        "loading_stream": cc.LOADING_STREAM,
        "controls": vsmc_lab_controls(),
        "presets": vsmc_lab_presets(),
    }


_BUILDERS = {"remodeling": remodeling_model, "calcification": calcification_model}


def model(name: str) -> dict[str, Any]:
    """The exported data of one model by name (``"remodeling"``)."""
    if name not in _BUILDERS:
        raise ValueError(f"name: unknown model {name!r}; allowed: {', '.join(map(repr, _BUILDERS))}")
    return _BUILDERS[name]()


def to_json(data: dict[str, Any]) -> str:
    """Compact JSON; floats written exactly (shortest round-trip form); no NaN or infinity."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def write_models(directory: str | Path) -> list[Path]:
    """Write every model's JSON (``MODEL_FILES``) into ``directory`` (created if missing)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, file in MODEL_FILES.items():
        path = directory / file
        path.write_text(to_json(model(name)) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        if len(args) == 2 and args[0] == "--print":
            sys.stdout.write(to_json(model(args[1])) + "\n")
            return 0
        if len(args) == 1 and not args[0].startswith("-"):
            for path in write_models(args[0]):
                print(path)
            return 0
    except ValueError as err:  # DataError included: name the file, row and field
        print(f"ERROR {err}", file=sys.stderr)
        return 1
    print("usage: python -m widgets.browser.export DIRECTORY | --print MODEL", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
