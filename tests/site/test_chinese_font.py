"""Chinese text is drawn with the site's own webfont (:mod:`widgets.book.cjk_font`), fetched only by pages
that show Chinese, and every Chinese character the site shows is in it.

Chromium reports which font drew a node's text (DevTools ``CSS.getPlatformFontsForNode``): on a machine with
a system Chinese font too, the glossary's Chinese terms must come from the webfont, so a reader without one
sees them the same way.
"""

from __future__ import annotations

import re

import pytest

from widgets.book.cjk_font import CJK_RANGES, FAMILY, TARGET, cjk_code_points

from .conftest import SITE, PageVisit, site_pages

PAGES = site_pages()
FONT = TARGET.as_posix().removeprefix("_static/")
MAX_FONT_BYTES = 200_000


def _html(page: str) -> str:
    return (SITE / page).read_text(encoding="utf-8")


class FontVisit:
    """A page opened at 1280 px with every URL it requested, after its fonts have loaded."""

    def __init__(self, browser, site_url: str, path: str):
        self.requested: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requested.append(r.url))
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))
        self.page.goto(site_url + path, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => "
                           "requestAnimationFrame(r))))")

    def wait_for_webfont(self) -> None:
        """Until the Chinese webfont has loaded and the page has been drawn with it."""
        self.page.wait_for_function(f"() => [...document.fonts].some(f => f.family.replace(/\"/g, '') === "
                                    f"'{FAMILY}' && f.status === 'loaded')")
        self.page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")

    def font_requests(self) -> list[str]:
        return [u for u in self.requested if u.split("?")[0].endswith(FONT)]


def used_fonts(page, selector: str) -> dict[str, int]:
    """``{font: glyphs drawn}`` for the text of the first element matching ``selector``; a webfont is named
    by the family in its file, with " (webfont)" added."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {f["familyName"] + (" (webfont)" if f["isCustomFont"] else ""): f["glyphCount"] for f in fonts}


def test_every_chinese_character_of_the_site_is_in_the_font():
    from fontTools.ttLib import TTFont

    path = SITE / TARGET
    assert path.is_file(), "the site shows Chinese but has no Chinese webfont"
    shown = cjk_code_points(_html(p) for p in PAGES)
    assert len(shown) > 100
    cmap = set(TTFont(str(path)).getBestCmap())
    assert shown <= cmap, f"not in the font: {''.join(chr(c) for c in sorted(shown - cmap)[:30])}"
    assert path.stat().st_size <= MAX_FONT_BYTES, path.stat().st_size


def test_the_stylesheet_declares_the_font_for_the_cjk_ranges_only():
    css = (SITE / "_static" / "course.css").read_text(encoding="utf-8")
    face = re.search(r"@font-face\s*\{[^}]*" + re.escape(FAMILY) + r"[^}]*\}", css)
    assert face, "course.css declares no Chinese font"
    ranges = re.search(r"unicode-range:\s*([^;]+);", face.group(0)).group(1)
    declared = [tuple(int(x, 16) for x in r.strip().removeprefix("U+").split("-")) for r in ranges.split(",")]
    assert declared == list(CJK_RANGES)
    assert f'url("{FONT}")' in face.group(0)


def test_glossary_chinese_terms_are_drawn_with_the_webfont(browser, site_url):
    v = FontVisit(browser, site_url, "chapters/glossary.html")
    v.wait_for_webfont()
    fonts = used_fonts(v.page, ".course-glossary-zh")
    webfont = f"{FAMILY} (webfont)"
    text = v.page.locator(".course-glossary-zh").first.inner_text()
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    assert han and fonts.get(webfont, 0) >= han, f"{text!r} was drawn with {fonts}"
    assert len(v.font_requests()) == 1, "the glossary fetches the Chinese font once"
    assert v.errors == []
    v.context.close()


def test_a_page_without_chinese_does_not_fetch_the_font(browser, site_url):
    without = [p for p in PAGES if not cjk_code_points([re.sub(r"<(script|style)\b.*?</\1>", "", _html(p),
                                                                 flags=re.S)])]
    if not without:
        pytest.skip("every page shows Chinese")
    v = FontVisit(browser, site_url, without[0])
    assert v.font_requests() == [], f"{without[0]} has no Chinese but fetched the font"
    v.context.close()


def test_chinese_in_a_figure_is_drawn_with_the_webfont(browser, site_url):
    """The network maps' 中文 labels: plotly's SVG text uses the figures' font stack, which names the webfont."""
    page_path = next((p for p in PAGES if "中文" in _html(p) and 'class="course-plotly"' in _html(p)), None)
    if page_path is None:
        pytest.skip("no figure with a Chinese switch")
    v = PageVisit(browser, site_url, page_path)
    v.draw_all_figures()
    families = v.page.evaluate("() => [...document.querySelectorAll('figure.course-plotly svg text')]"
                               ".map(t => getComputedStyle(t).fontFamily).filter(f => f)")
    assert families and all(FAMILY in f for f in families[:20]), families[:3]
    v.close()
