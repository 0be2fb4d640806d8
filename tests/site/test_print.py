"""A chapter prints cleanly: no navigation chrome, every figure drawn and within the printed column.

The page is opened wide (1920 px, so figures are wider than a printed A4 or Letter column), every
figure is drawn, and then (1) print media is emulated: the header, sidebars, footer and figure tool
bars are hidden and the figures and their captions shown; (2) ``beforeprint``/``afterprint`` narrow
each wide figure for paper and restore it; (3) Chromium's ``page.pdf()`` prints the chapter.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from .conftest import SITE, site_pages

CHROME = [".bd-header", ".bd-sidebar-primary", ".bd-sidebar-secondary", ".bd-footer", ".prev-next-area",
          ".bd-header-article", "#pst-back-to-top"]
PRINT_WIDTH = 680  # course-plotly.js narrows wider figures to this for printing


def _chapter_with_figures() -> str | None:
    return next((p for p in site_pages() if p.startswith("chapters/")
                 and '<figure class="course-plotly"' in (SITE / p).read_text(encoding="utf-8")), None)


@pytest.fixture
def chapter(browser, site_url):
    page = _chapter_with_figures()
    if page is None:
        pytest.skip("no chapter with a figure")
    context = browser.new_context(viewport={"width": 1920, "height": 1000})
    tab = context.new_page()
    tab.goto(site_url + page, wait_until="load")
    figures = tab.locator("figure.course-plotly")
    for i in range(figures.count()):
        figures.nth(i).scroll_into_view_if_needed()
        tab.wait_for_function(
            "i => document.querySelectorAll('figure.course-plotly')[i].getAttribute('data-drawn') === 'done'",
            arg=i, timeout=20_000)
    tab.evaluate("window.scrollTo(0, 0)")
    yield page, tab
    context.close()


def _widths(tab) -> list[float]:
    return tab.evaluate("Array.from(document.querySelectorAll('figure.course-plotly svg.main-svg'))"
                        ".map(s => s.getBoundingClientRect().width)")


def test_print_media_hides_navigation_and_shows_figures(chapter):
    page, tab = chapter
    assert tab.locator(".bd-sidebar-primary").is_visible(), "the sidebar should show on screen"
    tab.emulate_media(media="print")
    for selector in CHROME:
        items = tab.locator(selector)
        for i in range(items.count()):
            assert not items.nth(i).is_visible(), f"{page}: {selector} shows in print"
    assert not tab.locator(".bd-article button:visible").count(), f"{page}: buttons show in print"
    figures = tab.locator("figure.course-plotly")
    assert figures.count() >= 1
    for i in range(figures.count()):
        figure = figures.nth(i)
        assert figure.is_visible()
        assert figure.locator("svg.main-svg").first.is_visible()
        assert figure.locator("figcaption").is_visible()
        assert figure.bounding_box()["height"] > 150, f"{page}: figure {i} prints collapsed"
        modebar = figure.locator(".modebar-container")
        assert modebar.count() == 0 or not modebar.first.is_visible()
    assert tab.locator("main").inner_text().strip(), "the article prints empty"


def test_wide_figures_are_narrowed_for_paper_and_restored(chapter):
    page, tab = chapter
    screen = _widths(tab)
    assert max(screen) > PRINT_WIDTH, "the test needs a figure wider than the printed column"
    tab.emulate_media(media="print")
    tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    printed = _widths(tab)
    assert max(printed) <= PRINT_WIDTH + 1, f"{page}: figures {printed} wider than the printed column"
    tab.emulate_media(media="screen")  # a browser leaves print layout, then fires afterprint
    tab.evaluate("window.dispatchEvent(new Event('afterprint'))")
    tab.wait_for_function("w => Math.abs(document.querySelector('figure.course-plotly svg.main-svg')"
                          ".getBoundingClientRect().width - w) < 2", arg=screen[0], timeout=5_000)
    assert _widths(tab) == pytest.approx(screen, abs=2)


def test_chapter_prints_to_pdf(chapter, tmp_path):
    page, tab = chapter
    pdf = tab.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pages >= 2, f"{page} printed {pages} page(s)"
    # After printing, the figures are back at their screen width (afterprint).
    assert max(_widths(tab)) > PRINT_WIDTH
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is not installed: `apt-get install poppler-utils` (.ci/run does this)", pytrace=False)
    (tmp_path / "chapter.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "chapter.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    caption = tab.locator("figure.course-plotly figcaption strong").first.inner_text().strip()
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    assert squash(caption)[:30] in squash(text), "the first figure's caption is not in the PDF"
    assert "Skip to main content" not in text and "On this page" not in text
