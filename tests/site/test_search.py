"""Searching the site as a reader does: Ctrl+K on a page, type a word, Enter, read the results page.

The results are compared with the pages whose text holds the word (the article's text as the pages show it,
figure data and scripts left out): a Chinese word inside a run of Chinese text is found as well as an English
word. The index is cut into words by :mod:`widgets.book.search` (jieba).
"""

from __future__ import annotations

import html
import re

import pytest

from .conftest import SITE, PageVisit, site_pages

PAGES = site_pages()
_ARTICLE = re.compile(r'<article class="bd-article">(.*?)</article>', re.S)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def page_text(path: str) -> str:
    """The text of a page's article, as the reader sees it (no scripts, no figure data)."""
    body = (SITE / path).read_text(encoding="utf-8")
    article = _ARTICLE.search(body)
    text = _SCRIPT.sub(" ", article.group(1) if article else "")
    return html.unescape(_TAG.sub(" ", text))


def pages_with(word: str) -> set[str]:
    pattern = re.compile(re.escape(word) if not word.isascii() else rf"\b{re.escape(word)}\b", re.I)
    return {p for p in PAGES if p not in ("search.html", "genindex.html") and pattern.search(page_text(p))}


def search(browser, site_url: str, query: str) -> tuple[set[str], PageVisit]:
    """Open the start page, press Ctrl+K, type ``query``, press Enter; the pages listed as results."""
    v = PageVisit(browser, site_url, "index.html")
    page = v.page
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[type='search'], .search-button__search-container input").first
    field.wait_for(state="visible")
    field.type(query)
    field.press("Enter")
    page.wait_for_url("**/search.html?*")
    page.wait_for_function("() => /Search finished|did not match|found/.test("
                           "(document.querySelector('#search-results .search-summary, #search-results p')"
                           " || {}).textContent || '')", timeout=20_000)
    hrefs = page.evaluate("() => [...document.querySelectorAll('#search-results ul.search li a')]"
                          ".map(a => a.getAttribute('href'))")
    found = {h.split("?")[0].split("#")[0] for h in hrefs}
    return found, v


def test_the_pages_search_compares_with_can_fail():
    assert "chapters/glossary.html" in pages_with("破骨细胞")
    assert pages_with("破骨细胞") != pages_with("tofacitinib")
    assert pages_with("xyzzy-not-a-word") == set()


@pytest.mark.parametrize("word", ["破骨细胞", "骨质疏松症", "细胞因子"])
def test_a_chinese_word_finds_every_page_that_holds_it(browser, site_url, word):
    expected = pages_with(word)
    assert len(expected) >= 2, f"{word} is on too few pages to test the search: {sorted(expected)}"
    found, v = search(browser, site_url, word)
    missing = expected - found
    assert not missing, f"searching {word} misses {sorted(missing)} (found {sorted(found)})"
    assert v.errors == [] and v.external == []
    v.close()


def test_osteoclast_in_chinese_is_on_most_pages(browser, site_url):
    """The review's central word, 破骨细胞, stands in the key points of most chapters (9 pages when counted)."""
    found, v = search(browser, site_url, "破骨细胞")
    assert len(found) >= 9, sorted(found)
    v.close()


@pytest.mark.parametrize("word", ["tofacitinib", "osteoclast", "RANKL"])
def test_english_search_still_finds_every_page(browser, site_url, word):
    expected = pages_with(word)
    assert expected
    found, v = search(browser, site_url, word)
    assert expected <= found, f"searching {word} misses {sorted(expected - found)}"
    assert v.errors == []
    v.close()


def test_an_english_and_a_chinese_word_together_find_the_pages_with_both(browser, site_url):
    expected = pages_with("tofacitinib") & pages_with("破骨细胞")
    found, v = search(browser, site_url, "tofacitinib 破骨细胞")
    assert expected and expected <= found, (sorted(expected), sorted(found))
    assert found <= pages_with("tofacitinib"), "a page without tofacitinib is listed"
    v.close()
