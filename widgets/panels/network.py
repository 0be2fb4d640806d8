"""Live panel: pick a cytokine, knock nodes out, and watch its signalling map and net effects change.

Thin front-end over :mod:`widgets.network` (the science) and :mod:`widgets.pictures.network`
(the drawing): every change re-runs the signed-path rule and redraws the two figures in place.
"""

from __future__ import annotations

import html

import ipywidgets as ipw
import plotly.graph_objects as go

from widgets import checks
from widgets import network as net
from widgets.panels import LivePanel, labelled
from widgets.pictures import PALETTE, finish, fit_top, mark_simulated, wrap_text
from widgets.pictures import network as pic

__all__ = ["network_panel"]


def _bar_figure(G, lang: str = "en") -> go.FigureWidget:
    w = pic.words(lang)
    labels = [pic._label(G, c, lang) for c in net.CYTOKINES]
    fig = go.FigureWidget()
    fig.add_bar(x=[0.0] * len(labels), y=labels, orientation="h", name=w["bars_intact"],
                marker=dict(color="#BBBBBB", pattern=dict(shape="/", fgcolor="#555555"),
                            line=dict(color="#555555", width=1)),
                hovertemplate=w["bars_hover_intact"])
    fig.add_bar(x=[0.0] * len(labels), y=labels, orientation="h", name=w["bars_after"],
                marker=dict(color=PALETTE["blue"], line=dict(color="#222222", width=1)),
                text=[""] * len(labels), textposition="outside", cliponaxis=False,
                hovertemplate=w["bars_hover_after"])
    fig.update_layout(barmode="group", yaxis=dict(autorange="reversed"),
                      xaxis=dict(title=w["bars_axis"], zeroline=True, zerolinecolor="#222222"),
                      legend=dict(orientation="h", x=0, y=-0.25, xanchor="left", yanchor="top"))
    finish(fig, title=w["bars_title"],
           alt="Bar chart of the six cytokines' net effects on bone loss, intact (hatched) and after the chosen "
               "knockout (solid).", height=340)
    fig.update_layout(margin=dict(l=110, r=90, t=60, b=90))
    return mark_simulated(fig, w["stamp_bars"])


def _set_bar_language(fig, G, lang: str) -> None:
    """Every word of the bar chart in ``lang`` (the values are set by the panel's update)."""
    w = pic.words(lang)
    labels = [pic._label(G, c, lang) for c in net.CYTOKINES]
    for trace, name, hover in zip(fig.data, ("bars_intact", "bars_after"), ("bars_hover_intact", "bars_hover_after")):
        trace.update(name=w[name], y=labels, hovertemplate=w[hover])
    fig.layout.xaxis.title.text = w["bars_axis"]
    fig.layout.title.text = wrap_text(w["bars_title"])
    pic._set_stamp(fig, w["stamp_bars"])


def _paths_html(G, cytokine: str, removed: tuple, lang: str, top: int = 6) -> str:
    table = net.path_table(G, cytokine, removed=removed)
    w = pic.words(lang)
    head = w["paths_survive" if removed else "paths_head"].format(len(table)) + w["paths_strongest"]
    words = {1: w["promotes"], -1: w["opposes"]}
    head = f"<b>{html.escape(pic._cytokine_summary(G, cytokine, removed, lang))}</b><br>{head}"
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
        return [(f"{pic._label(G, n, lg)} ({kind(n)})" if lg == "en" else f"{pic._label(G, n, lg)}（{kind(n)}）", n)
                for n in order]

    def cytokine_options(lg: str) -> list:
        return [(pic._label(G, c, lg), c) for c in net.CYTOKINES]
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

    map_fig = go.FigureWidget()
    sub = net.subgraph_for(cytokine, G)
    pic._fill_cytokine_figure(map_fig, G, sub, cytokine, removed, lang)
    finish(map_fig, title="Signalling map of the chosen cytokine",
           alt="Layered signalling map of the chosen cytokine, with knocked-out nodes crossed and the paths "
               "they cut highlighted.", height=680)
    pic._legend_bottom(map_fig)
    mark_simulated(map_fig, pic.words(lang)["stamp_panel_map"])
    bars = _bar_figure(G, lang)

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
        sub = net.subgraph_for(c, G)
        pic._fill_cytokine_figure(map_fig, G, sub, c, gone, lg)
        w = pic.words(lg)
        title = w["cytokine_title"].format(pic._label(G, c, lg))
        table = net.knockout(G, gone) if gone else None
        before = net.net_effects(G).reindex(list(net.CYTOKINES))
        after = before if table is None else table.set_index("source").reindex(list(net.CYTOKINES))["after"]
        verdicts = ([""] * len(before) if table is None else
                    [w[f"verdict_{v}"] if v != "unchanged" else "" for v in table.set_index("source").reindex(
                        list(net.CYTOKINES))["verdict"]])
        with map_fig.batch_update():
            gone_names = ", ".join(pic._label(G, n, lg) for n in gone)
            map_fig.layout.title.text = wrap_text(w["knocked_out"].format(title, gone_names) if gone else title)
            pic._set_stamp(map_fig, w["stamp_panel_map"])
        fit_top(map_fig)  # after the batch: it measures the texts just set
        with bars.batch_update():
            bars.data[0].x = [float(v) for v in before]
            bars.data[1].x = [float(v) for v in after]
            bars.data[1].text = verdicts
            bars.data[1].marker.line.width = [3 if k == c else 1 for k in net.CYTOKINES]
            _set_bar_language(bars, G, lg)
        fit_top(bars)
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
