"""The bone-remodeling simulator, both faces: an ipywidgets panel in notebooks, a browser mount on the site.

The controls (names, labels, ranges, steps, defaults, scales) and the presets are read from the
same export the browser simulator loads (:func:`widgets.browser.export.remodeling_controls` and
:func:`~widgets.browser.export.remodeling_presets`, from ``data/remodeling_controls.csv`` and
``data/remodeling_presets.yaml``), and both faces draw :func:`widgets.pictures.remodeling.simulator_figure`.
A ``log`` control (a cytokine level, the days) moves through its stops, so 0 and 0.1–1 are reachable;
a ``linear`` one from min to max by step.

All science is in :mod:`widgets.remodeling`; this module only wires controls to
:func:`widgets.remodeling.simulate_request` and updates one ``FigureWidget`` in place.
"""

from __future__ import annotations

import html
import json
import math

import ipywidgets as ipw
import plotly.graph_objects as go

from .. import remodeling as rm
from ..browser.export import remodeling_controls, remodeling_presets
from ..pictures.remodeling import fill_simulator_figure, simulator_figure, simulator_spec
from . import LivePanel

__all__ = ["remodeling_panel", "browser_mount", "request_from", "order_window", "result_sentence", "result_notes",
           "key_of", "FAR_OUT_NOTE"]

NO_THERAPY = ""
MOUNT_CLASS = "course-simulator"
#: What the live panel's notice says once the browser simulator runs above it.
BROWSER_NOTICE = ("The simulator above runs the course's model in your browser. In a notebook (the launch button "
                  "at the top of the page opens this chapter in Binder or Colab) this cell shows the same controls "
                  "and presets as a Python panel.")


def key_of(control: dict) -> str:
    """The key of a control, as in the browser simulator: ``"cytokines/TNF-α"``, ``"days/days"``."""
    return f"{control['group']}/{control['name']}"


def _number(x: float) -> str:
    """A number as both faces show it: at most four significant digits."""
    return f"{float(x):.4g}"


def order_window(values: dict, controls: dict, moved: str = "dosing_window/on") -> dict:
    """The dosing window's start kept before its end, moving the end that was not just moved
    (the rule of ``orderWindow`` in widgets/browser/controls.mjs)."""
    on_c, off_c = controls["dosing_window/on"], controls["dosing_window/off"]
    out = dict(values)
    if out["dosing_window/on"] < out["dosing_window/off"]:
        return out

    if moved == "dosing_window/off":
        out["dosing_window/on"] = _snap(on_c, max(on_c["min"], out["dosing_window/off"] - on_c["step"]))
        if out["dosing_window/on"] >= out["dosing_window/off"]:
            out["dosing_window/off"] = _snap(off_c, out["dosing_window/on"] + off_c["step"])
    else:
        out["dosing_window/off"] = _snap(off_c, min(off_c["max"], out["dosing_window/on"] + off_c["step"]))
        if out["dosing_window/off"] <= out["dosing_window/on"]:
            out["dosing_window/on"] = _snap(on_c, out["dosing_window/off"] - on_c["step"])
    return out


def request_from(values: dict, therapy: str | None, controls: list[dict]) -> tuple[dict, list[str]]:
    """The simulator request of the controls' ``values`` (by :func:`key_of`) and ``therapy``, with notes.

    The same reading as ``requestFrom`` in widgets/browser/controls.mjs: the dosing window runs from
    "on" to "off" cut at the last day; from day 0 to the last day or beyond means throughout
    (``dosing_window=None``); a window starting after the last day gives no dose (said in the notes).
    """
    days = values["days/days"]
    cytokines = {c["name"]: values[key_of(c)] for c in controls if c["group"] == "cytokines"}
    dosing = {c["name"]: values[key_of(c)] for c in controls if c["group"] == "dosing"}
    on, off = values["dosing_window/on"], min(values["dosing_window/off"], days)
    notes, window = [], None
    dosed = any(v > 0 for v in dosing.values())
    if dosed and on >= days:
        dosing = dict.fromkeys(dosing, 0.0)
        notes.append(f"Dosing would start on day {_number(on)}, after the last simulated day, so no dose is given.")
    elif dosed and (on > 0 or off < days):
        window = [on, off]
    request = {"days": days, "cytokines": cytokines, "dosing": dosing, "dosing_window": window,
               "therapy": therapy or None}
    return request, notes


#: Said under the result when more than half the bone volume is lost (the same words as the browser simulator's).
FAR_OUT_NOTE = ("More than half the bone volume is lost: these settings are far outside what the bone-volume index's "
                "teaching calibration was made for; read the direction, not the number.")


def result_notes(df) -> list[str]:
    """Notes on a result, as the browser simulator shows them (:data:`FAR_OUT_NOTE` below 50 %)."""
    return [FAR_OUT_NOTE] if df["bone_volume"].iloc[-1] < 50 else []


def result_sentence(df) -> str:
    """The key result in one sentence, as the browser simulator's live region says it."""
    days = df["t"].iloc[-1]
    bone = df["bone_volume"].iloc[-1]
    peak = df["RANKL_OPG_rel"].max()
    return (f"Bone volume after {_number(days)} days: {bone:.1f} % of start; peak RANKL/OPG "
            f"{peak:.2f}× healthy.")


def browser_mount(cytokine: str | None = None, preset: str | None = None) -> str:
    """The static HTML where the site's JavaScript builds the browser simulator (hidden without JavaScript).

    ``cytokine`` (a chapter's cytokine) is put first and marked; ``preset`` (an id of
    ``data/remodeling_presets.yaml``) is the starting state and what Reset returns to.
    """
    attrs = {"class": MOUNT_CLASS, "data-course-simulator": "remodeling", "data-notice": BROWSER_NOTICE}
    if cytokine is not None:
        attrs["data-cytokine"] = rm.canonical_cytokine(cytokine)
    if preset is not None:
        attrs["data-preset"] = preset
    payload = json.dumps(simulator_spec(), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    attributes = " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    return (f"<div {attributes} hidden>"
            f'<script type="application/json" class="course-simulator-figure-spec">{payload}</script></div>')


def _slider(control: dict) -> ipw.Widget:
    description = f"{control['label']} ({control['unit']})" if control["unit"] else control["label"]
    if control["stops"]:
        options = [(_number(v), float(v)) for v in control["stops"]]
        widget = ipw.SelectionSlider(options=options, value=float(control["default"]), continuous_update=False)
    else:
        widget = ipw.FloatSlider(value=control["default"], min=control["min"], max=control["max"],
                                 step=control["step"], continuous_update=False,
                                 readout_format=f".{max(0, -math.floor(math.log10(control['step'])))}f")
    widget.description = description
    widget.style = {"description_width": "initial"}
    return widget


def _snap(control: dict, value: float) -> float:
    if control["stops"]:
        return float(min(control["stops"], key=lambda s: abs(s - value)))
    k = round((value - control["min"]) / control["step"])
    k = min(max(k, 0), round((control["max"] - control["min"]) / control["step"]))
    return float(f"{control['min'] + k * control['step']:.12g}")


def remodeling_panel(cytokine: str | None = None, preset: str | None = None) -> LivePanel:
    """The simulator: six cytokines, a therapy, four dosing terms with their window, the days, presets, Reset.

    In a notebook it is an ipywidgets panel running the Python engine; on the static site the same
    cell shows the browser simulator (:func:`browser_mount`) over the live panel's notice.
    ``cytokine`` puts a chapter's cytokine first; ``preset`` is the starting state.
    """
    controls = remodeling_controls()
    by_key = {key_of(c): c for c in controls}
    presets = {p["id"]: p for p in remodeling_presets()}
    if preset is not None and preset not in presets:
        raise ValueError(f"preset: unknown preset {preset!r}; allowed: {', '.join(map(repr, presets))}")
    chapter = rm.canonical_cytokine(cytokine) if cytokine is not None else None

    def preset_values(pid: str | None) -> tuple[dict, str]:
        values = {key_of(c): float(c["default"]) for c in controls}
        if pid is None:
            return values, NO_THERAPY
        request = presets[pid]["request"]
        values["days/days"] = _snap(by_key["days/days"], request["days"])
        for name, level in request["cytokines"].items():
            values[f"cytokines/{name}"] = _snap(by_key[f"cytokines/{name}"], level)
        for term, rate in request["dosing"].items():
            values[f"dosing/{term}"] = _snap(by_key[f"dosing/{term}"], rate)
        if request["dosing_window"] is not None:
            values["dosing_window/on"] = _snap(by_key["dosing_window/on"], request["dosing_window"][0])
            values["dosing_window/off"] = _snap(by_key["dosing_window/off"], request["dosing_window"][1])
        return values, request["therapy"] or NO_THERAPY

    sliders = {key_of(c): _slider(c) for c in controls}
    therapy = ipw.Dropdown(options=[("no therapy", NO_THERAPY)] + [
        (f"{t.label} ({t.example_drug})" if t.example_drug else t.label, tid) for tid, t in rm.THERAPIES.items()],
        value=NO_THERAPY, description="therapy", style={"description_width": "initial"})
    preset_menu = ipw.Dropdown(options=[("choose a preset…", "")] + [(p["label"], pid) for pid, p in presets.items()],
                               value="", description="preset", style={"description_width": "initial"})
    reset = ipw.Button(description="Reset", tooltip="back to the starting state", icon="undo")
    preset_note = ipw.HTML()
    status = ipw.HTML()
    fig = go.FigureWidget(simulator_figure())
    holding = {"on": False}
    start_values, start_therapy = preset_values(preset)

    def set_all(values: dict, therapy_id: str) -> None:
        holding["on"] = True  # one redraw at the end, not one per control
        try:
            for key, widget in sliders.items():
                widget.value = values[key]
            therapy.value = therapy_id
        finally:
            holding["on"] = False
        update()

    def update(change=None) -> None:
        if holding["on"]:
            return
        values = {key: float(w.value) for key, w in sliders.items()}
        moved = change["owner"] if change else None
        key = next((k for k, w in sliders.items() if w is moved), "")
        if key.startswith("dosing_window/"):
            ordered = order_window(values, by_key, key)
            if ordered != values:
                set_all(ordered, therapy.value)
                return
        request, notes = request_from(values, therapy.value, controls)
        try:
            df = rm.simulate_request(request)
        except ValueError as err:  # the controls keep inputs valid; shown rather than raised if not
            status.value = f"<p role='alert'><b>Cannot simulate:</b> {html.escape(str(err))}</p>"
            return
        fill_simulator_figure(fig, df)
        status.value = "<p>" + html.escape(" ".join([result_sentence(df), *notes, *result_notes(df)])) + "</p>"

    def apply_preset(change) -> None:
        pid = change["new"]
        if not pid:
            return
        preset_note.value = f"<p>{html.escape(presets[pid]['label'])}: {html.escape(presets[pid]['description'])}</p>"
        set_all(*preset_values(pid))

    def do_reset(_button=None) -> None:
        preset_note.value = ""
        preset_menu.value = ""
        set_all(start_values, start_therapy)

    for widget in (*sliders.values(), therapy):
        widget.observe(update, names="value")
    preset_menu.observe(apply_preset, names="value")
    reset.on_click(do_reset)
    set_all(start_values, start_therapy)

    cytokine_keys = [k for k in sliders if k.startswith("cytokines/")]
    if chapter is not None:
        cytokine_keys.sort(key=lambda k: k != f"cytokines/{chapter}")
    column_a = ipw.VBox([ipw.HTML("<b>Cytokines</b> (level relative to healthy: 1 = healthy, 0 = absent)"),
                         *[sliders[k] for k in cytokine_keys], therapy])
    column_b = ipw.VBox([ipw.HTML("<b>Dosing</b> (external production, pM/day) and time"),
                         *[w for k, w in sliders.items() if not k.startswith("cytokines/")],
                         ipw.HBox([preset_menu, reset]), preset_note])
    root = ipw.VBox([ipw.HBox([column_a, column_b]), status, fig])
    named = {**sliders, "therapy": therapy, "preset": preset_menu, "reset": reset}
    return LivePanel(root, title="Bone remodeling: cytokines, dosing and therapies", update=update,
                     controls=named, figures={"main": fig}, static_html=browser_mount(chapter, preset))
