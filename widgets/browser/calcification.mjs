// calcification.mjs: the course's VSMC calcification model and virtual lab in the reader's browser.
// A port of widgets/calcification.py: IL-6 occupies its receptor, tofacitinib leaves a fraction
// 1/(1 + (I/IC50)^h) of each JAK's activity, the JAK route carries the signal S = occupancy × activity
// into a linear chain pSTAT3 -> Runx2 -> TNAP -> calcium (and total Jak2 follows occupancy, a teaching
// coupling), solved exactly with a matrix exponential. Levels are relative to the no-IL-6 baseline (1).
//
// It holds no number of the model: `model` is the JSON the build exports from data/vsmc_model.csv
// (widgets/browser/export.py, file calcification-model.json): the constants, the IC50 sets
// ("potencies"), names, defaults and the paper's design.
//
// Exports (arguments and columns as in Python; tables are objects of equal-length column arrays)
//   simulateCulture({il6_ng_ml, tofacitinib_nM, hours, jak_route, step_h, potency}, model)
//       -> {t_h, pSTAT3, Runx2, TNAP, calcium, Jak2}
//   expectedLevels({il6_ng_ml, tofacitinib_nM, hours: [..], jak_route, potency}, model)
//       -> {time_h, pSTAT3, Runx2, TNAP, calcium, Jak2}
//   runExperiment({groups, n_replicates, hours, seed, noise, il6_ng_ml, tofacitinib_nM, jak_route, readouts,
//                  design, potency}, model)
//       -> {measurements: {group, time_h, readout, replicate, value}, anova: {readout, time_h, F, p,
//           df_between, df_within, mse}, pairwise: {readout, time_h, group_a, group_b, difference, t, p},
//           expected: {group, time_h, readout, value}, groups, group_names, design, settings}
//       groups: {name: {il6_ng_ml, tofacitinib_nM}} or [[name, {...}], ...] (pairs keep the order of
//       integer-like names such as "1", which a JavaScript object lists first); design: a list of
//       [readout, time_h, groups] (as Python's Measurement), or of {readout, time_h, groups}.
//   blotBands(result, time_h, model) -> {lane, group, replicate, protein, intensity} (simulated Western blot)
//   jakActivity(tofacitinib_nM, model, potency?) -> {JAK1, JAK2, JAK3};  defaultGroups(model, il6?, tofa?)
//   oneWayAnova, lsdPairwise (the statistics of stats.mjs)
//
// Random wells: numpy's generator cannot be reproduced here, so the wells come from a small seeded
// generator (xoshiro128**): the same seed gives the same wells in every browser, but not the wells the
// Python lab draws for that seed. The statistics are exact: given the same measurement table, F, t and p
// agree with scipy. Invalid input throws an Error whose message starts with the argument's name, in the
// Python engine's words (the format of widgets/checks.py). The bounds that keep a page from freezing (rows
// per culture, replicates, groups, wells, noise, seeds) are Python's, read from the model's "limits".

import { lsdRows, namedEntries, oneWayAnova as anova } from "./stats.mjs";
import { fail, notAllowed, repr, typeName } from "./python-repr.mjs";

// ------------------------------------------------------------------------------------------------
// Messages in the Python engine's words
// ------------------------------------------------------------------------------------------------


function fmt(x) { // Python's format(x, "g") for the times and limits used here
  return String(Number(x.toPrecision(6)));
}

const isNumber = (v) => typeof v === "number";
const isMapping = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function checkKeys(request, allowed, what) {
  if (!isMapping(request)) throw new Error(`request: ${what} takes a mapping with keys ${allowed.join(", ")}, got ${repr(request)}`);
  const unknown = Object.keys(request).filter((k) => !allowed.includes(k));
  if (unknown.length) {
    throw new Error(`request: unknown key(s) ${unknown.map(repr).join(", ")} for ${what}; allowed: ${allowed.join(", ")}`);
  }
}

function prepare(model) {
  if (!isMapping(model) || model.model !== "calcification" || !isMapping(model.constants)) {
    throw new Error("model: expected the exported calcification model (calcification-model.json, " +
      "written by widgets/browser/export.py)");
  }
  return model;
}

// ------------------------------------------------------------------------------------------------
// Input checks (the rules of widgets/calcification.py)
// ------------------------------------------------------------------------------------------------

const DOSE = "a finite number >= 0";
const POTENCY = "'enzyme', 'cell' (the IC50 sets of tofacitinib: enzyme assays as the paper quotes them, or cells)";
const timeText = (model) => `a time in hours with 0 < t <= ${fmt(model.max_hours)}`;
const timesText = (model) => `a list of 1 to ${model.limits.max_items} times in hours (0 < t <= ` +
  `${fmt(model.max_hours)}), none repeated`;

function dose(value, name) {
  if (!isNumber(value) || !Number.isFinite(value) || value < 0) throw notAllowed(name, value, DOSE);
  return value;
}

function route(value, model) {
  if (!model.routes.includes(value)) throw notAllowed("jak_route", value, model.routes.map(repr).join(", "));
  return value;
}

function potency(value, model) {
  if (!(typeof value === "string" && Object.hasOwn(model.potencies, value))) throw notAllowed("potency", value, POTENCY);
  return value;
}

function time(value, name, model) {
  if (!isNumber(value) || !Number.isFinite(value) || !(value > 0 && value <= model.max_hours)) {
    throw notAllowed(name, value, timeText(model));
  }
  return value;
}

function times(values, model, name = "hours") {
  let items;
  if (isNumber(values)) items = [values];
  else if (Array.isArray(values)) items = values;
  else if (typeof values === "string") items = Array.from(values); // Python iterates a string's characters
  else throw notAllowed(name, values, timesText(model));
  if (items.length > model.limits.max_items) throw fail(name, `more than ${model.limits.max_items} items`, timesText(model));
  if (!items.length) throw fail(name, `0 item(s) ${repr(values)}, need at least 1`, timesText(model));
  const out = items.map((v, i) => time(v, `${name}[${i}]`, model));
  if (new Set(out).size !== out.length) throw fail(name, `${repr(items)} repeats a time point`, timesText(model));
  return out;
}

function readouts(values, model, name = "readouts") {
  const allowed = `one or more of ${model.readouts.join(", ")}`;
  const items = typeof values === "string" ? [values] : Array.isArray(values) ? values : null;
  if (items === null) throw notAllowed(name, values, allowed);
  if (!items.length) throw fail(name, `0 item(s) ${repr(values)}, need at least 1`, allowed);
  for (const r of items) {
    if (!model.readouts.includes(r)) throw fail(name, `unknown readout ${repr(r)}`, allowed);
  }
  return items;
}

// groups as {name: spec} or [[name, spec], ...] (pairs keep integer-like names in order); returns pairs
function checkGroups(groups, model) {
  const allowed = `a mapping of 2 to ${model.limits.max_groups} group names (non-empty text) -> ` +
    "{'il6_ng_ml': ..., 'tofacitinib_nM': ...}";
  const spec = `a mapping with keys ${model.group_fields.join(", ")} (missing ones = 0)`;
  const entries = namedEntries(groups);
  if (entries === null) throw fail("groups", `expected a mapping, got ${typeName(groups)} ${repr(groups)}`, allowed);
  const names = entries.map(([name]) => name);
  if (new Set(names).size !== names.length) throw fail("groups", "a group is named twice", "each name once");
  if (names.length < 2 || names.length > model.limits.max_groups) {
    throw fail("groups", `${names.length} group(s) (${names.join(", ")})`, allowed);
  }
  const out = [];
  for (const [name, value] of entries) {
    if (!name.trim()) throw notAllowed("groups name", name, "non-empty text");
    if (!isMapping(value)) throw notAllowed(`groups[${repr(name)}]`, value, spec);
    const unknown = Object.keys(value).filter((k) => !model.group_fields.includes(k));
    if (unknown.length) throw fail(`groups[${repr(name)}]`, `unknown field ${repr(unknown[0])}`, spec);
    out.push([name, {
      il6_ng_ml: dose(value.il6_ng_ml ?? 0, `groups[${repr(name)}]['il6_ng_ml']`),
      tofacitinib_nM: dose(value.tofacitinib_nM ?? 0, `groups[${repr(name)}]['tofacitinib_nM']`),
    }]);
  }
  return out;
}

function checkDesign(design, names, model) {
  const allowed = `a list of 1 to ${model.limits.max_items} Measurement(readout, time_h, groups)`;
  const entry = "Measurement(readout, time_h, groups)";
  const known = names.join(", ");
  const items = Array.isArray(design) ? design : typeof design === "string" ? Array.from(design) : null;
  if (items === null) throw notAllowed("design", design, allowed);
  if (items.length > model.limits.max_items) throw fail("design", `more than ${model.limits.max_items} items`, allowed);
  if (!items.length) throw fail("design", `0 item(s) ${repr(design)}, need at least 1`, allowed);
  const out = [];
  const seen = new Set();
  items.forEach((m, i) => {
    const arg = `design[${i}]`;
    let e;
    if (Array.isArray(m) && m.length === 3) e = { readout: m[0], time_h: m[1], groups: m[2] };
    else if (isMapping(m) && ["readout", "time_h", "groups"].every((k) => Object.hasOwn(m, k)) && Object.keys(m).length === 3) {
      e = m;
    } else {
      throw notAllowed(arg, m, entry);
    }
    readouts([e.readout], model, `${arg}.readout`);
    const t = time(e.time_h, `${arg}.time_h`, model);
    const some = `at least 2 different groups of ${known}`;
    const gs = typeof e.groups === "string" ? [e.groups] : Array.isArray(e.groups) ? e.groups : null;
    if (gs === null) throw notAllowed(`${arg}.groups`, e.groups, some);
    if (gs.length > model.limits.max_groups) throw fail(`${arg}.groups`, `more than ${model.limits.max_groups} items`, some);
    const unknown = gs.filter((g) => !names.includes(g));
    if (unknown.length) throw fail(`${arg}.groups`, `unknown group ${repr(unknown[0])}`, known);
    const distinct = [...new Set(gs)];
    if (distinct.length < 2) throw fail(`${arg}.groups`, `${repr(gs)} names fewer than 2 different groups`, some);
    const key = `${e.readout}@${t}`;
    if (seen.has(key)) throw fail("design", `${e.readout} at ${fmt(t)} h is listed twice`, "each readout and time once");
    seen.add(key);
    out.push({ readout: e.readout, time_h: t, groups: distinct });
  });
  return out;
}

// ------------------------------------------------------------------------------------------------
// Pharmacology and the linear chain
// ------------------------------------------------------------------------------------------------

function activities(tofacitinib, model, set) {
  const c = model.constants;
  const ic50 = model.potencies[set];
  return Object.fromEntries(model.jaks.map((jak) => [jak, 1 / (1 + (tofacitinib / ic50[jak]) ** c.hill)]));
}

function routeFraction(act, jakRoute) {
  if (jakRoute === "JAK2") return act.JAK2;
  if (jakRoute === "JAK1") return act.JAK1;
  return act.JAK1 * act.JAK2;
}

/** Remaining activity (0–1) of each JAK at a tofacitinib concentration (nM), in one IC50 set. */
export function jakActivity(tofacitinibNM, model, set = null) {
  prepare(model);
  return activities(dose(tofacitinibNM, "tofacitinib_nM"), model, potency(set ?? model.default_potency, model));
}

// the chain's two constant inputs: signal S = occupancy × route activity, and occupancy
function inputs(il6, tofacitinib, jakRoute, set, model) {
  const occ = il6 / (il6 + model.constants.il6_ec50_ng_ml);
  return [occ * routeFraction(activities(tofacitinib, model, set), jakRoute), occ];
}

// Augmented matrix of the deviation system y' = M y (states pSTAT3, Runx2, TNAP, calcium, Jak2; inputs S, occ).
function system(model) {
  const c = model.constants;
  const m = Array.from({ length: 7 }, () => new Float64Array(7));
  m[0][0] = -c.k_pstat3_per_h;
  m[0][5] = c.k_pstat3_per_h * c.pstat3_gain;
  m[1][0] = c.k_runx2_per_h * c.runx2_gain;
  m[1][1] = -c.k_runx2_per_h;
  m[2][1] = c.k_tnap_per_h * c.tnap_gain;
  m[2][2] = -c.k_tnap_per_h;
  m[3][2] = c.k_calcium_per_h;
  m[4][4] = -c.k_jak2_per_h;
  m[4][6] = c.k_jak2_per_h * c.jak2_gain;
  return m;
}

function matmul(a, b) {
  const n = a.length;
  const out = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
    const aik = a[i][k];
    if (aik !== 0) for (let j = 0; j < n; j++) out[i][j] += aik * b[k][j];
  }
  return out;
}

// exp(M t) by scaling and squaring with a Taylor series (the matrix is small and well scaled).
function expm(m, t) {
  const n = m.length;
  let norm = 0;
  for (const row of m) norm = Math.max(norm, row.reduce((acc, v) => acc + Math.abs(v * t), 0));
  const squarings = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const scale = t / 2 ** squarings;
  const a = m.map((row) => row.map((v) => v * scale));
  let result = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let term = result.map((row) => Float64Array.from(row));
  for (let k = 1; k <= 30; k++) {
    term = matmul(term, a).map((row) => row.map((v) => v / k));
    let largest = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      result[i][j] += term[i][j];
      largest = Math.max(largest, Math.abs(term[i][j]));
    }
    if (largest < 1e-18) break;
  }
  for (let s = 0; s < squarings; s++) result = matmul(result, result);
  return result;
}

// deviations of the 5 states for unit inputs: [state][input] from the last two columns of exp(M t)
const unitResponse = (phi) => phi.slice(0, 5).map((row) => [row[5], row[6]]);

const STATE_COUNT = 5;

function levelsFrom(response, s, occ) {
  return response.map(([a, b]) => 1 + a * s + b * occ);
}

// ------------------------------------------------------------------------------------------------
// Public functions
// ------------------------------------------------------------------------------------------------

/** Levels over time in one culture (baseline 1), one row every step_h hours from 0 to hours. */
export function simulateCulture(request, model) {
  prepare(model);
  const d = model.culture_defaults;
  checkKeys(request, Object.keys(d).concat("potency"), "simulateCulture");
  const il6 = dose(request.il6_ng_ml ?? d.il6_ng_ml, "il6_ng_ml");
  const tofa = dose(request.tofacitinib_nM ?? d.tofacitinib_nM, "tofacitinib_nM");
  const jakRoute = route(request.jak_route ?? d.jak_route, model);
  const set = potency(request.potency ?? model.default_potency, model);
  const hours = time(request.hours ?? d.hours, "hours", model);
  const step = request.step_h ?? d.step_h;
  const steps = `a number with 0 < step_h <= hours (${fmt(hours)}) giving at most ${model.limits.max_rows} rows`;
  if (!isNumber(step) || !Number.isFinite(step) || !(step > 0 && step <= hours)) throw notAllowed("step_h", step, steps);
  const n = Math.floor(hours / step + 1e-9);
  if (n + 2 > model.limits.max_rows) throw notAllowed("step_h", step, steps);
  const m = system(model);
  const phi = expm(m, step);
  const [s, occ] = inputs(il6, tofa, jakRoute, set, model);
  const out = { t_h: [] };
  for (const name of model.states) out[name] = [];
  const push = (t, response) => {
    out.t_h.push(t);
    levelsFrom(response, s, occ).forEach((v, i) => out[model.states[i]].push(v));
  };
  let x = Array.from({ length: 7 }, (_, i) => [i === 5 ? 1 : 0, i === 6 ? 1 : 0]); // unit inputs
  push(0, x.slice(0, STATE_COUNT));
  for (let i = 1; i <= n; i++) {
    x = phi.map((row) => [0, 1].map((col) => row.reduce((acc, v, k) => acc + v * x[k][col], 0)));
    push(i * step, x.slice(0, STATE_COUNT));
  }
  if (n * step < hours - 1e-9) push(hours, unitResponse(expm(m, hours))); // the grid missed `hours`: end exactly there
  return out;
}

/** Noise-free levels at the given times: {time_h, pSTAT3, Runx2, TNAP, calcium, Jak2}. */
export function expectedLevels(request, model) {
  prepare(model);
  checkKeys(request, ["il6_ng_ml", "tofacitinib_nM", "hours", "jak_route", "potency"], "expectedLevels");
  for (const key of ["il6_ng_ml", "tofacitinib_nM", "hours"]) {
    if (!Object.hasOwn(request, key)) throw new Error(`${key} is required by expectedLevels`);
  }
  const il6 = dose(request.il6_ng_ml, "il6_ng_ml");
  const tofa = dose(request.tofacitinib_nM, "tofacitinib_nM");
  const jakRoute = route(request.jak_route ?? model.culture_defaults.jak_route, model);
  const set = potency(request.potency ?? model.default_potency, model);
  const ts = times(request.hours, model);
  const m = system(model);
  const [s, occ] = inputs(il6, tofa, jakRoute, set, model);
  const out = { time_h: ts };
  for (const name of model.states) out[name] = [];
  for (const t of ts) levelsFrom(unitResponse(expm(m, t)), s, occ).forEach((v, i) => out[model.states[i]].push(v));
  return out;
}

/** The paper's three groups: control, IL-6, IL-6 + tofacitinib (doses default to the exported ones). */
export function defaultGroups(model, il6 = null, tofacitinib = null) {
  prepare(model);
  const c = model.constants;
  const i = il6 === null ? c.default_il6_ng_ml : dose(il6, "il6_ng_ml");
  const t = tofacitinib === null ? c.teaching_tofacitinib_nM : dose(tofacitinib, "tofacitinib_nM");
  const names = Object.keys(model.default_groups);
  return {
    [names[0]]: { il6_ng_ml: 0, tofacitinib_nM: 0 },
    [names[1]]: { il6_ng_ml: i, tofacitinib_nM: 0 },
    [names[2]]: { il6_ng_ml: i, tofacitinib_nM: t },
  };
}

// ---- the seeded generator: splitmix32 spreads the key into the state of xoshiro128**

function crc32(text) {
  let crc = -1;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xEDB88320 & -(crc & 1));
  }
  return (crc ^ -1) >>> 0;
}

function generator(words) {
  let h = 0x9E3779B9;
  const mix = () => {
    h = (h + 0x9E3779B9) | 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x85EBCA6B);
    z = Math.imul(z ^ (z >>> 13), 0xC2B2AE35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  for (const w of words) {
    h = (h ^ Math.imul(w >>> 0, 0x27D4EB2F)) >>> 0;
    mix();
  }
  const s = [mix(), mix(), mix(), mix()];
  const rotl = (x, k) => (x << k) | (x >>> (32 - k));
  return () => { // xoshiro128**: a uniform 32-bit integer
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 11);
    return result;
  };
}

function lognormalFactors(n, cv, key) {
  if (cv === 0) return new Array(n).fill(1);
  const sigma = Math.sqrt(Math.log1p(cv * cv));
  const next = generator(key);
  const out = [];
  while (out.length < n) { // Box–Muller: two standard normals from two uniforms in (0, 1)
    const u1 = (next() + 0.5) / 4294967296;
    const u2 = (next() + 0.5) / 4294967296;
    const r = Math.sqrt(-2 * Math.log(u1));
    for (const z of [r * Math.cos(2 * Math.PI * u2), r * Math.sin(2 * Math.PI * u2)]) {
      if (out.length < n) out.push(Math.exp(z * sigma - 0.5 * sigma * sigma));
    }
  }
  return out;
}

const seedWords = (seed) => [seed % 4294967296, Math.floor(seed / 4294967296)];

/** Simulate replicate wells of a VSMC experiment and run the paper's statistics (see the top). */
export function runExperiment(request, model) {
  prepare(model);
  const d = model.experiment_defaults;
  checkKeys(request, ["groups", "n_replicates", "hours", "seed", "noise", "il6_ng_ml", "tofacitinib_nM", "jak_route",
    "readouts", "design", "potency"], "runExperiment");
  const L = model.limits;
  const n = request.n_replicates ?? d.n_replicates;
  if (!Number.isInteger(n) || n < 2 || n > L.max_replicates) {
    throw notAllowed("n_replicates", n, `a whole number from 2 to ${L.max_replicates} (a test needs at least 2 replicates ` +
      "per group)");
  }
  const seed = request.seed ?? d.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > L.max_seed) {
    throw notAllowed("seed", seed, `a whole number from 0 to ${L.max_seed}`);
  }
  const noise = request.noise ?? d.noise;
  if (!isNumber(noise) || !Number.isFinite(noise) || noise < 0 || noise > L.max_noise) {
    throw notAllowed("noise", noise, `a coefficient of variation from 0 to ${fmt(L.max_noise)} (e.g. 0.15 = 15 %)`);
  }
  const jakRoute = route(request.jak_route ?? d.jak_route, model);
  const set = potency(request.potency ?? model.default_potency, model);
  const il6 = request.il6_ng_ml ?? null;
  const tofa = request.tofacitinib_nM ?? null;
  let groups = request.groups ?? null;
  if (groups === null) groups = defaultGroups(model, il6, tofa);
  else {
    if (il6 !== null) dose(il6, "il6_ng_ml");
    if (tofa !== null) dose(tofa, "tofacitinib_nM");
  }
  const groupPairs = checkGroups(groups, model);
  const names = groupPairs.map(([name]) => name);
  const doses = Object.fromEntries(groupPairs);
  let design;
  if (request.design === undefined || request.design === null) {
    const rs = readouts(request.readouts ?? d.readouts, model);
    const ts = times(request.hours ?? d.hours, model);
    design = rs.flatMap((r) => ts.map((t) => ({ readout: r, time_h: t, groups: names })));
  } else {
    design = checkDesign(request.design, names, model);
  }
  const wells = n * design.reduce((acc, e) => acc + e.groups.length, 0);
  if (wells > L.max_wells) {
    throw fail("n_replicates", `${n} replicates in ${wells / n} measured groups make ${wells} wells`,
      `at most ${L.max_wells} wells in one experiment`);
  }

  const m = system(model);
  const responses = new Map();
  const response = (t) => {
    if (!responses.has(t)) responses.set(t, unitResponse(expm(m, t)));
    return responses.get(t);
  };
  const drive = Object.fromEntries(names.map((g) => [g, inputs(doses[g].il6_ng_ml, doses[g].tofacitinib_nM, jakRoute,
    set, model)]));
  const measurements = { group: [], time_h: [], readout: [], replicate: [], value: [] };
  const expected = { group: [], time_h: [], readout: [], value: [] };
  const anovaTable = { readout: [], time_h: [], F: [], p: [], df_between: [], df_within: [], mse: [] };
  const pairwise = { readout: [], time_h: [], group_a: [], group_b: [], difference: [], t: [], p: [] };
  for (const entry of design) {
    const si = model.states.indexOf(entry.readout);
    const samples = [];
    for (const g of entry.groups) {
      const [a, b] = response(entry.time_h)[si];
      const truth = 1 + a * drive[g][0] + b * drive[g][1];
      const key = [...seedWords(seed), crc32(g), model.readouts.indexOf(entry.readout), Math.round(entry.time_h * 1000)];
      const values = lognormalFactors(n, noise, key).map((f) => truth * f);
      samples.push([g, values]);
      expected.group.push(g); expected.time_h.push(entry.time_h); expected.readout.push(entry.readout);
      expected.value.push(truth);
      values.forEach((v, r) => {
        measurements.group.push(g); measurements.time_h.push(entry.time_h); measurements.readout.push(entry.readout);
        measurements.replicate.push(r + 1); measurements.value.push(v);
      });
    }
    const res = anova(samples);
    anovaTable.readout.push(entry.readout); anovaTable.time_h.push(entry.time_h);
    for (const k of ["F", "p", "df_between", "df_within", "mse"]) anovaTable[k].push(res[k]);
    for (const row of lsdRows(samples, res.mse, res.df_within)) {
      pairwise.readout.push(entry.readout); pairwise.time_h.push(entry.time_h);
      for (const k of ["group_a", "group_b", "difference", "t", "p"]) pairwise[k].push(row[k]);
    }
  }
  return {
    measurements, anova: anovaTable, pairwise, expected, groups: doses, group_names: names,
    design: design.map((e) => [e.readout, e.time_h, e.groups]),
    settings: { n_replicates: n, seed, noise, jak_route: jakRoute, potency: set },
  };
}

/**
 * Band intensities of a simulated Western blot at time_h: one lane per group and replicate, the blot's
 * proteins and the loading control (model.loading_control, beta-actin; lane-to-lane loading variation, CV
 * actin_loading_cv). Densitometry (target / loading control) gives back the measured values; a protein not
 * measured in a group has intensity NaN.
 */
export function blotBands(result, timeH, model) {
  prepare(model);
  const t = time(timeH, "time_h", model);
  const m = result.measurements;
  const rows = m.group.map((g, i) => i).filter((i) => m.time_h[i] === t && model.blot_readouts.includes(m.readout[i]));
  if (!rows.length) {
    const measured = [...new Set(m.time_h.filter((_, i) => model.blot_readouts.includes(m.readout[i])))].sort((a, b) => a - b);
    throw fail("time_h", `${repr(timeH)} has no blot readout in this result`,
      measured.map(fmt).join(", ") || "none: measure TNAP, Runx2 or Jak2");
  }
  const n = result.settings.n_replicates;
  const out = { lane: [], group: [], replicate: [], protein: [], intensity: [] };
  let lane = 0;
  for (const g of result.group_names) {
    const mine = rows.filter((i) => m.group[i] === g);
    if (!mine.length) continue;
    const actin = lognormalFactors(n, model.constants.actin_loading_cv,
      [...seedWords(result.settings.seed), crc32(g), model.loading_stream, Math.round(t * 1000)]);
    for (let r = 1; r <= n; r++) {
      lane += 1;
      for (const protein of [...model.blot_readouts, model.loading_control]) {
        const hit = mine.find((i) => m.readout[i] === protein && m.replicate[i] === r);
        const intensity = protein === model.loading_control ? actin[r - 1] : hit === undefined ? NaN : m.value[hit] * actin[r - 1];
        out.lane.push(lane); out.group.push(g); out.replicate.push(r); out.protein.push(protein);
        out.intensity.push(intensity);
      }
    }
  }
  return out;
}

/** One-way ANOVA of {group: [values]} (or [[group, values], ...]): {F, p, df_between, df_within, mse}. */
export function oneWayAnova(samples) {
  return anova(samples);
}

/** Fisher's LSD pairs of {group: [values]}: {group_a, group_b, difference, t, p} columns. */
export function lsdPairwise(samples, mse = null, df = null) {
  const out = { group_a: [], group_b: [], difference: [], t: [], p: [] };
  for (const row of lsdRows(samples, mse, df)) for (const k of Object.keys(out)) out[k].push(row[k]);
  return out;
}
