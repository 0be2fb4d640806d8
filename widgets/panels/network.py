"""Live panel: pick a cytokine, knock nodes out, and watch its signalling map and net effects change.

Thin front-end over :mod:`widgets.network` (the science) and :mod:`widgets.pictures.network`
(the drawing): every change redraws the two figures in place (:func:`~widgets.pictures.network.update_panel_map`
and :func:`~widgets.pictures.network.update_effect_bars`, which re-run the signed-path rule).
"""

from __future__ import annotations

import html

import ipywidgets as ipw
import plotly.graph_objects as go

from widgets import checks
from widgets import network as net
from widgets.panels import LivePanel, labelled
from widgets.pictures import network as pic

__all__ = ["network_panel"]


def _paths_html(G, cytokine: str, removed: tuple, lang: str, top: int = 6) -> str:
    table = net.path_table(G, cytokine, removed=removed)
    w = pic.words(lang)
    head = w["paths_survive" if removed else "paths_head"].format(len(table)) + w["paths_strongest"]
    words = {1: w["promotes"], -1: w["opposes"]}
    head = f"<b>{html.escape(pic.cytokine_summary(G, cytokine, removed, lang))}</b><br>{head}"
    rows = "".join(
        f"<li>{words[1 if r.sign > 0 else -1]} ({r.weight:+.3g}): {html.escape(net.format_path(G, r.nodes, lang))}</li>"
        for r in table.head(top).itertuples())
    return f"<div style='font-size:0.9em'>{head}<ol>{rows}</ol></div>"


def network_panel(cytokine: str = "IL-6", removed=(), lang: str = "en") -> LivePanel:
    """Choose a cytokine and nodes to knock out; redraw its map and every cytokine's net effect.

    ``cytokine`` is one of :data:`widgets.network.CYTOKINES`; ``removed`` the node ids knocked out
    at start; ``lang`` ``"en"`` or ``"zh"`` for the labels. Raises ValueError for unknown values.
    """
    G = net.build_graph()
    checks.choice(cytokine, "cytokine", net.CYTOKINES, allowed=", ".join(net.CYTOKINES))
    removed = net.check_nodes(G, removed, "removed")
    checks.choice(lang, "lang", ("en", "zh"))
    outcomes = set(net.outcomes(G))
    order = [n for n in sorted(G.nodes, key=lambda n: (G.nodes[n]["layer"], str(G.nodes[n]["label"]).lower()))
             if n not in outcomes]

    def node_options(lg: str) -> list:
        kind = (lambda n: G.nodes[n]["kind"]) if lg == "en" else (
            lambda n: pic.KIND_STYLE.get(G.nodes[n]["kind"], {}).get("zh", G.nodes[n]["kind"]))
        return [(f"{pic.node_label(G, n, lg)} ({kind(n)})" if lg == "en" else
                 f"{pic.node_label(G, n, lg)}（{kind(n)}）", n) for n in order]

    def cytokine_options(lg: str) -> list:
        return [(pic.node_label(G, c, lg), c) for c in net.CYTOKINES]
    bad = [n for n in removed if n in outcomes]
    if bad:
        raise checks.fail("removed", f"{bad[0]!r} is an outcome and cannot be knocked out",
                          f"any node except {', '.join(sorted(outcomes))}")

    w = pic.words(lang)
    pick = labelled(ipw.Dropdown(options=cytokine_options(lang), value=cytokine), w["control_cytokine"])
    knock = labelled(ipw.SelectMultiple(options=node_options(lang), value=tuple(removed), rows=10),
                     w["control_knockout"])
    language = labelled(ipw.ToggleButtons(options=[("English", "en"), ("中文", "zh")], value=lang),
                        w["control_labels"])
    clear = ipw.Button(description=w["control_clear"], tooltip=w["control_clear_tooltip"], icon="undo")
    summary = ipw.HTML()

    map_fig = go.FigureWidget(pic.build_panel_map(G, cytokine, removed, lang))
    bars = go.FigureWidget(pic.build_effect_bars(G, lang))

    shown = {"lang": lang, "busy": False}

    def relabel(lg: str) -> None:
        """The options' labels in ``lg``, keeping what is chosen (no redraw while they change)."""
        shown["busy"] = True
        try:
            c, gone = pick.value, tuple(knock.value)
            pick.options, knock.options = cytokine_options(lg), node_options(lg)
            pick.value, knock.value = c, gone
        finally:
            shown["busy"] = False
        shown["lang"] = lg

    def update(*_) -> None:
        if shown["busy"]:
            return
        if language.value != shown["lang"]:
            relabel(language.value)
        c, gone, lg = pick.value, tuple(knock.value), language.value
        pic.update_panel_map(map_fig, G, c, gone, lg)
        pic.update_effect_bars(bars, G, c, gone, lg)
        w = pic.words(lg)
        summary.value = _paths_html(G, c, gone, lg)
        for control, key in ((pick, "control_cytokine"), (knock, "control_knockout"), (language, "control_labels"),
                             (clear, "control_clear")):
            control.description = w[key]
        clear.tooltip = w["control_clear_tooltip"]

    def on_clear(_) -> None:
        knock.value = ()

    for control in (pick, knock, language):
        control.observe(update, names="value")
    clear.on_click(on_clear)
    update()
    controls_box = ipw.VBox([pick, language, knock, clear])
    root = ipw.VBox([ipw.HBox([controls_box, summary]), map_fig, bars])
    return LivePanel(root, title="Cytokine network knockouts", update=update,
                     controls={"cytokine": pick, "knockout": knock, "lang": language, "clear": clear},
                     figures={"map": map_fig, "effects": bars})
