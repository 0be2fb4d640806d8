"""Font Awesome trimmed to the icons the built pages use.

Registered by :mod:`widgets.book.assets`. pydata-sphinx-theme 0.17.1 ships Font Awesome 6 twice: its
``fontawesome.js`` (the SVG framework with every icon, ~1.5 MB) and, inside ``pydata-sphinx-theme.css``,
Font Awesome's own CSS with three webfonts (solid, regular, brands) that the theme's stylesheets use
for the ``<i class="fa-…">`` icons and for icons drawn by CSS (admonition titles, breadcrumbs, external
links). The site keeps the CSS route only:

1. ``fontawesome.js`` leaves every page (a template override of the theme's ``webpack-macros.html``
   drops its ``<script>``) and the site.
2. After the build, each webfont is cut down with fontTools (``pyftsubset``'s library) to the glyphs
   the site can show: the icon classes used in the pages' HTML and the theme's JavaScript (mapped to
   code points by Font Awesome's CSS), and every Font Awesome code point the stylesheets put into
   ``content`` themselves. The subsets replace the fonts under their own names, so the theme's
   ``@font-face`` rules find them.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

FONT_AWESOME_JS = ("scripts/fontawesome.js", "scripts/fontawesome.js.map", "scripts/fontawesome.js.LICENSE.txt")
FONT_FAMILIES = ("Font Awesome 6 Free", "Font Awesome 6 Brands")
PRIVATE_USE = range(0xE000, 0xF900)

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ICON_SELECTOR = re.compile(r"^\.(fa-[a-z0-9-]+)::?before$")
_CONTENT_ESCAPE = re.compile(r'content:\s*"\\([0-9a-fA-F]{1,6})"')
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")
_FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}")
_URL = re.compile(r"url\(\s*['\"]?([^'\")?#]+)")
_CLASS_ATTR = re.compile(r"""class\s*=\s*["']([^"']*)["']""")
_FA_NAME = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*\b")


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def icon_code_points(css: str) -> dict[str, int]:
    """``{class name: code point}`` of Font Awesome's icon rules (``.fa-arrow-up:before{content:"\\f062"}``)."""
    icons = {}
    for selectors, body in _RULE.findall(_COMMENT.sub("", css)):
        names = [_ICON_SELECTOR.match(s.strip()) for s in selectors.split(",")]
        content = _CONTENT_ESCAPE.search(body)
        if content and names and all(names):
            for name in names:
                icons[name.group(1)] = int(content.group(1), 16)
    return icons


def css_code_points(css: str) -> set[int]:
    """Private-use code points a stylesheet draws itself (``content``, custom properties), Font Awesome's
    own icon-class rules left out."""
    found: set[int] = set()
    for selectors, body in _RULE.findall(_COMMENT.sub("", css)):
        if all(_ICON_SELECTOR.match(s.strip()) for s in selectors.split(",")):
            continue
        found |= {ord(ch) for ch in _unescape(body) if ord(ch) in PRIVATE_USE}
    return found


def font_files(css: str) -> list[str]:
    """URLs (relative to the stylesheet) of the Font Awesome webfonts its ``@font-face`` rules name."""
    urls = []
    for block in _FONT_FACE.findall(_COMMENT.sub("", css)):
        if any(family in block.replace("\\ ", " ") for family in FONT_FAMILIES):
            urls += [u for u in _URL.findall(block) if u not in urls]
    return urls


def used_icon_classes(pages, scripts=()) -> set[str]:
    """``fa-…`` class names in the ``class`` attributes of HTML ``pages`` and anywhere in ``scripts``
    (which may add icons to a page)."""
    names: set[str] = set()
    for text in pages:
        for attr in _CLASS_ATTR.findall(text):
            names |= set(_FA_NAME.findall(attr))
    for text in scripts:
        names |= set(_FA_NAME.findall(text))
    return names


def subset_font(source: Path, target: Path, code_points: set[int]) -> int:
    """Write ``source`` cut down to ``code_points`` to ``target`` (same format); return the glyphs kept."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = {".woff2": "woff2", ".woff": "woff"}.get(source.suffix.lower())
    options.layout_features = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(code_points))
    subsetter.subset(font)
    kept = len(font.getBestCmap() or {})
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)
    return kept


def _cmap(path: Path) -> dict[int, str]:
    from fontTools.ttLib import TTFont

    return TTFont(str(path)).getBestCmap() or {}


def _theme_original(app: Sphinx, static_path: str) -> Path | None:
    """The theme's own copy of a file it puts under ``_static/`` (the output copy may be a subset already)."""
    theme = getattr(app.builder, "theme", None)
    for folder in (theme.get_theme_dirs() if theme is not None else []):
        candidate = Path(folder) / "static" / static_path
        if candidate.is_file():
            return candidate
    return None


def trim_font_awesome(app: Sphinx, outdir: Path, cache: Path | None = None) -> dict[str, int]:
    """Remove fontawesome.js and subset the webfonts in the built site ``outdir``; ``{font: glyphs kept}``.

    With a ``cache`` folder, a subset already made from the same font for the same icons is reused."""
    static = outdir / "_static"
    for name in FONT_AWESOME_JS:
        (static / name).unlink(missing_ok=True)
    sheets = {p: p.read_text(encoding="utf-8", errors="replace") for p in static.rglob("*.css")
              if "vendor" not in p.relative_to(static).parts}
    icons: dict[str, int] = {}
    for css in sheets.values():
        icons.update(icon_code_points(css))
    if not icons:
        return {}
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in outdir.rglob("*.html")
             if not p.relative_to(outdir).parts[0].startswith("_")]
    scripts = [p.read_text(encoding="utf-8", errors="replace") for p in static.rglob("*.js")
               if "vendor" not in p.relative_to(static).parts]
    classes = used_icon_classes(pages, scripts)
    code_points = {icons[name] for name in classes if name in icons}
    for css in sheets.values():
        code_points |= css_code_points(css)
    kept = {}
    for sheet, css in sheets.items():
        for url in font_files(css):
            target = (sheet.parent / url).resolve()
            if not target.is_file() or outdir.resolve() not in target.parents:
                continue
            relative = target.relative_to(static.resolve()).as_posix()
            source = _theme_original(app, relative) or target
            key = hashlib.sha256(source.read_bytes() + repr(sorted(code_points)).encode()).hexdigest()[:16]
            cached = cache / f"{key}{source.suffix}" if cache is not None else None
            if cached is not None and cached.is_file():
                shutil.copyfile(cached, target)
                kept[relative] = len(code_points & set(_cmap(target)))
                continue
            kept[relative] = subset_font(source, target, code_points)
            if cached is not None:
                cache.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(target, cached)
    logger.info(f"[course] Font Awesome: {len(code_points)} icons kept in {len(kept)} font files")
    return kept


def _build_finished(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html":
        trim_font_awesome(app, Path(app.outdir), Path(app.srcdir) / "_build" / ".font-subsets")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
