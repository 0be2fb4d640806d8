"""Lighthouse scores of the built course site: the landing page and two chapter pages.

Run as ``python benchmarks/lighthouse.py [--site _build/html] [--preset desktop|mobile] [PAGE ...]``.
Needs Lighthouse installed beside this file (``cd benchmarks && npm ci``: ``package.json`` pins it) and
Debian's Chromium. The site is served on 127.0.0.1 as a static host serves it (gzip, cacheable
assets: see ``bench_site.serve``). Prints each page's four category scores against the targets,
the main performance metrics, and every audit that failed.

Targets: performance >= 0.90 (desktop preset), accessibility >= 0.95, best practices >= 0.95,
SEO >= 0.90.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import bench_site  # noqa: E402

LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 0.90, "accessibility": 0.95, "best-practices": 0.95, "seo": 0.90}
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index")
CHROME_FLAGS = " ".join(bench_site.CHROMIUM_ARGS)


def available() -> bool:
    """True when Lighthouse is installed in benchmarks/node_modules."""
    return LIGHTHOUSE.is_file()


def default_pages(site: Path) -> list[str]:
    """The landing page and two chapter pages: the two heaviest chapters with figures (or any)."""
    rows = bench_site.site_weights(site)
    chapters = [r for r in rows if r.page.startswith("chapters/")]
    with_figures = [r for r in chapters if "course-plotly-data" in (site / r.page).read_text("utf-8")]
    ranked = sorted(with_figures, key=lambda r: -r.first_visit) + sorted(
        [r for r in chapters if r not in with_figures], key=lambda r: -r.first_visit)
    return ["index.html"] + [r.page for r in ranked[:2]]


def audit(url: str, preset: str = "desktop", timeout: float = 300) -> dict:
    """Run Lighthouse on ``url``; return its JSON report (lhr)."""
    if not available():
        raise SystemExit("Lighthouse is not installed: cd benchmarks && npm ci")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                   f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
                   "--max-wait-for-load=60000"]
        if preset == "desktop":
            command.append("--preset=desktop")
        env = dict(os.environ, CHROME_PATH=bench_site.chromium_path())
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout,
                                cwd=tmp)
        if result.returncode != 0 or not out.is_file():
            raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
        return json.loads(out.read_text(encoding="utf-8"))


def summarize(page: str, lhr: dict) -> dict:
    """Scores, metrics and failed audits of one report."""
    scores = {c: lhr["categories"][c]["score"] for c in CATEGORIES}
    metrics = {m: lhr["audits"][m].get("displayValue", "") for m in METRICS if m in lhr["audits"]}
    failed = []
    for category in CATEGORIES:
        for ref in lhr["categories"][category]["auditRefs"]:
            a = lhr["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and a.get("score") is not None and a["score"] < 0.9:
                failed.append(f"{category}: {ref['id']} ({a['score']:.2f}) {a.get('displayValue', '')}".rstrip())
    return {"page": page, "scores": scores, "metrics": metrics, "failed": failed,
            "lighthouse": lhr.get("lighthouseVersion"), "chrome": lhr.get("environment", {}).get("hostUserAgent")}


def run(site: Path = bench_site.SITE, pages: list[str] | None = None, preset: str = "desktop") -> list[dict]:
    """Audit ``pages`` of ``site`` (default: landing page and two chapters); print and return summaries."""
    pages = pages or default_pages(site)
    results = []
    with bench_site.serve(site) as base:
        for page in pages:
            results.append(summarize(page, audit(base + page, preset)))
    print(f"Lighthouse {results[0]['lighthouse'] if results else ''} ({preset} preset), "
          f"targets: " + ", ".join(f"{c} >= {t:.2f}" for c, t in TARGETS.items()))
    print(f"{'page':<42s} " + " ".join(f"{c:>14s}" for c in CATEGORIES))
    for r in results:
        cells = []
        for c in CATEGORIES:
            mark = "" if r["scores"][c] is not None and r["scores"][c] >= TARGETS[c] else " !"
            cells.append(f"{(r['scores'][c] or 0):>12.2f}{mark:2s}")
        print(f"{r['page']:<42s} " + " ".join(cells))
        print("    " + ", ".join(f"{k.replace('-', ' ')} {v}" for k, v in r["metrics"].items()))
        for line in r["failed"]:
            print(f"    below 0.9: {line}")
    return results


def meets_targets(results: list[dict]) -> bool:
    return all(r["scores"][c] is not None and r["scores"][c] >= t for r in results for c, t in TARGETS.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="site-relative pages (default: index and two chapters)")
    parser.add_argument("--site", type=Path, default=bench_site.SITE)
    parser.add_argument("--preset", choices=("desktop", "mobile"), default="desktop")
    parser.add_argument("--json", type=Path, help="also write the summaries to this file")
    args = parser.parse_args(argv)
    results = run(args.site, args.pages or None, args.preset)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0 if meets_targets(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
