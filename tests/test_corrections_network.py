"""Scientific corrections of the signalling network and the landing pages: one test per point.

Each test reads the real files (CSV, notebook JSON, Markdown, references.bib) or calls the real engine,
so it fails if a false wording or edge comes back.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest

from widgets import data
from widgets import network as net
from widgets.data import DataError
from widgets.schemas.network import REFERENCES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    data.clear_cache()
    return net.build_graph()


def notebook_text(name: str) -> str:
    nb = json.loads((ROOT / "chapters" / name).read_text(encoding="utf-8"))
    return "\n".join(c["source"] if isinstance(c["source"], str) else "".join(c["source"]) for c in nb["cells"])


def unquoted(text: str) -> str:
    """The text without its quotations ("…", “…”): a quoted phrase is the source's wording, not the course's."""
    return re.sub(r"\"[^\"\n]*\"|“[^”\n]*”", "", text)


def paths_through(G, source: str, target: str, via: set[str]) -> list[tuple[str, ...]]:
    return [p for p in net.surviving_paths(G, source, target) if via & set(p[1:-1])]


# ------------------------------------------------------------------ point 3: "through JAK2" as fact
LANDING = {
    "index.md": (ROOT / "index.md").read_text(encoding="utf-8"),
    "README.md": (ROOT / "README.md").read_text(encoding="utf-8"),
    "01_introduction.ipynb": notebook_text("01_introduction.ipynb"),
    "10_synthesis.ipynb": notebook_text("10_synthesis.ipynb"),
}


@pytest.mark.parametrize("name", list(LANDING))
def test_point3_no_page_states_through_jak2_as_fact(name):
    text = unquoted(LANDING[name])
    assert not re.search(r"through\s+jak2|via\s+jak2|jak2\s+signalling\s*:", text, re.I), name
    assert not re.search(r"(经|通过)\s*Jak2", text, re.I), name
    if name != "10_synthesis.ipynb":
        assert "the paper assumes JAK2" in " ".join(LANDING[name].split()), name


def test_point3_index_meta_description_is_hedged():
    meta = re.search(r'description:\s*"([^"]+)"', LANDING["index.md"]).group(1)
    assert "JAK" in meta and "through JAK2" not in meta
    assert "possibly through JAK signalling (the paper assumes JAK2)" in meta


def test_point3_synthesis_branch_runs_through_jak1_and_jak2(G):
    for jak in ("JAK1", "JAK2"):
        assert paths_through(G, "IL-6", "vascular calcification", {jak}), jak
        assert G.edges["gp130", jak]["sign"] == 1 and G.edges[jak, "STAT3"]["sign"] == 1
    text = LANDING["10_synthesis.ipynb"]
    assert "IL-6 → gp130 → JAK1 and JAK2 → STAT3" in text
    assert "IL-6 → gp130 → JAK2 → STAT3" not in text
    from widgets.pictures.network import network_map

    alt = network_map(G).layout.meta["alt"]
    assert "gp130 → JAK1/JAK2 → STAT3" in alt and "gp130 → JAK2 → STAT3" not in alt


# ------------------------------------------- point 5: IL-1α's anti-osteoblast effect, not p38/JNK's
def test_point5_no_kinase_inhibits_osteoblasts(G):
    for kinase in ("p38", "JNK"):
        assert not G.has_edge(kinase, "osteoblast differentiation"), kinase
        assert not G.has_edge(kinase, "BMP signalling"), kinase
    assert not G.has_edge("NF-κB", "BMP signalling")


@pytest.mark.parametrize("source", ["IL-6", "IL-8", "IL-33", "RANK", "RANKL"])
def test_point5_other_inputs_to_p38_and_jnk_do_not_inherit_an_anti_osteoblast_effect(G, source):
    assert paths_through(G, source, "osteoblast differentiation", {"p38", "JNK"}) == []
    if source in ("RANK", "RANKL", "IL-6", "IL-8"):
        # nor through Runx2 in VSMCs (IL-6/STAT3) or anything else: they have no route to osteoblasts at all
        assert net.surviving_paths(G, source, "osteoblast differentiation") == [], source


def test_point5_il1_keeps_its_own_anti_osteoblast_edge(G):
    edge = G.edges["IL-1", "osteoblast differentiation"]
    assert edge["sign"] == -1 and edge["section"] == "Review §2.3" and edge["evidence"] == "source"
    assert "MC3T3-E1" in edge["mechanism"]
    assert net.net_effect(G, "IL-1", "osteoblast differentiation") < 0
    assert G.edges["TNF-α", "BMP signalling"]["sign"] == -1          # TNF-α's, via SAPK/JNK and NF-κB (Review §6)
    assert "Greenblatt" in G.nodes["p38"]["note"]


def test_point5_runx2_of_vsmcs_and_of_osteoblasts_are_apart(G):
    assert G.has_edge("STAT3", "VSMC Runx2") and not G.has_edge("STAT3", "Runx2")
    assert paths_through(G, "IL-6", "bone loss", {"VSMC Runx2", "STAT3"}) == []
    assert net.net_effect(G, "TNF-α", "vascular calcification") >= 0   # TNF-α's Runx2 brake stays in bone


def test_point5_quoted_hub_ranks_match_the_engine(G):
    molecules = [k for k in ("receptor", "ligand/decoy", "adaptor", "kinase", "enzyme", "transcription factor",
                             "mediator", "drug", "cytokine")]
    ranked = list(net.hubs(G, kinds=molecules)["node"])
    assert ranked[:3] == ["RANK", "RANKL", "TRAF6"]                   # "RANK, RANKL and TRAF6 top the list"
    assert ranked.index("NF-κB") == 6 and set(ranked[3:6]) == {"AP-1", "p38", "ERK"}   # "seventh, below AP-1, p38, ERK"
    share = net.hubs(G).set_index("node").loc["RANK", "share"]
    assert share > 0.5                                                  # "more than half of all chains"
    text = notebook_text("10_synthesis.ipynb")
    assert "**RANK, RANKL and TRAF6** top the list" in text and "ranks only seventh, below AP-1, p38 and" in text


def test_point5_quoted_knockout_results_match_the_engine(G):
    promoters = ["TNF-α", "IL-1", "IL-6", "IL-8"]
    means, worst = {}, {}
    for node, kind in G.nodes(data="kind"):
        if node in net.CYTOKINES or kind in ("cell process", "outcome"):
            continue
        ratios = net.knockout(G, node, sources=promoters).set_index("source")["ratio"]
        means[node], worst[node] = ratios.mean(), ratios.max()
    by_mean = sorted(means, key=means.get)
    assert by_mean[:3] == ["RANK", "p38", "RANKL"]                      # "RANK first, p38 a close second, RANKL third"
    assert min(worst, key=worst.get) == "RANK" and worst["RANK"] < 0.8  # best worst case, ~three quarters
    p38 = net.knockout(G, "p38").set_index("source")["ratio"]
    assert p38["IL-8"] < 0.5 and 0.55 < p38["IL-6"] < 0.65               # "more than half", "about two fifths"
    assert all(0.85 < p38[c] < 0.9 for c in ("TNF-α", "IL-1"))          # "about an eighth"
    assert "p38" in __import__("widgets.pictures.network", fromlist=["KNOCKOUTS"]).KNOCKOUTS


def test_point5_net_effect_signs_still_follow_the_review(G):
    effects = net.net_effects(G)
    assert all(effects[c] > 0 for c in ("TNF-α", "IL-1", "IL-6", "IL-8"))
    assert all(effects[c] < 0 for c in ("IL-10", "IL-33"))


# --------------------------------------------------- point 6: STAT3 → osteoclasts has no direction
def test_point6_no_signed_stat3_edge_to_bone_cells(G):
    for target in ("osteoclast differentiation", "osteoblast differentiation"):
        assert not G.has_edge("STAT3", target)
        assert paths_through(G, "IL-6", target, {"STAT3"}) == []
    assert "disturbs bone remodelling" in G.nodes["STAT3"]["note"]
    table = net.knockout(G, ["JAK1", "JAK2"])
    assert (table["verdict"] == "unchanged").all()                      # no JAK → bone route is drawn
    note = G.nodes["IL-6"]["note"]
    assert "left out of the map" not in note and "gp130 → p38" in note


# ------------------------------------------------ point 8: RANKL acts on VSMCs through macrophages
def test_point8_no_direct_rankl_edge_to_vsmcs(G):
    assert not G.has_edge("RANKL", "VSMC osteogenic differentiation")
    assert net.surviving_paths(G, "RANKL", "vascular calcification") == []
    note = G.nodes["VSMC osteogenic differentiation"]["note"]
    assert "macrophages" in note and "Deuell" in note and "RANKL alone did not calcify" in note
    text = notebook_text("10_synthesis.ipynb")
    assert "The map has no arrow from RANKL to the smooth muscle cells" in text


# ------------------------------------------------- point 9: sources that say what the edge says
@pytest.mark.parametrize("u, v, key, shown", [
    ("gp130", "JAK1", "heinrich2003principles", "Heinrich et al. 2003"),
    ("JAK1", "STAT3", "heinrich2003principles", "Heinrich et al. 2003"),
    ("STAT3", "VSMC Runx2", "kurozumi2019il6", "Kurozumi et al. 2019"),
    ("IL-8", "RANKL", "bendre2003interleukin", "Bendre et al. 2003"),
])
def test_point9_edges_rest_on_the_study_that_states_them(G, u, v, key, shown):
    edge = G.edges[u, v]
    assert edge["evidence"] == "reference" and edge["reference"] == key
    from widgets.pictures import network as pic

    fig = pic.network_map(G)
    hover = [h for t in fig.data[3:5] for h in t.hovertext if h.startswith(f"<b>{G.nodes[u]['label']} ")]
    assert any(G.nodes[v]["label"] in h and shown in h for h in hover), hover


def test_point9_review_section_3_names_no_jak_so_no_jak_edge_is_sourced_to_it_alone(G):
    for u, v, d in G.edges(data=True):
        if d["section"] == "Review §3" and ({u, v} & {"JAK1", "JAK2", "JAK3"}):
            assert d["evidence"] != "source", (u, v)
    assert "correlation" in G.edges["IL-8", "RANKL"]["mechanism"]
    assert "not STAT3" in G.edges["STAT3", "VSMC Runx2"]["mechanism"]


def test_point9_every_edge_reference_is_in_the_bibliography_and_cited():
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    chapters = " ".join(notebook_text(p.name) for p in sorted((ROOT / "chapters").glob("*.ipynb")))
    for key in REFERENCES:
        assert re.search(r"@\w+\{" + re.escape(key) + ",", bib), key
        assert re.search(r"footcite\}`[^`]*\b" + re.escape(key) + r"\b", chapters), key
    assert "@article{greenblatt2010p38," in bib and "greenblatt2010p38" in chapters


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    shutil.copytree(data.data_dir(), tmp_path / "data")
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    data.clear_cache()
    yield tmp_path / "data"
    monkeypatch.delenv("COURSE_DATA_DIR")
    data.clear_cache()


@pytest.mark.parametrize("old, new, words", [
    (",Review §3,reference,heinrich2003principles", ",Review §3,reference,",
     ["network_edges.csv", "row", "'reference'", "evidence 'reference'"]),
    (",Review §3,reference,heinrich2003principles", ",Review §3,source,heinrich2003principles",
     ["network_edges.csv", "row", "'reference'", "evidence 'source'"]),
    (",Review §3,reference,heinrich2003principles", ",Review §3,reference,smith1999",
     ["network_edges.csv", "reference", "'smith1999'", "heinrich2003principles"]),
    (",Review §3,reference,heinrich2003principles", ",Review §3,hearsay,heinrich2003principles",
     ["network_edges.csv", "evidence", "'hearsay'", "'assumption'"]),
])
def test_point9_evidence_and_reference_are_checked(data_copy, old, new, words):
    path = data_copy / "network_edges.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as err:
        net.build_graph()
    for word in words:
        assert word in str(err.value), (word, str(err.value))
