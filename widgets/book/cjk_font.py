"""A Chinese webfont cut down to the characters the site uses, so Chinese text never shows as empty boxes.

Registered by :mod:`widgets.book` (``app.setup_extension("widgets.book.cjk_font")``). A reader's machine
without a Chinese font (minimal Linux, some e-readers) draws every Chinese character as a box. After the
build:

1. every character of the CJK blocks in :data:`CJK_RANGES` that the built pages hold (their text and
   their figures' data, in the HTML files) is collected;
2. the source font, Noto Sans SC (SIL Open Font License) from the npm package
   ``@fontsource-variable/noto-sans-sc`` that ``package.json`` names and ``package-lock.json`` pins
   (``npm ci`` installs it with plotly.js), is read from its slices (woff2 files of a few hundred
   characters each); the slices holding those characters are cut to them with fontTools, fixed at the
   regular weight (400; bold is drawn by the browser), merged into one font and named ``Course CJK``
   (its licence, the OFL, and its copyright notices are kept in the font's name table);
3. it is written to ``_static/fonts/course-cjk.woff2`` (about 100 kB for 700 characters).

``course.css`` declares it as the font family ``Course CJK`` with a ``unicode-range`` of the CJK blocks,
first in the page's font stacks; the figures' font stack (``widgets.pictures.FONT``) names it too. A
browser downloads a ``unicode-range`` font only for a page that shows one of its characters, so pages
without Chinese never load it. A subset made from the same source for the same characters is reused
from ``_build/.font-subsets``.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging

logger = logging.getLogger(__name__)

FAMILY = "Course CJK"
PACKAGE = "@fontsource-variable/noto-sans-sc"
TARGET = Path("_static") / "fonts" / "course-cjk.woff2"
WEIGHT = 400
#: CJK punctuation, Extension A, the unified ideographs, compatibility ideographs, full-width forms;
#: ``course.css`` gives the same ranges to its ``@font-face``.
CJK_RANGES = ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))

_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_CJK = re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in CJK_RANGES) + "]")


def cjk_code_points(texts) -> set[int]:
    """The code points of ``texts`` (strings) inside :data:`CJK_RANGES`, written out or as JSON escapes
    (``\\u7834``, as figure data holds them)."""
    found: set[int] = set()
    for text in texts:
        found |= {ord(ch) for ch in _CJK.findall(text)}
        found |= {cp for cp in (int(h, 16) for h in _JSON_ESCAPE.findall(text)) if _CJK.match(chr(cp))}
    return found


def source_files(root: Path) -> list[Path]:
    """The woff2 slices of the npm package :data:`PACKAGE` installed under ``root/node_modules``."""
    folder = Path(root) / "node_modules" / PACKAGE / "files"
    files = sorted(folder.glob("*.woff2")) if folder.is_dir() else []
    if not files:
        raise ConfigError(f"the site shows Chinese text but its Chinese font is not installed ({folder} has no "
                          f"woff2 files): run `npm ci` in {root} (`make book` does); package.json names {PACKAGE}")
    return files


def build_font(sources: list[Path], code_points: set[int], target: Path) -> set[int]:
    """Write to ``target`` (woff2) one font with the glyphs of ``code_points`` taken from the variable-font
    slices ``sources`` at weight :data:`WEIGHT`; return the code points it holds."""
    from fontTools import subset
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    wanted, covered, parts = set(code_points), set(), []
    with tempfile.TemporaryDirectory() as tmp:
        for source in sources:
            font = TTFont(str(source))
            need = (set(font.getBestCmap() or {}) & wanted) - covered
            if not need:
                continue
            options = subset.Options()
            options.layout_features = ["*"]
            options.notdef_outline = True
            options.name_IDs = ["*"]  # the copyright, licence (OFL) and licence URL stay in the font
            options.name_languages = ["*"]
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=sorted(need))
            subsetter.subset(font)
            if "fvar" in font:
                font = instancer.instantiateVariableFont(font, {"wght": WEIGHT})
            font.flavor = None
            part = Path(tmp) / f"{len(parts):03d}.ttf"
            font.save(str(part))
            parts.append(str(part))
            covered |= need
        if not parts:
            raise ValueError(f"none of the {len(wanted)} characters is in the font files given")
        merged = Merger().merge(parts) if len(parts) > 1 else TTFont(parts[0])
        _rename(merged)
        merged.flavor = "woff2"
        target.parent.mkdir(parents=True, exist_ok=True)
        merged.save(str(target))
    return covered


def _rename(font) -> None:
    """Name the subset after what it is (the slices are named after the variable font's default, Thin)."""
    names = {1: FAMILY, 2: "Regular", 4: f"{FAMILY} Regular", 6: FAMILY.replace(" ", "") + "-Regular",
             16: FAMILY, 17: "Regular"}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17, 25):
            table.removeNames(nameID=record.nameID)
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)
    if "OS/2" in font:
        font["OS/2"].usWeightClass = WEIGHT


def _pages(outdir: Path):
    for path in sorted(outdir.rglob("*.html")):
        if not path.relative_to(outdir).parts[0].startswith("_"):
            yield path.read_text(encoding="utf-8", errors="replace")


def _npm_root(app: Sphinx) -> Path:
    from .assets import npm_root

    return npm_root(Path(app.srcdir))


def make_site_font(app: Sphinx, outdir: Path, cache: Path | None = None) -> int:
    """Write the site's Chinese font into ``outdir``; return how many characters it holds (0: no Chinese)."""
    code_points = cjk_code_points(_pages(outdir))
    target = outdir / TARGET
    if not code_points:
        target.unlink(missing_ok=True)
        return 0
    sources = source_files(_npm_root(app))
    digest = hashlib.sha256(repr(sorted(code_points)).encode() + Path(__file__).read_bytes())
    for source in sources:
        digest.update(source.name.encode() + source.read_bytes()[:4096] + str(source.stat().st_size).encode())
    cached = cache / f"cjk-{digest.hexdigest()[:16]}.woff2" if cache is not None else None
    if cached is not None and cached.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        return len(code_points)
    covered = build_font(sources, code_points, target)
    missing = code_points - covered
    if missing:
        logger.warning(f"[course] {len(missing)} Chinese characters are not in {PACKAGE}: "
                       + "".join(chr(c) for c in sorted(missing)[:20]))
    if cached is not None:
        cache.mkdir(parents=True, exist_ok=True)
        for old in cache.glob("cjk-*.woff2"):
            old.unlink()
        shutil.copyfile(target, cached)
    logger.info(f"[course] Chinese font: {len(covered)} characters, {target.stat().st_size // 1024} kB")
    return len(covered)


def _build_finished(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html":
        make_site_font(app, Path(app.outdir), Path(app.srcdir) / "_build" / ".font-subsets")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
