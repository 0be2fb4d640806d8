"""What a student reads on the built pages, replayed in Chromium where it depends on layout or clicks.

- No testing or authoring notes (the ``# NBVAL_CHECK_OUTPUT`` marker, "part of the course's contract",
  "edit data/glossary.csv") on the student-facing pages; the instructor guide keeps them.
- The introduction links its terms to the glossary; the glossary has an A–Z line whose letters jump to
  their terms, and each entry's chapter is a link that opens the chapter.
- The two source papers are cited with authors, journal and year on the references page, the start page
  and the chapters that follow them.
- Tables fit the column at laptop width (or scroll inside their box on a phone), and data tables show
  readable headings, no "NaN" and no index column.
- The introduction's cascade slider labels every step, and uses no "x" marker (the knockout sign).
"""

from __future__ import annotations

import html
import re

import pytest

from tests.sitetools import figure_specs

from .conftest import SITE, PageVisit, site_pages

PAGES = site_pages()
STUDENT_PAGES = [p for p in PAGES if p != "chapters/instructor_guide.html"]
AUTHORING = ("NBVAL_CHECK_OUTPUT", "part of the course's contract", "checked every time the course",
             "edit that file", "data/glossary.csv")
SOURCES = {"Research progress of different inflammatory factors in osteoporosis":
           ("Feng Lu", "Haixiao Chen", "2022", "Advances in Clinical Medicine"),
           "Interleukin 6 may induce osteogenic differentiation and calcification":
           ("Xinxin Guo", "Yidan Qu", "Xuan Zhao", "2021", "Advances in Clinical Medicine")}


def _html(page: str) -> str:
    return (SITE / page).read_text(encoding="utf-8")


def _text(page: str) -> str:
    article = re.search(r'<article class="bd-article">(.*?)</article>', _html(page), re.S)
    body = article.group(1) if article else _html(page)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def test_students_see_no_testing_or_authoring_notes():
    for page in STUDENT_PAGES:
        text = _text(page)
        found = [phrase for phrase in AUTHORING if phrase in text]
        assert not found, f"{page} shows {found}"
    guide = _text("chapters/instructor_guide.html")
    assert "NBVAL_CHECK_OUTPUT" in guide and "data/glossary.csv" in guide, "the instructor guide keeps them"


def test_checked_cells_still_run_their_code_on_the_page():
    """The marker is gone from the page, not the cell: its code and its output are still there."""
    text = _text("chapters/01_introduction.html")
    assert "from widgets.bone_density import who_category" in text
    assert "T = -2.5 -> osteoporosis" in text


def test_introduction_links_its_terms_to_the_glossary(visit):
    v = visit("chapters/01_introduction.html")
    terms = v.page.locator("article a.reference[href*='glossary.html#term-']")
    names = {terms.nth(i).inner_text().strip() for i in range(terms.count())}
    for needed in ("RANKL", "RANK", "TRAF6", "T-score", "BMD"):
        assert any(needed in n or (needed == "BMD" and "bone mineral density" in n) for n in names), \
            f"the introduction does not link {needed} (links: {sorted(names)})"
    link = terms.filter(has_text="TRAF6").first
    link.click()
    v.page.wait_for_url("**/glossary.html#term-*")
    target = v.page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert v.page.evaluate("id => document.getElementById(id).textContent", target).strip().startswith("TRAF6")


def test_glossary_has_an_a_to_z_line_whose_letters_jump_to_their_terms(visit):
    v = visit("chapters/glossary.html")
    page = v.page
    letters = page.locator(".course-glossary-index a.course-glossary-letter")
    labels = [letters.nth(i).inner_text().strip() for i in range(letters.count())]
    assert labels[:3] == ["A", "B", "C"] and "T" in labels and len(labels) >= 15, labels
    terms = page.evaluate("() => [...document.querySelectorAll('dl.glossary dt')].map(dt => dt.textContent.trim())")
    initials = []
    for term in terms:
        first = term[0].upper() if term[0].isascii() else term[0].lower()
        if first not in initials:
            initials.append(first)
    assert labels == initials, "one letter per initial, in the glossary's order"
    letters.filter(has_text=re.compile(r"^T$")).first.click()
    page.wait_for_function("() => location.hash.length > 1")
    target = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    text = page.evaluate("id => document.getElementById(id).textContent.trim()", target)
    assert text.upper().startswith("T"), text
    top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
    assert 0 <= top < 300, "the first T term is scrolled to the top of the window"


def test_glossary_chapter_lines_are_links_to_the_chapter(visit):
    v = visit("chapters/glossary.html")
    page = v.page
    lines = page.locator(".course-glossary-chapter")
    assert lines.count() >= 200
    links = page.locator(".course-glossary-chapter a.reference")
    assert links.count() == lines.count(), "every 'Chapter:' line links to its chapter"
    from widgets.chapters import chapter

    title = chapter("il6")["title"]  # the line names the chapter by its title in the registry
    il6 = page.locator(".course-glossary-chapter a.reference", has_text=re.compile(f"^{re.escape(title)}$")).first
    il6.click()
    page.wait_for_url("**/05_il6.html*")
    assert "IL-6" in page.locator("h1").first.inner_text()


@pytest.mark.parametrize("page", ["chapters/references.html", "index.html"])
def test_both_source_papers_are_cited_with_authors_journal_and_year(page):
    text = _text(page)
    for title, parts in SOURCES.items():
        entry = re.search(re.escape(title) + r".{0,300}", text, re.I)
        assert entry, f"{page} does not cite {title!r}"
        for part in parts:
            assert part in entry.group(0) or part in text[:entry.start()][-200:], \
                f"{page}: the citation of {title!r} lacks {part!r}: {entry.group(0)[:200]}"
    if page == "index.html":
        assert "10.12677/ACM.2021.116371" in _html(page), "the experimental paper's DOI"


def test_the_chapters_cite_the_source_they_follow():
    review = [p for p in PAGES if re.match(r"chapters/(0[1-8]|10)_", p)]
    assert len(review) == 9
    for page in review:
        assert "lu2022inflammatory" in _html(page), f"{page} does not cite the review"
        assert "Advances in Clinical Medicine" in _text(page), f"{page}: no full reference to the review"
    vsmc = next(p for p in PAGES if p.startswith("chapters/09_"))
    assert "guo2021interleukin" in _html(vsmc) and "Guo" in _text(vsmc)


# ----------------------------------------------------------------------------------------------
# Tables
_TABLES = """() => [...document.querySelectorAll('article table')].map(t => {
  let box = t.parentElement;
  while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowX) && !box.matches('article')) box = box.parentElement;
  const scrolls = box && !box.matches('article');
  return {cls: t.className, width: Math.round(t.getBoundingClientRect().width),
          room: Math.round((scrolls ? box : t.parentElement).getBoundingClientRect().width),
          article: Math.round(document.querySelector('article').getBoundingClientRect().width), scrolls};
})"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", ["chapters/10_synthesis.html", "chapters/05_il6.html", "chapters/03_il1.html"])
def test_tables_fit_the_column(browser, site_url, path, width):
    v = PageVisit(browser, site_url, path)
    v.page.set_viewport_size({"width": width, "height": 900})
    v.page.wait_for_load_state("networkidle")
    tables = v.page.evaluate(_TABLES)
    assert tables, path
    for t in tables:
        if width >= 1200:
            assert t["width"] <= t["room"] + 1, f"{path} at {width} px: a table is {t['width']} px in {t['room']} px"
        else:
            assert t["width"] <= t["room"] + 1 or t["scrolls"], \
                f"{path} at {width} px: a {t['width']} px table is cut (no scrolling box)"
    v.close()


def test_coupling_tables_are_written_for_readers():
    for page in ("chapters/03_il1.html", "chapters/04_il33.html", "chapters/05_il6.html"):
        tables = re.findall(r'<table[^>]*course-couplings.*?</table>', _html(page), re.S)
        assert len(tables) == 1, page
        cells = re.sub(r"<[^>]+>", "|", tables[0])
        assert "NaN" not in cells and "nan" not in cells.split("|")
        assert not re.search(r"\b[A-Za-z]+_[A-Za-z_]+\b", cells), f"{page}: snake_case names in the table"
        assert "RANKL production" in cells and "acts on" in cells
        assert not re.search(r'<th[^>]*class="[^"]*row_heading', tables[0]), f"{page}: an index column"


# ----------------------------------------------------------------------------------------------
# The introduction's figures
def _figure(page: str, title_part: str) -> dict:
    for spec in figure_specs(_html(page)):
        title = ((spec.get("layout") or {}).get("title") or {}).get("text", "")
        if title_part in title:
            return spec
    raise AssertionError(f"no figure titled …{title_part}… on {page}")


def test_the_cascade_slider_labels_every_step(visit):
    spec = _figure("chapters/01_introduction.html", "Step 1")
    steps = spec["layout"]["sliders"][0]["steps"]
    assert [s["label"] for s in steps] == [str(i + 1) for i in range(len(steps))]
    symbols = [t.get("marker", {}).get("symbol") for t in spec["data"] if t.get("mode") == "markers+text"]
    assert symbols and not {"x", "cross", "x-thin"} & set(symbols), symbols
    v = visit("chapters/01_introduction.html")
    v.draw_all_figures()
    for width in (1280, 390):
        v.page.set_viewport_size({"width": width, "height": 900})
        v.page.wait_for_timeout(500)
        shown = v.page.evaluate("() => { const f = [...document.querySelectorAll('figure.course-plotly')]"
                                ".find(f => /Step/.test(f.textContent)); return [...f.querySelectorAll("
                                "'.slider-labels .slider-label')].map(t => t.textContent); }")
        assert shown == [str(i + 1) for i in range(len(steps))], f"at {width} px the slider shows {shown}"
    text = _text("chapters/01_introduction.html")
    assert "each button adds" not in text and "slider" in text


def test_uneven_level_sliders_say_so():
    checked = 0
    for page in [p for p in PAGES if re.match(r"chapters/0[3-8]_", p)]:
        for spec in figure_specs(_html(page)):
            for slider in (spec.get("layout") or {}).get("sliders") or []:
                labels = [s["label"] for s in slider["steps"]]
                if not all(re.fullmatch(r"[\d.]+×", lb) for lb in labels):
                    continue
                values = [float(lb[:-1]) for lb in labels]
                gaps = {round(b - a, 9) for a, b in zip(values, values[1:])}
                prefix = (slider.get("currentvalue") or {}).get("prefix", "")
                if len(gaps) > 1:
                    assert "uneven" in prefix, f"{page}: slider {labels} looks even ({prefix!r})"
                    checked += 1
    assert checked >= 6, "the six cytokine chapters' level sliders"


_WIDE = """() => [...document.querySelectorAll('article .cell_output table')].map(t => {
  let box = t.parentElement;
  while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowX) && !box.matches('article')) box = box.parentElement;
  return {id: t.id || t.className, wide: box && !box.matches('article') && box.scrollWidth > box.clientWidth + 1,
          own: !!box && box.matches('.course-table-scroll'), role: box && box.getAttribute('role'),
          tabindex: box && box.getAttribute('tabindex'), name: box && (box.getAttribute('aria-label') || '').trim()};
})"""


@pytest.mark.parametrize("path", ["chapters/10_synthesis.html", "chapters/02_remodeling.html", "chapters/07_il10.html"])
def test_every_table_that_scrolls_on_a_phone_is_a_named_focus_stop(browser, site_url, path):
    v = PageVisit(browser, site_url, path)
    v.page.set_viewport_size({"width": 390, "height": 900})
    v.page.wait_for_load_state("networkidle")
    wide = [t for t in v.page.evaluate(_WIDE) if t["wide"]]
    assert wide, f"{path}: no table scrolls at 390 px"
    for t in wide:
        assert t["own"] and t["role"] == "region" and t["tabindex"] == "0" and t["name"], f"{path}: {t}"
    v.close()


_BOXES = """() => [...document.querySelectorAll('.course-table-scroll, .course-table[role=region]')].map(b => ({
  name: b.getAttribute('aria-label'), scrolls: b.scrollWidth > b.clientWidth + 1, tabindex: b.getAttribute('tabindex')}))"""


@pytest.mark.parametrize("path", ["chapters/02_remodeling.html", "chapters/03_il1.html", "chapters/10_synthesis.html"])
def test_a_table_box_is_a_tab_stop_only_while_it_scrolls(browser, site_url, path):
    v = PageVisit(browser, site_url, path)
    page = v.page
    seen = set()
    for width in (1280, 390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)
        boxes = page.evaluate(_BOXES)
        assert boxes, f"{path}: no table box"
        for b in boxes:
            assert (b["tabindex"] == "0") == b["scrolls"], f"{path} at {width} px: {b}"
            seen.add(b["scrolls"])
    assert seen == {True, False}, f"{path}: no box both fits and scrolls at these widths"
    assert v.errors == [], v.errors
    v.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_comparison_table_scrolls_from_the_keyboard_on_a_phone(browser, site_url, width):
    v = PageVisit(browser, site_url, "chapters/10_synthesis.html")
    page = v.page
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_load_state("networkidle")
    box = page.locator(".course-table-scroll", has=page.locator("table.course-comparison"))
    assert box.get_attribute("role") == "region"
    assert box.get_attribute("aria-label").startswith("How the review's six cytokines compare")
    sizes = box.evaluate("b => ({scroll: b.scrollWidth, client: b.clientWidth})")
    if width >= 1200:  # as before: the table fits the column, the box does not scroll
        assert sizes["scroll"] <= sizes["client"] + 1, sizes
        v.close()
        return
    assert sizes["scroll"] > sizes["client"] + 50, sizes
    page.evaluate("() => { window.scrollTo(0, 0); document.activeElement && document.activeElement.blur(); }")
    for _ in range(400):
        page.keyboard.press("Tab")
        if box.evaluate("b => document.activeElement === b"):
            break
    else:
        pytest.fail("Tab never reached the comparison table's box")
    assert box.evaluate("b => b.matches(':focus-visible') && getComputedStyle(b).outlineStyle !== 'none'")
    assert box.evaluate("b => b.scrollLeft") == 0
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle(), timeout=3_000)
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')").startswith("How the review")
    assert v.errors == []
    v.close()
