"""Bone mineral density and the WHO diagnostic categories (pure; no plotting).

The WHO defines the T-score as the number of standard deviations a patient's bone mineral
density (BMD) lies from the mean of young healthy adults of the same sex:
``T = (BMD − mean_young) / SD_young``. Categories (Kanis 1994, WHO report):

* normal: T ≥ −1.0
* low bone mass (osteopenia): −2.5 < T < −1.0
* osteoporosis: T ≤ −2.5 (the review prints "< −2.5"; the WHO threshold includes −2.5)
"""

from __future__ import annotations

import math

from . import checks

__all__ = ["CATEGORIES", "t_score", "who_category", "reference_fraction_below"]

CATEGORIES = ("normal", "low bone mass", "osteoporosis")
OSTEOPOROSIS_THRESHOLD = -2.5
LOW_BONE_MASS_THRESHOLD = -1.0


def _finite(name: str, value: float) -> float:
    return checks.number(value, name)


def t_score(bmd: float, young_mean: float, young_sd: float) -> float:
    """The T-score of a BMD (g/cm²) against a young-adult reference mean and SD (SD > 0)."""
    bmd = checks.number(bmd, "bmd", low=0.0, unit="(g/cm²)")
    young_mean = checks.number(young_mean, "young_mean", unit="(g/cm²)")
    young_sd = checks.number(young_sd, "young_sd", low=0.0, low_open=True, unit="(g/cm²)")
    return (bmd - young_mean) / young_sd


def who_category(t: float) -> str:
    """The WHO category of a T-score: 'normal', 'low bone mass' or 'osteoporosis'."""
    t = _finite("t", t)
    if t <= OSTEOPOROSIS_THRESHOLD:
        return "osteoporosis"
    if t < LOW_BONE_MASS_THRESHOLD:
        return "low bone mass"
    return "normal"


def reference_fraction_below(t: float) -> float:
    """Fraction of the young-adult reference population below T (T-scores ~ N(0, 1) by definition)."""
    t = _finite("t", t)
    return 0.5 * math.erfc(-t / math.sqrt(2.0))
