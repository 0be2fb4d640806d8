"""The site's navigation as a reader uses it, in Chromium at a laptop's and a phone's width.

- The ☰ button (chapter list) and the ☷ button (page contents) do what they say at 1280 and 390 px,
  by mouse and by keyboard; there is no second, hidden copy of either button or of the search field.
- The page contents highlights the section being read, and nothing once the reader is back at the top.
"""

from __future__ import annotations

import pytest

from .conftest import PageVisit

CHAPTER = "chapters/02_remodeling.html"
WIDTHS = {"laptop": 1280, "phone": 390}

_VISIBLE = "el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)"


def open_at(browser, site_url: str, path: str, width: int) -> PageVisit:
    v = PageVisit(browser, site_url, path)
    v.page.set_viewport_size({"width": width, "height": 900})
    v.page.wait_for_load_state("networkidle")
    return v


def visible(locator):
    """The visible elements of a Playwright locator."""
    return [locator.nth(i) for i in range(locator.count()) if locator.nth(i).evaluate(_VISIBLE)]


CHAPTER_LINKS = "document.querySelectorAll('nav.bd-docs-nav a.reference')"
CONTENTS_LINKS = "document.querySelectorAll('#pst-page-toc-nav a')"
SEEN = (".filter(a => a.checkVisibility({visibilityProperty: true, opacityProperty: true})"
        " && a.getBoundingClientRect().right > 0 && a.getBoundingClientRect().left < innerWidth).length")


def chapter_links_visible(page) -> int:
    """How many chapter links of the site navigation the reader can see."""
    return page.evaluate(f"() => [...{CHAPTER_LINKS}]{SEEN}")


def contents_links_visible(page) -> int:
    """How many links of the page contents ("Contents") the reader can see."""
    return page.evaluate(f"() => [...{CONTENTS_LINKS}]{SEEN}")


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_one_search_field_and_no_hidden_copies_of_the_sidebar_buttons(browser, site_url, width):
    for path in ("index.html", CHAPTER, "search.html"):
        v = open_at(browser, site_url, path, width)
        try:
            fields = visible(v.page.locator(".search-button-field"))
            assert len(fields) <= 1, f"{path} at {width} px shows {len(fields)} search fields"
            for kind in ("primary-toggle", "secondary-toggle"):
                buttons = v.page.locator(f".{kind}")
                shown = visible(buttons)
                # the theme binds the first button of each kind: it must be the one the reader sees
                if buttons.count():
                    assert buttons.first.evaluate(_VISIBLE) or not shown, \
                        f"{path} at {width} px: the first .{kind} is a hidden copy"
                assert len(shown) <= 1, f"{path} at {width} px: {len(shown)} visible .{kind} buttons"
            if path == "search.html":
                inputs = visible(v.page.locator("input[type='search'], input[name='q']"))
                assert len(inputs) + len(fields) <= 2, f"search page at {width} px: {len(inputs)} inputs"
        finally:
            v.close()


def test_chapter_list_button_hides_and_shows_the_sidebar_at_laptop_width(browser, site_url):
    v = open_at(browser, site_url, CHAPTER, WIDTHS["laptop"])
    page = v.page
    assert chapter_links_visible(page) >= 10
    button = visible(page.locator(".primary-toggle"))[0]
    button.click()
    page.wait_for_function("() => document.querySelector('#pst-primary-sidebar').getBoundingClientRect().width < 5"
                           " || getComputedStyle(document.querySelector('#pst-primary-sidebar')).display === 'none'"
                           " || getComputedStyle(document.querySelector('#pst-primary-sidebar')).visibility"
                           " === 'hidden'")
    assert chapter_links_visible(page) == 0
    button.focus()
    page.keyboard.press("Enter")  # the keyboard brings it back
    page.wait_for_function(f"() => [...{CHAPTER_LINKS}]{SEEN} >= 10")
    assert chapter_links_visible(page) >= 10
    assert v.errors == [] and v.external == []
    v.close()


def test_page_contents_is_shown_at_laptop_width(browser, site_url):
    v = open_at(browser, site_url, CHAPTER, WIDTHS["laptop"])
    assert contents_links_visible(v.page) >= 5
    shown = visible(v.page.locator(".secondary-toggle"))
    for button in shown:  # a visible ☷ must do something: open the contents
        button.click()
        v.page.wait_for_function("() => document.querySelector('#pst-secondary-sidebar-modal')?.open")
    v.close()


@pytest.mark.parametrize("key", ["mouse", "keyboard"])
def test_phone_menu_buttons_open_the_chapter_list_and_the_page_contents(browser, site_url, key):
    v = open_at(browser, site_url, CHAPTER, WIDTHS["phone"])
    page = v.page
    assert chapter_links_visible(page) == 0 and contents_links_visible(page) == 0
    for kind, dialog, count in (("primary-toggle", "#pst-primary-sidebar-modal", chapter_links_visible),
                                ("secondary-toggle", "#pst-secondary-sidebar-modal", contents_links_visible)):
        shown = visible(page.locator(f".{kind}"))
        assert len(shown) == 1, f"the phone layout shows {len(shown)} .{kind} buttons"
        if key == "mouse":
            shown[0].click()
        else:
            shown[0].focus()
            page.keyboard.press("Enter")
        page.wait_for_function(f"() => document.querySelector('{dialog}')?.open")
        assert count(page) >= (10 if kind == "primary-toggle" else 5), f"{kind}: the dialog shows no links"
        page.keyboard.press("Escape")
        page.wait_for_function(f"() => !document.querySelector('{dialog}').open")
        links = CHAPTER_LINKS if kind == "primary-toggle" else CONTENTS_LINKS
        page.wait_for_function(f"() => [...{links}]{SEEN} === 0", timeout=5000)
    assert v.errors == [] and v.external == []
    v.close()


def test_phone_chapter_list_leads_to_another_chapter(browser, site_url):
    v = open_at(browser, site_url, CHAPTER, WIDTHS["phone"])
    page = v.page
    visible(page.locator(".primary-toggle"))[0].click()
    page.wait_for_function("() => document.querySelector('#pst-primary-sidebar-modal')?.open")
    link = page.locator("#pst-primary-sidebar-modal nav.bd-docs-nav a.reference", has_text="IL-6").first
    link.click()
    page.wait_for_url("**/05_il6.html*")
    v.close()


ACTIVE = "() => document.querySelectorAll('#pst-page-toc-nav a.active, #pst-page-toc-nav li.active').length"


def test_page_contents_highlights_nothing_back_at_the_top(browser, site_url):
    v = open_at(browser, site_url, CHAPTER, WIDTHS["laptop"])
    page = v.page
    page.mouse.move(640, 450)
    for _ in range(12):  # scroll down with the mouse wheel to the last sections
        page.mouse.wheel(0, 3000)
        page.wait_for_timeout(60)
    page.wait_for_function(ACTIVE + " > 0", timeout=5000)
    last = page.evaluate("() => document.querySelector('#pst-page-toc-nav a.active').textContent.trim()")
    assert last, "scrolling down highlights a section"
    for _ in range(40):  # and back up to the top
        page.mouse.wheel(0, -3000)
        page.wait_for_timeout(30)
    page.wait_for_function("() => scrollY === 0")
    page.wait_for_function(ACTIVE + " === 0", timeout=5000)
    # scrolling down to the first section highlights it again
    first_section = page.evaluate("() => document.querySelector('#pst-page-toc-nav a').getAttribute('href')")
    page.evaluate("id => document.getElementById(decodeURIComponent(id.slice(1))).scrollIntoView()", first_section)
    page.wait_for_function(ACTIVE + " > 0", timeout=5000)
    assert v.errors == []
    v.close()
