"""The site's search index language (widgets/book/search.py) and Chinese webfont (widgets/book/cjk_font.py),
without a browser; the built site's search page and font are tested in tests/site/."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.errors import ConfigError

from widgets.book.cjk_font import CJK_RANGES, build_font, cjk_code_points, source_files
from widgets.book.search import CourseSearch, glossary_words

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def search():
    return CourseSearch({})


def test_english_is_split_and_stemmed_as_sphinx_english_does(search):
    from sphinx.search.en import SearchEnglish

    english = SearchEnglish({})
    text = "Osteoclasts resorb bone; RANKL binds RANK (Hénaut, TNF-α), remodelling 365 days."
    assert search.split(text) == english.split(text)
    assert [search.stem(w) for w in search.split(text)] == [english.stem(w) for w in english.split(text)]
    assert search.stopwords == english.stopwords


def test_a_chinese_word_inside_a_longer_one_is_indexed_too(search):
    words = search.split("促进破骨细胞生成和骨吸收")
    assert "破骨细胞生成" in words and "破骨细胞" in words and "骨吸收" in words
    assert "".join(w for w in words if len(w) == 1) == "和"  # no stray characters of the cut words


def test_mixed_text_keeps_english_and_chinese_words(search):
    words = search.split("IL-6 可能通过Jak2诱导平滑肌细胞钙化")
    assert {"IL", "6", "Jak2", "平滑肌", "细胞", "钙化"} <= set(words)


def test_glossary_terms_are_in_the_dictionary(search):
    words = glossary_words()
    assert "破骨细胞" in words and all(len(w) >= 2 for w in words)
    assert all(search._jieba.FREQ.get(w) for w in words)


def test_a_missing_user_dictionary_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="html_search_options.*not a file"):
        CourseSearch({"dict": str(tmp_path / "none.txt")})


def test_a_user_dictionary_adds_words(tmp_path):
    user = tmp_path / "words.txt"
    user.write_text("钙盐含量 10\n", encoding="utf-8")
    assert "钙盐含量" in CourseSearch({"dict": str(user)}).split("检测钙盐含量")


def test_cjk_code_points_reads_text_and_json_escapes():
    assert cjk_code_points(["a破b", r'{"t": "\u534a\u00a7"}', "（，）"]) == {0x7834, 0x534A, 0xFF08, 0xFF0C, 0xFF09}
    assert cjk_code_points(["plain English, § ·"]) == set()
    assert all(a < b for a, b in CJK_RANGES)


def test_the_font_holds_exactly_the_characters_asked_for(tmp_path):
    from fontTools.ttLib import TTFont

    wanted = {ord(c) for c in "破骨细胞骨质疏松症，"}
    target = tmp_path / "cjk.woff2"
    covered = build_font(source_files(ROOT), wanted, target)
    assert covered == wanted
    font = TTFont(str(target))
    assert set(font.getBestCmap()) == wanted
    assert font["name"].getDebugName(1) == "Course CJK" and "fvar" not in font
    assert font["OS/2"].usWeightClass == 400
    assert font.flavor == "woff2" and target.stat().st_size < 20_000


def test_a_missing_font_package_names_npm_ci(tmp_path):
    with pytest.raises(ConfigError, match="npm ci"):
        source_files(tmp_path)


def test_the_check_marker_leaves_the_cell_not_its_code():
    from docutils import nodes

    from widgets.book.page_quality import hide_check_marks

    def cell(code: str) -> nodes.container:
        box = nodes.container(classes=["cell_input"])
        box += nodes.literal_block(code, code)
        return box

    doc = nodes.section()
    doc += cell("# NBVAL_CHECK_OUTPUT\nprint(1)")
    doc += cell("print(2)  # NBVAL_CHECK_OUTPUT stays when it is not the first line")
    doc += nodes.literal_block("# NBVAL_CHECK_OUTPUT\nx", "# NBVAL_CHECK_OUTPUT\nx")  # not a notebook cell
    assert hide_check_marks(doc) == 1
    blocks = [b.astext() for b in doc.findall(nodes.literal_block)]
    assert blocks == ["print(1)", "print(2)  # NBVAL_CHECK_OUTPUT stays when it is not the first line",
                      "# NBVAL_CHECK_OUTPUT\nx"]
