"""Timing of the signalling-network engine, its figures and its live panel.

Run: ``python benchmarks/bench_network.py [repetitions]``. Prints median and p95 (ms).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import timed  # noqa: E402

from widgets import network as net  # noqa: E402


def main(repetitions: int = 50) -> int:
    G = net.build_graph()
    cases = {
        "build_graph()": net.build_graph,
        "net_effects(G), all six cytokines": lambda: net.net_effects(G),
        "knockout(G, ['TRAF6'])": lambda: net.knockout(G, ["TRAF6"]),
        "hubs(G)": lambda: net.hubs(G),
        "subgraph_for('IL-6')": lambda: net.subgraph_for("IL-6", G),
    }
    print(f"signalling-network engine, {repetitions} repetitions each (ms)")
    for label, fn in cases.items():
        median, p95 = timed(fn, repetitions)
        print(f"  {label:45s} median {median:7.2f}   p95 {p95:7.2f}")

    from widgets.panels.network import network_panel
    from widgets.pictures.network import cytokine_map

    median, p95 = timed(lambda: cytokine_map("IL-6", G=G), max(5, repetitions // 5), warmup=1)
    print(f"  {'cytokine_map(IL-6) figure':45s} median {median:7.2f}   p95 {p95:7.2f}")
    panel = network_panel()
    choice = panel.controls["cytokine"]
    names = iter(list(net.CYTOKINES) * repetitions)
    median, p95 = timed(lambda: setattr(choice, "value", next(names)), max(5, repetitions // 5), warmup=1)
    print(f"  {'panel update (cytokine changed)':45s} median {median:7.2f}   p95 {p95:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50))
