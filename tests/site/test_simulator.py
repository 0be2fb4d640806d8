"""The bone-remodeling simulator on the built site, operated in headless Chromium with the keyboard.

Every test opens a chapter page (other hosts blocked), waits for the simulator to draw, moves its
native controls with the keyboard (focus, arrow keys, End, Enter) and reads what a reader reads: the
read-outs, the polite live region, the figure's data and the page's URL. The directions checked are
the ones the chapters teach (more TNF-α, less bone; an anti-RANKL decoy, more bone), and the numbers
of a preset are compared with the Python engine's for the same request.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from .conftest import SITE

REMODELING = "chapters/02_remodeling.html"
TNF = "chapters/08_tnf.html"
SIM = "[data-course-simulator]"
RENDERS = "() => Number(document.querySelector('[data-course-simulator]').dataset.renders || 0)"
BONE = re.compile(r"Bone volume after (\d+) days: (\d+\.\d) % of start")


def _need(path: str) -> None:
    if not (SITE / path).is_file():
        pytest.skip(f"{path} is not in this build")


def open_simulator(visit, path: str):
    """Open ``path`` and wait until its simulator has drawn once; return the page visit."""
    _need(path)
    v = visit(path)
    v.page.locator(SIM).scroll_into_view_if_needed()
    v.page.wait_for_function(f"() => ({RENDERS})() >= 1 && document.querySelector('{SIM} svg.main-svg')",
                             timeout=20_000)
    return v


def renders(page) -> int:
    return page.evaluate(RENDERS)


def settled(page, before: int, timeout: float = 10_000) -> None:
    """Wait until the simulator has drawn again after ``before`` draws (and no frame is pending)."""
    page.wait_for_function(f"n => ({RENDERS})() > n", arg=before, timeout=timeout)
    page.wait_for_timeout(50)  # a frame requested by the last key press, if any, runs now
    page.wait_for_function(f"n => ({RENDERS})() >= n", arg=renders(page), timeout=timeout)


def status(page) -> str:
    return page.locator(f"{SIM} [role=status]").text_content().strip()


def bone_volume(page) -> float:
    """Bone volume at the end, from the read-out (what the reader sees)."""
    text = page.locator(f"{SIM} .course-simulator-readouts").inner_text()
    match = re.search(r"(\d+\.\d) % of start", text)
    assert match, f"no bone volume read-out in {text!r}"
    return float(match.group(1))


def figure_end(page, trace: int = 0) -> float:
    """The last y value of a trace of the simulator's figure (what plotly drew)."""
    return page.evaluate(f"i => {{ const g = document.querySelector('{SIM} .course-simulator-graph');"
                         " const y = g.data[i].y; return y[y.length - 1]; }", trace)


def press(page, label: str, *keys: str) -> None:
    """Focus the control named ``label`` and press ``keys``; wait for the redraw."""
    before = renders(page)
    control = page.locator(SIM).get_by_label(label, exact=True)
    control.focus()
    for key in keys:
        page.keyboard.press(key)
    settled(page, before)


def activate(page, name: str) -> None:
    """Focus the button ``name`` and press Enter (the keyboard's click); wait for the redraw."""
    before = renders(page)
    page.locator(SIM).get_by_role("button", name=name, exact=True).focus()
    page.keyboard.press("Enter")
    settled(page, before)


def choose(page, label: str, value: str) -> None:
    """Move a select with the arrow keys until it holds ``value``; wait for the redraw."""
    select = page.locator(SIM).get_by_label(label, exact=True)
    select.focus()
    for _ in range(20):
        if select.input_value() == value:
            break
        before = renders(page)
        page.keyboard.press("ArrowDown")
        settled(page, before)
    assert select.input_value() == value


def hash_of(page) -> str:
    return urlparse(page.url).fragment


# ---------------------------------------------------------------- opening


def test_the_simulator_opens_healthy_with_no_error_and_no_outside_request(visit):
    v = open_simulator(visit, REMODELING)
    page = v.page
    assert bone_volume(page) == 100.0
    assert BONE.search(status(page)), status(page)
    assert page.locator(f"{SIM} input[type=range]").count() >= 13  # 6 cytokines, 4 doses, 2 window ends, days
    stamp = page.locator(f"{SIM} .annotation-text").all_text_contents()
    assert any("SIMULATED" in s and "teaching model" in s for s in stamp), stamp
    notice = page.locator(f"{SIM} + .course-live-panel-notice")
    assert "in your browser" in notice.inner_text()
    page.wait_for_load_state("networkidle")
    assert v.external == [] and v.errors == [] and v.failed == [], (v.external, v.errors, v.failed)


def test_every_control_is_labelled_and_reachable_by_tab(visit):
    page = open_simulator(visit, TNF).page
    controls = page.locator(f"{SIM} input, {SIM} select, {SIM} button, {SIM} textarea")
    count = controls.count()
    for i in range(count):
        control = controls.nth(i)
        control.evaluate("(e, i) => e.setAttribute('data-tab-check', i)", i)
        name = control.evaluate("e => e.tagName === 'BUTTON' ? e.textContent"
                                " : Array.from(e.labels || []).map(l => l.textContent).join(' ')")
        assert name and name.strip(), f"control without a label: {control.evaluate('e => e.outerHTML')}"
    controls.first.focus()
    reached = {page.evaluate("() => document.activeElement.getAttribute('data-tab-check')")}
    for _ in range(count + 3):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("() => document.activeElement.getAttribute('data-tab-check')"))
    assert {str(i) for i in range(count)} <= reached, f"not reached by Tab: {set(map(str, range(count))) - reached}"


# ---------------------------------------------------------------- the directions the chapters teach


def test_more_tnf_alpha_means_less_bone_after_a_year(visit):
    v = open_simulator(visit, TNF)
    page = v.page
    first = page.locator(f"{SIM} .course-simulator-cytokines input[type=range]").first
    assert first.get_attribute("id") == page.locator(SIM).get_by_label("TNF-α", exact=True).get_attribute("id"), \
        "the chapter's cytokine comes first"
    assert bone_volume(page) == 100.0
    press(page, "TNF-α", "ArrowRight", "ArrowRight", "ArrowRight")
    three = bone_volume(page)
    slider = page.locator(SIM).get_by_label("TNF-α", exact=True)
    assert slider.get_attribute("aria-valuetext").endswith("× healthy")
    assert three < 100.0 and figure_end(page) == pytest.approx(three, abs=0.05)
    assert BONE.search(status(page)).group(2) == f"{three:.1f}"
    press(page, "TNF-α", "End")
    assert slider.get_attribute("aria-valuetext") == "10× healthy"
    assert bone_volume(page) < three and figure_end(page) < three
    assert "tnf=10" in hash_of(page)
    assert v.errors == [] and v.external == []


def test_an_anti_rankl_therapy_gives_back_bone(visit):
    from widgets.browser.export import remodeling_presets

    inflamed_label = next(p["label"] for p in remodeling_presets() if p["id"] == "inflamed")
    v = open_simulator(visit, REMODELING)
    page = v.page
    activate(page, inflamed_label)
    inflamed = bone_volume(page)
    assert inflamed < 100.0
    ratio_before = figure_end(page, 2)
    choose(page, "therapy", "anti-RANKL")
    treated = bone_volume(page)
    assert treated > inflamed
    assert figure_end(page, 2) < ratio_before, "the decoy lowers the RANKL/OPG ratio"
    assert "therapy=anti-RANKL" in hash_of(page)
    assert v.errors == [] and v.external == []


def test_opg_dosing_from_the_keyboard_raises_bone_volume(visit):
    page = open_simulator(visit, REMODELING).page
    press(page, "OPG dosing", "End")
    assert bone_volume(page) > 100.0


# ---------------------------------------------------------------- URL, Back, Reset, presets


def test_a_link_restores_the_same_setup(visit):
    v = open_simulator(visit, TNF)
    page = v.page
    press(page, "TNF-α", "ArrowRight", "ArrowRight")
    press(page, "days simulated", "ArrowRight")
    press(page, "IL-10", "End")
    url, readout = page.url, status(page)
    values = page.locator(f"{SIM} input[type=range]").evaluate_all("es => es.map(e => e.value)")
    assert "#sim:" in url and "days=730" in url
    again = visit(url.split("/", 3)[3])
    again.page.locator(SIM).scroll_into_view_if_needed()
    again.page.wait_for_function(f"() => ({RENDERS})() >= 1", timeout=20_000)
    assert status(again.page) == readout
    assert again.page.locator(f"{SIM} input[type=range]").evaluate_all("es => es.map(e => e.value)") == values
    again.page.reload()
    again.page.wait_for_function(f"() => ({RENDERS})() >= 1", timeout=20_000)
    assert status(again.page) == readout
    assert again.errors == []


def test_the_back_button_undoes_one_change_at_a_time(visit):
    page = open_simulator(visit, TNF).page
    press(page, "TNF-α", "ArrowRight")
    one = (status(page), hash_of(page))
    press(page, "TNF-α", "End")
    assert status(page) != one[0]
    before = renders(page)
    page.go_back()
    settled(page, before)
    assert (status(page), hash_of(page)) == one
    assert page.locator(SIM).get_by_label("TNF-α", exact=True).get_attribute("aria-valuetext") != "10× healthy"
    before = renders(page)
    page.go_back()
    settled(page, before)
    assert bone_volume(page) == 100.0 and "sim:" not in hash_of(page)


def test_reset_returns_to_healthy_and_clears_the_link(visit):
    page = open_simulator(visit, TNF).page
    press(page, "TNF-α", "End")
    press(page, "RANKL dosing", "End")
    assert bone_volume(page) < 100.0
    activate(page, "Reset")
    assert bone_volume(page) == 100.0 and "sim:" not in hash_of(page)
    assert page.locator(SIM).get_by_label("TNF-α", exact=True).get_attribute("aria-valuetext") == "1× healthy"


def test_a_preset_sets_its_request_and_matches_the_python_engine(visit):
    from widgets import remodeling as rm
    from widgets.browser.export import remodeling_presets

    preset = next(p for p in remodeling_presets() if p["id"] == "oestrogen-loss")
    page = open_simulator(visit, REMODELING).page
    activate(page, preset["label"])
    days = int(preset["request"]["days"])
    assert page.locator(SIM).get_by_label("days simulated", exact=True).get_attribute("aria-valuetext") == \
        f"{days} days"
    match = BONE.search(status(page))
    assert match and int(match.group(1)) == days
    python = rm.simulate_request(preset["request"])["bone_volume"].iloc[-1]
    assert float(match.group(2)) == pytest.approx(python, abs=0.051)
    note = page.locator(f"{SIM} .course-simulator-preset-note").inner_text()
    assert preset["description"][:40] in note


def test_predict_first_keeps_the_readers_guess_beside_the_result(visit):
    page = open_simulator(visit, TNF).page
    guess = page.locator(SIM).get_by_label("Your prediction", exact=False)
    described = guess.get_attribute("aria-describedby")
    prompt = page.locator(f"[id='{described}']")
    assert "course-predict" in prompt.get_attribute("class") and "TNF-α" in prompt.inner_text()
    guess.fill("It falls to about 90 %.")
    press(page, "TNF-α", "End")
    compare = page.locator(f"{SIM} .course-simulator-compare").inner_text()
    assert "It falls to about 90 %." in compare and "Bone volume after 365 days" in compare


# ---------------------------------------------------------------- hard cases


def test_every_slider_at_its_end_gives_a_result_or_a_clear_message(visit):
    v = open_simulator(visit, REMODELING)
    page = v.page
    sliders = page.locator(f"{SIM} input[type=range]")
    for i in range(sliders.count()):
        before = renders(page)
        slider = sliders.nth(i)
        if slider.input_value() == slider.get_attribute("max"):
            continue  # already at its end (the dosing window's last day): pressing End changes nothing
        slider.focus()
        page.keyboard.press("End")
        settled(page, before, timeout=5_000)
    below = sliders.evaluate_all("es => es.filter(e => e.value !== e.max).map(e => e.labels[0].textContent)")
    from widgets.browser.export import remodeling_controls

    start_label = next(c["label"] for c in remodeling_controls() if (c["group"], c["name"]) == ("dosing_window", "on"))
    assert below == [start_label], below  # the window's start stays one step before its end
    error = page.locator(f"{SIM} .course-simulator-error")
    if error.is_visible():
        assert "could not run" in error.inner_text()
    else:
        value = bone_volume(page)
        assert 0 < value < 1e6
        if value < 50:
            assert "far outside" in page.locator(f"{SIM} .course-simulator-notes").inner_text()
    assert [e for e in v.errors if "simulat" in e.lower()] == []


def test_the_figure_keeps_its_size_after_the_window_is_resized(visit):
    page = open_simulator(visit, TNF).page
    graph = page.locator(f"{SIM} .course-simulator-graph")
    height = graph.bounding_box()["height"]
    assert height > 500
    for size in ({"width": 1280, "height": 600}, {"width": 1280, "height": 900}, {"width": 390, "height": 800}):
        page.set_viewport_size(size)
        page.wait_for_timeout(200)
        press(page, "TNF-α", "ArrowRight")
        box = graph.bounding_box()
        svg = page.locator(f"{SIM} svg.main-svg").first.bounding_box()
        assert box["height"] == pytest.approx(height, abs=2) and svg["height"] == pytest.approx(height, abs=2), size
        assert svg["width"] <= size["width"], "the figure follows the page's width"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_rapid_input_is_coalesced_into_few_redraws(visit):
    page = open_simulator(visit, TNF).page
    before = renders(page)
    page.evaluate(f"""() => {{
        const input = document.querySelector('{SIM}').querySelector('input[type=range]');
        for (let i = 0; i < 60; i++) {{ input.value = String(i % 22); input.dispatchEvent(new Event('input')); }}
        input.value = '21'; input.dispatchEvent(new Event('input')); input.dispatchEvent(new Event('change'));
    }}""")
    settled(page, before)
    assert renders(page) - before <= 3, "one redraw per animation frame, not one per input event"
    assert page.locator(SIM).get_by_label("TNF-α", exact=True).get_attribute("aria-valuetext") == "10× healthy"
    assert "tnf=10" in hash_of(page)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_nothing_serious_in_the_simulator(visit, theme):
    from axe_playwright_python.sync_playwright import Axe

    from .test_accessibility import AXE_OPTIONS, BLOCKING, _report

    page = open_simulator(visit, TNF).page
    page.evaluate("t => document.documentElement.setAttribute('data-theme', t)", theme)
    press(page, "TNF-α", "ArrowRight")
    page.locator(SIM).get_by_label("Your prediction", exact=False).fill("It falls.")
    press(page, "TNF-α", "ArrowRight")  # the comparison with the prediction is shown too
    violations = Axe().run(page, context=SIM, options=AXE_OPTIONS).response["violations"]
    blocking = [x for x in violations if x["impact"] in BLOCKING]
    assert not blocking, f"{theme} theme:\n{_report(blocking)}"


def test_the_page_figure_draws_like_the_python_figure(visit):
    """The page's figure template has the Python figure's template written in: plotly.js draws the same SVG."""
    import html
    import json

    import plotly.io as pio

    from widgets.pictures.remodeling import simulator_figure

    built = (SITE / REMODELING).read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" class="course-simulator-figure-spec">(.*?)</script>', built,
                      re.S)
    assert found, "no figure template in the built page"
    served = json.loads(found.group(1))
    assert "template" not in served["layout"]
    python = json.loads(pio.to_json(simulator_figure(), validate=False))
    page = open_simulator(visit, REMODELING).page
    svgs = page.evaluate("""async (specs) => {
        const out = [];
        for (const spec of specs) {
          const div = document.createElement('div'); div.style.width = '700px'; document.body.append(div);
          await Plotly.newPlot(div, spec.data, spec.layout, {displayModeBar: false});
          out.push(div.querySelector('svg.main-svg').outerHTML.split(div._fullLayout._uid).join('UID'));
          Plotly.purge(div); div.remove();
        }
        return out;
    }""", [python, served])
    assert svgs[0] == svgs[1], html.unescape(svgs[0])[:200]


# ---------------------------------------------------------------- without the simulator


@pytest.fixture
def no_js_page(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    local = urlparse(site_url).netloc
    page.route("**/*", lambda route: route.continue_() if urlparse(route.request.url).netloc == local
               else (outside.append(route.request.url), route.abort()))
    yield page, outside
    context.close()


@pytest.mark.parametrize("path", [REMODELING, TNF])
def test_without_javascript_the_explorer_and_the_notice_stay(no_js_page, site_url, path):
    _need(path)
    page, outside = no_js_page
    page.goto(site_url + path)
    assert not page.locator(SIM).is_visible(), "the mount stays hidden without JavaScript"
    notice = page.locator(".course-live-panel-notice").first
    assert notice.is_visible() and "Binder or Colab" in notice.inner_text()
    caption = page.locator("figure.course-plotly figcaption").first
    assert caption.is_visible() and len(caption.inner_text()) > 40
    graph = page.locator("figure.course-plotly .course-plotly-graph").first.bounding_box()
    assert graph["height"] < 5, "no blank box where plotly would draw"
    assert page.locator(".course-predict").first.is_visible(), "the prompt still reads as a question"
    assert outside == []


def test_if_the_module_cannot_load_the_page_keeps_its_explorer(visit, browser, site_url):
    _need(TNF)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.route("**/_static/browser/simulator.mjs*", lambda route: route.abort())
        page.goto(site_url + TNF)
        page.locator("figure.course-plotly").first.scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('figure.course-plotly').dataset.drawn === 'done'",
                               timeout=20_000)
        assert not page.locator(SIM).is_visible()
        assert "Binder or Colab" in page.locator(".course-live-panel-notice").first.inner_text()
    finally:
        context.close()


def test_if_the_model_data_cannot_load_the_reader_is_told(browser, site_url):
    _need(TNF)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.route("**/remodeling-model.json*", lambda route: route.fulfill(status=404, body="missing"))
        page.goto(site_url + TNF)
        page.locator(SIM).scroll_into_view_if_needed()
        alert = page.locator(f"{SIM} [role=alert]")
        alert.wait_for(timeout=20_000)
        assert "could not start" in alert.inner_text() and "404" in alert.inner_text()
    finally:
        context.close()
