// vsmc-lab-state.mjs: the VSMC virtual lab's settings, without any page (pure functions).
//
// The lab's controls and presets come from the exported model JSON (calcification-model.json:
// `model.controls`, rows of data/vsmc_lab_controls.csv, and `model.presets`, data/vsmc_lab_presets.yaml),
// read with the shared control functions of controls.mjs. A lab state is `{values: {"group/name": value}}`.
//
//   labRequest(values, model) -> {request, blot_time_h, readout, notes}
//       the runExperiment request of calcification.mjs (groups as [name, doses] pairs, design as
//       [readout, time_h, groups]), the time of the blot (24 h when chosen, else the first time) and the
//       readout of the time course; `request` is null when no time point is chosen (said in `notes`).
//       The same reading as lab_request of widgets/panels/calcification.py (tests/test_vsmc_lab_faces.py).
//   presetValues(preset, model) -> values;  labDefaults(model) -> values
//   power(request, model, runs = 100) -> {runs, seeds, rows: [{readout, time_h, test, hits}]}
//       the current design run again with `runs` seeds (seed, seed + 1, …) and, for every ANOVA and LSD
//       test, how many runs gave P < model.significance (the engine's SIGNIFICANCE, 0.05).

import { defaultValues } from "./controls.mjs";
import { defaultGroups, runExperiment } from "./calcification.mjs";

/** Every control at its default. */
export const labDefaults = (model) => defaultValues(model);

/** The values a preset sets (the export lists every control's value). */
export function presetValues(preset, model) {
  return { ...labDefaults(model), ...(preset.values || {}) };
}

/** The chosen time points (the "hours" toggles that are on), in increasing order. */
export function chosenHours(values, model) {
  return model.controls.filter((c) => c.group === "hours" && values[`hours/${c.name}`] === 1)
    .map((c) => Number(c.name)).sort((a, b) => a - b);
}

/** The engine request of the lab's controls (see the top). */
export function labRequest(values, model) {
  const il6 = values["doses/il6_ng_ml"];
  const tofa = values["doses/tofacitinib_nM"];
  const groups = Object.entries(defaultGroups(model, il6, tofa));
  if (values["groups/tofacitinib_alone"] === 1) groups.push([model.inhibitor_alone_group, { il6_ng_ml: 0, tofacitinib_nM: tofa }]);
  const names = groups.map(([name]) => name);
  const hours = chosenHours(values, model);
  const readout = values["view/readout"];
  if (!hours.length) {
    return { request: null, blot_time_h: null, readout, notes: ["Choose at least one time point."] };
  }
  const blot = hours.includes(24) ? 24 : hours[0];
  const two = names.slice(0, 2);
  let design;
  if (values["design/measure"] === "paper") {
    design = [...hours.map((t) => ["calcium", t, two]), ["TNAP", blot, names], ["Runx2", blot, names], ["Jak2", blot, two]];
  } else {
    design = model.readouts.flatMap((r) => hours.map((t) => [r, t, names]));
  }
  const request = {
    groups, n_replicates: values["design/n_replicates"], seed: values["design/seed"], noise: values["design/noise"],
    jak_route: values["model/jak_route"], potency: values["model/potency"], design,
  };
  return { request, blot_time_h: blot, readout, notes: [] };
}

/** The design run `runs` times with seeds seed, seed + 1, …: how often each test gives P < model.significance. */
export function power(request, model, runs = 100) {
  if (!request) throw new Error("request: no experiment to repeat (choose at least one time point)");
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a whole number >= 1, got ${runs}`);
  let rows = null;
  for (let k = 0; k < runs; k++) {
    const result = runExperiment({ ...request, seed: request.seed + k }, model);
    const a = result.anova;
    const pw = result.pairwise;
    if (!rows) { // each measurement's ANOVA, then its LSD pairs, in the design's order
      rows = [];
      a.readout.forEach((r, i) => {
        rows.push({ readout: r, time_h: a.time_h[i], test: "ANOVA", hits: 0, at: ["anova", i] });
        pw.readout.forEach((r2, j) => {
          if (r2 === r && pw.time_h[j] === a.time_h[i]) {
            rows.push({ readout: r, time_h: a.time_h[i], test: `${pw.group_a[j]} vs ${pw.group_b[j]}`, hits: 0, at: ["pairwise", j] });
          }
        });
      });
    }
    for (const row of rows) if (result[row.at[0]].p[row.at[1]] < model.significance) row.hits += 1;
  }
  return { runs, seeds: [request.seed, request.seed + runs - 1], rows: rows.map(({ at, ...row }) => row) };
}
