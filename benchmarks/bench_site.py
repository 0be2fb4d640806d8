"""Page weight of the built course site, as a static host with gzip serves it.

Run as ``python benchmarks/bench_site.py [--site _build/html] [--browser] [--first-visit] [--before SITE]``.
For every page it prints the first-visit transfer found by parsing (the page and every asset it loads,
each gzip-compressed when it is text),
the page's *own* part (what no other page shares: the HTML with its figure data, plus assets only it
loads) and the shared part (theme, plotly.js, MathJax: fetched once, then cached). It also prints,
for one chapter page, the ratio of its weight to the same figures rendered the default plotly way
(``plotly.io.to_html(fig, include_plotlyjs=True)``: plotly.js inlined into the page).

``--first-visit`` measures each page's first visit in Chromium (with ``--before SITE``, side by side with
another build of the site, e.g. an earlier version). The measuring itself (parsing, weighing, serving,
Chromium) is in ``tests/sitetools.py``, shared with the site tests; its names are available here too.
"""


from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.sitetools import (  # noqa: E402,F401  (re-exported for the other benchmarks)
    _FIGURE, CHROMIUM_ARGS, KB, SITE, PageWeight, chromium, chromium_path, collect_assets, figure_specs, first_visits,
    serve, site_pages, site_weights, transfer_size, weigh)


def default_rendering(html: str) -> str:
    """``html`` with every course figure re-rendered the default plotly way: ``plotly.io.to_html``
    with plotly.js inlined (once per page, in the first figure, as plotly's ``notebook`` renderer
    does), and the page's own plotly.js / course-plotly.js script tags removed."""
    import plotly.io as pio

    count = {"n": 0}

    def render(match):
        spec = json.loads(match.group(1).replace("<\\/", "</"))
        first = count["n"] == 0
        count["n"] += 1
        return pio.to_html(spec, include_plotlyjs=first, full_html=False, validate=False,
                           config=spec.get("config") or None)

    out = _FIGURE.sub(render, html)
    return re.sub(r'<script[^>]*src="[^"]*(?:vendor/plotly\.min\.js|course-plotly\.js)[^"]*"[^>]*></script>', "", out)


def compare_with_default(site: Path, page: str, rows: list[PageWeight]) -> dict:
    """Transfer of ``page`` as built against the same figures rendered the default way.

    Returns gzip byte counts: ``ours_first``/``default_first`` (cold cache: page and all its assets)
    and ``ours_own``/``default_own`` (what a reader who already has the shared assets downloads).
    """
    row = next(r for r in rows if r.page == page)
    html = (site / page).read_text(encoding="utf-8")
    default_html = default_rendering(html).encode()
    default_page = len(gzip.compress(default_html, compresslevel=6, mtime=0))
    plotly_assets = [a for a in ("_static/vendor/plotly.min.js", "_static/course-plotly.js") if (site / a).is_file()]
    ours_plotly = sum(transfer_size(site / a) for a in plotly_assets)
    return {
        "page": page,
        "figures": len(figure_specs(html)),
        "page_html": row.html,
        "default_page_html": default_page,
        "ours_first": row.first_visit,
        "default_first": row.first_visit - row.html - ours_plotly + default_page,
        "ours_own": row.own,
        "default_own": row.own - row.html + default_page,
    }


# ----------------------------------------------------------------------------------------------
def kb(n: int) -> str:
    return f"{n / KB:9.1f}"


def report(site: Path = SITE, *, browser_record: bool = False, compare_page: str | None = None) -> dict:
    """Print the weight table and the comparison with plotly's default rendering; return the numbers."""
    pages = site_pages(site)
    if not pages:
        raise SystemExit(f"no site at {site}: build it first (make book)")
    if browser_record:
        with serve(site) as url, chromium() as browser:
            found = collect_assets(site, pages, browser=browser, base_url=url)
        how = "requests recorded in Chromium, figures drawn and math typeset"
    else:
        found = collect_assets(site, pages)
        how = "assets found by parsing HTML and CSS"
    rows = weigh(site, found)
    print(f"Page weight: gzip transfer in kB as a static host serves it ({how}; {len(pages)} pages)")
    print(f"{'page':<42s} {'own':>9s} {'shared':>9s} {'first visit':>12s} {'assets':>7s}")
    for r in rows:
        print(f"{r.page:<42s} {kb(r.own)} {kb(r.shared)} {kb(r.first_visit):>12s} {r.assets:7d}")
    own_assets = {a for r in rows for a in r.own_assets}
    shared = {a for f in found.values() for a in f if a not in own_assets and (site / a).is_file()}
    shared_bytes = sum(transfer_size(site / a) for a in shared)
    own_bytes = sum(r.own for r in rows)
    print(f"whole site, every page visited once: {(shared_bytes + own_bytes) / KB:.1f} kB "
          f"(shared assets {shared_bytes / KB:.1f} kB in {len(shared)} files, fetched once; "
          f"pages' own parts {own_bytes / KB:.1f} kB)")
    numbers: dict = {"pages": [r.__dict__ | {"shared": r.shared} for r in rows], "method": how,
                     "site_total": shared_bytes + own_bytes, "shared_total": shared_bytes}
    with_figures = [r for r in rows if figure_specs((site / r.page).read_text("utf-8"))]
    chapters = [r for r in with_figures if r.page.startswith("chapters/")]
    if compare_page is None and chapters:
        compare_page = max(chapters, key=lambda r: r.html).page
    if compare_page:
        c = compare_with_default(site, compare_page, rows)
        numbers["default_comparison"] = c
        print(f"\n{compare_page} ({c['figures']} figures) against the same figures rendered the default plotly "
              f"way (plotly.io.to_html, plotly.js inlined in the page):")
        print(f"  page HTML: {c['page_html'] / KB:.1f} kB vs {c['default_page_html'] / KB:.1f} kB")
        print(f"  first visit (cold cache): {c['ours_first'] / KB:.1f} kB vs {c['default_first'] / KB:.1f} kB "
              f"(ratio {c['ours_first'] / c['default_first']:.2f})")
        print(f"  shared assets cached (a reader's next chapter): {c['ours_own'] / KB:.1f} kB vs "
              f"{c['default_own'] / KB:.1f} kB (ratio {c['ours_own'] / c['default_own']:.3f})")
    if with_figures:
        inlined = sum(len(gzip.compress(default_rendering((site / r.page).read_text("utf-8")).encode(),
                                        compresslevel=6, mtime=0)) - r.html for r in with_figures)
        plotly_files = ("_static/vendor/plotly.min.js", "_static/course-plotly.js")
        plotly_shared = sum(transfer_size(site / a) for a in plotly_files if (site / a).is_file())
        default_total = numbers["site_total"] + inlined - plotly_shared
        numbers["default_site_total"] = default_total
        print(f"whole site, every page once: {numbers['site_total'] / KB:.1f} kB vs {default_total / KB:.1f} kB "
              f"with plotly.js inlined in each of the {len(with_figures)} pages with figures "
              f"(ratio {numbers['site_total'] / default_total:.2f})")
    return numbers


def first_visit_report(site: Path = SITE, before: Path | None = None) -> dict:
    """Print every page's first visit measured in Chromium (:func:`first_visit`), and with ``before`` (another
    built site, e.g. an earlier version) the same pages there side by side; return the numbers."""
    pages = site_pages(site)
    if not pages:
        raise SystemExit(f"no site at {site}: build it first (make book)")
    after = first_visits(site, pages)
    earlier = first_visits(before, [p for p in site_pages(before) if p in pages]) if before else {}
    print("First visit of each page in Chromium, empty cache, figures drawn and math typeset: kB transferred "
          "(gzip bodies and headers, from a gzip static server)")
    if earlier:
        print(f"{'page':<42s} {'before':>9s} {'after':>9s} {'change':>8s}")
    else:
        print(f"{'page':<42s} {'kB':>9s} {'files':>6s}")
    for page in pages:
        a = after[page]
        if earlier:
            b = earlier.get(page)
            change = f"{(a.total / b.total - 1) * 100:+7.0f}%" if b else ""
            print(f"{page:<42s} {kb(b.total) if b else ' ' * 9} {kb(a.total)} {change}")
        else:
            print(f"{page:<42s} {kb(a.total)} {len(a.responses):6d}")
    heaviest = max(after.values(), key=lambda v: v.total)
    numbers = {"after": {p: v.total for p, v in after.items()}, "heaviest": (heaviest.page, heaviest.total),
               "external": sorted({u for v in after.values() for u in v.external})}
    line = f"heaviest first visit: {heaviest.page} {heaviest.total / KB:.1f} kB"
    if earlier:
        old = max(earlier.values(), key=lambda v: v.total)
        numbers["before"] = {p: v.total for p, v in earlier.items()}
        numbers["heaviest_before"] = (old.page, old.total)
        line += f" (before: {old.page} {old.total / KB:.1f} kB)"
    print(line)
    top = sorted(heaviest.responses.items(), key=lambda kv: -kv[1])[:6]
    print("  its largest files: " + ", ".join(f"{path} {size / KB:.1f} kB" for path, size in top))
    return numbers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=SITE, help="the built HTML folder (default _build/html)")
    parser.add_argument("--browser", action="store_true",
                        help="record the requests Chromium makes instead of parsing (slower, exact)")
    parser.add_argument("--page", help="the chapter page compared with the default rendering")
    parser.add_argument("--first-visit", action="store_true",
                        help="also measure every page's first visit in Chromium (network transfer)")
    parser.add_argument("--before", type=Path, help="another built site to compare first visits with")
    args = parser.parse_args(argv)
    report(args.site, browser_record=args.browser, compare_page=args.page)
    if args.first_visit or args.before:
        print()
        first_visit_report(args.site, args.before)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
