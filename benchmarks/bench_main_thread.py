"""The page's main thread while plotly.js loads and draws the figures, in headless Chromium.

Run: ``python benchmarks/bench_main_thread.py [--site _build/html] [--before SITE] [--runs N] [PAGE ...]``
after ``make book``. Each page is opened in a fresh browser context (empty cache) from the gzip server
of ``bench_site``, at 1280 x 900; a ``PerformanceObserver`` for ``longtask`` entries (tasks of 50 ms or
more) is set up before the page's first script runs. The page is then scrolled down to each figure in
turn (as a reader does) until every figure is drawn. Printed per page: the longest task, the number of
long tasks and their blocking time (the sum of each one's part over 50 ms) from the start of the load
until the last figure is drawn; the median over the runs. With ``--before SITE`` an earlier build is
measured the same way, side by side. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import bench_site  # noqa: E402

PAGES = ["chapters/10_synthesis.html", "chapters/02_remodeling.html"]

OBSERVE = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
}).observe({ type: 'longtask', buffered: true });
"""

DRAWN = """i => { const f = document.querySelectorAll('figure.course-plotly')[i];
  return f && f.getAttribute('data-drawn') === 'done' && f.querySelector('svg.main-svg'); }"""


def measure(browser, base: str, page_path: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(OBSERVE)
        page.goto(base + page_path, wait_until="load")
        figures = page.locator("figure.course-plotly")
        count = figures.count()
        for i in range(count):
            figures.nth(i).scroll_into_view_if_needed()
            page.wait_for_function(DRAWN, arg=i, timeout=60_000)
        page.wait_for_timeout(300)  # the last task's entry is reported after it ends
        tasks = page.evaluate("() => window.__longTasks")
    finally:
        context.close()
    durations = [d for _, d in tasks]
    return {"figures": count, "longest": max(durations, default=0.0), "count": len(durations),
            "blocking": sum(max(0.0, d - 50) for d in durations)}


def run(site: Path, pages: list[str], runs: int) -> dict[str, dict]:
    out = {}
    with bench_site.serve(site) as base, bench_site.chromium() as browser:
        for page in pages:
            results = [measure(browser, base, page) for _ in range(runs)]
            out[page] = {key: statistics.median(r[key] for r in results) for key in results[0]}
            out[page]["longest_all"] = [round(r["longest"]) for r in results]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=PAGES)
    parser.add_argument("--site", type=Path, default=bench_site.SITE)
    parser.add_argument("--before", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    missing = [p for p in args.pages if not (args.site / p).is_file()]
    if missing:
        print(f"main thread: not run, {', '.join(missing)} missing in {args.site} (run `make book` first)")
        return 0
    after = run(args.site, args.pages, args.runs)
    before = run(args.before, args.pages, args.runs) if args.before else None
    print(f"main thread while the figures load and draw (headless Chromium, empty cache, 1280 x 900), "
          f"median of {args.runs} runs; long tasks are those of 50 ms or more (ms)")
    for page in args.pages:
        a = after[page]
        line = (f"  {page:36s} {int(a['figures']):2d} figures: longest task {a['longest']:6.0f} "
                f"(runs {a['longest_all']}), {a['count']:.0f} long tasks, blocking {a['blocking']:6.0f}")
        if before:
            b = before[page]
            line += f"   | before: longest {b['longest']:6.0f} (runs {b['longest_all']}), " \
                    f"{b['count']:.0f} long tasks, blocking {b['blocking']:6.0f}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
