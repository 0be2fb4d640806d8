"""Helpers for tests and benchmarks of the built site: what a page loads, what it weighs, a static server, Chromium.

Used by ``tests/site/`` and by the benchmarks (``benchmarks/bench_site.py``, ``bench_simulator.py``,
``lighthouse.py``, ``run_all.py``), so a page is parsed, served and opened one way everywhere:

- :func:`page_assets` finds what a page loads by parsing its HTML and, recursively, its CSS
  (``@import`` and ``url()``) without a browser; :func:`site_pages` every page reachable from index.html;
- :func:`recorded_assets` records what headless Chromium actually fetches (figures drawn, math typeset);
- :func:`weigh` turns either into :class:`PageWeight` rows (gzip transfer sizes);
- :func:`first_visit` measures a page's first visit in Chromium: every byte the network carried from
  the server while the page loaded, drew its figures and typeset its math;
- :func:`serve` is a gzip static server; :func:`chromium` launches Debian's Chromium with
  :data:`CHROMIUM_ARGS`, the flags that keep it from reaching the network on its own (the tests'
  ``browser`` fixture in ``tests/conftest.py`` uses the same).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import re
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("COURSE_SITE", ROOT / "_build" / "html"))
# A static host compresses text; images and fonts in woff/woff2/png are compressed already.
COMPRESSIBLE = {".html", ".htm", ".css", ".js", ".mjs", ".json", ".svg", ".txt", ".map", ".xml",
                ".ttf", ".otf", ".eot", ".ico", ".inv"}
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic"]
KB = 1024.0


# ----------------------------------------------------------------------------------------------
# Sizes
@functools.lru_cache(maxsize=None)
def _sizes(path: str, mtime_ns: int) -> tuple[int, int]:
    data = Path(path).read_bytes()
    if Path(path).suffix.lower() in COMPRESSIBLE:
        return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data), len(data)


def transfer_size(path: Path) -> int:
    """Bytes a static host with gzip sends for ``path`` (body only; text compressed at level 6)."""
    return _sizes(str(path), path.stat().st_mtime_ns)[1]


def raw_size(path: Path) -> int:
    """Bytes of ``path`` on disk."""
    return _sizes(str(path), path.stat().st_mtime_ns)[0]


# ----------------------------------------------------------------------------------------------
# What a page loads, by parsing
class _Resources(HTMLParser):
    """Collects the URLs a browser fetches while loading a page: stylesheets, scripts, icons, images."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "link" and a.get("href"):
            rel = set((a.get("rel") or "").lower().split())
            if rel & {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "shortcut",
                      "apple-touch-icon", "manifest"}:
                self.urls.append(a["href"])
            else:
                self.links.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag in ("img", "source", "video", "audio", "iframe", "embed", "track", "input") and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        if tag in ("img", "source") and a.get("srcset"):
            self.urls.extend(part.strip().split()[0] for part in a["srcset"].split(",") if part.strip())


_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)")
_FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}", re.S)
_FONT_SRC = re.compile(r"(?<![-\w])src\s*:\s*([^;}]*)")


def local_path(site: Path, base: str, url: str) -> str | None:
    """The site-relative path ``url`` (relative to site path ``base``) points at, or None if external."""
    url = url.strip()
    if not url or url.startswith(("data:", "blob:", "about:", "javascript:", "mailto:", "#")):
        return None
    parsed = urlparse(url)
    if parsed.scheme or url.startswith("//"):
        return None
    path = unquote(urlparse(urljoin("http://site/" + base, url)).path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path


def css_assets(site: Path, css: str, _seen: set[str] | None = None) -> set[str]:
    """Site paths a stylesheet pulls in: its ``@import`` s (recursively) and ``url()`` s.

    For a ``@font-face`` only the first source is counted (a browser stops at the first format it
    supports, woff2 first); fonts the page never uses may be counted, so the estimate errs high.
    """
    seen = set() if _seen is None else _seen
    if css in seen:
        return set()
    seen.add(css)
    path = site / css
    if not path.is_file():
        return set()
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8", errors="replace"), flags=re.S)
    found: set[str] = set()
    for url in _CSS_IMPORT.findall(text):
        target = local_path(site, css, url)
        if target:
            found.add(target)
            found |= css_assets(site, target, seen)
    font_urls: set[str] = set()
    for block in _FONT_FACE.findall(text):
        for src in _FONT_SRC.findall(block):
            urls = _CSS_URL.findall(src)
            font_urls.update(urls)
            if urls:
                target = local_path(site, css, urls[0])
                if target:
                    found.add(target)
    for url in _CSS_URL.findall(text):
        if url in font_urls:
            continue
        target = local_path(site, css, url)
        if target and (site / target).suffix.lower() not in (".css",):
            found.add(target)
    return found


def parse_page(site: Path, page: str) -> _Resources:
    parser = _Resources()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return parser


def page_assets(site: Path, page: str) -> set[str]:
    """Every site file loading ``page`` fetches, found by parsing (page itself excluded).

    Scripts' own dynamic loads (MathJax fonts and components) are not seen; :func:`recorded_assets`
    sees them.
    """
    found: set[str] = set()
    for url in parse_page(site, page).urls:
        target = local_path(site, page, url)
        if target is None:
            continue
        found.add(target)
        if target.endswith(".css"):
            found |= css_assets(site, target)
    return found


# ----------------------------------------------------------------------------------------------
# What a page loads, in Chromium
def recorded_assets(browser, base_url: str, page: str, *, timeout: float = 30_000) -> set[str]:
    """Site paths Chromium fetches while it loads ``page``, draws every figure and typesets its math.

    Outside requests are blocked (they would be failures of their own, see test_pages.py).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    local = urlparse(base_url).netloc
    fetched: set[str] = set()

    def route(route):
        url = route.request.url
        if urlparse(url).netloc == local:
            route.continue_()
        else:
            route.abort()

    def response(resp):
        parsed = urlparse(resp.url)
        if parsed.netloc == local and resp.status < 400:
            fetched.add(unquote(parsed.path).lstrip("/") or "index.html")

    tab.route("**/*", route)
    tab.on("response", response)
    try:
        tab.goto(base_url + page, wait_until="load")
        figures = tab.locator("figure.course-plotly")
        for i in range(figures.count()):
            figures.nth(i).scroll_into_view_if_needed()
            tab.wait_for_function(
                "i => document.querySelectorAll('figure.course-plotly')[i].getAttribute('data-drawn') === 'done'",
                arg=i, timeout=timeout)
        math = tab.locator(".math").count()
        if math:
            tab.wait_for_function("n => document.querySelectorAll('mjx-container').length >= n",
                                  arg=math, timeout=timeout)
        tab.wait_for_load_state("networkidle")
    finally:
        context.close()
    fetched.discard(page)
    return fetched


# ----------------------------------------------------------------------------------------------
# A first visit, measured in Chromium
@dataclass
class FirstVisit:
    """One page's first visit in Chromium with an empty cache: the bytes each response from the site took
    on the network (headers and ``Content-Encoding: gzip`` body from :class:`GzipHandler`; a response the
    browser took from its cache counts 0), the page included."""
    page: str
    responses: dict[str, int]     # site path -> transfer bytes (summed over its requests)
    external: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.responses.values())

    @property
    def html(self) -> int:
        return self.responses.get(self.page, 0)


def first_visit(browser, base_url: str, page: str, *, timeout: float = 30_000) -> FirstVisit:
    """Load ``page`` from ``base_url`` (a :func:`serve` server) in a fresh browser context, scroll to every
    figure until it is drawn (plotly.js loads lazily), wait for the math and an idle network; add up what
    the site sent, as Chromium's network layer counts it (DevTools ``encodedDataLength``). Requests to
    other hosts are listed in ``external`` (not blocked: Playwright's request routing would switch off the
    HTTP cache, and a page's second request for a file it has just downloaded would count again)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    local = urlparse(base_url).netloc
    visit = FirstVisit(page, {})
    urls: dict[str, str] = {}
    status: dict[str, int] = {}
    sizes: dict[str, int] = {}

    def sent(event):
        url = event["request"]["url"]
        urls[event["requestId"]] = url
        if urlparse(url).netloc not in (local, "") and not url.startswith(("data:", "blob:")):
            visit.external.append(url)

    devtools = context.new_cdp_session(tab)
    devtools.on("Network.requestWillBeSent", sent)
    devtools.on("Network.responseReceived", lambda e: status.__setitem__(e["requestId"], e["response"]["status"]))
    devtools.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    devtools.send("Network.enable")
    try:
        tab.goto(base_url + page, wait_until="load")
        figures = tab.locator("figure.course-plotly")
        for i in range(figures.count()):
            figures.nth(i).scroll_into_view_if_needed()
            tab.wait_for_function(
                "i => ['done', 'error'].includes("
                "document.querySelectorAll('figure.course-plotly')[i].getAttribute('data-drawn'))",
                arg=i, timeout=timeout)
        math = tab.locator(".math").count()
        if math:
            tab.wait_for_function("n => document.querySelectorAll('mjx-container').length >= n",
                                  arg=math, timeout=timeout)
        tab.wait_for_load_state("networkidle")
        for request_id, size in sizes.items():
            parsed = urlparse(urls.get(request_id, ""))
            if parsed.netloc != local or status.get(request_id, 0) >= 400:
                continue
            path = unquote(parsed.path).lstrip("/") or "index.html"
            if path.endswith("/"):
                path += "index.html"
            visit.responses[path] = visit.responses.get(path, 0) + size
    finally:
        context.close()
    return visit


def first_visits(site: Path = SITE, pages: list[str] | None = None, browser=None) -> dict[str, FirstVisit]:
    """:func:`first_visit` of every page (default: all reachable from index.html), with a gzip server over
    ``site`` and, unless given, a Chromium of its own."""
    pages = site_pages(site) if pages is None else pages
    with serve(site) as url, (contextlib.nullcontext(browser) if browser is not None else chromium()) as b:
        return {page: first_visit(b, url, page) for page in pages}


# ----------------------------------------------------------------------------------------------
# Weights
@dataclass
class PageWeight:
    page: str
    html: int                 # gzip bytes of the page itself
    own: int                  # page + assets no other page loads
    first_visit: int          # page + every asset it loads (cold cache)
    assets: int = 0           # number of assets loaded
    own_assets: list[str] = field(default_factory=list)

    @property
    def shared(self) -> int:
        return self.first_visit - self.own


def weigh(site: Path, assets: dict[str, set[str]]) -> list[PageWeight]:
    """Weights of every page given ``{page: assets it loads}``.

    An asset is *shared* when it is a site-wide static file (under ``_static/``: the theme, plotly.js,
    MathJax; one URL for every page, so a browser fetches it once and caches it) or when more than
    one page loads it; the page's *own* weight is its HTML (with its figures' data) plus the rest.
    """
    users: dict[str, int] = {}
    for found in assets.values():
        for asset in found:
            users[asset] = users.get(asset, 0) + 1
    rows = []
    for page in sorted(assets):
        existing = sorted(a for a in assets[page] if (site / a).is_file())
        html = transfer_size(site / page)
        own_assets = [a for a in existing if users[a] == 1 and not a.startswith("_static/")]
        own = html + sum(transfer_size(site / a) for a in own_assets)
        first = html + sum(transfer_size(site / a) for a in existing)
        rows.append(PageWeight(page, html, own, first, len(existing), own_assets))
    return rows


def collect_assets(site: Path = SITE, pages: list[str] | None = None, browser=None,
                   base_url: str | None = None) -> dict[str, set[str]]:
    """``{page: site paths it loads}`` for ``pages`` (default: every page linked from index.html), by
    parsing or, with a Playwright ``browser`` and the ``base_url`` of a server over ``site``, by
    recording Chromium's requests."""
    if pages is None:
        pages = site_pages(site)
    if browser is None:
        return {page: page_assets(site, page) for page in pages}
    return {page: recorded_assets(browser, base_url, page) for page in pages}


def site_weights(site: Path = SITE, pages: list[str] | None = None, browser=None,
                 base_url: str | None = None) -> list[PageWeight]:
    """:class:`PageWeight` of each page (see :func:`collect_assets` for the arguments)."""
    return weigh(site, collect_assets(site, pages, browser, base_url))


def site_pages(site: Path = SITE) -> list[str]:
    """Every HTML page reachable by links from index.html (the generated index and search page
    included, ``_static``/``_sources`` excluded). Found once per site and index.html's build time:
    eight test modules parametrize over it when they are collected."""
    index = site / "index.html"
    if not index.is_file():
        return []
    return list(_reachable_pages(site, index.stat().st_mtime_ns))


@functools.cache
def _reachable_pages(site: Path, _index_mtime_ns: int) -> tuple[str, ...]:
    seen, queue = set(), ["index.html"]
    while queue:
        page = queue.pop()
        if page in seen:
            continue
        seen.add(page)
        parser = parse_page(site, page)
        for href in parser.links:
            target = local_path(site, page, href.split("#", 1)[0]) if not href.startswith("#") else None
            if target and target.endswith(".html") and not target.startswith("_") and (site / target).is_file():
                queue.append(target)
    return tuple(sorted(seen))


# ----------------------------------------------------------------------------------------------
# The default plotly way, for comparison
_FIGURE = re.compile(
    r'<figure class="course-plotly"[^>]*>.*?<script type="application/json" class="course-plotly-data">'
    r"(.*?)</script>.*?</figure>", re.S)


def figure_specs(html: str) -> list[dict]:
    """The figure dicts (data, layout, config) embedded in a built page."""
    return [json.loads(m.group(1).replace("<\\/", "</")) for m in _FIGURE.finditer(html)]


# ----------------------------------------------------------------------------------------------
# A static host with gzip
class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like a static host: text gzip-compressed when the client accepts it, cacheable."""

    protocol_version = "HTTP/1.1"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".svg": "image/svg+xml",
                      ".woff2": "font/woff2", ".woff": "font/woff", ".json": "application/json"}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404, "File not found")
            return None
        data = path.read_bytes()
        encoding = None
        if path.suffix.lower() in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, compresslevel=6, mtime=0)
            encoding = "gzip"
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        html = path.suffix.lower() in (".html", ".htm")
        self.send_header("Cache-Control", "no-cache" if html else "public, max-age=31536000")
        self.end_headers()
        return io.BytesIO(data)


@contextlib.contextmanager
def serve(site: Path = SITE, handler=GzipHandler):
    """Serve ``site`` on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium():
    """A headless Debian Chromium driven by Playwright (``$CHROMIUM`` or /usr/bin/chromium)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class ChromiumMissing(SystemExit):
    """No Chromium to launch (a script stops with the message; the tests' fixture fails with it)."""


def chromium_path() -> str:
    """Debian's Chromium: ``$CHROMIUM``, else ``chromium`` or ``chromium-browser`` on the PATH."""
    import shutil

    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise ChromiumMissing("Chromium is not installed: `apt-get install chromium` (make test does this)")
    return path
