"""Live ipywidgets panels: thin front-ends that call an engine and update a picture in place.

Every panel is returned as a :class:`LivePanel`. In Jupyter, VS Code or Colab it shows the live
controls; where no kernel runs (the static site) it shows a short notice with the launch
buttons' whereabouts instead of an empty widget box, because Python callbacks cannot run there.
A panel with a browser face (the bone-remodeling simulator) also puts that face's mount element
before the notice (``static_html``): the site's JavaScript shows the simulator there, and without
JavaScript the mount stays hidden and the notice is what the reader sees.
"""

from __future__ import annotations

import html

import ipywidgets as ipw

__all__ = ["LivePanel", "STATIC_NOTICE"]

STATIC_NOTICE = (
    "This live panel runs Python, so it needs a running notebook. Use the launch button "
    "(rocket icon) at the top of this page to open the chapter in Binder or Colab; the "
    "interactive figure above works here in the browser and shows the same model."
)


class LivePanel:
    """An ipywidgets panel with a static-site fallback.

    ``widget`` is the panel's root widget (usually an ``ipw.VBox``); ``update`` re-runs the
    engine and redraws (panels call it on every control change); ``controls`` maps control
    names to widgets so tests and benchmarks can move them; ``static_html`` is HTML put before
    the static site's notice (the mount of the panel's browser face, hidden until JavaScript
    shows it).
    """

    def __init__(self, widget: ipw.Widget, *, title: str, update=None, controls: dict | None = None,
                 figures: dict | None = None, static_html: str = ""):
        self.widget = widget
        self.static_html = static_html
        self.title = title
        self.update = update
        self.controls = controls or {}
        self.figures = figures or {}

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/html"] = self.static_html + (
            f'<div class="course-live-panel-notice" role="note"><p><strong>Live panel: '
            f"{html.escape(self.title)}.</strong> {html.escape(STATIC_NOTICE)}</p></div>"
        )
        bundle["text/plain"] = f"Live panel: {self.title}"
        return bundle


def labelled(widget: ipw.Widget, description: str) -> ipw.Widget:
    """Set a control's visible and accessible name (a11y: every control needs one)."""
    widget.description = description
    widget.style = {"description_width": "initial"}
    return widget
