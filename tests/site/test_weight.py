"""Page weight and the cheap stand-ins for a Lighthouse run (which lives in benchmarks/, too slow here).

Every page's **first visit** (empty cache: the HTML and every file it loads, figures drawn and math
typeset as a reader scrolling through would cause) is loaded in Chromium from a gzip static server
and what the network carried is added up (``tests/sitetools.py``, :func:`first_visit`); each
stays within :data:`FIRST_VISIT_BUDGET`. By parsing, a page's *own* part (its HTML, figure data
included, and assets no other page loads) stays within its budget too, and what pages share (theme,
plotly.js, MathJax) has one URL, so it is fetched once and cached. Every page has what search engines and Lighthouse's SEO audit read (title, description,
language, one h1), and plotly.js never blocks rendering: it runs only when a figure nears the viewport.
"""

from __future__ import annotations

import re
from collections import defaultdict
from hashlib import sha256
from urllib.parse import urlparse

import pytest

from ..sitetools import (first_visits, local_path, page_assets, parse_page, recorded_assets,
                                   site_weights, transfer_size, weigh)

from .conftest import SITE, site_pages

PAGES = site_pages()
OWN_BUDGET = 1.5 * 1024 * 1024  # bytes of gzip transfer a chapter page may bring of its own
FIRST_VISIT_BUDGET = 1_200_000  # bytes a page's first visit may transfer, everything it loads included
MATHJAX = "_static/mathjax/"
PLOTLY = "_static/vendor/plotly.min.js"
HEADERS = 2048  # at most this many bytes of HTTP headers per response

@pytest.fixture(scope="module")
def weights():
    return {row.page: row for row in site_weights(SITE, PAGES)}


def _html(page: str) -> str:
    return (SITE / page).read_text(encoding="utf-8")


def _has_figures(page: str) -> bool:
    return '<figure class="course-plotly"' in _html(page)


def test_no_page_brings_more_than_its_budget(weights):
    assert any(p.startswith("chapters/") for p in weights)
    over = {p: round(r.own / 1024) for p, r in weights.items() if r.own > OWN_BUDGET}
    assert not over, f"pages above {OWN_BUDGET / 1024:.0f} kB of their own (gzip kB): {over}"


def test_weights_add_up(weights):
    for row in weights.values():
        assert 0 < row.html <= row.own <= row.first_visit
        if _has_figures(row.page):
            # plotly.js is shared (one URL under _static/, cached once), never part of a page's own weight
            assert PLOTLY in page_assets(SITE, row.page), row.page
            assert row.first_visit - row.own >= transfer_size(SITE / PLOTLY), row
            assert not any("plotly" in a for a in row.own_assets)


# ----------------------------------------------------------------------------------------------
# First visits, measured in Chromium
@pytest.fixture(scope="module")
def visits(browser):
    return first_visits(SITE, PAGES, browser=browser)


def test_every_first_visit_is_within_the_budget(visits):
    assert set(visits) == set(PAGES) and any(p.startswith("chapters/") for p in visits)
    over = {p: round(v.total / 1000) for p, v in visits.items() if v.total > FIRST_VISIT_BUDGET}
    heaviest = max(visits.values(), key=lambda v: v.total)
    assert not over, (f"first visits above {FIRST_VISIT_BUDGET / 1000:.0f} kB (kB): {over}; heaviest files of "
                      f"{heaviest.page}: {sorted(heaviest.responses.items(), key=lambda kv: -kv[1])[:5]}")


def test_first_visits_count_what_the_server_sent(visits):
    """Each response counts its gzip body (as the server compresses the file) plus its headers, once; a page
    with figures downloads plotly.js once (its second request, by the lazy loader, comes from the cache)."""
    for page, visit in visits.items():
        assert visit.external == [], page
        assert page in visit.responses and visit.html > 0, page
        for path, size in visit.responses.items():
            assert (SITE / path).is_file(), (page, path)
            expected = transfer_size(SITE / path)
            assert expected <= size <= expected + HEADERS, (page, path, size, expected)
        if _has_figures(page):
            assert PLOTLY in visit.responses, f"{page}: plotly.js was not loaded while its figures were drawn"
        else:
            assert PLOTLY not in visit.responses, f"{page} has no figure but loads plotly.js"


def test_no_page_embeds_widget_state():
    """An executed notebook's ipywidgets state (a FigureWidget carries all of plotly.js) is left out."""
    for page in PAGES:
        assert "application/vnd.jupyter.widget-state+json" not in _html(page), page


def test_shared_assets_have_one_url_each():
    """An asset every page loads under the same URL is downloaded once; a second URL (another query
    string) or a second copy of the same bytes would be downloaded again."""
    urls: dict[str, set[str]] = defaultdict(set)
    for page in PAGES:
        for url in parse_page(SITE, page).urls:
            target = local_path(SITE, page, url)
            if target:
                urls[target].add(urlparse(url).query)
    several = {asset: sorted(q) for asset, q in urls.items() if len(q) > 1}
    assert not several, f"assets linked under several URLs: {several}"
    by_content: dict[str, list[str]] = defaultdict(list)
    for asset in {a for page in PAGES for a in page_assets(SITE, page)}:
        if (SITE / asset).is_file():
            by_content[sha256((SITE / asset).read_bytes()).hexdigest()].append(asset)
    copies = [sorted(names) for names in by_content.values() if len(names) > 1]
    assert not copies, f"the same file shipped under several names: {copies}"


def test_weigh_counts_shared_assets_once():
    page = "index.html"
    css = sorted(a for a in page_assets(SITE, page) if a.endswith(".css"))[0]
    row = weigh(SITE, {page: {css}})[0]
    assert row.own == row.html  # a _static/ file is shared even when one page alone loads it
    assert row.first_visit == row.html + transfer_size(SITE / css)
    assert transfer_size(SITE / css) < (SITE / css).stat().st_size  # text is counted compressed


# ----------------------------------------------------------------------------------------------
# What Lighthouse's SEO and best-practice audits read, checked cheaply on every page
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_DESCRIPTION = re.compile(r'<meta\b(?=[^>]*\bname="description")[^>]*\bcontent="([^"]*)"', re.S)
_PLOTLY_PREFETCH = re.compile(r'<link rel="prefetch" href="[^"]*vendor/plotly\.min\.js[^"]*"[^>]*data-course-plotly')
_PRINT_HEADER = re.compile(r'<div id="jb-print-docs-body".*?</h1>', re.S)


@pytest.mark.parametrize("page", PAGES)
def test_page_has_title_description_language_and_one_heading(page):
    html = _html(page)
    title = _TITLE.search(html)
    assert title and title.group(1).strip(), f"{page} has no <title>"
    description = _DESCRIPTION.search(html)
    assert description, f"{page} has no meta description"
    assert 20 <= len(description.group(1).strip()) <= 320, f"{page}: description {description.group(1)!r}"
    assert re.search(r'<html[^>]*\blang="[a-z]{2}', html), f"{page} has no lang on <html>"
    assert 'name="viewport"' in html, f"{page} has no viewport meta"
    screen = _PRINT_HEADER.sub("", html)  # the theme's print-only title block
    assert len(re.findall(r"<h1\b", screen)) == 1, f"{page} should have exactly one <h1>"


def test_descriptions_differ_between_chapters():
    chapters = [p for p in PAGES if p.startswith("chapters/")]
    texts = [_DESCRIPTION.search(_html(p)).group(1) for p in chapters]
    assert len(set(texts)) == len(texts), "two chapters share a meta description"


def test_no_render_blocking_plotly():
    for page in PAGES:
        html = _html(page)
        for tag in re.findall(r"<script\b[^>]*\bsrc=\"[^\"]*plotly[^\"]*\"[^>]*>", html):
            assert "course-plotly.js" in tag, f"{page} loads plotly.js with a script tag: {tag}"
            assert re.search(r"\b(defer|async)\b", tag), f"{page}: {tag} blocks rendering"
        if _has_figures(page):
            assert _PLOTLY_PREFETCH.search(html), f"{page} does not announce plotly.js (prefetch link)"


# ----------------------------------------------------------------------------------------------
# In the browser
def test_plotly_runs_only_when_a_figure_nears_the_viewport(visit):
    """On a page whose first figure is well below the first screen, plotly.js has not run after load."""
    first_figure = "document.querySelector('figure.course-plotly').getBoundingClientRect().top"
    far = 900 + 600 + 200  # viewport height + course-plotly.js's margin + slack
    for page in [p for p in PAGES if p.startswith("chapters/") and _has_figures(p)]:
        v = visit(page)
        v.page.wait_for_load_state("networkidle")
        if v.page.evaluate(first_figure) > far:
            break
    else:
        pytest.skip("every chapter has a figure near its top")
    assert v.page.evaluate("typeof window.Plotly") == "undefined", "plotly.js ran before any figure was near"
    assert v.draw_all_figures() >= 1
    assert v.page.evaluate("typeof window.Plotly") == "object"
    assert v.errors == [] and v.failed == []


def test_parsing_finds_what_chromium_fetches(browser, site_url):
    """The parsed asset list (used for the weights) misses only MathJax's own dynamic loads, and the
    page's own weight measured from Chromium's requests is within the budget too."""
    page = next((p for p in PAGES if p.startswith("chapters/") and _has_figures(p)), None)
    if page is None:
        pytest.skip("no chapter with a figure")
    fetched = recorded_assets(browser, site_url, page)
    parsed = page_assets(SITE, page)
    assert "_static/vendor/plotly.min.js" in fetched
    missed = {a for a in fetched - parsed if not a.startswith(MATHJAX)}
    assert not missed, f"parsing missed {sorted(missed)}"
    row = weigh(SITE, {page: fetched, "index.html": recorded_assets(browser, site_url, "index.html")})[0]
    assert row.page == page and row.own <= OWN_BUDGET


def test_description_is_the_first_paragraph_of_prose():
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from widgets.book.page_quality import description_for, shorten

    source = ("Title\n=====\n\n.. note::\n\n   A note that is not the page's subject at all, though long enough.\n\n"
              "**Prerequisites:** the introduction chapter and a little patience, nothing else at all.\n\n"
              "Osteoporosis is a systemic skeletal disease in which bone mass is low and fracture risk high. "
              + "More words follow here. " * 10 + "\n")
    document = new_document("test", get_default_settings(Parser))
    Parser().parse(source, document)
    text = description_for(document, "Title", "Course")
    assert text.startswith("Osteoporosis is a systemic skeletal disease")
    assert len(text) <= 160 and text.endswith("…")
    assert description_for(new_document("empty", get_default_settings(Parser)), "Index", "Course") == "Index: Course."
    assert shorten("short text") == "short text"
