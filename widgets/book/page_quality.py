"""Page quality of the course site: descriptions for search engines, accessibility fixes, lazy plotly.js.

Registered by :mod:`widgets.book` (``app.setup_extension("widgets.book.page_quality")``). At each page:

1. **Meta description.** A page whose front matter sets none (``myst: html_meta: description:``)
   gets ``<meta name="description">`` made from its first paragraph of prose (at most
   :data:`MAX_DESCRIPTION` characters, cut at a word; never from notes, such as the instructor
   edition's teaching notes, so editions share it); pages without prose (index, search) get one
   naming the page and the course.
2. **Accessibility fixes of the theme's and Sphinx's markup** (found by axe-core, see
   ``tests/site/test_accessibility.py``):
   - the sidebar's course title sits in a ``<nav>`` landmark (axe ``region``), by an override of
     the theme's ``navbar-logo.html`` (``widgets/book/templates/``);
   - the search button's accessible name contains its visible text "Search Ctrl+K"
     (``label-content-name-mismatch``), by an override of ``search-button-field.html``;
   - bibliography entries (``role="doc-biblioentry"``, deprecated) become list items of their
     ``role="list"`` (``aria-required-children``, ``aria-deprecated-role``);
   - the theme's colour-mode button has no icon titles that contradict its name "Color mode"
     (``label-content-name-mismatch``), by an override of ``theme-switcher.html``;
   - a table whose top-left header cell is blank (a MyST table with row labels, a pandas table with
     an unnamed index) gets row headers, so every data cell has a header (``td-has-header``,
     ``empty-table-header``).
3. **No ipywidgets state.** MyST-NB embeds the widget state an executed notebook saved; the static
   site never reads it (live panels show a notice there; no widget manager: ``nb_ipywidgets_js: {}``),
   and a ``FigureWidget`` alone puts all of plotly.js into it (~5 MB per page), so it is left out.
4. **plotly.js loaded when needed.** plotly.js (the site's partial bundle, 1.2 MB, 0.4 MB compressed,
   :mod:`widgets.book.assets`) takes a noticeable part of a second of main-thread time to start. Instead of a deferred ``<script>`` that runs on every load,
   ``course-plotly.js`` (on every page with a figure) fetches it when the first figure nears the
   viewport or the page is printed; a ``<link rel="prefetch" data-course-plotly>`` in the page's
   head (:func:`announce_plotly`, added with course-plotly.js by :mod:`widgets.book`) names it (the page's one reference to ``_static/vendor/plotly.min.js``) and lets the browser
   download it at idle time meanwhile.
5. **No test markers in the page.** A code cell's first line ``# NBVAL_CHECK_OUTPUT`` tells the tests to
   compare the cell's output (``tools/notebooks.py``); it means nothing to a reader, so the page
   shows the cell without it (the notebook and its download keep it).
"""

from __future__ import annotations

import functools
import html
import re
import zlib
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

TEMPLATES = Path(__file__).parent / "templates"
MAX_DESCRIPTION = 160
PLOTLY_JS = "vendor/plotly.min.js"

# Paragraphs inside these are not the page's prose (cell outputs, notes, tables, references ...).
_SKIP_ANCESTORS = (nodes.Admonition, nodes.table, nodes.footnote, nodes.citation, nodes.sidebar, nodes.topic,
                   nodes.field_list, nodes.caption, nodes.legend, nodes.system_message, nodes.line_block,
                   nodes.block_quote, nodes.list_item, nodes.definition_list)
_CELL_CLASSES = {"cell", "cell_output", "cell_input"}
# Never a page's description, whatever node carries them: the instructor edition's teaching notes.
_SKIP_CLASSES = {"teaching-notes"}
_SKIP_INLINE = (nodes.math, nodes.footnote_reference, nodes.citation_reference, nodes.raw, nodes.problematic,
                nodes.system_message, nodes.comment, nodes.substitution_reference)


def _prose(paragraph: nodes.paragraph) -> str:
    parts = []
    for text in paragraph.findall(nodes.Text):
        parent, skip = text.parent, False
        while parent is not None and parent is not paragraph:
            if isinstance(parent, _SKIP_INLINE):
                skip = True
                break
            parent = parent.parent
        if not skip:
            parts.append(text.astext())
    words = " ".join("".join(parts).split())
    return re.sub(r"\s+([,.;:!?)])", r"\1", words).replace("( ", "(").strip()


def _in_skipped(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _SKIP_ANCESTORS):
            return True
        if isinstance(parent, nodes.Element) and _SKIP_CLASSES & set(parent.get("classes", [])):
            return True
        if isinstance(parent, nodes.container) and _CELL_CLASSES & set(parent.get("classes", [])):
            return True
        parent = parent.parent
    return False


def shorten(text: str, limit: int = MAX_DESCRIPTION) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters (an ellipsis marks a cut)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—-– ")
    return cut + "…"


def _is_labelled(paragraph: nodes.paragraph) -> bool:
    """A paragraph that opens with a bold label ending in a colon ("**Prerequisites:** ...")."""
    first = next((c for c in paragraph.children if c.astext().strip()), None)
    return isinstance(first, nodes.strong) and first.astext().strip().endswith(":")


def first_paragraph(doctree: nodes.document, minimum: int = 40) -> str:
    """The first paragraph of prose in ``doctree`` with at least ``minimum`` characters ('' if none).

    Paragraphs in notes, cell outputs, tables, lists and labelled paragraphs ("**Prerequisites:**")
    are passed over.
    """
    fallback = ""
    for paragraph in doctree.findall(nodes.paragraph):
        if _in_skipped(paragraph) or _is_labelled(paragraph):
            continue
        text = _prose(paragraph)
        if len(text) >= minimum:
            return text
        fallback = fallback or text
    return fallback


def description_for(doctree, title: str, project: str) -> str:
    """The meta description of a page: its first paragraph, else its title and the course's name."""
    text = first_paragraph(doctree) if doctree is not None else ""
    if not text:
        title = re.sub(r"<[^>]+>", "", html.unescape(title or "")).strip()
        text = f"{title}: {project}." if title and title != project else f"{project}."
    return shorten(text)


_DESCRIPTION = re.compile(r"<meta\b[^>]*\bname=[\"']description[\"']", re.I)


def _add_description(app: Sphinx, pagename: str, context: dict, doctree) -> None:
    metatags = context.get("metatags", "") or ""
    if _DESCRIPTION.search(metatags):
        return
    course = app.config.html_title or context.get("docstitle") or app.config.project
    title = context.get("title") or {"genindex": "Index", "search": "Search"}.get(pagename, "")
    text = description_for(doctree, title, course)
    context["metatags"] = metatags + f'\n<meta name="description" content="{html.escape(text, quote=True)}" />'


_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_BLANK = r"(?:\s|&nbsp;|&#160;|<p>\s*</p>)*"
_THEAD = re.compile(r"<thead>.*?</thead>", re.S)
_BLANK_CORNER = re.compile(r"<thead>\s*<tr\b[^>]*>\s*<th(?:\s[^>]*)?>" + _BLANK + r"</th>")
_BLANK_TH = re.compile(r"<th(\s[^>]*)?>" + _BLANK + r"</th>")
_TBODY = re.compile(r"<tbody>.*?</tbody>", re.S)
_ROW_START_TD = re.compile(r"(<tr\b[^>]*>\s*)<td(\s[^>]*)?>(.*?)</td>", re.S)


def _fix_table(table: str) -> str:
    """Blank header cells of ``table`` become plain cells (axe ``empty-table-header``: the corner of a
    table with row labels, the cells beside a pandas index name); when the corner is blank, the first
    column holds row labels, so each row's first cell becomes a row header and every data cell has a
    header (``td-has-header``)."""
    head = _THEAD.search(table)
    if not head:
        return table
    corner = bool(_BLANK_CORNER.match(head.group(0)))
    new_head = _BLANK_TH.sub(lambda m: f"<td{m.group(1) or ''}></td>", head.group(0))
    table = table[: head.start()] + new_head + table[head.end():]
    body = _TBODY.search(table)
    if corner and body:
        new_body = _ROW_START_TD.sub(lambda m: f'{m.group(1)}<th scope="row"{m.group(2) or ""}>{m.group(3)}</th>',
                                     body.group(0))
        table = table[: body.start()] + new_body + table[body.end():]
    return table


def accessible_body(body: str) -> str:
    """Sphinx, MyST and pandas markup in ``body`` fixed for screen readers (see the module docstring)."""
    body = body.replace('role="doc-biblioentry"', 'role="listitem"')
    if "<table" in body:
        body = _TABLE.sub(lambda m: _fix_table(m.group(0)), body)
    return body


@functools.lru_cache(maxsize=1)
def _plotly_checksum() -> str:
    """A digest of the plotly.js the site ships: a new version gets a new URL past long-lived caches."""
    from . import _plotly_js

    return f"{zlib.crc32(_plotly_js().read_bytes()):08x}"


def announce_plotly(context: dict) -> None:
    """Name plotly.js in the page's head with a prefetch link, which course-plotly.js reads
    (``link[data-course-plotly]``) when it needs plotly.js; meanwhile the browser may fetch it at idle time.

    Called by :mod:`widgets.book` for each page with a figure or a simulator (plotly.js is never a
    ``<script>`` of the page)."""
    url = context["pathto"](f"_static/{PLOTLY_JS}", 1) + f"?v={_plotly_checksum()}"
    url = html.escape(url, quote=True)
    context["metatags"] = (context.get("metatags", "") or "") + \
        f'\n<link rel="prefetch" href="{url}" as="script" data-course-plotly="" />'


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _drop_widget_state(app: Sphinx, context: dict) -> None:
    """Leave out the ipywidgets state MyST-NB embeds from an executed notebook.

    The static site shows each live panel's notice, not the widget (no widget manager is loaded:
    ``nb_ipywidgets_js: {}``), so the state is never read; a plotly ``FigureWidget`` alone puts all
    of plotly.js (~5 MB) into it. A book that loads a widget manager keeps it.
    """
    scripts = context.get("script_files")
    if scripts and not getattr(app.config, "nb_ipywidgets_js", None):
        scripts[:] = [s for s in scripts if getattr(s, "attributes", {}).get("type") != WIDGET_STATE]


def hide_check_marks(doctree: nodes.Node) -> int:
    """Drop the ``# NBVAL_CHECK_OUTPUT`` first line of every notebook code cell in ``doctree``; return how many."""
    from .. import CHECK_MARK

    hidden = 0
    for block in list(doctree.findall(nodes.literal_block)):
        parent = block.parent
        if not (isinstance(parent, nodes.container) and "cell_input" in parent.get("classes", [])):
            continue
        first, _, rest = block.astext().partition("\n")
        if first.strip() == CHECK_MARK:
            block[:] = [nodes.Text(rest)]
            block.rawsource = rest
            hidden += 1
    return hidden


def _doctree_read(app: Sphinx, doctree) -> None:
    hide_check_marks(doctree)


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    _add_description(app, pagename, context, doctree)
    _drop_widget_state(app, context)
    if context.get("body"):
        context["body"] = accessible_body(context["body"])


def _config_inited(app: Sphinx, config) -> None:
    config.templates_path = [str(TEMPLATES)] + [p for p in config.templates_path if p != str(TEMPLATES)]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _config_inited)
    app.connect("doctree-read", _doctree_read)
    app.connect("html-page-context", _page_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
