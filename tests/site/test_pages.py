"""Every page of the built site, opened in headless Chromium with the outside world blocked."""

from __future__ import annotations

import pytest

from .conftest import SITE, site_pages

PAGES = site_pages()


def test_the_site_lists_its_chapters():
    assert PAGES, "no pages found: run `make book` first"
    assert "index.html" in PAGES
    assert any(p.startswith("chapters/") for p in PAGES), PAGES


@pytest.mark.parametrize("path", PAGES)
def test_page_is_complete_offline(visit, path):
    v = visit(path)
    drawn = v.draw_all_figures()
    html = (SITE / path).read_text(encoding="utf-8")
    assert drawn == html.count('<figure class="course-plotly"')
    math = v.page.locator(".math").count()
    if math:
        v.page.wait_for_function(
            "n => document.querySelectorAll('mjx-container').length >= n", arg=math, timeout=20_000)
    v.page.wait_for_load_state("networkidle")
    assert v.external == [], f"{path} asked other hosts for {v.external}"
    assert v.errors == [], f"{path} logged console errors: {v.errors}"
    assert v.failed == [], f"{path} had failed requests: {v.failed}"
    assert "Loading widget" not in v.page.inner_text("body")


def test_plotly_loaded_once_and_not_inlined():
    for path in PAGES:
        html = (SITE / path).read_text(encoding="utf-8")
        figures = html.count('<figure class="course-plotly"')
        assert html.count("vendor/plotly.min.js") == (1 if figures else 0), path
        assert "plotly.js v" not in html, f"{path} inlines plotly.js"


def test_moving_a_slider_changes_the_figure(visit):
    v = visit("chapters/01_introduction.html")
    v.draw_all_figures()
    figure = v.page.locator("figure.course-plotly").first
    title = figure.locator(".gtitle")
    before = title.text_content()
    rail = figure.locator(".slider-rail-rect").first
    rail.scroll_into_view_if_needed()
    box = rail.bounding_box()
    v.page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2)
    v.page.wait_for_function(
        "before => document.querySelector('figure.course-plotly .gtitle').textContent !== before",
        arg=before, timeout=5_000)
    after = title.text_content()
    assert after != before
    assert "T-score" in after
    assert v.errors == []


def test_a_slider_step_reveals_more_of_a_diagram(visit):
    v = visit("chapters/01_introduction.html")
    v.draw_all_figures()
    cascade = v.page.locator("figure.course-plotly").nth(1)
    visible_before = cascade.locator("g.trace.scatter").count()
    cascade.locator(".slider-rail-rect").scroll_into_view_if_needed()
    label = cascade.locator(".slider-label").nth(3).bounding_box()
    rail = cascade.locator(".slider-rail-rect").bounding_box()
    v.page.mouse.click(label["x"] + label["width"] / 2, rail["y"] + rail["height"] / 2)
    v.page.wait_for_function(
        "n => document.querySelectorAll('figure.course-plotly')[1].querySelectorAll('g.trace.scatter').length > n",
        arg=visible_before, timeout=5_000)
    assert not cascade.locator(".gtitle").text_content().startswith("Step 1:")
