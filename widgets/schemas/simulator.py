"""Schemas of the bone-remodeling simulator's controls and presets (both faces: browser and notebook).

* ``remodeling_controls.csv``: one row per control (six cytokines, four dosing terms, the dosing
  window's two ends, the number of days) with its label, unit, range, step, default and scale.
  A ``log`` control moves through its ``stops`` (a ``;``-separated list from ``min`` to ``max``,
  each a multiple of ``step``); a ``linear`` one moves from ``min`` to ``max`` in steps of ``step``.
* ``remodeling_presets.yaml``: named simulator requests (days, cytokines, dosing, window,
  therapy), each value one the controls can show.

The checks across fields and files (a default within its range, a preset value on its control's
grid, a window that starts before it ends) run here, with the field checks, so that
``make check-data`` finds every problem.
"""

from __future__ import annotations

import math

from widgets.data import DataError, Field, Table

from .remodeling import CYTOKINES, DOSING_TERMS

CONTROLS_FILE = "remodeling_controls.csv"
PRESETS_FILE = "remodeling_presets.yaml"

#: Control groups and the names each one holds (every name needs exactly one row).
CONTROL_NAMES: dict[str, tuple[str, ...]] = {
    "cytokines": CYTOKINES,
    "dosing": DOSING_TERMS,
    "dosing_window": ("on", "off"),
    "days": ("days",),
}
SCALES: tuple[str, ...] = ("linear", "log")
#: Preset bases: ``inflamed`` takes the cytokine levels of widgets.remodeling.illustrative_scenarios().
BASES: tuple[str, ...] = ("inflamed",)

_REL = 1e-9  # tolerance of "on the grid" (decimal steps such as 1e-5 are not exact in binary)


def on_grid(value: float, control: dict) -> bool:
    """Whether ``value`` is a position of ``control`` (one of its stops, or min + k·step)."""
    if control["stops"]:
        return any(math.isclose(value, s, rel_tol=_REL, abs_tol=_REL * control["step"]) for s in control["stops"])
    k = (value - control["min"]) / control["step"]
    return control["min"] <= value <= control["max"] and abs(k - round(k)) <= 1e-6


def control_stops(record: dict, file: str = CONTROLS_FILE, row: str | None = None) -> list[float]:
    """The stops of one control row as numbers ([] for a linear control)."""
    values = []
    for text in record["stops"]:
        try:
            values.append(float(text))
        except ValueError:
            raise DataError(file, f"stop {text!r} is not a number", row, "stops",
                            "numbers separated by ';'") from None
    return values


def _check_controls(file: str, records: list[dict], labels: list[str]) -> None:
    from widgets.remodeling import MAX_DAYS

    for rec, row in zip(records, labels):
        group, name = rec["group"], rec["name"]
        if name not in CONTROL_NAMES[group]:
            raise DataError(file, f"{name!r} is not a control of group {group!r}", row, "name",
                            ", ".join(map(repr, CONTROL_NAMES[group])))
        lo, hi, step = rec["min"], rec["max"], rec["step"]
        if not lo < hi:
            raise DataError(file, f"min {lo!r} is not below max {hi!r}", row, "max", f"a number > min ({lo:g})")
        if not step > 0:
            raise DataError(file, f"step {step!r} is not positive", row, "step", "a number > 0")
        if group == "days" and not (lo > 0 and hi <= MAX_DAYS):
            raise DataError(file, f"days from {lo:g} to {hi:g} lie outside what the engine simulates", row,
                            "max" if hi > MAX_DAYS else "min", f"0 < min < max <= {MAX_DAYS:g}")
        stops = control_stops(rec, file, row)
        control = dict(rec, stops=stops)
        if rec["scale"] == "log":
            if len(stops) < 2:
                raise DataError(file, "a 'log' control needs its stops", row, "stops",
                                "at least two numbers from min to max separated by ';'")
            if any(b <= a for a, b in zip(stops, stops[1:])):
                raise DataError(file, f"stops {rec['stops']} do not increase", row, "stops",
                                "strictly increasing numbers")
            if stops[0] != lo or stops[-1] != hi:
                raise DataError(file, f"stops run from {stops[0]:g} to {stops[-1]:g}, not from min to max", row,
                                "stops", f"first stop {lo:g} and last stop {hi:g}")
            off = [s for s in stops if abs(s / step - round(s / step)) > 1e-6]
            if off:
                raise DataError(file, f"stop(s) {', '.join(f'{s:g}' for s in off)} are not multiples of the step",
                                row, "stops", f"multiples of step {step:g}")
        elif stops:
            raise DataError(file, "a 'linear' control has no stops", row, "stops", "empty for a linear control")
        elif abs((hi - lo) / step - round((hi - lo) / step)) > 1e-6:
            raise DataError(file, f"max {hi:g} is not min plus a whole number of steps", row, "max",
                            f"min + k × {step:g}")
        if not on_grid(rec["default"], control):
            raise DataError(file, f"default {rec['default']!r} is not a position of this control", row, "default",
                            "one of the stops" if stops else f"from {lo:g} to {hi:g} in steps of {step:g}")
    seen = {(r["group"], r["name"]) for r in records}
    missing = [f"{g} {n}" for g, names in CONTROL_NAMES.items() for n in names if (g, n) not in seen]
    if missing:
        raise DataError(file, f"missing control(s) {', '.join(missing)}", None, "name",
                        "one row for each cytokine, dosing term, window end and days")
    days_max = next(r["max"] for r in records if r["group"] == "days")
    for rec, row in zip(records, labels):
        if rec["group"] == "dosing_window" and (rec["min"] < 0 or rec["max"] > days_max):
            raise DataError(file, f"the window control runs from {rec['min']:g} to {rec['max']:g}", row, "max",
                            f"0 <= min < max <= the days control's max ({days_max:g})")


def _check_presets(file: str, records: list[dict], labels: list[str]) -> None:
    """Presets against their schema's rules and against the controls of the same data folder."""
    from widgets.data import neighbour_records

    controls = {(c["group"], c["name"]): dict(c, stops=control_stops(c)) for c in neighbour_records(CONTROLS_FILE)}

    def must_fit(value: float, group: str, name: str, row: str, field: str) -> None:
        control = controls[(group, name)]
        if not on_grid(value, control):
            where = (f"one of {', '.join(f'{s:g}' for s in control['stops'])}" if control["stops"] else
                     f"from {control['min']:g} to {control['max']:g} in steps of {control['step']:g}")
            raise DataError(file, f"{value!r} is not a value the {name} control can show", row, field, where)

    for rec, row in zip(records, labels):
        if rec["label"] is None and rec["cytokines_from"] is None:
            raise DataError(file, "missing value", row, "label", "a label (it may be left out only with cytokines_from)")
        for field in ("cytokines", "dosing"):
            names = [item["name" if field == "cytokines" else "term"] for item in rec[field]]
            twice = sorted({n for n in names if names.count(n) > 1})
            if twice:
                raise DataError(file, f"{', '.join(twice)} given more than once", row, field, "each name once")
        if (rec["window_on"] is None) != (rec["window_off"] is None):
            raise DataError(file, "a window needs both ends", row, "window_off" if rec["window_off"] is None else
                            "window_on", "window_on and window_off together, or neither")
        days = rec["days"] if rec["days"] is not None else controls[("days", "days")]["default"]
        must_fit(days, "days", "days", row, "days")
        for item in rec["cytokines"]:
            must_fit(item["level"], "cytokines", item["name"], row, "cytokines")
        for item in rec["dosing"]:
            must_fit(item["rate"], "dosing", item["term"], row, "dosing")
        if rec["window_on"] is not None:
            on, off = rec["window_on"], rec["window_off"]
            must_fit(on, "dosing_window", "on", row, "window_on")
            must_fit(off, "dosing_window", "off", row, "window_off")
            if not 0 <= on < off <= days:
                raise DataError(file, f"the window {on:g} to {off:g} does not fit in {days:g} days", row, "window_off",
                                f"0 <= window_on < window_off <= days ({days:g})")


TABLES = [
    Table(
        file=CONTROLS_FILE,
        unique_together=("group", "name"),
        checks=(_check_controls,),
        doc="Controls of the bone-remodeling simulator (browser and notebook): range, step, default, scale.",
        fields=(
            Field("group", kind="choice", choices=tuple(CONTROL_NAMES),
                  doc="the part of the request the control sets"),
            Field("name", kind="choice", choices=tuple(n for names in CONTROL_NAMES.values() for n in names),
                  doc="cytokine, dosing term, window end ('on', 'off') or 'days'"),
            Field("label", doc="label shown beside the control"),
            Field("unit", doc="unit shown with the value"),
            Field("min", kind="float", min=0.0, doc="smallest value"),
            Field("max", kind="float", min=0.0, doc="largest value"),
            Field("step", kind="float", min=0.0, doc="increment (linear) or resolution of the stops (log)"),
            Field("default", kind="float", min=0.0, doc="value at Reset"),
            Field("scale", kind="choice", choices=SCALES, doc="linear: min to max by step; log: through the stops"),
            Field("stops", kind="list", required=False, doc="log scale: the values, ';'-separated, min to max"),
        ),
    ),
    Table(
        file=PRESETS_FILE,
        key="id",
        checks=(_check_presets,),
        doc="Presets of the bone-remodeling simulator: named requests, each value on its control's grid.",
        fields=(
            Field("id", doc="short name used in URLs and code"),
            Field("label", required=False, doc="menu label (default with cytokines_from: the engine's scenario label)"),
            Field("description", doc="what the preset shows, with its assumptions"),
            Field("source", doc="the chapter (and section) that supports it"),
            Field("days", kind="float", required=False, min=0.0, doc="days simulated (default: the days control's)"),
            Field("cytokines_from", kind="choice", required=False, choices=BASES,
                  doc="start from the levels of an illustrative scenario of the engine"),
            Field("cytokines", kind="records", required=False, doc="cytokine levels (× healthy)", fields=(
                Field("name", kind="choice", choices=CYTOKINES),
                Field("level", kind="float", min=0.0),
            )),
            Field("dosing", kind="records", required=False, doc="dosing rates (pM/day)", fields=(
                Field("term", kind="choice", choices=DOSING_TERMS),
                Field("rate", kind="float", min=0.0),
            )),
            Field("window_on", kind="float", required=False, min=0.0, doc="dosing starts (day)"),
            Field("window_off", kind="float", required=False, min=0.0, doc="dosing stops (day)"),
            Field("therapy", required=False, ref="therapies.csv:id", doc="a therapy id"),
        ),
    ),
]
