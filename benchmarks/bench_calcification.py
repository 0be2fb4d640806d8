"""Benchmark of the VSMC calcification engine: one virtual experiment and one culture simulation.

Run as ``python benchmarks/bench_calcification.py``; prints median and p95 in milliseconds.
Budget (DESIGN): one ``run_experiment`` with the paper's design <= 50 ms.
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
