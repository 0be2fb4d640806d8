"""Fixtures shared by every test: one headless Chromium for the whole session.

The browser is Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``), driven by Playwright
without any browser download, with the flags that keep it from reaching the network on its own.
"""

from __future__ import annotations

import pytest

from .sitetools import ChromiumMissing, chromium, chromium_path


@pytest.fixture(scope="session")
def browser():
    """Chromium launched as the benchmarks launch it (:func:`tests.sitetools.chromium`)."""
    try:
        chromium_path()
    except ChromiumMissing as missing:
        pytest.fail(str(missing), pytrace=False)
    with chromium() as launched:
        yield launched
