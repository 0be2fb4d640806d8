"""Timing of the browser engines (bone remodeling, VSMC lab), run in Node (``bench_browser_engine.mjs``).

Run: ``python benchmarks/bench_browser_engine.py [repetitions]``. Writes the exported model JSON to
a temporary folder and prints the Node script's median and p95 (ms) of one ``simulate()`` and of
the virtual lab's experiments.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from widgets.browser.export import write_models  # noqa: E402


def main(repetitions: int = 200) -> int:
    node = shutil.which("node")
    if not node:
        print("Node.js is not installed: the browser engine benchmark needs Node 20 or newer")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        write_models(folder)
        run = subprocess.run([node, str(ROOT / "benchmarks" / "bench_browser_engine.mjs"), "--data", folder,
                              str(repetitions)], capture_output=True, text=True)
    print(run.stdout.strip() or run.stderr.strip())
    return run.returncode


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
