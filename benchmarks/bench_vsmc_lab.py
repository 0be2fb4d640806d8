"""Timing of the VSMC virtual lab in the page (chapter 9), in headless Chromium.

Run: ``python benchmarks/bench_vsmc_lab.py [repetitions]`` after ``make book`` (or with ``COURSE_SITE``
naming a built site). The chapter is served by the gzip server of ``bench_site`` and opened in Debian's
Chromium; then, with the page's own modules and ``calcification-model.json``:

1. **one experiment with the paper's design**: ``runExperiment()`` of the lab's request for the
   "paper" preset (the wells and the ANOVA/LSD statistics), timed with ``performance.now()``;
2. **the power view**: 100 experiments with that design (``power()`` of ``vsmc-lab-state.mjs``), and
   the same for the "stronger" preset (four groups, every readout, three times, 8 wells);
3. **one control change until both figures are redrawn**: the tofacitinib slider moved (``input`` and
   ``change`` events, 150 ms apart), timed until the lab reports that ``Plotly.react`` has finished.

Median and p95 in milliseconds; the course's target for the power view (<= 1 s) is printed beside it.
Nothing here is a test.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import bench_site  # noqa: E402
from benchmarks.timing import CHANGE_TO_REDRAW, median_p95  # noqa: E402

PAGE = "chapters/09_vsmc_calcification.html"
LAB = '[data-course-simulator="vsmc-lab"]'
POWER_TARGET_MS = 1000.0

ENGINE = """async ([repetitions, powerRepetitions]) => {
  const base = new URL('../_static/browser/', location.href);
  const { runExperiment } = await import(new URL('calcification.mjs', base).href);
  const { labRequest, power, presetValues } = await import(new URL('vsmc-lab-state.mjs', base).href);
  const model = await (await fetch(new URL('calcification-model.json', base))).json();
  const request = (id) => labRequest(presetValues(model.presets.find((p) => p.id === id), model), model).request;
  const time = (f, n) => { for (let i = 0; i < 3; i++) f(i); const out = [];
    for (let i = 0; i < n; i++) { const t0 = performance.now(); f(i); out.push(performance.now() - t0); } return out; };
  const paper = request('paper');
  const stronger = request('stronger');
  return {
    "one experiment, the paper's design": time((i) => runExperiment({ ...paper, seed: i }, model), repetitions),
    "one experiment, the stronger design": time((i) => runExperiment({ ...stronger, seed: i }, model), repetitions),
    "power view: 100 experiments, the paper's design": time((i) => power({ ...paper, seed: i * 100 }, model, 100), powerRepetitions),
    "power view: 100 experiments, the stronger design": time((i) => power({ ...stronger, seed: i * 100 }, model, 100), powerRepetitions),
  };
}"""

def main(repetitions: int = 200) -> int:
    site = bench_site.SITE
    if not (site / PAGE).is_file():
        print(f"VSMC lab in the page: not run, {site / PAGE} is missing (run `make book` first)")
        return 0
    power_repetitions = max(10, repetitions // 10)
    with bench_site.serve(site) as base, bench_site.chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + PAGE, wait_until="load")
        page.locator(LAB).scroll_into_view_if_needed()
        page.wait_for_function(f"() => Number(document.querySelector('{LAB}').dataset.renders) >= 1", timeout=30_000)
        version = browser.version
        engine = page.evaluate(ENGINE, [repetitions, power_repetitions])
        changes = page.evaluate(CHANGE_TO_REDRAW, [LAB, 'input[data-key="doses/tofacitinib_nM"]',
                                                      max(20, repetitions // 4), 3])
    print(f"VSMC lab in the page (headless Chromium {version}, {PAGE}) (ms)")
    worst_power = 0.0
    for label, times in engine.items():
        median, p95 = median_p95(times)
        if label.startswith("power"):
            worst_power = max(worst_power, p95)
        print(f"  {label:50s} median {median:8.3f}   p95 {p95:8.3f}   (n = {len(times)})")
    median, p95 = median_p95([c["total"] for c in changes])
    print(f"  {'control change until both figures are redrawn':50s} median {median:8.2f}   p95 {p95:8.2f}"
          f"   (n = {len(changes)})")
    for key, what in (("runMs", "of which: the experiment"), ("drawMs", "of which: Plotly.react (two figures)")):
        m, p = median_p95([c[key] for c in changes])
        print(f"    {what:48s} median {m:8.2f}   p95 {p:8.2f}")
    print(f"power view: worst p95 {worst_power:.1f} ms "
          f"({'meets' if worst_power <= POWER_TARGET_MS else 'MISSES'} the {POWER_TARGET_MS:g} ms target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
