"""The course figures as a reader uses them: resizing the window, the toolbar, the keyboard, the captions.

Every test replays what a reader does on the built site (``_build/html``) in headless Chromium and
looks at what plotly drew (``widgets/book/static/course-plotly.js`` draws the figures).
"""

from __future__ import annotations

import pytest

from .conftest import SITE, site_pages

PAGES = site_pages()
FIGURE_PAGES = [p for p in PAGES if '<figure class="course-plotly"' in (SITE / p).read_text("utf-8")]
WIDTHS = (1280, 390)

# Geometry of figure i: the plot area's height, the drawn SVG's box and the caption's top.
GEOMETRY = """i => {
  const f = document.querySelectorAll('figure.course-plotly')[i];
  const g = f.querySelector('.course-plotly-graph');
  const svg = g.querySelector('svg.main-svg');
  const box = svg ? svg.getBoundingClientRect() : { top: 0, bottom: 0, height: 0 };
  const cap = f.querySelector('figcaption').getBoundingClientRect();
  const plot = g._fullLayout && g._fullLayout._size ? g._fullLayout._size.h : 0;
  return { plot, svgHeight: box.height, svgBottom: box.bottom, graphBottom: g.getBoundingClientRect().bottom,
           captionTop: cap.top, layoutHeight: g._fullLayout ? g._fullLayout.height : 0 };
}"""


def _settled(page, ms: int = 350) -> None:
    page.wait_for_timeout(ms)  # plotly redraws after a resize in the next animation frame


def _check_geometry(page, i: int, what: str) -> None:
    g = page.evaluate(GEOMETRY, i)
    assert g["plot"] > 0 and g["svgHeight"] > 50, f"figure {i}: the plot area collapsed after {what}: {g}"
    # the text below the figure does not slide over it
    assert g["captionTop"] >= g["svgBottom"] - 1, f"figure {i}: the caption overlaps the plot after {what}: {g}"
    assert g["captionTop"] >= g["graphBottom"] - 1, f"figure {i}: the caption overlaps the graph after {what}: {g}"


def _operate(page, figure, i: int) -> list[str]:
    """Move each slider, pick another option of each menu and click a legend entry of figure i; what was done."""
    done = []
    ranges = figure.locator(".course-plotly-keys input[type=range]")
    for k in range(ranges.count()):
        ranges.nth(k).focus()
        page.keyboard.press("ArrowRight")
        done.append("slider")
    selects = figure.locator(".course-plotly-keys select")
    for k in range(selects.count()):
        selects.nth(k).focus()
        page.keyboard.press("ArrowDown")
        done.append("menu")
    toggles = figure.locator("g.legend .traces .legendtoggle")
    if toggles.count():
        figure.scroll_into_view_if_needed()
        toggles.first.click(force=True)
        done.append("legend click")
    _settled(page)
    return done


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_figures_keep_their_height_when_the_window_height_changes_then_a_control_moves(visit, path, width):
    v = visit(path)
    page = v.page
    page.set_viewport_size({"width": width, "height": 900})
    count = v.draw_all_figures()
    assert count >= 1
    # the window's height alone changes (an address bar collapsing, a docked bar), back and forth
    for height in (700, 900, 760):
        page.set_viewport_size({"width": width, "height": height})
        _settled(page, 200)
    _settled(page)
    figures = page.locator("figure.course-plotly")
    operated = 0
    for i in range(count):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        before = page.evaluate(GEOMETRY, i)
        done = _operate(page, figure, i)
        operated += bool(done)
        _check_geometry(page, i, f"a height-only resize at {width} px, then {', '.join(done) or 'nothing'}")
        after = page.evaluate(GEOMETRY, i)
        assert after["layoutHeight"] == before["layoutHeight"], f"figure {i} changed height: {before} -> {after}"
    assert operated >= 1, f"{path}: no figure had a control to operate"
    # a change of width does reach the figures (they follow their column)
    page.set_viewport_size({"width": width - 60, "height": 760})
    _settled(page, 600)
    first = page.evaluate("() => document.querySelector('figure.course-plotly .course-plotly-graph')._fullLayout.width")
    column = page.evaluate("""() => {
        const figure = document.querySelector('figure.course-plotly'), style = getComputedStyle(figure);
        return figure.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    }""")  # the figure's content box: the plot fills it, inside the figure's padding
    assert abs(first - column) <= 2, f"the first figure is {first} px wide in a {column} px column"
    _check_geometry(page, 0, "a narrower window")
    assert v.errors == [], v.errors


@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_no_toolbar_action_leaves_the_site(visit, path):
    v = visit(path)
    page = v.page
    count = v.draw_all_figures()
    figures = page.locator("figure.course-plotly")
    clicked = 0
    for i in range(count):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        figure.hover()
        assert figure.locator('.modebar-btn[data-title^="Share"], .modebar-btn[data-title*="Chart Studio"]').count() == 0
        buttons = figure.locator(".modebar-btn")
        for k in range(buttons.count()):
            figure.hover()
            with page.expect_download(timeout=20_000) if "Download" in (buttons.nth(k).get_attribute("data-title")
                                                                        or "") else _nothing():
                buttons.nth(k).click()
            clicked += 1
        page.keyboard.press("Escape")
    page.wait_for_timeout(500)
    assert clicked >= count, f"{path}: only {clicked} toolbar buttons for {count} figures"
    assert v.external == [], f"{path}: a toolbar action requested another host: {v.external}"
    assert v.errors == [], v.errors


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


# The element that has the focus: what it is, whether it is in a figure's toolbar, and whether it is seen.
FOCUSED = """() => {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  const r = a.getBoundingClientRect();
  const style = getComputedStyle(a);
  if (!a.dataset.tabStop) a.dataset.tabStop = String((window.__tabStops = (window.__tabStops || 0) + 1));
  return { stop: a.dataset.tabStop, tag: a.tagName, type: a.type || '', id: a.id || '', text: (a.textContent || '').trim().slice(0, 40),
           modebar: !!a.closest('.modebar'), keys: !!a.closest('.course-plotly-keys'),
           figure: a.closest('figure.course-plotly') ? a.closest('figure.course-plotly').id : null,
           seen: r.width > 0 && r.height > 0 && style.visibility !== 'hidden',
           label: a.labels && a.labels.length ? a.labels[0].textContent.trim() : (a.getAttribute('aria-label') || '') };
}"""


@pytest.mark.parametrize("path", PAGES)
def test_a_keyboard_only_pass_reaches_and_operates_every_interactive(visit, path):
    v = visit(path)
    page = v.page
    count = v.draw_all_figures() if '<figure class="course-plotly"' in (SITE / path).read_text("utf-8") else 0
    page.evaluate("() => { window.scrollTo(0, 0); document.activeElement && document.activeElement.blur(); }")
    seen, stops, operated = set(), [], 0
    for _ in range(1500):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now is None:
            continue
        key = now["stop"]
        if key in seen:
            break  # round the page once
        seen.add(key)
        stops.append(now)
        assert not now["modebar"], f"{path}: the focus went into a hidden figure toolbar: {now}"
        assert now["seen"], f"{path}: the focus is on something not shown: {now}"
        if now["keys"]:
            assert now["label"], f"{path}: a figure control has no label: {now}"
            status = page.locator(f'#{now["figure"]} .course-plotly-status')
            before = status.inner_text()
            key_press = {"range": "ArrowRight", "select-one": "ArrowDown", "checkbox": "Space"}[now["type"]]
            if now["type"] == "range" and page.evaluate("() => document.activeElement.value === document.activeElement.max"):
                key_press = "ArrowLeft"
            page.keyboard.press(key_press)
            page.wait_for_function("([sel, b]) => document.querySelector(sel).textContent !== b",
                                   arg=[f'#{now["figure"]} .course-plotly-status', before], timeout=5000)
            operated += 1
    else:
        pytest.fail(f"{path}: Tab never came round the page")
    in_figures = {s["figure"] for s in stops if s["keys"]}
    with_controls = page.evaluate("""() => [...document.querySelectorAll('figure.course-plotly')]
        .filter(f => f.querySelector('.course-plotly-keys')).map(f => f.id)""")
    assert set(with_controls) <= in_figures, f"{path}: figures whose controls Tab never reached: " \
                                             f"{sorted(set(with_controls) - in_figures)}"
    if count:
        assert operated >= 1
    # every native control of the page is labelled (the simulators' and the figures')
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea')]
        .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                && !e.getAttribute('aria-labelledby') && e.offsetParent !== null).map(e => e.outerHTML.slice(0, 80))""")
    assert unlabelled == [], f"{path}: controls without a label: {unlabelled}"
    assert v.errors == [], v.errors


def test_the_toolbar_is_in_the_tab_order_only_while_it_is_shown(visit):
    if not FIGURE_PAGES:
        pytest.skip("no page with a figure")
    v = visit(FIGURE_PAGES[0])
    v.draw_all_figures()
    figure = v.page.locator("figure.course-plotly").first
    buttons = figure.locator(".modebar-btn")
    assert buttons.count() >= 1
    assert {buttons.nth(k).get_attribute("tabindex") for k in range(buttons.count())} == {"-1"}
    figure.hover()
    assert {buttons.nth(k).get_attribute("tabindex") for k in range(buttons.count())} == {"0"}
    v.page.mouse.move(1, 1)
    assert {buttons.nth(k).get_attribute("tabindex") for k in range(buttons.count())} == {"-1"}


def test_a_caption_that_names_the_title_follows_it_when_a_control_changes_it(visit):
    """The T-score figure: the caption named the starting state ("−4.00: osteoporosis") whatever the slider showed."""
    path = next((p for p in FIGURE_PAGES if "T-score" in (SITE / p).read_text("utf-8")), None)
    if path is None:
        pytest.skip("no T-score figure")
    v = visit(path)
    v.draw_all_figures()
    figure = v.page.locator("figure.course-plotly", has_text="T-score").first
    caption = figure.locator("figcaption .course-plotly-title")
    start = caption.inner_text()
    slider = figure.locator(".course-plotly-keys input[type=range]").first
    slider.focus()
    v.page.keyboard.press("End")
    v.page.wait_for_function("([sel, b]) => document.querySelector(sel).textContent !== b",
                             arg=[f"#{figure.get_attribute('id')} figcaption .course-plotly-title", start], timeout=5000)
    title = v.page.evaluate(f"() => document.querySelector('#{figure.get_attribute('id')} .gtitle').textContent")
    now = caption.inner_text()
    assert now != start
    # the caption's title is the figure's title as drawn now (plotly draws its lines without the break)
    assert now.rstrip(".").replace(" ", "") == title.replace(" ", "").rstrip(".")
    assert v.page.evaluate(f"() => document.querySelector('#{figure.get_attribute('id')} .course-plotly-graph')"
                           ".layout.sliders[0].active") == int(slider.get_attribute("max"))


def test_phones_get_no_toolbar_over_the_titles(visit):
    if not FIGURE_PAGES:
        pytest.skip("no page with a figure")
    v = visit(FIGURE_PAGES[0])
    v.page.set_viewport_size({"width": 390, "height": 844})
    v.page.reload(wait_until="load")
    count = v.draw_all_figures()
    assert count >= 1
    assert v.page.locator("figure.course-plotly .modebar-btn").count() == 0


def _network_page() -> str | None:
    """A page with a map of more than 20 labelled points (a signalling network)."""
    import json
    import re

    for path in FIGURE_PAGES:
        html = (SITE / path).read_text("utf-8")
        for payload in re.findall(r'class="course-plotly-data">(.*?)</script>', html, re.S):
            data = json.loads(payload.replace("<\\/", "</"))["data"]
            if sum(len(t.get("text") or []) for t in data if "text" in (t.get("mode") or "")) > 20:
                return path
    return None


@pytest.mark.parametrize("width", WIDTHS)
def test_network_maps_on_a_phone_list_their_labels_instead_of_squeezing_them(visit, width):
    path = _network_page()
    if path is None:
        pytest.skip("no network map")
    v = visit(path)
    v.page.set_viewport_size({"width": width, "height": 844})
    v.page.reload(wait_until="load")
    v.draw_all_figures()
    figure = v.page.locator("figure.course-plotly", has=v.page.locator("g.textpoint, .course-plotly-labels")).first
    drawn_labels = figure.locator("g.textpoint").count()
    listed = figure.locator(".course-plotly-labels li")
    if width < 600:
        assert drawn_labels == 0, "labels are still squeezed into the phone-width map"
        assert listed.count() >= 3
        text = " ".join(listed.all_inner_texts())
        assert "RANKL" in text and "osteoclast" in text.lower()
    else:
        assert drawn_labels > 20 and listed.count() == 0
    assert v.errors == [], v.errors
