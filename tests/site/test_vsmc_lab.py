"""The VSMC virtual lab on the built site (chapter 9), operated in headless Chromium with the keyboard.

Every test opens the chapter (other hosts blocked), waits for the lab to draw, moves its native controls
with the keyboard and reads what a reader reads: the read-outs, the polite live region, the blot that
plotly drew, the statistics table and the page's URL. The directions checked are the chapter's (more
tofacitinib: a lower TNAP band; a new experiment: new wells, the same expected levels).
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest

from .conftest import SITE

CHAPTER = "chapters/09_vsmc_calcification.html"
LAB = '[data-course-simulator="vsmc-lab"]'
RENDERS = f"() => Number(document.querySelector('{LAB}').dataset.renders || 0)"


def open_lab(visit):
    if not (SITE / CHAPTER).is_file():
        pytest.skip(f"{CHAPTER} is not in this build")
    v = visit(CHAPTER)
    v.page.locator(LAB).scroll_into_view_if_needed()
    v.page.wait_for_function(f"() => ({RENDERS})() >= 1 && document.querySelector('{LAB} .course-lab-blot svg.main-svg')",
                             timeout=20_000)
    return v


def renders(page) -> int:
    return page.evaluate(RENDERS)


def settled(page, before: int) -> None:
    page.wait_for_function(f"n => ({RENDERS})() > n", arg=before, timeout=10_000)
    page.wait_for_timeout(50)
    page.wait_for_function(f"n => ({RENDERS})() >= n", arg=renders(page), timeout=10_000)


def press(page, label: str, *keys: str) -> None:
    before = renders(page)
    page.locator(LAB).get_by_label(label, exact=True).focus()
    for key in keys:
        page.keyboard.press(key)
    settled(page, before)


def activate(page, name: str) -> None:
    before = renders(page)
    page.locator(LAB).get_by_role("button", name=name, exact=True).focus()
    page.keyboard.press("Enter")
    settled(page, before)


def status(page) -> str:
    return page.locator(f"{LAB} [role=status]").text_content().strip()


def expected(page) -> list[float]:
    """The expected TNAP levels per group (model), from the read-out."""
    return json.loads(page.locator(f"{LAB} .course-simulator-readouts dd").first.get_attribute("data-values"))


def blot(page) -> dict:
    """What plotly drew in the blot: lanes, bands (z by protein) and the bars."""
    return page.evaluate(f"""() => {{
        const g = document.querySelector('{LAB} .course-lab-blot .course-simulator-graph');
        const heat = g.data.find((t) => t.type === 'heatmap');
        return {{lanes: heat.x, proteins: heat.y, z: heat.z,
                 bars: g.data.filter((t) => t.type === 'bar' && t.visible !== false).map((t) => ({{name: t.name, y: t.y}}))}};
    }}""")


def tnap_band(page, lane_prefix: str) -> float:
    """Mean TNAP band intensity of one group's lanes (e.g. 'I+T')."""
    b = blot(page)
    row = b["z"][b["proteins"].index("TNAP")]
    values = [v for lane, v in zip(b["lanes"], row) if re.fullmatch(re.escape(lane_prefix) + r"\d+", lane)]
    assert values, (lane_prefix, b["lanes"])
    return sum(values) / len(values)


def table_cells(page) -> list[str]:
    return page.locator(f"{LAB} .course-lab-table:not(.course-lab-power-table) tbody td").all_text_contents()


def hash_of(page) -> str:
    return urlparse(page.url).fragment


def test_the_lab_opens_on_the_papers_design_with_no_error_and_no_outside_request(visit):
    v = open_lab(visit)
    page = v.page
    root = page.locator(LAB)
    assert root.get_by_role("button", name="The paper's design", exact=True).is_visible()
    assert root.get_by_role("button", name="A stronger design", exact=True).is_visible()
    assert "Simulated experiment 0" in status(page)
    stamps = root.locator(".annotation-text").all_text_contents()
    assert sum("SIMULATED" in s for s in stamps) >= 2, stamps  # on both figures
    titles = root.locator(".gtitle").all_text_contents()
    assert len(titles) == 2 and all("Simulated" in t for t in titles), titles
    assert "paper's assumption" in root.get_by_label("JAK route", exact=True).inner_text()
    marks = root.locator(".course-lab-mark").all_text_contents()
    assert marks == ["JAK3 1 nM", "JAK2 20 nM", "JAK1 112 nM"], marks  # the enzyme IC50s, from the export
    assert "not the wells the Python lab" in root.locator(".course-lab-note").inner_text()
    caption = root.locator(".course-lab-table caption").first.inner_text()
    assert "Simulated" in caption and "exact P values" in caption
    assert "in your browser" in page.locator(f"{LAB} + .course-live-panel-notice").inner_text()
    page.wait_for_load_state("networkidle")
    assert v.external == [] and v.errors == [] and v.failed == [], (v.external, v.errors, v.failed)


def test_on_a_phone_the_lab_fits_the_screen_and_works_from_the_keyboard(visit):
    v = open_lab(visit)
    page = v.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    overflow = page.evaluate(f"""() => [...document.querySelectorAll('{LAB} *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                       && !e.closest('.course-lab-table, .js-plotly-plot'))
        .map((e) => e.tagName + '.' + e.className).slice(0, 5)""")
    assert overflow == [], f"parts of the lab stick out of a 390 px screen: {overflow}"
    level = expected(page)[2]
    press(page, "tofacitinib (nM)", "ArrowRight")
    assert expected(page)[2] < level and "200 nM" in status(page)
    assert page.locator(f"{LAB} .course-lab-blot svg.main-svg").first.bounding_box()["width"] <= 390


def test_every_control_is_labelled_and_reachable_by_tab(visit):
    page = open_lab(visit).page
    controls = page.locator(f"{LAB} input, {LAB} select, {LAB} button")
    count = controls.count()
    assert count >= 20
    for i in range(count):
        control = controls.nth(i)
        control.evaluate("(e, i) => e.setAttribute('data-tab-check', i)", i)
        name = control.evaluate("e => e.tagName === 'BUTTON' ? e.textContent"
                                " : Array.from(e.labels || []).map(l => l.textContent).join(' ')")
        assert name and name.strip(), control.evaluate("e => e.outerHTML")
    controls.first.focus()
    reached = {page.evaluate("() => document.activeElement.getAttribute('data-tab-check')")}
    for _ in range(count + 3):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("() => document.activeElement.getAttribute('data-tab-check')"))
    assert {str(i) for i in range(count)} <= reached


def test_more_tofacitinib_lowers_the_tnap_band(visit):
    page = open_lab(visit).page
    band, level, il6_alone = tnap_band(page, "I+T"), expected(page)[2], expected(page)[1]
    press(page, "tofacitinib (nM)", "ArrowRight")  # 100 -> 200 nM
    assert tnap_band(page, "I+T") < band and expected(page)[2] < level
    assert "200 nM" in status(page)
    assert expected(page)[1] == pytest.approx(il6_alone)  # IL-6 alone gets no tofacitinib: its level stays
    press(page, "tofacitinib (nM)", "Home")  # no inhibitor: the group is IL-6 alone again
    assert expected(page)[2] == pytest.approx(expected(page)[1])


def test_each_control_moved_by_keyboard_changes_the_result(visit):
    page = open_lab(visit).page
    # IL-6 down: the markers fall towards baseline
    il6 = expected(page)[1]
    press(page, "IL-6 (ng/ml)", "Home")
    assert expected(page)[1] == pytest.approx(1.0) and il6 > 1.2
    press(page, "IL-6 (ng/ml)", "End")
    # the JAK route: under JAK1, 100 nM blocks less (enzyme IC50s)
    jak2 = expected(page)[2]
    press(page, "JAK route", "ArrowDown")
    assert page.locator(LAB).get_by_label("JAK route", exact=True).input_value() == "JAK1"
    assert expected(page)[2] > jak2 and "route JAK1" in page.locator(f"{LAB} .gtitle").first.text_content()
    # the cellular IC50s move the marks and block less still
    jak1 = expected(page)[2]
    press(page, "tofacitinib potency", "ArrowDown")
    assert "JAK1 406 nM" in page.locator(f"{LAB} .course-lab-marks").inner_text()
    assert expected(page)[2] > jak1
    # more wells: more lanes; more noise: different wells, same expected levels
    press(page, "wells per group", "ArrowRight")
    assert len(blot(page)["lanes"]) == 12
    levels, cells = expected(page), table_cells(page)
    press(page, "noise (CV)", "ArrowRight")
    assert expected(page) == levels and table_cells(page) != cells
    # the inhibitor-only group and every readout in every group
    press(page, "add a tofacitinib-only group", "Space")
    assert [b["name"] for b in blot(page)["bars"]][-1].startswith("tofacitinib alone")
    press(page, "what is measured", "ArrowDown")
    assert "not measured" not in " ".join(table_cells(page))
    # a time point off, another on: the blot moves to the first chosen time when 24 h is off
    press(page, "24 h", "Space")
    assert "48 h" in page.locator(f"{LAB} .course-lab-blot .gtitle").text_content()
    press(page, "168 h", "Space")
    assert any("168 h" in c for c in page.locator(f"{LAB} .course-lab-table tbody th").all_text_contents())
    # the time course shows another readout
    press(page, "time course of", "ArrowDown")
    assert "TNAP" in page.locator(f"{LAB} .course-lab-time-course .gtitle").text_content()


def test_no_time_point_says_so_instead_of_a_stale_blot(visit):
    page = open_lab(visit).page
    for hour in ("24 h", "48 h", "72 h"):
        press(page, hour, "Space")
    message = page.locator(f"{LAB} .course-lab-blot .course-simulator-error")
    assert message.is_visible() and "time point" in message.inner_text()
    assert "time point" in status(page)
    assert "No statistics" in page.locator(f"{LAB} .course-lab-table").first.inner_text()
    press(page, "72 h", "Space")
    assert not message.is_visible() and "72 h" in page.locator(f"{LAB} .course-lab-blot .gtitle").text_content()


def test_a_new_experiment_changes_the_wells_but_not_the_expected_levels(visit):
    page = open_lab(visit).page
    levels, cells, bands = expected(page), table_cells(page), blot(page)["z"]
    activate(page, "Run a new experiment")
    assert expected(page) == levels
    assert table_cells(page) != cells and blot(page)["z"] != bands
    assert "Simulated experiment 1" in status(page) and "design.seed=1" in hash_of(page)


def test_a_link_restores_the_same_setup_and_back_undoes_a_change(visit):
    v = open_lab(visit)
    page = v.page
    press(page, "tofacitinib (nM)", "ArrowRight", "ArrowRight")
    press(page, "JAK route", "ArrowDown")
    activate(page, "Run a new experiment")
    link, levels, cells = page.url, expected(page), table_cells(page)
    assert "doses.tofacitinib_nM=500" in hash_of(page) and "model.jak_route=JAK1" in hash_of(page)
    other = open_lab(visit).page
    other.goto(link)
    other.reload()
    other.locator(LAB).scroll_into_view_if_needed()
    other.wait_for_function(f"() => ({RENDERS})() >= 1", timeout=20_000)
    assert expected(other) == levels and table_cells(other) == cells
    assert other.locator(LAB).get_by_label("JAK route", exact=True).input_value() == "JAK1"
    before = renders(page)
    page.go_back()
    settled(page, before)
    assert "design.seed" not in hash_of(page) and "model.jak_route=JAK1" in hash_of(page)


def test_reset_and_a_preset(visit):
    page = open_lab(visit).page
    start_cells, start_levels = table_cells(page), expected(page)
    activate(page, "A stronger design")
    b = blot(page)
    assert len(b["bars"]) == 4 and len(b["lanes"]) == 4 * 8
    assert page.locator(f"{LAB} .course-simulator-preset-note").is_visible()
    assert page.locator(LAB).get_by_label("168 h", exact=True).is_checked()
    assert "not measured" not in " ".join(table_cells(page))
    activate(page, "Reset")
    assert table_cells(page) == start_cells and expected(page) == start_levels and hash_of(page) == ""
    activate(page, "The paper's design")
    assert table_cells(page) == start_cells  # the paper's design is where the lab starts


def test_the_power_view_counts_how_often_p_is_below_005(visit):
    page = open_lab(visit).page
    root = page.locator(LAB)
    root.get_by_role("button", name="Run 100 experiments", exact=True).focus()
    page.keyboard.press("Enter")
    summary = root.locator(".course-lab-power-summary")
    summary.wait_for()
    found = re.search(r"Calcium at 24 h, IL-6 vs control: P < 0.05 in (\d+) of 100", summary.inner_text())
    assert found, summary.inner_text()
    three = int(found.group(1))
    assert 0 < three < 60  # the chapter: about one experiment in five with 3 wells
    assert "P < 0.05 in" in status(page)
    from widgets.browser.export import vsmc_lab_controls
    from widgets.panels.calcification import key_of, lab_request

    controls = vsmc_lab_controls()
    design = lab_request({key_of(c): c["default"] for c in controls}, controls)["request"]["design"]
    tests = sum(1 + len(g) * (len(g) - 1) // 2 for _, _, g in design)  # each ANOVA and its LSD pairs
    assert root.locator(".course-lab-power-table tbody tr").count() == tests
    page.set_viewport_size({"width": 900, "height": 900})  # a redraw without a new design keeps the result
    page.wait_for_timeout(300)
    assert "settings changed" not in summary.inner_text()
    for _ in range(9):
        press(page, "wells per group", "ArrowRight")  # 12 wells per group
    assert "settings changed" in summary.inner_text()
    page.keyboard.press("Tab")
    root.get_by_role("button", name="Run 100 experiments", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => !document.querySelector('{LAB} .course-lab-power-summary').textContent.includes('changed')")
    more = int(re.search(r"in (\d+) of 100", summary.inner_text()).group(1))
    assert more > three + 20, (three, more)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_nothing_serious_in_the_lab(visit, theme):
    from axe_playwright_python.sync_playwright import Axe

    from .test_accessibility import AXE_OPTIONS, BLOCKING, _report

    v = open_lab(visit)
    page = v.page
    page.evaluate("t => document.documentElement.setAttribute('data-theme', t)", theme)
    page.locator(LAB).get_by_role("button", name="Run 100 experiments", exact=True).click()
    page.locator(f"{LAB} .course-lab-power-table table").wait_for()
    page.wait_for_load_state("networkidle")
    assert v.external == []  # counted before axe (its stylesheet preload is not a reader's request)
    violations = Axe().run(page, context=LAB, options=AXE_OPTIONS).response["violations"]
    blocking = [x for x in violations if x["impact"] in BLOCKING]
    assert not blocking, f"{theme} theme:\n{_report(blocking)}"


def test_if_the_lab_cannot_load_the_page_keeps_its_figures(browser, site_url):
    if not (SITE / CHAPTER).is_file():
        pytest.skip(f"{CHAPTER} is not in this build")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.route("**/_static/browser/vsmc-lab.mjs*", lambda route: route.abort())
        page.goto(site_url + CHAPTER)
        page.wait_for_load_state("networkidle")
        assert not page.locator(LAB).is_visible()
        assert "Binder or Colab" in page.locator(f"{LAB} + .course-live-panel-notice").inner_text()
        page.route("**/calcification-model.json*", lambda route: route.fulfill(status=404, body="missing"))
        page.unroute("**/_static/browser/vsmc-lab.mjs*")
        page.goto(site_url + CHAPTER + "?again")
        page.locator(LAB).scroll_into_view_if_needed()
        alert = page.locator(f"{LAB} [role=alert]")
        alert.wait_for(timeout=20_000)
        assert "could not start" in alert.inner_text() and "404" in alert.inner_text()
    finally:
        context.close()
