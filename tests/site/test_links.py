"""Every internal link, anchor and asset of the built site resolves (a static check, no browser).

Reads every HTML page of ``_build/html`` (``_static`` and ``_sources`` excepted): each ``href``/``src``
to the site itself must name an existing file, each ``#anchor`` an ``id`` of its target page, and
each stylesheet's ``@import``/``url()`` and each script's or stylesheet's ``sourceMappingURL`` an
existing file (no 404 for fonts, icons or source maps). The browser tests (test_pages.py) check the
same from the other side: no failed request while a page loads.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from ..sitetools import css_assets, page_assets, parse_page
from .conftest import SITE, site_pages

_SOURCE_MAP = re.compile(r"[#@]\s*sourceMappingURL=([^\s*]+)")


def html_files(site: Path = SITE) -> list[str]:
    """Every HTML file of the site but the theme's and the sources' folders."""
    if not site.is_dir():
        return []
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] not in ("_static", "_sources"))


FILES = html_files()


@functools.lru_cache(maxsize=None)
def ids_of(page: str) -> frozenset[str]:
    return frozenset(parse_page(SITE, page).ids)


def resolve(page: str, url: str) -> tuple[str, str] | None:
    """(site path, fragment) that ``url`` on ``page`` points at, or None when it leaves the site."""
    if url.startswith(("mailto:", "tel:", "javascript:", "data:", "blob:")):
        return None
    parsed = urlparse(url)
    if parsed.scheme or url.startswith("//"):
        return None
    target = unquote(urlparse(urljoin("http://site/" + page, url)).path).lstrip("/")
    if target == "" or target.endswith("/"):
        target += "index.html"
    return target, unquote(parsed.fragment)


def test_the_site_is_built():
    assert FILES, "no pages: run `make book` first"
    assert set(site_pages()) <= set(FILES)


def test_pages_link_only_to_existing_pages_and_anchors():
    broken = []
    for page in FILES:
        parser = parse_page(SITE, page)
        for href in parser.links:
            found = resolve(page, href)
            if found is None:
                continue
            target, fragment = found
            if not (SITE / target).is_file():
                broken.append(f"{page}: {href} (no file {target})")
            elif fragment and target.endswith(".html") and fragment not in ids_of(target):
                broken.append(f"{page}: {href} (no id {fragment!r} in {target})")
    assert not broken, "broken links:\n" + "\n".join(broken[:50])


def test_every_asset_a_page_loads_exists():
    missing = []
    for page in FILES:
        for url in parse_page(SITE, page).urls:
            found = resolve(page, url)
            if found and not (SITE / found[0]).is_file():
                missing.append(f"{page}: {url}")
        for asset in page_assets(SITE, page):
            if not (SITE / asset).is_file():
                missing.append(f"{page}: {asset} (imported by a stylesheet)")
    assert not missing, "missing assets:\n" + "\n".join(sorted(set(missing))[:50])


def test_pages_load_nothing_from_other_hosts():
    """Scripts, stylesheets, icons and images come from the site itself (links to other sites are fine)."""
    outside = []
    for page in FILES:
        for url in parse_page(SITE, page).urls:
            if resolve(page, url) is None and not url.startswith(("data:", "blob:")):
                outside.append(f"{page}: {url}")
    assert not outside, "\n".join(outside[:50])


def test_every_page_has_a_favicon():
    for page in site_pages():
        icons = [u for u in parse_page(SITE, page).urls if "favicon" in u or u.endswith((".ico", ".svg", ".png"))]
        assert icons, f"{page} has no icon link"


def _stylesheets_and_scripts() -> list[str]:
    return sorted(p.relative_to(SITE).as_posix() for ext in ("*.css", "*.js", "*.mjs")
                  for p in (SITE / "_static").rglob(ext)) if (SITE / "_static").is_dir() else []


@pytest.mark.parametrize("kind", ["css", "js"])
def test_source_maps_and_stylesheet_urls_exist(kind):
    """A ``sourceMappingURL`` in a shipped file, and every ``url()``/``@import`` of a stylesheet, name a file."""
    files = [f for f in _stylesheets_and_scripts() if f.endswith("." + kind) or (kind == "js" and f.endswith(".mjs"))]
    assert files
    missing = []
    for name in files:
        path = SITE / name
        text = path.read_text(encoding="utf-8", errors="replace")
        tail = text[-2000:]  # a source map comment is the file's last line
        for url in _SOURCE_MAP.findall(tail):
            found = resolve(name, url)
            if found and not (SITE / found[0]).is_file():
                missing.append(f"{name}: source map {url}")
        if kind == "css":
            for asset in css_assets(SITE, name):
                if not (SITE / asset).is_file():
                    missing.append(f"{name}: {asset}")
    assert not missing, "\n".join(missing[:50])
