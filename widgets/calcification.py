"""The VSMC calcification engine: IL-6 -> JAK -> pSTAT3 -> Runx2 -> TNAP -> calcium, and a virtual lab.

A teaching model of the experiment in the course's VSMC paper (human umbilical-artery smooth
muscle cells in osteogenic medium; control, IL-6 100 ng/ml, IL-6 + tofacitinib/CP690550).
The paper's figures and numbers are missing (chapter 9, "No data in the text"), so nothing here is fitted: every
constant is a teaching calibration read from ``data/vsmc_model.csv`` (name, value, unit, note).

The mechanism
-------------
* IL-6 occupies its receptor (IL-6R/gp130) with ``occ = IL6 / (IL6 + EC50)``; the paper's
  100 ng/ml is saturating.
* Tofacitinib leaves a fraction ``a = 1 / (1 + (I / IC50)^h)`` of each JAK's activity
  (:func:`jak_activity`). Two potency sets are offered (argument ``potency``):

  - ``"enzyme"`` (the default): the enzyme-assay IC50s as the paper quotes them, JAK1 112,
    JAK2 20, JAK3 1 nM. In this set JAK2 is blocked at lower doses than JAK1;
  - ``"cell"``: cellular IC50s of JAK-pair signalling from the tofacitinib (XELJANZ) US label,
    JAK1/JAK2 pairs 406, JAK2/JAK2 pairs 1377, JAK1/JAK3 pairs 56 nM, mapped (a teaching
    mapping) to JAK1, JAK2 and JAK3. In cells, at physiological ATP, JAK1/JAK3-dependent
    signalling is blocked before JAK2-only signalling, so the order of JAK1 and JAK2 reverses.
* The IL-6 signal is ``S = occ x a_route``, where the route says which JAK carries it:
  ``"JAK2"`` (the paper's assumption), ``"JAK1"`` (what the wider literature holds for gp130) or
  ``"JAK1+JAK2"`` (both must be active, ``a_JAK1 x a_JAK2``). Tofacitinib is added together with
  IL-6 at t = 0 (the paper does not say when; chapter 9's correction "what the methods leave out").
* A linear chain of first-order steps, every level relative to the osteogenic-medium baseline
  without IL-6 (= 1)::

      dP/dt = kP (1 + gP S - P)            pSTAT3
      dR/dt = kR (1 + gR (P - 1) - R)      Runx2
      dT/dt = kT (1 + gT (R - 1) - T)      TNAP
      dC/dt = kC (T - 1)                   calcium (deposited, so it accumulates)
      dJ/dt = kJ (1 + gJ occ - J)          total Jak2 (teaching coupling, see below)

  All levels start at 1. Because the chain is linear with constant inputs, it is solved exactly
  with a matrix exponential (no step-size error); :func:`simulate_culture` returns it hourly.
* Total Jak2 protein rises with IL-6 as the paper reports (IL-6 vs control). This is a
  *teaching coupling*, not a known mechanism: it follows receptor occupancy and not JAK
  activity, because tofacitinib blocks kinase activity, not expression (chapter 9's correction "activity, not expression"), and the
  paper did not report Jak2 in the inhibitor group.

The virtual experiment
----------------------
:func:`run_experiment` draws replicate wells with multiplicative log-normal noise (CV ``noise``)
around the model, then runs the paper's statistics: one-way ANOVA across groups
(:func:`scipy.stats.f_oneway`) and Fisher's LSD pairwise t tests, which use the ANOVA's pooled
within-group mean square and its N - k degrees of freedom. :func:`paper_design` reproduces
exactly what the paper measured: calcium at 24/48/72 h in control vs IL-6 only, and the
Western blot at 24 h (chapter 9's caution "a short time frame and an unusual sample" and its correction "what the methods leave out").
"""

from __future__ import annotations

import math
import warnings
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from numbers import Real
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import linalg, stats

from widgets import checks
from widgets.data import DataError, load_records
from widgets.schemas.calcification import PARAMETERS

__all__ = [
    "JAKS", "ROUTES", "POTENCIES", "READOUTS", "BLOT_READOUTS", "MAX_HOURS", "GROUP_FIELDS", "MAX_ROWS",
    "MAX_REPLICATES", "MAX_GROUPS", "MAX_WELLS", "MAX_NOISE", "MAX_SEED", "SIGNIFICANCE", "LOADING_CONTROL",
    "LOADING_STREAM", "Params", "Measurement", "ExperimentResult",
    "parameters", "jak_activity", "route_activity", "receptor_occupancy", "simulate_culture",
    "expected_levels", "dose_response_curve", "default_groups", "full_design", "paper_design",
    "run_experiment", "one_way_anova", "lsd_pairwise", "summary", "blot_bands",
]

JAKS = ("JAK1", "JAK2", "JAK3")
ROUTES = ("JAK2", "JAK1", "JAK1+JAK2")
POTENCIES = ("enzyme", "cell")  # tofacitinib's IC50s: enzyme assays (as the paper quotes) or cells
READOUTS = ("calcium", "TNAP", "Runx2", "Jak2")
BLOT_READOUTS = ("TNAP", "Runx2", "Jak2")
GROUP_FIELDS = ("il6_ng_ml", "tofacitinib_nM")
MAX_HOURS = 168.0  # one week: the longest culture the engine simulates
#: Name of the inhibitor-only group that the virtual lab can add (tofacitinib without IL-6).
INHIBITOR_ALONE = "tofacitinib alone"
MAX_ROWS = 100_000  # most rows of one simulated culture (bounds step_h from below)
MAX_REPLICATES = 10_000  # most replicate wells per group and measurement
MAX_GROUPS = 50  # most groups in one experiment
MAX_WELLS = 200_000  # most simulated wells in one experiment (replicates x measured groups)
MAX_NOISE = 10.0  # largest coefficient of variation of the wells' noise (1000 %)
MAX_SEED = 2**53 - 1  # largest seed (the browser lab's numbers are exact integers up to here)
#: The significance threshold of the course's statistics: a test with P below it is marked significant.
SIGNIFICANCE = 0.05
#: The blot's loading-control protein: every band's density is read relative to it.
LOADING_CONTROL = "beta-actin"
#: The key of the loading control's random stream in a seed (the readouts' streams are their READOUTS index).
LOADING_STREAM = 99

_STATES = ("pSTAT3", "Runx2", "TNAP", "calcium", "Jak2")
_POSITIVE = ("ic50_jak1_nM", "ic50_jak2_nM", "ic50_jak3_nM", "cell_ic50_jak1_nM", "cell_ic50_jak2_nM",
             "cell_ic50_jak3_nM", "hill", "il6_ec50_ng_ml", "k_pstat3_per_h",
             "k_runx2_per_h", "k_tnap_per_h", "k_jak2_per_h")


# --------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class Params:
    """The teaching constants of ``data/vsmc_model.csv`` (hashable, so solutions can be cached)."""

    ic50_jak1_nM: float
    ic50_jak2_nM: float
    ic50_jak3_nM: float
    cell_ic50_jak1_nM: float
    cell_ic50_jak2_nM: float
    cell_ic50_jak3_nM: float
    hill: float
    il6_ec50_ng_ml: float
    k_pstat3_per_h: float
    pstat3_gain: float
    k_runx2_per_h: float
    runx2_gain: float
    k_tnap_per_h: float
    tnap_gain: float
    k_calcium_per_h: float
    k_jak2_per_h: float
    jak2_gain: float
    default_il6_ng_ml: float
    teaching_tofacitinib_nM: float
    actin_loading_cv: float

    @property
    def ic50(self) -> dict[str, float]:
        """Enzyme IC50 (nM) of tofacitinib on each JAK, as quoted by the paper; selectivity in cells differs."""
        return {"JAK1": self.ic50_jak1_nM, "JAK2": self.ic50_jak2_nM, "JAK3": self.ic50_jak3_nM}

    @property
    def cell_ic50(self) -> dict[str, float]:
        """Cellular IC50 (nM) of tofacitinib on signalling through each JAK (JAK-pair assays, teaching mapping)."""
        return {"JAK1": self.cell_ic50_jak1_nM, "JAK2": self.cell_ic50_jak2_nM, "JAK3": self.cell_ic50_jak3_nM}

    def ic50_set(self, potency: str = "enzyme") -> dict[str, float]:
        """The IC50s (nM) of one potency set: ``"enzyme"`` (:attr:`ic50`) or ``"cell"`` (:attr:`cell_ic50`)."""
        return self.ic50 if _potency(potency) == "enzyme" else self.cell_ic50


def parameters() -> Params:
    """The constants of ``data/vsmc_model.csv``, validated (every name present, rates and IC50s > 0)."""
    records = load_records("vsmc_model.csv")
    values = {r["name"]: float(r["value"]) for r in records}
    missing = [name for name in PARAMETERS if name not in values]
    if missing:
        raise DataError("vsmc_model.csv", f"missing constant(s) {', '.join(map(repr, missing))}", field="name",
                        allowed="one row for each of " + ", ".join(PARAMETERS))
    for name in _POSITIVE:
        if values[name] <= 0:
            row = next(i for i, r in enumerate(records, start=1) if r["name"] == name)
            raise DataError("vsmc_model.csv", f"{name} = {values[name]!r} must be above zero",
                            f"row {row} (line {row + 1})", "value", "a number above 0")
    return Params(**{name: values[name] for name in PARAMETERS})


# --------------------------------------------------------------------------- validation helpers
# Every message has the one format of widgets/checks.py: "<argument>: <problem>; allowed: <what>".
_DOSE = "a finite number >= 0"
_TIME = f"a time in hours with 0 < t <= {MAX_HOURS:g}"
_TIMES = f"a list of 1 to {checks.MAX_ITEMS} times in hours (0 < t <= {MAX_HOURS:g}), none repeated"
_POTENCY = "'enzyme', 'cell' (the IC50 sets of tofacitinib: enzyme assays as the paper quotes them, or cells)"


def _dose(value, name: str) -> float:
    return checks.number(value, name, low=0.0, allowed=_DOSE)


def _doses(value, name: str) -> np.ndarray:
    return checks.numbers(value, name, low=0.0,
                          allowed=f"a dose or a list of at most {checks.MAX_ITEMS} doses, each {_DOSE}")


def _route(jak_route) -> str:
    return checks.choice(jak_route, "jak_route", ROUTES)


def _potency(potency) -> str:
    return checks.choice(potency, "potency", POTENCIES, allowed=_POTENCY)


def _time(value, name: str) -> float:
    return checks.number(value, name, low=0.0, low_open=True, high=MAX_HOURS, allowed=_TIME)


def _times(values, name: str = "hours") -> tuple[float, ...]:
    items = checks.items(values, name, _TIMES, min_len=1, scalar=(Real, np.number))
    out = tuple(_time(v, f"{name}[{i}]") for i, v in enumerate(items))
    if len(set(out)) != len(out):
        raise checks.fail(name, f"{list(items)!r} repeats a time point", _TIMES)
    return out


# --------------------------------------------------------------------------- pharmacology
def _activities(dose: np.ndarray, p: Params, hill: float | None = None,
                ic50: Mapping[str, float] | None = None) -> dict[str, np.ndarray]:
    h = p.hill if hill is None else hill
    ic50 = p.ic50 if ic50 is None else ic50
    with np.errstate(over="ignore"):  # a huge dose: (dose / IC50)^h overflows to inf, activity 0 (exact)
        return {jak: 1.0 / (1.0 + (dose / ic50[jak]) ** h) for jak in JAKS}


def _route_fraction(act: Mapping[str, np.ndarray], jak_route: str):
    if jak_route == "JAK2":
        return act["JAK2"]
    if jak_route == "JAK1":
        return act["JAK1"]
    return act["JAK1"] * act["JAK2"]


def jak_activity(tofacitinib_nM, hill: float | None = None, ic50_nM: Mapping[str, float] | None = None,
                 potency: str = "enzyme") -> dict:
    """Remaining activity (0-1) of JAK1, JAK2 and JAK3 at a tofacitinib concentration (nM).

    ``a = 1 / (1 + (I / IC50)^h)`` with Hill coefficient ``h`` (1 unless given) and the IC50s of
    the potency set: ``"enzyme"`` (default), the enzyme-assay IC50s the paper quotes (JAK1 112,
    JAK2 20, JAK3 1 nM), or ``"cell"``, cellular IC50s of JAK-pair signalling (JAK1 406, JAK2 1377,
    JAK3 56 nM). ``tofacitinib_nM`` may be a scalar (floats are returned) or an array (arrays of
    the same shape). ``ic50_nM`` overrides IC50s of the chosen set by JAK name.
    """
    dose = _doses(tofacitinib_nM, "tofacitinib_nM")
    potency = _potency(potency)
    p = parameters()
    if hill is not None:
        hill = checks.number(hill, "hill", low=0.0, low_open=True)
    ic50 = p.ic50_set(potency)
    if ic50_nM is not None:
        checks.mapping(ic50_nM, "ic50_nM", f"a mapping of {', '.join(JAKS)} to IC50s in nM (> 0)")
        unknown = [k for k in ic50_nM if k not in JAKS]
        if unknown:
            raise checks.fail("ic50_nM", f"unknown JAK {unknown[0]!r}", ", ".join(JAKS))
        ic50 = {**ic50, **{k: checks.number(v, f"ic50_nM[{k!r}]", low=0.0, low_open=True, unit="(nM)")
                           for k, v in ic50_nM.items()}}
    out = _activities(dose, p, hill, ic50)
    if dose.ndim == 0:
        return {jak: float(v) for jak, v in out.items()}
    return out


def route_activity(tofacitinib_nM, jak_route: str = "JAK2", potency: str = "enzyme"):
    """Fraction of the IL-6 signal a route still carries: ``a_JAK2``, ``a_JAK1`` or ``a_JAK1 x a_JAK2``.

    ``potency`` chooses the IC50 set (``"enzyme"``, as the paper quotes, or ``"cell"``; see :func:`jak_activity`).
    """
    _route(jak_route)
    _potency(potency)
    return _route_fraction(jak_activity(tofacitinib_nM, potency=potency), jak_route)


def receptor_occupancy(il6_ng_ml):
    """Fraction of IL-6 receptors (IL-6R/gp130) occupied: ``IL6 / (IL6 + EC50)``."""
    dose = _doses(il6_ng_ml, "il6_ng_ml")
    occ = dose / (dose + parameters().il6_ec50_ng_ml)
    return float(occ) if occ.ndim == 0 else occ


# --------------------------------------------------------------------------- the ODE chain
def _system(p: Params) -> np.ndarray:
    """Augmented matrix of the deviation system y' = A y + B u (u = [S, occ], constant), size 7 x 7."""
    m = np.zeros((7, 7))
    kP, kR, kT, kC, kJ = p.k_pstat3_per_h, p.k_runx2_per_h, p.k_tnap_per_h, p.k_calcium_per_h, p.k_jak2_per_h
    m[0, 0] = -kP
    m[0, 5] = kP * p.pstat3_gain
    m[1, 0], m[1, 1] = kR * p.runx2_gain, -kR
    m[2, 1], m[2, 2] = kT * p.tnap_gain, -kT
    m[3, 2] = kC
    m[4, 4] = -kJ
    m[4, 6] = kJ * p.jak2_gain
    return m


@lru_cache(maxsize=64)
def _unit_responses(p: Params, times: tuple[float, ...]) -> np.ndarray:
    """Deviations from baseline at ``times`` for unit inputs: array (len(times), 5 states, 2 inputs)."""
    m = _system(p)
    out = np.empty((len(times), 5, 2))
    for i, t in enumerate(times):
        out[i] = linalg.expm(m * t)[:5, 5:]
    out.flags.writeable = False
    return out


@lru_cache(maxsize=16)
def _grid_responses(p: Params, n_steps: int, step_h: float) -> np.ndarray:
    """As :func:`_unit_responses` on the grid 0, step, ..., n_steps*step (exact stepping)."""
    phi = linalg.expm(_system(p) * step_h)
    x = np.zeros((7, 2))
    x[5, 0] = x[6, 1] = 1.0
    out = np.empty((n_steps + 1, 5, 2))
    out[0] = 0.0
    for i in range(1, n_steps + 1):
        x = phi @ x
        out[i] = x[:5]
    out.flags.writeable = False
    return out


def _inputs(il6_ng_ml: float, tofacitinib_nM: float, jak_route: str, p: Params,
            potency: str = "enzyme") -> tuple[float, float]:
    """The chain's two constant inputs (validated doses): signal S = occ x route activity, and occ."""
    occ = il6_ng_ml / (il6_ng_ml + p.il6_ec50_ng_ml)
    act = _activities(np.float64(tofacitinib_nM), p, ic50=p.ic50_set(potency))
    return occ * float(_route_fraction(act, jak_route)), occ


def simulate_culture(il6_ng_ml: float = 100, tofacitinib_nM: float = 0, hours: float = 72,
                     jak_route: str = "JAK2", step_h: float = 1.0, potency: str = "enzyme") -> pd.DataFrame:
    """Levels over time in one culture, relative to the no-IL-6 baseline at t = 0 (baseline = 1).

    Columns ``t_h, pSTAT3, Runx2, TNAP, calcium, Jak2`` (``Jak2`` = total Jak2 protein, a teaching
    coupling), one row every ``step_h`` hours from 0 to ``hours`` (0 < hours <= 168). IL-6 and
    tofacitinib are both added at t = 0 in osteogenic medium. ``jak_route`` is the JAK assumed to
    carry the signal (default ``"JAK2"``, the paper's assumption); ``potency`` the IC50 set.
    """
    il6 = _dose(il6_ng_ml, "il6_ng_ml")
    tofa = _dose(tofacitinib_nM, "tofacitinib_nM")
    route = _route(jak_route)
    potency = _potency(potency)
    hours = _time(hours, "hours")
    steps = f"a number with 0 < step_h <= hours ({hours:g}) giving at most {MAX_ROWS} rows"
    step_h = checks.number(step_h, "step_h", low=0.0, low_open=True, high=hours, allowed=steps)
    ratio = hours / step_h  # inf for a subnormal step_h
    if not math.isfinite(ratio) or math.floor(ratio + 1e-9) + 2 > MAX_ROWS:
        raise checks.not_allowed("step_h", step_h, steps)
    p = parameters()
    n = int(math.floor(ratio + 1e-9))
    t = np.arange(n + 1) * float(step_h)
    resp = _grid_responses(p, n, float(step_h))
    if t[-1] < hours - 1e-9:  # the grid does not land on `hours`: add the end point exactly
        t = np.append(t, hours)
        resp = np.concatenate([resp, _unit_responses(p, (hours,))])
    s, occ = _inputs(il6, tofa, route, p, potency)
    levels = 1.0 + resp @ np.array([s, occ])
    frame = pd.DataFrame(levels, columns=list(_STATES))
    frame.insert(0, "t_h", t)
    return frame


def expected_levels(il6_ng_ml: float, tofacitinib_nM: float, hours: Sequence[float],
                    jak_route: str = "JAK2", potency: str = "enzyme") -> pd.DataFrame:
    """Noise-free levels at the given times: columns ``time_h`` and one per state (baseline = 1).

    ``jak_route`` is the JAK assumed to carry the signal; ``potency`` the IC50 set (see :func:`jak_activity`).
    """
    il6 = _dose(il6_ng_ml, "il6_ng_ml")
    tofa = _dose(tofacitinib_nM, "tofacitinib_nM")
    route = _route(jak_route)
    potency = _potency(potency)
    times = _times(hours)
    p = parameters()
    s, occ = _inputs(il6, tofa, route, p, potency)
    levels = 1.0 + _unit_responses(p, times) @ np.array([s, occ])
    frame = pd.DataFrame(levels, columns=list(_STATES))
    frame.insert(0, "time_h", list(times))
    return frame


def dose_response_curve(tofacitinib_nM, il6_ng_ml: float = 100, hours: Sequence[float] = (24, 72),
                        jak_route: str = "JAK2", potency: str = "enzyme") -> pd.DataFrame:
    """Levels against tofacitinib dose (vectorised): long table ``tofacitinib_nM, time_h, readout, value``.

    Readouts are the five states plus ``JAK1``, ``JAK2``, ``JAK3`` (remaining activity in the IC50
    set ``potency``, the same at every time) and ``signal`` (the route's remaining fraction of the IL-6 signal).
    """
    dose = np.atleast_1d(_doses(tofacitinib_nM, "tofacitinib_nM")).ravel()
    il6 = _dose(il6_ng_ml, "il6_ng_ml")
    route = _route(jak_route)
    potency = _potency(potency)
    times = _times(hours)
    occ = receptor_occupancy(il6)
    act = jak_activity(dose, potency=potency)
    signal = _route_fraction(act, route)
    s = occ * signal
    resp = _unit_responses(parameters(), times)  # (T, 5, 2)
    rows = []
    for ti, t in enumerate(times):
        levels = 1.0 + np.outer(s, resp[ti, :, 0]) + occ * resp[ti, :, 1]  # (D, 5)
        for si, name in enumerate(_STATES):
            rows.append(pd.DataFrame({"tofacitinib_nM": dose, "time_h": t, "readout": name, "value": levels[:, si]}))
        for name in JAKS:
            rows.append(pd.DataFrame({"tofacitinib_nM": dose, "time_h": t, "readout": name, "value": act[name]}))
        rows.append(pd.DataFrame({"tofacitinib_nM": dose, "time_h": t, "readout": "signal", "value": signal}))
    return pd.concat(rows, ignore_index=True)


# --------------------------------------------------------------------------- experimental design
@dataclass(frozen=True)
class Measurement:
    """One measured readout at one time in some groups (at least two, for the statistics)."""

    readout: str
    time_h: float
    groups: tuple[str, ...]


def default_groups(il6_ng_ml: float | None = None, tofacitinib_nM: float | None = None) -> dict[str, dict]:
    """The paper's three groups (all in osteogenic medium): control, IL-6, IL-6 + tofacitinib.

    IL-6 defaults to the paper's 100 ng/ml; the tofacitinib dose defaults to the teaching dose of
    ``data/vsmc_model.csv`` (100 nM), because the paper did not state one (chapter 9's correction "what the methods leave out").
    """
    p = parameters()
    il6 = p.default_il6_ng_ml if il6_ng_ml is None else _dose(il6_ng_ml, "il6_ng_ml")
    tofa = p.teaching_tofacitinib_nM if tofacitinib_nM is None else _dose(tofacitinib_nM, "tofacitinib_nM")
    return {
        "control": {"il6_ng_ml": 0.0, "tofacitinib_nM": 0.0},
        "IL-6": {"il6_ng_ml": il6, "tofacitinib_nM": 0.0},
        "IL-6 + tofacitinib": {"il6_ng_ml": il6, "tofacitinib_nM": tofa},
    }


def full_design(groups: Iterable[str], hours: Sequence[float] = (24, 48, 72),
                readouts: Sequence[str] = READOUTS) -> tuple[Measurement, ...]:
    """Every readout at every time in every group."""
    names = _group_names(groups)
    return tuple(Measurement(r, t, names) for r in _readouts(readouts) for t in _times(hours))


def paper_design() -> tuple[Measurement, ...]:
    """Exactly what the paper measured (with the default group names).

    * calcium at 24, 48 and 72 h, control vs IL-6 only (section 2.4; not in the inhibitor group,
      chapter 9's caution "a short time frame and an unusual sample");
    * Western blot at 24 h: TNAP and Runx2 in all three groups (sections 3.2 and 3.4), total Jak2
      in control vs IL-6 (section 3.3; Jak2 in the inhibitor group was not reported; chapter 9's correction "activity, not expression").
    """
    two, three = ("control", "IL-6"), ("control", "IL-6", "IL-6 + tofacitinib")
    return (
        Measurement("calcium", 24.0, two), Measurement("calcium", 48.0, two), Measurement("calcium", 72.0, two),
        Measurement("TNAP", 24.0, three), Measurement("Runx2", 24.0, three), Measurement("Jak2", 24.0, two),
    )


_READOUTS = "one or more of " + ", ".join(READOUTS)
_GROUPS = (f"a mapping of 2 to {MAX_GROUPS} group names (non-empty text) -> "
           "{'il6_ng_ml': ..., 'tofacitinib_nM': ...}")
_SPEC = f"a mapping with keys {', '.join(GROUP_FIELDS)} (missing ones = 0)"
_DESIGN = f"a list of 1 to {checks.MAX_ITEMS} Measurement(readout, time_h, groups)"


def _readouts(readouts, name: str = "readouts") -> tuple[str, ...]:
    items = checks.items(readouts, name, _READOUTS, min_len=1)
    for r in items:
        if not isinstance(r, str) or r not in READOUTS:
            raise checks.fail(name, f"unknown readout {r!r}", _READOUTS)
    return items


def _group_names(groups, name: str = "groups") -> tuple[str, ...]:
    names = checks.items(tuple(groups) if isinstance(groups, Mapping) else groups, name,
                         f"a list of group names (non-empty text), at most {MAX_GROUPS}", max_len=MAX_GROUPS)
    for g in names:
        checks.text(g, f"{name} name", allowed="non-empty text")
    return tuple(dict.fromkeys(names))


def _check_groups(groups) -> dict[str, tuple[float, float]]:
    checks.mapping(groups, "groups", _GROUPS)
    if not 2 <= len(groups) <= MAX_GROUPS:
        raise checks.fail("groups", f"{len(groups)} group(s) ({', '.join(map(str, groups))})", _GROUPS)
    out = {}
    for name, spec in groups.items():
        checks.text(name, "groups name", allowed="non-empty text")
        if not isinstance(spec, Mapping):
            raise checks.not_allowed(f"groups[{name!r}]", spec, _SPEC)
        unknown = [k for k in spec if k not in GROUP_FIELDS]
        if unknown:
            raise checks.fail(f"groups[{name!r}]", f"unknown field {unknown[0]!r}", _SPEC)
        out[name] = (_dose(spec.get("il6_ng_ml", 0.0), f"groups[{name!r}]['il6_ng_ml']"),
                     _dose(spec.get("tofacitinib_nM", 0.0), f"groups[{name!r}]['tofacitinib_nM']"))
    return out


def _check_design(design, group_names: Sequence[str]) -> tuple[Measurement, ...]:
    items = checks.items(design, "design", _DESIGN, min_len=1, scalar=())
    known = ", ".join(group_names)
    out, seen = [], set()
    for i, m in enumerate(items):
        arg = f"design[{i}]"
        if not isinstance(m, Measurement):
            if isinstance(m, (str, bytes)):
                raise checks.not_allowed(arg, m, "Measurement(readout, time_h, groups)")
            try:
                m = Measurement(**m) if isinstance(m, Mapping) else Measurement(*m)
            except TypeError:
                raise checks.not_allowed(arg, m, "Measurement(readout, time_h, groups)") from None
        _readouts((m.readout,), f"{arg}.readout")
        t = _time(m.time_h, f"{arg}.time_h")
        gs = checks.items(m.groups, f"{arg}.groups", f"at least 2 different groups of {known}",
                          max_len=MAX_GROUPS)
        unknown = [g for g in gs if not isinstance(g, str) or g not in group_names]
        if unknown:
            raise checks.fail(f"{arg}.groups", f"unknown group {unknown[0]!r}", known)
        if len(set(gs)) < 2:
            raise checks.fail(f"{arg}.groups", f"{list(gs)!r} names fewer than 2 different groups",
                              f"at least 2 different groups of {known}")
        if (m.readout, t) in seen:
            raise checks.fail("design", f"{m.readout} at {t:g} h is listed twice", "each readout and time once")
        seen.add((m.readout, t))
        out.append(Measurement(m.readout, t, tuple(dict.fromkeys(gs))))
    return tuple(out)


# --------------------------------------------------------------------------- statistics
_SAMPLES = "a mapping of at least 2 group names to lists of at least 2 finite numbers"


def _samples(samples: Mapping[str, Sequence[float]]) -> dict[str, np.ndarray]:
    checks.mapping(samples, "samples", _SAMPLES)
    if len(samples) < 2:
        raise checks.fail("samples", f"{len(samples)} group(s)", _SAMPLES)
    out = {}
    for name, values in samples.items():
        arg = f"samples[{name!r}]"
        arr = checks.numbers(values, arg, allowed="a list of at least 2 finite numbers").ravel()
        if arr.size < 2:
            raise checks.fail(arg, f"{arr.size} value(s); a test needs at least 2 replicates per group",
                              "a list of at least 2 finite numbers")
        out[name] = arr
    return out


def one_way_anova(samples: Mapping[str, Sequence[float]]) -> dict:
    """One-way ANOVA across groups: ``F``, ``p`` (scipy.stats.f_oneway), ``df_between``, ``df_within``, ``mse``.

    ``mse`` is the pooled within-group mean square, sum over groups of sum (x - mean_g)^2, divided
    by ``df_within = N - k``; Fisher's LSD (:func:`lsd_pairwise`) uses it.
    """
    arrays = list(_samples(samples).values())
    n_total, k = sum(a.size for a in arrays), len(arrays)
    ss_within = float(sum(((a - a.mean()) ** 2).sum() for a in arrays))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zero within-group variance (noise = 0): F = inf or nan
        res = stats.f_oneway(*arrays)
    return {"F": float(res.statistic), "p": float(res.pvalue), "df_between": k - 1, "df_within": n_total - k,
            "mse": ss_within / (n_total - k)}


def lsd_pairwise(samples: Mapping[str, Sequence[float]], mse: float | None = None,
                 df: int | None = None) -> pd.DataFrame:
    """Fisher's LSD t tests between every pair of groups, using the ANOVA's pooled MSE and its df.

    ``t = (mean_a - mean_b) / sqrt(MSE (1/n_a + 1/n_b))``, ``p = 2 P(T_df > |t|)``. Pairs are
    (later group, earlier group) in the order given, e.g. ``IL-6`` vs ``control``; ``difference``
    is ``mean_a - mean_b``. With zero pooled variance a non-zero difference gives ``t = +-inf``,
    ``p = 0`` and a zero difference ``t = nan``, ``p = nan``.
    """
    data = _samples(samples)
    if mse is not None:
        mse = checks.number(mse, "mse", low=0.0, allowed="a finite mean square >= 0, or None (from the ANOVA)")
    if df is not None:
        df = checks.whole(df, "df", low=1, allowed="a whole number of degrees of freedom >= 1, or None")
    if mse is None or df is None:
        res = one_way_anova(data)
        mse, df = res["mse"], res["df_within"]
    return pd.DataFrame(_lsd_rows(data, mse, df), columns=["group_a", "group_b", "difference", "t", "p"])


def _lsd_rows(data: Mapping[str, np.ndarray], mse: float, df: int) -> list[dict]:
    names = list(data)
    rows = []
    for i in range(1, len(names)):
        for j in range(i):
            a, b = data[names[i]], data[names[j]]
            diff = float(a.mean() - b.mean())
            se = math.sqrt(mse * (1.0 / a.size + 1.0 / b.size))
            if se > 0:
                t = diff / se
                p = float(2.0 * stats.t.sf(abs(t), df))
            elif diff != 0:
                t, p = math.copysign(math.inf, diff), 0.0
            else:
                t, p = math.nan, math.nan
            rows.append({"group_a": names[i], "group_b": names[j], "difference": diff, "t": float(t), "p": p})
    return rows


# --------------------------------------------------------------------------- the virtual experiment
@dataclass
class ExperimentResult:
    """Result of :func:`run_experiment`.

    * ``measurements``: long table ``group, time_h, readout, replicate, value`` (simulated wells;
      values relative to the control baseline, band densities relative to beta-actin);
    * ``anova``: ``readout, time_h, F, p, df_between, df_within, mse``;
    * ``pairwise``: LSD tests ``readout, time_h, group_a, group_b, difference, t, p``;
    * ``expected``: the noise-free model value of each measured cell (``group, time_h, readout, value``);
    * ``groups``, ``design``, ``settings``: what was asked for.
    """

    measurements: pd.DataFrame
    anova: pd.DataFrame
    pairwise: pd.DataFrame
    expected: pd.DataFrame
    groups: dict[str, dict]
    design: tuple[Measurement, ...]
    settings: dict = field(default_factory=dict)


def _lognormal_factor(n: int, cv: float, key: Sequence[int]) -> np.ndarray:
    """``n`` multiplicative factors with mean 1 and coefficient of variation ``cv`` (seeded by ``key``)."""
    if cv == 0:
        return np.ones(n)
    sigma = math.sqrt(math.log1p(cv * cv))
    rng = np.random.default_rng(list(key))
    return np.exp(rng.standard_normal(n) * sigma - 0.5 * sigma * sigma)


def _name_key(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


def run_experiment(groups: Mapping[str, Mapping[str, float]] | None = None, n_replicates: int = 3,
                   hours: Sequence[float] = (24, 48, 72), seed: int = 0, noise: float = 0.15,
                   il6_ng_ml: float | None = None, tofacitinib_nM: float | None = None,
                   jak_route: str = "JAK2", readouts: Sequence[str] = READOUTS,
                   design: Sequence[Measurement] | None = None, potency: str = "enzyme") -> ExperimentResult:
    """Simulate replicate wells of a VSMC experiment and run the paper's statistics.

    ``groups`` maps a group name to ``{"il6_ng_ml": ..., "tofacitinib_nM": ...}`` (missing keys = 0);
    by default the paper's three groups (:func:`default_groups`) built from ``il6_ng_ml`` (default
    100 ng/ml) and ``tofacitinib_nM`` (default the teaching dose, 100 nM: the paper gave none).
    By default every readout in ``readouts`` is measured at every time in ``hours`` in every
    group; ``design`` (e.g. :func:`paper_design`) chooses exactly which readouts, times and groups.

    ``jak_route`` is the JAK assumed to carry the IL-6 signal (default ``"JAK2"``, the paper's
    assumption) and ``potency`` the IC50 set of tofacitinib (default ``"enzyme"``, the IC50s the
    paper quotes; ``"cell"``, cellular IC50s); both are recorded in ``settings``.

    Each well is the model value times a log-normal factor with mean 1 and CV ``noise``. Noise is
    drawn per (seed, group name, readout, time), so the same seed gives the same numbers, and
    raising ``n_replicates`` keeps the first wells and adds new ones.
    """
    n = checks.whole(n_replicates, "n_replicates", low=2, high=MAX_REPLICATES,
                     allowed=f"a whole number from 2 to {MAX_REPLICATES} (a test needs at least 2 replicates per group)")
    seed = checks.whole(seed, "seed", low=0, high=MAX_SEED)
    noise = checks.number(noise, "noise", low=0.0, high=MAX_NOISE,
                          allowed=f"a coefficient of variation from 0 to {MAX_NOISE:g} (e.g. 0.15 = 15 %)")
    route = _route(jak_route)
    potency = _potency(potency)
    if groups is None:
        groups = default_groups(il6_ng_ml, tofacitinib_nM)
    else:
        if il6_ng_ml is not None:
            _dose(il6_ng_ml, "il6_ng_ml")
        if tofacitinib_nM is not None:
            _dose(tofacitinib_nM, "tofacitinib_nM")
    doses = _check_groups(groups)
    names = tuple(doses)
    design = full_design(names, hours, readouts) if design is None else _check_design(design, names)
    wells = n * sum(len(m.groups) for m in design)
    if wells > MAX_WELLS:
        raise checks.fail("n_replicates", f"{n} replicates in {wells // n} measured groups make {wells} wells",
                          f"at most {MAX_WELLS} wells in one experiment")
    p = parameters()

    times = tuple(sorted({m.time_h for m in design}))
    resp = _unit_responses(p, times)  # (T, 5, 2), solved once and reused for every dose pair
    tindex = {t: i for i, t in enumerate(times)}
    inputs = {g: np.array(_inputs(il6, tofa, route, p, potency)) for g, (il6, tofa) in doses.items()}
    state_index = {name: i for i, name in enumerate(_STATES)}

    m_group, m_time, m_readout, m_rep, m_value = [], [], [], [], []
    e_rows, a_rows, pair_rows = [], [], []
    for m in design:
        si, ti = state_index[m.readout], tindex[m.time_h]
        samples = {}
        for g in m.groups:
            truth = 1.0 + float(resp[ti, si] @ inputs[g])
            key = (int(seed), _name_key(g), READOUTS.index(m.readout), int(round(m.time_h * 1000)))
            values = truth * _lognormal_factor(n, float(noise), key)
            samples[g] = values
            e_rows.append((g, m.time_h, m.readout, truth))
            m_group += [g] * n
            m_time += [m.time_h] * n
            m_readout += [m.readout] * n
            m_rep += list(range(1, n + 1))
            m_value += values.tolist()
        res = one_way_anova(samples)
        a_rows.append({"readout": m.readout, "time_h": m.time_h, **res})
        for row in _lsd_rows(samples, res["mse"], res["df_within"]):
            pair_rows.append({"readout": m.readout, "time_h": m.time_h, **row})

    measurements = pd.DataFrame({"group": m_group, "time_h": m_time, "readout": m_readout,
                                 "replicate": m_rep, "value": m_value})
    anova = pd.DataFrame(a_rows, columns=["readout", "time_h", "F", "p", "df_between", "df_within", "mse"])
    pairwise = pd.DataFrame(pair_rows, columns=["readout", "time_h", "group_a", "group_b", "difference", "t", "p"])
    expected = pd.DataFrame(e_rows, columns=["group", "time_h", "readout", "value"])
    settings = {"n_replicates": n, "seed": int(seed), "noise": float(noise), "jak_route": route,
                "potency": potency}
    return ExperimentResult(measurements, anova, pairwise, expected,
                            {g: {"il6_ng_ml": d[0], "tofacitinib_nM": d[1]} for g, d in doses.items()},
                            design, settings)


def summary(result: ExperimentResult) -> pd.DataFrame:
    """Mean ± SD (sample SD, ddof = 1) per group, readout and time, as the paper reports (x̄ ± s).

    Columns ``group, readout, time_h, n, mean, sd, mean_sd`` (``mean_sd`` is text such as ``1.23 ± 0.10``).
    """
    if not isinstance(result, ExperimentResult):
        raise checks.fail("result", f"a {type(result).__name__} is not allowed", "an ExperimentResult from run_experiment")
    m = result.measurements
    order = {g: i for i, g in enumerate(result.groups)}
    table = (m.groupby(["group", "readout", "time_h"], sort=False)["value"]
             .agg(n="count", mean="mean", sd=lambda v: float(np.std(v, ddof=1))).reset_index())
    table["mean_sd"] = [f"{a:.2f} ± {b:.2f}" for a, b in zip(table["mean"], table["sd"])]
    table["_g"] = table["group"].map(order)
    table["_r"] = table["readout"].map(READOUTS.index)
    return table.sort_values(["_r", "time_h", "_g"]).drop(columns=["_g", "_r"]).reset_index(drop=True)


def blot_bands(result: ExperimentResult, time_h: float = 24) -> pd.DataFrame:
    """Band intensities of a simulated Western blot at ``time_h``: one lane per group and replicate.

    Returns ``lane, group, replicate, protein, intensity`` with proteins TNAP, Runx2, Jak2 (those
    measured at ``time_h``) and beta-actin. The beta-actin band varies from lane to lane (loading,
    CV ``actin_loading_cv``); each target band is its measured density (relative to beta-actin)
    times that lane's beta-actin band, so densitometry (target / beta-actin) gives back the values
    in ``result.measurements``. Intensities are in arbitrary units (control baseline = 1).
    """
    if not isinstance(result, ExperimentResult):
        raise checks.fail("result", f"a {type(result).__name__} is not allowed", "an ExperimentResult from run_experiment")
    t = _time(time_h, "time_h")
    m = result.measurements
    m = m[(m["time_h"] == t) & m["readout"].isin(BLOT_READOUTS)]
    if m.empty:
        measured = sorted(set(result.measurements.loc[result.measurements["readout"].isin(BLOT_READOUTS), "time_h"]))
        raise checks.fail("time_h", f"{time_h!r} has no blot readout in this result",
                          ', '.join(f'{x:g}' for x in measured) or 'none: measure TNAP, Runx2 or Jak2')
    n = result.settings["n_replicates"]
    cv = parameters().actin_loading_cv
    values = {(g, r, rep): float(v) for g, r, rep, v in
              m[["group", "readout", "replicate", "value"]].itertuples(index=False)}
    present = set(m["group"])
    rows, lane = [], 0
    for g in result.groups:
        if g not in present:
            continue
        actin = _lognormal_factor(n, cv, (result.settings["seed"], _name_key(g), LOADING_STREAM,
                                          int(round(t * 1000))))
        for r in range(1, n + 1):
            lane += 1
            for protein in BLOT_READOUTS:
                v = values.get((g, protein, r))
                rows.append((lane, g, r, protein, v * actin[r - 1] if v is not None else math.nan))
            rows.append((lane, g, r, LOADING_CONTROL, float(actin[r - 1])))
    return pd.DataFrame(rows, columns=["lane", "group", "replicate", "protein", "intensity"])
