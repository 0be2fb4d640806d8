"""Schemas of every file in ``data/``: one module per topic, each defining ``TABLES``.

A new module in this package is picked up by itself; ``ALL_TABLES`` is what the loader
(:mod:`widgets.data`) checks files against.
"""

import importlib
import pkgutil

ALL_TABLES = []
for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    ALL_TABLES.extend(importlib.import_module(f"{__name__}.{_module}").TABLES)
