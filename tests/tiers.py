"""How many random cases the property and parity tests draw.

``make test`` draws each test's full count; ``make test-fast`` sets ``COURSE_TESTS=fast`` and draws a
tenth of it (at least 5), so the edit-test loop still runs every property once over a sample while the
full counts (for example the 200+ parity cases the browser engines promise) run in ``make test``.
Parametrised tests over many alike cases (one per cytokine) run over a spread of them (:func:`some`).
"""

from __future__ import annotations

import os

FAST = os.environ.get("COURSE_TESTS", "") == "fast"


def examples(full: int) -> int:
    """The number of random cases to draw: *full* in the whole suite, a tenth of it (at least 5) in the
    fast one."""
    return max(5, full // 10) if FAST else full


def some(items, keep: int = 2) -> list:
    """The cases a parametrised test runs over: all of *items* in the whole suite, *keep* of them spread
    evenly (the first and the last among them) in the fast one."""
    items = list(items)
    if not FAST or len(items) <= keep:
        return items
    step = (len(items) - 1) / (keep - 1)
    return [items[round(i * step)] for i in range(keep)]
