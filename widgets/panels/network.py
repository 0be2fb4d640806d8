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
from widgets.pictures import PALETTE, finish, mark_simulated
from widgets.pictures import network as pic

__all__ = ["network_panel"]


def _bar_figure(G) -> go.FigureWidget:
    labels = [G.nodes[c]["label"] for c in net.CYTOKINES]
    fig = go.FigureWidget()
    fig.add_bar(x=[0.0] * len(labels), y=labels, orientation="h", name="intact network",
                marker=dict(color="#BBBBBB", pattern=dict(shape="/", fgcolor="#555555"),
                            line=dict(color="#555555", width=1)),
                hovertemplate="%{y}: %{x:+.3g} (intact)<extra></extra>")
    fig.add_bar(x=[0.0] * len(labels), y=labels, orientation="h", name="after knockout",
                marker=dict(color=PALETTE["blue"], line=dict(color="#222222", width=1)),
                text=[""] * len(labels), textposition="outside", cliponaxis=False,
                hovertemplate="%{y}: %{x:+.3g} after knockout<extra></extra>")
    fig.update_layout(barmode="group", yaxis=dict(autorange="reversed"),
                      xaxis=dict(title="net effect on bone loss (+ promotes, − protects)", zeroline=True,
                                 zerolinecolor="#222222"),
                      legend=dict(orientation="h", x=0, y=-0.25, xanchor="left", yanchor="top"))
    finish(fig, title="Every cytokine's net effect on bone loss",
           alt="Bar chart of the six cytokines' net effects on bone loss, intact (hatched) and after the chosen "
               "knockout (solid).", height=340)
    fig.update_layout(margin=dict(l=110, r=90, t=60, b=90))
    return mark_simulated(fig, "signed-path model, not measured data")


def _paths_html(G, cytokine: str, removed: tuple, lang: str, top: int = 6) -> str:
    table = net.path_table(G, cytokine, removed=removed)
    if lang == "zh":
        head = f"{len(table)} 条通往骨丢失的通路" + ("在敲除后保留" if removed else "") + "。最强的几条："
        words = {1: "促进", -1: "对抗"}
    else:
        head = f"{len(table)} paths to bone loss" + (" survive the knockout" if removed else "") + ". Strongest:"
        words = {1: "promotes", -1: "opposes"}
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
    node_options = [(f"{G.nodes[n]['label']} ({G.nodes[n]['kind']})", n)
                    for n in sorted(G.nodes, key=lambda n: (G.nodes[n]["layer"], str(G.nodes[n]["label"]).lower()))
                    if n not in outcomes]
    bad = [n for n in removed if n in outcomes]
    if bad:
        raise checks.fail("removed", f"{bad[0]!r} is an outcome and cannot be knocked out",
                          f"any node except {', '.join(sorted(outcomes))}")

    pick = labelled(ipw.Dropdown(options=[(G.nodes[c]["label"], c) for c in net.CYTOKINES], value=cytokine),
                    "Cytokine")
    knock = labelled(ipw.SelectMultiple(options=node_options, value=tuple(removed), rows=10), "Knock out")
    language = labelled(ipw.ToggleButtons(options=[("English", "en"), ("中文", "zh")], value=lang), "Labels")
    clear = ipw.Button(description="Clear knockouts", tooltip="Restore the intact network", icon="undo")
    summary = ipw.HTML()

    map_fig = go.FigureWidget()
    sub = net.subgraph_for(cytokine, G)
    pic._fill_cytokine_figure(map_fig, G, sub, cytokine, removed, lang)
    finish(map_fig, title="Signalling map of the chosen cytokine",
           alt="Layered signalling map of the chosen cytokine, with knocked-out nodes crossed and the paths "
               "they cut highlighted.", height=680)
    pic._legend_bottom(map_fig)
    mark_simulated(map_fig, "net effects: signed-path model, not measured data")
    bars = _bar_figure(G)

    def update(*_) -> None:
        c, gone, lg = pick.value, tuple(knock.value), language.value
        sub = net.subgraph_for(c, G)
        pic._fill_cytokine_figure(map_fig, G, sub, c, gone, lg)
        title = (f"{G.nodes[c]['label']}: its own signalling map" if lg == "en"
                 else f"{G.nodes[c]['label']} 的信号通路图")
        table = net.knockout(G, gone) if gone else None
        before = net.net_effects(G).reindex(list(net.CYTOKINES))
        after = before if table is None else table.set_index("source").reindex(list(net.CYTOKINES))["after"]
        verdicts = ([""] * len(before) if table is None else
                    [v if v != "unchanged" else "" for v in table.set_index("source").reindex(
                        list(net.CYTOKINES))["verdict"]])
        with map_fig.batch_update():
            map_fig.layout.title.text = title + (f" — knocked out: {', '.join(gone)}" if gone else "")
        with bars.batch_update():
            bars.data[0].x = [float(v) for v in before]
            bars.data[1].x = [float(v) for v in after]
            bars.data[1].text = verdicts
            bars.data[1].marker.line.width = [3 if k == c else 1 for k in net.CYTOKINES]
        summary.value = _paths_html(G, c, gone, lg)

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
