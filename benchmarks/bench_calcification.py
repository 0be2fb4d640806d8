"""Benchmark of the VSMC calcification engine: one virtual experiment and one culture simulation.

Run as ``python benchmarks/bench_calcification.py``; prints median and p95 in milliseconds.
Budget (DESIGN): one ``run_experiment`` with the paper's design <= 50 ms; one update of the live
lab panel (a control moved until its figures and table are rewritten) <= 50 ms.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import timed  # noqa: E402

from widgets import calcification as engine  # noqa: E402


def measure(label: str, call, repeat: int = 200, warmup: int = 10) -> tuple[float, float]:
    """Time ``call``; print and return (median, p95) in ms."""
    median, p95 = timed(call, repeat, warmup)
    print(f"{label:<55s} median {median:8.3f} ms   p95 {p95:8.3f} ms   (n = {repeat})")
    return median, p95


def main() -> int:
    design = engine.paper_design()
    seeds = iter(range(10**9))
    measure("run_experiment(design=paper_design(), n=3)",
            lambda: engine.run_experiment(design=design, n_replicates=3, seed=next(seeds)))
    measure("run_experiment() full design (4 readouts x 3 times)",
            lambda: engine.run_experiment(n_replicates=3, seed=next(seeds)))
    doses = iter([0.0, 1.0, 20.0, 100.0, 1000.0] * 1000)
    measure("simulate_culture(100 ng/ml, 72 h, hourly)",
            lambda: engine.simulate_culture(100, next(doses), 72))
    measure("simulate_culture(100 ng/ml, 168 h, every 0.5 h)",
            lambda: engine.simulate_culture(100, 20, 168, step_h=0.5))
    measure_panel()
    return 0


def measure_panel(changes: int = 20) -> None:
    """The live panel: ``changes`` moves of each of three controls, each until the panel has updated."""
    from widgets.panels.calcification import vsmc_lab_panel

    panel = vsmc_lab_panel()
    c = panel.controls
    moves = {
        "tofacitinib dose": ("doses/tofacitinib_nM", [v for _, v in c["doses/tofacitinib_nM"].options]),
        "wells per group": ("design/n_replicates", list(range(2, 9))),
        "seed (Run a new experiment)": ("design/seed", list(range(1, changes + 1))),
    }
    for label, (key, values) in moves.items():
        cycle = iter(values * (changes // len(values) + 2))

        def move(widget=c[key], cycle=cycle):
            widget.value = next(cycle)

        measure(f"live panel update: {label}", move, repeat=changes, warmup=2)


if __name__ == "__main__":
    raise SystemExit(main())
