"""Pictures of the cytokine signalling network: the layered map, the knockout explorer, hubs.

Every map is a layered drawing: x is the node's ``layer`` (upstream modifiers, cytokines,
receptors, adaptors, kinases, transcription factors, mediators, cell processes, tissue processes,
outcomes); within a layer nodes are ordered to shorten edges (a few deterministic barycentre
sweeps). Nodes carry a colour (Okabe–Ito) *and* a marker symbol per kind; activation edges are
solid with an arrowhead, inhibition edges dashed with a flat bar (⊣). Edges that run backwards
or within a layer are drawn as arcs. Hovering a node shows its kind and note; hovering the dot
in the middle of an edge shows the mechanism, the source section and, where the section gives only
the context, the study the edge rests on (or that it is the course's assumption). A button switches every
label between English and Chinese (both precomputed: no Python runs in the browser).

The knockout explorer and the hub chart show output of the signed-path rule of
:mod:`widgets.network` and are stamped as model output.

The live panel (:mod:`widgets.panels.network`) shows :func:`build_panel_map` and :func:`build_effect_bars`
and redraws them in place with :func:`update_panel_map` and :func:`update_effect_bars`; the bars are found
by their ``meta`` (``{"effects": "before"}``, ``{"effects": "after"}``), as in the knockout explorer.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from widgets import data
from widgets import network as net
from widgets.pictures import PALETTE, compact, finish, fit_top, legend_below, mark_simulated, wrap_text

__all__ = ["network_map", "knockout_explorer", "hub_table", "hub_figure", "cytokine_map", "KNOCKOUTS",
           "KIND_STYLE", "map_traces", "layout_positions", "map_axes", "words", "node_label", "cytokine_summary",
           "build_panel_map", "update_panel_map", "build_effect_bars", "update_effect_bars"]

#: Colour, marker symbol and Chinese name of each node kind (colour is never the only cue).
KIND_STYLE: dict[str, dict] = {
    "cytokine": dict(color=PALETTE["vermillion"], symbol="circle", zh="细胞因子"),
    "receptor": dict(color=PALETTE["blue"], symbol="square", zh="受体"),
    "ligand/decoy": dict(color=PALETTE["sky"], symbol="diamond", zh="拮抗剂/诱饵受体"),
    "adaptor": dict(color=PALETTE["green"], symbol="triangle-up", zh="接头蛋白"),
    "kinase": dict(color=PALETTE["orange"], symbol="hexagon", zh="激酶"),
    "enzyme": dict(color=PALETTE["purple"], symbol="pentagon", zh="酶"),
    "transcription factor": dict(color=PALETTE["yellow"], symbol="star", zh="转录因子"),
    "mediator": dict(color=PALETTE["vermillion"], symbol="triangle-down", zh="介质"),
    "cell process": dict(color=PALETTE["sky"], symbol="octagon", zh="细胞过程"),
    "outcome": dict(color=PALETTE["black"], symbol="star-diamond", zh="结局"),
    "drug": dict(color=PALETTE["purple"], symbol="cross", zh="药物"),
}
_OTHER_KIND = dict(color="#888888", symbol="circle-open", zh="其他")

#: Knockouts offered by the static explorer ("none" = the intact network).
KNOCKOUTS: tuple[str, ...] = ("none", "RANKL", "RANK", "TRAF6", "NF-κB", "OPG", "p38", "IRF-8", "sST2",
                              "IL-1Ra", "Smurf1/2", "TNFR-I")

_EDGE_COLOR = "#555555"
_CUT_COLOR = PALETTE["vermillion"]
_TEXT = {
    "en": dict(act="activates (→)", inh="inhibits (⊣)", cut="path cut by the knockout", removed="knocked out",
               lang="English", layer="layer", net="net effect on bone loss", none="intact network",
               ref="the section gives the context; the edge rests on {}", assumption="the course's assumption"),
    "zh": dict(act="激活 (→)", inh="抑制 (⊣)", cut="被敲除切断的通路", removed="已敲除",
               lang="中文", layer="层", net="对骨丢失的净效应", none="完整网络",
               ref="该章节只提供背景；此边依据 {}", assumption="本课程的假设"),
}


def words(lang: str) -> dict[str, str]:
    """The maps' and the network panel's own words (``data/network_text.csv``) in ``lang`` ('en' or 'zh')."""
    if lang not in _TEXT:
        raise ValueError(f"lang={lang!r} is not allowed (allowed: 'en', 'zh')")
    return {rec["key"]: rec[lang] for rec in data.cached_records("network_text.csv")}  # read-only: no copy


_HEAD_SIZE = 9  # px, an edge's arrowhead or bar
_W, _H = 660, 860  # nominal plot size in pixels (the book's column; used to trim edges at node markers)
_NODE_SIZE = 15


# --------------------------------------------------------------------------------------- layout
def layout_positions(G: nx.DiGraph, sweeps: int = 8) -> dict[str, tuple[float, float]]:
    """(x, y) of every node: x = layer; y ordered to reduce edge crossings, 1 unit apart, centred on 0
    (give or take the half unit that staggers neighbouring layers).

    Deterministic: barycentre sweeps (each node moves towards the mean height of its neighbours
    in other layers), the ordering with the fewest crossings is kept, then neighbouring nodes of a
    layer are swapped while that removes crossings. Results are cached per graph.
    """
    key = (tuple(G.nodes(data="layer")), tuple(G.edges), sweeps)
    if key not in _LAYOUTS:
        if len(_LAYOUTS) > 64:
            _LAYOUTS.clear()
        _LAYOUTS[key] = _layout(G, sweeps)
    return dict(_LAYOUTS[key])


_LAYOUTS: dict = {}


def _layout(G: nx.DiGraph, sweeps: int) -> dict[str, tuple[float, float]]:
    """The layout itself (see :func:`layout_positions`); crossings are counted with numpy."""
    layers: dict[int, list[str]] = defaultdict(list)
    for n, layer in G.nodes(data="layer"):
        layers[int(layer if layer is not None else 0)].append(n)
    order = sorted(layers)
    index = {n: i for i, n in enumerate(G.nodes)}
    X = np.array([float(G.nodes[n].get("layer") or 0) for n in G.nodes])
    Y = np.zeros(len(index))
    pairs = [(u, v) for u, v in G.edges if u != v]
    edges = [(index[u], index[v]) for u, v in pairs]
    U = np.array([e[0] for e in edges], dtype=int)
    V = np.array([e[1] for e in edges], dtype=int)
    incident: dict[str, list[int]] = defaultdict(list)
    for i, (u, v) in enumerate(pairs):
        incident[u].append(i)
        incident[v].append(i)
    neighbours = {n: [index[m] for m in (*G.predecessors(n), *G.successors(n)) if X[index[m]] != X[index[n]]]
                  for n in G.nodes}

    def place(L: int) -> None:
        nodes = layers[L]
        for i, n in enumerate(nodes):
            Y[index[n]] = (len(nodes) - 1) / 2 - i

    def crossings(A: np.ndarray, B: np.ndarray) -> np.ndarray:
        ax, ay, bx, by = X[U[A]][:, None], Y[U[A]][:, None], X[V[A]][:, None], Y[V[A]][:, None]
        cx, cy, dx, dy = X[U[B]][None, :], Y[U[B]][None, :], X[V[B]][None, :], Y[V[B]][None, :]

        def orient(px, py, qx, qy, rx, ry):
            return (qx - px) * (ry - py) - (qy - py) * (rx - px)

        o1 = orient(ax, ay, bx, by, cx, cy)
        o2 = orient(ax, ay, bx, by, dx, dy)
        o3 = orient(cx, cy, dx, dy, ax, ay)
        o4 = orient(cx, cy, dx, dy, bx, by)
        ua, va, ub, vb = U[A][:, None], V[A][:, None], U[B][None, :], V[B][None, :]
        shared = (ua == ub) | (ua == vb) | (va == ub) | (va == vb)
        return (o1 * o2 < 0) & (o3 * o4 < 0) & ~shared

    every = np.arange(len(edges))

    def total() -> int:
        return int(crossings(every, every).sum()) // 2 if len(edges) else 0

    def local(nodes: tuple[str, ...]) -> int:
        mine = np.array(sorted({i for n in nodes for i in incident[n]}), dtype=int)
        if not len(mine):
            return 0
        others = np.setdiff1d(every, mine)
        return int(crossings(mine, others).sum()) + int(crossings(mine, mine).sum()) // 2

    for L in order:
        place(L)
    best = (total(), {L: list(layers[L]) for L in order})
    for sweep in range(sweeps):
        for L in (order if sweep % 2 == 0 else order[::-1]):
            nodes = layers[L]

            def bary(n: str) -> float:
                nb = neighbours[n]
                return -float(Y[nb].mean()) if nb else -float(Y[index[n]])

            rank = {n: i for i, n in enumerate(nodes)}
            layers[L] = sorted(nodes, key=lambda n: (round(bary(n), 9), rank[n]))
            place(L)
        score = total()
        if score < best[0]:
            best = (score, {L: list(layers[L]) for L in order})
    layers = defaultdict(list, best[1])
    for L in order:
        place(L)
    for _ in range(4):  # greedy adjacent swaps
        improved = False
        for L in order:
            for i in range(len(layers[L]) - 1):
                a, b = layers[L][i], layers[L][i + 1]
                before = local((a, b))
                layers[L][i], layers[L][i + 1] = b, a
                place(L)
                if local((a, b)) < before:
                    improved = True
                else:
                    layers[L][i], layers[L][i + 1] = a, b
                    place(L)
        if not improved:
            break
    # Stagger the layers: nodes of neighbouring layers sit half a unit apart in height, so labels of
    # neighbouring layers (drawn above their nodes) are never side by side at the same height.
    for rank, L in enumerate(order):
        centred_whole = len(layers[L]) % 2 == 1          # heights are whole numbers when the count is odd
        if centred_whole != (rank % 2 == 0):
            for n in layers[L]:
                Y[index[n]] += 0.5
    return {n: (float(X[index[n]]), float(Y[index[n]])) for n in G.nodes}


def map_axes(pos: dict[str, tuple[float, float]]) -> tuple[list[float], list[float]]:
    """x and y ranges that frame every node and its label."""
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    return [min(xs) - 0.85, max(xs) + 0.85], [min(ys) - 0.8, max(ys) + 1.0]


def _map_label(text: str, kind: str | None) -> str:
    """A node's label on the map: a molecule's trailing alias in brackets is left to the hover text
    ("OPG (osteoprotegerin)" -> "OPG"), so neighbouring layers' labels do not run into each other."""
    if kind in ("cell process", "outcome"):
        return text
    m = re.match(r"^(.*\S)\s*\([^()]*\)$", text)
    return m.group(1) if m else text


def _wrap(text: str, width: int = 13) -> str:
    """A node label broken into lines of at most ``width`` characters (CJK characters count double)."""
    return wrap_text(text, width).replace(" <br>", "<br>")


def _edge_points(p0, p1, forward: bool, xr, yr, n_curve: int = 24):
    """Points of an edge from p0 to p1, trimmed at both node markers.

    Edges to the next layer are straight; longer forward edges bow gently (so they do not run
    through the nodes of the layers they skip); backward and same-layer edges are wide arcs.
    """
    sx = _W / (xr[1] - xr[0])
    sy = _H / (yr[1] - yr[0])
    (x0, y0), (x1, y1) = p0, p1
    if forward and x1 - x0 <= 1.0001:
        pts = [(x0, y0), (x1, y1)]
    else:
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        dx, dy = (x1 - x0) * sx, (y1 - y0) * sy
        length = math.hypot(dx, dy) or 1.0
        nx_, ny_ = -dy / length, dx / length  # left-hand normal, in pixels
        bend = (12 + 0.08 * length) if forward else (30 + 0.18 * length)
        cx, cy = mx + nx_ * bend / sx, my + ny_ * bend / sy
        pts = []
        for i in range(n_curve + 1):
            t = i / n_curve
            pts.append(((1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t ** 2 * x1,
                        (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t ** 2 * y1))

    def dist_px(a, b) -> float:
        return math.hypot((a[0] - b[0]) * sx, (a[1] - b[1]) * sy)

    r_end, r_start = _NODE_SIZE * 0.75 + 2, _NODE_SIZE * 0.6
    if len(pts) == 2:
        d = dist_px(pts[0], pts[1]) or 1.0
        fa, fb = min(r_start / d, 0.45), min(r_end / d, 0.45)
        a = (x0 + (x1 - x0) * fa, y0 + (y1 - y0) * fa)
        b = (x1 - (x1 - x0) * fb, y1 - (y1 - y0) * fb)
        return [a, b]
    kept = [p for p in pts if dist_px(p, p0) >= r_start and dist_px(p, p1) >= r_end]
    return kept if len(kept) >= 2 else [pts[1], pts[-2]]


# ---------------------------------------------------------------------------------------- traces
def map_traces(G: nx.DiGraph, pos: dict | None = None, *, removed=(), cut_edges=(), lang: str = "en",
               effects: dict | None = None, kinds=None, xaxis: str = "x", yaxis: str = "y",
               show_legend: bool = True):
    """The traces of a network map, always in the same order (so a figure can be updated in place).

    Returns ``(traces, variants)``: ``traces`` = [activation edges, inhibition edges, cut edges,
    activation hover dots, inhibition hover dots, arrowheads, inhibition bars, one node trace per kind of
    :data:`KIND_STYLE` (possibly empty), knocked-out nodes]; ``variants[lang]`` = the
    ``text``/``hovertext``/``name`` of every trace in that language (for the language button).
    ``kinds`` fixes the node traces (default: every kind of :data:`KIND_STYLE` plus any other kind in
    ``G``); pass the kinds of the whole network when drawing a part of it in a figure updated in place.
    """
    if lang not in _TEXT:
        raise ValueError(f"lang={lang!r} is not allowed (allowed: 'en', 'zh')")
    pos = pos or layout_positions(G)
    xr, yr = map_axes(pos)
    removed = set(removed)
    cut = set(cut_edges)
    effects = effects or {}
    lines = {1: ([], []), -1: ([], [])}
    ends = {1: ([], [], []), -1: ([], [], [])}
    cut_xy: tuple[list, list] = ([], [])
    hover = {1: ([], [], {"en": [], "zh": []}), -1: ([], [], {"en": [], "zh": []})}
    for u, v, d in G.edges(data=True):
        sign = 1 if d["sign"] > 0 else -1
        forward = pos[v][0] > pos[u][0]
        pts = _edge_points(pos[u], pos[v], forward, xr, yr)
        xs, ys = lines[sign]
        xs.extend([p[0] for p in pts] + [None])
        ys.extend([p[1] for p in pts] + [None])
        ex, ey, es = ends[sign]  # the head's point and the one before it (its direction)
        ex.extend([pts[-2][0], pts[-1][0]])
        ey.extend([pts[-2][1], pts[-1][1]])
        es.extend([0, _HEAD_SIZE])
        if (u, v) in cut:
            cut_xy[0].extend([p[0] for p in pts] + [None])
            cut_xy[1].extend([p[1] for p in pts] + [None])
        mid = pts[len(pts) // 2] if len(pts) > 2 else ((pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2)
        hx, hy, ht = hover[sign]
        hx.append(mid[0])
        hy.append(mid[1])
        for lg, key in (("en", "label"), ("zh", "label_zh")):
            arrow = "→" if sign > 0 else "⊣"
            ht[lg].append(f"<b>{G.nodes[u].get(key, u)} {arrow} {G.nodes[v].get(key, v)}</b><br>"
                          f"{d.get('mechanism' if lg == 'en' else 'mechanism_zh', '')}<br>"
                          f"<i>{_edge_basis(d, lg)}</i>")
    traces: list[go.Scatter] = []
    variants: dict[str, list[dict]] = {"en": [], "zh": []}
    common = dict(xaxis=xaxis, yaxis=yaxis)
    for sign, dash, key in ((1, "solid", "act"), (-1, "dash", "inh")):
        xs, ys = lines[sign]
        traces.append(go.Scatter(
            x=compact(xs, 5) if xs else [], y=compact(ys, 5) if ys else [], mode="lines",
            line=dict(color=_EDGE_COLOR, width=1.1, dash=dash), legendgroup=key,
            name=_TEXT[lang][key], hoverinfo="skip", showlegend=show_legend, **common))
        for lg in variants:
            variants[lg].append(dict(text=None, hovertext=None, name=_TEXT[lg][key]))
    traces.append(go.Scatter(
        x=compact(cut_xy[0], 5) if cut_xy[0] else [], y=compact(cut_xy[1], 5) if cut_xy[1] else [],
        mode="lines", line=dict(color=_CUT_COLOR, width=4, dash="dot"), opacity=0.8, name=_TEXT[lang]["cut"],
        hoverinfo="skip", showlegend=show_legend, **common))
    for lg in variants:
        variants[lg].append(dict(text=None, hovertext=None, name=_TEXT[lg]["cut"]))
    for sign, key in ((1, "act"), (-1, "inh")):
        hx, hy, ht = hover[sign]
        traces.append(go.Scatter(
            x=compact(hx, 5) if hx else [], y=compact(hy, 5) if hy else [], mode="markers",
            marker=dict(size=7, color=_EDGE_COLOR, opacity=0.35, symbol="circle"),
            hovertext=ht[lang], hoverinfo="text", showlegend=False, name=_TEXT[lang][key], **common))
        for lg in variants:
            variants[lg].append(dict(text=None, hovertext=ht[lg], name=_TEXT[lg][key]))
    for sign, key in ((1, "act"), (-1, "inh")):
        # The heads are a trace of their own, two points an edge: markers along every point of the curved
        # edges (most of size 0) made the map's first draw three times slower.
        ex, ey, es = ends[sign]
        traces.append(go.Scatter(
            x=compact(ex, 5) if ex else [], y=compact(ey, 5) if ey else [], mode="markers", legendgroup=key,
            marker=dict(symbol="arrow" if sign > 0 else "line-ew", size=es, angleref="previous",
                        color=_EDGE_COLOR, line=dict(color=_EDGE_COLOR, width=2)),
            name=_TEXT[lang][key], hoverinfo="skip", showlegend=False, **common))
        for lg in variants:
            variants[lg].append(dict(text=None, hovertext=None, name=_TEXT[lg][key]))
    if kinds is None:
        kinds = _all_kinds(G)
    for kind in kinds:
        style = KIND_STYLE.get(kind, _OTHER_KIND)
        nodes = [n for n, k in G.nodes(data="kind") if k == kind]
        texts = {lg: [_wrap(_map_label(str(G.nodes[n].get(key, n)), kind)) for n in nodes]
                 for lg, key in (("en", "label"), ("zh", "label_zh"))}
        hovers = {lg: [_node_hover(G, n, lg, effects.get(n)) for n in nodes] for lg in ("en", "zh")}
        names = {"en": kind, "zh": style["zh"]}
        traces.append(go.Scatter(
            x=[pos[n][0] for n in nodes], y=compact([pos[n][1] for n in nodes], 5) if nodes else [],
            mode="markers+text", text=texts[lang], textposition="top center",
            textfont=dict(size=9.5), hovertext=hovers[lang], hoverinfo="text", name=names[lang],
            showlegend=show_legend and bool(nodes),
            marker=dict(symbol=style["symbol"], size=_NODE_SIZE + (4 if kind in ("cytokine", "outcome") else 0),
                        color=style["color"], line=dict(color="#222222", width=1)),
            **common))
        for lg in variants:
            variants[lg].append(dict(text=texts[lg], hovertext=hovers[lg], name=names[lg]))
    gone = [n for n in G.nodes if n in removed]
    traces.append(go.Scatter(
        x=[pos[n][0] for n in gone], y=[pos[n][1] for n in gone], mode="markers",
        marker=dict(symbol="x-thin", size=26, line=dict(color=_CUT_COLOR, width=4), color=_CUT_COLOR),
        name=_TEXT[lang]["removed"], hoverinfo="skip", showlegend=show_legend, **common))
    for lg in variants:
        variants[lg].append(dict(text=None, hovertext=None, name=_TEXT[lg]["removed"]))
    return traces, variants


def _cite(key: str, lang: str) -> str:
    """'heinrich2003principles' -> 'Heinrich et al. 2003' (Chinese: 'Heinrich 等 2003')."""
    m = re.match(r"^([a-z]+)(\d{4})", key)
    if not m:
        return key
    name, year = m.group(1).capitalize(), m.group(2)
    return f"{name} et al. {year}" if lang == "en" else f"{name} 等 {year}"


def _edge_basis(d: dict, lang: str) -> str:
    """Where an edge comes from: its source section, and the study behind it or the course's assumption."""
    section = d.get("section", "")
    if lang == "zh":
        section = section.replace("Review", words("zh")["review"])
    evidence = d.get("evidence", "source")
    if evidence == "reference" and d.get("reference"):
        return f"{section}; " + _TEXT[lang]["ref"].format(_cite(d["reference"], lang))
    if evidence == "assumption":
        return f"{section}; {_TEXT[lang]['assumption']}"
    return section


def _all_kinds(G: nx.DiGraph) -> list[str]:
    return list(KIND_STYLE) + sorted({k for _, k in G.nodes(data="kind") if k not in KIND_STYLE})


def _node_hover(G: nx.DiGraph, n: str, lang: str, effect: float | None) -> str:
    d = G.nodes[n]
    style = KIND_STYLE.get(d.get("kind"), _OTHER_KIND)
    kind = d.get("kind") if lang == "en" else style["zh"]
    label = d.get("label") if lang == "en" else d.get("label_zh")
    text = (f"<b>{label}</b> ({kind})<br>id: {n}; {_TEXT[lang]['layer']} {d.get('layer')}" if lang == "en"
            else f"<b>{label}</b>（{kind}）<br>{_TEXT[lang]['layer']} {d.get('layer')}")
    if effect is not None:
        text += f"<br>{_TEXT[lang]['net']}: {effect:+.3g}"
    note = d.get("note" if lang == "en" else "note_zh") or ""
    if note:
        text += "<br>" + _wrap(note, 60)
    return text


def _lang_menu(variants: dict, indices: list[int], x: float = 1.0, y: float = 1.0, layouts: dict | None = None,
               name: str | None = None) -> dict:
    """The English/中文 buttons; ``layouts[lang]`` (optional) = the layout changes of that language
    (title, notes), for a button that updates the layout too. A variant may set more trace properties than
    ``text``, ``hovertext`` and ``name`` (a bar's ``hovertemplate``); the traces without it get ``None``.
    ``name`` names the menu (the site's keyboard control for it)."""
    buttons = []
    for lg in ("en", "zh"):
        v = variants[lg]
        keys = ["text", "hovertext", "name"] + sorted({k for d in v for k in d} - {"text", "hovertext", "name"})
        restyle = {k: [d.get(k) for d in v] for k in keys}
        buttons.append(dict(label=_TEXT[lg]["lang"], method="update", args=[restyle, layouts[lg], indices])
                       if layouts else dict(label=_TEXT[lg]["lang"], method="restyle", args=[restyle, indices]))
    menu = dict(type="buttons", direction="right", buttons=buttons, x=x, y=y, xanchor="right", yanchor="bottom",
                showactive=True, active=0, pad=dict(r=4, t=2, b=2), font=dict(size=11))
    if name:
        menu["name"] = name
    return menu


def _axes_style(xr, yr) -> dict:
    hidden = dict(visible=False, showgrid=False, zeroline=False, fixedrange=False)
    return dict(xaxis=dict(range=xr, **hidden), yaxis=dict(range=yr, **hidden))


def _lost_edges(G: nx.DiGraph, removed, sources=net.CYTOKINES, target: str = net.TARGET) -> set:
    """Edges on some source → target path before the knockout but on none after it."""
    before, after = set(), set()
    for s in sources:
        for p in net.surviving_paths(G, s, target):
            edges = set(zip(p, p[1:]))
            before |= edges
            if set(removed).isdisjoint(p):
                after |= edges
    return before - after


# --------------------------------------------------------------------------------------- figures
def network_map(G: nx.DiGraph | None = None, lang: str = "en") -> go.Figure:
    """The whole network as a layered map with an English/Chinese label button.

    Hover a node for its kind, note and net effect on bone loss; hover the dot in the middle of
    an edge for the mechanism, the source section and the evidence behind it.
    """
    if lang not in _TEXT:
        raise ValueError(f"lang={lang!r} is not allowed (allowed: 'en', 'zh')")
    G = net.build_graph() if G is None else G
    pos = layout_positions(G)
    effects = {c: net.net_effect(G, c) for c in net.CYTOKINES if c in G}
    traces, variants = map_traces(G, pos, lang=lang, effects=effects)
    fig = go.Figure(traces)
    xr, yr = map_axes(pos)
    fig.update_layout(**_axes_style(xr, yr))
    titles = {lg: wrap_text(words(lg)["map_title"]) for lg in ("en", "zh")}
    fig.update_layout(updatemenus=[_lang_menu(variants, list(range(len(traces))),
                                              layouts={lg: {"title.text": titles[lg]} for lg in titles})])
    if lang == "zh":
        fig.layout.updatemenus[0].active = 1
    _legend_bottom(fig)
    title = words(lang)["map_title"]
    alt = (f"Layered map of {G.number_of_nodes()} nodes and {G.number_of_edges()} signed edges, read left to "
           "right from upstream modifiers and the six cytokines through receptors, adaptors, kinases and "
           "transcription factors to RANKL/OPG, osteoclast and osteoblast differentiation, bone resorption and "
           "formation, and bone loss (with the IL-6 → gp130 → JAK1/JAK2 → STAT3 → Runx2 → TNAP branch to "
           "vascular calcification; which JAK carries the signal is open, the VSMC paper assumes JAK2); solid "
           "arrows activate, dashed bars inhibit.")
    fig = finish(fig, title=title, alt=alt, height=_H + 200)
    _legend_bottom(fig)
    return fig


def _legend_bottom(fig: go.Figure, y: float = 0.0) -> None:
    """The map legend at the bottom of the figure (it wraps on a phone), narrow side margins."""
    legend_below(fig, font=dict(size=10), itemsizing="constant", y=y, itemwidth=30)
    fig.update_layout(margin=dict(l=10, r=10, b=10))
    fit_top(fig)


def cytokine_map(cytokine: str, lang: str = "en", *, removed=(), G: nx.DiGraph | None = None) -> go.Figure:
    """The map of one cytokine (:func:`widgets.network.subgraph_for`) with its net effects.

    ``removed`` knocks nodes out: they are crossed, the edges of the paths they cut are
    highlighted, and the net effects are given before → after.
    """
    if lang not in _TEXT:
        raise ValueError(f"lang={lang!r} is not allowed (allowed: 'en', 'zh')")
    G = net.build_graph() if G is None else G
    sub = net.subgraph_for(cytokine, G)
    cytokine = sub.graph["cytokine"]
    removed = net.check_nodes(G, removed, "removed")
    fig = go.Figure()
    variants = _fill_cytokine_figure(fig, G, sub, cytokine, removed, lang)
    name = G.nodes[cytokine]["label"]
    stamps = {lg: _stamp_text(words(lg)["stamp_map"]) for lg in ("en", "zh")}
    layouts = {lg: {"title.text": wrap_text(words(lg)["cytokine_title"].format(node_label(G, cytokine, lg))),
                    "annotations[0].text": _summary_note(cytokine_summary(G, cytokine, removed, lg)),
                    "annotations[1].text": stamps[lg]} for lg in ("en", "zh")}
    fig.layout.updatemenus = [_lang_menu(variants, list(range(len(fig.data))), y=1.0, layouts=layouts)]
    if lang == "zh":
        fig.layout.updatemenus[0].active = 1
    eff = net.net_effect(G, cytokine)
    alt = (f"Signalling map of {name}: {sub.number_of_nodes()} nodes from {name}, its receptors, decoys and drugs "
           f"to bone loss and vascular calcification. Its net effect on bone loss by the signed-path rule is "
           f"{eff:+.3g} ({'promotes' if eff > 0 else 'protects against'} bone loss).")
    fig = finish(fig, title=words(lang)["cytokine_title"].format(node_label(G, cytokine, lang)), alt=alt, height=860)
    _legend_bottom(fig)
    return mark_simulated(fig, words(lang)["stamp_map"])


def node_label(G, node: str, lang: str) -> str:
    """The label of ``node`` in ``lang`` ('en' or 'zh')."""
    return G.nodes[node]["label" if lang == "en" else "label_zh"]


def _stamp_text(text: str) -> str:
    """The text :func:`widgets.pictures.mark_simulated` stamps for ``text`` (so a button can set it)."""
    return mark_simulated(go.Figure(), text).layout.annotations[0].text


def _set_stamp(fig: go.Figure, text: str) -> None:
    """Replace the text of the simulated stamp of ``fig`` by the stamp of ``text``."""
    for a in fig.layout.annotations or ():
        if a.name == "simulated-stamp":
            a.text = _stamp_text(text)


#: The stamp of the maps' net effects (two lines on the figure: what, then why).
_STAMP = "SIMULATED net effects — signed-path model, not measured data"


def _summary_note(summary: str) -> str:
    """The net-effect line over a map, one outcome per line, each wrapped to fit a phone."""
    lines = summary.replace("; ", ";<br>").replace("；", "；<br>")
    return wrap_text(lines, _STATUS_CHARS - 2).replace(" <br>", "<br>")


def cytokine_summary(G, cytokine, removed, lang="en") -> str:
    """The net effects of ``cytokine`` on every outcome in one line (before → after when nodes are ``removed``)."""
    parts = []
    for target in net.outcomes(G):
        before = net.net_effect(G, cytokine, target)
        after = net.net_effect(G, cytokine, target, removed=removed)
        label = G.nodes[target]["label" if lang == "en" else "label_zh"]
        if removed:
            parts.append(f"{label}: {before:+.3g} → {after:+.3g}")
        else:
            parts.append(f"{label}: {before:+.3g}")
    return words(lang)["net_effect_on"].format(("; " if lang == "en" else "；").join(parts))


def _fill_cytokine_figure(fig, G, sub, cytokine, removed, lang) -> dict:
    """Draw (or redraw in place, keeping the trace order) the map of ``cytokine`` into ``fig``.

    Returns the language variants of the traces (see :func:`map_traces`).
    """
    pos = layout_positions(sub)
    effects = {cytokine: net.net_effect(G, cytokine, removed=removed)}
    cut = _lost_edges(G, removed, sources=(cytokine,)) & set(sub.edges) if removed else set()
    traces, variants = map_traces(sub, pos, removed=[n for n in removed if n in sub], cut_edges=cut, lang=lang,
                                  effects=effects, kinds=_all_kinds(G))
    xr, yr = map_axes(pos)
    summary = cytokine_summary(G, cytokine, removed, lang)
    if len(fig.data) == len(traces):
        with fig.batch_update():
            for old, new in zip(fig.data, traces):
                for key in ("x", "y", "text", "hovertext", "name", "showlegend"):
                    setattr(old, key, getattr(new, key))
                if new.marker is not None and new.marker.size is not None:
                    old.marker.size = new.marker.size
            fig.layout.xaxis.range = xr
            fig.layout.yaxis.range = yr
            fig.update_annotations(text=_summary_note(summary), selector=dict(name="top-note"))
    else:
        fig.data = []
        fig.add_traces(traces)
        fig.update_layout(**_axes_style(xr, yr))
        fig.layout.annotations = [dict(text=_summary_note(summary), xref="paper", yref="paper", x=0.0, y=1.0,
                                       xanchor="left", yanchor="bottom", align="left", showarrow=False,
                                       font=dict(size=12), name="top-note")]
    return variants


def build_panel_map(G: nx.DiGraph, cytokine: str, removed=(), lang: str = "en") -> go.Figure:
    """The live panel's map of ``cytokine`` with ``removed`` knocked out (redrawn by :func:`update_panel_map`)."""
    fig = go.Figure()
    _fill_cytokine_figure(fig, G, net.subgraph_for(cytokine, G), cytokine, removed, lang)
    finish(fig, title="Signalling map of the chosen cytokine",
           alt="Layered signalling map of the chosen cytokine, with knocked-out nodes crossed and the paths "
               "they cut highlighted.", height=680)
    _legend_bottom(fig)
    return mark_simulated(fig, words(lang)["stamp_panel_map"])


def update_panel_map(fig: go.Figure, G: nx.DiGraph, cytokine: str, removed=(), lang: str = "en") -> None:
    """Redraw a :func:`build_panel_map` figure (a ``FigureWidget`` too) in place: its map, title and stamp."""
    _fill_cytokine_figure(fig, G, net.subgraph_for(cytokine, G), cytokine, removed, lang)
    w = words(lang)
    title = w["cytokine_title"].format(node_label(G, cytokine, lang))
    with fig.batch_update():
        gone_names = ", ".join(node_label(G, n, lang) for n in removed)
        fig.layout.title.text = wrap_text(w["knocked_out"].format(title, gone_names) if removed else title)
        _set_stamp(fig, w["stamp_panel_map"])
    fit_top(fig)  # after the batch: it measures the texts just set


def _effect_bars(labels, before, after, text, *, names, hovers, **after_style) -> list[go.Bar]:
    """The two bars of every cytokine's net effect: intact (grey, hatched) and after a knockout (blue, solid).

    Their ``meta`` says which is which (``{"effects": "before"}``, ``{"effects": "after"}``).
    """
    return [go.Bar(x=before, y=labels, orientation="h", name=names[0], meta={"effects": "before"},
                   marker=dict(color="#BBBBBB", pattern=dict(shape="/", fgcolor="#555555"),
                               line=dict(color="#555555", width=1)),
                   hovertemplate=hovers[0]),
            go.Bar(x=after, y=labels, orientation="h", name=names[1], meta={"effects": "after"},
                   marker=dict(color=PALETTE["blue"], line=dict(color="#222222", width=1)),
                   text=text, textposition="outside", cliponaxis=False, hovertemplate=hovers[1], **after_style)]


def build_effect_bars(G: nx.DiGraph, lang: str = "en") -> go.Figure:
    """The live panel's bar chart of the six cytokines' net effects, without values (see :func:`update_effect_bars`)."""
    w = words(lang)
    labels = [node_label(G, c, lang) for c in net.CYTOKINES]
    fig = go.Figure(_effect_bars(labels, [0.0] * len(labels), [0.0] * len(labels), [""] * len(labels),
                                 names=(w["bars_intact"], w["bars_after"]),
                                 hovers=(w["bars_hover_intact"], w["bars_hover_after"])))
    fig.update_layout(barmode="group", yaxis=dict(autorange="reversed"),
                      xaxis=dict(title=w["bars_axis"], zeroline=True, zerolinecolor="#222222"),
                      legend=dict(orientation="h", x=0, y=-0.25, xanchor="left", yanchor="top"))
    finish(fig, title=w["bars_title"],
           alt="Bar chart of the six cytokines' net effects on bone loss, intact (hatched) and after the chosen "
               "knockout (solid).", height=340)
    fig.update_layout(margin=dict(l=110, r=90, t=60, b=90))
    return mark_simulated(fig, w["stamp_bars"])


def update_effect_bars(fig: go.Figure, G: nx.DiGraph, cytokine: str, removed=(), lang: str = "en") -> None:
    """Redraw a :func:`build_effect_bars` figure in place: every cytokine's net effect intact and without
    ``removed`` (``cytokine``'s bar outlined), every word in ``lang``."""
    cytokines = list(net.CYTOKINES)
    table = net.knockout(G, removed).set_index("source").reindex(cytokines) if removed else None
    before = net.net_effects(G).reindex(cytokines)
    after = before if table is None else table["after"]
    w = words(lang)
    verdicts = ([""] * len(before) if table is None else
                [w[f"verdict_{v}"] if v != "unchanged" else "" for v in table["verdict"]])
    labels = [node_label(G, c, lang) for c in cytokines]
    bars = {t.meta["effects"]: t for t in fig.data if isinstance(t.meta, dict) and "effects" in t.meta}
    with fig.batch_update():
        bars["before"].x = [float(v) for v in before]
        bars["after"].x = [float(v) for v in after]
        bars["after"].text = verdicts
        bars["after"].marker.line.width = [3 if k == cytokine else 1 for k in cytokines]
        for key, name, hover in (("before", "bars_intact", "bars_hover_intact"),
                                 ("after", "bars_after", "bars_hover_after")):
            bars[key].update(name=w[name], y=labels, hovertemplate=w[hover])
        fig.layout.xaxis.title.text = w["bars_axis"]
        fig.layout.title.text = wrap_text(w["bars_title"])
        _set_stamp(fig, w["stamp_bars"])
    fit_top(fig)


def knockout_explorer(knockouts=KNOCKOUTS, G: nx.DiGraph | None = None) -> go.Figure:
    """Static explorer: a dropdown knocks out one node (precomputed) on the whole map.

    The knocked-out node is crossed, the edges of the cytokine → bone-loss paths it cuts are
    highlighted, and the bar chart above the map gives each cytokine's net effect on bone loss
    before (hatched) and after (solid) the knockout. The bars sit above the map (each as wide as the
    figure), right under the menu, so the choice and its effect are seen together.

    The English/中文 buttons switch every word of the figure and keep the knockout: each knockout button
    writes the status note in both languages (two notes, one shown) and the bars' verdicts in both (the
    bar's ``customdata``; the language picks the column by its ``texttemplate``), so the figure's state
    is the chosen knockout and the chosen language, whatever the order of the clicks.
    """
    G = net.build_graph() if G is None else G
    knockouts = tuple(knockouts)
    for k in knockouts:
        if k != "none":
            net.check_node(G, k, "knockouts")
    pos = layout_positions(G)
    traces, variants = map_traces(G, pos, lang="en")
    fig = make_subplots(rows=2, cols=1, row_heights=[0.2, 0.8], vertical_spacing=0.09)
    for t in traces:
        fig.add_trace(t, row=2, col=1)
    n_map = len(traces)
    i_cut, i_removed = 2, n_map - 1
    cytokines = list(net.CYTOKINES)
    labels = [G.nodes[c]["label"] for c in cytokines]
    before = net.net_effects(G).reindex(cytokines).to_numpy()
    w = {lg: words(lg) for lg in ("en", "zh")}
    unchanged = [["", ""] for _ in cytokines]
    for bar in _effect_bars(labels, compact(before), compact(before), None,
                            names=(w["en"]["explorer_before"], w["en"]["explorer_after"]),
                            hovers=(w["en"]["bars_hover_intact"], w["en"]["bars_hover_after"]),
                            textfont=dict(size=10), customdata=unchanged, texttemplate=_VERDICT_TEMPLATE["en"]):
        fig.add_trace(bar, row=1, col=1)
    i_after = n_map + 1
    for lg in ("en", "zh"):
        variants[lg].append(dict(text=None, hovertext=None, name=w[lg]["explorer_before"],
                                 hovertemplate=w[lg]["bars_hover_intact"], texttemplate=None))
        variants[lg].append(dict(text=None, hovertext=None, name=w[lg]["explorer_after"],
                                 hovertemplate=w[lg]["bars_hover_after"], texttemplate=_VERDICT_TEMPLATE[lg]))
    buttons = []
    for k in knockouts:
        removed = () if k == "none" else (k,)
        table = net.knockout(G, removed).set_index("source").reindex(cytokines) if removed else None
        lost = _lost_edges(G, removed) if removed else set()
        xs, ys = [], []
        for u, v in G.edges:
            if (u, v) in lost:
                pts = _edge_points(pos[u], pos[v], pos[v][0] > pos[u][0], *map_axes(pos))
                xs.extend([p[0] for p in pts] + [None])
                ys.extend([p[1] for p in pts] + [None])
        after = before if table is None else table["after"].to_numpy()
        verdicts = unchanged if table is None else [
            [v, w["zh"][f"verdict_{v}"]] if v != "unchanged" else ["", ""] for v in table["verdict"]]
        status = {lg: _knockout_status(G, k if removed else None, len(lost), labels, [v[i] for v in verdicts], lg)
                  for i, lg in enumerate(("en", "zh"))}
        buttons.append(dict(
            label=w["en"]["explorer_none"] if k == "none" else k, method="update",
            args=[{"x": [compact(xs, 5), [pos[k][0]] if removed else [], compact(after)],
                   "y": [compact(ys, 5), [pos[k][1]] if removed else [], labels],
                   "customdata": [None, None, verdicts]},
                  {"annotations[0].text": status["en"], "annotations[1].text": status["zh"]},
                  [i_cut, i_removed, i_after]]))
    xr, yr = map_axes(pos)
    hidden = dict(visible=False, showgrid=False, zeroline=False)
    fig.update_layout(xaxis2=dict(range=xr, **hidden), yaxis2=dict(range=yr, **hidden), barmode="group",
                      xaxis=dict(title=dict(text=w["en"]["explorer_axis"], font=dict(size=11), standoff=4),
                                 zeroline=True, zerolinecolor="#222", range=_bar_range(G, knockouts, before)),
                      # the cytokine names in the left part of the figure's width, the bars in the rest
                      yaxis=dict(autorange="reversed", tickfont=dict(size=11), domain=fig.layout.yaxis.domain))
    fig.update_xaxes(domain=[0.2, 1.0], row=1, col=1)
    note = dict(xref="paper", yref="paper", x=0.0, y=1.0, xanchor="left", yanchor="bottom", showarrow=False,
                align="left", font=dict(size=12), name="top-note")
    fig.layout.annotations = [dict(text=_knockout_status(G, None, 0, labels, [], "en"), visible=True, **note),
                              dict(text=_knockout_status(G, None, 0, labels, [], "zh"), visible=False, **note),
                              dict(text=w["en"]["explorer_menu"], xref="paper", yref="paper", x=0.0, y=1.0,
                                   xanchor="left", yanchor="middle", showarrow=False, font=dict(size=12),
                                   name="menu-label")]
    # annotations: 0 and 1 the status note in English and in Chinese, 2 the menu's label, 3 the stamp
    nones = [i for i, k in enumerate(knockouts) if k == "none"]
    layouts = {lg: {"title.text": wrap_text(w[lg]["explorer_title"]), "xaxis.title.text": w[lg]["explorer_axis"],
                    "annotations[0].visible": lg == "en", "annotations[1].visible": lg == "zh",
                    "annotations[2].text": w[lg]["explorer_menu"], "annotations[3].text": _stamp_text(w[lg]["stamp_map"]),
                    **{f"updatemenus[0].buttons[{i}].label": w[lg]["explorer_none"] for i in nones}}
               for lg in ("en", "zh")}
    fig.update_layout(updatemenus=[
        dict(type="dropdown", buttons=buttons, active=0, x=0.0, y=1.0, xanchor="left", yanchor="bottom",
             showactive=True, font=dict(size=11), pad=dict(l=72, r=2, t=2, b=2), name=w["en"]["explorer_menu_name"]),
        _lang_menu(variants, list(range(len(fig.data))), x=1.0, y=1.0, layouts=layouts, name="English / 中文"),
    ])
    alt = ("Network map with a dropdown that knocks out one node (RANKL, RANK, TRAF6, NF-κB, OPG, p38, IRF-8 "
           "and others): the cut paths are highlighted and a bar chart compares each cytokine's net effect on "
           "bone loss before and after; removing RANKL, RANK or TRAF6 weakens the pro-resorptive cytokines, "
           "removing the decoy OPG strengthens them.")
    fig = finish(fig, title=w["en"]["explorer_title"], alt=alt, height=_H + 420)
    _legend_bottom(fig)
    return mark_simulated(fig, w["en"]["stamp_map"])


#: The after-knockout bar's text in each language: a column of its ``customdata`` (the verdicts in both).
_VERDICT_TEMPLATE = {"en": "%{customdata[0]}", "zh": "%{customdata[1]}"}


def _knockout_status(G, knocked: str | None, cut: int, labels, verdicts, lang: str) -> str:
    """The knockout explorer's note over the plot: which node is knocked out, how many path edges it cuts and
    which cytokines change (``verdicts`` in ``lang``, one per label, ``""`` where nothing changes)."""
    w = words(lang)
    if knocked is None:
        return wrap_text(w["explorer_intact"], _STATUS_CHARS)
    sep, end = (", ", ".") if lang == "en" else ("，", "。")
    changes = sep.join(f"{c} {t}" for c, t in zip(labels, verdicts) if t) or w["explorer_no_change"]
    head = w["explorer_cut"].format(knocked, cut).strip() + (" " if lang == "en" else "")
    return wrap_text(head + changes + end, _STATUS_CHARS)


#: Longest line of the knockout explorer's status note (12 px), in characters (fits a phone).
_STATUS_CHARS = 46


def _bar_range(G, knockouts, before) -> list[float]:
    values = list(before)
    for k in knockouts:
        if k != "none":
            values.extend(net.knockout(G, k)["after"])
    lo, hi = min(values + [0.0]), max(values + [0.0])
    pad = 0.35 * (hi - lo or 1.0)
    return [lo - pad, hi + pad]


def hub_table(G: nx.DiGraph | None = None, top: int = 15, molecules_only: bool = True) -> pd.DataFrame:
    """The hubs of :func:`widgets.network.hubs` as a display table (rank, node, kind, paths, shares in %).

    ``molecules_only`` leaves out cell processes and outcomes (which nearly every path crosses).
    """
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top={top!r} is not allowed (allowed: a whole number >= 1)")
    G = net.build_graph() if G is None else G
    kinds = [k for k in KIND_STYLE if k not in ("cell process", "outcome")] if molecules_only else None
    kinds = [k for k in kinds if k in {d for _, d in G.nodes(data="kind")}] if kinds else None
    table = net.hubs(G, kinds=kinds).head(top).reset_index(drop=True)
    out = pd.DataFrame({
        "rank": range(1, len(table) + 1),
        "node": table["label"],
        "kind": table["kind"],
        "paths through it": table["paths"],
        "% of paths": (100 * table["share"]).round(1),
        "% of weight": (100 * table["weight_share"]).round(1),
        "cytokines using it": table["sources"],
    })
    return out.set_index("rank")


def hub_figure(G: nx.DiGraph | None = None, top: int = 15, molecules_only: bool = True) -> go.Figure:
    """Horizontal bar chart of the hubs: how many cytokine → bone-loss paths pass through each node.

    Each bar is named by its node; its kind is given by colour *and* fill pattern (legend below).
    """
    G = net.build_graph() if G is None else G
    table = hub_table(G, top=top, molecules_only=molecules_only)
    fig = go.Figure()
    order = list(table["node"])
    patterns = ["", "/", ".", "x", "\\", "+", "-", "|"]
    for i, kind in enumerate([k for k in KIND_STYLE if k in set(table["kind"])]):
        rows = table[table["kind"] == kind]
        style = KIND_STYLE[kind]
        fig.add_trace(go.Bar(
            x=list(rows["paths through it"]), y=list(rows["node"]), orientation="h",
            name=kind, marker=dict(color=style["color"], line=dict(color="#222222", width=1),
                                   pattern=dict(shape=patterns[i % len(patterns)], fgcolor="#222222", size=6,
                                                solidity=0.25)),
            text=[f"{p:g}%" for p in rows["% of paths"]], textposition="outside", cliponaxis=False,
            textfont=dict(size=11), customdata=[[k, c] for k, c in zip(rows["kind"], rows["cytokines using it"])],
            hovertemplate="%{y} (%{customdata[0]}): %{x} paths (%{text}), used by %{customdata[1]} cytokines"
                          "<extra></extra>"))
    fig.update_layout(yaxis=dict(categoryorder="array", categoryarray=order[::-1], title=None, automargin=True,
                                 tickfont=dict(size=12)),
                      xaxis=dict(title=dict(text="cytokine → bone-loss paths<br>through the node", font=dict(size=12))),
                      barmode="overlay")
    top_names = ", ".join(order[:3])
    alt = (f"Bar chart of the {len(order)} molecules crossed by the most cytokine-to-bone-loss paths; "
           f"the top three, where most of the cytokines' signals converge, are {top_names}.")
    fig = finish(fig, title="Hubs: where the cytokines' paths<br>to bone loss converge", alt=alt,
                 height=max(420, 26 * len(order) + 220))
    legend_below(fig, title=dict(text="kind: "))
    fig.update_layout(margin=dict(l=10, r=50, b=10))
    return mark_simulated(fig, "path counts of the curated map (model)")
