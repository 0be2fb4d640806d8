"""Build every live panel and move each of its controls; print what happened as JSON (last line of stdout).

Run by ``tests/test_launch.py`` with the Python of a freshly made launch environment (Binder's or
Colab's), so it may use only what that environment has: the course package and what it declares.
For every panel function in ``widgets.panels`` (public names ending in ``_panel``) it builds the
panel with its defaults, takes its notebook display, then moves each control once (a slider to its
other end, a menu to its next option, a multiple choice to another set; buttons are clicked last)
and records whether the panel's figures (trace data) or texts changed and any exception raised.
"""

from __future__ import annotations

import importlib
import json
import logging
import pkgutil
import traceback

import ipywidgets as ipw
import plotly.utils

import widgets.panels

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def panel_functions() -> dict[str, object]:
    found = {}
    for info in pkgutil.iter_modules(widgets.panels.__path__):
        module = importlib.import_module(f"widgets.panels.{info.name}")
        for name in getattr(module, "__all__", []):
            if name.endswith("_panel") and callable(getattr(module, name)):
                found[f"widgets.panels.{info.name}.{name}"] = getattr(module, name)
    return found


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def state(panel) -> tuple[str, str]:
    """(the trace data of every figure, every text shown) of ``panel``, as comparable strings."""
    figures = json.dumps({name: fig.to_plotly_json()["data"] for name, fig in sorted(panel.figures.items())},
                         cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)
    texts = json.dumps([w.value for w in _walk(panel.widget) if isinstance(w, (ipw.HTML, ipw.HTMLMath, ipw.Label))])
    return figures, texts


def move(control) -> str:
    """Move ``control`` to a value other than its current one; return what was done."""
    if isinstance(control, ipw.FloatLogSlider):
        top = control.base ** control.max
        control.value = top if control.value != top else control.base ** control.min
    elif isinstance(control, (ipw.SelectMultiple, ipw.SelectionRangeSlider)) or (
            hasattr(control, "index") and isinstance(control.index, tuple)):
        control.index = (0,) if tuple(control.index) != (0,) else (1,)
    elif hasattr(control, "index") and hasattr(control, "options"):
        control.index = ((control.index or 0) + 1) % len(control.options)
    elif isinstance(control, (ipw.Checkbox, ipw.ToggleButton)):
        control.value = not control.value
    elif hasattr(control, "max") and hasattr(control, "min"):
        control.value = control.max if control.value != control.max else control.min
    else:
        raise TypeError(f"no way to move a {type(control).__name__}")
    return repr(control.value)


class _Collect(logging.Handler):
    """Warnings logged meanwhile: ipywidgets logs, rather than raises, an exception in a button's callback."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(self.format(record))


def exercise(name: str, function) -> dict:
    report = {"panel": name, "moves": []}
    collect = _Collect()
    logging.getLogger().addHandler(collect)
    panel = function()
    report["display"] = sorted(panel._repr_mimebundle_())
    controls = sorted(panel.controls.items(), key=lambda item: isinstance(item[1], ipw.Button))
    for control_name, control in controls:
        before = state(panel)
        entry = {"control": control_name, "kind": type(control).__name__}
        try:
            if isinstance(control, ipw.Button):
                control.click()
                entry["to"] = "clicked"
            else:
                entry["to"] = move(control)
        except Exception:  # recorded for the test to show, not hidden
            entry["error"] = traceback.format_exc(limit=4)
        after = state(panel)
        entry["figures_changed"] = after[0] != before[0]
        entry["texts_changed"] = after[1] != before[1]
        if collect.messages:
            entry["logged"], collect.messages = collect.messages, []
        report["moves"].append(entry)
    logging.getLogger().removeHandler(collect)
    return report


def main() -> None:
    reports = []
    for name, function in panel_functions().items():
        try:
            reports.append(exercise(name, function))
        except Exception:
            reports.append({"panel": name, "error": traceback.format_exc(limit=6)})
    print(json.dumps({"widgets": widgets.__file__, "panels": reports}))


if __name__ == "__main__":
    main()
