"""Tests of the VSMC calcification engine, its pictures and its live panel."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from widgets import calcification as c
from widgets import data as course_data
from widgets.data import DataError
from widgets.schemas.calcification import PARAMETERS

from .tiers import examples

P = c.parameters()
IC50 = {"JAK1": 112.0, "JAK2": 20.0, "JAK3": 1.0}


# --------------------------------------------------------------------------- pharmacology
def test_constants_are_the_papers_ic50s():
    assert P.ic50 == IC50
    assert P.hill == 1.0
    assert P.default_il6_ng_ml == 100.0


@pytest.mark.parametrize("jak", c.JAKS)
def test_half_activity_left_at_each_ic50(jak):
    assert c.jak_activity(IC50[jak])[jak] == pytest.approx(0.5, abs=1e-12)
    # with any Hill coefficient the IC50 still leaves half
    assert c.jak_activity(IC50[jak], hill=2.5)[jak] == pytest.approx(0.5, abs=1e-12)


def test_hill_coefficient_arithmetic():
    # a = 1/(1+(I/IC50)^h): at 2 x IC50, h = 1 -> 1/3, h = 2 -> 1/5; at IC50/2, h = 2 -> 4/5
    assert c.jak_activity(40)["JAK2"] == pytest.approx(1 / 3)
    assert c.jak_activity(40, hill=2)["JAK2"] == pytest.approx(1 / 5)
    assert c.jak_activity(10, hill=2)["JAK2"] == pytest.approx(4 / 5)
    assert c.jak_activity(0) == {"JAK1": 1.0, "JAK2": 1.0, "JAK3": 1.0}
    assert c.jak_activity(20, ic50_nM={"JAK2": 40})["JAK2"] == pytest.approx(2 / 3)


def test_jak_activity_accepts_arrays_and_scalars():
    doses = np.array([[0.0, 1.0], [20.0, 112.0]])
    out = c.jak_activity(doses)
    assert set(out) == {"JAK1", "JAK2", "JAK3"}
    assert out["JAK2"].shape == (2, 2)
    np.testing.assert_allclose(out["JAK1"], 1 / (1 + doses / 112))
    assert isinstance(c.jak_activity(5.0)["JAK3"], float)
    assert isinstance(c.jak_activity([5.0])["JAK3"], np.ndarray)


@settings(max_examples=examples(60), deadline=None)
@given(st.floats(0, 1e5), st.floats(0, 1e5), st.floats(0.3, 4))
def test_activity_is_monotone_and_bounded(d1, d2, h):
    lo, hi = sorted((d1, d2))
    a_lo, a_hi = c.jak_activity(lo, hill=h), c.jak_activity(hi, hill=h)
    for jak in c.JAKS:
        assert 0.0 <= a_hi[jak] <= a_lo[jak] <= 1.0


# --------------------------------------------------------------------------- the ODE chain
def _independent_solution(il6, tofa, route, t_end):
    """The same equations integrated numerically (written out again here, not taken from the engine)."""
    occ = il6 / (il6 + P.il6_ec50_ng_ml)
    a1, a2 = 1 / (1 + tofa / 112), 1 / (1 + tofa / 20)
    s = occ * {"JAK2": a2, "JAK1": a1, "JAK1+JAK2": a1 * a2}[route]

    def rhs(_, y):
        p, r, t, ca, j = y
        return [P.k_pstat3_per_h * (1 + P.pstat3_gain * s - p),
                P.k_runx2_per_h * (1 + P.runx2_gain * (p - 1) - r),
                P.k_tnap_per_h * (1 + P.tnap_gain * (r - 1) - t),
                P.k_calcium_per_h * (t - 1),
                P.k_jak2_per_h * (1 + P.jak2_gain * occ - j)]

    times = np.arange(0, t_end + 1)
    sol = integrate.solve_ivp(rhs, (0, t_end), [1, 1, 1, 1, 1], t_eval=times, rtol=1e-10, atol=1e-12, method="LSODA")
    return sol.y.T


@pytest.mark.parametrize("il6,tofa,route", [(100, 0, "JAK2"), (100, 20, "JAK1"), (30, 500, "JAK1+JAK2")])
def test_exact_solution_matches_numerical_integration(il6, tofa, route):
    sim = c.simulate_culture(il6, tofa, 72, route)
    assert list(sim.columns) == ["t_h", "pSTAT3", "Runx2", "TNAP", "calcium", "Jak2"]
    assert list(sim["t_h"]) == list(range(73))
    np.testing.assert_allclose(sim[["pSTAT3", "Runx2", "TNAP", "calcium", "Jak2"]].to_numpy(),
                               _independent_solution(il6, tofa, route, 72), rtol=1e-6, atol=1e-8)


def test_time_grid_ends_at_hours():
    sim = c.simulate_culture(hours=10, step_h=4)
    assert list(sim["t_h"]) == [0, 4, 8, 10]
    ref = c.simulate_culture(hours=10, step_h=1)
    np.testing.assert_allclose(sim.iloc[-1, 1:], ref.iloc[-1, 1:], rtol=1e-10)


# --------------------------------------------------------------------------- the paper's findings
def test_no_il6_stays_at_baseline():
    for route in c.ROUTES:
        for tofa in (0, 100):
            sim = c.simulate_culture(0, tofa, 168, route)
            np.testing.assert_allclose(sim.drop(columns="t_h").to_numpy(), 1.0, atol=1e-12)


def test_il6_raises_markers_within_24h_and_calcium_progressively():
    ctl = c.simulate_culture(0).set_index("t_h")
    il6 = c.simulate_culture(100).set_index("t_h")
    for marker in ("Runx2", "TNAP", "Jak2", "pSTAT3"):
        assert il6.loc[24, marker] > 1.2 * ctl.loc[24, marker]
    ca = il6["calcium"]
    assert 1.0 < ca[24] < ca[48] < ca[72]
    assert np.all(np.diff(ca.to_numpy()) >= 0)  # deposited calcium only accumulates
    assert ca[72] - ca[48] > ca[48] - ca[24] > 0  # and keeps rising (not yet saturated) to 72 h


def test_tofacitinib_lowers_markers_between_control_and_il6():
    il6 = c.simulate_culture(100, 0).set_index("t_h")
    tofa = c.simulate_culture(100, 100).set_index("t_h")
    for marker in ("Runx2", "TNAP", "calcium", "pSTAT3"):
        for t in (24, 48, 72):
            assert 1.0 < tofa.loc[t, marker] < il6.loc[t, marker]
    # total Jak2 is a teaching coupling to receptor occupancy: the kinase inhibitor leaves it (chapter 9's correction "activity, not expression")
    np.testing.assert_allclose(tofa["Jak2"], il6["Jak2"])


@settings(max_examples=examples(40), deadline=None)
@given(st.floats(0, 1e4), st.floats(0, 1e4), st.sampled_from(c.ROUTES))
def test_inhibitor_effect_is_monotone_in_dose(d1, d2, route):
    lo, hi = sorted((d1, d2))
    table = c.dose_response_curve([lo, hi], 100, (24, 72), route)
    for (readout, t), sub in table.groupby(["readout", "time_h"]):
        v_lo, v_hi = sub["value"].to_numpy()
        assert v_hi <= v_lo + 1e-12, (readout, t)


def test_dose_response_curve_matches_simulate_culture():
    table = c.dose_response_curve([0, 20, 1000], 100, (24, 72), "JAK1")
    for dose in (0, 20, 1000):
        sim = c.simulate_culture(100, dose, 72, "JAK1").set_index("t_h")
        for readout in ("TNAP", "Runx2", "calcium"):
            got = table[(table.tofacitinib_nM == dose) & (table.readout == readout) & (table.time_h == 72)]["value"]
            assert got.iloc[0] == pytest.approx(sim.loc[72, readout], rel=1e-10)


def _rise(il6, tofa, route, marker="pSTAT3", t=24):
    return c.simulate_culture(il6, tofa, 72, route).set_index("t_h").loc[t, marker] - 1.0


def test_route_switch():
    full = _rise(100, 0, "JAK2")
    # JAK2 route: 20 nM (JAK2's IC50) halves the signal, and so every rise downstream of it
    for marker in ("pSTAT3", "Runx2", "TNAP", "calcium"):
        assert _rise(100, 20, "JAK2", marker) / _rise(100, 0, "JAK2", marker) == pytest.approx(0.5)
    # JAK1 route: 20 nM hardly blocks (JAK1 keeps 112/132 of its activity)
    assert _rise(100, 20, "JAK1") / full == pytest.approx(112 / 132)
    assert _rise(100, 20, "JAK1") / full > 0.8
    # both needed: the product; and JAK1's IC50 halves the JAK1 route
    assert _rise(100, 20, "JAK1+JAK2") / full == pytest.approx(0.5 * 112 / 132)
    assert _rise(100, 112, "JAK1") / full == pytest.approx(0.5)
    # without inhibitor the route does not matter
    assert _rise(100, 0, "JAK1") == pytest.approx(full)


# --------------------------------------------------------------------------- statistics (worked example)
SAMPLE = {"A": [1.0, 2.0, 3.0], "B": [2.0, 3.0, 4.5], "C": [5.0, 6.0, 7.0]}


def test_anova_worked_example():
    # by hand: means 2, 19/6, 6; grand mean 35.5/9
    groups = [np.array(v) for v in SAMPLE.values()]
    allv = np.concatenate(groups)
    grand = allv.sum() / allv.size
    ss_between = sum(g.size * (g.mean() - grand) ** 2 for g in groups)
    ss_within = sum(((g - g.mean()) ** 2).sum() for g in groups)
    df_b, df_w = len(groups) - 1, allv.size - len(groups)
    f_hand = (ss_between / df_b) / (ss_within / df_w)
    p_hand = stats.f.sf(f_hand, df_b, df_w)
    # the same numbers written out: SSW = 2 + 3.1667 + 2 = 7.1667, df_w = 6
    assert ss_within == pytest.approx(2 + (7 / 6) ** 2 + (1 / 6) ** 2 + (4 / 3) ** 2 + 2)
    assert f_hand == pytest.approx(10.6279, rel=1e-4)

    res = c.one_way_anova(SAMPLE)
    assert res["F"] == pytest.approx(f_hand, rel=1e-12)
    assert res["p"] == pytest.approx(p_hand, rel=1e-9)
    assert (res["df_between"], res["df_within"]) == (2, 6)
    assert res["mse"] == pytest.approx(ss_within / 6)
    ref = stats.f_oneway(*SAMPLE.values())
    assert res["F"] == pytest.approx(ref.statistic) and res["p"] == pytest.approx(ref.pvalue)


def test_lsd_worked_example_with_unequal_n():
    sample = {"ctl": [1.0, 1.2, 0.9, 1.1], "IL-6": [1.8, 2.1, 1.6], "inh": [1.2, 1.5, 1.1]}
    groups = {k: np.array(v) for k, v in sample.items()}
    n_total, k = sum(g.size for g in groups.values()), len(groups)
    mse = sum(((g - g.mean()) ** 2).sum() for g in groups.values()) / (n_total - k)
    table = c.lsd_pairwise(sample).set_index(["group_a", "group_b"])
    assert list(table.index) == [("IL-6", "ctl"), ("inh", "ctl"), ("inh", "IL-6")]
    for a, b in table.index:
        diff = groups[a].mean() - groups[b].mean()
        t = diff / math.sqrt(mse * (1 / groups[a].size + 1 / groups[b].size))
        p = 2 * stats.t.sf(abs(t), n_total - k)
        assert table.loc[(a, b), "difference"] == pytest.approx(diff)
        assert table.loc[(a, b), "t"] == pytest.approx(t)
        assert table.loc[(a, b), "p"] == pytest.approx(p)
    # IL-6 vs ctl by hand: diff = 11/6 - 1.05 = 0.78333; df = 7
    assert table.loc[("IL-6", "ctl"), "difference"] == pytest.approx(0.783333, rel=1e-5)
    # LSD (pooled MSE, df = 7) is not Welch's t test
    welch = stats.ttest_ind(groups["IL-6"], groups["ctl"], equal_var=False).pvalue
    assert table.loc[("IL-6", "ctl"), "p"] != pytest.approx(welch)


def test_lsd_with_zero_variance():
    table = c.lsd_pairwise({"a": [1.0, 1.0], "b": [2.0, 2.0], "c": [1.0, 1.0]}).set_index(["group_a", "group_b"])
    assert table.loc[("b", "a"), "t"] == math.inf and table.loc[("b", "a"), "p"] == 0.0
    assert math.isnan(table.loc[("c", "a"), "p"])


def test_experiment_statistics_agree_with_scipy():
    res = c.run_experiment(n_replicates=4, seed=3)
    m = res.measurements
    assert list(m.columns) == ["group", "time_h", "readout", "replicate", "value"]
    assert len(res.anova) == 12 and len(res.pairwise) == 36
    for _, row in res.anova.iterrows():
        cell = m[(m.readout == row.readout) & (m.time_h == row.time_h)]
        samples = [g["value"].to_numpy() for _, g in cell.groupby("group", sort=False)]
        ref = stats.f_oneway(*samples)
        assert row.F == pytest.approx(ref.statistic) and row.p == pytest.approx(ref.pvalue)
        assert row.df_within == 12 - 3
    assert set(res.pairwise.columns) >= {"readout", "time_h", "group_a", "group_b", "difference", "t", "p"}


def test_summary_is_mean_and_sd():
    res = c.run_experiment(n_replicates=5, seed=1)
    s = c.summary(res)
    assert list(s.columns) == ["group", "readout", "time_h", "n", "mean", "sd", "mean_sd"]
    row = s[(s.group == "IL-6") & (s.readout == "TNAP") & (s.time_h == 48)].iloc[0]
    vals = res.measurements.query("group == 'IL-6' and readout == 'TNAP' and time_h == 48")["value"]
    assert row["n"] == 5
    assert row["mean"] == pytest.approx(vals.mean()) and row["sd"] == pytest.approx(vals.std(ddof=1))
    assert row["mean_sd"] == f"{vals.mean():.2f} ± {vals.std(ddof=1):.2f}"


# --------------------------------------------------------------------------- the virtual experiment
def test_default_groups_are_the_papers():
    g = c.default_groups()
    assert list(g) == ["control", "IL-6", "IL-6 + tofacitinib"]
    assert g["control"] == {"il6_ng_ml": 0.0, "tofacitinib_nM": 0.0}
    assert g["IL-6"]["il6_ng_ml"] == 100.0
    assert g["IL-6 + tofacitinib"]["tofacitinib_nM"] == P.teaching_tofacitinib_nM == 100.0


def test_same_seed_same_numbers_different_seed_different():
    a = c.run_experiment(seed=7)
    b = c.run_experiment(seed=7)
    other = c.run_experiment(seed=8)
    pd.testing.assert_frame_equal(a.measurements, b.measurements)
    pd.testing.assert_frame_equal(a.anova, b.anova)
    assert not np.allclose(a.measurements["value"], other.measurements["value"])


def test_more_wells_keep_the_first_ones():
    small = c.run_experiment(n_replicates=3, seed=5).measurements
    big = c.run_experiment(n_replicates=6, seed=5).measurements
    merged = small.merge(big, on=["group", "time_h", "readout", "replicate"], suffixes=("_3", "_6"))
    assert len(merged) == len(small)
    np.testing.assert_allclose(merged["value_3"], merged["value_6"])


def test_noise_zero_gives_the_model_and_noise_has_the_cv_asked_for():
    res = c.run_experiment(noise=0.0)
    merged = res.measurements.merge(res.expected, on=["group", "time_h", "readout"])
    np.testing.assert_allclose(merged["value_x"], merged["value_y"])
    big = c.run_experiment(n_replicates=4000, noise=0.2, hours=(24,), readouts=("Runx2",), seed=11)
    ctl = big.measurements.query("group == 'control'")["value"].to_numpy()
    assert ctl.mean() == pytest.approx(1.0, abs=0.015)
    assert ctl.std(ddof=1) / ctl.mean() == pytest.approx(0.2, abs=0.015)


def test_experiment_shows_the_papers_effects_with_many_wells():
    res = c.run_experiment(n_replicates=8, seed=0, noise=0.1)
    pw = res.pairwise.set_index(["readout", "time_h", "group_a", "group_b"])
    for readout in ("TNAP", "Runx2", "Jak2"):
        row = pw.loc[(readout, 24.0, "IL-6", "control")]
        assert row["difference"] > 0 and row["p"] < 0.05
    for readout in ("TNAP", "Runx2"):
        row = pw.loc[(readout, 24.0, "IL-6 + tofacitinib", "IL-6")]
        assert row["difference"] < 0 and row["p"] < 0.05
    assert pw.loc[("calcium", 72.0, "IL-6", "control"), "p"] < 0.05


def test_paper_design_measures_exactly_what_the_paper_did():
    res = c.run_experiment(design=c.paper_design(), n_replicates=3)
    cells = {(r, t): set(g["group"]) for (r, t), g in res.measurements.groupby(["readout", "time_h"])}
    assert cells == {
        ("calcium", 24.0): {"control", "IL-6"}, ("calcium", 48.0): {"control", "IL-6"},
        ("calcium", 72.0): {"control", "IL-6"},
        ("TNAP", 24.0): {"control", "IL-6", "IL-6 + tofacitinib"},
        ("Runx2", 24.0): {"control", "IL-6", "IL-6 + tofacitinib"},
        ("Jak2", 24.0): {"control", "IL-6"},
    }
    # with two groups the ANOVA has df 1 and the LSD test is the pooled two-sample t test
    ca = res.anova.set_index(["readout", "time_h"]).loc[("calcium", 72.0)]
    assert ca["df_between"] == 1 and ca["df_within"] == 4
    m = res.measurements.query("readout == 'calcium' and time_h == 72")
    t_ref = stats.ttest_ind(m.query("group == 'IL-6'")["value"], m.query("group == 'control'")["value"])
    lsd = res.pairwise.query("readout == 'calcium' and time_h == 72").iloc[0]
    assert lsd["p"] == pytest.approx(t_ref.pvalue) and ca["p"] == pytest.approx(t_ref.pvalue)
    # the same cells carry the same numbers as in the full design (noise is keyed by group, readout, time)
    full = c.run_experiment(n_replicates=3).measurements
    key = ["group", "time_h", "readout", "replicate"]
    both = res.measurements.merge(full, on=key)
    assert len(both) == len(res.measurements)
    np.testing.assert_allclose(both["value_x"], both["value_y"])


def test_custom_groups_and_route():
    groups = {"none": {}, "low": {"il6_ng_ml": 10}, "high": {"il6_ng_ml": 100, "tofacitinib_nM": 20}}
    res = c.run_experiment(groups, hours=(48,), noise=0.0, jak_route="JAK1")
    e = res.expected.query("readout == 'TNAP'").set_index("group")["value"]
    assert e["none"] == pytest.approx(1.0)
    sim = c.simulate_culture(100, 20, 48, "JAK1").set_index("t_h")
    assert e["high"] == pytest.approx(sim.loc[48, "TNAP"])


def test_blot_bands_give_back_the_densities():
    res = c.run_experiment(n_replicates=3, hours=(24,), seed=2)
    bands = c.blot_bands(res, 24)
    assert set(bands["protein"]) == {"TNAP", "Runx2", "Jak2", "beta-actin"}
    assert bands["lane"].nunique() == 9
    wide = bands.pivot_table(index=["group", "replicate"], columns="protein", values="intensity")
    m = res.measurements.pivot_table(index=["group", "replicate"], columns="readout", values="value")
    for protein in ("TNAP", "Runx2", "Jak2"):
        np.testing.assert_allclose(wide[protein] / wide["beta-actin"], m.loc[wide.index, protein])
    with pytest.raises(ValueError, match="^time_h: 48 has no blot readout in this result; allowed: 24$"):
        c.blot_bands(res, 48)


# --------------------------------------------------------------------------- errors
@pytest.mark.parametrize("call, pattern", [
    (lambda: c.simulate_culture(il6_ng_ml=-1), r"^il6_ng_ml: -1 is not allowed; allowed: a finite number >= 0$"),
    (lambda: c.simulate_culture(tofacitinib_nM=-5), r"^tofacitinib_nM: -5 is not allowed; allowed: a finite number >= 0"),
    (lambda: c.simulate_culture(tofacitinib_nM=float("nan")), r"^tofacitinib_nM: nan is not allowed; allowed: a finite"),
    (lambda: c.simulate_culture(il6_ng_ml="100"), r"^il6_ng_ml: '100' is not allowed; allowed: a finite number"),
    (lambda: c.simulate_culture(jak_route="JAK3"),
     r"^jak_route: 'JAK3' is not allowed; allowed: 'JAK2', 'JAK1', 'JAK1\+JAK2'$"),
    (lambda: c.simulate_culture(hours=0), r"^hours: 0 is not allowed; allowed: a time in hours with 0 < t <= 168$"),
    (lambda: c.simulate_culture(hours=200), r"^hours: 200 is not allowed; allowed: a time in hours with 0 < t <= 168"),
    (lambda: c.simulate_culture(hours=10, step_h=20), r"^step_h: 20 is not allowed; allowed: a number with 0 < step_h <= hours"),
    (lambda: c.simulate_culture(hours=168, step_h=1e-5), r"^step_h: 1e-05 is not allowed; .* at most 100000 rows"),
    (lambda: c.jak_activity(-1), r"^tofacitinib_nM: -1.0 is not allowed; allowed: a dose or a list"),
    (lambda: c.jak_activity([1, -2]), r"^tofacitinib_nM: -2.0 is not allowed"),
    (lambda: c.jak_activity(1, hill=0), r"^hill: 0 is not allowed; allowed: a finite number > 0$"),
    (lambda: c.jak_activity(1, ic50_nM={"TYK2": 3}), r"^ic50_nM: unknown JAK 'TYK2'; allowed: JAK1, JAK2, JAK3$"),
    (lambda: c.jak_activity(1, ic50_nM=[3]), r"^ic50_nM: expected a mapping, got list \[3\]"),
    (lambda: c.run_experiment(n_replicates=1), r"^n_replicates: 1 is not allowed; allowed: a whole number from 2 to 10000"),
    (lambda: c.run_experiment(n_replicates=2.5), r"^n_replicates: 2.5 is not allowed"),
    (lambda: c.run_experiment(n_replicates=10_000), r"^n_replicates: 10000 replicates in 36 measured groups make 360000 wells"),
    (lambda: c.run_experiment(noise=-0.1), r"^noise: -0.1 is not allowed; allowed: a coefficient of variation from 0 to 10"),
    (lambda: c.run_experiment(noise=1e300), r"^noise: 1e\+300 is not allowed"),
    (lambda: c.run_experiment(seed=-1), r"^seed: -1 is not allowed; allowed: a whole number from 0 to 9007199254740991$"),
    (lambda: c.run_experiment(hours=(24, 0)), r"^hours\[1\]: 0 is not allowed; allowed: a time in hours with 0 < t <= 168$"),
    (lambda: c.run_experiment(hours=(24, 169)), r"^hours\[1\]: 169 is not allowed; allowed: a time in hours"),
    (lambda: c.run_experiment(hours=()), r"^hours: 0 item\(s\) \(\), need at least 1; allowed: a list of 1 to 10000 times"),
    (lambda: c.run_experiment(hours=(24, 24)), r"^hours: \[24, 24\] repeats a time point"),
    (lambda: c.run_experiment(groups={}), r"^groups: 0 group\(s\) \(\); allowed: a mapping of 2 to 50 group names"),
    (lambda: c.run_experiment(groups={"only": {}}), r"^groups: 1 group\(s\) \(only\); allowed: a mapping of 2 to 50"),
    (lambda: c.run_experiment(groups={"a": {}, "b": {"il6": 100}}),
     r"^groups\['b'\]: unknown field 'il6'; allowed: a mapping with keys il6_ng_ml, tofacitinib_nM"),
    (lambda: c.run_experiment(groups={"a": {}, "b": {"il6_ng_ml": -3}}),
     r"^groups\['b'\]\['il6_ng_ml'\]: -3 is not allowed; allowed: a finite number >= 0$"),
    (lambda: c.run_experiment(groups={"a": {}, "b": 5}), r"^groups\['b'\]: 5 is not allowed; allowed: a mapping with keys"),
    (lambda: c.run_experiment(groups=[1, 2]), r"^groups: expected a mapping, got list \[1, 2\]"),
    (lambda: c.run_experiment(tofacitinib_nM=-1), r"^tofacitinib_nM: -1 is not allowed"),
    (lambda: c.run_experiment(jak_route="TYK2"), r"^jak_route: 'TYK2' is not allowed; allowed: 'JAK2'"),
    (lambda: c.run_experiment(readouts=("ALP",)), r"^readouts: unknown readout 'ALP'; allowed: one or more of calcium, TNAP"),
    (lambda: c.run_experiment(design=[c.Measurement("calcium", 24, ("control", "sham"))]),
     r"^design\[0\].groups: unknown group 'sham'; allowed: control, IL-6, IL-6 \+ tofacitinib$"),
    (lambda: c.run_experiment(design=[c.Measurement("calcium", 24, ("control",))]),
     r"^design\[0\].groups: \['control'\] names fewer than 2 different groups"),
    (lambda: c.run_experiment(design=[c.Measurement("calcium", 24, 5)]), r"^design\[0\].groups: 5 is not allowed"),
    (lambda: c.run_experiment(design=[c.Measurement("calcium", 400, ("control", "IL-6"))]),
     r"^design\[0\].time_h: 400 is not allowed; allowed: a time in hours with 0 < t <= 168"),
    (lambda: c.run_experiment(design=[]), r"^design: 0 item\(s\) \[\], need at least 1"),
    (lambda: c.one_way_anova({"a": [1.0], "b": [2.0, 3.0]}),
     r"^samples\['a'\]: 1 value\(s\); a test needs at least 2 replicates per group"),
    (lambda: c.lsd_pairwise({"a": [1.0, 2.0]}), r"^samples: 1 group\(s\); allowed: a mapping of at least 2 group names"),
    (lambda: c.lsd_pairwise({"a": [1.0, 2.0], "b": [3.0, 4.0]}, mse=float("nan"), df=2), r"^mse: nan is not allowed"),
    (lambda: c.lsd_pairwise({"a": [1.0, 2.0], "b": [3.0, 4.0]}, mse=1.0, df=0), r"^df: 0 is not allowed"),
    (lambda: c.summary("not a result"), r"^result: a str is not allowed; allowed: an ExperimentResult"),
])
def test_bad_input_raises_a_clear_error(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call()


ORIGINAL_CSV = (course_data.data_dir() / "vsmc_model.csv").read_text(encoding="utf-8")


def _data_copy(tmp_path, monkeypatch, edit):
    root = tmp_path / "data"
    root.mkdir(exist_ok=True)
    text = ORIGINAL_CSV
    (root / "vsmc_model.csv").write_text(edit(text), encoding="utf-8")
    monkeypatch.setenv("COURSE_DATA_DIR", str(root))
    course_data.clear_cache()


def test_data_file_errors_name_file_row_and_field(tmp_path, monkeypatch):
    try:
        _data_copy(tmp_path, monkeypatch, lambda t: "\n".join(line for line in t.splitlines() if not line.startswith("hill,")))
        with pytest.raises(DataError, match=r"data/vsmc_model.csv, field 'name': missing constant\(s\) 'hill'"):
            c.parameters()
        _data_copy(tmp_path, monkeypatch, lambda t: t.replace("ic50_jak2_nM,20,", "ic50_jak2_nM,0,"))
        with pytest.raises(DataError, match=r"vsmc_model.csv, row 2 \(line 3\), field 'value': ic50_jak2_nM = 0.0 "
                                            r"must be above zero"):
            c.parameters()
        _data_copy(tmp_path, monkeypatch, lambda t: t.replace("hill,1,", "hil,1,"))
        with pytest.raises(DataError, match=r"field 'name': 'hil' is not allowed"):
            c.parameters()
        _data_copy(tmp_path, monkeypatch, lambda t: t.replace("k_tnap_per_h,0.05,", "k_tnap_per_h,-0.05,"))
        with pytest.raises(DataError, match=r"field 'value': '-0.05' is out of range"):
            c.parameters()
    finally:
        monkeypatch.delenv("COURSE_DATA_DIR")
        course_data.clear_cache()


def test_every_constant_has_a_unit_and_a_note():
    frame = course_data.load("vsmc_model.csv")
    assert list(frame["name"]) == list(PARAMETERS)
    assert frame["note"].str.len().min() > 20 and frame["unit"].str.len().min() >= 1
    note = frame.set_index("name").loc["teaching_tofacitinib_nM", "note"]
    assert "did not state" in note and "chapter 9" in note


# --------------------------------------------------------------------------- potency sets
CELL_IC50 = {"JAK1": 406.0, "JAK2": 1377.0, "JAK3": 56.0}


def test_cell_potency_set_is_the_labels_pair_ic50s():
    assert c.POTENCIES == ("enzyme", "cell")
    assert P.cell_ic50 == CELL_IC50
    assert P.ic50_set("enzyme") == IC50 and P.ic50_set("cell") == CELL_IC50
    frame = course_data.load("vsmc_model.csv").set_index("name")
    for name in ("cell_ic50_jak1_nM", "cell_ic50_jak2_nM", "cell_ic50_jak3_nM"):
        assert frame.loc[name, "source"] == "xeljanz2021label"
    for name in ("ic50_jak1_nM", "ic50_jak2_nM", "ic50_jak3_nM"):
        assert frame.loc[name, "source"] == "VSMC paper §4"
        assert "as quoted by the paper; selectivity in cells differs" in frame.loc[name, "note"]


@pytest.mark.parametrize("jak", c.JAKS)
def test_half_activity_left_at_each_cellular_ic50(jak):
    assert c.jak_activity(CELL_IC50[jak], potency="cell")[jak] == pytest.approx(0.5, abs=1e-12)
    assert c.jak_activity(CELL_IC50[jak], potency="enzyme")[jak] < 0.5  # the enzyme set is more potent
    assert c.jak_activity(40, ic50_nM={"JAK2": 40}, potency="cell") == pytest.approx(
        {"JAK1": 1 / (1 + 40 / 406), "JAK2": 0.5, "JAK3": 1 / (1 + 40 / 56)})


def test_enzyme_is_the_default_potency_everywhere():
    assert c.jak_activity(20) == c.jak_activity(20, potency="enzyme")
    assert c.route_activity(50, "JAK1") == c.route_activity(50, "JAK1", "enzyme")
    pd.testing.assert_frame_equal(c.simulate_culture(100, 100), c.simulate_culture(100, 100, potency="enzyme"))
    pd.testing.assert_frame_equal(c.expected_levels(100, 50, [24]), c.expected_levels(100, 50, [24], potency="enzyme"))
    pd.testing.assert_frame_equal(c.dose_response_curve([1, 100]), c.dose_response_curve([1, 100], potency="enzyme"))
    res = c.run_experiment(hours=(24,), readouts=("TNAP",))
    assert res.settings["potency"] == "enzyme" and res.settings["jak_route"] == "JAK2"


@pytest.mark.parametrize("route", c.ROUTES)
def test_cell_potency_changes_every_function_consistently(route):
    dose = 300.0
    a_cell = c.route_activity(dose, route, "cell")
    a_enzyme = c.route_activity(dose, route, "enzyme")
    assert a_cell > a_enzyme  # cellular IC50s are higher: less inhibition at the same dose
    expected = {"JAK2": 1 / (1 + dose / 1377), "JAK1": 1 / (1 + dose / 406),
                "JAK1+JAK2": 1 / (1 + dose / 1377) / (1 + dose / 406)}[route]
    assert a_cell == pytest.approx(expected)
    occ = c.receptor_occupancy(100)
    lv = c.expected_levels(100, dose, [24, 72], jak_route=route, potency="cell")
    sim = c.simulate_culture(100, dose, 72, route, potency="cell").set_index("t_h")
    np.testing.assert_allclose(lv.set_index("time_h").loc[[24, 72], "TNAP"], sim.loc[[24, 72], "TNAP"], rtol=1e-9)
    np.testing.assert_allclose(sim["pSTAT3"].iloc[-1], 1 + P.pstat3_gain * occ * expected, rtol=1e-6)
    curve = c.dose_response_curve([dose], 100, (24,), route, potency="cell").set_index("readout")["value"]
    assert curve["signal"] == pytest.approx(expected) and curve["JAK2"] == pytest.approx(1 / (1 + dose / 1377))
    assert curve["TNAP"] == pytest.approx(lv.loc[0, "TNAP"])
    res = c.run_experiment(n_replicates=2, hours=(24,), noise=0, jak_route=route, potency="cell", readouts=("TNAP",))
    truth = res.expected.set_index("group").loc["IL-6 + tofacitinib", "value"]
    assert truth == pytest.approx(float(c.expected_levels(100, 100, [24], route, "cell")["TNAP"].iloc[0]))
    assert res.settings["potency"] == "cell"


@pytest.mark.parametrize("dose", [1.0, 20.0, 100.0, 406.0, 1000.0, 5000.0])
def test_cell_potency_reverses_which_route_is_inhibited_first(dose):
    # enzyme IC50s as quoted: JAK2 (20 nM) is blocked before JAK1 (112 nM)
    assert c.route_activity(dose, "JAK2", "enzyme") < c.route_activity(dose, "JAK1", "enzyme")
    # in cells: JAK1-limited signalling (406 nM) goes before JAK2-only signalling (1377 nM)
    assert c.route_activity(dose, "JAK1", "cell") < c.route_activity(dose, "JAK2", "cell")
    lv = {(r, k): float(c.expected_levels(100, dose, [72], r, k)["calcium"].iloc[0])
          for r in ("JAK1", "JAK2") for k in c.POTENCIES}
    assert lv[("JAK2", "enzyme")] < lv[("JAK1", "enzyme")]
    assert lv[("JAK1", "cell")] < lv[("JAK2", "cell")]


def test_dose_halving_each_route_follows_the_potency_set():
    for potency, order in (("enzyme", ("JAK2", "JAK1")), ("cell", ("JAK1", "JAK2"))):
        ic50 = P.ic50_set(potency)
        first, second = order
        assert ic50[first] < ic50[second]
        assert c.route_activity(ic50[first], first, potency) == pytest.approx(0.5)
        assert c.route_activity(ic50[first], second, potency) > 0.5


BAD_POTENCY = r"^potency: "


@pytest.mark.parametrize("call", [
    lambda v: c.jak_activity(10, potency=v),
    lambda v: c.route_activity(10, "JAK2", v),
    lambda v: c.simulate_culture(100, 10, potency=v),
    lambda v: c.expected_levels(100, 10, [24], potency=v),
    lambda v: c.dose_response_curve([1, 10], potency=v),
    lambda v: c.run_experiment(hours=(24,), potency=v),
    lambda v: c.parameters().ic50_set(v),
])
@pytest.mark.parametrize("bad", ["cells", "Enzyme", "", None, 1])
def test_bad_potency_raises_a_clear_error(call, bad):
    with pytest.raises(ValueError, match=BAD_POTENCY + re.escape(repr(bad)) + " is not allowed; allowed: 'enzyme', 'cell'"):
        call(bad)


def test_potency_source_rule_is_checked_with_the_data(tmp_path, monkeypatch):
    try:
        _data_copy(tmp_path, monkeypatch, lambda t: t.replace("cell_ic50_jak2_nM,1377,nM,xeljanz2021label,",
                                                              "cell_ic50_jak2_nM,1377,nM,teaching choice,"))
        with pytest.raises(DataError, match=r"vsmc_model.csv, row 5 \(line 6\), field 'source': cell_ic50_jak2_nM "
                                            r"belongs to the cell potency set, whose source is 'xeljanz2021label'"):
            c.parameters()
        with pytest.raises(DataError, match=r"belongs to the cell potency set"):
            course_data.validate_all(tmp_path / "data")
    finally:
        monkeypatch.delenv("COURSE_DATA_DIR")
        course_data.clear_cache()


# --------------------------------------------------------------------------- pictures
@pytest.fixture(scope="module")
def figures():
    from widgets.pictures import calcification as pc

    return {"dose_response": pc.dose_response(), "calcium_time_course": pc.calcium_time_course(),
            "western_blot_explorer": pc.western_blot_explorer(), "potency_comparison": pc.potency_comparison()}


def test_pictures_have_alt_text_the_simulated_mark_and_stay_small(figures):
    for name, fig in figures.items():
        meta = fig.layout.meta
        assert isinstance(meta["alt"], str) and len(meta["alt"]) > 40, name
        assert meta["simulated"] is True, name
        stamps = [a for a in fig.layout.annotations if "SIMULATED" in (a.text or "")]
        assert len(stamps) == 1, name
        assert fig.layout.title.text, name
        assert len(fig.to_json()) < 300_000, name


def test_dose_response_marks_ic50s_and_route_buttons_change_data(figures):
    fig = figures["dose_response"]
    assert fig.layout.xaxis.type == "log" and fig.layout.xaxis.range == (-1, 4)
    xs = {round(s.x0, 6) for s in fig.layout.shapes if s.line.dash == "dot" and s.x0 == s.x1}
    assert {1.0, 20.0, 112.0} <= xs
    labels = " ".join(a.text for a in fig.layout.annotations)
    for text in ("JAK3 IC50 1 nM", "JAK2 IC50 20 nM", "JAK1 IC50 112 nM"):
        assert text in labels
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["route: JAK2", "route: JAK1", "route: JAK1+JAK2"]
    y_jak2, y_jak1 = buttons[0].args[0]["y"], buttons[1].args[0]["y"]
    assert y_jak2[3] != y_jak1[3]  # TNAP curve moves with the route
    assert "title.text" in buttons[1].args[1]
    # dashes differ between the JAK lines so colour never carries meaning alone
    assert len({tr.line.dash for tr in fig.data[:3]}) == 3


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text or "")).strip()


def test_figures_name_the_assumed_route_and_potency(figures):
    for name in ("dose_response", "calcium_time_course", "western_blot_explorer"):
        title = _plain(figures[name].layout.title.text)
        assert "JAK2" in title and "the paper's assumption" in title, (name, title)
    assert "enzyme IC50s" in _plain(figures["calcium_time_course"].layout.title.text)
    assert "enzyme IC50s" in _plain(figures["western_blot_explorer"].layout.title.text)
    notes = [_plain(a.text) for a in figures["dose_response"].layout.annotations if a.name == "top-note"]
    assert notes == ["Enzyme IC50s as quoted by the paper; selectivity in cells differs."]
    assert "selectivity in cells differs" in figures["dose_response"].layout.meta["alt"]
    # the route buttons keep saying which route each state assumes
    from widgets.pictures import calcification as pc

    for button in figures["calcium_time_course"].layout.updatemenus[0].buttons:
        route = button.label.split(": ")[1]
        assert pc.ROUTE_TEXT[route].split(" (")[0] in _plain(button.args[1]["title.text"])

    blot = pc.blot_figure(c.run_experiment(hours=(24,), readouts=c.BLOT_READOUTS, jak_route="JAK1", potency="cell"))
    assert "route JAK1" in _plain(blot.layout.title.text) and "cellular IC50s" in _plain(blot.layout.title.text)


def test_potency_comparison_shows_the_order_swap(figures):
    fig = figures["potency_comparison"]
    names = [tr.name for tr in fig.data]
    assert names == ["JAK2 route, enzyme IC50s (half at 20 nM)", "JAK1 route, enzyme IC50s (half at 112 nM)",
                     "JAK2 route, cellular IC50s (half at 1.377 µM)", "JAK1 route, cellular IC50s (half at 406 nM)"]
    x = np.array(fig.data[0].x)
    i = int(np.argmin(np.abs(x - 100)))
    y = {n: tr.y[i] for n, tr in zip(("e2", "e1", "c2", "c1"), fig.data)}
    assert y["e2"] < y["e1"] and y["c1"] < y["c2"]  # enzyme: JAK2 first; cells: JAK1 first
    assert y["e2"] == pytest.approx(float(c.route_activity(x[i], "JAK2")), rel=1e-3)
    assert len({tr.line.dash for tr in fig.data}) == 2 and len({tr.marker.symbol for tr in fig.data}) == 2
    assert fig.layout.meta["simulated"] is True


def test_calcium_time_course_groups_are_distinct(figures):
    fig = figures["calcium_time_course"]
    lines = [tr for tr in fig.data if tr.mode == "lines"]
    assert len(lines) == 3
    assert len({tr.line.dash for tr in lines}) == 3 and len({tr.line.color for tr in lines}) == 3
    assert max(lines[1].x) == 72
    assert lines[1].y[-1] > lines[2].y[-1] > lines[0].y[-1]
    assert "not measured in the paper" in lines[2].name


def test_blot_explorer_slider_changes_data(figures):
    fig = figures["western_blot_explorer"]
    slider = fig.layout.sliders[0]
    assert [s.label for s in slider.steps] == [str(n) for n in range(2, 9)]
    first, last = slider.steps[0].args, slider.steps[-1].args
    assert len(first[0]["x"][0]) == 6 and len(last[0]["x"][0]) == 24  # lanes: 3 groups x n wells
    assert first[0]["y"][1] != last[0]["y"][1]  # the bars move
    assert first[1]["title.text"] != last[1]["title.text"] and "title" not in first[1]
    assert set(fig.data[0].y) == {"TNAP", "Runx2", "Jak2", "beta-actin"}
    # every restyle list has one entry per trace the step names
    assert all(len(v) == len(first[2]) == len(fig.data) for v in first[0].values())
    patterns = {tr.marker.pattern.shape for tr in fig.data if tr.type == "bar"}
    assert len(patterns) == 3


def test_blot_figures_draw_no_table_trace(figures):
    """The site's plotly.js has no table trace: P values are an HTML table beside the figure."""
    from widgets.pictures import calcification as pc

    result = c.run_experiment(n_replicates=3, hours=(24,), seed=4, noise=0.25, readouts=c.BLOT_READOUTS)
    for fig in (figures["western_blot_explorer"], pc.blot_figure(result, 24)):
        assert {tr.type for tr in fig.data} == {"heatmap", "bar", "scatter"}


def test_blot_p_values_are_an_html_table_of_every_step():
    import html as html_lib
    import re

    from widgets.pictures import calcification as pc

    table = pc.western_blot_p_values()
    text = table._repr_html_()
    assert text.count("<table") == 1 and "<caption" in text and "Simulated" in text
    heads = re.findall(r"<th scope='col'>(.*?)</th>", text)
    assert heads == ["protein", "test"] + [f"n = {n}" for n in range(2, 9)]
    rows = re.findall(r"<tr><th scope='row'>(.*?)</th><th scope='row'>(.*?)</th>(.*?)</tr>", text)
    assert len(rows) == len(c.BLOT_READOUTS) * 4  # ANOVA and three LSD comparisons per protein
    # the explorer's steps are run_experiment with its fixed seed: the table holds their P values
    for n in (2, 8):
        run = c.run_experiment(n_replicates=n, hours=(24,), seed=4, noise=0.25, readouts=c.BLOT_READOUTS)
        p_tnap = run.anova.set_index("readout").loc["TNAP", "p"]
        tnap_anova = next(cells for protein, test, cells in rows if protein == "TNAP" and test == "ANOVA P")
        column = re.findall(r"<td>(.*?)</td>", tnap_anova)[n - 2]
        expected = "<0.001" if p_tnap < 0.001 else f"{p_tnap:.3f}"
        assert html_lib.unescape(column).startswith(expected), (n, column, p_tnap)
    columns = [re.findall(r"<td>(.*?)</td>", cells) for _, _, cells in rows]
    assert any(col[0] != col[-1] for col in columns)  # the P values change with the number of wells


# --------------------------------------------------------------------------- panel
def test_panel_builds_and_updates_in_place():
    from widgets.browser.export import vsmc_lab_controls
    from widgets.panels import LivePanel
    from widgets.panels.calcification import key_of, vsmc_lab_panel

    panel = vsmc_lab_panel()
    assert isinstance(panel, LivePanel)
    assert {key_of(c) for c in vsmc_lab_controls()} <= set(panel.controls)
    assert all(w.description for w in panel.controls.values())
    c = panel.controls
    tc, blot = panel.figures["time_course"], panel.figures["blot"]
    assert tc.layout.meta["simulated"] and blot.layout.meta["simulated"]
    assert tc.data[1].y[-1] > 1.5  # meaningful at defaults: IL-6 raises calcium
    table = panel.widget.children[-1]
    assert "ANOVA" in table.value and "<table" in table.value

    before_tc, before_table = list(tc.data[2].y), table.value
    c["doses/tofacitinib_nM"].value = 1000.0
    assert list(tc.data[2].y) != before_tc
    assert table.value != before_table
    c["design/n_replicates"].value = 5
    assert len(blot.data[0].x) == 15
    c["model/jak_route"].value = "JAK1"
    assert "JAK1" in tc.layout.title.text
    c["model/jak_route"].value = "JAK2"
    assert "the paper" in tc.layout.title.text.replace("<br>", "")  # the default route is named as the paper's
    before_tofa_line = list(tc.data[2].y)
    c["model/potency"].value = "cell"
    assert "cellular IC50s" in tc.layout.title.text and "cellular IC50s" in blot.layout.title.text
    assert "cellular IC50s" in table.value
    assert list(tc.data[2].y) != before_tofa_line  # 1 uM blocks JAK2-only signalling less in cells
    c["model/potency"].value = "enzyme"
    assert "enzyme IC50s" in tc.layout.title.text
    before_z = [list(r) for r in blot.data[0].z]
    c["design/seed"].value = 9
    assert [list(r) for r in blot.data[0].z] != before_z
    for hour in ("24", "48", "72"):
        c[f"hours/{hour}"].value = False
    assert "at least one time point" in panel.widget.children[4].value
    c["hours/48"].value = True
    c["hours/168"].value = True
    assert tc.layout.xaxis.range[1] > 168 and "48 h" in blot.layout.title.text
    assert panel.widget.children[4].value == ""


def test_panel_clears_the_blot_when_no_time_point_is_chosen():
    from widgets.panels.calcification import vsmc_lab_panel

    panel = vsmc_lab_panel()
    blot, table = panel.figures["blot"], panel.widget.children[-1]
    assert len(blot.data[0].x) == 9 and "24 h" in blot.layout.title.text
    for hour in ("24", "48", "72"):
        panel.controls[f"hours/{hour}"].value = False
    assert list(blot.data[0].x) == [] and list(blot.data[0].z) == []
    assert all(list(t.y) == [] for t in blot.data[1:])  # no bars, no marks of the last experiment
    title = blot.layout.title.text.replace(" <br>", " ").replace("<br>", " ")
    assert "at 24 h" not in title and "no time point" in title
    assert "No statistics" in table.value
    panel.controls["hours/72"].value = True
    assert len(blot.data[0].x) == 9 and "72 h" in blot.layout.title.text


def test_panel_runs_a_new_experiment_and_adds_the_inhibitor_only_group():
    from widgets.panels.calcification import vsmc_lab_panel

    panel = vsmc_lab_panel()
    blot = panel.figures["blot"]
    before = [list(r) for r in blot.data[0].z]
    panel.controls["new_experiment"].click()
    assert panel.controls["design/seed"].value == 1
    assert [list(r) for r in blot.data[0].z] != before
    panel.controls["groups/tofacitinib_alone"].value = True
    assert len(blot.data[0].x) == 12 and blot.data[4].name.startswith("tofacitinib alone")
    assert panel.figures["time_course"].data[3].visible is True
    panel.controls["groups/tofacitinib_alone"].value = False
    assert len(blot.data[0].x) == 9 and list(blot.data[4].y) == [] and blot.data[4].showlegend is False
    assert panel.figures["time_course"].data[3].visible is False


def test_panel_keeps_the_group_names_of_the_blot_bars():
    from widgets.panels.calcification import vsmc_lab_panel

    panel = vsmc_lab_panel()
    panel.controls["doses/tofacitinib_nM"].value = panel.controls["doses/tofacitinib_nM"].value  # one update
    panel.update()
    names = [t.name for t in panel.figures["blot"].data[1:4]]
    assert names[0] == "control" and names[1] == "IL-6" and names[2].startswith("IL-6 + tofacitinib")
