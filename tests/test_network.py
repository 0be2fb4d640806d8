"""The cytokine signalling network: curated data, the signed-path engine, pictures and the live panel."""

from __future__ import annotations

import json
import re
import shutil

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import data
from widgets import network as net
from widgets.data import DataError
from widgets.schemas.network import EVIDENCE, KINDS, SECTIONS

from .booktools import in_fresh_process

PRO = ("TNF-α", "IL-1", "IL-6", "IL-8")
PROTECTIVE = ("IL-10", "IL-33")


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    data.clear_cache()
    return net.build_graph()


def sign(G, u, v) -> int:
    assert G.has_edge(u, v), f"the network lacks the edge {u} → {v}"
    return G.edges[u, v]["sign"]


# ------------------------------------------------------------------------------ the curated data
def test_size_and_kinds(G):
    assert 50 <= G.number_of_nodes() <= 75
    assert 80 <= G.number_of_edges() <= 135
    assert {k for _, k in G.nodes(data="kind")} <= set(KINDS)
    assert [n for n, k in G.nodes(data="kind") if k == "cytokine"] == list(net.CYTOKINES)


def test_every_named_player_is_in_the_network(G):
    needed = [
        "IL-1", "IL-1RI", "IL-1RAcP", "MyD88", "IRAK", "TRAF6", "NF-κB", "JNK", "p38", "caspase-1",
        "inflammasome", "IL-1R2", "IL-1Ra", "IL-33", "ST2", "sST2", "IRF-8", "IL-6", "mbIL-6R", "sIL-6R",
        "ADAM", "gp130", "JAK2", "STAT3", "IL-6 amplifier", "Th17 differentiation", "Treg differentiation",
        "CRP/SAA", "IL-8", "CXCR1", "CXCR2", "PI3K", "ERK", "IL-10", "TNF-α", "TNFR-I", "TNFR-II", "AP-1",
        "Runx2", "Smurf1/2", "c-fms", "M-CSF", "RANKL", "RANK", "OPG", "osteoclast differentiation",
        "osteoblast differentiation", "bone resorption", "bone formation", "bone loss", "TNAP",
        "vascular calcification", "tofacitinib", "JAK1", "JAK3",
    ]
    missing = [n for n in needed if n not in G]
    assert not missing, missing
    # IL-1R3 is the systematic name of IL-1RAcP: one node, used by IL-1RI and ST2 alike
    assert "IL-1R3" in G.nodes["IL-1RAcP"]["label"]
    assert sign(G, "IL-1RI", "IL-1RAcP") == 1 and sign(G, "ST2", "IL-1RAcP") == 1


@pytest.mark.parametrize("u, v, s", [
    ("OPG", "RANKL", -1),            # OPG is the decoy receptor of RANKL (Review §2.3)
    ("sST2", "IL-33", -1),           # soluble ST2 sequesters IL-33 (Review §2.4)
    ("tofacitinib", "JAK2", -1),     # CP690550 (VSMC §4)
    ("tofacitinib", "JAK1", -1),
    ("tofacitinib", "JAK3", -1),
    ("IL-1Ra", "IL-1", -1),          # receptor antagonist (Review §2.1)
    ("IL-1R2", "IL-1", -1),          # decoy holding pro-IL-1α (Review §2.2)
    ("caspase-1", "IL-1R2", -1),     # caspase-1 cleaves IL-1R2 (Review §2.2)
    ("caspase-1", "IL-1", 1),
    ("RANKL", "RANK", 1),
    ("RANK", "TRAF6", 1),
    ("ST2", "IRF-8", 1),
    ("IRF-8", "osteoclast differentiation", -1),
    ("IL-10", "osteoclast differentiation", -1),
    ("IL-10", "osteoblast differentiation", 1),
    ("TNF-α", "Smurf1/2", 1),
    ("Smurf1/2", "Runx2", -1),       # Smurf1/2, printed "S-1 and S-2" (chapter 8's correction)
    ("TNFR-I", "FADD", 1),           # FADD, printed "Fas" (chapter 8's correction)
    ("TNF-α", "IL-1", 1),            # IL-1 mediates TNF-induced osteoclastogenesis (chapter 3's correction)
    ("M-CSF", "c-fms", 1),
    ("ADAM", "sIL-6R", 1),
    ("tocilizumab", "mbIL-6R", -1),
    ("IL-6", "Treg differentiation", -1),
    ("osteoblast differentiation", "bone formation", 1),
    ("bone formation", "bone loss", -1),
    ("bone resorption", "bone loss", 1),
])
def test_source_facts(G, u, v, s):
    assert sign(G, u, v) == s


def test_the_vsmc_chain_is_all_activation(G):
    # Runx2 in VSMCs is its own node, so that Runx2's inputs in osteoblasts (TNF-α, Smurf1/2) stay apart
    for jak in ("JAK1", "JAK2"):
        chain = ["IL-6", "mbIL-6R", "gp130", jak, "STAT3", "VSMC Runx2", "TNAP", "vascular calcification"]
        assert [sign(G, u, v) for u, v in zip(chain, chain[1:])] == [1] * (len(chain) - 1)
    assert G.edges["JAK2", "STAT3"]["section"].startswith("VSMC §")
    assert not G.has_edge("STAT3", "Runx2") and not G.has_edge("VSMC Runx2", "osteoblast differentiation")


def test_errata_readings_are_used(G):
    text = " ".join(f"{d['label']} {d['label_zh']}" for _, d in G.nodes(data=True))
    text += " ".join(d["mechanism"] for _, _, d in G.edges(data=True))
    for garbled in ("JNKK", "S-1 ", "IL-RAcP", "NATP", "PI-3K/κ", "TFNR"):
        assert garbled not in text
    assert G.nodes["Smurf1/2"]["kind"] == "enzyme"
    assert G.nodes["PI3K"]["label"] == "PI3K/Akt"


def test_every_edge_names_a_real_section(G):
    pattern = re.compile(r"^(Review|VSMC) §\d+(\.\d+)?$")
    for u, v, d in G.edges(data=True):
        assert d["section"] in SECTIONS and pattern.match(d["section"]), (u, v, d["section"])
        assert d["mechanism"].strip(), (u, v)
        assert d["evidence"] in EVIDENCE and (d["evidence"] == "reference") == bool(d["reference"]), (u, v)
    assert {d["section"].split()[0] for _, _, d in G.edges(data=True)} == {"Review", "VSMC"}


def test_chinese_labels(G):
    for n, d in G.nodes(data=True):
        assert d["label_zh"].strip(), n
    for n in ("bone loss", "osteoclast differentiation", "OPG", "tofacitinib", "IL-6 amplifier"):
        assert re.search(r"[\u4e00-\u9fff]", G.nodes[n]["label_zh"]), n


def test_every_node_is_on_a_path_or_documented(G):
    outcomes = net.outcomes(G)
    assert outcomes == ["bone loss", "vascular calcification"]
    on_path = set()
    for c in net.CYTOKINES:
        for t in outcomes:
            for p in net.surviving_paths(G, c, t):
                on_path.update(p)
    for n, d in G.nodes(data=True):
        own = any(net.surviving_paths(G, n, t) for t in outcomes if t != n)
        assert n in on_path or own or d["note"].strip(), f"{n} is on no path and has no note"


# --------------------------------------------------------------------------------- net effects
def test_net_effect_signs_follow_the_review(G):
    effects = net.net_effects(G)
    for c in PRO:
        assert effects[c] > 0, (c, effects[c])
    for c in PROTECTIVE:
        assert effects[c] < 0, (c, effects[c])


@settings(max_examples=12, deadline=None)
@given(decay=st.floats(min_value=0.1, max_value=0.8), cutoff=st.integers(min_value=6, max_value=12))
def test_signs_hold_for_other_decays_and_cutoffs(G, decay, cutoff):
    effects = net.net_effects(G, decay=decay, cutoff=cutoff)
    assert all(effects[c] > 0 for c in PRO) and all(effects[c] < 0 for c in PROTECTIVE)


@pytest.mark.processes
def test_net_effect_is_the_sum_of_the_path_table_and_deterministic(G):
    table = net.path_table(G, "IL-6")
    assert net.net_effect(G, "IL-6") == pytest.approx(table["weight"].sum(), rel=1e-12)
    code = "from widgets import network as net; print(repr(net.net_effect(net.build_graph(), 'IL-6')))"
    assert {float(in_fresh_process(code, hash_seed=seed)) for seed in (1, 2)} == {net.net_effect(G, "IL-6")}
    assert (table["sign"] == table["weight"].apply(lambda w: 1 if w > 0 else -1)).all()
    assert table["weight"].abs().is_monotonic_decreasing
    assert table["path"].iloc[0].startswith("IL-6")


def test_the_shortest_path_follows_the_rule(G):
    # RANKL → RANK → osteoclast differentiation → bone resorption → bone loss, braked by OPG at RANKL
    table = net.path_table(G, "RANKL")
    row = table[table["nodes"] == ("RANKL", "RANK", "osteoclast differentiation", "bone resorption",
                                   "bone loss")].iloc[0]
    assert row["weight"] == pytest.approx(net.DECAY ** 4 / 2)


def test_decoy_brakes_and_drugs(G):
    # every RANKL path passes RANKL, which OPG brakes: without OPG the effect doubles
    assert net.net_effect(G, "RANKL", removed=["OPG"]) == pytest.approx(2 * net.net_effect(G, "RANKL"))
    # inhibitors come out with the right sign
    assert net.net_effect(G, "OPG") < 0 < net.net_effect(G, "sST2")
    assert net.net_effect(G, "IL-1Ra") < 0 and net.net_effect(G, "tocilizumab") < 0
    # tofacitinib given: IL-6 drives vascular calcification less (VSMC §3.4)
    assert (net.net_effect(G, "IL-6", "vascular calcification", treat=["tofacitinib"])
            < net.net_effect(G, "IL-6", "vascular calcification"))
    with pytest.raises(ValueError, match="^treat: 'OPG' is not a drug; allowed: "):
        net.net_effect(G, "IL-6", treat=["OPG"])


def test_no_path_means_zero(G):
    assert net.net_effect(G, "bone loss", "IL-6") == 0.0
    assert net.net_effect(G, "CRP/SAA") == 0.0
    assert net.net_effect(G, "IL-6", removed=["IL-6"]) == 0.0


@pytest.mark.parametrize("call, message", [
    (lambda G: net.net_effect(G, "TNF-a"), r"^source: 'TNF-a' is not a node of the network; did you mean .*'TNF-α'.*; allowed: one of the"),
    (lambda G: net.net_effect(G, "IL-6", "bone-loss"), r"^target: 'bone-loss' is not a node.*'bone loss'"),
    (lambda G: net.knockout(G, ["TRAF-6"]), r"^nodes: 'TRAF-6' is not a node.*'TRAF6'"),
    (lambda G: net.net_effect(G, "IL-6", decay=1.5), r"^decay: 1.5 is not allowed; allowed: a number with 0 < decay <= 1$"),
    (lambda G: net.net_effect(G, "IL-6", cutoff=0), r"^cutoff: 0 is not allowed; allowed: a whole number from 1 to 20$"),
    (lambda G: net.subgraph_for("IL-17", G), r"^cytokine: 'IL-17' is not a node"),
    (lambda G: net.hubs(G, kinds=["protein"]), r"^kinds: 'protein' is not a node kind of the network; allowed: .*cytokine"),
    (lambda G: net.surviving_paths(G, "IL-6", removed=[42]), r"^removed: 42 is not a node"),
    (lambda G: net.format_path(G, ["IL-6", "XYZ"]), r"^path: 'XYZ' is not a node"),
    (lambda G: net.format_path(G, ["IL-6", "bone loss"]), r"^path: no edge from 'IL-6' to 'bone loss'"),
    (lambda G: net.net_effect("not a graph", "IL-6"), r"^G: a str is not allowed"),
])
def test_bad_arguments_raise(G, call, message):
    with pytest.raises(ValueError, match=message):
        call(G)


# ----------------------------------------------------------------------------------- knockouts
@pytest.mark.parametrize("node", ["RANKL", "TRAF6", "RANK"])
def test_cutting_the_rankl_axis_weakens_pro_resorptive_cytokines(G, node):
    table = net.knockout(G, node).set_index("source")
    for c in PRO:
        row = table.loc[c]
        assert 0 < row["after"] < row["before"], (node, c)
        assert row["verdict"] == "weaker"
        assert row["paths_cut"] > 0 and row["paths_after"] == len(net.surviving_paths(G, c, removed=[node]))


def test_removing_a_decoy_strengthens_what_it_held_back(G):
    opg = net.knockout(G, "OPG").set_index("source")
    assert all(opg.loc[c, "after"] > opg.loc[c, "before"] > 0 for c in PRO)
    assert (opg["paths_cut"] == 0).all()
    sst2 = net.knockout(G, "sST2").set_index("source")
    assert sst2.loc["IL-33", "after"] < sst2.loc["IL-33", "before"] < 0     # IL-33 protects more
    assert sst2.loc["IL-33", "verdict"] == "stronger"
    il1ra = net.knockout(G, ["IL-1Ra"]).set_index("source")
    assert il1ra.loc["IL-1", "after"] > il1ra.loc["IL-1", "before"] > 0


def test_removing_an_inhibitor_on_a_path_releases_its_target(G):
    # IRF-8 relays IL-33's brake on osteoclast differentiation
    before = net.net_effect(G, "IL-33", "osteoclast differentiation")
    after = net.net_effect(G, "IL-33", "osteoclast differentiation", removed=["IRF-8"])
    assert before < after
    assert net.knockout(G, "IRF-8").set_index("source").loc["IL-33", "verdict"] == "weaker"
    # Smurf1/2 carries TNF-α's degradation of Runx2
    assert (net.net_effect(G, "TNF-α", "Runx2") < net.net_effect(G, "TNF-α", "Runx2", removed=["Smurf1/2"]))


def test_knockout_off_every_path_changes_nothing(G):
    table = net.knockout(G, ["CRP/SAA", "Th2 response"])
    assert (table["verdict"] == "unchanged").all()
    assert (table["before"] == table["after"]).all()


def test_knocking_out_the_cytokine_itself(G):
    row = net.knockout(G, "IL-6").set_index("source").loc["IL-6"]
    assert row["after"] == 0 and row["paths_after"] == 0 and row["verdict"] == "abolished"


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_surviving_paths_avoid_removed_nodes(G, draw):
    nodes = sorted(n for n in G.nodes if n not in ("bone loss",))
    removed = draw.draw(st.lists(st.sampled_from(nodes), max_size=3, unique=True))
    source = draw.draw(st.sampled_from(net.CYTOKINES))
    paths = net.surviving_paths(G, source, removed=removed)
    assert all(set(removed).isdisjoint(p) for p in paths)
    assert all(p[0] == source and p[-1] == "bone loss" for p in paths)
    assert set(paths) <= set(net.surviving_paths(G, source))
    # removing nodes never brings new paths, and the table agrees with the list
    row = net.knockout(G, removed or ["CRP/SAA"]).set_index("source").loc[source]
    assert row["paths_after"] == (len(paths) if source not in removed else 0)


# ------------------------------------------------------------------------------ hubs, subgraphs
def test_hubs_put_the_rankl_axis_on_top(G):
    molecules = [k for k in KINDS if k not in ("cell process", "outcome")]
    ranked = list(net.hubs(G, kinds=molecules)["node"])
    assert set(ranked[:3]) == {"RANKL", "RANK", "TRAF6"}, ranked[:8]
    assert "NF-κB" in ranked[:8], ranked[:8]
    table = net.hubs(G).set_index("node")
    through = sum(sum("RANKL" in p for p in net.surviving_paths(G, c)) for c in net.CYTOKINES)
    assert table.loc["RANKL", "paths"] == through
    assert table.loc["RANKL", "sources"] == 6
    assert "bone loss" not in table.index and not set(net.CYTOKINES) & set(table.index)
    assert list(table["paths"]) == sorted(table["paths"], reverse=True)


@pytest.mark.parametrize("cytokine, members, absent", [
    ("IL-1", ["IL-1RI", "IL-1RAcP", "MyD88", "IRAK", "TRAF6", "IL-1Ra", "IL-1R2", "caspase-1", "bone loss"],
     ["ST2", "IRF-8"]),
    ("IL-33", ["ST2", "IL-1RAcP", "sST2", "anti-ST2 antibody", "IRF-8", "bone loss"], ["IL-1RI"]),
    ("IL-6", ["mbIL-6R", "sIL-6R", "ADAM", "gp130", "JAK1", "JAK2", "STAT3", "VSMC Runx2", "TNAP", "tofacitinib",
              "tocilizumab", "IL-6 amplifier", "vascular calcification"], ["IL-1RI"]),
    ("IL-8", ["CXCR1", "CXCR2", "PI3K", "ERK", "atorvastatin"], ["gp130"]),
    ("IL-10", ["osteoclast differentiation", "osteoblast differentiation", "IL-1", "TNF-α", "IL-6"],
     ["IL-1RI", "TNFR-I", "gp130"]),
    ("TNF-α", ["TNFR-I", "TNFR-II", "Smurf1/2", "c-fms", "M-CSF", "RANK", "RANKL", "OPG"], ["ST2"]),
])
def test_subgraph_for(G, cytokine, members, absent):
    sub = net.subgraph_for(cytokine, G)
    assert cytokine in sub and sub.graph["cytokine"] == cytokine
    assert [m for m in members if m not in sub] == []
    assert [a for a in absent if a in sub] == []
    assert all(sub.edges[e] == G.edges[e] for e in sub.edges)
    assert sub.number_of_nodes() < G.number_of_nodes()


# --------------------------------------------------------------------------------- data errors
@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    real = data.data_dir()
    shutil.copytree(real, tmp_path / "data")
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    data.clear_cache()
    yield tmp_path / "data"
    monkeypatch.delenv("COURSE_DATA_DIR")
    data.clear_cache()


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("file, old, new, words", [
    ("network_edges.csv", "OPG,RANKL,-1,", "OPGX,RANKL,-1,", ["network_edges.csv", "source", "'OPGX'", "OPG"]),
    ("network_edges.csv", "OPG,RANKL,-1,", "OPG,RANKLL,-1,", ["network_edges.csv", "target", "'RANKLL'"]),
    ("network_edges.csv", "OPG,RANKL,-1,", "OPG,RANKL,2,", ["network_edges.csv", "sign", "'2'", "1, -1"]),
    ("network_edges.csv", "soluble decoy receptor for RANKL,Review §2.3", "soluble decoy receptor for RANKL,",
     ["network_edges.csv", "section", "missing value"]),
    ("network_edges.csv", "soluble decoy receptor for RANKL,Review §2.3",
     "soluble decoy receptor for RANKL,Review 2.3", ["section", "'Review 2.3'", "Review §2.3"]),
    ("network_edges.csv", "soluble decoy receptor for RANKL,Review §2.3",
     "soluble decoy receptor for RANKL,Review §9", ["section", "'Review §9'", "VSMC §3.4"]),
    ("network_nodes.csv", "RANKL,RANKL,RANKL,mediator,6,", "RANKL,RANKL,RANKL,protein,6,",
     ["network_nodes.csv", "kind", "'protein'", "'transcription factor'"]),
    ("network_nodes.csv", "RANKL,RANKL,RANKL,mediator,6,", "RANKL,RANKL,RANKL,mediator,six,",
     ["network_nodes.csv", "layer", "'six'"]),
    ("network_nodes.csv", "RANKL,RANKL,RANKL,mediator,6,", "RANK,RANKL,RANKL,mediator,6,",
     ["network_nodes.csv", "id", "duplicate 'RANK'"]),
])
def test_data_errors_name_file_row_and_field(data_copy, file, old, new, words):
    _edit(data_copy / file, old, new)
    with pytest.raises(DataError) as err:
        net.build_graph()
    message = str(err.value)
    for word in words:
        assert word in message, (word, message)
    assert "row" in message


def test_duplicate_edge_is_refused(data_copy):
    path = data_copy / "network_edges.csv"
    path.write_text(path.read_text(encoding="utf-8") + "OPG,RANKL,-1,again,Review §2.3,source,,再次\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"network_edges.csv, row 1\d\d .*'source\+target': duplicate \('OPG', 'RANKL'\)"):
        net.build_graph()


def test_self_loop_is_refused(data_copy):
    path = data_copy / "network_edges.csv"
    path.write_text(path.read_text(encoding="utf-8") + "RANKL,RANKL,1,loop,Review §2.3,source,,自环\n", encoding="utf-8")
    with pytest.raises(DataError, match="network_edges.csv.*to itself"):
        net.build_graph()


def test_edited_data_flow_through(data_copy):
    # an instructor removes the edge IL-10 ⊣ osteoclast differentiation: IL-10 still protects, less strongly
    before = net.net_effect(net.build_graph(), "IL-10")
    _edit(data_copy / "network_edges.csv",
          "IL-10,osteoclast differentiation,-1,potently inhibits osteoclastogenesis,Review §5,source,,强烈抑制破骨细胞生成\n", "")
    data.clear_cache()
    after = net.net_effect(net.build_graph(), "IL-10")
    assert before < after < 0


# ------------------------------------------------------------------------------------ pictures
def _json_kb(fig) -> float:
    return len(fig.to_json()) / 1000


def test_network_map(G):
    from widgets.pictures import network as pic

    fig = pic.network_map(G)
    assert fig.layout.meta["alt"] and "bone loss" in fig.layout.meta["alt"]
    assert _json_kb(fig) < 300
    nodes = [t for t in fig.data if t.mode == "markers+text"]
    symbols = [t.marker.symbol for t in nodes if len(t.x)]
    assert len(symbols) == len(set(symbols)) >= 10            # one marker symbol per kind
    assert sum(len(t.x) for t in nodes) == G.number_of_nodes()
    dashes = {t.name: t.line.dash for t in fig.data[:2]}
    assert dashes == {"activates (→)": "solid", "inhibits (⊣)": "dash"}
    hover = " ".join(fig.data[4].hovertext)
    assert "OPG" in hover and "Review §2.3" in hover
    en, zh = fig.layout.updatemenus[0].buttons
    assert en.args[0]["text"] != zh.args[0]["text"]
    assert any("骨丢失" in (t or "") for texts in zh.args[0]["text"] if texts for t in texts)
    assert len(en.args[-1]) == len(fig.data)  # the traces the button restyles
    zh_fig = pic.network_map(G, lang="zh")
    assert any("破骨细胞分化" in t for tr in zh_fig.data if tr.text for t in tr.text)
    with pytest.raises(ValueError, match="lang='fr'"):
        pic.network_map(G, lang="fr")


@pytest.mark.processes
def test_layout_is_layered_and_deterministic(G):
    from widgets.pictures import network as pic

    pos = pic.layout_positions(G)
    assert all(pos[n][0] == G.nodes[n]["layer"] for n in G)
    # deterministic: two new processes (no shared cache, other hash seeds) find the same layout
    code = ("import json; from widgets import network as net; from widgets.pictures import network as pic; "
            "print(json.dumps(pic.layout_positions(net.build_graph()), ensure_ascii=True))")
    for seed in (1, 2):
        assert {n: tuple(xy) for n, xy in json.loads(in_fresh_process(code, hash_seed=seed)).items()} == pos
    for layer in {d for _, d in G.nodes(data="layer")}:
        ys = sorted(pos[n][1] for n in G if G.nodes[n]["layer"] == layer)
        assert all(b - a == pytest.approx(1.0) for a, b in zip(ys, ys[1:]))


def test_knockout_explorer(G):
    from widgets.pictures import network as pic

    fig = pic.knockout_explorer(G=G)
    assert fig.layout.meta["alt"] and fig.layout.meta.get("simulated")
    assert _json_kb(fig) < 300
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons][:4] == ["none", "RANKL", "RANK", "TRAF6"]
    assert len(buttons) == len(pic.KNOCKOUTS)
    by = {b.label: b.args for b in buttons}
    cut_none, removed_none, after_none = by["none"][0]["x"]
    cut_traf6, removed_traf6, after_traf6 = by["TRAF6"][0]["x"]
    assert cut_none == [] and removed_none == [] and cut_traf6 and removed_traf6 == [3.0]
    labels = by["TRAF6"][0]["y"][2]
    tnf = labels.index("TNF-α")
    assert after_traf6[tnf] < after_none[tnf]
    assert by["OPG"][0]["x"][2][tnf] > after_none[tnf]
    assert "TRAF6" in by["TRAF6"][1]["annotations[0].text"]
    assert all("title" not in b.args[1] for b in buttons)   # plotly.js >= 3 needs title.text
    with pytest.raises(ValueError, match="^knockouts: 'RANKLX' is not a node"):
        pic.knockout_explorer(["none", "RANKLX"], G=G)


def test_hubs_table_and_figure(G):
    from widgets.pictures import network as pic

    table = pic.hub_table(G)
    assert list(table.index[:3]) == [1, 2, 3] and set(table["node"].head(3)) == {"RANKL", "RANK", "TRAF6"}
    assert "cell process" not in set(table["kind"])
    fig = pic.hub_figure(G)
    assert fig.layout.meta["alt"] and "RANK" in fig.layout.meta["alt"]
    assert sum(len(t.x) for t in fig.data) == len(table)
    with pytest.raises(ValueError, match="top=0"):
        pic.hub_table(G, top=0)


@pytest.mark.parametrize("cytokine", net.CYTOKINES)
def test_cytokine_maps(G, cytokine):
    from widgets.pictures import network as pic

    fig = pic.cytokine_map(cytokine, G=G)
    assert fig.layout.meta["alt"] and cytokine.split("-")[0] in fig.layout.meta["alt"]
    assert _json_kb(fig) < 300
    drawn = {n for t in fig.data if t.mode == "markers+text" for n in t.text}
    assert len(drawn) > 5
    assert "net effect on bone loss" in fig.layout.annotations[0].text


def test_cytokine_map_with_knockout(G):
    from widgets.pictures import network as pic

    fig = pic.cytokine_map("IL-6", removed=["gp130"], G=G)
    assert list(fig.data[-1].x) == [2.0]                     # gp130 is crossed out
    assert len(fig.data[2].x) > 0                            # and the paths it cuts are highlighted
    assert "→" in fig.layout.annotations[0].text
    zh = pic.cytokine_map("IL-6", lang="zh", G=G)
    assert "净效应" in zh.layout.annotations[0].text


# --------------------------------------------------------------------------------------- panel
def test_panel_builds_and_updates_in_place():
    from widgets.panels import LivePanel
    from widgets.panels.network import network_panel

    panel = network_panel()
    assert isinstance(panel, LivePanel)
    fig, bars = panel.figures["map"], panel.figures["effects"]
    assert all(c.description for c in panel.controls.values())
    assert sum(len(t.x) for t in fig.data if t.mode == "markers+text") > 10     # meaningful at defaults
    assert list(bars.data[0].x) == pytest.approx(list(net.net_effects(net.build_graph())))
    first = fig.data[0]
    panel.controls["knockout"].value = ("gp130",)
    assert fig.data[0] is first                                                  # updated in place
    assert list(fig.data[-1].x) == [2.0]
    assert "gp130" in fig.layout.title.text
    assert "weaker" in bars.data[1].text
    panel.controls["cytokine"].value = "IL-33"
    assert fig.layout.title.text.startswith("IL-33")
    assert "sST2" in " ".join(t for tr in fig.data if tr.mode == "markers+text" for t in tr.text)
    panel.controls["lang"].value = "zh"
    assert "骨" in fig.layout.annotations[0].text
    panel.controls["clear"].click()
    assert panel.controls["knockout"].value == () and list(fig.data[-1].x) == []
    bundle = panel._repr_mimebundle_()
    assert "Live panel" in bundle["text/html"]


def test_panel_rejects_bad_arguments():
    from widgets.panels.network import network_panel

    with pytest.raises(ValueError, match="^cytokine: 'RANKL' is not allowed; allowed: IL-1, "):
        network_panel(cytokine="RANKL")
    with pytest.raises(ValueError, match="^removed: 'bone loss' is an outcome"):
        network_panel(removed=["bone loss"])
    with pytest.raises(ValueError, match="^lang: 'de' is not allowed; allowed: 'en', 'zh'$"):
        network_panel(lang="de")


class _CollidingSignature:
    """A graph signature whose hash is the same for every graph (equality still compares the content)."""

    def __init__(self, signature):
        self.signature = signature

    def __hash__(self):
        return 0

    def __eq__(self, other):
        return isinstance(other, _CollidingSignature) and self.signature == other.signature


def test_two_graphs_never_share_cached_paths_even_if_their_hashes_collide(G, monkeypatch):
    real = net._signature
    monkeypatch.setattr(net, "_signature", lambda graph: _CollidingSignature(real(graph)))
    monkeypatch.setattr(net, "_CACHE", type(net._CACHE)())
    first = net.surviving_paths(G, "IL-6")
    u, v = first[0][:2]
    cut = G.copy()
    cut.remove_edge(u, v)
    assert hash(net._signature(cut)) == hash(net._signature(G))
    after = net.surviving_paths(cut, "IL-6")
    assert after, "IL-6 keeps other paths to bone loss"
    assert all((u, v) not in zip(p, p[1:]) for p in after), f"a path of the other graph uses the cut edge {u} → {v}"
    assert sorted(map(tuple, nx.all_simple_paths(cut, "IL-6", net.TARGET, cutoff=net.CUTOFF))) == after
    assert net.surviving_paths(G, "IL-6") == first
