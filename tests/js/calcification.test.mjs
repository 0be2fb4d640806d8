// Tests of widgets/browser/calcification.mjs and stats.mjs: closed-form checks, the paper's qualitative
// findings, the seeded wells, the blot, the statistics on known values and the input checks.
import assert from "node:assert/strict";
import { test } from "node:test";

import { blotBands, defaultGroups, expectedLevels, jakActivity, lsdPairwise, oneWayAnova, runExperiment,
  simulateCulture } from "../../widgets/browser/calcification.mjs";
import { loadModel } from "../../widgets/browser/node-model.mjs";
import { betaIncReg, fSurvival, logGamma, tSurvival } from "../../widgets/browser/stats.mjs";

const model = loadModel("calcification");
const c = model.constants;
const close = (a, b, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test("pSTAT3 and total Jak2 follow their closed forms (first-order steps)", () => {
  const il6 = 40, tofa = 15;
  const r = simulateCulture({ il6_ng_ml: il6, tofacitinib_nM: tofa, hours: 30, step_h: 0.5 }, model);
  const occ = il6 / (il6 + c.il6_ec50_ng_ml);
  const s = occ / (1 + (tofa / model.potencies[model.default_potency].JAK2) ** c.hill);
  r.t_h.forEach((t, i) => {
    assert.ok(close(r.pSTAT3[i], 1 + c.pstat3_gain * s * (1 - Math.exp(-c.k_pstat3_per_h * t))), `pSTAT3 at ${t}`);
    assert.ok(close(r.Jak2[i], 1 + c.jak2_gain * occ * (1 - Math.exp(-c.k_jak2_per_h * t))), `Jak2 at ${t}`);
  });
  assert.deepEqual(Object.keys(r), ["t_h", ...model.states]);
  assert.equal(r.t_h.length, 61);
  assert.equal(simulateCulture({ hours: 10, step_h: 3 }, model).t_h.at(-1), 10, "ends exactly at hours");
});

test("the paper's findings: IL-6 raises Runx2, TNAP and calcium; tofacitinib lowers them, monotonically", () => {
  const at = (il6, tofa) => expectedLevels({ il6_ng_ml: il6, tofacitinib_nM: tofa, hours: [24, 72] }, model);
  const control = at(0, 0);
  const il6 = at(100, 0);
  for (const readout of ["Runx2", "TNAP", "calcium"]) {
    assert.ok(il6[readout][1] > control[readout][1] + 0.05, readout);
    let previous = Infinity;
    for (const tofa of [0, 1, 10, 30, 100, 300, 1000, 10000]) {
      const value = at(100, tofa)[readout][1];
      assert.ok(value < previous, `${readout} at ${tofa} nM`);
      previous = value;
    }
  }
  for (const readout of model.states) assert.ok(control[readout].every((v) => close(v, 1)), "baseline stays 1");
});

test("JAK activities: half left at each IC50, and the route decides what tofacitinib blocks", () => {
  for (const [set, ic50] of Object.entries(model.potencies)) {
    for (const jak of model.jaks) assert.ok(close(jakActivity(ic50[jak], model, set)[jak], 0.5), `${set} ${jak}`);
  }
  const tnap = (jak_route) => expectedLevels({ il6_ng_ml: 100, tofacitinib_nM: 100, hours: [72], jak_route }, model).TNAP[0];
  assert.ok(tnap("JAK1+JAK2") < Math.min(tnap("JAK1"), tnap("JAK2")));
});

test("wells: the same seed gives the same wells, another seed others; more replicates keep the first wells", () => {
  const a = runExperiment({ seed: 7 }, model);
  const b = runExperiment({ seed: 7 }, model);
  const other = runExperiment({ seed: 8 }, model);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.measurements.value, other.measurements.value);
  assert.deepEqual(a.expected, other.expected, "the expected levels do not depend on the seed");
  const more = runExperiment({ seed: 7, n_replicates: 5 }, model);
  const firstThree = more.measurements.value.filter((_, i) => more.measurements.replicate[i] <= 3);
  assert.deepEqual(firstThree, a.measurements.value);
});

test("noise: the wells scatter with about the asked coefficient of variation around the model", () => {
  const r = runExperiment({ n_replicates: 2000, noise: 0.2, hours: [24], readouts: ["TNAP"] }, model);
  const g = r.measurements.group;
  for (const [k, name] of Object.keys(r.groups).entries()) {
    const values = r.measurements.value.filter((_, i) => g[i] === name);
    const mean = values.reduce((x, y) => x + y) / values.length;
    const sd = Math.sqrt(values.reduce((x, y) => x + (y - mean) ** 2, 0) / (values.length - 1));
    const truth = r.expected.value[k];
    assert.ok(Math.abs(mean / truth - 1) < 0.03, `${name}: mean ${mean} vs ${truth}`);
    assert.ok(Math.abs(sd / mean - 0.2) < 0.03, `${name}: CV ${sd / mean}`);
  }
  const exact = runExperiment({ noise: 0, hours: [24], readouts: ["calcium"] }, model);
  assert.deepEqual(exact.measurements.value, exact.measurements.group.map((name) =>
    exact.expected.value[exact.expected.group.indexOf(name)]));
  assert.equal(exact.anova.F[0], Infinity);
  assert.equal(exact.anova.p[0], 0);
});

test("the paper's design measures what the paper measured; the blot's densitometry gives back the wells", () => {
  const r = runExperiment({ design: model.paper_design, seed: 2 }, model);
  assert.deepEqual(r.design, model.paper_design);
  assert.deepEqual(r.anova.readout, model.paper_design.map((m) => m[0]));
  const bands = blotBands(r, 24, model);
  const lanes = new Set(bands.lane);
  assert.equal(lanes.size, Object.keys(r.groups).length * 3);
  for (const lane of lanes) {
    const band = (protein) => bands.intensity[bands.lane.findIndex((l, i) => l === lane && bands.protein[i] === protein)];
    const i = bands.lane.indexOf(lane);
    const group = bands.group[i], replicate = bands.replicate[i];
    for (const protein of ["TNAP", "Runx2"]) {
      const j = r.measurements.group.findIndex((g, k) => g === group && r.measurements.replicate[k] === replicate &&
        r.measurements.readout[k] === protein && r.measurements.time_h[k] === 24);
      assert.ok(close(band(protein) / band("beta-actin"), r.measurements.value[j]), `${protein}, lane ${lane}`);
    }
  }
  assert.throws(() => blotBands(r, 48, model), /^Error: time_h: 48 has no blot readout in this result; allowed: 24$/);
});

test("statistics on known values", () => {
  assert.ok(close(logGamma(10), Math.log(362880)));
  assert.ok(close(logGamma(0.5), 0.5 * Math.log(Math.PI)));
  assert.ok(close(betaIncReg(2, 3, 0.4), 0.5248)); // Σ_{j=2..4} C(4, j) 0.4^j 0.6^(4−j)
  for (const f of [0.1, 1, 7, 1e6]) assert.ok(close(fSurvival(f, 2, 2), 1 / (1 + f)), `F(2,2) at ${f}`);
  for (const t of [0, 0.3, 2, 50, 1e8]) { // closed forms written without cancellation, so tiny tails count too
    const cauchy = t === 0 ? 0.5 : Math.atan(1 / t) / Math.PI;
    const r = Math.sqrt(2 + t * t);
    assert.ok(Math.abs(tSurvival(t, 1) / cauchy - 1) < 1e-12, `Cauchy at ${t}`);
    assert.ok(Math.abs(tSurvival(t, 2) / (1 / (r * (r + t))) - 1) < 1e-12, `t(2) at ${t}`);
  }
  const anova = oneWayAnova({ a: [1, 2, 3], b: [4, 5, 6] }); // F = 13.5 on (1, 4)
  assert.ok(close(anova.F, 13.5) && anova.df_between === 1 && anova.df_within === 4 && close(anova.mse, 1));
  const pairs = lsdPairwise({ a: [1, 2, 3], b: [4, 5, 6] });
  assert.deepEqual([pairs.group_a[0], pairs.group_b[0], pairs.difference[0]], ["b", "a", 3]);
  assert.ok(close(pairs.t[0] ** 2, anova.F) && close(pairs.p[0], anova.p), "two groups: t² = F, same p");
  assert.ok(Number.isNaN(oneWayAnova({ a: [2, 2], b: [2, 2] }).F));
  assert.throws(() => oneWayAnova({ a: [1, 2] }), /^Error: samples: 1 group\(s\); allowed: a mapping of at least 2 group names/);
  assert.throws(() => oneWayAnova({ a: [1], b: [1, 2] }), /^Error: samples\['a'\]: 1 value\(s\)/);
});

const INVALID = [
  ["simulateCulture", { il6_ng_ml: -1 }, "il6_ng_ml"], ["simulateCulture", { tofacitinib_nM: "5" }, "tofacitinib_nM"],
  ["simulateCulture", { hours: 0 }, "hours"], ["simulateCulture", { hours: 200 }, "hours"],
  ["simulateCulture", { step_h: 0 }, "step_h"], ["simulateCulture", { hours: 10, step_h: 11 }, "step_h"],
  ["simulateCulture", { step_h: 1e-9 }, "step_h"], ["simulateCulture", { jak_route: "JAK3" }, "jak_route"],
  ["simulateCulture", { potency: "weak" }, "potency"], ["simulateCulture", { dose: 1 }, "request"],
  ["expectedLevels", { il6_ng_ml: 1, tofacitinib_nM: 0, hours: [] }, "hours"],
  ["expectedLevels", { il6_ng_ml: 1, tofacitinib_nM: 0, hours: [24, 24] }, "hours"],
  ["expectedLevels", { il6_ng_ml: 1, tofacitinib_nM: 0 }, "hours"],
  ["runExperiment", { n_replicates: 1 }, "n_replicates"], ["runExperiment", { seed: -1 }, "seed"],
  ["runExperiment", { noise: -0.1 }, "noise"], ["runExperiment", { groups: { a: {} } }, "groups"],
  ["runExperiment", { groups: { a: {}, b: { il6: 1 } } }, "groups"], ["runExperiment", { readouts: ["ALP"] }, "readouts"],
  ["runExperiment", { design: [] }, "design"], ["runExperiment", { design: [["TNAP", 24, ["control"]]] }, "design"],
  ["runExperiment", { design: [["TNAP", 24, ["control", "x"]]] }, "design"],
];

test("invalid input throws an Error naming the argument", () => {
  const calls = { simulateCulture, expectedLevels, runExperiment };
  for (const [call, request, argument] of INVALID) {
    assert.throws(() => calls[call](request, model), (err) => {
      assert.ok(err.message.startsWith(argument), `${call} ${JSON.stringify(request)}: ${err.message}`);
      return true;
    });
  }
  assert.deepEqual(Object.keys(defaultGroups(model)), Object.keys(model.default_groups));
});
