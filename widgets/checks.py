"""Argument checks shared by every engine, with one message format.

Every bad argument raises :class:`ValueError` with the message::

    <argument>: <what is wrong>; allowed: <what is allowed>

for example ``days: -1 is not allowed; allowed: a finite number of days > 0 and at most 36500``.
The argument comes first so a caller (or a test) can read it back with ``message.split(": ", 1)[0]``;
the browser engines (``widgets/browser/*.mjs``) write the same words.

The helpers check types before values (``True`` is not a number, ``"3"`` is not a number), reject
NaN and infinities unless asked, and bound sizes, so that no engine runs away on a bad input.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from numbers import Integral, Real
from typing import Any

import numpy as np

__all__ = ["message", "fail", "not_allowed", "show", "is_number", "number", "whole", "choice", "text", "mapping", "items",
           "numbers", "MAX_ITEMS"]

#: Longest list any engine accepts (time points, doses, design entries, node lists).
MAX_ITEMS = 10_000
_REPR_LIMIT = 200


def show(value: Any) -> str:
    """``repr(value)``, cut short when very long (a huge list must not make a huge message)."""
    try:
        text = repr(value)
    except Exception:  # pragma: no cover - a repr that fails names only the type
        text = f"<{type(value).__name__}>"
    return text if len(text) <= _REPR_LIMIT else text[:_REPR_LIMIT - 5] + " ...>"


def message(argument: str, problem: str, allowed: str) -> str:
    """The one message format: ``"<argument>: <problem>; allowed: <allowed>"``."""
    return f"{argument}: {problem}; allowed: {allowed}"


def fail(argument: str, problem: str, allowed: str) -> ValueError:
    """A :class:`ValueError` in the one message format (raise it: ``raise fail(...)``)."""
    return ValueError(message(argument, problem, allowed))


def not_allowed(argument: str, value: Any, allowed: str) -> ValueError:
    """``<argument>: <value!r> is not allowed; allowed: <allowed>``."""
    return fail(argument, f"{show(value)} is not allowed", allowed)


def is_number(value: Any) -> bool:
    """A real number (Python or numpy), not a bool."""
    return isinstance(value, (Real, np.floating, np.integer)) and not isinstance(value, (bool, np.bool_))


def _bounds_text(low, high, low_open, high_open, unit: str) -> str:
    u = f" {unit}" if unit else ""
    if low is not None and high is not None:
        return f"a finite number{u} with {low:g} {'<' if low_open else '<='} x {'<' if high_open else '<='} {high:g}"
    if low is not None:
        return f"a finite number{u} {'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f"a finite number{u} {'<' if high_open else '<='} {high:g}"
    return f"a finite number{u}"


def number(value: Any, argument: str, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False, allowed: str | None = None, unit: str = "") -> float:
    """``value`` as a float if it is a finite real number within the bounds; else the one ValueError.

    ``low_open``/``high_open`` make a bound strict. ``allowed`` replaces the generated description.
    """
    allowed = allowed or _bounds_text(low, high, low_open, high_open, unit)
    if not is_number(value):
        raise not_allowed(argument, value, allowed)
    x = float(value)
    if not math.isfinite(x):
        raise not_allowed(argument, value, allowed)
    if low is not None and (x < low or (low_open and x == low)):
        raise not_allowed(argument, value, allowed)
    if high is not None and (x > high or (high_open and x == high)):
        raise not_allowed(argument, value, allowed)
    return x


def whole(value: Any, argument: str, *, low: int | None = None, high: int | None = None,
          allowed: str | None = None) -> int:
    """``value`` as an int if it is a whole number (not a bool, not a float) within ``low..high``."""
    if allowed is None:
        if low is not None and high is not None:
            allowed = f"a whole number from {low} to {high}"
        elif low is not None:
            allowed = f"a whole number >= {low}"
        else:
            allowed = "a whole number"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Integral, np.integer)):
        raise not_allowed(argument, value, allowed)
    n = int(value)
    if (low is not None and n < low) or (high is not None and n > high):
        raise not_allowed(argument, value, allowed)
    return n


def choice(value: Any, argument: str, options: Sequence[str], *, allowed: str | None = None) -> str:
    """``value`` if it is one of ``options`` (text compared exactly)."""
    allowed = allowed or ", ".join(map(repr, options))
    if not isinstance(value, str) or value not in options:
        raise not_allowed(argument, value, allowed)
    return value


def text(value: Any, argument: str, *, allowed: str = "non-empty text") -> str:
    """``value`` if it is text with something other than spaces."""
    if not isinstance(value, str) or not value.strip():
        raise not_allowed(argument, value, allowed)
    return value


def mapping(value: Any, argument: str, allowed: str) -> Mapping:
    """``value`` if it is a mapping (dict-like)."""
    if not isinstance(value, Mapping):
        raise fail(argument, f"expected a mapping, got {type(value).__name__} {show(value)}", allowed)
    return value


def items(value: Any, argument: str, allowed: str, *, min_len: int = 0, max_len: int = MAX_ITEMS,
          scalar: type | tuple[type, ...] = (str,)) -> tuple:
    """``value`` as a tuple: a single ``scalar`` (text by default) counts as one item; a mapping, a
    number or another non-iterable is refused, and so is a list shorter than ``min_len`` or longer
    than ``max_len``."""
    if isinstance(value, scalar):
        value = (value,)
    if isinstance(value, (Mapping, bytes)) or not isinstance(value, Iterable):
        raise not_allowed(argument, value, allowed)
    out = []
    for item in value:  # a generator is read at most max_len + 1 items far
        out.append(item)
        if len(out) > max_len:
            raise fail(argument, f"more than {max_len} items", allowed)
    if len(out) < min_len:
        raise fail(argument, f"{len(out)} item(s) {show(value)}, need at least {min_len}", allowed)
    return tuple(out)


def numbers(value: Any, argument: str, *, low: float | None = None, allowed: str | None = None,
            max_size: int = MAX_ITEMS) -> np.ndarray:
    """A number or an array of numbers (finite, each >= ``low``; at most ``max_size`` of them) as floats."""
    allowed = allowed or f"a number or a list of at most {max_size} numbers" + (
        f", each finite and >= {low:g}" if low is not None else ", each finite")
    if is_number(value):
        arr = np.asarray(float(value))
    else:
        if isinstance(value, (str, bytes, Mapping, bool, np.bool_)) or value is None:
            raise not_allowed(argument, value, allowed)
        try:
            raw = np.asarray(value)
        except (TypeError, ValueError):
            raise not_allowed(argument, value, allowed) from None
        if raw.dtype == bool or raw.dtype.kind not in "iuf" or raw.size > max_size:
            raise not_allowed(argument, value, allowed)
        arr = raw.astype(float)
    bad = ~np.isfinite(arr) | ((arr < low) if low is not None else False)
    if np.any(bad):
        raise fail(argument, f"{float(arr[bad].ravel()[0])!r} is not allowed", allowed)
    return arr
