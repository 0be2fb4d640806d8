"""The site's plotly.js, built from npm at build time with only the trace types the figures draw.

Registered by :mod:`widgets.book` (``app.setup_extension("widgets.book.assets")``).

1. **Bundle.** At builder start, ``node widgets/book/plotly_bundle.mjs`` bundles plotly.js's core and the
   trace modules it lists (``TRACE_MODULES``) from the ``plotly.js`` package that ``package-lock.json`` pins
   (installed by ``npm ci``: ``make book`` runs it). The installed plotly.js must be the version the Python
   plotly writes figures for (``plotly.offline.get_plotlyjs_version()``), or the build stops. The bundle and
   its manifest (``plotly-bundle.json``: version, trace types, modules) are kept in
   ``_build/.plotly-bundle/`` and rebuilt only when the lock file or the bundler changes.
2. **Every figure checked.** A page whose figure draws a trace type the bundle lacks stops the build,
   naming the page, the figure and the type (plotly.js would draw nothing there).
3. **Served once.** The bundle is copied to ``_static/vendor/plotly.min.js``, the one URL every page's
   ``course-plotly.js`` loads plotly.js from (see :mod:`widgets.book.page_quality`).

Node.js 20 or newer and npm are build requirements (README). The theme's Font Awesome is trimmed to the
icons the pages use by :mod:`widgets.book.icons`, set up from here.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ConfigError, ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

BUNDLER = Path(__file__).with_name("plotly_bundle.mjs")
MANIFEST = "plotly-bundle.json"
NODE_MIN = 20
VENDOR_TARGET = Path("_static") / "vendor" / "plotly.min.js"

_FIGURE_DATA = re.compile(r'<figure class="course-plotly" id="([^"]*)".*?'
                          r'<script type="application/json" class="course-plotly-data">(.*?)</script>', re.S)

_built: dict[str, Path] = {}


def plotly_js_version() -> str:
    """The plotly.js version the installed Python plotly writes figures for."""
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


def node_version(node: str) -> tuple[int, ...]:
    out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    match = re.match(r"v?(\d+)\.(\d+)\.(\d+)", out)
    if not match:
        raise ConfigError(f"could not read the Node.js version from `{node} --version` (got {out!r})")
    return tuple(int(x) for x in match.groups())


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise ConfigError(f"Node.js {NODE_MIN} or newer is needed to build the site's plotly.js and `node` is not "
                          "on PATH: install Node.js and npm (`make book` installs them with apt), then run `npm ci`")
    version = node_version(node)
    if version[0] < NODE_MIN:
        raise ConfigError(f"Node.js {'.'.join(map(str, version))} is too old to build the site's plotly.js: "
                          f"version {NODE_MIN} or newer is needed")
    return node


def bundle_key(root: Path, version: str) -> str:
    """What the bundle depends on: the lock file, the bundler and the expected plotly.js version."""
    digest = hashlib.sha256(version.encode())
    for path in (root / "package-lock.json", BUNDLER):
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()[:16]


def npm_root(book: Path) -> Path:
    """The folder whose ``package.json``/``node_modules`` the bundle comes from: the book's own, else (a book
    made elsewhere with this course package, as the tests' small books are) the course repository's."""
    for folder in (Path(book).resolve(), Path(__file__).resolve().parents[2]):
        if (folder / "package.json").is_file():
            return folder
    raise ConfigError(f"no package.json in {book} or beside the course package: the site's plotly.js is pinned "
                      "there (package.json and package-lock.json of the course)")


def build_bundle(root: Path, cache: Path) -> Path:
    """The folder holding ``plotly.min.js`` and its manifest, built (or reused) from the npm packages of
    ``root`` (see :func:`npm_root`)."""
    root = root.resolve()
    if not (root / "package-lock.json").is_file():
        raise ConfigError(f"no package-lock.json in {root}: the site's plotly.js is pinned there")
    if not (root / "node_modules" / "plotly.js" / "package.json").is_file():
        raise ConfigError(f"plotly.js is not installed in {root / 'node_modules'}: run `npm ci` in {root} "
                          "(`make book` does)")
    version = plotly_js_version()
    folder = cache / bundle_key(root, version)
    if (folder / MANIFEST).is_file() and (folder / "plotly.min.js").is_file():
        return folder
    node = _node()
    result = subprocess.run([node, str(BUNDLER), str(folder), "--root", str(root), "--expect-version", version],
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise ConfigError("building the site's plotly.js failed: "
                          + (result.stderr.strip() or result.stdout.strip() or f"exit {result.returncode}"))
    logger.info(f"[course] {result.stdout.strip()}")
    for old in cache.iterdir():  # earlier bundles
        if old != folder and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    return folder


def manifest(folder: Path | None = None) -> dict:
    """What the bundle holds: ``{"plotly.js": version, "traces": [...], "modules": [...], ...}``."""
    folder = folder or _bundle_folder()
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def _bundle_folder() -> Path:
    if "folder" not in _built:
        raise ExtensionError("the site's plotly.js has not been built yet (builder-inited)")
    return _built["folder"]


def plotly_js() -> Path:
    """The site's plotly.js of this build (the bundle file)."""
    return _bundle_folder() / "plotly.min.js"


def figure_trace_types(body: str) -> dict[str, set[str]]:
    """``{figure id: trace types}`` of every course figure in a page body (plotly's default type: scatter)."""
    found = {}
    for uid, payload in _FIGURE_DATA.findall(body):
        spec = json.loads(payload.replace("<\\/", "</"))
        found[uid] = {trace.get("type") or "scatter" for trace in spec.get("data", [])}
    return found


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    cache = Path(app.srcdir) / "_build" / ".plotly-bundle"
    cache.mkdir(parents=True, exist_ok=True)
    _built["folder"] = build_bundle(npm_root(Path(app.srcdir)), cache)
    _built["traces"] = set(manifest()["traces"])


def _check_figures(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body") or ""
    if 'class="course-plotly"' not in body or "traces" not in _built:
        return
    for uid, types in figure_trace_types(body).items():
        missing = sorted(types - _built["traces"])
        if missing:
            raise ExtensionError(
                f"{pagename}: figure {uid} draws trace type(s) {', '.join(missing)}, which the site's plotly.js "
                f"lacks (it has {', '.join(sorted(_built['traces']))}): add the plotly.js/lib module to "
                "TRACE_MODULES in widgets/book/plotly_bundle.mjs, or draw it otherwise (a table: an HTML table)")


def _copy_bundle(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html" or "folder" not in _built:
        return
    target = Path(app.outdir) / VENDOR_TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(plotly_js(), target)


def setup(app: Sphinx) -> dict:
    app.setup_extension("widgets.book.icons")
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _check_figures)
    app.connect("build-finished", _copy_bundle)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
