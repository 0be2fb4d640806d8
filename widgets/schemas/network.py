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
)

TABLES = [
    Table("network_nodes.csv", NODE_FIELDS, key="id", checks=(require_all("id", REQUIRED_NODES, "node"),),
          doc="Nodes of the cytokine signalling network (one row per molecule, process or outcome)."),
    Table("network_edges.csv", EDGE_FIELDS, unique_together=("source", "target"), checks=(_edge_rules,),
          doc="Signed edges of the network, each with its mechanism, source section and evidence."),
]
