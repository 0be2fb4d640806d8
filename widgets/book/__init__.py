"""Sphinx extension of the course book (``extra_extensions: [widgets.book]`` in ``_config.yml``).

What it does, in build order:

1. **Data first.** Points ``COURSE_DATA_DIR`` at the book's own ``data/`` (notebook kernels inherit
   it) and validates every data file; a bad file stops the build with the loader's message
   (file, row, field, allowed values).
2. **No stale figure.** Hashes the course code (``widgets/``) and ``data/``. When the hash differs
   from the last build's, the execution cache (jupyter-cache, shared by every edition in
   ``_build/.jupyter_cache``) is cleared and every page is re-read, because jupyter-cache keys
   only on a notebook's own code cells.
3. **Self-contained pages.** sphinx-thebe's scripts are dropped (live code runs in Binder or Colab).
   MathJax 3 comes from its Python package (the ``sphinx-mathjax-offline`` extension, into
   ``_static/mathjax/``) and plotly.js, a bundle of only the trace types the figures draw, is built
   from npm (:mod:`widgets.book.assets`, into ``_static/vendor/``); both are served from the site.
   ``course-plotly.js`` and the prefetch link naming plotly.js are added, in one handler, only to
   pages that hold a figure or a simulator; it loads plotly.js when the first figure nears the screen
   (:mod:`widgets.book.page_quality`). MathJax only goes to pages with math (Sphinx's default).
4. **Editions.** ``COURSE_EDITION`` selects ``web`` (default: solutions folded), ``student``
   (solutions left out of the pages and of the downloadable sources in ``_sources/``, see
   :mod:`widgets.book.solutions`) or ``instructor`` (solutions and per-chapter teaching notes shown).
5. **Dropped chapters.** A ``{ref}`` to the ``chapter-<id>`` label of a registered chapter that is not
   in the book (an instructor removed it from ``_toc.yml``) shows its text without a link; other broken
   references still fail the build (:mod:`widgets.book.chapters`).
6. Registers the ``course-glossary``, ``teaching-notes`` and ``corrections-to-the-sources`` directives and the course stylesheet
   (screen and print); the browser simulators' data and modules are served by
   :mod:`widgets.book.simulators`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ConfigError, SphinxError
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from .page_quality import announce_plotly
from .plotly_html import MARKER_CLASS
from .simulators import MOUNT_ATTRIBUTE

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
HASH_FILE = ".course-source-hash"


def _plotly_js() -> Path:
    from .assets import plotly_js

    return plotly_js()


def source_hash(*folders: Path) -> str:
    """A digest of every file (path and content) below ``folders``, caches excluded."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


EDITIONS = ("web", "student", "instructor")


def edition() -> str:
    """Which edition this build is: ``$COURSE_EDITION``, one of EDITIONS (default ``web``)."""
    name = os.environ.get("COURSE_EDITION", "web").strip() or "web"
    if name not in EDITIONS:
        raise ConfigError(f"COURSE_EDITION={name!r} is not an edition; allowed: {', '.join(EDITIONS)}")
    return name


def _config_inited(app: Sphinx, config) -> None:
    from .. import data as course_data

    srcdir = Path(app.srcdir)
    data_dir = srcdir / "data"
    if data_dir.is_dir() and "COURSE_DATA_DIR" not in os.environ:
        os.environ["COURSE_DATA_DIR"] = str(data_dir)
    try:
        checked = course_data.validate_all()
    except course_data.DataError as err:
        raise ConfigError(f"invalid course data: {err}") from None
    logger.info(f"[course] {len(checked)} data files valid")

    # One execution cache for every edition and output folder, beside the book.
    cache = srcdir / "_build" / ".jupyter_cache"
    config.nb_execution_cache_path = str(cache)
    digest = source_hash(Path(__file__).resolve().parents[1], course_data.data_dir())
    config.course_source_hash = digest  # an 'env' config value: a change re-reads every page
    stamp = cache.parent / f"{cache.name}.source-hash"
    previous = stamp.read_text().strip() if stamp.is_file() else None
    if previous != digest:
        if cache.exists():
            logger.info("[course] course code or data changed: clearing the execution cache")
            shutil.rmtree(cache)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest)

    config.course_edition = edition()
    config.html_static_path = list(config.html_static_path) + [str(STATIC)]


class RemoveSolutions(SphinxTransform):
    """Student edition: leave every exercise solution out of the pages (code cells included).

    Runs just after sphinx-exercise has merged ``solution-start``/``solution-end`` pairs into one
    solution node (its own ``hide_solutions`` leaves the gated content behind).
    """

    default_priority = 11

    def apply(self):
        if self.config.course_edition != "student":
            return
        from sphinx_exercise.nodes import solution_node

        for node in list(self.document.findall(solution_node)):
            node.parent.remove(node)


def _is_thebe(script) -> bool:
    text = str(script) + str(getattr(script, "attributes", {}).get("body", ""))
    return "thebe" in text.lower()


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    # Live code runs in Binder or Colab (launch buttons), not in the page: drop sphinx-thebe's scripts,
    # which would otherwise declare THEBE_JS_URL twice and point at a CDN.
    if "script_files" in context:
        context["script_files"][:] = [s for s in context["script_files"] if not _is_thebe(s)]
    if app.env.get_domain("math").has_equations(pagename):
        # MathJax typesets the formulas in small batches (a plain script: it must run before MathJax's
        # deferred one, after Sphinx's inline MathJax configuration)
        app.add_js_file("course-mathjax.js", priority=501)
    body = context.get("body", "")
    if MARKER_CLASS in body or MOUNT_ATTRIBUTE in body:
        # plotly.js is no <script> of the page: course-plotly.js fetches it when a figure nears the screen,
        # from the prefetch link that names it
        announce_plotly(context)
        app.add_js_file("course-plotly.js", priority=601, defer="defer")


def _strip_downloads(app: Sphinx, exception) -> None:
    """Student edition: the sources behind the Download (.ipynb) buttons lose their solutions too."""
    if exception is not None or app.config.course_edition != "student" or app.builder.format != "html":
        return
    from .solutions import SolutionError, strip_sources

    sources = Path(app.outdir) / "_sources"
    if not sources.is_dir():
        return
    try:
        removed = strip_sources(sources)
    except SolutionError as err:
        raise SphinxError(f"student edition: {err}") from None
    logger.info(f"[course] student edition: {sum(removed.values())} solutions left out of "
                f"{len(removed)} downloadable sources")


def setup(app: Sphinx) -> dict:
    app.add_config_value("course_source_hash", "", "env")
    app.add_config_value("course_edition", "web", "env")
    app.connect("config-inited", _config_inited, priority=100)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _strip_downloads)
    app.add_transform(RemoveSolutions)
    app.add_css_file("course.css")
    app.add_js_file("course-toc.mjs", type="module")
    app.add_js_file("course-scroll-boxes.mjs", type="module")
    # MathJax 3 from its Python package, served from _static/mathjax/ (sets mathjax_path)
    app.setup_extension("sphinx-mathjax-offline")
    app.setup_extension("widgets.book.glossary")
    app.setup_extension("widgets.book.teaching_notes")
    app.setup_extension("widgets.book.corrections")
    app.setup_extension("widgets.book.chapters")
    app.setup_extension("widgets.book.page_quality")
    app.setup_extension("widgets.book.assets")
    app.setup_extension("widgets.book.simulators")
    app.setup_extension("widgets.book.search")
    app.setup_extension("widgets.book.cjk_font")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
