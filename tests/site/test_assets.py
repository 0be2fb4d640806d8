"""The site's own builds of third-party assets: the plotly.js bundle and the trimmed Font Awesome.

- Every trace type a figure of the built site draws is registered by the plotly.js the site serves (read
  from the bundle itself, loaded in Chromium), which is the plotly.js version the Python plotly writes
  figures for, and holds no trace type that no figure uses. No page draws a plotly ``table``.
- Font Awesome's JavaScript is gone; every icon a page shows, as an ``<i class="fa-…">`` or drawn by a
  stylesheet, renders: it has a size, its webfont loaded, and the served (subset) font has its glyph.
"""

from __future__ import annotations

import re

import pytest

from ..sitetools import figure_specs

from .conftest import SITE, site_pages

PAGES = site_pages()
PLOTLY = "_static/vendor/plotly.min.js"
WEBFONTS = "_static/vendor/fontawesome/webfonts/"


def _figure_trace_types() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for page in PAGES:
        for spec in figure_specs((SITE / page).read_text(encoding="utf-8")):
            for trace in spec.get("data", []):
                used.setdefault(trace.get("type") or "scatter", set()).add(page)
    return used


@pytest.fixture(scope="module")
def bundle(browser, site_url):
    """What the served plotly.js says of itself: its version and registered trace types."""
    page = browser.new_page()
    try:
        page.goto(site_url + "search.html")  # a page of the site without figures: plotly.js is not loaded yet
        assert page.evaluate("typeof window.Plotly") == "undefined"
        page.add_script_tag(url=site_url + PLOTLY)
        return page.evaluate("({version: Plotly.version, traces: Object.keys(Plotly.PlotSchema.get().traces)})")
    finally:
        page.close()


def test_the_bundle_has_every_trace_type_the_figures_draw(bundle):
    used = _figure_trace_types()
    assert "scatter" in used and len(used) >= 2
    missing = {kind: sorted(pages) for kind, pages in used.items() if kind not in bundle["traces"]}
    assert not missing, f"figures draw trace types the site's plotly.js lacks: {missing}"
    unused = sorted(set(bundle["traces"]) - set(used) - {"scatter"})
    assert not unused, (f"the site's plotly.js bundles trace types no figure draws: {unused} "
                        "(drop them from TRACE_MODULES in widgets/book/plotly_bundle.mjs)")


def test_the_bundle_is_the_plotly_js_the_python_plotly_writes_for(bundle):
    from plotly.offline import get_plotlyjs_version

    assert bundle["version"] == get_plotlyjs_version()
    full = len((SITE / PLOTLY).read_bytes())
    assert full < 2_000_000, f"the site's plotly.js is {full} bytes: is it the full library again?"


def test_no_figure_draws_a_table_trace():
    assert "table" not in _figure_trace_types()
    html = (SITE / "chapters" / "09_vsmc_calcification.html").read_text(encoding="utf-8")
    assert re.search(r"<table class=.course-stats.*?<caption[^>]*>Simulated Western blot", html, re.S), \
        "the blot's P values are not an HTML table in the calcification chapter"


def test_the_build_stops_on_a_trace_type_the_bundle_lacks():
    from sphinx.errors import ExtensionError

    from widgets.book import assets
    from widgets.book.plotly_html import figure_html

    body = figure_html({"data": [{"type": "scatter"}, {"type": "table", "header": {"values": ["a"]}}],
                        "layout": {"title": {"text": "T"}}})
    assert assets.figure_trace_types(body) == {re.search(r'id="([^"]+)"', body).group(1): {"scatter", "table"}}
    saved = dict(assets._built)
    assets._built["traces"] = {"scatter", "bar"}
    try:
        with pytest.raises(ExtensionError, match=r"chapters/x: figure fig-\w+ draws trace type\(s\) table"):
            assets._check_figures(None, "chapters/x", "page.html", {"body": body}, None)
        assets._check_figures(None, "chapters/y", "page.html", {"body": figure_html({"data": [{"type": "bar"}]})},
                              None)
    finally:
        assets._built.clear()
        assets._built.update(saved)


# ----------------------------------------------------------------------------------------------
# Font Awesome
_ICONS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    for (const pseudo of ['::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      if (!/Font Awesome/.test(style.fontFamily)) continue;
      const content = style.content.replace(/^"|"$/g, '');
      if (!content || content === 'none' || [...content].length !== 1) continue;
      const box = el.getBoundingClientRect();
      const shown = el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
      found.push({tag: el.tagName, cls: String(el.className), pseudo, family: style.fontFamily.replace(/"/g, ''),
                  weight: style.fontWeight, code: content.codePointAt(0), shown, width: box.width,
                  height: box.height, fa: el.tagName === 'I' && /\\bfa-/.test(String(el.className))});
    }
  }
  return found;
}"""


def _served_font(family: str, weight: str) -> str:
    if "Brands" in family:
        return "fa-brands-400.woff2"
    return "fa-solid-900.woff2" if int(weight) >= 600 else "fa-regular-400.woff2"


@pytest.mark.parametrize("page", ["index.html", "chapters/09_vsmc_calcification.html", "search.html"])
def test_every_icon_renders_from_the_served_font(visit, page):
    from fontTools.ttLib import TTFont

    v = visit(page)
    v.page.wait_for_load_state("networkidle")
    html = (SITE / page).read_text(encoding="utf-8")
    assert "fontawesome.js" not in html and not (SITE / "_static/scripts/fontawesome.js").exists()
    icons = v.page.evaluate(_ICONS)
    shown = [i for i in icons if i["shown"]]
    assert sum(i["fa"] for i in shown) >= 5, f"{page}: too few icons found: {icons}"
    v.page.evaluate("document.fonts.ready.then(() => true)")
    loaded = v.page.evaluate("[...document.fonts].filter(f => f.status === 'loaded')"
                             ".map(f => f.family.replace(/\"/g, '') + ' ' + f.weight)")
    cmaps = {}
    for icon in shown:
        assert icon["width"] > 0 and icon["height"] > 0, f"{page}: icon without a size: {icon}"
        font = _served_font(icon["family"], icon["weight"])
        if font not in cmaps:
            cmaps[font] = set(TTFont(str(SITE / WEBFONTS / font)).getBestCmap())
        assert icon["code"] in cmaps[font], f"{page}: {font} has no glyph U+{icon['code']:04X} for {icon}"
        assert any(name.startswith(icon["family"].split(",")[0].strip()) for name in loaded), (icon, loaded)
    assert v.errors == [] and v.failed == [] and v.external == []


def test_the_served_fonts_are_subsets():
    from fontTools.ttLib import TTFont

    for font in ("fa-solid-900.woff2", "fa-regular-400.woff2", "fa-brands-400.woff2"):
        path = SITE / WEBFONTS / font
        glyphs = len(TTFont(str(path)).getBestCmap())
        assert 0 < glyphs < 100 and path.stat().st_size < 20_000, (font, glyphs, path.stat().st_size)
