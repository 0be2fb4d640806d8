"""Timing of the bone-remodeling engine and its live panel.

Run: ``python benchmarks/bench_remodeling.py [repetitions]``. Prints median and p95 (ms) of
one ``simulate(days=365)`` (healthy, with cytokines, with windowed dosing) and of one panel
update (a slider moved: engine run plus in-place FigureWidget update). The aim is p95 <= 10 ms for
one ``simulate(days=365)``, so a live panel answers a slider within a frame or two.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from timing import timed  # noqa: E402

from widgets import remodeling as rm  # noqa: E402

TARGET_P95_MS = 10.0


def main(repetitions: int = 100) -> int:
    inflamed = {"TNF-α": 3.0, "IL-1": 3.0, "IL-6": 3.0}
    cases = {
        "simulate(365) healthy": lambda: rm.simulate(365),
        "simulate(365) TNF-α, IL-1, IL-6 3x": lambda: rm.simulate(365, inflamed),
        "simulate(365) all six cytokines moved": lambda: rm.simulate(
            365, {"TNF-α": 5, "IL-1": 4, "IL-6": 6, "IL-8": 3, "IL-10": 0.5, "IL-33": 2}),
        "simulate(365) IL-6 + RANKL dosing window": lambda: rm.simulate(
            365, {"IL-6": 5}, dosing={"RANKL": 500}, dosing_window=(60, 240)),
        "simulate(3650) inflamed, ten years": lambda: rm.simulate(3650, inflamed),
    }
    print(f"bone-remodeling engine, {repetitions} repetitions each (ms)")
    worst = 0.0
    for label, fn in cases.items():
        median, p95 = timed(fn, repetitions)
        if "365)" in label:
            worst = max(worst, p95)
        print(f"  {label:45s} median {median:7.2f}   p95 {p95:7.2f}")

    from widgets.panels.remodeling import remodeling_panel

    panel = remodeling_panel()
    slider = panel.controls["cytokines/TNF-α"]
    stops = [value for _, value in slider.options if value >= 0.5]  # the slider's own positions
    values = iter(np.tile(stops, repetitions + 10))

    def move():  # the observer runs the engine and updates the FigureWidget in place
        slider.value = float(next(values))

    median, p95 = timed(move, repetitions)
    print(f"  {'panel update (TNF-α slider moved)':45s} median {median:7.2f}   p95 {p95:7.2f}")
    verdict = "meets" if worst <= TARGET_P95_MS else "MISSES"
    print(f"simulate(days=365): worst p95 {worst:.2f} ms {verdict} the {TARGET_P95_MS:g} ms target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
