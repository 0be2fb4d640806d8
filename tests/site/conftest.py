"""Fixtures for the built-site tests: a local HTTP server over ``_build/html`` and headless Chromium.

The browser is Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``), driven by Playwright
without any browser download. Every request to a host other than the local server is blocked
and recorded, so a test can assert that a page asks nothing of the outside world.
"""

from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urlparse

import pytest

from ..sitetools import ROOT, SITE, site_pages  # noqa: F401  (site_pages: the pages linked from index.html)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "index.html").is_file():
        pytest.fail("the site is not built: run `make book` first", pytrace=False)
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class PageVisit:
    """One page opened in a fresh browser context, with its outside requests and console errors."""

    def __init__(self, browser, site_url: str, path: str, theme: str | None = None):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        if theme is not None:  # the colour mode the theme's button stores for the next pages ("light", "dark")
            self.page.add_init_script(f"localStorage.setItem('mode', '{theme}'); localStorage.setItem('theme', '{theme}');")
        self.external: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        local = urlparse(site_url).netloc

        def route(route):
            url = route.request.url
            if urlparse(url).netloc == local or url.startswith(("data:", "blob:", "about:")):
                route.continue_()
            else:
                self.external.append(url)
                route.abort()

        self.page.route("**/*", route)
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda err: self.errors.append(f"page error: {err}"))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        self.page.goto(site_url + path, wait_until="load")

    def draw_all_figures(self, timeout: float = 20_000) -> int:
        """Scroll every course figure into view and wait until plotly has drawn it; return the count."""
        figures = self.page.locator("figure.course-plotly")
        count = figures.count()
        for i in range(count):
            figures.nth(i).scroll_into_view_if_needed()
            self.page.wait_for_function(
                "i => { const f = document.querySelectorAll('figure.course-plotly')[i];"
                " return f && f.getAttribute('data-drawn') === 'done' && f.querySelector('svg.main-svg'); }",
                arg=i, timeout=timeout)
        return count

    def typeset_math(self, timeout: float = 20_000) -> int:
        """Wait until MathJax has typeset every math element of the page; return their count."""
        math = self.page.locator(".math").count()
        if math:
            self.page.wait_for_function(
                "n => document.querySelectorAll('mjx-container').length >= n", arg=math, timeout=timeout)
        return math

    def settle(self) -> None:
        """Draw every figure, typeset the math and wait until the network is idle."""
        self.draw_all_figures()
        self.typeset_math()
        self.page.wait_for_load_state("networkidle")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site_url):
    visits = []

    def open_page(path: str, theme: str | None = None) -> PageVisit:
        v = PageVisit(browser, site_url, path, theme)
        visits.append(v)
        return v

    yield open_page
    for v in visits:
        v.close()
