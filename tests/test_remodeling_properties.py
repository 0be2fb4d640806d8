"""Property-based tests of the bone-remodeling engine: valid inputs never fail, invalid ones always
raise a ValueError that names the argument and what is allowed."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import remodeling as rm

from .tiers import examples

# Largest dosing tried (pM/day): several times the healthy production of each term.
MAX_DOSE = {"RANKL": 1000.0, "OPG": 50000.0, "PTH": 500.0, "TGF-beta": 1e-3}

levels = st.floats(min_value=0.0, max_value=10.0, allow_nan=False)
cytokine_maps = st.dictionaries(st.sampled_from(rm.CYTOKINES), levels, max_size=6)
dosing_maps = st.fixed_dictionaries({}, optional={
    term: st.floats(min_value=0.0, max_value=top, allow_nan=False) for term, top in MAX_DOSE.items()})
days_st = st.floats(min_value=1.0, max_value=730.0, allow_nan=False)


@st.composite
def valid_inputs(draw):
    days = draw(days_st)
    window = None
    if draw(st.booleans()):
        on = draw(st.floats(min_value=0.0, max_value=days * 0.9))
        off = draw(st.floats(min_value=on + days * 0.05, max_value=days))
        window = (on, off)
    return dict(days=days, cytokines=draw(cytokine_maps), dosing=draw(dosing_maps), dosing_window=window)


@settings(max_examples=examples(200), deadline=None)
@given(valid_inputs())
def test_valid_inputs_give_finite_non_negative_results(kwargs):
    df = rm.simulate(**kwargs)
    days = kwargs["days"]
    assert len(df) == math.floor(days) + 1 + (days > math.floor(days))
    assert df["t"].iloc[0] == 0 and df["t"].iloc[-1] == days and np.all(np.diff(df["t"]) > 0)
    values = df.drop(columns=["bone_volume"]).to_numpy()
    assert np.all(np.isfinite(values)), "every concentration finite"
    assert np.all(values >= 0), "no negative concentration"
    assert np.all(np.isfinite(df["bone_volume"])) and df["bone_volume"].iloc[0] == 100


@settings(max_examples=examples(80), deadline=None)
@given(st.lists(st.floats(min_value=0.01, max_value=100.0), min_size=3, max_size=3), cytokine_maps, dosing_maps)
def test_any_positive_start_gives_finite_non_negative_results(factors, cytokines, dosing):
    healthy = rm.steady_state()
    start = {key: healthy[key] * f for key, f in zip(rm.STATE, factors)}
    df = rm.simulate(365, cytokines, dosing=dosing, start=start)
    values = df.drop(columns=["bone_volume"]).to_numpy()
    assert np.all(np.isfinite(values)) and np.all(values >= 0)
    assert df["OCa"].iloc[0] == start["OCa"]


@settings(max_examples=examples(60), deadline=None)
@given(cytokine_maps, st.fixed_dictionaries({}, optional={"OPG": st.floats(0, 20000), "RANKL": st.floats(0, 500)}))
def test_steady_state_is_a_fixed_point_for_any_cytokines(cytokines, dosing):
    ss = rm.steady_state(cytokines, dosing)
    assert all(ss[k] > 0 and math.isfinite(ss[k]) for k in ss)
    df = rm.simulate(60, cytokines, dosing=dosing, start=ss)
    for key in ("OBp", "OBa", "OCa"):
        assert np.max(np.abs(df[key] / ss[key] - 1)) < 1e-4


@settings(max_examples=examples(60), deadline=None)
@given(st.sampled_from(("TNF-α", "IL-1", "IL-6", "IL-8", "IL-10", "IL-33")), levels, levels)
def test_bone_volume_is_monotone_in_each_cytokine(cytokine, a, b):
    lo, hi = sorted((a, b))
    bv_lo = rm.simulate(200, {cytokine: lo})["bone_volume"].iloc[-1]
    bv_hi = rm.simulate(200, {cytokine: hi})["bone_volume"].iloc[-1]
    if cytokine in ("IL-10", "IL-33"):
        assert bv_hi >= bv_lo - 1e-6
    else:
        assert bv_hi <= bv_lo + 1e-6


# ------------------------------------------------------------------ invalid inputs

bad_numbers = st.one_of(
    st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=True),
    st.just(float("nan")), st.just(float("inf")),
    st.text(max_size=5), st.none(), st.booleans(),
)
unknown_names = st.text(min_size=0, max_size=12).filter(lambda s: rm._norm(s) not in rm._ALIASES_CYTOKINE)
unknown_terms = st.text(min_size=0, max_size=12).filter(lambda s: rm._norm(s) not in rm._ALIASES_DOSING)


def _raises(kwargs, *words):
    try:
        rm.simulate(**kwargs)
    except ValueError as err:
        text = str(err)
        assert "allowed" in text or "give it once" in text, text
        for word in words:
            assert word in text, (word, text)
        return
    raise AssertionError(f"no ValueError for {kwargs!r}")


@settings(max_examples=examples(100), deadline=None)
@given(st.sampled_from(rm.CYTOKINES), bad_numbers)
def test_bad_cytokine_levels_always_raise(name, value):
    _raises(dict(days=10, cytokines={name: value}), "cytokines[", "level")


@settings(max_examples=examples(100), deadline=None)
@given(unknown_names)
def test_unknown_cytokines_always_raise(name):
    _raises(dict(days=10, cytokines={name: 2.0}), "cytokines: unknown cytokine", "IL-6", "TNF-α")


@settings(max_examples=examples(100), deadline=None)
@given(unknown_terms, st.floats(0, 10))
def test_unknown_dosing_terms_always_raise(name, value):
    _raises(dict(days=10, dosing={name: value}), "dosing: unknown dosing term", "OPG")


@settings(max_examples=examples(100), deadline=None)
@given(st.sampled_from(rm.DOSING_TERMS), bad_numbers)
def test_bad_dosing_rates_always_raise(term, value):
    _raises(dict(days=10, dosing={term: value}), "dosing[", "rate")


@settings(max_examples=examples(100), deadline=None)
@given(st.one_of(st.floats(max_value=0.0), st.floats(min_value=rm.MAX_DAYS * 1.0001), st.just(float("nan")),
                 st.text(max_size=3), st.none(), st.booleans()))
def test_bad_days_always_raise(days):
    _raises(dict(days=days), "days:")


@settings(max_examples=examples(100), deadline=None)
@given(st.floats(1, 400), st.floats(-1000, 1000), st.floats(-1000, 1000))
def test_windows_outside_time_always_raise(days, on, off):
    if 0 <= on < off <= days:
        return  # a valid window: covered above
    _raises(dict(days=days, dosing={"OPG": 1.0}, dosing_window=(on, off)), "dosing_window:")


@settings(max_examples=examples(100), deadline=None)
@given(st.sampled_from(rm.STATE), st.one_of(bad_numbers, st.just(0.0)))
def test_bad_start_always_raises(key, value):
    start = dict(rm.steady_state()) | {key: value}
    _raises(dict(days=10, start=start), "start:", key)
