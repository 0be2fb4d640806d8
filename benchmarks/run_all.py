"""Every benchmark of the course in one command (``make benchmark``), written to benchmarks/RESULTS.md.

Run as ``python benchmarks/run_all.py [--lighthouse] [--browser] [--skip-build] [--no-write]``:

1. **Cold build**: the book (working tree, chapters not yet committed included) copied to a temporary
   folder and built from nothing, notebooks executed (``jupyter-book build -W -n --keep-going``).
2. **Cached rebuild**: the same copy built again with no change (the execution cache is reused).
3. **nbval**: every chapter notebook executed by ``pytest --nbval-lax --nbval-current-env``.
4. **Engines**: every other ``benchmarks/bench_*.py`` script (median and p95 latencies), the simulator's in
   headless Chromium on the freshly built site.
5. **Page weight** of each page of the freshly built site, gzip transfer as a static host serves it,
   and a chapter page against the same figures rendered the default plotly way (plotly.js inlined).
6. **First visit in Chromium** of every page (network transfer with an empty cache, figures drawn, math
   typeset); with ``--before-ref REF`` (a git commit, e.g. the one before a change to the site's assets)
   that version is exported with ``git archive``, built cold the same way, and measured beside it.
7. **Lighthouse** (``--lighthouse``, when ``benchmarks/node_modules`` has it: ``cd benchmarks && npm ci``):
   the landing page and two chapters, desktop preset.

``--skip-build`` measures the existing ``_build/html`` instead of building (no build times).
The report states the date and the machine (cores, CPU model, Python).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks import bench_site  # noqa: E402

RESULTS = HERE / "RESULTS.md"
BUILD_FLAGS = ["--warningiserror", "--nitpick", "--keep-going"]
# Left out of the copy that is built cold: outputs, environments, caches, version control.
IGNORE = shutil.ignore_patterns("_build", ".venv", "venv", "node_modules", ".git", "*.egg-info", "__pycache__",
                                ".hypothesis", ".pytest_cache", ".ipynb_checkpoints", "out")


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), "nproc": os.cpu_count(),
            "cpu": cpu, "python": platform.python_version(), "platform": platform.platform()}


def _clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("COURSE_DATA_DIR", "COURSE_EDITION", "COURSE_SITE")}


def _tool(name: str) -> str:
    """An executable of the running Python's environment (``.venv/bin/NAME``), else from PATH."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else (shutil.which(name) or name)


def build(book: Path) -> tuple[float, bool, str]:
    """Build ``book`` with its own copy of the course package (``PYTHONPATH``, inherited by the notebook
    kernels, so the working tree's edits in progress cannot reach it); return (seconds, succeeded, log tail)."""
    env = _clean_env()
    env["PYTHONPATH"] = os.pathsep.join([str(book)] + [p for p in [env.get("PYTHONPATH")] if p])
    start = time.perf_counter()
    result = subprocess.run([_tool("jupyter-book"), "build", str(book), *BUILD_FLAGS], capture_output=True,
                            text=True, env=env, timeout=3600)
    seconds = time.perf_counter() - start
    return seconds, result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def copy_book(dest: Path) -> Path:
    shutil.copytree(ROOT, dest, ignore=IGNORE)
    return link_node_modules(dest)


def export_ref(ref: str, dest: Path) -> Path:
    """The book as committed at ``ref``, unpacked into ``dest`` (``git archive``)."""
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref], capture_output=True,
                             check=True, timeout=300).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True, timeout=300)
    return link_node_modules(dest)


def link_node_modules(dest: Path) -> Path:
    """The npm packages the build bundles plotly.js from (``npm ci`` in the working tree), linked into a copy."""
    if (dest / "package.json").is_file() and (ROOT / "node_modules").is_dir() and not (dest / "node_modules").exists():
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return dest


def run_nbval() -> tuple[float, str]:
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "chapters").glob("*.ipynb")
                       if not p.name.startswith("_"))
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-q",
                             "-p", "no:cacheprovider", "-p", "tools.nbval_expected", *notebooks], cwd=ROOT, capture_output=True, text=True,
                            env=_clean_env(), timeout=3600)
    seconds = time.perf_counter() - start
    lines = result.stdout.splitlines()
    summary = next((line for line in reversed(lines) if re.search(r"\d+ (passed|failed)", line)),
                   lines[-1] if lines else "no output")
    failed = [re.sub(r"\x1b\[[0-9;]*m", "", line.split(" - ")[0].removeprefix("FAILED ")) for line in lines
              if line.startswith(("FAILED", "ERROR"))]
    text = f"{len(notebooks)} notebooks: {summary.strip('= ')}"
    return seconds, text + (f"; failed: {', '.join(failed)}" if failed else "")


def run_engine_benchmarks(site: Path | None = None) -> list[tuple[str, str, bool]]:
    """Each ``bench_*.py`` but the site one: (script, its output, succeeded). Those that open a page
    (the simulator's) measure ``site`` (``COURSE_SITE``)."""
    out = []
    env = _clean_env()
    if site is not None:
        env["COURSE_SITE"] = str(site)
    for script in sorted(HERE.glob("bench_*.py")):
        if script.name == "bench_site.py":
            continue
        result = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True,
                                env=env, timeout=1800)
        text = result.stdout.strip() or result.stderr.strip()[-2000:]
        out.append((script.name, text, result.returncode == 0))
    return out


def _captured(call, *args, **kwargs):
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        value = call(*args, **kwargs)
    return value, buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse (needs benchmarks/node_modules)")
    parser.add_argument("--browser", action="store_true", help="page weights from Chromium's requests, not parsing")
    parser.add_argument("--skip-build", action="store_true", help="measure the existing _build/html; no build timing")
    parser.add_argument("--no-write", action="store_true", help=f"print only; leave {RESULTS.name} as it is")
    parser.add_argument("--before-ref", metavar="REF",
                        help="also build the book at git commit REF and compare first visits with it")
    args = parser.parse_args(argv)

    info = machine()
    print(f"Benchmarks of the Inflammation & Bone course, {info['date']}")
    print(f"machine: {info['nproc']} cores, {info['cpu']}, Python {info['python']} ({info['platform']})\n")
    sections: list[tuple[str, str]] = []
    summary: list[tuple[str, str]] = []
    failures = 0

    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        if args.skip_build:
            site = bench_site.SITE
            if not (site / "index.html").is_file():
                raise SystemExit("no site in _build/html: run `make book` or drop --skip-build")
        else:
            book = copy_book(Path(tmp) / "book")
            print("cold build (a copy of the book, no cache) ...", flush=True)
            cold, ok, log = build(book)
            print(f"  {cold:.1f} s {'ok' if ok else 'FAILED'}")
            if not ok:
                print(log)
                raise SystemExit("the cold build failed")
            print("cached rebuild (no change) ...", flush=True)
            warm, ok2, log2 = build(book)
            print(f"  {warm:.1f} s {'ok' if ok2 else 'FAILED'}")
            failures += not ok2
            summary += [("cold build (copy of the book, notebooks executed)", f"{cold:.1f} s"),
                        ("cached rebuild, no change", f"{warm:.1f} s")]
            site = book / "_build" / "html"

        print("nbval over every chapter notebook ...", flush=True)
        nb_seconds, nb_summary = run_nbval()
        print(f"  {nb_seconds:.1f} s, {nb_summary}")
        failures += "failed" in nb_summary or "error" in nb_summary
        summary.append(("nbval, every chapter notebook", f"{nb_seconds:.1f} s ({nb_summary})"))

        print("\nengine benchmarks ...", flush=True)
        engines = []
        for name, text, ok in run_engine_benchmarks(site):
            print(f"[{name}]{'' if ok else ' FAILED'}\n{text}\n")
            failures += not ok
            engines.append(f"$ python benchmarks/{name}\n{text}")
        sections.append(("Engine latency", "\n\n".join(engines) or "(no engine benchmarks)"))

        numbers, weights_text = _captured(bench_site.report, site, browser_record=args.browser)
        print(weights_text)
        sections.append(("Page weight", weights_text.rstrip()))
        if "default_comparison" in numbers:
            c = numbers["default_comparison"]
            summary.append((f"{c['page']} vs plotly's default rendering (plotly.js inlined), first visit",
                            f"{c['ours_first'] / 1024:.0f} kB vs {c['default_first'] / 1024:.0f} kB "
                            f"(ratio {c['ours_first'] / c['default_first']:.2f})"))
            summary.append((f"{c['page']} vs default rendering, shared assets cached",
                            f"{c['ours_own'] / 1024:.0f} kB vs {c['default_own'] / 1024:.0f} kB "
                            f"(ratio {c['ours_own'] / c['default_own']:.3f})"))
        if "default_site_total" in numbers:
            summary.append(("whole site, every page visited once, vs plotly.js inlined in every page with figures",
                            f"{numbers['site_total'] / 1024:.0f} kB vs {numbers['default_site_total'] / 1024:.0f} kB "
                            f"(ratio {numbers['site_total'] / numbers['default_site_total']:.2f})"))
        rows = numbers["pages"]
        chapters = [r for r in rows if r["page"].startswith("chapters/")]
        if chapters:
            heaviest = max(chapters, key=lambda r: r["own"])
            summary.append(("heaviest chapter page, own part (budget 1536 kB)",
                            f"{heaviest['page']}: {heaviest['own'] / 1024:.0f} kB"))

        before_site = None
        if args.before_ref:
            print(f"cold build of {args.before_ref} (for the before/after first visits) ...", flush=True)
            old = export_ref(args.before_ref, Path(tmp) / "before")
            seconds, ok, log = build(old)
            print(f"  {seconds:.1f} s {'ok' if ok else 'FAILED'}")
            if not ok:
                print(log)
                raise SystemExit(f"the build of {args.before_ref} failed")
            before_site = old / "_build" / "html"
        visits, visits_text = _captured(bench_site.first_visit_report, site, before_site)
        print(visits_text)
        title = "First visit in Chromium" + (f" (before: {args.before_ref})" if args.before_ref else "")
        sections.append((title, visits_text.rstrip()))
        page, total = visits["heaviest"]
        value = f"{page}: {total / 1024:.0f} kB"
        if "heaviest_before" in visits:
            old_page, old_total = visits["heaviest_before"]
            value += f" (before, {args.before_ref}: {old_page}: {old_total / 1024:.0f} kB)"
        summary.append(("heaviest first visit in Chromium, everything it loads (budget 1200 kB)", value))
        failures += total > 1_200_000 or bool(visits["external"])

        if args.lighthouse:
            from benchmarks import lighthouse

            if not lighthouse.available():
                print("Lighthouse is not installed (cd benchmarks && npm ci): skipped\n")
                sections.append(("Lighthouse", "not run: Lighthouse is not installed (cd benchmarks && npm ci)"))
            else:
                print("Lighthouse ...", flush=True)
                results, text = _captured(lighthouse.run, site)
                print(text)
                sections.append(("Lighthouse", text.rstrip()))
                for r in results:
                    summary.append((f"Lighthouse {r['page']} (perf / a11y / best practices / SEO)",
                                    " / ".join(f"{r['scores'][c]:.2f}" for c in lighthouse.CATEGORIES)))
                failures += not lighthouse.meets_targets(results)

    print("Summary")
    for key, value in summary:
        print(f"  {key}: {value}")
    if not args.no_write:
        RESULTS.write_text(render(info, summary, sections, args), encoding="utf-8")
        print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    return 1 if failures else 0


def render(info: dict, summary: list[tuple[str, str]], sections: list[tuple[str, str]], args) -> str:
    lines = ["# Benchmark results", "",
             "The latest numbers of `python benchmarks/run_all.py"
             + (" --lighthouse" if args.lighthouse else "") + (" --browser" if args.browser else "")
             + (" --skip-build" if args.skip_build else "")
             + (f" --before-ref {args.before_ref}" if args.before_ref else "")
             + "` (`make benchmark`); each run rewrites this file.",
             "", f"- date: {info['date']}",
             f"- machine: {info['nproc']} cores, {info['cpu']}", f"- Python {info['python']} ({info['platform']})", "",
             "| measure | result |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in summary]
    for title, body in sections:
        lines += ["", f"## {title}", "", "```text", body, "```"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
