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
