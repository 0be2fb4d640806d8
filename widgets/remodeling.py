"""Bone remodeling through RANKL/RANK/OPG: the Pivonka et al. 2008 bone-cell model with cytokines.

The model (Pivonka et al. 2008, extending Lemaire et al. 2004) follows three cell populations
in pM, with time in days: osteoblast precursors ``OBp``, active osteoblasts ``OBa`` and active
osteoclasts ``OCa``. TGF-β, PTH, OPG and RANKL are in quasi-steady state::

    TGFβ  = (α k_res OCa + P_TGFβ) / D_TGFβ            PTH = (β_PTH + P_PTH) / D_PTH
    P_OPG = β_OPG OBa π_rep(PTH, K_PTH_rep)             OPG = (P_OPG + P_OPG_ext) / (P_OPG / OPG_max + D_OPG)
    RANKL_eff = R_RANKL OBp π_act(PTH, K_PTH_act)
    RANKL = RANKL_eff (β_RANKL + P_RANKL_ext) / [(β_RANKL + D_RANKL RANKL_eff)(1 + K_A1 OPG + K_A2 RANK)]
    dOBp/dt = D_OBu π_act(TGFβ, K_D1) − D_OBp π_rep(TGFβ, K_D2) OBp
    dOBa/dt = D_OBp π_rep(TGFβ, K_D2) OBp − A_OBa OBa
    dOCa/dt = D_OCp π_act(K_A2 RANKL RANK, K_D8) − A_OCa π_act(TGFβ, K_D3) OCa

with ``π_act(X, K) = X / (X + K)`` and ``π_rep(X, K) = K / (X + K)``. A teaching bone-volume
index (% of start) follows ``dBV/dt = κ · (BV/100) · (OBa/OBa* − OCa/OCa*)``, star = healthy steady
state (proportional to BV, so bone volume stays positive however strong the inflammation);
κ (``kappa_BV``) is a teaching calibration, not a published value.

**Cytokines (a teaching choice of this course).** Each of the six cytokines of the review is a
level relative to a healthy baseline (1 = healthy, 0 = absent, 10 = ten-fold). It multiplies
some of the model's own rate parameters (its *targets*: RANKL production ``β_RANKL``,
osteoclast formation ``D_OCp``, osteoclast apoptosis ``A_OCa``, osteoblast differentiation
``D_OBp``, …) through a saturating form of the excess level (see :func:`coupling_factor`). The
rows of ``data/cytokine_couplings.csv`` say which cytokine acts on which target, how strongly,
and which section of the review justifies it. IL-6's effect on osteoclast formation depends on
RANKL (stimulating when RANKL is low, inhibiting when it is high), so it is evaluated inside the
right-hand side; TNF-α's effect on osteoblast differentiation is biphasic in its level.

Parameters are read from ``data/remodeling_parameters.csv`` through :mod:`widgets.data`.
Everything here is pure numpy/scipy/pandas and deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from . import checks
from .data import cached_records, load
from .schemas.remodeling import (
    CYTOKINES,
    DOSING_TERMS,
    EFFECTS,
    PARAMETER_NAMES,
    TARGETS,
)
from .tables import style

__all__ = [
    "CYTOKINES", "DOSING_TERMS", "TARGETS", "EFFECTS", "THERAPIES", "STATE", "Therapy",
    "steady_state", "simulate", "therapy", "therapies", "coupling_factor", "target_multipliers",
    "osteoclast_formation", "parameters", "parameter_table", "coupling_table", "coupling_view", "MAX_DAYS",
    "illustrative_scenarios", "canonical_cytokine", "couplings", "CYTOKINE_ALIASES", "DOSING_ALIASES",
    "REQUEST_KEYS", "check_request", "simulate_request", "INFLAMED_CYTOKINES", "INFLAMED_LEVEL", "inflamed_state",
]

PARAMETERS_FILE = "remodeling_parameters.csv"
COUPLINGS_FILE = "cytokine_couplings.csv"
THERAPIES_FILE = "therapies.csv"

#: State variables of the model (pM).
STATE: tuple[str, ...] = ("OBp", "OBa", "OCa")
#: Longest simulation accepted (days); 100 years.
MAX_DAYS = 36500.0

# Solver settings: LSODA switches between Adams (non-stiff) and BDF (stiff) by itself. The state is
# scaled by the healthy steady state, so these tolerances are relative to healthy levels.
_RTOL = 1e-6
_ATOL = 1e-8

_ALIASES_CYTOKINE = {
    "il1": "IL-1", "il33": "IL-33", "il6": "IL-6", "il8": "IL-8", "il10": "IL-10",
    "tnfα": "TNF-α", "tnfalpha": "TNF-α", "tnfa": "TNF-α", "tnf": "TNF-α",
}
_ALIASES_DOSING = {"rankl": "RANKL", "opg": "OPG", "pth": "PTH", "tgfbeta": "TGF-beta", "tgfβ": "TGF-beta",
                   "tgfb": "TGF-beta"}


#: Accepted spellings: a name is lower-cased and stripped of spaces, "-" and "_", then looked up here.
CYTOKINE_ALIASES: Mapping[str, str] = MappingProxyType(_ALIASES_CYTOKINE)
DOSING_ALIASES: Mapping[str, str] = MappingProxyType(_ALIASES_DOSING)


def _norm(name: str) -> str:
    return "".join(ch for ch in name.strip().lower() if ch not in " -_")


# --------------------------------------------------------------------------------------------
# Data: parameters, couplings, therapies
# --------------------------------------------------------------------------------------------

_BUILT: dict[str, tuple] = {}


def _built(file: str, build):
    """``build(records)`` once per validated version of ``data/<file>``.

    The loader (:mod:`widgets.data`) validates and caches each file; ``load_records`` hands out a
    deep copy on every call, which would cost more than a simulation's arithmetic, so this reads
    the loader's shared records (``cached_records``, never modified here). Here the
    engine's derived objects are kept for as long as the loader keeps the same records, so an
    edited file is picked up exactly when the loader picks it up (after ``clear_cache()``).
    """
    records = cached_records(file)
    held = _BUILT.get(file)
    if held is None or held[0] is not records:
        _BUILT[file] = (records, build(records))
    return _BUILT[file][1]


def parameters() -> dict[str, float]:
    """The model parameters from ``data/remodeling_parameters.csv`` as ``{name: value}``.

    Raises :class:`~widgets.data.DataError` if a parameter is missing or not positive (the schema's checks).
    """
    return dict(_built(PARAMETERS_FILE, _read_parameters))


def _read_parameters(records) -> dict[str, float]:
    # the schema's checks (widgets.schemas.remodeling) ran when the file was loaded: all present, all > 0
    return {r["name"]: float(r["value"]) for r in records}


@dataclass(frozen=True)
class Coupling:
    """One row of ``cytokine_couplings.csv``: how ``cytokine`` changes ``target``."""

    cytokine: str
    target: str
    effect: str
    max_effect: float
    half_effect_level: float
    switch_level: float | None
    review_section: str
    note: str


def _couplings() -> tuple[Coupling, ...]:
    """The validated couplings (the schema checked every row when the file was loaded)."""
    return _built(COUPLINGS_FILE, _read_couplings)


def couplings() -> tuple[Coupling, ...]:
    """The couplings of ``data/cytokine_couplings.csv``, checked row by row (in file order)."""
    return _couplings()


def _read_couplings(records) -> tuple[Coupling, ...]:
    # rows already passed the schema's checks (widgets.schemas.remodeling.check_couplings)
    return tuple(Coupling(**r) for r in records)


def parameter_table() -> pd.DataFrame:
    """The model parameters with unit, meaning and source (for a table on the page)."""
    return load(PARAMETERS_FILE)


def coupling_table() -> pd.DataFrame:
    """The cytokine couplings with their review sections (for a table on the page)."""
    return load(COUPLINGS_FILE)


#: How a reader sees the couplings' targets and effects (every name in TARGETS and EFFECTS).
TARGET_LABELS: dict[str, str] = {
    "RANKL_production": "RANKL production", "OPG_production": "OPG production",
    "OC_formation": "osteoclast formation", "OC_apoptosis": "osteoclast apoptosis",
    "OB_differentiation": "osteoblast differentiation", "OB_precursor_supply": "osteoblast precursor supply",
    "OB_apoptosis": "osteoblast apoptosis",
}
EFFECT_LABELS: dict[str, str] = {
    "raise": "raises", "lower": "lowers", "biphasic": "raises, then lowers (biphasic)",
    "rankl_dependent": "raises at low RANKL, lowers at high RANKL",
}
COUPLING_HEADINGS: dict[str, str] = {
    "cytokine": "cytokine", "target": "acts on", "effect": "effect", "max_effect": "largest effect E",
    "half_effect_level": "half-effect level K (× healthy)", "switch_level": "switch level s",
    "review_section": "review section",
}


def coupling_view(cytokine: str | None = None):
    """The couplings as a table for readers (a pandas ``Styler``): readable headings and names, no index,
    blank where a coupling has no switch level. ``cytokine`` keeps one cytokine's rows (and drops that column)."""
    table = coupling_table()
    columns = list(COUPLING_HEADINGS)
    if cytokine is not None:
        name = canonical_cytokine(cytokine)
        table = table[table["cytokine"] == name]
        columns.remove("cytokine")
    if not table["switch_level"].notna().any():
        columns.remove("switch_level")
    table = table.assign(target=table["target"].map(TARGET_LABELS), effect=table["effect"].map(EFFECT_LABELS),
                         review_section="§" + table["review_section"].astype(str))
    table = table[columns].rename(columns=COUPLING_HEADINGS).reset_index(drop=True)
    uid = "course-couplings" + ("-" + "".join(ch for ch in cytokine.lower() if ch.isalnum()) if cytokine else "")
    name = "Cytokine couplings of the model" + (f": {canonical_cytokine(cytokine)}" if cytokine else "")
    return (style(table, name).hide(axis="index").format(precision=2, na_rep="")
            .set_uuid(uid).set_table_attributes('class="dataframe course-couplings"'))


@dataclass(frozen=True)
class Therapy:
    """An illustrative therapy, expressed through the engine's own inputs.

    ``kind == "cytokine"``: the level of ``acts_on`` is multiplied by ``value`` (fraction left);
    ``kind == "dosing"``: ``value`` pM/day is added to the dosing term ``acts_on``.
    """

    id: str
    label: str
    kind: str
    acts_on: str
    value: float
    example_drug: str
    review_section: str
    note: str


def therapies() -> dict[str, Therapy]:
    """The therapies of ``data/therapies.csv`` by id (checked: a cytokine therapy leaves 0–1 of it)."""
    return dict(_built(THERAPIES_FILE, _read_therapies))


def _read_therapies(records) -> dict[str, Therapy]:
    # rows already passed the schema's checks (widgets.schemas.remodeling.check_therapies)
    return {r["id"]: Therapy(**r) for r in records}


class _TherapyTable(Mapping):
    """Read-only mapping id -> :class:`Therapy`, read from the data folder on each access."""

    def __getitem__(self, key: str) -> Therapy:
        return therapies()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(therapies())

    def __len__(self) -> int:
        return len(therapies())

    def __repr__(self) -> str:
        return f"THERAPIES({', '.join(self)})"


#: Therapies by id: ``anti-TNF``, ``IL-1Ra``, ``tocilizumab``, ``anti-RANKL`` (from data/therapies.csv).
THERAPIES: Mapping[str, Therapy] = _TherapyTable()


# --------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------

_number = checks.is_number
#: Largest start accepted by :func:`simulate`, as a multiple of the healthy steady state (beyond it the
#: stiff solve can take minutes).
MAX_START_FACTOR = 1000.0


def canonical_cytokine(name: Any, arg: str = "cytokine") -> str:
    """The canonical spelling of a cytokine name ("tnf-alpha" -> "TNF-α", "il6" -> "IL-6")."""
    canonical = _ALIASES_CYTOKINE.get(_norm(name)) if isinstance(name, str) else None
    if canonical is None:
        raise checks.fail(arg, f"unknown cytokine {name!r}", f"{', '.join(CYTOKINES)} (also 'TNF-alpha')")
    return canonical


def _check_named_values(values: Mapping[str, float] | None, arg: str, names: tuple[str, ...], default: float,
                        canonical, example: str, quantity: str, meaning: str) -> dict[str, float]:
    """Canonical ``{name: value}`` for every name (missing ones at ``default``), each value finite and >= 0."""
    out = dict.fromkeys(names, default)
    if values is None:
        return out
    if not isinstance(values, Mapping):
        raise checks.fail(arg, f"expected a mapping such as {example}, got {type(values).__name__} "
                          f"{checks.show(values)}", f"keys {', '.join(names)}")
    seen: dict[str, str] = {}
    for key, value in values.items():
        name = canonical(key, arg)
        if name in seen:
            raise checks.fail(arg, f"{key!r} and {seen[name]!r} both name {name}", "each name once")
        seen[name] = key
        if not _number(value) or not math.isfinite(float(value)) or float(value) < 0:
            raise checks.fail(f"{arg}[{key!r}]", f"{quantity} {value!r} is not allowed",
                              f"a finite number >= 0 ({meaning})")
        out[name] = float(value)
    return out


def _check_cytokines(cytokines: Mapping[str, float] | None, arg: str = "cytokines") -> dict[str, float]:
    """Canonical ``{name: level}`` for all six cytokines (missing ones at 1 = healthy)."""
    return _check_named_values(cytokines, arg, CYTOKINES, 1.0, canonical_cytokine, "{'TNF-α': 3}", "level",
                               "relative to healthy: 1 = healthy, 0 = absent, 10 = ten-fold")


def _canonical_dosing(name: Any, arg: str) -> str:
    canonical = _ALIASES_DOSING.get(_norm(name)) if isinstance(name, str) else None
    if canonical is None:
        raise checks.fail(arg, f"unknown dosing term {name!r}", ", ".join(DOSING_TERMS))
    return canonical


def _check_dosing(dosing: Mapping[str, float] | None, arg: str = "dosing") -> dict[str, float]:
    """Canonical ``{term: pM/day}`` for all dosing terms (missing ones at 0)."""
    return _check_named_values(dosing, arg, DOSING_TERMS, 0.0, _canonical_dosing, "{'OPG': 5000} (pM/day)",
                               "rate", "external production in pM/day")


def _check_days(days: Any) -> float:
    return checks.number(days, "days", low=0.0, low_open=True, high=MAX_DAYS,
                         allowed=f"a finite number of days > 0 and at most {MAX_DAYS:g}")


def _check_window(window: Any, days: float) -> tuple[float, float] | None:
    if window is None:
        return None
    try:
        on, off = window
    except (TypeError, ValueError):
        raise ValueError(f"dosing_window: {window!r} is not allowed; allowed: a pair (t_on, t_off) in days "
                         f"with 0 <= t_on < t_off <= days ({days:g})") from None
    if not (_number(on) and _number(off)) or not (math.isfinite(float(on)) and math.isfinite(float(off))):
        raise ValueError(f"dosing_window: {window!r} is not allowed; allowed: two finite numbers of days "
                         f"(t_on, t_off) with 0 <= t_on < t_off <= days ({days:g})")
    on, off = float(on), float(off)
    if not on < off:
        raise ValueError(f"dosing_window: {window!r} does not start before it ends; allowed: (t_on, t_off) with "
                         f"0 <= t_on < t_off <= days ({days:g})")
    if on < 0 or off > days:
        raise ValueError(f"dosing_window: {window!r} lies outside the simulated time 0 to {days:g} days; "
                         f"allowed: (t_on, t_off) with 0 <= t_on < t_off <= days ({days:g})")
    return on, off


def _check_start(start: Any, healthy: np.ndarray) -> np.ndarray:
    if start is None:
        return healthy.copy()
    most = ", ".join(f"{n} <= {MAX_START_FACTOR * h:.4g}" for n, h in zip(STATE, healthy))
    allowed = ("a mapping with keys 'OBp', 'OBa', 'OCa' (pM, finite, > 0 and at most "
               f"{MAX_START_FACTOR:g} x healthy: {most}; a steady_state() result also works) or a sequence of "
               "those three numbers")
    if isinstance(start, Mapping):
        unknown = [k for k in start if k not in STATE + ("RANKL", "OPG")]
        if unknown:
            raise checks.fail("start", f"unknown key(s) {', '.join(map(repr, unknown))}", allowed)
        missing = [k for k in STATE if k not in start]
        if missing:
            raise checks.fail("start", f"missing {', '.join(map(repr, missing))}", allowed)
        values = [start[k] for k in STATE]
    elif isinstance(start, (list, tuple, np.ndarray)) and len(start) == 3:
        values = list(start)
    else:
        raise checks.not_allowed("start", start, allowed)
    for name, v, h in zip(STATE, values, healthy):
        if not _number(v) or not math.isfinite(float(v)) or not 0 < float(v) <= MAX_START_FACTOR * h:
            raise checks.fail("start", f"{name} = {v!r} is not allowed", allowed)
    return np.array([float(v) for v in values])


# --------------------------------------------------------------------------------------------
# Couplings
# --------------------------------------------------------------------------------------------

def _excess(level: float, k: float) -> float:
    """Saturating signed excess: (x−1)/((x−1)+K) above baseline, −(1−x)/((1−x)+K) below."""
    d = level - 1.0
    return d / (d + k) if d >= 0 else d / (-d + k)


def _switch_factor(eh, s: float, x):
    """``1 + E·h·(s − x)/(s + x)``: the switching factor of a biphasic (``x`` = the level) or
    RANKL-dependent (``x`` = free RANKL relative to healthy) coupling, ``eh = E·h``; ``x`` a float
    or an array. The one home of this formula (the ODE right-hand side :func:`_rhs` keeps an inline
    copy for speed, pinned to this one by ``tests/test_remodeling.py``)."""
    return 1.0 + eh * (s - x) / (s + x)


def _with_dual(value, dual, rho):
    """``value`` times each RANKL-dependent factor ``(E·h, s)`` on OC formation, at free RANKL ``rho`` × healthy."""
    for eh, s in dual:
        value = value * _switch_factor(eh, s, rho)
    return value


def coupling_factor(level: float, effect: str, max_effect: float, half_effect_level: float,
                    switch_level: float | None = None, rankl_rel: float = 1.0) -> float:
    """Factor by which one cytokine at ``level`` (1 = healthy) multiplies its target.

    With ``h = H(level)`` the signed saturating excess (``(x−1)/((x−1)+K)`` above baseline,
    ``−(1−x)/((1−x)+K)`` below) and ``E = max_effect``:

    * ``raise``: ``1 + E h``; ``lower``: ``1 − E h``;
    * ``biphasic``: ``1 + E h (s − x)/(s + x)``: raises between 1 and the switch level ``s``,
      lowers above it (TNF-α on osteogenic differentiation);
    * ``rankl_dependent``: ``1 + E h (s − ρ)/(s + ρ)`` with ``ρ = rankl_rel`` the free RANKL
      relative to healthy: stimulates when RANKL is below ``s``, inhibits above (IL-6 on
      osteoclast precursors).

    Every factor is 1 at the healthy level.
    """
    level = checks.number(level, "level", low=0.0, allowed="a finite level >= 0 (1 = healthy)")
    effect = checks.choice(effect, "effect", EFFECTS, allowed=", ".join(EFFECTS))
    max_effect = checks.number(max_effect, "max_effect", low=0.0)
    half_effect_level = checks.number(half_effect_level, "half_effect_level", low=0.0, low_open=True)
    rankl_rel = checks.number(rankl_rel, "rankl_rel", low=0.0, allowed="a finite number >= 0 (1 = healthy RANKL)")
    h = _excess(level, half_effect_level)
    if effect == "raise":
        return 1.0 + max_effect * h
    if effect == "lower":
        return 1.0 - max_effect * h
    if switch_level is None:
        raise checks.fail("switch_level", f"None is not allowed for effect {effect!r}", "a number > 0")
    switch_level = checks.number(switch_level, "switch_level", low=0.0, low_open=True)
    x = level if effect == "biphasic" else rankl_rel
    return _switch_factor(max_effect * h, switch_level, x)


def _compile_couplings(levels: Mapping[str, float]) -> tuple[dict[str, float], list[tuple[float, float]]]:
    """Static multipliers per target and the RANKL-dependent terms ``(E·h, s)`` on OC formation."""
    mult = dict.fromkeys(TARGETS, 1.0)
    dual: list[tuple[float, float]] = []
    for c in _couplings():
        x = levels[c.cytokine]
        if c.effect == "rankl_dependent":  # evaluated inside the right-hand side (always OC_formation)
            eh = c.max_effect * _excess(x, c.half_effect_level)
            if eh != 0.0:
                dual.append((eh, float(c.switch_level)))
            continue
        mult[c.target] *= coupling_factor(x, c.effect, c.max_effect, c.half_effect_level, c.switch_level)
    return mult, dual


def target_multipliers(cytokines: Mapping[str, float] | None = None, rankl_rel: float = 1.0) -> dict[str, float]:
    """Factor on each model target (``TARGETS``) for these cytokine levels, at RANKL ``rankl_rel``.

    ``rankl_rel`` (free RANKL relative to healthy) matters only for RANKL-dependent couplings.
    """
    levels = _check_cytokines(cytokines)
    rankl_rel = checks.number(rankl_rel, "rankl_rel", low=0.0, allowed="a finite number >= 0 (1 = healthy RANKL)")
    mult, dual = _compile_couplings(levels)
    mult["OC_formation"] = _with_dual(mult["OC_formation"], dual, rankl_rel)
    return mult


# --------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Healthy:
    params: dict
    state: np.ndarray  # OBp, OBa, OCa (pM)
    rankl: float
    opg: float


def _rates(p: Mapping[str, float], mult: Mapping[str, float], dose: Mapping[str, float]) -> dict[str, float]:
    """Plain-float constants of the right-hand side for these multipliers and dosing."""
    pth = (p["beta_PTH"] + dose["PTH"]) / p["D_PTH"]
    b_rankl = p["beta_RANKL"] * mult["RANKL_production"]
    return dict(
        a_res=p["alpha"] * p["k_res"], p_tgf=dose["TGF-beta"], d_tgf=p["D_TGFb"],
        b_opg=p["beta_OPG"] * mult["OPG_production"] * p["K_PTH_rep"] / (pth + p["K_PTH_rep"]),
        opg_max=p["OPG_max"], d_opg=p["D_OPG"], p_opg=dose["OPG"],
        r_eff=p["R_RANKL"] * pth / (pth + p["K_PTH_act"]),
        b_rankl=b_rankl, p_rankl=b_rankl + dose["RANKL"], d_rankl=p["D_RANKL"],
        k_a1=p["K_A1"], c_rank=1.0 + p["K_A2"] * p["RANK"], k_rr=p["K_A2"] * p["RANK"],
        d_obu=p["D_OBu"] * mult["OB_precursor_supply"], k_d1=p["K_D1"],
        d_obp=p["D_OBp"] * mult["OB_differentiation"], k_d2=p["K_D2"],
        a_oba=p["A_OBa"] * mult["OB_apoptosis"],
        d_ocp=p["D_OCp"] * mult["OC_formation"], k_d8=p["K_D8"],
        a_oca=p["A_OCa"] * mult["OC_apoptosis"], k_d3=p["K_D3"],
    )


def _tgf_beta(r: Mapping[str, float], oca):
    """TGF-β (pM) released by resorption at active osteoclasts ``oca`` (a float or an array)."""
    return (r["a_res"] * oca + r["p_tgf"]) / r["d_tgf"]


def _algebraic(r: Mapping[str, float], obp, oba, oca):
    """TGF-β, free RANKL and OPG (pM) for states (floats or arrays).

    The one home of the quasi-steady-state algebra; the ODE right-hand side :func:`_rhs` keeps an
    inline copy for speed, pinned to this one by ``tests/test_remodeling.py``.
    """
    tgf = _tgf_beta(r, oca)
    prod = r["b_opg"] * oba
    opg = (prod + r["p_opg"]) / (prod / r["opg_max"] + r["d_opg"])
    eff = r["r_eff"] * obp
    rankl = eff * r["p_rankl"] / ((r["b_rankl"] + r["d_rankl"] * eff) * (r["c_rank"] + r["k_a1"] * opg))
    return tgf, rankl, opg


#: The steady-state search brackets the active osteoclasts (pM) on a log-spaced grid of this range and size.
OCA_SEARCH_RANGE = (1e-14, 1e3)
OCA_SEARCH_POINTS = 400
#: Of several steady states, the one with osteoclasts (pM) nearest this is taken: about the healthy state
#: of the reference parameters (8.07e-4 pM).
OCA_NEAR_HEALTHY = 8e-4


def _reduced_steady_state(r: Mapping[str, float], dual, rankl0: float) -> np.ndarray:
    """Non-trivial steady state, found as the root of the OCa balance with OBp and OBa eliminated."""

    def cells(oca):
        tgf = _tgf_beta(r, oca)
        supply = r["d_obu"] * tgf / (tgf + r["k_d1"])
        obp = supply / (r["d_obp"] * r["k_d2"] / (tgf + r["k_d2"]))
        oba = supply / r["a_oba"]
        return tgf, obp, oba

    def balance(log_oca):
        oca = np.exp(log_oca)
        tgf, obp, oba = cells(oca)
        _, rankl, _ = _algebraic(r, obp, oba, oca)
        x = r["k_rr"] * rankl
        form = r["d_ocp"] * x / (x + r["k_d8"])
        form = _with_dual(form, dual, rankl / rankl0)
        # divide by oca: the trivial root oca = 0 (no cells at all) is not wanted
        return (form - r["a_oca"] * tgf / (tgf + r["k_d3"]) * oca) / oca

    grid = np.linspace(math.log(OCA_SEARCH_RANGE[0]), math.log(OCA_SEARCH_RANGE[1]), OCA_SEARCH_POINTS)
    values = balance(grid)
    crossings = np.nonzero((values[:-1] > 0) & (values[1:] <= 0))[0]
    if len(crossings) == 0:
        raise ValueError("steady_state: no steady state with osteoclasts found for these inputs")
    # several crossings would be several stable states; take the one nearest the healthy one
    i = crossings[np.argmin(np.abs(grid[crossings] - math.log(OCA_NEAR_HEALTHY)))]
    log_oca = brentq(balance, grid[i], grid[i + 1], xtol=1e-14, rtol=1e-14)
    oca = math.exp(log_oca)
    _, obp, oba = cells(oca)
    return np.array([float(obp), float(oba), oca])


@lru_cache(maxsize=8)
def _healthy_for(values: tuple) -> _Healthy:
    p = dict(zip(PARAMETER_NAMES, values))
    r = _rates(p, dict.fromkeys(TARGETS, 1.0), dict.fromkeys(DOSING_TERMS, 0.0))
    state = _reduced_steady_state(r, [], 1.0)
    _, rankl, opg = _algebraic(r, *state)
    return _Healthy(p, state, float(rankl), float(opg))


def _healthy() -> _Healthy:
    p = parameters()
    return _healthy_for(tuple(p[n] for n in PARAMETER_NAMES))


def steady_state(cytokines: Mapping[str, float] | None = None,
                 dosing: Mapping[str, float] | None = None) -> dict[str, float]:
    """Steady state (pM) of ``OBp``, ``OBa``, ``OCa`` with derived free ``RANKL`` and ``OPG``.

    ``cytokines`` as in :func:`simulate` (1 = healthy); ``dosing`` constant external production
    (pM/day). With no inputs this is the healthy steady state of the Pivonka et al. 2008 model,
    solved from its equations with the reference parameter values (OBp ≈ 6.196e-4, OBa ≈ 5.584e-4,
    OCa ≈ 8.070e-4 pM); the numbers are re-solved, not quoted from the paper.
    """
    levels = _check_cytokines(cytokines)
    dose = _check_dosing(dosing)
    base = _healthy()
    mult, dual = _compile_couplings(levels)
    if all(v == 1.0 for v in levels.values()) and not any(dose.values()):
        return dict(zip(STATE, map(float, base.state))) | {"RANKL": base.rankl, "OPG": base.opg}
    r = _rates(base.params, mult, dose)
    state = _reduced_steady_state(r, dual, base.rankl)
    _, rankl, opg = _algebraic(r, *state)
    return dict(zip(STATE, map(float, state))) | {"RANKL": float(rankl), "OPG": float(opg)}


def _rhs(r: Mapping[str, float], dual, scale: np.ndarray, kappa: float, rankl0: float):
    """Right-hand side in state scaled by the healthy steady state (plus bone volume, %)."""
    s0, s1, s2 = (float(v) for v in scale)
    a_res, p_tgf, i_tgf = r["a_res"], r["p_tgf"], 1.0 / r["d_tgf"]
    b_opg, i_max, d_opg, p_opg = r["b_opg"], 1.0 / r["opg_max"], r["d_opg"], r["p_opg"]
    r_eff, b_rankl, p_rankl, d_rankl = r["r_eff"], r["b_rankl"], r["p_rankl"], r["d_rankl"]
    k_a1, c_rank, k_rr = r["k_a1"], r["c_rank"], r["k_rr"]
    d_obu, k_d1, d_obp, k_d2, a_oba = r["d_obu"], r["k_d1"], r["d_obp"], r["k_d2"], r["a_oba"]
    d_ocp, k_d8, a_oca, k_d3 = r["d_ocp"], r["k_d8"], r["a_oca"], r["k_d3"]
    i0, i1, i2 = 1.0 / s0, 1.0 / s1, 1.0 / s2
    dual = tuple(dual)
    i_rankl0 = 1.0 / rankl0

    # Inline copies of _algebraic and _with_dual, with the constants bound to locals: the solver
    # calls f thousands of times per simulation. tests/test_remodeling.py pins f to those functions.
    def f(t, u):
        u0, u1, u2, bv = u.tolist()
        obp, oba, oca = u0 * s0, u1 * s1, u2 * s2
        tgf = (a_res * oca + p_tgf) * i_tgf
        prod = b_opg * oba
        opg = (prod + p_opg) / (prod * i_max + d_opg)
        eff = r_eff * obp
        rankl = eff * p_rankl / ((b_rankl + d_rankl * eff) * (c_rank + k_a1 * opg))
        x = k_rr * rankl
        form = d_ocp * x / (x + k_d8)
        if dual:
            rho = rankl * i_rankl0
            for eh, s in dual:
                form *= 1.0 + eh * (s - rho) / (s + rho)
        diff = d_obp * k_d2 / (tgf + k_d2) * obp
        return [(d_obu * tgf / (tgf + k_d1) - diff) * i0,
                (diff - a_oba * oba) * i1,
                (form - a_oca * tgf / (tgf + k_d3) * oca) * i2,
                kappa * 0.01 * bv * (u1 - u2)]

    return f


def _time_grid(days: float) -> np.ndarray:
    t = np.arange(0.0, math.floor(days) + 1.0)
    if t[-1] < days:
        t = np.append(t, days)
    return t


def simulate(days: float = 365, cytokines: Mapping[str, float] | None = None,
             dosing: Mapping[str, float] | None = None, dosing_window: tuple[float, float] | None = None,
             start: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Simulate bone remodeling for ``days`` days; one row per day (plus ``days`` if fractional).

    Parameters
    ----------
    days : simulated time, ``0 < days <= MAX_DAYS``.
    cytokines : ``{name: level}`` for "IL-1", "IL-33", "IL-6", "IL-8", "IL-10", "TNF-α" (also
        "TNF-alpha"); level relative to healthy (1 = healthy, 0 = absent), applied from t = 0.
        Missing cytokines stay at 1.
    dosing : ``{term: pM/day}`` external production of "RANKL", "OPG", "PTH", "TGF-beta".
    dosing_window : ``(t_on, t_off)`` days during which dosing applies (default: throughout).
    start : initial ``OBp``, ``OBa``, ``OCa`` (pM); default the healthy steady state, so with no
        inputs nothing moves.

    Returns
    -------
    DataFrame with columns ``t`` (days), ``OBp``, ``OBa``, ``OCa``, ``RANKL``, ``OPG`` (pM),
    ``RANKL_OPG`` (free RANKL / OPG), ``RANKL_OPG_rel`` (that ratio relative to healthy) and
    ``bone_volume`` (% of start; ``dBV/dt = κ (BV/100) (OBa/OBa* − OCa/OCa*)``, a teaching index).
    ``df.attrs`` holds the inputs.

    Raises ``ValueError`` naming the argument, the bad value and what is allowed.
    """
    days = _check_days(days)
    levels = _check_cytokines(cytokines)
    dose = _check_dosing(dosing)
    window = _check_window(dosing_window, days)
    base = _healthy()
    y0 = _check_start(start, base.state)
    kappa = base.params["kappa_BV"]
    mult, dual = _compile_couplings(levels)
    no_dose = dict.fromkeys(DOSING_TERMS, 0.0)
    dosed = any(v > 0 for v in dose.values())
    r_on = _rates(base.params, mult, dose)
    r_off = _rates(base.params, mult, no_dose) if dosed else r_on
    scale = base.state

    t = _time_grid(days)
    if window is None or not dosed:
        segments = [(0.0, days, r_on)]
    else:
        on, off = window
        segments = [(a, b, r) for a, b, r in ((0.0, on, r_off), (on, off, r_on), (off, days, r_off)) if b > a]

    u = np.append(y0 / scale, 100.0)
    out = np.empty((4, len(t)))
    out[:, 0] = u
    filled = 1
    for a, b, r in segments:
        f = _rhs(r, dual, scale, kappa, base.rankl)
        mask = (t > a) & (t <= b)
        n = int(mask.sum())
        if b - a <= 1e-9 * max(1.0, days):  # a sliver (e.g. a window ending a hair before `days`)
            out[:, filled:filled + n] = u[:, None]  # nothing can change in so short a time
            filled += n
            continue
        t_seg = t[mask]
        if len(t_seg) == 0 or t_seg[-1] < b:
            t_seg = np.append(t_seg, b)  # end the segment exactly at its boundary
        sol = solve_ivp(f, (a, b), u, method="LSODA", t_eval=t_seg, rtol=_RTOL, atol=_ATOL)
        if not sol.success:  # pragma: no cover - the model is smooth; kept as a guard
            raise RuntimeError(f"simulate: the solver failed ({sol.message})")
        out[:, filled:filled + n] = sol.y[:, :n]
        filled += n
        u = sol.y[:, -1]

    cells = out[:3] * scale[:, None]
    cells[:, 0] = y0  # exactly the start, free of scaling round-off
    rankl = np.empty(len(t))
    opg = np.empty(len(t))
    active = np.ones(len(t), bool) if window is None else (t >= window[0]) & (t <= window[1])
    for r, sel in ((r_on, active), (r_off, ~active)):
        if sel.any():
            _, rankl[sel], opg[sel] = _algebraic(r, cells[0, sel], cells[1, sel], cells[2, sel])
    ratio = rankl / opg
    df = pd.DataFrame({
        "t": t, "OBp": cells[0], "OBa": cells[1], "OCa": cells[2], "RANKL": rankl, "OPG": opg,
        "RANKL_OPG": ratio, "RANKL_OPG_rel": ratio / (base.rankl / base.opg), "bone_volume": out[3],
    })
    df.attrs.update(cytokines=levels, dosing=dose, dosing_window=window, days=days)
    return df


def osteoclast_formation(rankl_rel, cytokines: Mapping[str, float] | None = None) -> np.ndarray:
    """Osteoclast formation rate relative to healthy, at free RANKL ``rankl_rel`` × healthy.

    This is ``D_OCp · m(ρ) · π_act(K_A2 RANKL RANK, K_D8)`` divided by its healthy value, with
    ``m(ρ)`` the cytokines' multiplier on osteoclast formation (for IL-6 it depends on RANKL).
    Useful to show IL-6's RANKL-dependent dual effect.
    """
    rho = checks.numbers(rankl_rel, "rankl_rel", low=0.0, allowed="finite numbers >= 0 (a number or a list of "
                         f"at most {checks.MAX_ITEMS})")
    levels = _check_cytokines(cytokines)
    base = _healthy()
    mult, dual = _compile_couplings(levels)
    k_rr, k_d8 = base.params["K_A2"] * base.params["RANK"], base.params["K_D8"]
    x = k_rr * base.rankl * rho
    x0 = k_rr * base.rankl
    rate = mult["OC_formation"] * (x / (x + k_d8)) / (x0 / (x0 + k_d8))
    return _with_dual(rate, dual, rho)


def therapy(name: str, cytokines: Mapping[str, float] | None = None,
            dosing: Mapping[str, float] | None = None) -> dict[str, dict[str, float]]:
    """Inputs changed by a therapy: ``{"cytokines": ..., "dosing": ...}`` for :func:`simulate`.

    A cytokine therapy multiplies that cytokine's level by the fraction left (``value`` in
    ``data/therapies.csv``); a dosing therapy (anti-RANKL, as an OPG-like decoy) adds its rate.
    Use as ``simulate(365, **therapy("anti-TNF", {"TNF-α": 5}))``.
    """
    table = therapies()
    if not isinstance(name, str) or name not in table:
        raise checks.fail("name", f"unknown therapy {name!r}", ", ".join(map(repr, table)))
    levels = _check_cytokines(cytokines)
    dose = _check_dosing(dosing)
    t = table[name]
    if t.kind == "cytokine":
        levels[t.acts_on] *= t.value
    else:
        dose[t.acts_on] += t.value
    return {"cytokines": levels, "dosing": dose}


#: The illustrative inflamed state (a teaching choice, not a measured one): these cytokines raised together
#: to ``INFLAMED_LEVEL`` × healthy. The chapters, the simulator's presets and the tests all read it from here.
INFLAMED_CYTOKINES: tuple[str, ...] = ("TNF-α", "IL-1", "IL-6")
INFLAMED_LEVEL = 3.0


def inflamed_state(level: float = INFLAMED_LEVEL) -> dict[str, float]:
    """Cytokine levels of the illustrative inflamed state: :data:`INFLAMED_CYTOKINES` at ``level`` × healthy."""
    level = checks.number(level, "level", low=0.0, allowed="a finite number >= 0 (× healthy)")
    return dict.fromkeys(INFLAMED_CYTOKINES, level)


def illustrative_scenarios(level: float = INFLAMED_LEVEL) -> dict[str, dict[str, dict[str, float] | None]]:
    """Illustrative scenarios by label, each as keyword arguments of :func:`simulate`.

    ``healthy``; TNF-α, IL-1 and IL-6 raised to ``level`` × healthy (an illustrative
    inflammatory state, not a measured one); and that state with each therapy of
    ``data/therapies.csv``.
    """
    inflamed = inflamed_state(level)
    level = inflamed[INFLAMED_CYTOKINES[0]]
    out: dict[str, dict] = {
        "healthy": {"cytokines": None, "dosing": None},
        f"inflamed: {', '.join(INFLAMED_CYTOKINES)} at {level:g}×": {"cytokines": inflamed, "dosing": None},
    }
    for tid, t in therapies().items():
        out[f"inflamed + {t.label}"] = therapy(tid, inflamed)
    return out


#: Keys of a simulator request (the form the browser simulator and its presets use).
REQUEST_KEYS: tuple[str, ...] = ("days", "cytokines", "dosing", "dosing_window", "therapy")


def check_request(request: Mapping[str, Any]) -> dict[str, Any]:
    """Checked inputs of a simulator request ``{days, cytokines, dosing, dosing_window, therapy}``.

    Every key is optional (``days`` 365, healthy cytokines, no dosing, no window, no therapy).
    The checks, in this order, are those of :func:`simulate` and :func:`therapy`; an unknown key or
    therapy raises ``ValueError`` naming it. Returns canonical ``days``, ``cytokines`` (all six),
    ``dosing`` (all four terms), ``dosing_window`` (a pair or ``None``) and ``therapy`` (an id or
    ``None``), before the therapy is applied.
    """
    if not isinstance(request, Mapping):
        raise checks.fail("request", f"expected a mapping, got {type(request).__name__} {checks.show(request)}",
                          f"a mapping with keys {', '.join(REQUEST_KEYS)}")
    unknown = [k for k in request if k not in REQUEST_KEYS]
    if unknown:
        raise ValueError(f"request: unknown key(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(REQUEST_KEYS)}")
    days = _check_days(request.get("days", 365))
    levels = _check_cytokines(request.get("cytokines"))
    dose = _check_dosing(request.get("dosing"))
    window = _check_window(request.get("dosing_window"), days)
    tid = request.get("therapy")
    if tid is not None:
        table = therapies()
        if not isinstance(tid, str) or tid not in table:
            raise checks.fail("therapy", f"unknown therapy {tid!r}", f"{', '.join(map(repr, table))} or None")
    return {"days": days, "cytokines": levels, "dosing": dose, "dosing_window": window, "therapy": tid}


def simulate_request(request: Mapping[str, Any]) -> pd.DataFrame:
    """:func:`simulate` for a simulator request (see :func:`check_request`).

    The same as ``simulate(days, **therapy(id, cytokines, dosing), dosing_window=...)`` with a
    therapy, ``simulate(days, cytokines, dosing, dosing_window)`` without one. The browser
    engine (``widgets/browser/remodeling.mjs``) takes the same requests.
    """
    inputs = check_request(request)
    levels, dose = inputs["cytokines"], inputs["dosing"]
    if inputs["therapy"] is not None:
        changed = therapy(inputs["therapy"], levels, dose)
        levels, dose = changed["cytokines"], changed["dosing"]
    return simulate(inputs["days"], levels, dose, inputs["dosing_window"])
