"""Accessibility of every page: axe-core in headless Chromium, and the figures' colours and text alternatives.

axe-core (bundled by axe-playwright-python) runs on each page, in the light and the dark colour mode, after
every figure is drawn and the math typeset, with the WCAG 2.x A/AA rules, the best-practice rules and the experimental ones
(``label-content-name-mismatch`` is experimental). No page may have a serious or critical
violation, and the theme's own issues fixed by ``widgets/book/page_quality.py`` and its templates may not come
back at any impact. The colour checks read the figures' JSON from the built pages (no browser).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from ..sitetools import figure_specs

from .conftest import SITE, site_pages

PAGES = site_pages()
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                          "best-practice", "experimental"]},
}
BLOCKING = {"serious", "critical"}
# Found by axe-core on the theme's default pages and fixed in widgets/book/page_quality.py: must stay fixed at any impact.
THEME_ISSUES = {"region", "label-content-name-mismatch", "empty-table-header", "td-has-header",
                "aria-required-children", "aria-deprecated-role"}

# Okabe & Ito's palette (widgets.pictures.PALETTE) and neutral greys are the only colours of figure data.
OKABE_ITO = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7"}
NEUTRAL_NAMES = {"black", "white", "gray", "grey", "transparent", "lightgray", "lightgrey", "darkgray",
                 "darkgrey", "silver", "dimgray", "dimgrey", "gainsboro", "whitesmoke"}


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = "; ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                            for n in v["nodes"][:3])
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']} -> {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violation(visit, axe, path, theme):
    v = visit(path, theme)
    assert v.page.evaluate("document.documentElement.dataset.theme") == theme
    v.settle()
    failed_before_axe = list(v.failed)  # axe's own stylesheet fetches resolve @import paths wrongly
    result = axe.run(v.page, options=AXE_OPTIONS).response
    violations = result["violations"]
    blocking = [x for x in violations if x["impact"] in BLOCKING]
    assert not blocking, f"{path}:\n{_report(blocking)}"
    theme = [x for x in violations if x["id"] in THEME_ISSUES]
    assert not theme, f"{path} (theme issue came back):\n{_report(theme)}"
    assert failed_before_axe == [], f"{path} had failed requests: {failed_before_axe}"


def test_plotly_figures_pass_axe_with_their_tools_shown(visit, axe):
    """The figures themselves (plotly's SVG, sliders and tool bar, shown by hovering) have no violation."""
    page = next((p for p in PAGES if '<figure class="course-plotly"' in (SITE / p).read_text("utf-8")), None)
    if page is None:
        pytest.skip("no page with a figure")
    v = visit(page)
    drawn = v.draw_all_figures()
    assert drawn >= 1
    figure = v.page.locator("figure.course-plotly").first
    figure.hover()
    buttons = figure.locator(".modebar-btn")
    for i in range(buttons.count()):
        assert buttons.nth(i).get_attribute("aria-label"), "a plotly tool button has no name"
    result = axe.run(v.page, context="figure.course-plotly", options=AXE_OPTIONS).response
    assert result["violations"] == [], _report(result["violations"])


def test_every_figure_has_a_title_and_a_text_alternative():
    for path in PAGES:
        html = (SITE / path).read_text(encoding="utf-8")
        blocks = re.findall(r'<figure class="course-plotly".*?</figure>', html, re.S)
        for block in blocks:
            caption = re.search(r'<figcaption class="course-plotly-alt">(.*?)</figcaption>', block, re.S)
            assert caption, f"{path}: a figure has no caption"
            title = re.search(r"<strong[^>]*>(.*?)</strong>", caption.group(1), re.S)
            assert title and title.group(1).strip(), f"{path}: a figure has no title in its caption"
            alt = re.sub(r"<[^>]+>", "", caption.group(1).replace(title.group(0), "")).strip()
            assert len(alt) >= 20, f"{path}: figure {title.group(1)!r} has no text alternative ({alt!r})"


# ----------------------------------------------------------------------------------------------
# Colour
def _rgb(colour: str) -> tuple[int, int, int] | None:
    c = colour.strip().lower()
    if c.startswith("#"):
        h = c[1:]
        if len(h) in (3, 4):
            h = "".join(x * 2 for x in h[:3])
        if len(h) in (6, 8):
            return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))
        return None
    m = re.match(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)", c)
    return tuple(round(float(x)) for x in m.groups()) if m else None


def colour_allowed(colour: str) -> bool:
    """An Okabe–Ito colour (any opacity) or a neutral grey."""
    rgb = _rgb(colour)
    if rgb is None:
        return colour.strip().lower() in NEUTRAL_NAMES
    if max(rgb) - min(rgb) <= 8:
        return True
    return "#%02x%02x%02x" % rgb in OKABE_ITO


def figure_colours(node, key: str = ""):
    """Every colour string of a figure (data, layout, frames, slider arguments), its template excluded."""
    if isinstance(node, dict):
        for k, value in node.items():
            if k != "template":
                yield from figure_colours(value, k)
    elif isinstance(node, list):
        for value in node:
            yield from figure_colours(value, key)
    elif isinstance(node, str) and "color" in key.lower() and key.lower() != "colorscale":
        yield node


def colour_only_pairs(spec: dict) -> list[tuple[str, str]]:
    """Pairs of legend entries of one plot that differ in colour alone (same mode, dash, symbol, width)."""
    plots: dict[tuple, list] = defaultdict(list)
    for trace in spec.get("data", []):
        if trace.get("visible") is False or trace.get("showlegend") is False:
            continue
        if trace.get("type", "scatter") not in ("scatter", "scattergl"):
            continue
        mode = trace.get("mode", "lines+markers")
        line, marker = trace.get("line") or {}, trace.get("marker") or {}
        colour = line.get("color") if "lines" in mode else marker.get("color")
        look = (mode,
                line.get("dash", "solid") if "lines" in mode else None,
                str(marker.get("symbol", "circle")) if "markers" in mode else None,
                line.get("width") if "lines" in mode else None)
        plots[(trace.get("xaxis", "x"), trace.get("yaxis", "y"))].append(
            (trace.get("name") or "?", str(colour), look, trace.get("legendgroup")))
    pairs = []
    for traces in plots.values():
        for i, (name, colour, look, group) in enumerate(traces):
            for other, colour2, look2, group2 in traces[:i]:
                if look == look2 and colour != colour2 and (group is None or group != group2):
                    pairs.append((other, name))
    return pairs


def test_the_colour_checks_can_fail():
    bad = {"data": [{"type": "scatter", "mode": "lines", "name": "a", "line": {"color": "#ff0000"}},
                    {"type": "scatter", "mode": "lines", "name": "b", "line": {"color": "#0072B2"}}],
           "layout": {"template": {"layout": {"colorway": ["#1f77b4"]}}}}
    assert [c for c in figure_colours(bad) if not colour_allowed(c)] == ["#ff0000"]
    assert colour_only_pairs(bad) == [("a", "b")]
    bad["data"][1]["line"]["dash"] = "dash"
    assert colour_only_pairs(bad) == []
    assert colour_allowed("rgba(213, 94, 0, 0.3)") and colour_allowed("#333") and not colour_allowed("red")


def test_figure_colours_are_colour_blind_safe():
    for path in PAGES:
        for spec in figure_specs((SITE / path).read_text(encoding="utf-8")):
            title = ((spec.get("layout") or {}).get("title") or {}).get("text", "")
            bad = sorted({c for c in figure_colours(spec) if not colour_allowed(c)})
            assert not bad, f"{path}, figure {title!r}: colours outside Okabe–Ito and greys: {bad}"


def test_colour_never_carries_meaning_alone():
    for path in PAGES:
        for spec in figure_specs((SITE / path).read_text(encoding="utf-8")):
            title = ((spec.get("layout") or {}).get("title") or {}).get("text", "")
            pairs = colour_only_pairs(spec)
            assert not pairs, (f"{path}, figure {title!r}: legend entries told apart by colour alone "
                               f"(give them a line dash or marker symbol): {pairs}")


def test_table_and_bibliography_fixes():
    from widgets.book.page_quality import accessible_body

    table = ('<table class="table"><thead><tr class="row-odd"><th class="head"><p></p></th>'
             '<th class="head"><p>IL-6</p></th></tr></thead><tbody><tr><td><p>source</p></td><td><p>T cells</p></td>'
             '</tr></tbody></table>')
    fixed = accessible_body(table)
    assert '<td class="head"></td>' in fixed and '<th scope="row"><p>source</p></th>' in fixed
    assert "<td><p>T cells</p></td>" in fixed
    pandas = ('<table class="dataframe"><thead><tr><th></th><th>effect</th></tr><tr><th>target</th><th></th></tr>'
              '</thead><tbody><tr><th>RANKL</th><td>raise</td></tr></tbody></table>')
    fixed = accessible_body(pandas)
    assert "<th></th>" not in fixed and "<th>target</th><td></td>" in fixed and "<th>RANKL</th>" in fixed
    labelled = "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    assert accessible_body(labelled) == labelled
    assert 'role="listitem"' in accessible_body('<div class="citation" role="doc-biblioentry">')


# ----------------------------------------------------------------------------------------------
# Figure captions in both colour modes
MIN_CONTRAST = 4.5
CAPTIONS = "figure.course-plotly figcaption, .course-simulator-figure figcaption"
# Each caption's text colour and the colour of the first opaque box behind it.
_CAPTION_COLOURS = """sel => [...document.querySelectorAll(sel)].map(c => {
  let e = c, bg = null;
  while (e) { const b = getComputedStyle(e).backgroundColor;
              if (b && !/rgba\\(.*, 0\\)$/.test(b) && b !== 'transparent') { bg = b; break; } e = e.parentElement; }
  return [c.textContent.trim().slice(0, 60), getComputedStyle(c).color, bg || 'rgb(255, 255, 255)'];
})"""


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/hex colours."""
    a, b = sorted((_luminance(_rgb(fg)), _luminance(_rgb(bg))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_contrast_is_computed_as_wcag_says():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("rgb(208, 208, 208)", "rgb(206, 214, 221)"), 2) < 1.2  # the unreadable dark caption
    assert contrast("#767676", "#ffffff") >= MIN_CONTRAST > contrast("#777777", "#ffffff")


def _low_contrast_captions(page) -> list:
    return [(text, fg, bg, round(contrast(fg, bg), 2)) for text, fg, bg in page.evaluate(_CAPTION_COLOURS, CAPTIONS)
            if contrast(fg, bg) < MIN_CONTRAST]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_figure_captions_are_readable(visit, theme):
    pages = [p for p in PAGES if 'course-plotly' in (SITE / p).read_text("utf-8")
             or 'course-simulator' in (SITE / p).read_text("utf-8")]
    assert pages
    for path in pages:
        v = visit(path, theme)
        assert v.page.evaluate("document.documentElement.dataset.theme") == theme
        v.page.wait_for_load_state("networkidle")
        assert v.page.locator(CAPTIONS).count() >= 1, path
        low = _low_contrast_captions(v.page)
        assert not low, f"{path} ({theme}): captions below {MIN_CONTRAST}:1: {low[:3]}"
        v.close()


def test_captions_stay_readable_after_switching_to_dark_mode(visit):
    """The reader presses the colour-mode button until the page is dark, as on a phone at night."""
    page_path = next(p for p in PAGES if 'course-plotly' in (SITE / p).read_text("utf-8"))
    v = visit(page_path)
    page = v.page
    button = page.locator(".theme-switch-button").first
    for _ in range(3):
        if page.evaluate("document.documentElement.dataset.theme") == "dark":
            break
        button.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    v.draw_all_figures()
    assert not _low_contrast_captions(page)
