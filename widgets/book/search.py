"""The site's search index for a book written in English with Chinese passages.

Registered by :mod:`widgets.book` (``app.setup_extension("widgets.book.search")``) and selected in
``_config.yml`` with ``html_search_language: zh`` (the pages' language stays ``en``).

Sphinx's default (English) index splits text at anything that is not a letter or a number, so a run of
Chinese characters, which has no spaces, becomes one "word" as long as the clause: 破骨细胞 (osteoclast)
is found only where it stands alone between punctuation. Sphinx's own Chinese index (``sphinx.search.zh``)
cuts such runs with jieba but stems English words with another stemmer than the one the search page runs,
and its search page does not cut the reader's query. :class:`CourseSearch` replaces it:

- **English** words are split, stemmed (Porter) and filtered exactly as Sphinx's English index does, so
  English search is unchanged;
- **Chinese** runs are cut by jieba (each word, and every dictionary word inside it), with
  every Chinese term of the course glossary (``data/glossary.csv``, column ``term_zh``) added to jieba's
  dictionary, plus a user dictionary named by ``html_search_options = {"dict": path}`` (jieba's format, one
  word per line), as Sphinx's Chinese index allows;
- the search page cuts a Chinese query into the words the index holds (``search_splitter.js``, written into
  ``language_data.js``).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.search.en import SearchEnglish

SPLITTER_JS = Path(__file__).with_name("search_splitter.js")
_HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")


def glossary_words() -> list[str]:
    """The Chinese words of the glossary's ``term_zh`` column (runs of Chinese characters, two or more)."""
    from ..glossary import load_glossary

    words: list[str] = []
    for record in load_glossary():
        for word in _HAN.findall(record["term_zh"] or ""):
            if len(word) >= 2 and word not in words:
                words.append(word)
    return words


class CourseSearch(SearchEnglish):
    """English search with Chinese runs cut into words by jieba (see the module docstring)."""

    lang = "zh"
    language_name = "English and Chinese"
    js_splitter_code = SPLITTER_JS.read_text(encoding="utf-8")

    def init(self, options: dict[str, str]) -> None:
        super().init(options)
        try:
            import jieba
        except ImportError:
            raise ConfigError("the Chinese search index needs jieba: pip install jieba "
                              "(pinned in constraints.txt; `make book` installs it)") from None
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        user_dict = options.get("dict")
        if user_dict:
            if not os.path.isfile(user_dict):
                raise ConfigError(f"html_search_options['dict'] = {user_dict!r} is not a file "
                                  "(a jieba user dictionary: one word per line)")
            self._jieba.load_userdict(user_dict)
        for word in glossary_words():
            self._jieba.add_word(word)

    def split(self, input: str) -> list[str]:
        words: list[str] = []
        for token in self._word_re.findall(input):
            for i, part in enumerate(_HAN.split(token)):
                if not part:
                    continue
                if i % 2:
                    words.extend(self._chinese_words(part))
                else:
                    words.append(part)
        return words

    def _chinese_words(self, run: str) -> list[str]:
        """jieba's words of a run of Chinese characters, each followed by the dictionary words inside it
        (jieba's ``cut_for_search`` adds only those of two and three characters: 破骨细胞生成
        "osteoclastogenesis" must be found by 破骨细胞 "osteoclast" too)."""
        words = []
        freq = self._jieba.FREQ
        for word in self._jieba.cut(run):
            n = len(word)
            for size in range(2, n):
                words += [word[i:i + size] for i in range(n - size + 1) if freq.get(word[i:i + size])]
            if word.strip():
                words.append(word)
        return words


def setup(app: Sphinx) -> dict:
    app.add_search_language(CourseSearch)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
