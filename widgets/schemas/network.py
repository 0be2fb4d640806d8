"""Schemas of the cytokine signalling network: ``network_nodes.csv`` and ``network_edges.csv``.

Nodes are molecules, cells' processes and outcomes; edges are signed influences
(``1`` activates/promotes, ``-1`` inhibits), each tied to the section of a source that states it:
``Review §N[.N]`` (the review of inflammatory cytokines and osteoporosis) or ``VSMC §N[.N]``
(the IL-6 vascular smooth muscle cell paper). The section must be one that exists in
that source, so a typo such as ``Review §2.7`` or ``review 3`` is caught when the file is read.

Each edge also says how far the section supports it (``evidence``): ``source`` when the section
states the edge itself; ``reference`` when the section gives only the context (for example "gp130
signals through JAK/STAT", naming no JAK) and the edge rests on a verified study named in
``reference`` (a key of ``references.bib``); ``assumption`` when it is a teaching choice of the
course that no source states.
"""

from __future__ import annotations

import re

from widgets.data import DataError, Field, Table, require_all
from widgets.schemas.sources import CYTOKINES, REVIEW_SECTIONS, VSMC_SECTIONS

#: Node kinds, in the order of the legend of the network map.
KINDS = (
    "cytokine",
    "receptor",
    "ligand/decoy",
    "adaptor",
    "kinase",
    "enzyme",
    "transcription factor",
    "mediator",
    "cell process",
    "outcome",
    "drug",
)

#: Sections that exist in the two sources (headings defined in widgets/schemas/sources.py).
SECTIONS = tuple(f"Review §{s}" for s in REVIEW_SECTIONS) + tuple(f"VSMC §{s}" for s in VSMC_SECTIONS)

#: How far the named section supports an edge (see the module docstring).
EVIDENCE = ("source", "reference", "assumption")

#: Keys of ``references.bib`` that an edge may name in ``reference`` (each verified, and cited in a chapter).
REFERENCES = (
    "heinrich2003principles",   # gp130 → JAK1 → STAT3
    "kurozumi2019il6",          # STAT3 → RUNX2 in human VSMCs
    "bendre2003interleukin",    # IL-8 → RANKL in osteoblastic cells
)

#: Nodes the network engine and its pictures need: the six cytokines of the review and the outcome.
REQUIRED_NODES = (*CYTOKINES, "bone loss")

#: Words of the maps' and the network panel's own text, each in English and Chinese (``network_text.csv``).
TEXT_KEYS = (
    "map_title", "cytokine_title", "knocked_out", "net_effect_on", "stamp_map", "stamp_panel_map", "stamp_bars",
    "bars_title", "bars_axis", "bars_intact", "bars_after", "bars_hover_intact", "bars_hover_after",
    "paths_head", "paths_survive", "paths_strongest", "promotes", "opposes", "review",
    "verdict_weaker", "verdict_stronger", "verdict_reversed", "verdict_abolished",
    "control_cytokine", "control_knockout", "control_labels", "control_clear", "control_clear_tooltip",
    "explorer_title", "explorer_axis", "explorer_before", "explorer_after", "explorer_menu", "explorer_menu_name",
    "explorer_none", "explorer_intact", "explorer_cut", "explorer_no_change",
)

_HAN = re.compile(r"[\u4e00-\u9fff]")


def _chinese_rules(pairs, han: bool = True):
    """A table check: each ``(english, chinese)`` field pair has its Chinese text exactly when the
    English one is filled in, and (``han``) that text is written with Chinese characters."""
    def check(file: str, records: list[dict], labels: list[str]) -> None:
        for row, rec in zip(labels, records):
            for en, zh in pairs:
                has_en, text = bool(rec.get(en)), rec.get(zh) or ""
                if has_en != bool(text) or (han and text and not _HAN.search(text)):
                    raise DataError(file, f"{zh} is {text!r} for {en} {rec.get(en)!r}", row, zh,
                                    f"a Chinese translation (with Chinese characters) exactly when {en} is given")
    return check


def _edge_rules(file: str, records: list[dict], labels: list[str]) -> None:
    """No edge from a node to itself; a ``reference`` exactly when the evidence is ``reference``."""
    for row, rec in zip(labels, records):
        if rec["source"] == rec["target"]:
            raise DataError(file, f"edge from {rec['source']!r} to itself", row, "target",
                            "a node other than the source")
        reference = rec.get("reference") or ""
        if (rec["evidence"] == "reference") != bool(reference):
            raise DataError(file, f"evidence {rec['evidence']!r} with reference {reference!r}", row, "reference",
                            "a references.bib key exactly when evidence is 'reference'")


NODE_FIELDS = (
    Field("id", doc="Short unique name used by the edges and the Python functions, e.g. 'IL-6', 'RANKL'."),
    Field("label", doc="English label drawn on the map."),
    Field("label_zh", doc="Chinese label drawn on the map (standard usage; abbreviations stay as they are)."),
    Field("kind", kind="choice", choices=KINDS, doc="What the node is; sets its colour and marker symbol."),
    Field("layer", kind="int", min=0, max=12,
          doc="Column of the layered map: 0 upstream modifiers, 1 cytokines, 2 receptors, 3 adaptors, "
              "4 kinases, 5 transcription factors, 6 mediators, 7 cell processes, 8 tissue processes, 9 outcomes."),
    Field("note", required=False,
          doc="Why a node is shown although it lies on no path to an outcome, or a caveat from the chapters' corrections to the sources."),
    Field("note_zh", required=False, doc="The note in Chinese (given exactly when the note is)."),
)

EDGE_FIELDS = (
    Field("source", ref="network_nodes.csv:id", doc="The node that acts."),
    Field("target", ref="network_nodes.csv:id", doc="The node acted on."),
    Field("sign", kind="choice", choices=(1, -1), doc="1 = activates/promotes (→), -1 = inhibits (⊣)."),
    Field("mechanism", doc="A few words on how, as the source states it."),
    Field("section", kind="choice", choices=SECTIONS,
          doc="Where the source states it, or gives its context: 'Review §N[.N]' or 'VSMC §N[.N]'."),
    Field("evidence", kind="choice", choices=EVIDENCE,
          doc="'source' = the section states the edge; 'reference' = the section gives the context and the study "
              "in 'reference' states the edge; 'assumption' = a teaching choice of the course."),
    Field("reference", kind="choice", choices=REFERENCES, required=False,
          doc="Key of references.bib for the study behind an edge whose evidence is 'reference'."),
    Field("mechanism_zh", required=False,
          doc="The mechanism in Chinese, shown when the map's labels are switched to 中文 (required for every edge)."),
)

TABLES = [
    Table("network_nodes.csv", NODE_FIELDS, key="id", checks=(require_all("id", REQUIRED_NODES, "node"),
                                                                    _chinese_rules((("label", "label_zh"),), han=False),
                                                                    _chinese_rules((("note", "note_zh"),))),
          doc="Nodes of the cytokine signalling network (one row per molecule, process or outcome)."),
    Table("network_edges.csv", EDGE_FIELDS, unique_together=("source", "target"), checks=(_edge_rules, _chinese_rules((("mechanism", "mechanism_zh"),))),
          doc="Signed edges of the network, each with its mechanism, source section and evidence."),
    Table("network_text.csv", (
        Field("key", kind="choice", choices=TEXT_KEYS, doc="Which text of the maps or the network panel."),
        Field("en", doc="The English text ({} marks where a name or number goes)."),
        Field("zh", doc="The same text in Chinese (names such as IL-6 or RANKL stay as they are)."),
    ), key="key", checks=(require_all("key", TEXT_KEYS, "text"), _chinese_rules((("en", "zh"),))),
          doc="The network maps' and panel's own words (titles, notes, bar chart, summary) in English and Chinese."),
]
