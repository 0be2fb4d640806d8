"""The live panels only wire controls: they call public functions of ``widgets.pictures`` and never reach
into a figure's traces by position.

Read from each panel's source (``ast``), without running it:

* no ``from widgets.pictures... import _name`` (relative imports too), and no ``module._name`` on a
  pictures module a panel imported (``pic._label``, ``pictures._dose_text``, ``widgets.pictures.network._x``);
* no ``<figure>.data[...]`` (``tc.data[2]``, ``blot.data[1 + gi]``, ``fig.data[1:]``): a picture's
  ``update_…`` function finds its traces by ``name`` or ``meta``.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PANELS = ROOT / "widgets" / "panels"
PICTURES = "widgets.pictures"


def _is_pictures(module: str) -> bool:
    return module == PICTURES or module.startswith(PICTURES + ".")


def _is_module(dotted: str) -> bool:
    try:
        return importlib.util.find_spec(dotted) is not None
    except ModuleNotFoundError:
        return False


def _absolute(node: ast.ImportFrom, package: str) -> str:
    """The absolute module name of ``from <node.module> import ...`` written in ``package``."""
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = parts[: len(parts) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _dotted(node: ast.AST) -> str | None:
    """``a.b.c`` of a chain of names and attributes, else None."""
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(names)])
    return None


def violations(source: str, package: str = "widgets.panels") -> list[str]:
    """What in a panel's ``source`` uses a private name of ``widgets.pictures`` or a trace's position."""
    tree = ast.parse(source)
    found = []
    modules: dict[str, str] = {}  # local name -> the pictures module it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_pictures(alias.name):
                    if alias.asname:
                        modules[alias.asname] = alias.name
                    if alias.name.split(".")[-1].startswith("_"):
                        found.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, package)
            for alias in node.names:
                full = f"{module}.{alias.name}"
                if _is_pictures(module) and alias.name.startswith("_"):
                    found.append(f"line {node.lineno}: from {module} import {alias.name}")
                elif _is_pictures(full) and _is_module(full):
                    modules[alias.asname or alias.name] = full
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            owner = _dotted(node.value)
            if owner is not None and (owner in modules or _is_pictures(owner)):
                found.append(f"line {node.lineno}: {owner}.{node.attr}")
        elif (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
              and node.value.attr == "data"
              and not (isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str))):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


PANEL_FILES = sorted(PANELS.glob("*.py"))


@pytest.mark.parametrize("path", PANEL_FILES, ids=lambda p: p.name)
def test_panel_uses_only_public_picture_names_and_no_trace_positions(path):
    assert violations(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("snippet, expected", [
    ("from widgets.pictures import network as pic\npic._label(G, c, 'en')", 1),
    ("from ..pictures import calcification as pictures\npictures._dose_text(1.0)", 1),
    ("from widgets.pictures.network import _label", 1),
    ("from ..pictures.remodeling import _menu", 1),
    ("import widgets.pictures.network\nwidgets.pictures.network._label(G, c, 'en')", 1),
    ("import widgets.pictures.network as pic\npic._label(G, c, 'en')", 1),
    ("tc.data[2].name = 'x'", 1),
    ("blot.data[1 + gi].name = 'x'", 1),
    ("for t in fig.data[1:]: pass", 1),
    ("fig.data[-1].x", 1),
    ("from widgets.pictures import network as pic\npic.node_label(G, c, 'en')\nfig.layout.title.text = 'x'", 0),
    ("from widgets.pictures import finish\nfor t in fig.data: t.name\nself._private = 1\nw._repr_mimebundle_()", 0),
])
def test_the_check_sees_private_names_and_trace_positions(snippet, expected):
    assert len(violations(snippet)) == expected, violations(snippet)
