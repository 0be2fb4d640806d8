"""The network maps' and the network panel's 中文 switch: every visible word follows it, and the layout
does not depend on the way the language was reached.

"Untranslated" is defined as follows. A visible string (title, notes, stamp, trace names, node and
edge labels, hover text and templates, axis titles, tick labels, the panel's summary) is stripped of
its HTML tags and plotly's ``%{...}`` placeholders and cut into Latin-letter tokens (letters and digits
together, so ``p38``, ``CD120a`` and ``gp130`` are one token each). A token is a *name* and allowed
when it is not an ordinary English word: it carries a capital or a digit (gene and protein symbols
such as IL, RANKL, TNFR, cell types such as Th17, authors such as Greenblatt) or it is a lowercase
part of a molecule's name listed in ``NAME_PARTS``. It is *untranslated* when it is lowercase and not
a name part, or when, whatever its capitals, its lowercase form is a word that the English version
of the same texts uses in lowercase, leaving out the molecules' own ids and labels (so "Review",
"Intact" or "SIMULATED" are caught, "Fms" of c-Fms is not).
The language buttons' own labels ("English", "中文") are the switch itself and are not checked.
"""

from __future__ import annotations

import copy
import functools
import html
import re

import pytest

from widgets import data
from widgets import network as net
from widgets.data import DataError
from widgets.pictures import network as pic

from .tiers import some

#: Lowercase parts of molecule names that stay as they are in Chinese (pro-IL-1β, caspase-1, c-Fms).
NAME_PARTS = {"pro", "caspase", "c"}

HAN = re.compile(r"[\u4e00-\u9fff]")
_TOKEN = re.compile(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*")


@pytest.fixture(scope="module")
def G():
    return net.build_graph()


def _plain(text) -> str:
    text = re.sub(r"%\{[^}]*\}", " ", str(text))
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def _visible(fig) -> list[str]:
    """Every string a reader can see on ``fig`` (including on hover), in its current state."""
    out = []
    layout = fig.layout
    out.append(layout.title.text)
    out.extend(a.text for a in layout.annotations or ())
    for name in dir(layout):
        if re.fullmatch(r"[xy]axis\d*", name):
            axis = getattr(layout, name)
            if axis.title is not None:
                out.append(axis.title.text)
    for t in fig.data:
        out.append(t.name if t.showlegend is not False or t.type == "bar" else None)
        for key in ("text", "hovertext", "hovertemplate"):
            value = getattr(t, key, None)
            out.extend([value] if isinstance(value, str) else list(value or ()))
        if t.type == "bar":
            out.extend(v for v in t.y if isinstance(v, str))
    return [_plain(s) for s in out if s]


def _tokens(strings) -> list[str]:
    return [tok for s in strings for tok in _TOKEN.findall(s)]


@functools.cache
def _molecule_names() -> set[str]:
    """Lowercase tokens of the molecules' ids and English labels (c-fms, gp130): names, not words."""
    G = net.build_graph()
    return {tok.lower() for n, d in G.nodes(data=True) if d["kind"] not in ("cell process", "outcome")
            for tok in _TOKEN.findall(f"{n} {d['label']}")}


def _english_words(strings) -> set[str]:
    names = _molecule_names() | NAME_PARTS
    return {tok for tok in _tokens(strings) if tok.isalpha() and tok.islower() and tok not in names and len(tok) > 1}


def _untranslated(zh_strings, en_strings) -> list[str]:
    english = _english_words(en_strings)
    bad = []
    for tok in _tokens(zh_strings):
        name = tok in NAME_PARTS or not tok.isalpha() or not tok.islower()
        if not name or tok.lower() in english:
            bad.append(tok)
    return sorted(set(bad))


def _press(fig, label: str):
    """A copy of ``fig`` after pressing its language button ``label``, as plotly.js applies it."""
    fig = copy.deepcopy(fig)
    menu = next(m for m in fig.layout.updatemenus if any(b.label == "中文" for b in m.buttons))
    index = [b.label for b in menu.buttons].index(label)
    button = menu.buttons[index]
    restyle, indices = button.args[0], button.args[-1]
    for key, values in restyle.items():
        for i, value in zip(indices, values):
            fig.data[i][key] = value
    if button.method == "update":
        for key, value in button.args[1].items():
            fig.layout[key] = value
    menu.active = index
    return fig


# ------------------------------------------------------------------------------------ the rule
def test_the_rule_catches_english(G):
    en = pic.cytokine_map("IL-6", G=G)
    found = _untranslated(_visible(en), _visible(en))
    for word in ("signalling", "net", "activates", "receptor"):
        assert word in found, (word, found)
    assert _untranslated(["综述 §2.3", "IL-6 的信号通路图"], ["review"]) == []
    assert _untranslated(["Review §2.3"], ["the review says"]) == ["Review"]


# ------------------------------------------------------------------------------ static figures
@pytest.mark.parametrize("cytokine", some(net.CYTOKINES))
@pytest.mark.parametrize("removed", [(), ("RANKL",)])
def test_cytokine_map_switch_translates_every_label(G, cytokine, removed):
    en = pic.cytokine_map(cytokine, removed=removed, G=G)
    zh = _press(en, "中文")
    assert _untranslated(_visible(zh), _visible(en)) == []
    assert "的信号通路图" in zh.layout.title.text
    assert zh.layout.annotations[0].text.startswith("净效应")
    assert "模拟" in zh.layout.annotations[1].text and zh.layout.annotations[1].name == "simulated-stamp"
    edges = [t for t in zh.data if t.hovertext and any("<b>" in h and "→" in h for h in t.hovertext)]
    edge_hover = " ".join(h for t in edges for h in t.hovertext)
    assert edges and HAN.search(edge_hover) and "综述 §" in edge_hover  # the review's section, in Chinese


@pytest.mark.parametrize("cytokine", some(net.CYTOKINES))
def test_cytokine_map_switch_is_history_free(G, cytokine):
    en = pic.cytokine_map(cytokine, G=G)
    zh = pic.cytokine_map(cytokine, lang="zh", G=G)
    assert _press(en, "中文").to_plotly_json() == zh.to_plotly_json()
    assert _press(_press(en, "中文"), "English").to_plotly_json() == en.to_plotly_json()
    assert _press(_press(zh, "中文"), "中文").to_plotly_json() == zh.to_plotly_json()


def test_network_map_switch_translates_every_label(G):
    en = pic.network_map(G)
    zh = _press(en, "中文")
    assert _untranslated(_visible(zh), _visible(en)) == []
    assert zh.layout.title.text.startswith("细胞因子信号网络")
    assert _press(zh, "English").to_plotly_json() == en.to_plotly_json()
    assert zh.to_plotly_json() == pic.network_map(G, lang="zh").to_plotly_json()


def test_edge_hover_uses_the_chinese_mechanism(G):
    zh = pic.network_map(G, lang="zh")
    hover = " ".join(zh.data[4].hovertext)
    assert G.edges["OPG", "RANKL"]["mechanism_zh"] in hover
    assert G.edges["OPG", "RANKL"]["mechanism"] not in hover
    assert "综述 §2.3" in hover and "Review" not in hover


# --------------------------------------------------------------------------------------- panel
def _figure_state(fig) -> dict:
    """The figure's data and layout, without the random ids a FigureWidget gives its traces."""
    state = fig.to_dict()
    for trace in state["data"]:
        trace.pop("uid", None)
    return state


def _control_words(panel) -> list[str]:
    """The controls' visible names, their options and the clear button's tooltip (the language buttons are
    the switch)."""
    c = panel.controls
    options = [label for k in ("cytokine", "knockout") for label, _ in c[k].options]
    return [c[k].description for k in ("cytokine", "knockout", "lang", "clear")] + [c["clear"].tooltip] + options


def _state(panel) -> dict:
    return {"map": _figure_state(panel.figures["map"]), "effects": _figure_state(panel.figures["effects"]),
            "summary": panel.widget.children[0].children[1].value, "controls": _control_words(panel)}


def _panel_strings(panel) -> list[str]:
    return (_visible(panel.figures["map"]) + _visible(panel.figures["effects"])
            + [_plain(panel.widget.children[0].children[1].value)] + _control_words(panel))


@pytest.mark.parametrize("removed", [(), ("RANKL", "OPG")])
def test_panel_in_chinese_translates_every_label(removed):
    from widgets.panels.network import network_panel

    en = network_panel(removed=removed)
    zh = network_panel(removed=removed)
    zh.controls["lang"].value = "zh"
    assert _untranslated(_panel_strings(zh), _panel_strings(en)) == []
    assert all(HAN.search(word) for word in _control_words(zh)[:5]), _control_words(zh)
    assert zh.controls["knockout"].value == tuple(removed)
    bars = zh.figures["effects"]
    assert bars.layout.title.text == pic.words("zh")["bars_title"]
    assert {t.name for t in bars.data} == {"完整网络", "敲除后"}
    if removed:
        assert any(v in ("减弱", "增强", "反转", "消失") for v in bars.data[1].text)


def test_panel_layout_does_not_depend_on_the_toggle_history():
    from widgets.panels.network import network_panel

    fresh_en = _state(network_panel())
    toggled = network_panel()
    toggled.controls["lang"].value = "zh"
    toggled.controls["lang"].value = "en"
    assert _state(toggled) == fresh_en

    fresh_zh = _state(network_panel(lang="zh"))
    assert _state(fresh_zh_panel := network_panel(lang="zh")) == fresh_zh
    once = network_panel()
    once.controls["lang"].value = "zh"
    assert _state(once) == fresh_zh
    once.controls["lang"].value = "en"
    once.controls["lang"].value = "zh"
    assert _state(once) == fresh_zh
    assert fresh_zh_panel.figures["map"].layout.margin.t == once.figures["map"].layout.margin.t


def test_panel_toggle_history_with_knockouts_and_another_cytokine():
    from widgets.panels.network import network_panel

    panel = network_panel()
    panel.controls["lang"].value = "zh"
    panel.controls["knockout"].value = ("RANKL",)
    panel.controls["cytokine"].value = "TNF-α"
    panel.controls["lang"].value = "en"
    assert _state(panel) == _state(network_panel(cytokine="TNF-α", removed=("RANKL",)))
    panel.controls["lang"].value = "zh"
    assert _state(panel) == _state(network_panel(cytokine="TNF-α", removed=("RANKL",), lang="zh"))


# ---------------------------------------------------------------------------------------- data
@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(data.data_dir(), tmp_path / "data")
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    data.clear_cache()
    yield tmp_path / "data"
    monkeypatch.delenv("COURSE_DATA_DIR")
    data.clear_cache()


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("file, old, new, words", [
    ("network_edges.csv", "RANKL 的可溶性诱饵受体", "", ["network_edges.csv", "row 119", "mechanism_zh"]),
    ("network_edges.csv", "RANKL 的可溶性诱饵受体", "soluble decoy", ["network_edges.csv", "row 119", "mechanism_zh",
                                                                 "Chinese characters"]),
    ("network_nodes.csv", "ST2 的可溶性剪接形式，在细胞外结合 IL-33（综述 §2.4）。", "",
     ["network_nodes.csv", "note_zh", "row"]),
    ("network_text.csv", "bars_title,Every cytokine's net effect on bone loss,各细胞因子对骨丢失的净效应\n", "",
     ["network_text.csv", "key", "bars_title"]),
    ("network_text.csv", "各细胞因子对骨丢失的净效应", "", ["network_text.csv", "zh", "row"]),
])
def test_missing_translation_names_file_row_and_field(data_copy, file, old, new, words):
    _edit(data_copy / file, old, new)
    with pytest.raises(DataError) as err:
        data.validate_all(data_copy)
    message = str(err.value)
    for word in words:
        assert word in message, (word, message)


# ------------------------------------------------------------------------------ knockout explorer
def _press_menu(fig, menu_index: int, label: str):
    """A copy of ``fig`` after pressing the button ``label`` of menu ``menu_index``, as plotly.js applies it."""
    fig = copy.deepcopy(fig)
    menu = fig.layout.updatemenus[menu_index]
    index = [b.label for b in menu.buttons].index(label)
    restyle, relayout, indices = menu.buttons[index].args
    for key, values in restyle.items():
        for i, value in zip(indices, values):
            fig.data[i][key] = value
    for key, value in relayout.items():
        fig.layout[key] = value
    fig.layout.updatemenus[menu_index].active = index
    return fig


def _explorer_visible(fig) -> list[str]:
    """What a reader sees on the explorer: :func:`_visible` without the hidden note, plus the bars' texts
    as their ``texttemplate`` picks them from ``customdata``, and the knockout menu's button labels."""
    shown = copy.deepcopy(fig)
    shown.layout.annotations = [a for a in shown.layout.annotations if a.visible is not False]
    out = _visible(shown)
    for t in fig.data:
        if t.type == "bar" and t.texttemplate:
            column = int(re.fullmatch(r"%\{customdata\[(\d)\]\}", t.texttemplate).group(1))
            out.extend(row[column] for row in t.customdata or () if row[column])
    out.extend(b.label for b in fig.layout.updatemenus[0].buttons)
    return out


@pytest.mark.parametrize("knockout", ["none", "TRAF6", "OPG"])
def test_knockout_explorer_switch_translates_every_word(G, knockout):
    en = _press_menu(pic.knockout_explorer(G=G), 0, knockout)
    zh = _press(en, "中文")
    assert _untranslated(_explorer_visible(zh), _explorer_visible(en)) == []
    assert zh.layout.title.text.startswith("敲除一个节点") and HAN.search(zh.layout.xaxis.title.text)
    notes = [a.text for a in zh.layout.annotations if a.name == "top-note" and a.visible is not False]
    assert len(notes) == 1 and HAN.search(notes[0]) and notes[0] != en.layout.annotations[0].text
    assert {t.name for t in zh.data if t.type == "bar"} == {"敲除前（完整网络）", "敲除后"}
    assert HAN.search(" ".join(a.text for a in zh.layout.annotations if a.name == "simulated-stamp"))
    if knockout == "TRAF6":
        assert "已敲除 <b>TRAF6</b>" in notes[0] and "减弱" in " ".join(_explorer_visible(zh))


def test_knockout_explorer_state_does_not_depend_on_the_order_of_clicks(G):
    fresh = pic.knockout_explorer(G=G)
    lang_first = _press_menu(_press(fresh, "中文"), 0, "TRAF6")
    knockout_first = _press(_press_menu(fresh, 0, "TRAF6"), "中文")
    assert lang_first.to_plotly_json() == knockout_first.to_plotly_json()
    # in Chinese the intact network's button is 无; it leads back to the intact state
    back = _press_menu(lang_first, 0, "无")
    assert back.to_plotly_json() == _press(fresh, "中文").to_plotly_json()
    assert _press(back, "English").to_plotly_json() == fresh.to_plotly_json()
    assert _press(_press(knockout_first, "English"), "中文").to_plotly_json() == knockout_first.to_plotly_json()
