"""Schemas of the VSMC virtual lab's controls and presets (both faces: browser page and notebook panel).

* ``vsmc_lab_controls.csv``: one row per control of the lab in chapter 9: the two doses, the model's
  assumptions (JAK route, tofacitinib's potency set), an inhibitor-only group, what is measured, the
  time points (one ``toggle`` per time), the wells per group, the noise, the seed and the readout the
  time course shows. Scales: ``linear`` (min to max by step), ``log`` (through its ``stops``),
  ``toggle`` (0 = off, 1 = on) and ``choice`` (one of ``options``, shown with ``option_labels``).
  A dose may leave ``default`` empty: it then starts at the model's own default dose
  (``default_il6_ng_ml``, ``teaching_tofacitinib_nM`` of ``vsmc_model.csv``).
* ``vsmc_lab_presets.yaml``: named settings (``set``: control + value), each value one its control
  can show.

The checks across fields and files (choices that are the engine's own, a default on its control's
grid, a time point the engine can simulate) run here, so that ``make check-data`` finds every problem.
"""

from __future__ import annotations

import math

from widgets.data import DataError, Field, Table

CONTROLS_FILE = "vsmc_lab_controls.csv"
PRESETS_FILE = "vsmc_lab_presets.yaml"
SCALES = ("linear", "log", "toggle", "choice")
GROUPS = ("doses", "model", "groups", "design", "hours", "view")
#: Every control but the time points (group ``hours``, named by their hour), with the scale it must have.
NAMED = {
    "doses/il6_ng_ml": ("linear", "log"), "doses/tofacitinib_nM": ("linear", "log"),
    "model/jak_route": ("choice",), "model/potency": ("choice",), "groups/tofacitinib_alone": ("toggle",),
    "design/measure": ("choice",), "design/n_replicates": ("linear",), "design/noise": ("linear",),
    "design/seed": ("linear",), "view/readout": ("choice",),
}
#: What each lab's measure choice means (widgets.panels.calcification.lab_request).
MEASURES = ("paper", "all")
_DOSE_DEFAULTS = {"doses/il6_ng_ml": "default_il6_ng_ml", "doses/tofacitinib_nM": "teaching_tofacitinib_nM"}


def _choices(key: str) -> tuple[str, ...]:
    from widgets import calcification as cc

    return {"model/jak_route": cc.ROUTES, "model/potency": cc.POTENCIES, "design/measure": MEASURES,
            "view/readout": cc.READOUTS + ("pSTAT3",)}[key]


def _number(text, file: str, row, field: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise DataError(file, f"{text!r} is not a number", row, field, "a number") from None
    if not math.isfinite(value):
        raise DataError(file, f"{text!r} is not a finite number", row, field, "a finite number")
    return value


def on_grid(value: float, control: dict) -> bool:
    """Whether ``value`` is a position of a numeric ``control`` (one of its stops, or min + k·step)."""
    if control["stops"]:
        return any(math.isclose(value, s, rel_tol=1e-9, abs_tol=1e-12) for s in control["stops"])
    k = (value - control["min"]) / control["step"]
    return control["min"] <= value <= control["max"] and abs(k - round(k)) <= 1e-6


def control_record(rec: dict, file: str = CONTROLS_FILE, row=None, constants: dict | None = None) -> dict:
    """One control row as the lab uses it: numbers parsed, the default filled, stops and options as lists.

    ``constants`` (``vsmc_model.csv`` by name) fills an empty dose default. Raises DataError naming
    the row and field of anything a control cannot be.
    """
    key = f"{rec['group']}/{rec['name']}"
    scale = rec["scale"]
    out = {"group": rec["group"], "name": rec["name"], "label": rec["label"], "unit": rec["unit"] or "",
           "scale": scale, "min": None, "max": None, "step": None, "default": None, "stops": None,
           "options": None, "option_labels": None}
    if scale == "choice":
        options, labels = list(rec["options"]), list(rec["option_labels"])
        if not options:
            raise DataError(file, "a 'choice' control needs its options", row, "options", "values separated by ';'")
        if labels and len(labels) != len(options):
            raise DataError(file, f"{len(labels)} option labels for {len(options)} options", row, "option_labels",
                            "one label per option, or none")
        if rec["stops"] or any(rec[f] not in (None, "") for f in ("min", "max", "step")):
            raise DataError(file, "a 'choice' control has no min, max, step or stops", row, "scale",
                            "min, max, step and stops empty for a choice")
        if rec["default"] not in options:
            raise DataError(file, f"default {rec['default']!r} is not one of the options", row, "default",
                            ", ".join(map(repr, options)))
        out.update(options=options, option_labels=labels or list(options), default=rec["default"])
        return out
    if rec["options"] or rec["option_labels"]:
        raise DataError(file, f"a {scale!r} control has no options", row, "options", "empty unless scale is choice")
    lo, hi, step = (_number(rec[f], file, row, f) for f in ("min", "max", "step"))
    if not lo < hi:
        raise DataError(file, f"min {lo:g} is not below max {hi:g}", row, "max", f"a number > min ({lo:g})")
    if not step > 0:
        raise DataError(file, f"step {step:g} is not positive", row, "step", "a number > 0")
    if scale == "toggle" and (lo, hi, step) != (0, 1, 1):
        raise DataError(file, "a 'toggle' runs from 0 to 1 in steps of 1", row, "max", "min 0, max 1, step 1")
    stops = [_number(s, file, row, "stops") for s in rec["stops"]]
    if scale == "log":
        if len(stops) < 2 or any(b <= a for a, b in zip(stops, stops[1:])):
            raise DataError(file, "a 'log' control needs increasing stops", row, "stops",
                            "at least two increasing numbers from min to max separated by ';'")
        if stops[0] != lo or stops[-1] != hi:
            raise DataError(file, f"stops run from {stops[0]:g} to {stops[-1]:g}, not from min to max", row,
                            "stops", f"first stop {lo:g} and last stop {hi:g}")
    elif stops:
        raise DataError(file, f"a {scale!r} control has no stops", row, "stops", "empty unless scale is log")
    elif abs((hi - lo) / step - round((hi - lo) / step)) > 1e-6:
        raise DataError(file, f"max {hi:g} is not min plus a whole number of steps", row, "max", f"min + k × {step:g}")
    out.update(min=lo, max=hi, step=step, stops=stops or None)
    if rec["default"] in (None, ""):
        if key not in _DOSE_DEFAULTS:
            raise DataError(file, "missing value", row, "default", "a number (only a dose may take the model's own)")
        if constants is None:
            from widgets import calcification as cc

            constants = vars(cc.parameters())
        default = float(constants[_DOSE_DEFAULTS[key]])
        where = f"the model's default {_DOSE_DEFAULTS[key]} = {default:g} (vsmc_model.csv)"
    else:
        default = _number(rec["default"], file, row, "default")
        where = f"default {default:g}"
    control = dict(out, stops=stops)
    if not on_grid(default, control):
        raise DataError(file, f"{where} is not a position of this control", row, "default",
                        "one of the stops" if stops else f"from {lo:g} to {hi:g} in steps of {step:g}")
    out["default"] = default
    return out


def _check_controls(file: str, records: list[dict], labels: list[str]) -> None:
    from widgets import calcification as cc

    seen = set()
    for rec, row in zip(records, labels):
        key = f"{rec['group']}/{rec['name']}"
        if rec["group"] == "hours":
            try:
                hour = float(rec["name"])
            except ValueError:
                hour = math.nan
            if not 0 < hour <= cc.MAX_HOURS:
                raise DataError(file, f"time point {rec['name']!r} is not one the engine simulates", row, "name",
                                f"hours above 0 and up to {cc.MAX_HOURS:g}")
            if rec["scale"] != "toggle":
                raise DataError(file, f"a time point is a toggle, not {rec['scale']!r}", row, "scale", "'toggle'")
        elif key not in NAMED:
            raise DataError(file, f"{key!r} is not a control of the lab", row, "name",
                            ", ".join(k.split("/")[1] for k in NAMED if k.startswith(rec["group"] + "/")) or
                            "none in this group")
        elif rec["scale"] not in NAMED[key]:
            raise DataError(file, f"{key} cannot be a {rec['scale']!r} control", row, "scale",
                            ", ".join(map(repr, NAMED[key])))
        control = control_record(rec, file, row)
        if rec["scale"] == "choice" and tuple(control["options"]) != tuple(_choices(key)):
            raise DataError(file, f"options {';'.join(control['options'])} are not the engine's", row, "options",
                            ";".join(_choices(key)))
        if key == "design/n_replicates" and control["min"] < 2:
            raise DataError(file, "a test needs at least 2 wells per group", row, "min", "2 or more")
        seen.add(key)
    missing = [k for k in NAMED if k not in seen]
    if missing:
        raise DataError(file, f"missing control(s) {', '.join(missing)}", None, "name", "one row for each control")
    if not any(r["group"] == "hours" for r in records):
        raise DataError(file, "no time point", None, "group", "at least one row of group 'hours'")


def _check_presets(file: str, records: list[dict], labels: list[str]) -> None:
    from widgets.data import neighbour_records

    controls = {f"{c['group']}/{c['name']}": control_record(c) for c in neighbour_records(CONTROLS_FILE)}
    for rec, row in zip(records, labels):
        keys = [item["control"] for item in rec["set"]]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise DataError(file, f"{', '.join(twice)} set more than once", row, "set", "each control once")
        for i, item in enumerate(rec["set"], start=1):
            where = f"{row}, set[{i}]"
            control = controls.get(item["control"])
            if control is None:
                raise DataError(file, f"{item['control']!r} is not a control", where, "control",
                                ", ".join(controls))
            preset_value(control, item["value"], file, where)


def preset_value(control: dict, value, file: str = PRESETS_FILE, row=None):
    """A preset's value for ``control`` as the control holds it (text for a choice, else a number)."""
    if control["scale"] == "choice":
        if str(value) not in control["options"]:
            raise DataError(file, f"{value!r} is not an option of {control['group']}/{control['name']}", row,
                            "value", ", ".join(map(repr, control["options"])))
        return str(value)
    number = _number(value, file, row, "value")
    if not on_grid(number, control):
        where = (f"one of {', '.join(f'{s:g}' for s in control['stops'])}" if control["stops"] else
                 f"from {control['min']:g} to {control['max']:g} in steps of {control['step']:g}")
        raise DataError(file, f"{value!r} is not a value the {control['label']} control can show", row, "value",
                        where)
    return number


TABLES = [
    Table(
        file=CONTROLS_FILE,
        unique_together=("group", "name"),
        checks=(_check_controls,),
        doc="Controls of the VSMC virtual lab (browser and notebook): range, step, default, scale, options.",
        fields=(
            Field("group", kind="choice", choices=GROUPS, doc="what the control sets"),
            Field("name", doc="the control's name in its group (a time point: its hour)"),
            Field("label", doc="label shown beside the control"),
            Field("unit", required=False, doc="unit shown with the value"),
            Field("min", required=False, doc="smallest value (not for a choice)"),
            Field("max", required=False, doc="largest value (not for a choice)"),
            Field("step", required=False, doc="increment (linear) or resolution (log); not for a choice"),
            Field("default", required=False, doc="value at Reset (a dose may leave it to the model)"),
            Field("scale", kind="choice", choices=SCALES,
                  doc="linear, log (through the stops), toggle (0/1) or choice (one of the options)"),
            Field("stops", kind="list", required=False, doc="log scale: the values, ';'-separated, min to max"),
            Field("options", kind="list", required=False, doc="choice: the values, ';'-separated"),
            Field("option_labels", kind="list", required=False, doc="choice: what the reader sees for each option"),
        ),
    ),
    Table(
        file=PRESETS_FILE,
        key="id",
        checks=(_check_presets,),
        doc="Presets of the VSMC virtual lab: named settings, each value on its control's grid.",
        fields=(
            Field("id", doc="short name used in URLs and code"),
            Field("label", doc="button label"),
            Field("description", doc="what the preset shows, with its assumptions"),
            Field("source", doc="the chapter (and section) it follows"),
            Field("set", kind="records", required=False, doc="controls and their values", fields=(
                Field("control", doc="'group/name' of a control of vsmc_lab_controls.csv"),
                Field("value", doc="a value the control can show"),
            )),
        ),
    ),
]
