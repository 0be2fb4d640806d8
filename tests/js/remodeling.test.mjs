// Tests of widgets/browser/remodeling.mjs: steady state, time grid, dosing windows, therapies,
// directions the chapters teach, input checks and the solver's error path. The model data come from
// $COURSE_BROWSER_DATA or the Python export (widgets/browser/node-model.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import { loadModel } from "../../widgets/browser/node-model.mjs";
import { applyTherapy, checkRequest, simulate, steadyState, targetMultipliers } from "../../widgets/browser/remodeling.mjs";

const model = loadModel("remodeling");
const COLUMNS = ["t", "OBp", "OBa", "OCa", "RANKL", "OPG", "RANKL_OPG", "RANKL_OPG_rel", "bone_volume"];
const rel = (a, b) => Math.abs(a - b) / Math.abs(b);
const last = (result, column) => result[column].at(-1);
const copy = (value) => JSON.parse(JSON.stringify(value));

test("the result has the Python DataFrame's columns on its daily grid", () => {
  const result = simulate({ days: 10.5 }, model);
  assert.deepEqual(Object.keys(result), COLUMNS);
  assert.deepEqual(model.columns, COLUMNS);
  assert.deepEqual(result.t, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10.5]);
  for (const column of COLUMNS) assert.equal(result[column].length, 12);
  assert.equal(simulate({}, model).t.length, 366, "365 days by default");
});

test("the healthy steady state is the published one and the Python engine's", () => {
  const s = steadyState(model);
  const published = { OBp: 6.196e-4, OBa: 5.584e-4, OCa: 8.070e-4 };
  for (const [name, value] of Object.entries(published)) assert.ok(rel(s[name], value) < 0.01, name);
  for (const name of ["OBp", "OBa", "OCa", "RANKL", "OPG"]) {
    assert.ok(rel(s[name], model.healthy[name]) < 1e-12, `${name}: ${s[name]} vs ${model.healthy[name]}`);
  }
});

test("the healthy steady state stays put for ten years", () => {
  const result = simulate({ days: 3650 }, model);
  for (const column of COLUMNS.slice(1)) {
    const start = result[column][0];
    const worst = Math.max(...result[column].map((v) => rel(v, start)));
    // an explicit method wobbles about an equilibrium at the size of its tolerance (SOLVER.rtol = 1e-8)
    assert.ok(worst < 1e-7, `${column} moved by ${worst}`);
  }
  assert.equal(result.bone_volume[0], 100);
  assert.equal(result.RANKL_OPG_rel[0], 1);
});

test("a long run approaches the steady state the root finder gives for the same cytokines", () => {
  const cytokines = { "TNF-α": 3, "IL-10": 0.5 };
  const target = steadyState(model, cytokines);
  const result = simulate({ days: 3650, cytokines }, model);
  for (const name of ["OBp", "OBa", "OCa", "RANKL", "OPG"]) {
    assert.ok(rel(last(result, name), target[name]) < 1e-6, `${name}: ${last(result, name)} vs ${target[name]}`);
  }
});

test("directions the chapters teach: TNF-α loses bone, an anti-RANKL therapy rescues it", () => {
  const healthy = last(simulate({}, model), "bone_volume");
  const tnf = last(simulate({ cytokines: { "TNF-α": 3 } }, model), "bone_volume");
  const treated = last(simulate({ cytokines: { "TNF-α": 3 }, therapy: "anti-RANKL" }, model), "bone_volume");
  assert.ok(tnf < healthy - 1 && treated > tnf, `${healthy}, ${tnf}, ${treated}`);
  const dose = (term, rate) => last(simulate({ dosing: { [term]: rate } }, model), "bone_volume");
  assert.ok(dose("RANKL", 200) < 100 && dose("PTH", 100) < 100, "RANKL and PTH dosing lose bone");
  assert.ok(dose("OPG", 5000) > 100 && dose("TGF-beta", 1e-4) > 100, "OPG and TGF-β dosing gain bone");
  const il10 = last(simulate({ cytokines: { "IL-10": 3 } }, model), "bone_volume");
  assert.ok(il10 > healthy, "IL-10 protects");
});

test("a dosing window restarts the solve at its edges: the ratio jumps on the day dosing starts and stops", () => {
  const r = simulate({ days: 365, dosing: { RANKL: 500 }, dosing_window: [30, 180] }, model);
  assert.ok(Math.abs(r.RANKL_OPG_rel[29] - 1) < 1e-9, "healthy before the window");
  assert.ok(r.RANKL_OPG_rel[30] > 3, "the ratio jumps on day 30");
  assert.ok(r.RANKL_OPG_rel[181] < r.RANKL_OPG_rel[180] / 2, "and falls after day 180");
  assert.ok(last(r, "bone_volume") < 100);
  const whole = simulate({ days: 100, dosing: { OPG: 5000 } }, model);
  const window = simulate({ days: 100, dosing: { OPG: 5000 }, dosing_window: [0, 100] }, model);
  assert.deepEqual(window, whole, "a window over the whole time is no window");
  const undosed = simulate({ days: 100, dosing_window: [10, 20] }, model);
  assert.deepEqual(undosed, simulate({ days: 100 }, model), "a window without dosing changes nothing");
});

test("therapies act like Python's therapy(): a cytokine level × the fraction left, or a dose added", () => {
  const byId = Object.fromEntries(model.therapies.map((t) => [t.id, t]));
  const antiTnf = applyTherapy("anti-TNF", { "TNF-α": 5 }, null, model);
  assert.equal(antiTnf.cytokines["TNF-α"], 5 * byId["anti-TNF"].value);
  const decoy = applyTherapy("anti-RANKL", null, { OPG: 100 }, model);
  assert.equal(decoy.dosing[byId["anti-RANKL"].acts_on], 100 + byId["anti-RANKL"].value);
  for (const t of model.therapies) {
    const request = { days: 200, cytokines: { "IL-1": 3, "IL-6": 2, "TNF-α": 4 }, dosing: { PTH: 20 } };
    const applied = applyTherapy(t.id, request.cytokines, request.dosing, model);
    assert.deepEqual(simulate({ ...request, therapy: t.id }, model), simulate({ ...request, ...applied }, model), t.id);
  }
});

test("IL-6's effect on osteoclast formation depends on RANKL; TNF-α's on osteoblasts is biphasic", () => {
  const low = targetMultipliers(model, { "IL-6": 5 }, 0.5).OC_formation;
  const high = targetMultipliers(model, { "IL-6": 5 }, 3).OC_formation;
  assert.ok(low > 1 && high < 1, `${low}, ${high}`);
  const ob = (level) => targetMultipliers(model, { "TNF-α": level }).OB_differentiation;
  assert.ok(ob(1.5) > 1 && ob(5) < 1 && ob(1) === 1);
});

test("cytokine and dosing names: the Python spellings are accepted, a name given twice is not", () => {
  const canonical = simulate({ days: 30, cytokines: { "TNF-α": 3, "IL-6": 2 }, dosing: { "TGF-beta": 1e-4 } }, model);
  for (const [tnf, il6, tgf] of [["TNF-alpha", "il6", "TGFβ"], ["tnf", "IL_6", "tgfb"], [" TNF alpha ", "Il-6", "TGF-β"]]) {
    assert.deepEqual(simulate({ days: 30, cytokines: { [tnf]: 3, [il6]: 2 }, dosing: { [tgf]: 1e-4 } }, model), canonical);
  }
  assert.throws(() => simulate({ cytokines: { "TNF-α": 3, "TNF-alpha": 3 } }, model), /^Error: cytokines: .*both name TNF-α/);
});

const INVALID = [
  [{ days: 0 }, "days"], [{ days: -5 }, "days"], [{ days: 36501 }, "days"], [{ days: "365" }, "days"],
  [{ days: true }, "days"], [{ days: null }, "days"], [{ cytokines: [] }, "cytokines"],
  [{ cytokines: { "IL-2": 1 } }, "cytokines"], [{ cytokines: { "IL-6": -1 } }, "cytokines['IL-6']"],
  [{ cytokines: { "IL-6": "2" } }, "cytokines['IL-6']"], [{ cytokines: "IL-6" }, "cytokines"],
  [{ dosing: { insulin: 1 } }, "dosing"], [{ dosing: { OPG: -1 } }, "dosing['OPG']"],
  [{ dosing_window: [10] }, "dosing_window"], [{ dosing_window: [20, 10] }, "dosing_window"],
  [{ days: 100, dosing_window: [10, 200] }, "dosing_window"], [{ dosing_window: [-1, 10] }, "dosing_window"],
  [{ dosing_window: ["a", 10] }, "dosing_window"], [{ dosing_window: 5 }, "dosing_window"],
  [{ therapy: "aspirin" }, "therapy"], [{ therapy: 3 }, "therapy"],
  [{ start: {} }, "request"], [[], "request"], [null, "request"],
];

test("invalid input throws an Error naming the argument and what is allowed", () => {
  for (const [request, argument] of INVALID) {
    assert.throws(() => simulate(request, model), (err) => {
      assert.ok(err.message.startsWith(`${argument}: `), `${JSON.stringify(request)}: ${err.message}`);
      assert.match(err.message, /allowed|give it once|expected a mapping/);
      return true;
    });
  }
  assert.throws(() => simulate({}, {}), /^Error: model: /);
});

test("checkRequest returns the canonical request, with null and missing keys at their defaults", () => {
  const checked = checkRequest({ cytokines: { "tnf-alpha": 2 }, dosing: null, therapy: null }, model);
  assert.equal(checked.days, 365);
  assert.equal(checked.cytokines["TNF-α"], 2);
  assert.equal(checked.cytokines["IL-10"], 1);
  assert.deepEqual(checked.dosing, { RANKL: 0, OPG: 0, PTH: 0, "TGF-beta": 0 });
  assert.equal(checked.dosing_window, null);
});

test("extreme inputs never hang or return NaN: finite results or an Error", () => {
  const extremes = [
    { days: 36500, cytokines: { "TNF-α": 1e6, "IL-1": 1e6, "IL-10": 0, "IL-33": 0 }, dosing: { RANKL: 1e9, PTH: 1e9 } },
    { days: 36500, cytokines: { "IL-6": 1e300 }, dosing: { OPG: 1e300, "TGF-beta": 1e300 } },
  ];
  for (const request of extremes) {
    let result;
    try {
      result = simulate(request, model);
    } catch (err) {
      assert.match(err.message, /^(simulate|steady_state): /);
      continue;
    }
    for (const column of COLUMNS) assert.ok(result[column].every(Number.isFinite), column);
  }
});

test("when the solver cannot finish, simulate throws 'simulate: …' (a stiff model from edited data)", () => {
  const stiff = copy(model);
  stiff.parameters.A_OCa *= 1e7; // osteoclasts vanish within seconds: far too stiff for an explicit method
  stiff.parameters.D_OCp *= 1e7; // (same healthy state)
  const started = Date.now();
  assert.throws(() => simulate({ days: 3650, cytokines: { "TNF-α": 3 } }, stiff), /^Error: simulate: the solver could not finish/);
  assert.ok(Date.now() - started < 20000, "and gives up promptly");
});

test("the model is read from the exported data: an edited parameter changes the result", () => {
  const edited = copy(model);
  edited.parameters.kappa_BV *= 2;
  const base = last(simulate({ cytokines: { "TNF-α": 3 } }, model), "bone_volume");
  const faster = last(simulate({ cytokines: { "TNF-α": 3 } }, edited), "bone_volume");
  assert.ok(100 - faster > 1.9 * (100 - base), `${base} vs ${faster}`);
});

test("the steady-state search grid is the exported one", () => {
  assert.deepEqual(Object.keys(model.steady_state_search).sort(), ["oca_near_healthy", "oca_range", "points"]);
  // a grid that starts above the healthy osteoclasts (8.07e-4 pM) cannot bracket the healthy state
  const above = copy(model);
  above.steady_state_search.oca_range = [1e-2, 1e3];
  assert.throws(() => steadyState(above), /^Error: steady_state: no steady state with osteoclasts found/);
  // a finer or coarser grid over the exported range brackets the same root
  const coarse = copy(model);
  coarse.steady_state_search.points = 37;
  assert.ok(rel(steadyState(coarse).OCa, steadyState(model).OCa) < 1e-12);
  for (const bad of [{ points: 1 }, { points: 2.5 }, { oca_range: [0, 1] }, { oca_range: [1, 1e-3] },
    { oca_near_healthy: -1 }]) {
    const broken = copy(model);
    Object.assign(broken.steady_state_search, bad);
    assert.throws(() => steadyState(broken), /^Error: model: steady_state_search must be/, JSON.stringify(bad));
  }
  const missing = copy(model);
  delete missing.steady_state_search;
  assert.throws(() => simulate({ days: 1 }, missing), /^Error: model: steady_state_search must be/);
});
