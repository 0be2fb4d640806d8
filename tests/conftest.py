"""Fixtures shared by every test: one headless Chromium for the whole session; the test tiers.

Tiers (markers, each can run alone with ``pytest tests -m <tier>``): ``browser`` (every test that opens
Chromium: ``tests/site/`` and any test using the ``browser`` fixture), ``build`` (tests that build a copy
of the book or run a notebook under nbval in a subprocess) and ``launch`` (Binder's and Colab's install
paths in fresh virtual environments), and ``processes`` (single tests that start fresh interpreters as a
user's command would: other hash seeds, ``python -m widgets.data``, the data export). ``make test-fast``
runs what is in none of them, with a tenth of the random cases (:mod:`tests.tiers`).

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


#: Test files whose every test builds a copy of the book or runs nbval on a notebook.
BUILD_FILES = {"test_build_cache.py", "test_customization.py", "test_chapter_registry_book.py"}
#: Single tests of other files that run a notebook under nbval in a subprocess.
BUILD_TESTS = {"test_nbval_fails_when_a_checked_cell_prints_something_else"}
#: Files whose tests share a costly module-scoped fixture (a book build, a fresh virtual environment, every
#: page weighed in Chromium): under pytest-xdist (``-n``, ``--dist loadgroup``) each runs on one worker, so
#: the fixture is made once. The other tests are spread one by one.
ONE_WORKER_FILES = BUILD_FILES | {"test_launch.py", "test_weight.py", "test_assets.py",
                                   "test_search_and_font.py", "test_calcification.py"}  # jieba; the figures


def pytest_collection_modifyitems(config, items):
    """Mark each test with its tier: ``browser``, ``build`` (see the module docstring); keep the tests of
    :data:`ONE_WORKER_FILES` together under pytest-xdist."""
    for item in items:
        path = item.path
        if "site" in path.parts[-2:-1] or "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        if path.name in BUILD_FILES or item.originalname in BUILD_TESTS:
            item.add_marker(pytest.mark.build)
        if path.name in ONE_WORKER_FILES:
            item.add_marker(pytest.mark.xdist_group(path.name))
