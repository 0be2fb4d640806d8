"""Timing of the bone-remodeling simulator in the page, in headless Chromium.

Run: ``python benchmarks/bench_simulator.py [repetitions]`` after ``make book`` (or with
``COURSE_SITE`` naming a built site). The remodeling chapter is served by the gzip server of
``bench_site`` and opened in Debian's Chromium; then

1. **one 365-day solve in the page**: ``simulate()`` of the page's own ``remodeling.mjs`` on the
   page's own ``remodeling-model.json``, timed with ``performance.now()`` around each call, for a
   few requests (healthy, inflamed, all six cytokines moved, a dosing window, every slider at its end);
2. **one control change until the figure is redrawn**: a slider of the simulator is moved (an
   ``input`` and a ``change`` event, as a key press makes them; 150 ms apart, a reader's pace) and the
   time is taken until the simulator reports that ``Plotly.react`` has finished (its
   ``course-simulator-rendered`` event): the solve, the read-outs, the URL and the redraw. The parts
   (solve, ``Plotly.react``) are printed too.

Median and p95 in milliseconds. The targets of the course (solve <= 2 ms, change-to-redraw <= 50 ms
p95) are printed beside them; nothing here is a test.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import bench_site  # noqa: E402
from benchmarks.timing import CHANGE_TO_REDRAW, median_p95  # noqa: E402

PAGE = "chapters/02_remodeling.html"
MOUNT = "[data-course-simulator]"
SOLVE_TARGET_MS = 2.0
REDRAW_TARGET_MS = 50.0

REQUESTS = {
    "healthy": {"days": 365},
    "TNF-α, IL-1, IL-6 3x": {"days": 365, "cytokines": {"TNF-α": 3, "IL-1": 3, "IL-6": 3}},
    "all six cytokines moved": {"days": 365, "cytokines": {"TNF-α": 5, "IL-1": 4, "IL-6": 6, "IL-8": 3,
                                                           "IL-10": 0.5, "IL-33": 2}},
    "IL-6 + RANKL dosing window": {"days": 365, "cytokines": {"IL-6": 5}, "dosing": {"RANKL": 500},
                                   "dosing_window": [60, 240]},
}

SOLVES = """async ([requests, repetitions]) => {
  const base = new URL('../_static/browser/', location.href);
  const { simulate } = await import(new URL('remodeling.mjs', base).href);
  const model = await (await fetch(new URL('remodeling-model.json', base))).json();
  const top = {days: 365, cytokines: {}, dosing: {}, dosing_window: null, therapy: null};
  for (const c of model.controls) {
    if (c.group === 'cytokines') top.cytokines[c.name] = c.max;
    if (c.group === 'dosing') top.dosing[c.name] = c.max;
  }
  requests['every slider at its end (365 days)'] = top;
  simulate(requests.healthy, model);  // the first call finds the healthy state of this model object
  const out = {};
  for (const [label, request] of Object.entries(requests)) {
    for (let i = 0; i < 5; i++) simulate(request, model);
    const times = [];
    for (let i = 0; i < repetitions; i++) {
      const t0 = performance.now();
      simulate(request, model);
      times.push(performance.now() - t0);
    }
    out[label] = times;
  }
  return out;
}"""

def main(repetitions: int = 200) -> int:
    site = bench_site.SITE
    if not (site / PAGE).is_file():
        print(f"simulator in the page: not run, {site / PAGE} is missing (run `make book` first)")
        return 0
    with bench_site.serve(site) as base, bench_site.chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + PAGE, wait_until="load")
        page.locator("[data-course-simulator]").scroll_into_view_if_needed()
        page.wait_for_function("() => Number(document.querySelector('[data-course-simulator]').dataset.renders) >= 1",
                               timeout=30_000)
        version = browser.version
        solves = page.evaluate(SOLVES, [REQUESTS, repetitions])
        changes = page.evaluate(CHANGE_TO_REDRAW, [MOUNT, 'input[type=range]', repetitions, 5])  # the first cytokine
    print(f"simulator in the page (headless Chromium {version}, {PAGE}), {repetitions} repetitions each (ms)")
    worst = 0.0
    for label, times in solves.items():
        median, p95 = median_p95(times)
        worst = max(worst, p95)
        print(f"  one 365-day solve, {label:36s} median {median:7.3f}   p95 {p95:7.3f}")
    median, p95 = median_p95([c["total"] for c in changes])
    print(f"  {'control change until the figure is redrawn':48s} median {median:7.2f}   p95 {p95:7.2f}")
    for key, what in (("solveMs", "of which: the solve"), ("drawMs", "of which: Plotly.react")):
        m, p = median_p95([c[key] for c in changes])
        print(f"    {what:46s} median {m:7.2f}   p95 {p:7.2f}")
    print(f"one 365-day solve: worst p95 {worst:.3f} ms ({'meets' if worst <= SOLVE_TARGET_MS else 'MISSES'} "
          f"the {SOLVE_TARGET_MS:g} ms target); change to redraw p95 {p95:.1f} ms "
          f"({'meets' if p95 <= REDRAW_TARGET_MS else 'MISSES'} the {REDRAW_TARGET_MS:g} ms target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
