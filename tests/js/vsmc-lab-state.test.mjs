// Tests of vsmc-lab-state.mjs and vsmc-lab-figures.mjs: the lab's request, presets, power view, blot and table.
import assert from "node:assert/strict";
import test from "node:test";

import { loadModel } from "../../widgets/browser/node-model.mjs";
import { runExperiment } from "../../widgets/browser/calcification.mjs";
import { labDefaults, labRequest, power, presetValues } from "../../widgets/browser/vsmc-lab-state.mjs";
import { blotData, formatP, statsRows } from "../../widgets/browser/vsmc-lab-figures.mjs";

const model = loadModel("calcification");
const preset = (id) => presetValues(model.presets.find((p) => p.id === id), model);

test("the paper's preset asks for exactly the paper's design", () => {
  const { request, blot_time_h: blot } = labRequest(preset("paper"), model);
  assert.deepEqual(request.design, model.paper_design);
  assert.equal(blot, 24);
  assert.deepEqual(request.groups.map(([g]) => g), Object.keys(model.default_groups));
});

test("the stronger design adds the inhibitor-only group and measures every readout in every group", () => {
  const { request } = labRequest(preset("stronger"), model);
  const names = request.groups.map(([g]) => g);
  assert.equal(names.at(-1), model.inhibitor_alone_group);
  assert.equal(request.groups.at(-1)[1].il6_ng_ml, 0);
  assert.ok(request.design.every(([, , groups]) => groups.length === names.length));
  assert.deepEqual(new Set(request.design.map(([r]) => r)), new Set(model.readouts));
  assert.ok(request.n_replicates > preset("paper")["design/n_replicates"]);
});

test("no time point: no request, a note, and the power view refuses", () => {
  const values = labDefaults(model);
  for (const c of model.controls) if (c.group === "hours") values[`hours/${c.name}`] = 0;
  const out = labRequest(values, model);
  assert.equal(out.request, null);
  assert.match(out.notes[0], /time point/);
  assert.throws(() => power(out.request, model), /request/);
});

test("the blot is drawn at the first time point when 24 h is not chosen", () => {
  const values = { ...labDefaults(model), "hours/24": 0, "hours/12": 1 };
  assert.equal(labRequest(values, model).blot_time_h, 12);
});

test("power: without noise every real difference is found; without IL-6 about 5 % are false alarms", () => {
  const exact = power(labRequest({ ...labDefaults(model), "design/noise": 0 }, model).request, model, 5);
  const calcium24 = exact.rows.find((r) => r.readout === "calcium" && r.time_h === 24 && r.test !== "ANOVA");
  assert.equal(calcium24.hits, 5);
  const none = labRequest({ ...labDefaults(model), "doses/il6_ng_ml": 0 }, model).request;
  const result = power(none, model, 400);
  const nulls = result.rows.filter((r) => r.readout === "calcium" && r.test === "IL-6 vs control");
  const rate = nulls.reduce((s, r) => s + r.hits, 0) / (400 * nulls.length);
  assert.ok(rate > 0.02 && rate < 0.09, `false-alarm rate ${rate}`);
  assert.deepEqual(result.seeds, [0, 399]);
});

test("power lists each measurement's ANOVA, then its LSD pairs", () => {
  const { request } = labRequest(labDefaults(model), model);
  const out = power(request, model, 3);
  assert.equal(out.rows.length, request.design.reduce((n, [, , g]) => n + 1 + (g.length * (g.length - 1)) / 2, 0));
  assert.deepEqual(out.rows.slice(0, 2).map((r) => [r.readout, r.time_h, r.test]),
    [["calcium", 24, "ANOVA"], ["calcium", 24, "IL-6 vs control"]]);
  const tnap = out.rows.filter((r) => r.readout === "TNAP").map((r) => r.test);
  assert.deepEqual(tnap, ["ANOVA", "IL-6 vs control", "IL-6 + tofacitinib vs control", "IL-6 + tofacitinib vs IL-6"]);
});

test("power grows with the wells per group", () => {
  const at = (n) => power(labRequest({ ...labDefaults(model), "design/n_replicates": n }, model).request, model, 100)
    .rows.find((r) => r.readout === "calcium" && r.time_h === 24 && r.test === "IL-6 vs control").hits;
  assert.ok(at(12) > at(3) + 20);
});

test("blot data: densitometry of the wells, and a mark only where LSD P < 0.05", () => {
  const { request } = labRequest(labDefaults(model), model);
  const result = runExperiment(request, model);
  const d = blotData(result, 24, model);
  assert.equal(d.lanes.length, 3 * request.n_replicates);
  const tnapRow = d.proteins.indexOf("TNAP");
  const il6 = result.measurements.value.filter((v, i) => result.measurements.group[i] === "IL-6"
    && result.measurements.readout[i] === "TNAP");
  const mean = il6.reduce((a, b) => a + b, 0) / il6.length;
  assert.ok(Math.abs(d.bars[1].y[0] - mean) < 1e-12);
  assert.equal(d.z[tnapRow].length, d.lanes.length);
  const p = result.pairwise.p[result.pairwise.readout.findIndex((r, i) => r === "TNAP" && result.pairwise.group_a[i] === "IL-6"
    && result.pairwise.group_b[i] === "control")];
  const marked = d.marks.x.some((x, i) => x === d.bars[1].x[0] && d.marks.text[i].includes("*"));
  assert.equal(marked, p < 0.05);
});

test("the table gives exact P values and every group's mean ± SD", () => {
  const { request } = labRequest(labDefaults(model), model);
  const result = runExperiment(request, model);
  const rows = statsRows(result);
  assert.equal(rows.length, result.anova.readout.length);
  assert.equal(rows[0].means.length, 3);
  assert.equal(rows[0].means[2], null); // calcium: not measured in the inhibitor group (the paper's design)
  assert.equal(formatP(0.1234), "0.123");
  assert.equal(formatP(0.00456), "0.00456");
  assert.equal(formatP(1.5e-7), "1.50 × 10⁻⁷");
  assert.equal(formatP(NaN), "n/a");
});

test("the threshold, the loading control and its random stream are the exported ones", () => {
  const { request } = labRequest(labDefaults(model), model);
  const everything = power(request, { ...model, significance: 1 }, 4); // every P is below 1
  assert.ok(everything.rows.every((r) => r.hits === 4));
  const nothing = power(request, { ...model, significance: 0 }, 4);
  assert.ok(nothing.rows.every((r) => r.hits === 0));
  const result = runExperiment(request, model);
  const renamed = blotData(result, 24, { ...model, loading_control: "GAPDH" });
  assert.equal(renamed.proteins.at(-1), "GAPDH");
  assert.ok(!renamed.proteins.includes("beta-actin"));
  const unmarked = blotData(result, 24, { ...model, significance: 0 });
  assert.equal(unmarked.marks.text.length, 0);
  const other = blotData(result, 24, { ...model, loading_stream: model.loading_stream + 1 });
  const base = blotData(result, 24, model);
  const actin = (d) => d.z.at(-1);
  assert.notDeepEqual(actin(other), actin(base)); // another stream: other lanes' loading
  assert.deepEqual(other.bars.map((b) => b.y), base.bars.map((b) => b.y)); // the densitometry is the wells'
});
