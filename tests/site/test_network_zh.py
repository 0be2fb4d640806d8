"""The built site's network maps: the 中文 button switches the title, the net-effect note and the hover text."""

from __future__ import annotations

import re

import pytest

HAN = re.compile(r"[\u4e00-\u9fff]")


def _map_figure(v):
    """The page's network map: the course figure that has a 中文 button."""
    v.draw_all_figures()
    figure = v.page.locator("figure.course-plotly").filter(
        has=v.page.locator(".updatemenu-button", has_text="中文")).first
    figure.scroll_into_view_if_needed()
    return figure


def _note(figure) -> str:
    """The net-effect note over the map (the annotation that starts with the net effect)."""
    texts = figure.locator("g.annotation").all_text_contents()
    return next(t for t in texts if t.startswith(("net effect", "净效应")))


def _edge_hover(v, figure) -> str:
    """Move the mouse onto the first edge's hover dot and read the hover label."""
    dot = figure.locator("g.trace.scatter").nth(3).locator("path.point").first
    dot.scroll_into_view_if_needed()
    box = dot.bounding_box()
    v.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = figure.locator(".hoverlayer .hovertext")
    label.first.wait_for(timeout=5_000)
    text = label.first.text_content()
    v.page.mouse.move(1, 1)
    return text


@pytest.mark.parametrize("width", [1280, 390])
def test_the_chinese_button_switches_title_note_and_hover(visit, width):
    v = visit("chapters/05_il6.html")
    v.page.set_viewport_size({"width": width, "height": 900})
    figure = _map_figure(v)
    title, note, hover = figure.locator(".gtitle").text_content(), _note(figure), _edge_hover(v, figure)
    assert title.startswith("IL-6") and "signalling map" in title
    assert note.startswith("net effect") and not HAN.search(note)
    assert "Review" in hover and not HAN.search(hover)

    figure.locator(".updatemenu-button", has_text="中文").click()
    v.page.wait_for_function(
        "el => el.querySelector('.gtitle').textContent.includes('信号通路图')",
        arg=figure.element_handle(), timeout=5_000)
    title_zh, note_zh, hover_zh = figure.locator(".gtitle").text_content(), _note(figure), _edge_hover(v, figure)
    assert "信号通路图" in title_zh and "signalling" not in title_zh
    assert note_zh.startswith("净效应") and "bone loss" not in note_zh
    assert "综述" in hover_zh and "Review" not in hover_zh and HAN.search(hover_zh)
    assert "模拟" in " ".join(figure.locator("g.annotation").all_text_contents())

    figure.locator(".updatemenu-button", has_text="English").click()
    v.page.wait_for_function(
        "el => el.querySelector('.gtitle').textContent.includes('signalling map')",
        arg=figure.element_handle(), timeout=5_000)
    assert figure.locator(".gtitle").text_content() == title
    assert _note(figure) == note
    assert _edge_hover(v, figure) == hover
    assert v.errors == [] and v.external == []


def test_the_whole_network_map_switches_its_title(visit):
    v = visit("chapters/10_synthesis.html")
    figure = _map_figure(v)
    assert figure.locator(".gtitle").text_content().startswith("The cytokine signalling network")
    figure.locator(".updatemenu-button", has_text="中文").click()
    v.page.wait_for_function(
        "el => el.querySelector('.gtitle').textContent.startsWith('细胞因子信号网络')",
        arg=figure.element_handle(), timeout=5_000)
    assert v.errors == []


def _explorer(v):
    """Chapter 10's knockout explorer: the figure with a 中文 button and a knockout menu."""
    v.draw_all_figures()
    figure = v.page.locator("figure.course-plotly").filter(
        has=v.page.locator(".updatemenu-button", has_text="中文")).filter(
        has=v.page.locator("g.annotation", has_text="knock out")).first
    figure = v.page.locator(f"#{figure.get_attribute('id')}")  # found by its id: its words change below
    figure.scroll_into_view_if_needed()
    return figure


def _words(figure) -> dict:
    return figure.evaluate("""f => ({
        title: f.querySelector('.gtitle').textContent,
        notes: [...f.querySelectorAll('g.annotation')].map(a => a.textContent),
        axis: [...f.querySelectorAll('.g-xtitle')].map(t => t.textContent).join(' '),
        legend: [...f.querySelectorAll('.legendtext')].map(t => t.textContent),
        bars: [...f.querySelectorAll('g.trace.bars text')].map(t => t.textContent).filter(Boolean),
        menu: f.querySelector('.updatemenu-header-group') ? f.querySelector('.updatemenu-header-group').textContent : ''})""")


def _status(words) -> str:
    return next(t for t in words["notes"] if t.startswith(("Intact", "完整网络", "已敲除")) or "knocked out" in t)


def _pick(v, figure, label: str) -> None:
    """Open the knockout dropdown and press ``label``."""
    figure.locator(".updatemenu-header-group").first.click()
    v.page.wait_for_timeout(300)
    figure.locator(".updatemenu-dropdown-button", has_text=label).first.click()


def test_the_chinese_button_translates_the_whole_knockout_explorer(visit):
    v = visit("chapters/10_synthesis.html")
    figure = _explorer(v)
    en = _words(figure)
    assert en["title"].startswith("Knock out a node") and _status(en).startswith("Intact network")
    assert "net effect on bone loss" in en["axis"] and "after knockout" in en["legend"]

    figure.locator(".updatemenu-button", has_text="中文").click()
    v.page.wait_for_function("f => f.querySelector('.gtitle').textContent.startsWith('敲除一个节点')",
                             arg=figure.element_handle(), timeout=5_000)
    zh = _words(figure)
    assert HAN.search(zh["title"]) and "Knock" not in zh["title"]
    assert _status(zh).startswith("完整网络") and not any("Intact" in t for t in zh["notes"])
    assert HAN.search(zh["axis"]) and "bone" not in zh["axis"]
    assert "敲除后" in zh["legend"] and "after knockout" not in zh["legend"]
    assert any(t.startswith("敲除") for t in zh["notes"]) and not any(t == "knock out:" for t in zh["notes"])
    assert any("模拟" in t for t in zh["notes"]) and not any("SIMULATED" in t for t in zh["notes"])
    assert zh["menu"].strip().rstrip("▼").strip() == "无"  # the dropdown shows the intact network as 无

    _pick(v, figure, "TRAF6")
    v.page.wait_for_function("f => [...f.querySelectorAll('g.annotation')].some(a => a.textContent.startsWith('已敲除'))",
                             arg=figure.element_handle(), timeout=5_000)
    traf6 = _words(figure)
    note = _status(traf6)
    assert note.startswith("已敲除 TRAF6") and "减弱" in note and "weaker" not in note and "knocked" not in note
    assert traf6["bars"] and all(HAN.search(t) for t in traf6["bars"]), traf6["bars"]

    figure.locator(".updatemenu-button", has_text="English").click()
    v.page.wait_for_function("f => f.querySelector('.gtitle').textContent.startsWith('Knock out a node')",
                             arg=figure.element_handle(), timeout=5_000)
    back = _words(figure)
    assert _status(back).startswith("TRAF6 knocked out") and "weaker" in _status(back)
    assert back["bars"] and not any(HAN.search(t) for t in back["bars"])
    assert back["axis"] == en["axis"] and back["title"] == en["title"]
    assert "after knockout" in back["legend"] and not any(HAN.search(t) for t in back["legend"])
    assert not any(HAN.search(t) for t in back["notes"])
    assert v.errors == []
