"""The browser simulators on the course site: the model data, the ES modules and their stylesheet.

Registered by :mod:`widgets.book` (``app.setup_extension("widgets.book.simulators")``).

1. **At the start of an HTML build** the model JSON is exported from ``data/``
   (:func:`widgets.browser.export.write_models`) into ``_static/browser/`` of the output, and the
   modules ``widgets/browser/*.mjs`` (but the Node-only ``cli.mjs`` and ``node-model.mjs``) and
   ``widgets/browser/simulator.css`` are copied beside it. Every module's imports of its neighbours
   (``from "./x.mjs"``) and the data it names (``new URL("x.json", import.meta.url)``) get a content tag
   (``?v=`` and a digest, :func:`tag_modules`) that covers the named file and everything it imports in
   turn, and Sphinx tags the page's ``<script>`` by the entry module's own content: a new build is never
   mixed with an old module from a reader's cache, and an unchanged file keeps its URL (and its cache
   entry) from page to page and build to build. If the export fails (an invalid data file, a model that does not solve) the build stops with its
   message: a page never ships a simulator without its data.
2. **On a page with a simulator mount** (``data-course-simulator``, written by a live panel's static
   HTML, :func:`widgets.panels.remodeling.browser_mount`) the page gets
   ``<script type="module" src="_static/browser/simulator.mjs">`` (``vsmc-lab.mjs`` for the VSMC lab's
   mount, :data:`MODULES`) and the stylesheet, and plotly.js's
   lazy loader (``course-plotly.js``) if the page has no other figure. No other page loads any of it.
   A ``<noscript>`` style collapses the empty boxes that figures keep for plotly, so without
   JavaScript the page shows the figures' text alternatives and the notices, not blank space.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging


logger = logging.getLogger(__name__)

BROWSER = Path(__file__).resolve().parents[1] / "browser"
TARGET = "browser"  # under _static/
MOUNT_ATTRIBUTE = "data-course-simulator"
MODULE = f"{TARGET}/simulator.mjs"
#: The page entry of each kind of mount (``data-course-simulator="<kind>"``).
MODULES = {"remodeling": MODULE, "vsmc-lab": f"{TARGET}/vsmc-lab.mjs"}
STYLESHEET = f"{TARGET}/simulator.css"
ASSETS = ("*.mjs", "*.css")
NODE_ONLY = {"cli.mjs", "node-model.mjs"}  # the Node entry point and its data loader: never served
NOSCRIPT = ("<noscript><style>figure.course-plotly .course-plotly-graph{min-height:0 !important}"
            "</style></noscript>")


# A neighbour module or data file named in a module: `from "./x.mjs"`, `import("./x.mjs")`, `import "./x.mjs"`,
# `new URL("x.json", import.meta.url)` (the names are plain file names in one folder).
_REFERENCE = re.compile(r"""(?P<head>\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)(?P<q>["'])(?P<dot>\./)?"""
                        r"""(?P<name>[\w.-]+\.(?:mjs|json))(?P<tag>\?v=[0-9a-f]+)?(?P=q)""")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def tag_modules(folder: Path) -> dict[str, str]:
    """Give every reference of a module in ``folder`` to a neighbour file a content tag; return the tags.

    A referenced file's tag is the digest of its content after its own references are tagged, so a
    change anywhere below a module changes the URL of every module above it (an import cycle is an
    error). Comment lines are left alone. Returns ``{file name: tag}`` for every tagged file.
    """
    folder = Path(folder)
    tags: dict[str, str] = {}
    active: list[str] = []

    def tag(name: str) -> str:
        if name in tags:
            return tags[name]
        path = folder / name
        if not path.is_file():
            raise ExtensionError(f"[course] {active[-1] if active else name} refers to {name}, which is not in "
                                 f"{folder}: the page would fail to load it")
        if name in active:
            raise ExtensionError(f"[course] the browser modules import each other in a cycle: "
                                 f"{' -> '.join(active + [name])}")
        if name.endswith(".mjs"):
            active.append(name)
            path.write_text(_tag_text(path.read_text(encoding="utf-8"), tag), encoding="utf-8")
            active.pop()
        tags[name] = _digest(path.read_bytes())
        return tags[name]

    for module in sorted(folder.glob("*.mjs")):
        tag(module.name)
    return tags


def _tag_text(text: str, tag) -> str:
    def one(match: re.Match) -> str:
        name = match["name"]
        return f"{match['head']}{match['q']}{match['dot'] or ''}{name}?v={tag(name)}{match['q']}"

    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("//", "*", "/*")):
            continue
        lines[i] = _REFERENCE.sub(one, line)
    return "".join(lines)


def write_assets(outdir: Path) -> list[Path]:
    """Export every model's JSON and copy the browser modules and stylesheet into ``outdir/_static/browser``."""
    from ..browser.export import write_models

    target = Path(outdir) / "_static" / TARGET
    target.mkdir(parents=True, exist_ok=True)
    try:
        written = list(write_models(target))
    except Exception as err:  # DataError, ValueError, a solver failure: all stop the build
        raise ExtensionError(f"[course] the browser simulators' model data could not be exported: {err}") from err
    for pattern in ASSETS:
        for source in sorted(p for p in BROWSER.glob(pattern) if p.name not in NODE_ONLY):
            shutil.copy2(source, target / source.name)
            written.append(target / source.name)
    if not (target / Path(MODULE).name).is_file():
        raise ExtensionError(f"[course] {BROWSER / Path(MODULE).name} is missing: the simulator cannot be served")
    tag_modules(target)
    return written


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    written = write_assets(Path(app.outdir))
    logger.info(f"[course] browser simulators: {len(written)} files in _static/{TARGET}/")


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "") or ""
    if MOUNT_ATTRIBUTE not in body:
        return
    # plotly.js's loader, course-plotly.js, is added by widgets.book (every page with a figure or a simulator)
    for kind, module in MODULES.items():
        if f'{MOUNT_ATTRIBUTE}="{kind}"' in body:
            app.add_js_file(module, priority=650, type="module")
    app.add_css_file(STYLESHEET, priority=650)
    context["metatags"] = (context.get("metatags", "") or "") + "\n" + NOSCRIPT


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context, priority=550)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
