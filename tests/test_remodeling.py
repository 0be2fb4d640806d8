"""Unit tests of the bone-remodeling engine (widgets.remodeling), its data, pictures and panel."""

from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.integrate import solve_ivp
from scipy.optimize import root

from widgets import data
from widgets import remodeling as rm
from widgets.data import DataError

DATA = Path(__file__).resolve().parents[1] / "data"
FILES = ("remodeling_parameters.csv", "cytokine_couplings.csv", "therapies.csv")

# Pivonka et al. 2008, the model the remodeling chapter (chapters/02_remodeling.ipynb) sets out, written here
# independently of data/remodeling_parameters.csv.
SPEC = dict(
    D_OBu=7.0e-4, D_OBp=0.2674077909527713, A_OBa=0.189, D_OCp=2.1e-3, A_OCa=0.7,
    K_D1=4.545454545454545e-3, K_D2=1.415624253823446e-3, K_D3=4.545454545454545e-3,
    alpha=1.0, k_res=1.0, D_TGFb=1.0, beta_PTH=250.0, D_PTH=86.0, K_PTH_act=150.0,
    K_PTH_rep=0.2225814277099542, beta_OPG=1.624900337835679e8, OPG_max=2.0e8, D_OPG=0.35,
    R_RANKL=2.703476379131062e6, beta_RANKL=168.4195714712206, D_RANKL=10.132471014805027,
    K_A1=1.0e-3, K_A2=3.411764705882353e-2, RANK=10.0, K_D8=4.457452802710724,
)
# Steady state of that model, re-solved from the equations and the
# reference parameter values; the paper's text is not the source of these numbers.
SPEC_STEADY_STATE = {"OBp": 6.196e-4, "OBa": 5.584e-4, "OCa": 8.070e-4, "RANKL": 0.55, "OPG": 1.84e4}
PRO = ("TNF-α", "IL-1", "IL-6", "IL-8")
PROTECTIVE = ("IL-10", "IL-33")
INFLAMED = rm.inflamed_state()  # the illustrative inflamed state the chapters use


def end(df: pd.DataFrame, column: str) -> float:
    return float(df[column].iloc[-1])


# ------------------------------------------------------------------ the published model

def test_parameter_file_holds_the_published_values_at_full_precision():
    p = rm.parameters()
    for name, value in SPEC.items():
        assert p[name] == value, name
    assert 0 < p["kappa_BV"] < 5


@pytest.mark.parametrize("key", list(SPEC_STEADY_STATE))
def test_steady_state_matches_the_specification_within_one_percent(key):
    ss = rm.steady_state()
    assert ss[key] == pytest.approx(SPEC_STEADY_STATE[key], rel=0.01)


def test_no_inputs_nothing_moves_for_ten_years():
    df = rm.simulate(3650)
    ss = rm.steady_state()
    assert len(df) == 3651
    for key in ("OBp", "OBa", "OCa", "RANKL", "OPG"):
        assert np.max(np.abs(df[key] / ss[key] - 1)) < 1e-6, key
    assert np.max(np.abs(df["bone_volume"] - 100)) < 1e-6
    assert np.allclose(df["RANKL_OPG_rel"], 1, atol=1e-6)


def test_output_columns_and_daily_rows():
    df = rm.simulate(30.5)
    for column in ("t", "OBp", "OBa", "OCa", "RANKL", "OPG", "RANKL_OPG", "bone_volume"):
        assert column in df.columns
    assert df["t"].iloc[0] == 0 and df["t"].iloc[-1] == 30.5
    assert np.all(np.diff(df["t"]) <= 1) and len(df) == 32
    assert df["bone_volume"].iloc[0] == 100
    assert np.allclose(df["RANKL_OPG"], df["RANKL"] / df["OPG"])


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# What the reference solution reads from the data files itself (not through the engine): the cytokine
# couplings and the bone-volume rate kappa_BV (a teaching calibration, not one of the published values).
COUPLINGS = _rows("cytokine_couplings.csv")
KAPPA_BV = float(next(r["value"] for r in _rows("remodeling_parameters.csv") if r["name"] == "kappa_BV"))


def _reference_multipliers(cytokines, rankl_rel):
    """Factor on each target, from cytokine_couplings.csv and the coupling rules of the data README."""
    levels = cytokines or {}
    m = defaultdict(lambda: 1.0)
    for row in COUPLINGS:
        x = float(levels.get(row["cytokine"], 1.0))
        e, k = float(row["max_effect"]), float(row["half_effect_level"])
        h = (x - 1) / ((x - 1) + k) if x >= 1 else (x - 1) / ((1 - x) + k)
        if row["effect"] == "raise":
            factor = 1 + e * h
        elif row["effect"] == "lower":
            factor = 1 - e * h
        else:  # biphasic in the cytokine's level, rankl_dependent in free RANKL relative to healthy
            s, r = float(row["switch_level"]), (x if row["effect"] == "biphasic" else rankl_rel)
            factor = 1 + e * h * (s - r) / (s + r)
        m[row["target"]] *= factor
    return m


def _reference(days, cytokines=None, dosing=None, window=None):
    """The spec's equations written out plainly, solved with tight tolerances (DOP853).

    Independent of the engine: parameters from SPEC, couplings read from the data file here, and the
    healthy state found here (a root of the same equations without cytokines or doses).
    """
    p = SPEC
    kappa = KAPPA_BV
    dose_all = {"RANKL": 0.0, "OPG": 0.0, "PTH": 0.0, "TGF-beta": 0.0} | (dosing or {})

    def algebra(y, t, m, dosed=True):
        on = dosed and (window is None or window[0] <= t <= window[1])
        d = dose_all if on else dict.fromkeys(dose_all, 0.0)
        obp, oba, oca = y[:3]
        tgf = (p["alpha"] * p["k_res"] * oca + d["TGF-beta"]) / p["D_TGFb"]
        pth = (p["beta_PTH"] + d["PTH"]) / p["D_PTH"]
        p_opg = p["beta_OPG"] * m["OPG_production"] * oba * p["K_PTH_rep"] / (pth + p["K_PTH_rep"])
        opg = (p_opg + d["OPG"]) / (p_opg / p["OPG_max"] + p["D_OPG"])
        eff = p["R_RANKL"] * obp * pth / (pth + p["K_PTH_act"])
        b = p["beta_RANKL"] * m["RANKL_production"]
        rankl = eff * (b + d["RANKL"]) / ((b + p["D_RANKL"] * eff) * (1 + p["K_A1"] * opg + p["K_A2"] * p["RANK"]))
        return tgf, rankl, opg

    def cells(y, tgf, rankl, m):
        obp, oba, oca = y[:3]
        rr = p["K_A2"] * rankl * p["RANK"]
        diff = p["D_OBp"] * m["OB_differentiation"] * p["K_D2"] / (tgf + p["K_D2"]) * obp
        return [p["D_OBu"] * m["OB_precursor_supply"] * tgf / (tgf + p["K_D1"]) - diff,
                diff - p["A_OBa"] * m["OB_apoptosis"] * oba,
                p["D_OCp"] * m["OC_formation"] * rr / (rr + p["K_D8"])
                - p["A_OCa"] * m["OC_apoptosis"] * tgf / (tgf + p["K_D3"]) * oca]

    # the healthy state: every multiplier is 1 without cytokines (solved in units of the spec's values)
    scale = np.array([SPEC_STEADY_STATE[k] for k in ("OBp", "OBa", "OCa")])
    ones = defaultdict(lambda: 1.0)

    def at_rest(u):
        y = u * scale
        return np.array(cells(y, *algebra(y, 0.0, ones, dosed=False)[:2], ones)) / scale

    solved = root(at_rest, np.ones(3), method="hybr", tol=1e-13)
    assert np.max(np.abs(at_rest(solved.x))) < 1e-12, solved.message
    star = solved.x * scale
    star_rankl = algebra(star, 0.0, ones, dosed=False)[1]
    static = _reference_multipliers(cytokines, 1.0)

    def f(t, y):
        oba, oca = y[1], y[2]
        tgf, rankl, _ = algebra(y, t, static)
        m = _reference_multipliers(cytokines, rankl / star_rankl)
        return cells(y, tgf, rankl, m) + [kappa * 0.01 * y[3] * (oba / star[1] - oca / star[2])]

    t_eval = np.arange(0, days + 1.0)
    stops = [0.0, days] if window is None else [0.0, window[0], window[1], days]
    y = np.append(star, 100.0)
    pieces = []
    for a, b in zip(stops[:-1], stops[1:]):
        if b <= a:
            continue
        te = t_eval[(t_eval >= a) & (t_eval <= b)]
        sol = solve_ivp(f, (a, b), y, method="DOP853", rtol=1e-11, atol=1e-16, t_eval=te)
        pieces.append(sol.y if not pieces else sol.y[:, 1:])  # te starts at a: drop the repeated point
        y = sol.y[:, -1]  # te ends at b (whole days)
    return np.hstack(pieces)


@pytest.mark.parametrize("case", [
    dict(cytokines=INFLAMED),
    dict(cytokines={"IL-6": 6.0, "IL-10": 0.3}, dosing={"RANKL": 400.0}, window=(20.0, 90.0)),
    dict(cytokines={"IL-33": 4.0, "TNF-α": 1.5}, dosing={"PTH": 80.0, "OPG": 3000.0}),
])
def test_solver_matches_a_tight_tolerance_reference(case):
    days = 180
    ref = _reference(days, case.get("cytokines"), case.get("dosing"), case.get("window"))
    df = rm.simulate(days, case.get("cytokines"), dosing=case.get("dosing"), dosing_window=case.get("window"))
    for i, key in enumerate(("OBp", "OBa", "OCa")):
        assert np.max(np.abs(df[key].to_numpy() / ref[i] - 1)) < 1e-4, key
    assert np.max(np.abs(df["bone_volume"].to_numpy() - ref[3])) < 1e-3


# ------------------------------------------------------------------ cytokines

@pytest.mark.parametrize("cytokine", PRO)
def test_pro_inflammatory_cytokines_cause_bone_loss_and_raise_rankl_opg(cytokine):
    low, healthy, high, higher = (rm.simulate(365, {cytokine: x}) for x in (0.0, 1.0, 3.0, 10.0))
    assert end(high, "bone_volume") < 99.5
    assert end(higher, "bone_volume") < end(high, "bone_volume")
    assert end(high, "RANKL_OPG_rel") > 1.02
    assert end(higher, "RANKL_OPG_rel") > end(high, "RANKL_OPG_rel")
    assert end(low, "bone_volume") > 100 and end(low, "RANKL_OPG_rel") < 1
    assert end(healthy, "bone_volume") == pytest.approx(100, abs=1e-6)


@pytest.mark.parametrize("cytokine", PROTECTIVE)
def test_protective_cytokines_protect_bone_and_lower_rankl_opg(cytokine):
    low, high = rm.simulate(365, {cytokine: 0.0}), rm.simulate(365, {cytokine: 5.0})
    assert end(high, "bone_volume") > 100.5 and end(high, "RANKL_OPG_rel") < 0.99
    assert end(low, "bone_volume") < 100 and end(low, "RANKL_OPG_rel") > 1
    protected = rm.simulate(365, INFLAMED | {cytokine: 5.0})
    assert end(protected, "bone_volume") > end(rm.simulate(365, INFLAMED), "bone_volume")


def test_tnf_alpha_alias_and_case_insensitive_names():
    a = rm.simulate(60, {"TNF-α": 4})
    b = rm.simulate(60, {"TNF-alpha": 4})
    c = rm.simulate(60, {"tnf-alpha": 4, "il6": 1})
    assert np.allclose(a["bone_volume"], b["bone_volume"]) and np.allclose(a["OCa"], c["OCa"])


def test_il6_dual_effect_on_osteoclast_formation_depends_on_rankl():
    table = rm.coupling_table()
    switch = float(table[(table.cytokine == "IL-6") & (table.effect == "rankl_dependent")].switch_level.iloc[0])
    low, at, high = 0.3 * switch, switch, 4 * switch
    ratio = (rm.osteoclast_formation([low, at, high], {"IL-6": 6.0})
             / rm.osteoclast_formation([low, at, high], {"IL-6": 1.0}))
    assert ratio[0] > 1.05, "IL-6 stimulates formation when RANKL is low"
    assert ratio[1] == pytest.approx(1.0)
    assert ratio[2] < 0.95, "IL-6 inhibits formation when RANKL is high"
    # and it shows in the simulated osteoclasts
    low_rankl = {"OPG": 10000.0}
    high_rankl = {"RANKL": 1000.0}
    oca = {(lv, k): end(rm.simulate(365, {"IL-6": lv}, dosing=d), "OCa")
           for lv in (1.0, 10.0) for k, d in (("low", low_rankl), ("high", high_rankl))}
    assert oca[(10.0, "low")] > 1.1 * oca[(1.0, "low")]
    assert oca[(10.0, "high")] < 0.9 * oca[(1.0, "high")]


def test_tnf_alpha_on_osteoblast_differentiation_is_biphasic():
    low = rm.target_multipliers({"TNF-α": 1.5})["OB_differentiation"]
    high = rm.target_multipliers({"TNF-α": 8.0})["OB_differentiation"]
    assert low > 1 > high


def test_coupling_factor_forms():
    assert rm.coupling_factor(1.0, "raise", 2.0, 3.0) == 1.0
    assert rm.coupling_factor(4.0, "raise", 2.0, 3.0) == pytest.approx(1 + 2 * 3 / 6)
    assert rm.coupling_factor(0.0, "raise", 2.0, 3.0) == pytest.approx(1 - 2 * 1 / 4)
    assert rm.coupling_factor(4.0, "lower", 0.5, 3.0) == pytest.approx(1 - 0.5 * 0.5)
    assert rm.coupling_factor(0.0, "lower", 0.5, 3.0) == pytest.approx(1 + 0.5 * 0.25)
    assert rm.coupling_factor(5.0, "rankl_dependent", 0.5, 1.0, 2.0, rankl_rel=2.0) == 1.0
    with pytest.raises(ValueError, match="effect: 'up' is not allowed; allowed: raise, lower"):
        rm.coupling_factor(2.0, "up", 0.5, 1.0)


def test_cytokine_steady_state_is_a_fixed_point():
    ss = rm.steady_state(INFLAMED)
    df = rm.simulate(400, INFLAMED, start=ss)
    for key in ("OBp", "OBa", "OCa"):
        assert np.max(np.abs(df[key] / ss[key] - 1)) < 1e-5
    assert ss["OCa"] > rm.steady_state()["OCa"]
    assert end(df, "bone_volume") < 100  # an inflamed steady state still loses bone (OCa/OCa* > OBa/OBa*)


# ------------------------------------------------------------------ dosing (the model's own inputs)

def test_rankl_dosing_raises_osteoclasts_and_loses_bone():
    df = rm.simulate(365, dosing={"RANKL": 200.0})
    assert end(df, "OCa") > 1.1 * df["OCa"].iloc[0]
    assert end(df, "bone_volume") < 98
    assert end(df, "RANKL_OPG_rel") > 1


def test_opg_dosing_lowers_osteoclasts_and_gains_bone():
    df = rm.simulate(365, dosing={"OPG": 10000.0})
    assert end(df, "OCa") < 0.8 * df["OCa"].iloc[0]
    assert end(df, "bone_volume") > 102
    assert end(df, "RANKL_OPG_rel") < 0.5


def test_continuous_pth_raises_rankl_lowers_opg_and_loses_bone():
    # PTH activates RANKL expression (pi_act) and represses OPG production (pi_rep): catabolic
    df = rm.simulate(365, dosing={"PTH": 100.0})
    assert df["RANKL"].iloc[0] > rm.steady_state()["RANKL"]
    assert df["OPG"].iloc[0] < rm.steady_state()["OPG"]
    assert end(df, "OCa") > df["OCa"].iloc[0] and end(df, "bone_volume") < 98


def test_tgf_beta_dosing_raises_osteoblast_precursors_and_lowers_osteoclasts():
    df = rm.simulate(120, dosing={"TGF-beta": 2e-4})
    assert end(df, "OBp") > df["OBp"].iloc[0] and end(df, "OCa") < df["OCa"].iloc[0]
    assert end(df, "bone_volume") > 100


def test_dosing_window_applies_only_inside_the_window():
    plain = rm.simulate(300)
    dosed = rm.simulate(300, dosing={"RANKL": 300.0}, dosing_window=(50, 120))
    before = dosed["t"] < 50
    assert np.allclose(dosed.loc[before, "OCa"], plain.loc[before, "OCa"], rtol=1e-9)
    at = dosed.set_index("t")
    assert at.loc[50, "RANKL"] > 1.5 * at.loc[49, "RANKL"]  # RANKL follows the dose at once
    peak = at.loc[120, "OCa"] / plain["OCa"].iloc[0]
    assert peak > 1.1 and abs(end(dosed, "OCa") / plain["OCa"].iloc[0] - 1) < peak - 1  # relaxes back
    assert end(dosed, "bone_volume") < 100


def test_steady_state_with_dosing_is_a_fixed_point():
    ss = rm.steady_state(dosing={"OPG": 5000.0})
    df = rm.simulate(200, dosing={"OPG": 5000.0}, start=ss)
    assert np.max(np.abs(df["OCa"] / ss["OCa"] - 1)) < 1e-5


# ------------------------------------------------------------------ calibration and therapies

def test_bone_volume_calibration_is_plausible():
    mild = rm.simulate(365, {"TNF-α": 2.0})
    assert 97 <= end(mild, "bone_volume") <= 99, "mild inflammation: 1-3 % per year"
    strong = rm.simulate(365, INFLAMED)
    assert end(strong, "bone_volume") < end(mild, "bone_volume") - 3, "strong inflammation loses more"


def test_kappa_calibration_note_holds(tmp_path, monkeypatch):
    """kappa_BV's note: a 1.5-fold rise of RANKL production loses about 2 % in a year."""
    for name in FILES:
        shutil.copy(DATA / name, tmp_path / name)
    (tmp_path / "cytokine_couplings.csv").write_text(
        "cytokine,target,effect,max_effect,half_effect_level,switch_level,review_section,note\n"
        "TNF-α,RANKL_production,raise,1.0,1.0,,6,test: factor 1.5 at level 2\n", encoding="utf-8")
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    data.clear_cache()
    assert rm.target_multipliers({"TNF-α": 2.0})["RANKL_production"] == pytest.approx(1.5)
    assert 100 - end(rm.simulate(365, {"TNF-α": 2.0}), "bone_volume") == pytest.approx(2.0, abs=0.5)
    data.clear_cache()


@pytest.mark.parametrize("name", ["anti-TNF", "IL-1Ra", "tocilizumab", "anti-RANKL"])
def test_each_therapy_reduces_inflammatory_bone_loss(name):
    untreated = rm.simulate(365, INFLAMED)
    treated = rm.simulate(365, **rm.therapy(name, INFLAMED))
    loss_untreated = 100 - end(untreated, "bone_volume")
    loss_treated = 100 - end(treated, "bone_volume")
    assert loss_untreated > 5
    assert loss_treated < 0.8 * loss_untreated
    assert end(treated, "RANKL_OPG_rel") < end(untreated, "RANKL_OPG_rel")


def test_therapy_inputs_follow_the_data_file():
    table = rm.therapies()
    assert set(table) == {"anti-TNF", "IL-1Ra", "tocilizumab", "anti-RANKL"} == set(rm.THERAPIES)
    out = rm.therapy("anti-TNF", {"TNF-alpha": 5.0})
    assert out["cytokines"]["TNF-α"] == pytest.approx(5.0 * table["anti-TNF"].value)
    out = rm.therapy("anti-RANKL", {"IL-6": 2.0}, {"OPG": 100.0})
    assert out["dosing"]["OPG"] == pytest.approx(100.0 + table["anti-RANKL"].value)
    assert out["cytokines"]["IL-6"] == 2.0
    assert rm.THERAPIES["tocilizumab"].acts_on == "IL-6"
    scenarios = rm.illustrative_scenarios()
    assert list(scenarios)[0] == "healthy" and len(scenarios) == 2 + len(table)


# ------------------------------------------------------------------ errors name argument, value, allowed

@pytest.mark.parametrize("kwargs, message", [
    (dict(cytokines={"IL-2": 2}),
     r"cytokines: unknown cytokine 'IL-2'; allowed: IL-1, IL-33, IL-6, IL-8, IL-10, TNF-α"),
    (dict(cytokines={"IL-6": -1}), r"cytokines\['IL-6'\]: level -1 is not allowed; allowed: a finite number >= 0"),
    (dict(cytokines={"IL-6": float("nan")}), r"cytokines\['IL-6'\]: level nan is not allowed"),
    (dict(cytokines={"TNF-α": float("inf")}), r"cytokines\['TNF-α'\]: level inf is not allowed"),
    (dict(cytokines={"IL-6": "high"}), r"cytokines\['IL-6'\]: level 'high' is not allowed"),
    (dict(cytokines={"IL-6": True}), r"cytokines\['IL-6'\]: level True is not allowed"),
    (dict(cytokines={"TNF-α": 2, "TNF-alpha": 3}), r"cytokines: 'TNF-alpha' and 'TNF-α' both name TNF-α"),
    (dict(cytokines=[("IL-6", 2)]), r"cytokines: expected a mapping"),
    (dict(dosing={"insulin": 1}), r"dosing: unknown dosing term 'insulin'; allowed: RANKL, OPG, PTH, TGF-beta"),
    (dict(dosing={"OPG": -5}), r"dosing\['OPG'\]: rate -5 is not allowed; allowed: a finite number >= 0"),
    (dict(dosing={"PTH": float("nan")}), r"dosing\['PTH'\]: rate nan is not allowed"),
    (dict(days=0), r"days: 0 is not allowed; allowed: a finite number of days > 0"),
    (dict(days=-3), r"days: -3 is not allowed"),
    (dict(days=float("inf")), r"days: inf is not allowed"),
    (dict(days="year"), r"days: 'year' is not allowed"),
    (dict(days=100, dosing={"OPG": 1}, dosing_window=(50, 200)),
     r"dosing_window: \(50, 200\) lies outside the simulated time 0 to 100 days; allowed: \(t_on, t_off\)"),
    (dict(dosing_window=(-1, 10)), r"dosing_window: \(-1, 10\) lies outside the simulated time"),
    (dict(dosing_window=(30, 10)), r"dosing_window: \(30, 10\) does not start before it ends"),
    (dict(dosing_window=5), r"dosing_window: 5 is not allowed; allowed: a pair \(t_on, t_off\)"),
    (dict(start={"OBp": 1e-3}), r"start: missing 'OBa', 'OCa'; allowed: a mapping with keys 'OBp', 'OBa', 'OCa'"),
    (dict(start={"OBp": 1e-3, "OBa": 1e-3, "OCa": -1}), r"start: OCa = -1 is not allowed"),
    (dict(start={"OBp": 1e-3, "OBa": 1e-3, "OCa": 1e-3, "bone": 5}), r"start: unknown key\(s\) 'bone'"),
    (dict(start=[1, 2]), r"start: \[1, 2\] is not allowed"),
])
def test_bad_input_raises_value_error_naming_argument_value_and_allowed(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rm.simulate(**kwargs)


def test_other_functions_reject_bad_input():
    with pytest.raises(ValueError, match=r"name: unknown therapy 'aspirin'; allowed: 'anti-TNF'"):
        rm.therapy("aspirin")
    with pytest.raises(ValueError, match=r"cytokines: unknown cytokine 'IL-17'"):
        rm.steady_state({"IL-17": 2})
    with pytest.raises(ValueError, match=r"rankl_rel: .* allowed: finite numbers >= 0"):
        rm.osteoclast_formation([-1.0])
    with pytest.raises(ValueError, match=r"cytokine: unknown cytokine 'IL-99'"):
        rm.canonical_cytokine("IL-99")


def test_start_accepts_a_steady_state_result_and_a_sequence():
    ss = rm.steady_state({"IL-6": 4})
    a = rm.simulate(20, start=ss)
    b = rm.simulate(20, start=[ss["OBp"], ss["OBa"], ss["OCa"]])
    assert np.allclose(a["OCa"], b["OCa"]) and a["OCa"].iloc[0] == ss["OCa"]


# ------------------------------------------------------------------ data files and their schema errors

def test_data_files_load_through_the_loader():
    assert set(data.load("remodeling_parameters.csv")["name"]) >= set(SPEC)
    couplings = data.load("cytokine_couplings.csv")
    assert set(couplings["cytokine"]) == set(rm.CYTOKINES)
    assert couplings["review_section"].notna().all()
    assert len(data.load("therapies.csv")) == 4


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    for name in FILES:
        shutil.copy(DATA / name, tmp_path / name)
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    data.clear_cache()
    yield tmp_path
    data.clear_cache()


def _edit(path: Path, row: int, **changes) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[row].update(changes)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _drop_column(path: Path, column: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = [f for f in rows[0] if f != column]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("file, edit, message", [
    ("cytokine_couplings.csv", dict(cytokine="IL-17"),
     r"data/cytokine_couplings.csv, row 1 \(line 2\), field 'cytokine': 'IL-17' is not allowed \(allowed: 'IL-1'"),
    ("cytokine_couplings.csv", dict(target="bone_density"), r"field 'target': 'bone_density' is not allowed"),
    ("cytokine_couplings.csv", dict(effect="up"), r"field 'effect': 'up' is not allowed \(allowed: 'raise', 'lower'"),
    ("cytokine_couplings.csv", dict(review_section=""), r"field 'review_section': missing value"),
    ("cytokine_couplings.csv", dict(review_section="6"),
     r"row 1 \(line 2\), field 'review_section': section '6' of the review does not discuss IL-1"),
    ("cytokine_couplings.csv", dict(max_effect="lots"), r"field 'max_effect': 'lots' is not a number"),
    ("cytokine_couplings.csv", dict(max_effect="9"), r"field 'max_effect': max_effect 9.0 would make the target zero"),
    ("cytokine_couplings.csv", dict(switch_level="2"), r"field 'switch_level': a 'raise' effect has no switch level"),
    ("remodeling_parameters.csv", dict(value="0"),
     r"remodeling_parameters.csv, row 1 \(line 2\), field 'value': '0' is out of range \(allowed: a number above 0\)"),
    ("remodeling_parameters.csv", dict(name="D_XYZ"), r"field 'name': 'D_XYZ' is not allowed"),
    ("therapies.csv", dict(value="3"),
     r"therapies.csv, row 1 \(line 2\), field 'value': 3.0 is more than the whole level"),
    ("therapies.csv", dict(acts_on="OPG"), r"field 'acts_on': a cytokine therapy cannot act on 'OPG'"),
])
def test_schema_errors_name_file_row_field_and_allowed(data_copy, file, edit, message):
    _edit(data_copy / file, 0, **edit)
    read = rm.therapies if file == "therapies.csv" else (lambda: rm.simulate(10))
    with pytest.raises(DataError, match=message):
        read()


def test_missing_review_section_column_is_reported(data_copy):
    _drop_column(data_copy / "cytokine_couplings.csv", "review_section")
    with pytest.raises(DataError, match=r"cytokine_couplings.csv, header, field 'review_section': missing column"):
        rm.simulate(10)


def test_dual_effect_needs_a_switch_level(data_copy):
    path = data_copy / "cytokine_couplings.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    index = next(i for i, r in enumerate(rows) if r["effect"] == "rankl_dependent")
    _edit(path, index, switch_level="")
    with pytest.raises(DataError, match=r"field 'switch_level': a 'rankl_dependent' effect needs a switch level"):
        rm.steady_state()


def test_missing_parameter_row_is_reported(data_copy):
    path = data_copy / "remodeling_parameters.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("K_D8,")) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"remodeling_parameters.csv, field 'name': missing parameter\(s\) 'K_D8'"):
        rm.simulate(10)


def test_edited_coupling_changes_the_model(data_copy):
    before = end(rm.simulate(365, {"IL-8": 5.0}), "bone_volume")
    path = data_copy / "cytokine_couplings.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    index = next(i for i, r in enumerate(rows) if r["cytokine"] == "IL-8" and r["target"] == "RANKL_production")
    _edit(path, index, max_effect="3.0")
    assert end(rm.simulate(365, {"IL-8": 5.0}), "bone_volume") == before, "read again only after clear_cache"
    data.clear_cache()
    assert end(rm.simulate(365, {"IL-8": 5.0}), "bone_volume") < before - 1


# ------------------------------------------------------------------ pictures

def _annotations(fig) -> str:
    return " ".join(a.text or "" for a in fig.layout.annotations)


def test_cytokine_explorer_has_a_working_slider():
    from widgets.pictures.remodeling import cytokine_explorer

    fig = cytokine_explorer("TNF-alpha")
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == ["0×", "0.5×", "1×", "2×", "3×", "5×", "10×"]
    ys = [s.args[0]["y"] for s in steps]
    assert ys[0][0][-1] > 100 > ys[-1][0][-1], "the slider changes the bone-volume trace"
    assert ys[-1][1][-1] > ys[2][1][-1], "and the RANKL/OPG trace"
    titles = {s.args[1]["title.text"] for s in steps}
    assert len(titles) == len(steps)
    assert "SIMULATED" in _annotations(fig)
    assert fig.layout.meta["alt"] and fig.layout.meta["simulated"]
    assert len(fig.to_json()) < 300_000


def test_menu_explorers_and_figures_build():
    from widgets.pictures import remodeling as pr

    fig = pr.all_cytokines_explorer()
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == list(rm.CYTOKINES)
    assert sum(buttons[1].args[0]["visible"]) == 8 and "SIMULATED" in _annotations(fig)
    fig = pr.scenario_explorer()
    labels = [b.label for b in fig.layout.updatemenus[0].buttons]
    assert labels[0] == "healthy" and any("anti-TNF" in x for x in labels) and len(labels) == 6
    ends = [b.args[0]["y"][0][-1] for b in fig.layout.updatemenus[0].buttons]
    assert ends[0] == pytest.approx(100) and min(ends[2:]) > ends[1]
    assert "ILLUSTRATIVE" in _annotations(fig) and fig.layout.meta["alt"]
    fig = pr.il6_dual_effect()
    factor = fig.data[3].y  # IL-6 10× against RANKL
    assert factor[0] > 1 > factor[-1] and "SIMULATED" in _annotations(fig) and fig.layout.meta["alt"]
    fig = pr.time_course(rm.simulate(100, {"IL-1": 3}))
    assert len(fig.data) == 5 and fig.data[-1].y[-1] < 100 and fig.layout.meta["alt"]
    for f in (pr.all_cytokines_explorer(), pr.il6_dual_effect()):
        assert len(f.to_json()) < 300_000
    with pytest.raises(ValueError, match="df: expected a simulate"):
        pr.time_course(pd.DataFrame({"t": [0]}))


# ------------------------------------------------------------------ panel

def test_panel_builds_and_updates_in_place():
    from widgets.panels import LivePanel
    from widgets.panels.remodeling import remodeling_panel

    panel = remodeling_panel()
    assert isinstance(panel, LivePanel)
    fig = panel.figures["main"]
    status = panel.widget.children[1]
    bone = next(t for t in fig.data if (t.meta or {}).get("column") == "bone_volume")
    ratio = next(t for t in fig.data if (t.meta or {}).get("column") == "RANKL_OPG_rel")
    healthy = [t for t in fig.data if "reference" in (t.meta or {})]
    assert len(bone.y) == 366 and bone.y[-1] == pytest.approx(100), "at defaults: the healthy steady state"
    assert healthy and all(t.x[-1] == 365 for t in healthy), "with the healthy reference"
    for name in rm.CYTOKINES:
        control = panel.controls[f"cytokines/{name}"]
        assert control.value == 1.0 and name in control.description
    before = bone.y[-1]
    panel.controls["cytokines/IL-1"].value = 6.0
    assert bone.y[-1] < before - 1
    text = status.value
    panel.controls["therapy"].value = "IL-1Ra"
    assert status.value != text and "Bone volume after 365 days" in status.value
    panel.controls["dosing/OPG"].value = 10000.0
    assert ratio.y[-1] < 1
    panel.controls["days/days"].value = 730.0
    assert bone.x[-1] == 730 and healthy[0].x[-1] == 730
    panel.controls["reset"].click()
    assert bone.y[-1] == pytest.approx(100) and panel.controls["therapy"].value == ""
    assert all(getattr(c, "description", "") for c in panel.controls.values())


def test_a_window_ending_a_hair_before_the_end_is_handled():
    days = 233.54526289947302
    df = rm.simulate(days, dosing={"RANKL": 1.0}, dosing_window=(0.0, 233.545262899473))
    assert df["t"].iloc[-1] == days and np.all(np.isfinite(df.drop(columns="t").to_numpy()))
    short = rm.simulate(10, dosing={"RANKL": 100.0}, dosing_window=(3.0, 3.0 + 1e-12))
    assert np.allclose(short["OCa"], rm.steady_state()["OCa"], rtol=1e-9)


def test_bone_volume_stays_positive_under_extreme_inflammation():
    extreme = {"TNF-α": 10.0, "IL-1": 10.0, "IL-6": 10.0, "IL-8": 10.0, "IL-10": 0.0, "IL-33": 0.0}
    df = rm.simulate(1460, extreme, dosing={"RANKL": 2000.0})
    assert df["bone_volume"].min() > 0
    assert df["bone_volume"].iloc[-1] < 50  # yet the loss is severe


# The RANKL-dependent factor and the TGF-β/OPG/RANKL algebra have one home each (rm._switch_factor,
# rm._with_dual, rm._algebraic); the ODE right-hand side keeps inline copies for speed. These tests pin
# the copies to the functions over a grid of inputs.
PIN_STATES = [(f0, f1, f2) for f0 in (0.2, 1.0, 3.0) for f1 in (0.5, 1.0, 4.0) for f2 in (0.1, 1.0, 2.5)]
PIN_INPUTS = [({}, {}), ({"IL-6": 6.0}, {}), ({"IL-6": 0.2, "TNF-α": 3.0}, {"RANKL": 500.0}),
              ({"IL-6": 10.0, "IL-10": 0.1}, {"OPG": 8000.0, "PTH": 2.0, "TGF-beta": 1e-3})]


@pytest.mark.parametrize("cytokines,dosing", PIN_INPUTS)
def test_the_right_hand_side_uses_the_same_algebra_and_rankl_factor(cytokines, dosing):
    base = rm._healthy()
    mult, dual = rm._compile_couplings(rm._check_cytokines(cytokines))
    assert bool(dual) == (cytokines.get("IL-6", 1.0) != 1.0), "IL-6 away from healthy makes a RANKL-dependent term"
    r = rm._rates(base.params, mult, rm._check_dosing(dosing))
    kappa = base.params["kappa_BV"]
    f = rm._rhs(r, dual, base.state, kappa, base.rankl)
    for scaled in PIN_STATES:
        obp, oba, oca = np.array(scaled) * base.state
        tgf, rankl, _ = rm._algebraic(r, obp, oba, oca)
        x = r["k_rr"] * rankl
        form = rm._with_dual(r["d_ocp"] * x / (x + r["k_d8"]), dual, rankl / base.rankl)
        diff = r["d_obp"] * r["k_d2"] / (tgf + r["k_d2"]) * obp
        expected = [(r["d_obu"] * tgf / (tgf + r["k_d1"]) - diff) / base.state[0],
                    (diff - r["a_oba"] * oba) / base.state[1],
                    (form - r["a_oca"] * tgf / (tgf + r["k_d3"]) * oca) / base.state[2],
                    kappa * 0.01 * 90.0 * (scaled[1] - scaled[2])]
        got = f(0.0, np.array([*scaled, 90.0]))
        assert got == pytest.approx(expected, rel=1e-12, abs=1e-300), scaled


@pytest.mark.parametrize("il6", [0.0, 0.3, 1.0, 2.0, 6.0, 20.0])
@pytest.mark.parametrize("rankl_rel", [0.0, 0.2, 1.0, 1.5, 3.0, 40.0])
def test_every_use_of_the_rankl_dependent_factor_agrees(il6, rankl_rel):
    row = next(r for r in COUPLINGS if r["cytokine"] == "IL-6" and r["effect"] == "rankl_dependent")
    E, K, s = (float(row[k]) for k in ("max_effect", "half_effect_level", "switch_level"))
    factor = rm.coupling_factor(il6, "rankl_dependent", E, K, s, rankl_rel=rankl_rel)
    static = rm.target_multipliers({"IL-6": il6}, rankl_rel=1.0)["OC_formation"] / rm.coupling_factor(
        il6, "rankl_dependent", E, K, s, rankl_rel=1.0)
    assert rm.target_multipliers({"IL-6": il6}, rankl_rel=rankl_rel)["OC_formation"] == pytest.approx(
        static * factor, rel=1e-13)
    healthy = rm.osteoclast_formation([rankl_rel], {})[0]
    assert rm.osteoclast_formation([rankl_rel], {"IL-6": il6})[0] == pytest.approx(
        healthy * static * factor, rel=1e-13)
