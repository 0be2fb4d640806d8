// remodeling.mjs: the course's bone-remodeling model (Pivonka et al. 2008 with the six cytokines of
// the review), solved in the reader's browser. It is a port of widgets/remodeling.py: the same
// equations, the same input checks, the same output columns on the same daily grid.
//
// It holds no number of the model: `model` is the JSON the build exports from data/
// (widgets/browser/export.py, file remodeling-model.json): parameters, couplings, therapies,
// names, accepted spellings, the steady-state search grid and the longest simulation allowed.
//
// Exports
//   simulate(request, model) -> {t, OBp, OBa, OCa, RANKL, OPG, RANKL_OPG, RANKL_OPG_rel, bone_volume}
//       arrays on the daily grid 0, 1, …, floor(days) (and days itself if fractional).
//       request = {days, cytokines: {name: level}, dosing: {term: pM/day}, dosing_window: [on, off] | null,
//                  therapy: id | null}; every key optional (365 days, healthy, no dosing, no therapy).
//   checkRequest(request, model) -> the checked, canonical request (before the therapy is applied)
//   applyTherapy(id, cytokines, dosing, model) -> {cytokines, dosing} (as Python's therapy())
//   steadyState(model, cytokines?, dosing?) -> {OBp, OBa, OCa, RANKL, OPG} (pM)
//   targetMultipliers(model, cytokines?, ranklRel = 1) -> factor on each model target
//   requestFromControls({days, cytokines, dosing, window_on, window_off, therapy}, model) -> a request:
//       dosing throughout (window null) when window_on is 0 and window_off >= days, else
//       [window_on, min(window_off, days)] (Python: widgets.browser.export.request_from_controls)
//   SOLVER: the integrator's tolerances and step cap
// Invalid input throws an Error whose message starts with the argument's name ("days: …",
// "cytokines: …", "dosing['OPG']: …", "dosing_window: …", "therapy: …", "request: …") and says what
// is allowed, as the Python engine's ValueError does. A solve that cannot finish (extreme inputs)
// throws an Error starting "simulate:"; nothing returns NaN.

import { IntegrationError, integrate } from "./integrate.mjs";
import { repr, typeName } from "./python-repr.mjs";

/** Tolerances of the integrator on the state scaled by the healthy steady state (and bone volume in %). */
export const SOLVER = Object.freeze({ rtol: 1e-8, atol: 1e-10, maxSteps: 20000 });

// Search range of the steady state (log of OCa in pM) and the healthy OCa to prefer among several roots,
// from the model's steady_state_search (the Python engine's OCA_SEARCH_RANGE, OCA_SEARCH_POINTS,
// OCA_NEAR_HEALTHY, used by its _reduced_steady_state).
function searchGrid(model) {
  const s = model.steady_state_search;
  if (!isMapping(s) || !Array.isArray(s.oca_range) || s.oca_range.length !== 2 || !Number.isInteger(s.points) ||
      !(s.points >= 2) || !(s.oca_range[0] > 0 && s.oca_range[1] > s.oca_range[0]) || !(s.oca_near_healthy > 0)) {
    throw new Error("model: steady_state_search must be {oca_range: [lo, hi] with 0 < lo < hi, points: an " +
      "integer >= 2, oca_near_healthy: a number > 0} (written by widgets/browser/export.py)");
  }
  return Object.freeze({ lo: Math.log(s.oca_range[0]), hi: Math.log(s.oca_range[1]), points: s.points,
    near: Math.log(s.oca_near_healthy) });
}

// ------------------------------------------------------------------------------------------------
// Error messages in the Python engine's words
// ------------------------------------------------------------------------------------------------



const isNumber = (v) => typeof v === "number";
const isMapping = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
// Python's format(x, "g"): six significant digits, exponent form outside 1e-4 … 1e6
function fmt(x) {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const exponent = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  if (exponent >= -4 && exponent < 6) return String(Number(x.toPrecision(6)));
  const [mantissa, e] = x.toExponential(5).split("e");
  const digits = String(Math.abs(Number(e))).padStart(2, "0");
  return `${String(Number(mantissa))}e${Number(e) < 0 ? "-" : "+"}${digits}`;
}

// ------------------------------------------------------------------------------------------------
// The model data, prepared once per exported JSON object
// ------------------------------------------------------------------------------------------------

const PREPARED = new WeakMap();

function prepare(model) {
  if (!isMapping(model) || model.model !== "remodeling" || !isMapping(model.parameters)) {
    throw new Error("model: expected the exported remodeling model (remodeling-model.json, " +
      "written by widgets/browser/export.py)");
  }
  let prepared = PREPARED.get(model);
  if (!prepared) {
    const therapies = new Map(model.therapies.map((t) => [t.id, t]));
    prepared = { model, p: model.parameters, therapies, search: searchGrid(model), healthy: null };
    prepared.healthy = healthyState(prepared);
    PREPARED.set(model, prepared);
  }
  return prepared;
}

const norm = (name) => name.trim().toLowerCase().replace(/[ \-_]/g, "");

// ------------------------------------------------------------------------------------------------
// Input checks (the rules of widgets/remodeling.py)
// ------------------------------------------------------------------------------------------------

function canonicalCytokine(name, arg, model) {
  const canonical = typeof name === "string" ? model.cytokine_aliases[norm(name)] : undefined;
  if (canonical === undefined) {
    throw new Error(`${arg}: unknown cytokine ${repr(name)}; allowed: ${model.cytokines.join(", ")} (also 'TNF-alpha')`);
  }
  return canonical;
}

function canonicalDosing(name, arg, model) {
  const canonical = typeof name === "string" ? model.dosing_aliases[norm(name)] : undefined;
  if (canonical === undefined) {
    throw new Error(`${arg}: unknown dosing term ${repr(name)}; allowed: ${model.dosing_terms.join(", ")}`);
  }
  return canonical;
}

function checkNamedValues(values, arg, names, fallback, canonical, example, quantity, meaning) {
  const out = Object.fromEntries(names.map((n) => [n, fallback]));
  if (values === null || values === undefined) return out;
  if (!isMapping(values)) {
    throw new Error(`${arg}: expected a mapping such as ${example}, got ${typeName(values)} ${repr(values)}; ` +
      `allowed: keys ${names.join(", ")}`);
  }
  const seen = {};
  for (const [key, value] of Object.entries(values)) {
    const name = canonical(key, arg);
    if (name in seen) throw new Error(`${arg}: ${repr(key)} and ${repr(seen[name])} both name ${name}; allowed: each name once`);
    seen[name] = key;
    if (!isNumber(value) || !Number.isFinite(value) || value < 0) {
      throw new Error(`${arg}[${repr(key)}]: ${quantity} ${repr(value)} is not allowed; allowed: a finite number >= 0 ` +
        `(${meaning})`);
    }
    out[name] = value;
  }
  return out;
}

function checkCytokines(cytokines, model, arg = "cytokines") {
  return checkNamedValues(cytokines, arg, model.cytokines, 1, (k, a) => canonicalCytokine(k, a, model),
    "{'TNF-α': 3}", "level", "relative to healthy: 1 = healthy, 0 = absent, 10 = ten-fold");
}

function checkDosing(dosing, model, arg = "dosing") {
  return checkNamedValues(dosing, arg, model.dosing_terms, 0, (k, a) => canonicalDosing(k, a, model),
    "{'OPG': 5000} (pM/day)", "rate", "external production in pM/day");
}

function checkDays(days, model) {
  if (!isNumber(days) || !Number.isFinite(days) || !(days > 0 && days <= model.max_days)) {
    throw new Error(`days: ${repr(days)} is not allowed; allowed: a finite number of days > 0 and at most ` +
      `${fmt(model.max_days)}`);
  }
  return days;
}

function checkWindow(window, days) {
  if (window === null || window === undefined) return null;
  const pair = `(t_on, t_off) with 0 <= t_on < t_off <= days (${fmt(days)})`;
  if (!Array.isArray(window) || window.length !== 2) {
    throw new Error(`dosing_window: ${repr(window)} is not allowed; allowed: a pair (t_on, t_off) in days ` +
      `with 0 <= t_on < t_off <= days (${fmt(days)})`);
  }
  const [on, off] = window;
  if (!(isNumber(on) && isNumber(off)) || !(Number.isFinite(on) && Number.isFinite(off))) {
    throw new Error(`dosing_window: ${repr(window)} is not allowed; allowed: two finite numbers of days ${pair}`);
  }
  if (!(on < off)) throw new Error(`dosing_window: ${repr(window)} does not start before it ends; allowed: ${pair}`);
  if (on < 0 || off > days) {
    throw new Error(`dosing_window: ${repr(window)} lies outside the simulated time 0 to ${fmt(days)} days; ` +
      `allowed: ${pair}`);
  }
  return [on, off];
}

/** The checked request: {days, cytokines (all six), dosing (all four), dosing_window, therapy}. */
export function checkRequest(request, model) {
  const m = prepare(model).model;
  if (!isMapping(request)) {
    throw new Error(`request: expected a mapping, got ${typeName(request)} ${repr(request)}; ` +
      `allowed: a mapping with keys ${m.request_keys.join(", ")}`);
  }
  const unknown = Object.keys(request).filter((k) => !m.request_keys.includes(k));
  if (unknown.length) {
    throw new Error(`request: unknown key(s) ${unknown.map(repr).join(", ")}; allowed: ${m.request_keys.join(", ")}`);
  }
  const days = checkDays(request.days === undefined ? m.default_days : request.days, m);
  const cytokines = checkCytokines(request.cytokines, m);
  const dosing = checkDosing(request.dosing, m);
  const window = checkWindow(request.dosing_window, days);
  const therapy = request.therapy ?? null;
  if (therapy !== null && !(typeof therapy === "string" && prepare(model).therapies.has(therapy))) {
    throw new Error(`therapy: unknown therapy ${repr(therapy)}; allowed: ` +
      `${m.therapies.map((t) => repr(t.id)).join(", ")} or None`);
  }
  return { days, cytokines, dosing, dosing_window: window, therapy };
}

/** The request for the simulator's control values (the window rule at the top of this module). */
export function requestFromControls(values, model) {
  const { days, cytokines = null, dosing = null, window_on: on = 0, window_off: off = Infinity, therapy = null } = values;
  const window = on === 0 && off >= days ? null : [on, Math.min(off, days)];
  const request = { days, cytokines, dosing, dosing_window: window, therapy };
  checkRequest(request, model);
  return request;
}

/** Inputs changed by a therapy, as Python's therapy(): a cytokine's level × the fraction left, or a dose added. */
export function applyTherapy(id, cytokines, dosing, model) {
  const { therapies, model: m } = prepare(model);
  if (!therapies.has(id)) {
    throw new Error(`name: unknown therapy ${repr(id)}; allowed: ${m.therapies.map((t) => repr(t.id)).join(", ")}`);
  }
  const levels = checkCytokines(cytokines, m);
  const dose = checkDosing(dosing, m);
  const t = therapies.get(id);
  if (t.kind === "cytokine") levels[t.acts_on] *= t.value;
  else dose[t.acts_on] += t.value;
  return { cytokines: levels, dosing: dose };
}

// ------------------------------------------------------------------------------------------------
// Couplings
// ------------------------------------------------------------------------------------------------

function excess(level, k) {
  const d = level - 1;
  return d >= 0 ? d / (d + k) : d / (-d + k);
}

function couplingFactor(level, c) {
  const h = excess(level, c.half_effect_level);
  if (c.effect === "raise") return 1 + c.max_effect * h;
  if (c.effect === "lower") return 1 - c.max_effect * h;
  const s = c.switch_level; // biphasic: in the cytokine's own level
  return 1 + c.max_effect * h * (s - level) / (s + level);
}

// Static multiplier per target, and the RANKL-dependent terms [E·h, s] evaluated in the right-hand side.
function compileCouplings(levels, model) {
  const mult = Object.fromEntries(Object.keys(model.targets).map((t) => [t, 1]));
  const dual = [];
  for (const c of model.couplings) {
    const x = levels[c.cytokine];
    if (c.effect === "rankl_dependent") {
      const eh = c.max_effect * excess(x, c.half_effect_level);
      if (eh !== 0) dual.push([eh, c.switch_level]);
      continue;
    }
    mult[c.target] *= couplingFactor(x, c);
  }
  return { mult, dual };
}

// The RANKL-dependent factor on osteoclast formation, at free RANKL `rho` × healthy: the product of
// 1 + E·h·(s − ρ)/(s + ρ) over the [E·h, s] terms of compileCouplings (_switch_factor in remodeling.py; the
// parity tests pin the two engines together).
function ranklFactor(dual, rho) {
  let f = 1;
  for (const [eh, s] of dual) f *= 1 + eh * (s - rho) / (s + rho);
  return f;
}

/** Factor on each model target for these cytokine levels, at free RANKL `ranklRel` × healthy. */
export function targetMultipliers(model, cytokines = null, ranklRel = 1) {
  const m = prepare(model).model;
  const { mult, dual } = compileCouplings(checkCytokines(cytokines, m), m);
  mult.OC_formation *= ranklFactor(dual, ranklRel);
  return mult;
}

// ------------------------------------------------------------------------------------------------
// The model
// ------------------------------------------------------------------------------------------------

function rates(p, mult, dose) {
  const pth = (p.beta_PTH + dose.PTH) / p.D_PTH;
  const bRankl = p.beta_RANKL * mult.RANKL_production;
  return {
    a_res: p.alpha * p.k_res, p_tgf: dose["TGF-beta"], d_tgf: p.D_TGFb,
    b_opg: p.beta_OPG * mult.OPG_production * p.K_PTH_rep / (pth + p.K_PTH_rep),
    opg_max: p.OPG_max, d_opg: p.D_OPG, p_opg: dose.OPG,
    r_eff: p.R_RANKL * pth / (pth + p.K_PTH_act),
    b_rankl: bRankl, p_rankl: bRankl + dose.RANKL, d_rankl: p.D_RANKL,
    k_a1: p.K_A1, c_rank: 1 + p.K_A2 * p.RANK, k_rr: p.K_A2 * p.RANK,
    d_obu: p.D_OBu * mult.OB_precursor_supply, k_d1: p.K_D1,
    d_obp: p.D_OBp * mult.OB_differentiation, k_d2: p.K_D2,
    a_oba: p.A_OBa * mult.OB_apoptosis,
    d_ocp: p.D_OCp * mult.OC_formation, k_d8: p.K_D8,
    a_oca: p.A_OCa * mult.OC_apoptosis, k_d3: p.K_D3,
  };
}

// TGF-β, free RANKL and OPG (pM) for one state.
function algebraic(r, obp, oba, oca) {
  const tgf = (r.a_res * oca + r.p_tgf) / r.d_tgf;
  const prod = r.b_opg * oba;
  const opg = (prod + r.p_opg) / (prod / r.opg_max + r.d_opg);
  const eff = r.r_eff * obp;
  const rankl = eff * r.p_rankl / ((r.b_rankl + r.d_rankl * eff) * (r.c_rank + r.k_a1 * opg));
  return { tgf, rankl, opg };
}

// Non-trivial steady state: the root of the OCa balance with OBp and OBa eliminated.
function reducedSteadyState(r, dual, rankl0, search) {
  const cells = (oca) => {
    const tgf = (r.a_res * oca + r.p_tgf) / r.d_tgf;
    const supply = r.d_obu * tgf / (tgf + r.k_d1);
    return { tgf, obp: supply / (r.d_obp * r.k_d2 / (tgf + r.k_d2)), oba: supply / r.a_oba };
  };
  const balance = (logOca) => {
    const oca = Math.exp(logOca);
    const { tgf, obp, oba } = cells(oca);
    const { rankl } = algebraic(r, obp, oba, oca);
    const x = r.k_rr * rankl;
    const form = r.d_ocp * x / (x + r.k_d8) * ranklFactor(dual, rankl / rankl0);
    return (form - r.a_oca * tgf / (tgf + r.k_d3) * oca) / oca;
  };
  const grid = Array.from({ length: search.points }, (_, i) => search.lo + (search.hi - search.lo) * i / (search.points - 1));
  const values = grid.map(balance);
  let best = -1;
  for (let i = 0; i + 1 < grid.length; i++) {
    if (values[i] > 0 && values[i + 1] <= 0 && (best < 0 || Math.abs(grid[i] - search.near) < Math.abs(grid[best] - search.near))) {
      best = i;
    }
  }
  if (best < 0) throw new Error("steady_state: no steady state with osteoclasts found for these inputs");
  let [lo, hi] = [grid[best], grid[best + 1]]; // balance(lo) > 0 >= balance(hi): bisection to the last bit
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (balance(mid) > 0) lo = mid;
    else hi = mid;
  }
  const oca = Math.exp(0.5 * (lo + hi));
  const { obp, oba } = cells(oca);
  return [obp, oba, oca];
}

function noDose(model) {
  return Object.fromEntries(model.dosing_terms.map((d) => [d, 0]));
}

function healthyState(prepared) {
  const { model, p, search } = prepared;
  const mult = Object.fromEntries(Object.keys(model.targets).map((t) => [t, 1]));
  const r = rates(p, mult, noDose(model));
  const state = reducedSteadyState(r, [], 1, search);
  const { rankl, opg } = algebraic(r, ...state);
  return { state, rankl, opg };
}

/** Steady state (pM) of OBp, OBa, OCa with free RANKL and OPG, for these cytokines and constant dosing. */
export function steadyState(model, cytokines = null, dosing = null) {
  const { model: m, p, healthy, search } = prepare(model);
  const levels = checkCytokines(cytokines, m);
  const dose = checkDosing(dosing, m);
  const { mult, dual } = compileCouplings(levels, m);
  const r = rates(p, mult, dose);
  const state = reducedSteadyState(r, dual, healthy.rankl, search);
  const { rankl, opg } = algebraic(r, ...state);
  return { OBp: state[0], OBa: state[1], OCa: state[2], RANKL: rankl, OPG: opg };
}

// Right-hand side in the state scaled by the healthy steady state, plus bone volume (%).
function rhs(r, dual, scale, kappa, rankl0) {
  const [s0, s1, s2] = scale;
  return (t, u) => {
    const obp = u[0] * s0;
    const oba = u[1] * s1;
    const oca = u[2] * s2;
    const { tgf, rankl } = algebraic(r, obp, oba, oca);
    const x = r.k_rr * rankl;
    const form = r.d_ocp * x / (x + r.k_d8) * (dual.length ? ranklFactor(dual, rankl / rankl0) : 1);
    const diff = r.d_obp * r.k_d2 / (tgf + r.k_d2) * obp;
    return [
      (r.d_obu * tgf / (tgf + r.k_d1) - diff) / s0,
      (diff - r.a_oba * oba) / s1,
      (form - r.a_oca * tgf / (tgf + r.k_d3) * oca) / s2,
      kappa * 0.01 * u[3] * (u[1] - u[2]),
    ];
  };
}

function timeGrid(days) {
  const t = [];
  for (let d = 0; d <= Math.floor(days); d++) t.push(d);
  if (t[t.length - 1] < days) t.push(days);
  return t;
}

/**
 * Simulate bone remodeling for a request (see the top of this module); one value per day.
 * @throws {Error} naming the argument for invalid input; "simulate: …" if the solve cannot finish
 */
export function simulate(request, model) {
  const inputs = checkRequest(request, model);
  const { model: m, p, healthy } = prepare(model);
  let levels = inputs.cytokines;
  let dose = inputs.dosing;
  if (inputs.therapy !== null) ({ cytokines: levels, dosing: dose } = applyTherapy(inputs.therapy, levels, dose, m));
  const { days, dosing_window: window } = inputs;
  const { mult, dual } = compileCouplings(levels, m);
  const dosed = Object.values(dose).some((v) => v > 0);
  const rOn = rates(p, mult, dose);
  const rOff = dosed ? rates(p, mult, noDose(m)) : rOn;
  const scale = healthy.state;
  const kappa = p.kappa_BV;

  const t = timeGrid(days);
  const segments = window === null || !dosed ? [[0, days, rOn]]
    : [[0, window[0], rOff], [window[0], window[1], rOn], [window[1], days, rOff]].filter(([a, b]) => b > a);

  const n = t.length;
  const u = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  let state = [1, 1, 1, 100];
  for (let k = 0; k < 4; k++) u[k][0] = state[k];
  let filled = 1;
  for (const [a, b, r] of segments) {
    let last = filled;
    while (last < n && t[last] <= b) last++;
    if (b - a <= 1e-9 * Math.max(1, days)) { // a sliver: nothing can change in so short a time
      for (let i = filled; i < last; i++) for (let k = 0; k < 4; k++) u[k][i] = state[k];
      filled = last;
      continue;
    }
    let solution;
    try {
      solution = integrate(rhs(r, dual, scale, kappa, healthy.rankl), state, a, b,
        { tEval: t.slice(filled, last), ...SOLVER });
    } catch (err) {
      if (err instanceof IntegrationError) {
        throw new Error(`simulate: the solver could not finish for these inputs (${err.message}); ` +
          "try less extreme cytokine levels or doses");
      }
      throw err;
    }
    for (let j = 0; j < solution.y.length; j++) for (let k = 0; k < 4; k++) u[k][filled + j] = solution.y[j][k];
    filled = last;
    state = Array.from(solution.yEnd);
  }

  const columns = ["OBp", "OBa", "OCa", "RANKL", "OPG", "RANKL_OPG", "RANKL_OPG_rel", "bone_volume"];
  const out = { t };
  for (const c of columns) out[c] = new Array(n);
  const ratio0 = healthy.rankl / healthy.opg;
  for (let i = 0; i < n; i++) {
    const obp = i === 0 ? scale[0] : u[0][i] * scale[0];
    const oba = i === 0 ? scale[1] : u[1][i] * scale[1];
    const oca = i === 0 ? scale[2] : u[2][i] * scale[2];
    const active = window === null || (t[i] >= window[0] && t[i] <= window[1]);
    const { rankl, opg } = algebraic(active ? rOn : rOff, obp, oba, oca);
    const ratio = rankl / opg;
    out.OBp[i] = obp; out.OBa[i] = oba; out.OCa[i] = oca; out.RANKL[i] = rankl; out.OPG[i] = opg;
    out.RANKL_OPG[i] = ratio; out.RANKL_OPG_rel[i] = ratio / ratio0; out.bone_volume[i] = u[3][i];
  }
  for (const c of columns) {
    const bad = out[c].findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`simulate: a non-finite value of ${c} appeared at t = ${t[bad]}; try less extreme inputs`);
  }
  return out;
}
