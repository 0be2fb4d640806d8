"""Shared timing helper of the benchmark scripts: median and p95 of a call, in milliseconds."""

from __future__ import annotations

import statistics
import time

import numpy as np


def timed(fn, repetitions: int, warmup: int = 5) -> tuple[float, float]:
    """Median and p95 of ``fn()`` in ms, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times), float(np.percentile(times, 95))


def median_p95(times) -> tuple[float, float]:
    """Median and 95th percentile of ``times``."""
    return statistics.median(times), float(np.percentile(times, 95))


#: Run in the page (``page.evaluate(CHANGE_TO_REDRAW, [mount, input, repetitions, warmup])``): move the range
#: input ``input`` of the simulator mount ``mount`` one position at a reader's pace, and time each change until
#: the mount reports ``course-simulator-rendered``; each result is ``{total, ...the event's detail}`` in ms.
CHANGE_TO_REDRAW = """async ([mount, inputSelector, repetitions, warmup]) => {
  const root = document.querySelector(mount);
  const input = root.querySelector(inputSelector);
  const top = Number(input.max);
  const once = (position) => new Promise((resolve) => {
    const t0 = performance.now();
    root.addEventListener('course-simulator-rendered', (e) => resolve({
      total: performance.now() - t0, ...e.detail }), { once: true });
    input.value = String(position);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  const pause = () => new Promise((resolve) => setTimeout(resolve, 150));  // a reader's pace between key presses
  for (let i = 0; i < warmup; i++) { await once((i % top) + 1); await pause(); }
  const out = [];
  for (let i = 0; i < repetitions; i++) { out.push(await once((i % top) + 1)); await pause(); }
  return out;
}"""
