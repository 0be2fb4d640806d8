"""The one way into ``data/``: every file is read here and checked against its schema.

A schema (:class:`Table`) lists the fields of a CSV file, or of the records of a YAML file,
with their kind, allowed values or range, and references to other files, and the table's own
rules that involve several fields, rows or files (``checks``). Every problem is
reported as a :class:`DataError` that names the file, the row, the field, the bad value and
what is allowed, so an instructor who edits a file knows exactly what to mend.

Schemas live in :mod:`widgets.schemas` (one module per topic); ``validate_all()`` checks every
file in the data folder and is what ``make check-data`` and the book build run. Every rule lives
there, so whatever the engines, the quiz, the glossary or the build receive from this loader has
already passed all of them. Files are UTF-8 (a byte-order mark is accepted).

The data folder is ``$COURSE_DATA_DIR`` when set (the book build sets it to the book's own
``data/``), otherwise the ``data/`` folder beside the ``widgets`` package.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

__all__ = ["DataError", "Field", "Table", "cached_records", "data_dir", "load", "load_records", "read_text", "require_all", "row_of",
           "validate_all"]


class DataError(ValueError):
    """A data file does not follow its schema. The message names file, row, field and what is allowed."""

    def __init__(self, file: str, problem: str, row: int | str | None = None, field: str | None = None,
                 allowed: str | None = None):
        self.file, self.row, self.field, self.problem, self.allowed = file, row, field, problem, allowed
        where = [f"data/{file}"]
        if row is not None:
            where.append(str(row))
        if field is not None:
            where.append(f"field '{field}'")
        message = ", ".join(where) + f": {problem}"
        if allowed:
            message += f" (allowed: {allowed})"
        super().__init__(message)


@dataclass(frozen=True)
class Field:
    """One column of a CSV file or one key of a YAML record.

    kind: ``str``, ``float``, ``int``, ``bool``, ``choice`` (one of ``choices``), ``list``
    (a YAML list of strings, or in CSV a ``;``-separated list) or ``records`` (a YAML list of
    mappings checked against ``fields``). ``ref`` = ``"file:column"`` requires each value to
    appear in that column of that file.
    """

    name: str
    kind: str = "str"
    required: bool = True
    choices: tuple = ()
    min: float | None = None
    max: float | None = None
    above_min: bool = False  # True: the value must be strictly greater than ``min``
    ref: str | None = None
    unique: bool = False
    fields: tuple["Field", ...] = ()
    min_items: int = 0
    doc: str = ""

    def allowed(self) -> str:
        if self.kind == "choice":
            return ", ".join(repr(c) for c in self.choices)
        if self.kind in ("float", "int"):
            what = "a whole number" if self.kind == "int" else "a number"
            hi = "inf" if self.max is None else f"{self.max:g}"
            if self.above_min and self.min is not None:
                return f"{what} above {self.min:g}" + ("" if self.max is None else f", up to {hi}")
            lo = "-inf" if self.min is None else f"{self.min:g}"
            return f"{what} from {lo} to {hi}"
        if self.kind == "bool":
            return "true or false"
        if self.kind == "list":
            return "a list of text values"
        if self.kind == "records":
            return "a list of mappings with keys " + ", ".join(f.name for f in self.fields)
        return "non-empty text" if self.required else "text"


@dataclass(frozen=True)
class Table:
    """The schema of one data file (``file``) or of every file matching ``pattern``.

    ``checks``: the table's rules beyond single fields, each called as ``check(file, records, labels)``
    with the file's name, the converted records and their row labels (``"row 3 (line 4)"``,
    ``"item 2 ('q-id')"``); a check raises :class:`DataError` (naming the row and field) when a rule
    is broken. They run after the fields and references are checked, on every load.
    """

    file: str
    fields: tuple[Field, ...]
    key: str | None = None
    unique_together: tuple[str, ...] = ()
    doc: str = ""
    pattern: bool = False  # True: ``file`` is a glob such as ``quizzes/*.yaml``
    checks: tuple = ()

    def files(self, root: Path) -> list[str]:
        if self.pattern:
            return sorted(p.relative_to(root).as_posix() for p in root.glob(self.file))
        return [self.file]


def data_dir() -> Path:
    env = os.environ.get("COURSE_DATA_DIR")
    return Path(env).resolve() if env else Path(__file__).resolve().parents[1] / "data"


_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _convert(value: Any, f: Field, file: str, row: int | str):
    """Convert one raw value (CSV text or YAML scalar) to its kind, or raise DataError."""
    if _empty(value):
        if f.required:
            raise DataError(file, "missing value", row, f.name, f.allowed())
        return [] if f.kind in ("list", "records") else None
    if f.kind == "str":
        if not isinstance(value, (str, int, float)):
            raise DataError(file, f"expected text, found {value!r}", row, f.name, f.allowed())
        return str(value).strip()
    if f.kind in ("float", "int"):
        if isinstance(value, bool):
            raise DataError(file, f"{value!r} is not a number", row, f.name, f.allowed())
        try:
            number = float(str(value).strip().replace("−", "-"))
        except ValueError:
            raise DataError(file, f"{value!r} is not a number", row, f.name, f.allowed()) from None
        if not math.isfinite(number):
            raise DataError(file, f"{value!r} is not a finite number", row, f.name, f.allowed())
        if f.kind == "int":
            if number != int(number):
                raise DataError(file, f"{value!r} is not a whole number", row, f.name, f.allowed())
            number = int(number)
        below = f.min is not None and (number <= f.min if f.above_min else number < f.min)
        if below or (f.max is not None and number > f.max):
            raise DataError(file, f"{value!r} is out of range", row, f.name, f.allowed())
        return number
    if f.kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise DataError(file, f"{value!r} is not true or false", row, f.name, f.allowed())
    if f.kind == "choice":
        text = str(value).strip() if not isinstance(value, (int, float)) or isinstance(value, bool) else value
        for choice in f.choices:
            if text == choice or str(text) == str(choice):
                return choice
        raise DataError(file, f"{value!r} is not allowed", row, f.name, f.allowed())
    if f.kind == "list":
        items = value if isinstance(value, list) else [v.strip() for v in str(value).split(";")]
        items = [str(v).strip() for v in items if not _empty(v)]
        if len(items) < max(f.min_items, 1 if f.required else 0):
            raise DataError(file, f"needs at least {max(f.min_items, 1)} item(s)", row, f.name, f.allowed())
        return items
    if f.kind == "records":
        if not isinstance(value, list):
            raise DataError(file, f"expected a list, found {type(value).__name__}", row, f.name, f.allowed())
        if len(value) < f.min_items:
            raise DataError(file, f"needs at least {f.min_items} item(s), found {len(value)}", row, f.name)
        return [_record(item, f.fields, file, f"{row}, {f.name}[{i + 1}]") for i, item in enumerate(value)]
    raise ValueError(f"schema for data/{file}: unknown field kind {f.kind!r}")


def _record(raw: Any, fields: Iterable[Field], file: str, row: int | str) -> dict:
    if not isinstance(raw, dict):
        raise DataError(file, f"expected a mapping, found {type(raw).__name__}", row)
    fields = tuple(fields)
    known = {f.name for f in fields}
    unknown = sorted(set(map(str, raw)) - known)
    if unknown:
        raise DataError(file, f"unknown field(s) {', '.join(map(repr, unknown))}", row, unknown[0],
                        "fields " + ", ".join(sorted(known)))
    return {f.name: _convert(raw.get(f.name), f, file, row) for f in fields}


def _read_raw(root: Path, file: str, table: Table) -> list[tuple[int | str, dict]]:
    """Rows as (row label, raw mapping). CSV row numbers count data rows from 1 (line = row + 1)."""
    path = root / file
    if not path.is_file():
        raise DataError(file, f"file not found in {root}")
    text = read_text(path, file)
    if file.endswith(".csv"):
        reader = csv.reader(text.splitlines())
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise DataError(file, "the file is empty") from None
        expected = [f.name for f in table.fields]
        missing = [name for name in expected if name not in header]
        if missing:
            raise DataError(file, f"missing column(s) {', '.join(map(repr, missing))}", "header", missing[0],
                            "columns " + ", ".join(expected))
        extra = [h for h in header if h not in expected]
        if extra:
            raise DataError(file, f"unknown column(s) {', '.join(map(repr, extra))}", "header", extra[0],
                            "columns " + ", ".join(expected))
        rows, last_line = [], reader.line_num
        for number, values in enumerate(reader, start=1):
            first_line, last_line = last_line + 1, reader.line_num  # a quoted value may span lines
            if not any(v.strip() for v in values):
                continue  # a blank line
            label = f"row {number} (line {first_line})"
            if len(values) != len(header):
                raise DataError(file, f"has {len(values)} values but the header has {len(header)} columns "
                                      "(a stray or missing comma?)", label)
            rows.append((label, dict(zip(header, values))))
        return rows
    if file.endswith((".yaml", ".yml")):
        try:
            content = yaml.safe_load(text)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
            raise DataError(file, f"broken YAML: {getattr(err, 'problem', err)}", where) from None
        if isinstance(content, dict) and "items" in content:
            content = content["items"]
        if not isinstance(content, list):
            raise DataError(file, "expected a list of records (or a mapping with 'items: [...]')")
        return [(_yaml_label(i, item), item) for i, item in enumerate(content, start=1)]
    raise DataError(file, "unsupported file type", allowed=".csv, .yaml")


def read_text(path: Path, file: str) -> str:
    """The text of a data file: UTF-8, with or without a byte-order mark; anything else is a DataError
    naming the line and the bad bytes."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        bad = raw[err.start:err.end].hex(" ")
        raise DataError(file, f"byte(s) {bad} at column {column} are not UTF-8 text (saved in another encoding?)",
                        f"line {line}", allowed="UTF-8 text: save the file as UTF-8") from None


def _yaml_label(number: int, item: Any) -> str:
    name = item.get("id") or item.get("term") if isinstance(item, dict) else None
    return f"item {number}" + (f" ({name!r})" if name else "")


def _check_table(root: Path, file: str, table: Table) -> tuple[list[dict], list[str]]:
    records, labels = [], []
    for row, raw in _read_raw(root, file, table):
        records.append(_record(raw, table.fields, file, row))
        labels.append(row)
    unique = [f.name for f in table.fields if f.unique] + ([table.key] if table.key else [])
    for name in dict.fromkeys(unique):
        seen: dict = {}
        for row, rec in zip(labels, records):
            value = rec[name]
            if value in seen:
                raise DataError(file, f"duplicate {value!r} (first in {seen[value]})", row, name,
                                "each value once")
            seen[value] = row
    if table.unique_together:
        seen = {}
        for row, rec in zip(labels, records):
            value = tuple(rec[n] for n in table.unique_together)
            if value in seen:
                raise DataError(file, f"duplicate {value!r} (first in {seen[value]})", row,
                                "+".join(table.unique_together), "each combination once")
            seen[value] = row
    return records, labels


def _check_refs(root: Path, file: str, table: Table, records: list[dict], labels: list[str]) -> None:
    for f in table.fields:
        if not f.ref:
            continue
        ref_file, ref_column = f.ref.split(":")
        allowed = {r[ref_column] for r in _load(str(root), ref_file)}
        for row, rec in zip(labels, records):
            values = rec[f.name] if isinstance(rec[f.name], list) else [rec[f.name]]
            for value in values:
                if value is not None and value not in allowed:
                    hint = sorted(map(str, allowed))
                    shown = ", ".join(hint[:40]) + (" …" if len(hint) > 40 else "")
                    raise DataError(file, f"{value!r} is not a known {ref_column} of data/{ref_file}",
                                    row, f.name, shown)


def _schema_for(file: str) -> Table:
    from fnmatch import fnmatch

    from .schemas import ALL_TABLES

    for table in ALL_TABLES:
        if (table.pattern and fnmatch(file, table.file)) or table.file == file:
            return table
    raise DataError(file, "no schema describes this file",
                    allowed="the files listed in widgets/schemas (add a schema for a new file)")


_LOADING_ROOT: list[str] = []


def loading_root() -> Path:
    """The data folder being loaded (for table checks that read another file of the same folder)."""
    return Path(_LOADING_ROOT[-1]) if _LOADING_ROOT else data_dir()


def neighbour_records(file: str) -> tuple:
    """The validated records of ``file`` in the data folder being loaded (:func:`loading_root`), cached.

    For a table check that reads another file of the same folder (presets against their controls); the
    tuple is shared, so callers must not modify it.
    """
    return _load(str(loading_root()), file)


@lru_cache(maxsize=None)
def _load(root: str, file: str) -> tuple:
    table = _schema_for(file)
    records, labels = _check_table(Path(root), file, table)
    _check_refs(Path(root), file, table, records, labels)
    _LOADING_ROOT.append(root)
    try:
        for check in table.checks:
            check(file, records, labels)
    finally:
        _LOADING_ROOT.pop()
    return tuple(records)


def row_of(records: list[dict], labels: list[str], field: str, value: Any) -> str | None:
    """The label of the first record whose ``field`` is ``value`` (for messages of table checks)."""
    return next((label for rec, label in zip(records, labels) if rec.get(field) == value), None)


def require_all(field: str, names: Iterable[str], what: str = "row"):
    """A table check: every one of ``names`` appears in ``field`` (a file of named constants)."""
    names = tuple(names)

    def check(file, records, labels):
        present = {rec[field] for rec in records}
        missing = [n for n in names if n not in present]
        if missing:
            raise DataError(file, f"missing {what}(s) {', '.join(map(repr, missing))}", None, field,
                            f"one {what} for each of " + ", ".join(names))
    return check


def cached_records(file: str) -> tuple:
    """The validated records of ``data/<file>`` as the loader's cached tuple of dicts.

    The same tuple is returned until :func:`clear_cache` (so ``is`` tells whether the file was
    re-read); it is shared, so callers must not modify it: use :func:`load_records` for a copy.
    """
    return _load(str(data_dir()), file)


def load_records(file: str) -> list[dict]:
    """The validated records of ``data/<file>`` as a list of dicts (a fresh copy each call)."""
    import copy

    return copy.deepcopy(list(cached_records(file)))


def load(file: str):
    """The validated ``data/<file>`` as a pandas DataFrame (columns in schema order)."""
    import pandas as pd

    table = _schema_for(file)
    return pd.DataFrame(load_records(file), columns=[f.name for f in table.fields])


def clear_cache() -> None:
    """Forget what was read (after editing a data file in a running kernel)."""
    _load.cache_clear()


def validate_all(root: Path | None = None) -> list[str]:
    """Check every data file against its schema; return the files checked. Raises DataError."""
    from .schemas import ALL_TABLES

    root = Path(root) if root else data_dir()
    checked = []
    described = set()
    for table in ALL_TABLES:
        files = table.files(root)
        if not files and table.pattern:
            continue
        for file in files:
            _load.cache_clear()
            _load(str(root), file)
            checked.append(file)
            described.add(file)
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.suffix in (".csv", ".yaml", ".yml") and rel not in described:
            raise DataError(rel, "no schema describes this file",
                            allowed="the files listed in widgets/schemas (add a schema for a new file)")
    _load.cache_clear()
    return checked


def main(argv: list[str] | None = None) -> int:
    """``python -m widgets.data``: validate every data file and say what was checked."""
    try:
        files = validate_all()
    except DataError as err:
        print(f"ERROR {err}")
        return 1
    print(f"{len(files)} data files valid in {data_dir()}")
    return 0


if __name__ == "__main__":
    # Run the imported module's main: the schemas raise widgets.data.DataError, not __main__.DataError.
    from widgets.data import main as _main

    raise SystemExit(_main())
