"""The cytokine signalling network: a signed directed graph and a few questions asked of it.

The graph is built from ``data/network_nodes.csv`` and ``data/network_edges.csv`` (read and
validated by :mod:`widgets.data`). Every edge is signed, ``+1`` (activates, →) or ``-1``
(inhibits, ⊣), names the section of the source that states it (or gives its context) and says how
far that section supports it (``evidence``: ``source``, or ``reference`` with the verified study that
states the edge, or ``assumption`` for a teaching choice). An effect seen in one cell type and
signalled through shared kinases is drawn from the cytokine itself (IL-1 ⊣ osteoblast
differentiation, IL-1α in MC3T3-E1 cells through JNK and p38), so that other inputs to those
kinases do not inherit it; a source statement without a direction (JAK2/STAT3 "disturbs"
remodelling) is not drawn as a signed edge.

**Net effect (the signed-path rule).** The influence of a node ``s`` on a node ``t`` is the sum,
over every simple path ``P = (s = v0 → v1 → … → vk = t)`` with at most ``cutoff`` edges, of

    w(P) = decay**k  ×  Π sign(v_i → v_{i+1})  ×  Π_{v in P} 1 / (1 + b(v, P))

* the **sign product** says whether the chain promotes (+) or opposes (−) ``t``: two inhibitions
  in a row make an activation (OPG ⊣ RANKL → RANK: less OPG, more RANK signalling);
* the **decay** (default 0.5 per edge) makes long, indirect chains count less than short,
  direct ones;
* the **brake factor** ``b(v, P)`` counts the inhibitory edges into ``v`` from endogenous decoys
  and antagonists (kind ``ligand/decoy``: OPG, sST2, IL-1Ra, IL-1R2) and from drugs being given
  (``treat=``) that are present and not on the path themselves. A brake halves (one brake) or
  thirds (two brakes) what passes through the node it holds back: OPG damps every path through
  RANKL; sST2 damps everything IL-33 does. Brakes of brakes are not followed (first order only).
  An intracellular inhibitor (TRAF3, IRF-8, Smurf1/2) is not a brake: it counts only as a link
  of the paths through it, because the rule has no resting activity. Knocking out TRAF3 therefore
  *removes* the RANK ⊣ TRAF3 ⊣ osteoclast route instead of releasing a resting brake.

A positive net effect on ``bone loss`` means the node promotes bone loss; negative means it
protects bone. The rule is a teaching device for reading a signed map, not a kinetic model: it
ignores doses, timing, cell types and saturation, and its numbers have no units. With the
course data it gives TNF-α, IL-1, IL-6, IL-8 > 0 and IL-10, IL-33 < 0, as the review states.

**Knockouts** remove nodes: every path through a removed node is lost, and a removed brake stops
braking. ``knockout`` reports each cytokine's net effect before and after; ``surviving_paths``
lists the paths that remain.

Everything here is deterministic (paths are enumerated and summed in sorted order) and cached:
the simple paths of a graph are found once per (graph, source, target, cutoff) and knockouts
only filter them.
"""

from __future__ import annotations

import difflib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from widgets import checks, data
from widgets.schemas.sources import CYTOKINES as _CYTOKINES

__all__ = [
    "CYTOKINES",
    "DECAY",
    "CUTOFF",
    "BRAKE_KINDS",
    "build_graph",
    "net_effect",
    "net_effects",
    "path_table",
    "surviving_paths",
    "knockout",
    "hubs",
    "subgraph_for",
    "outcomes",
    "format_path",
    "check_node",
    "check_nodes",
]

#: The six cytokines of the review, in the order the course discusses them (widgets/schemas/sources.py).
CYTOKINES: tuple[str, ...] = _CYTOKINES
#: Default target of every question.
TARGET = "bone loss"
#: Weight lost per edge of a path (see the module docstring).
DECAY = 0.5
#: Longest path, in edges, that is followed.
CUTOFF = 10
#: Largest cutoff accepted (the number of simple paths grows quickly with it).
MAX_CUTOFF = 20
#: Node kinds that act as brakes (decoys and receptor antagonists) whenever present.
BRAKE_KINDS: tuple[str, ...] = ("ligand/decoy",)

NODES_FILE = "network_nodes.csv"
EDGES_FILE = "network_edges.csv"


# ----------------------------------------------------------------------------------------- graph
def build_graph() -> nx.DiGraph:
    """The network as a ``networkx.DiGraph`` read from the data files.

    Node attributes: ``label``, ``label_zh``, ``kind``, ``layer``, ``note``, ``note_zh`` (``""`` when empty).
    Edge attributes: ``sign`` (+1/−1), ``mechanism``, ``mechanism_zh``, ``section``, ``evidence``, ``reference``
    (``""`` when empty). Nodes and edges keep the order of the files. Raises
    :class:`widgets.data.DataError` when the data break the schema, when an edge points from a node
    to itself, when an edge's ``evidence`` is ``reference`` without a ``reference`` (or names a
    reference with another evidence), or when a cytokine of :data:`CYTOKINES` or the node ``bone loss``
    is missing.
    """
    nodes = data.load_records(NODES_FILE)
    edges = data.load_records(EDGES_FILE)
    G = nx.DiGraph(name="cytokine signalling network")
    for rec in nodes:
        attrs = {k: v for k, v in rec.items() if k != "id"}
        attrs["note"] = attrs.get("note") or ""
        attrs["note_zh"] = attrs.get("note_zh") or ""
        G.add_node(rec["id"], **attrs)
    for i, rec in enumerate(edges, start=1):
        if rec["source"] == rec["target"]:
            raise data.DataError(EDGES_FILE, f"edge from {rec['source']!r} to itself", f"row {i} (line {i + 1})",
                                 "target", "a node other than the source")
        reference = rec.get("reference") or ""
        if (rec["evidence"] == "reference") != bool(reference):
            raise data.DataError(EDGES_FILE, f"evidence {rec['evidence']!r} with reference {reference!r}",
                                 f"row {i} (line {i + 1})", "reference",
                                 "a references.bib key exactly when evidence is 'reference'")
        G.add_edge(rec["source"], rec["target"], sign=int(rec["sign"]), mechanism=rec["mechanism"],
                   mechanism_zh=rec["mechanism_zh"], section=rec["section"], evidence=rec["evidence"],
                   reference=reference)
    ids = set(G.nodes)
    for needed in (*CYTOKINES, TARGET):
        if needed not in ids:
            raise data.DataError(NODES_FILE, f"the node {needed!r} is missing", field="id",
                                 allowed="the network needs the ids " + ", ".join(map(repr, (*CYTOKINES, TARGET))))
    return G


def outcomes(G: nx.DiGraph) -> list[str]:
    """Nodes of kind ``outcome`` (``bone loss``, ``vascular calcification``), in file order."""
    _check_graph(G)
    return [n for n, kind in G.nodes(data="kind") if kind == "outcome"]


# ------------------------------------------------------------------------------ argument checks
def _norm(text: str) -> str:
    return (text.lower().replace("α", "a").replace("β", "b").replace("κ", "k").replace("γ", "g")
            .replace(" ", "").replace("-", "").replace("_", ""))


def _check_graph(G) -> None:
    if not isinstance(G, nx.DiGraph):
        raise checks.fail("G", f"a {type(G).__name__} is not allowed", "a networkx.DiGraph from build_graph()")


def check_node(G: nx.DiGraph, name, argument: str) -> str:
    """``name`` if it is a node id of ``G``; else a ValueError naming ``argument``, the bad value,
    the closest ids (e.g. 'TNF-α' for 'TNF-a') and every allowed id."""
    _check_graph(G)
    if isinstance(name, str) and name in G:
        return name
    ids = [str(n) for n in G.nodes]
    hint = ""
    if isinstance(name, str):
        by_norm = {_norm(i): i for i in ids}
        close = [by_norm[m] for m in difflib.get_close_matches(_norm(name), list(by_norm), n=4, cutoff=0.6)]
        labels = {_norm(str(G.nodes[i].get("label", ""))): i for i in ids}
        if _norm(name) in labels and labels[_norm(name)] not in close:
            close.insert(0, labels[_norm(name)])
        if close:
            hint = f"; did you mean {', '.join(map(repr, close))}?"
    raise checks.fail(argument, f"{checks.show(name)} is not a node of the network{hint}",
                      f"one of the {len(ids)} node ids: {', '.join(ids)}")


def check_nodes(G: nx.DiGraph, names, argument: str) -> tuple[str, ...]:
    """One id or a list of ids, each checked with :func:`check_node`; duplicates dropped, order kept."""
    _check_graph(G)
    if names is None:
        return ()
    items = checks.items(names, argument, "a node id or a list of node ids")
    return tuple(dict.fromkeys(check_node(G, n, argument) for n in items))


def _check_params(decay: float, cutoff: int) -> tuple[float, int]:
    decay = checks.number(decay, "decay", low=0.0, low_open=True, high=1.0,
                          allowed="a number with 0 < decay <= 1")
    cutoff = checks.whole(cutoff, "cutoff", low=1, high=MAX_CUTOFF)
    return decay, cutoff


def _check_treat(G: nx.DiGraph, treat) -> frozenset[str]:
    drugs = [n for n, k in G.nodes(data="kind") if k == "drug"]
    names = check_nodes(G, treat, "treat")
    for n in names:
        if G.nodes[n].get("kind") != "drug":
            raise checks.fail("treat", f"{n!r} is not a drug", ", ".join(drugs))
    return frozenset(names)


# ------------------------------------------------------------------------------------ path cache
@dataclass(frozen=True)
class _Paths:
    paths: tuple[tuple[str, ...], ...]
    signs: tuple[int, ...]
    brakes: dict  # node -> tuple of (brake node, brake kind) with an inhibitory edge into it


_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 512


def _signature(G: nx.DiGraph) -> tuple:
    """What the paths depend on: the nodes with their kinds and the signed edges."""
    return (tuple(G.nodes(data="kind")), tuple((u, v, s) for u, v, s in G.edges(data="sign")))


def _paths(G: nx.DiGraph, source: str, target: str, cutoff: int) -> _Paths:
    # keyed on the signature itself, so two graphs are served the same paths only if they are equal
    key = (_signature(G), source, target, cutoff)
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    if source == target:
        found: list[tuple[str, ...]] = []
    else:
        found = sorted(tuple(p) for p in nx.all_simple_paths(G, source, target, cutoff=cutoff))
    signs = []
    for p in found:
        s = 1
        for u, v in zip(p, p[1:]):
            s *= G.edges[u, v]["sign"]
        signs.append(s)
    brakes = {}
    for v in {n for p in found for n in p}:
        brakes[v] = tuple(sorted((u, G.nodes[u].get("kind")) for u in G.predecessors(v)
                                 if G.edges[u, v]["sign"] < 0
                                 and G.nodes[u].get("kind") in (*BRAKE_KINDS, "drug")))
    result = _Paths(tuple(found), tuple(signs), brakes)
    _CACHE[key] = result
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def _weights(P: _Paths, removed: frozenset, treat: frozenset, decay: float) -> list[tuple[tuple[str, ...], float]]:
    """(path, w(P)) for every path that avoids ``removed`` (the rule of the module docstring)."""
    out = []
    for path, sign in zip(P.paths, P.signs):
        if removed and not removed.isdisjoint(path):
            continue
        on_path = set(path)
        damp = 1.0
        for v in path:
            n = sum(1 for u, kind in P.brakes.get(v, ())
                    if u not in on_path and u not in removed and (kind in BRAKE_KINDS or u in treat))
            if n:
                damp /= 1 + n
        out.append((path, sign * decay ** (len(path) - 1) * damp))
    return out


# ---------------------------------------------------------------------------------- net effects
def net_effect(G: nx.DiGraph, source: str, target: str = TARGET, *, removed: Iterable[str] = (),
               treat: Iterable[str] = (), decay: float = DECAY, cutoff: int = CUTOFF) -> float:
    """Signed influence of ``source`` on ``target``: > 0 promotes, < 0 opposes, 0 no path.

    The sum over simple paths ``source → target`` of ``decay**length × product of signs ×
    brake factors`` (the rule in the module docstring). ``removed`` = nodes knocked out (paths
    through them are lost, and removed brakes stop braking); ``treat`` = drugs given (their
    inhibitory edges then brake like decoys). If ``source`` or ``target`` is removed the effect is 0.
    Raises ValueError for an unknown node, a ``treat`` that is not a drug, or a bad decay/cutoff.
    """
    source = check_node(G, source, "source")
    target = check_node(G, target, "target")
    gone = frozenset(check_nodes(G, removed, "removed"))
    drugs = _check_treat(G, treat)
    decay, cutoff = _check_params(decay, cutoff)
    weights = _weights(_paths(G, source, target, cutoff), gone, drugs, decay)
    return float(sum(w for _, w in weights))


def net_effects(G: nx.DiGraph, sources: Iterable[str] = CYTOKINES, target: str = TARGET, **kwargs) -> pd.Series:
    """:func:`net_effect` of each of ``sources`` on ``target`` as a Series indexed by source."""
    sources = check_nodes(G, sources, "sources")
    return pd.Series({s: net_effect(G, s, target, **kwargs) for s in sources}, name=f"net effect on {target}",
                     dtype=float)


def format_path(G: nx.DiGraph, path: Iterable[str], lang: str = "en") -> str:
    """A path as text with → for activation and ⊣ for inhibition, e.g. ``IL-6 → RANKL → RANK``."""
    checks.choice(lang, "lang", ("en", "zh"))
    path = [check_node(G, n, "path") for n in checks.items(path, "path", "a list of node ids joined by edges")]
    for u, v in zip(path, path[1:]):
        if not G.has_edge(u, v):
            raise checks.fail("path", f"no edge from {u!r} to {v!r}", "a list of node ids joined by edges")
    key = "label" if lang == "en" else "label_zh"
    text = str(G.nodes[path[0]].get(key, path[0])) if path else ""
    for u, v in zip(path, path[1:]):
        arrow = " → " if G.edges[u, v]["sign"] > 0 else " ⊣ "
        text += arrow + str(G.nodes[v].get(key, v))
    return text


def path_table(G: nx.DiGraph, source: str, target: str = TARGET, *, removed: Iterable[str] = (),
               treat: Iterable[str] = (), decay: float = DECAY, cutoff: int = CUTOFF) -> pd.DataFrame:
    """Every path that counts in :func:`net_effect`, strongest first.

    Columns: ``path`` (text with → and ⊣), ``length`` (edges), ``sign`` (+1 promotes, −1 opposes),
    ``weight`` (its signed contribution), ``nodes`` (the node ids as a tuple).
    """
    source = check_node(G, source, "source")
    target = check_node(G, target, "target")
    gone = frozenset(check_nodes(G, removed, "removed"))
    drugs = _check_treat(G, treat)
    decay, cutoff = _check_params(decay, cutoff)
    rows = [{"path": format_path(G, p), "length": len(p) - 1, "sign": 1 if w > 0 else -1, "weight": w,
             "nodes": p} for p, w in _weights(_paths(G, source, target, cutoff), gone, drugs, decay)]
    table = pd.DataFrame(rows, columns=["path", "length", "sign", "weight", "nodes"])
    if len(table):
        table = table.assign(_abs=table["weight"].abs()).sort_values(["_abs", "path"], ascending=[False, True],
                                                                     kind="stable").drop(columns="_abs")
    return table.reset_index(drop=True)


def surviving_paths(G: nx.DiGraph, source: str, target: str = TARGET, removed: Iterable[str] = (), *,
                    cutoff: int = CUTOFF) -> list[tuple[str, ...]]:
    """The simple paths ``source → target`` (at most ``cutoff`` edges) that avoid every removed node."""
    source = check_node(G, source, "source")
    target = check_node(G, target, "target")
    gone = frozenset(check_nodes(G, removed, "removed"))
    _check_params(DECAY, cutoff)
    return [p for p in _paths(G, source, target, cutoff).paths if gone.isdisjoint(p)]


def knockout(G: nx.DiGraph, nodes: str | Iterable[str], *, sources: Iterable[str] = CYTOKINES,
             target: str = TARGET, treat: Iterable[str] = (), decay: float = DECAY,
             cutoff: int = CUTOFF) -> pd.DataFrame:
    """Remove ``nodes`` (one id or several) and compare each source's net effect on ``target``.

    One row per source (default: the six cytokines), columns: ``source``, ``before``, ``after``
    (net effects), ``change`` (after − before), ``ratio`` (after / before, NaN when before is 0),
    ``paths_before``, ``paths_after`` (number of paths; after = paths that survive),
    ``paths_cut`` and ``verdict`` (``weaker``, ``stronger``, ``reversed``, ``abolished`` or
    ``unchanged``: whether the source's effect moved away from or towards zero).
    """
    gone = frozenset(check_nodes(G, nodes, "nodes"))
    sources = check_nodes(G, sources, "sources")
    target = check_node(G, target, "target")
    drugs = _check_treat(G, treat)
    decay, cutoff = _check_params(decay, cutoff)
    rows = []
    for s in sources:
        P = _paths(G, s, target, cutoff)
        before = _weights(P, frozenset(), drugs, decay)
        after = _weights(P, gone, drugs, decay) if s not in gone and target not in gone else []
        b, a = float(sum(w for _, w in before)), float(sum(w for _, w in after))
        rows.append({"source": s, "before": b, "after": a, "change": a - b,
                     "ratio": a / b if b else float("nan"), "paths_before": len(before),
                     "paths_after": len(after), "paths_cut": len(before) - len(after), "verdict": _verdict(b, a)})
    return pd.DataFrame(rows, columns=["source", "before", "after", "change", "ratio", "paths_before",
                                       "paths_after", "paths_cut", "verdict"])


def _verdict(before: float, after: float, tol: float = 1e-12) -> str:
    if abs(after - before) <= tol * max(1.0, abs(before)):
        return "unchanged"
    if abs(after) <= tol:
        return "abolished"
    if before * after < 0:
        return "reversed"
    return "weaker" if abs(after) < abs(before) else "stronger"


def hubs(G: nx.DiGraph, target: str = TARGET, *, sources: Iterable[str] = CYTOKINES,
         kinds: Iterable[str] | None = None, cutoff: int = CUTOFF, decay: float = DECAY) -> pd.DataFrame:
    """Nodes ranked by how many ``source → target`` paths pass through them.

    Counts run over the simple paths (at most ``cutoff`` edges) from every source (default: the
    six cytokines) to ``target``; the sources and the target are not ranked (a cytokine relaying
    another cytokine's signal, as IL-1 relays TNF-α, is cross-talk, not a hub). Columns: ``node``, ``label``, ``kind``,
    ``paths`` (number of paths through the node), ``share`` (fraction of all paths),
    ``weight_share`` (fraction of the summed |w(P)| of the net-effect rule carried by those paths),
    ``sources`` (how many sources reach the target through it). Sorted by ``paths``, then
    ``weight_share``, then node id; only nodes on at least one path are listed. ``kinds`` keeps
    only nodes of those kinds (e.g. the molecules, leaving out cell processes); counts are unchanged.
    """
    sources = check_nodes(G, sources, "sources")
    known = sorted({k for _, k in G.nodes(data="kind")})
    if kinds is not None:
        kinds = checks.items(kinds, "kinds", "a node kind or a list of node kinds")
        bad = [k for k in kinds if k not in known]
        if bad:
            raise checks.fail("kinds", f"{bad[0]!r} is not a node kind of the network", ", ".join(known))
    target = check_node(G, target, "target")
    decay, cutoff = _check_params(decay, cutoff)
    count: dict[str, int] = {}
    weight: dict[str, float] = {}
    reach: dict[str, set] = {}
    total_paths, total_weight = 0, 0.0
    for s in sources:
        for path, w in _weights(_paths(G, s, target, cutoff), frozenset(), frozenset(), decay):
            total_paths += 1
            total_weight += abs(w)
            for v in path[1:-1]:
                if v in sources:
                    continue  # a cytokine relaying another's signal is cross-talk, not a hub
                count[v] = count.get(v, 0) + 1
                weight[v] = weight.get(v, 0.0) + abs(w)
                reach.setdefault(v, set()).add(s)
    rows = [{"node": v, "label": G.nodes[v].get("label", v), "kind": G.nodes[v].get("kind", ""),
             "paths": n, "share": n / total_paths if total_paths else 0.0,
             "weight_share": weight[v] / total_weight if total_weight else 0.0, "sources": len(reach[v])}
            for v, n in count.items()]
    table = pd.DataFrame(rows, columns=["node", "label", "kind", "paths", "share", "weight_share", "sources"])
    if kinds is not None:
        table = table[table["kind"].isin(kinds)]
    table = table.sort_values(["paths", "weight_share", "node"], ascending=[False, False, True], kind="stable")
    return table.reset_index(drop=True)


def subgraph_for(cytokine: str, G: nx.DiGraph | None = None, *, cutoff: int = CUTOFF) -> nx.DiGraph:
    """The cytokine's own map, as an induced subgraph of ``G`` (default: :func:`build_graph`).

    It holds: the nodes on the cytokine's simple paths to every ``outcome`` node that do not pass
    through another cytokine of :data:`CYTOKINES` (those are the other cytokines' own maps);
    the other cytokines it acts on directly (cross-talk, drawn as end points); its regulators
    (non-cytokine nodes with an edge into the cytokine or into one of its receptors, e.g.
    caspase-1, IL-1Ra, ADAM, the IL-6 amplifier); and every decoy or drug acting on a node of the map
    other than those cross-talk end points.
    """
    if G is None:
        G = build_graph()
    elif not isinstance(G, nx.DiGraph):
        raise checks.fail("G", f"a {type(G).__name__} is not allowed", "a networkx.DiGraph from build_graph(), or None")
    cytokine = check_node(G, cytokine, "cytokine")
    _check_params(DECAY, cutoff)
    others = set(CYTOKINES) - {cytokine}
    keep: set[str] = {cytokine}
    for outcome in outcomes(G):
        for path in _paths(G, cytokine, outcome, cutoff).paths:
            if others.isdisjoint(path):
                keep.update(path)
    receptors = [v for v in G.successors(cytokine) if G.nodes[v].get("kind") == "receptor"]
    keep.update(receptors)
    keep.update(v for v in G.successors(cytokine) if v in others)
    for v in (cytokine, *receptors):
        keep.update(u for u in G.predecessors(v) if u not in CYTOKINES)
    for v in list(keep - others):
        keep.update(u for u in G.predecessors(v) if G.nodes[u].get("kind") in (*BRAKE_KINDS, "drug"))
    # Built node by node in file order: G.subgraph() would iterate a set, whose order varies by process.
    sub = nx.DiGraph(**G.graph)
    sub.add_nodes_from((n, G.nodes[n]) for n in G.nodes if n in keep)
    sub.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if u in keep and v in keep)
    sub.graph["cytokine"] = cytokine
    return sub
