// vsmc-lab-figures.mjs: what the VSMC lab's figures and table show, computed from a result (pure functions).
//
// The figures' look comes from the page: each is a plotly template written by the build
// (widgets/pictures/calcification.py lab_figure_specs: time course and blot, for up to four groups);
// these functions give the numbers put into it, as blot_data and time_course_data of that Python
// module do for the notebook panel.
//   timeCourse(request, readout, hours, result, model) -> {lines: [{x, y}], points: [{x, y, sd}]} per group
//   blotData(result, time_h, model) -> {lanes, proteins, z, groups, bars: [{x, y, sd}], marks: {x, y, text}}
//   statsRows(result) -> [{readout, time_h, means: ["1.23 ± 0.10" | null per group], F, df, p, pairs: [p | null]}]
//   pairsOf(names) -> [[a, b], ...] (later group vs earlier, the order of the LSD table);  formatP(p) -> text

import { blotBands, simulateCulture } from "./calcification.mjs";

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => { const m = mean(xs); return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)); };

/** The LSD pairs of the groups, in the engine's order: (later, earlier). */
export function pairsOf(names) {
  const out = [];
  for (let i = 1; i < names.length; i++) for (let j = 0; j < i; j++) out.push([names[i], names[j]]);
  return out;
}

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/** A P value as the table prints it: three significant digits, "1.50 × 10⁻⁷" below 0.0001. */
export function formatP(p) {
  if (typeof p !== "number" || Number.isNaN(p)) return "n/a";
  if (p === 0) return "0 (no variation)";
  if (p >= 1e-4) return String(Number(p.toPrecision(3)));
  const [m, e] = p.toExponential(2).split("e");
  return `${m} × 10${String(Number(e)).split("").map((c) => SUPERSCRIPT[c]).join("")}`;
}

function wellsOf(result, group, readout, t) {
  const m = result.measurements;
  const out = [];
  for (let i = 0; i < m.value.length; i++) {
    if (m.group[i] === group && m.readout[i] === readout && m.time_h[i] === t) out.push(m.value[i]);
  }
  return out;
}

/** Model lines (hourly; every 2 h past 96 h) and the wells' mean ± SD, per group. */
export function timeCourse(request, readout, hours, result, model) {
  const step = hours <= 96 ? 1 : 2;
  const k = request.groups.length;
  const lines = [];
  const points = [];
  request.groups.forEach(([name, doses], gi) => {
    const sim = simulateCulture({ il6_ng_ml: doses.il6_ng_ml, tofacitinib_nM: doses.tofacitinib_nM, hours,
      jak_route: request.jak_route, step_h: step, potency: request.potency }, model);
    lines.push({ x: sim.t_h, y: sim[readout] });
    const times = result ? [...new Set(result.design.filter(([r, , g]) => r === readout && g.includes(name)).map(([, t]) => t))] : [];
    const dodge = (gi - (k - 1) / 2) * hours / 100;
    const x = []; const y = []; const s = [];
    for (const t of times.sort((a, b) => a - b)) {
      const wells = wellsOf(result, name, readout, t);
      x.push(t + dodge); y.push(mean(wells)); s.push(sd(wells));
    }
    points.push({ x, y, sd: s });
  });
  return { lines, points };
}

/** Everything the blot figure shows at `timeH`: bands, densitometry bars and the LSD marks. */
export function blotData(result, timeH, model) {
  const bands = blotBands(result, timeH, model);
  const groups = result.group_names.filter((g) => bands.group.includes(g));
  const proteins = [...model.blot_readouts, model.loading_control];
  const lanes = [];
  const laneOf = new Map();
  bands.lane.forEach((lane, i) => {
    if (!laneOf.has(lane)) { laneOf.set(lane, lanes.length); lanes.push(`${bands.group[i]}|${bands.replicate[i]}`); }
  });
  const z = proteins.map(() => new Array(lanes.length).fill(null));
  bands.protein.forEach((protein, i) => {
    const v = bands.intensity[i];
    z[proteins.indexOf(protein)][laneOf.get(bands.lane[i])] = Number.isNaN(v) ? null : v;
  });
  const k = groups.length;
  const width = 0.8 / k;
  const pw = result.pairwise;
  const pOf = (protein, a, b) => {
    for (let i = 0; i < pw.p.length; i++) {
      if (pw.time_h[i] === timeH && pw.readout[i] === protein && pw.group_a[i] === a && pw.group_b[i] === b) return pw.p[i];
    }
    return null;
  };
  const bars = [];
  const marks = { x: [], y: [], text: [] };
  groups.forEach((g, gi) => {
    const bar = { x: [], y: [], sd: [] };
    model.blot_readouts.forEach((protein, pi) => {
      const x = pi + (gi - (k - 1) / 2) * width;
      bar.x.push(x);
      const wells = wellsOf(result, g, protein, timeH);
      if (!wells.length) { bar.y.push(null); bar.sd.push(null); return; }
      const m = mean(wells); const s = sd(wells);
      bar.y.push(m); bar.sd.push(s);
      let mark = "";
      [[0, "*"], [1, "#"]].forEach(([ref, sym]) => {
        if (gi > ref) { const p = pOf(protein, g, groups[ref]); if (p !== null && p < model.significance) mark += sym; }
      });
      if (mark) { marks.x.push(x); marks.y.push(m + s + 0.12); marks.text.push(mark); }
    });
    bars.push(bar);
  });
  return { lanes, proteins, z, groups, bars, marks };
}

/** The rows of the ANOVA/LSD table: one per measured readout and time, in the design's order. */
export function statsRows(result) {
  const names = result.group_names;
  const pairs = pairsOf(names);
  const a = result.anova;
  return a.readout.map((readout, i) => {
    const t = a.time_h[i];
    const means = names.map((g) => {
      const wells = wellsOf(result, g, readout, t);
      return wells.length ? `${mean(wells).toFixed(2)} ± ${sd(wells).toFixed(2)}` : null;
    });
    const pw = result.pairwise;
    const ps = pairs.map(([ga, gb]) => {
      for (let j = 0; j < pw.p.length; j++) {
        if (pw.readout[j] === readout && pw.time_h[j] === t && pw.group_a[j] === ga && pw.group_b[j] === gb) return pw.p[j];
      }
      return null;
    });
    return { readout, time_h: t, means, F: a.F[i], df: [a.df_between[i], a.df_within[i]], p: a.p[i], pairs: ps };
  });
}
