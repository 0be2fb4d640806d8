// bench_browser_engine.mjs: timing of the browser engines in Node: the bone-remodeling model and the VSMC lab.
//
//   node benchmarks/bench_browser_engine.mjs [--data FOLDER] [repetitions]
//
// Prints the median and p95 (ms) of one simulate() per scenario after a warm-up, as a page calls it
// (the engine's first call with a model also finds the healthy steady state: timed separately), and of
// the lab's experiments (one with the paper's design, 100 for the power view).
// Model data as in cli.mjs: --data (a folder with the model files), else $COURSE_BROWSER_DATA, else the
// Python export.
import { loadModel } from "../widgets/browser/node-model.mjs";
import { runExperiment } from "../widgets/browser/calcification.mjs";
import { simulate } from "../widgets/browser/remodeling.mjs";

const args = process.argv.slice(2);
const at = args.indexOf("--data");
const source = at >= 0 ? args.splice(at, 2)[1] : null;
const repetitions = Number(args[0] ?? 200);
const model = loadModel("remodeling", source);

function percentile(sorted, q) {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (i - lo);
}

function timed(fn, n, warmup = 20) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return [percentile(times, 0.5), percentile(times, 0.95)];
}

const inflamed = { "TNF-α": 3, "IL-1": 3, "IL-6": 3 };
const first = performance.now();
simulate({ days: 365 }, structuredClone(model));
const firstCall = performance.now() - first;
const cases = {
  "simulate 365 days, healthy": { days: 365 },
  "simulate 365 days, TNF-α, IL-1, IL-6 3x": { days: 365, cytokines: inflamed },
  "simulate 365 days, all six cytokines moved": { days: 365, cytokines: { "TNF-α": 5, "IL-1": 4, "IL-6": 6, "IL-8": 3, "IL-10": 0.5, "IL-33": 2 } },
  "simulate 365 days, IL-6 + RANKL window": { days: 365, cytokines: { "IL-6": 5 }, dosing: { RANKL: 500 }, dosing_window: [60, 240] },
  "simulate 365 days, every control at its top": { days: 365, cytokines: Object.fromEntries(model.cytokines.map((c) => [c, 10])), dosing: { RANKL: 1000, OPG: 20000, PTH: 250, "TGF-beta": 5e-4 }, therapy: "anti-RANKL" },
  "simulate 3650 days, inflamed": { days: 3650, cytokines: inflamed },
  "simulate 36500 days, inflamed (longest allowed)": { days: 36500, cytokines: inflamed },
};
console.log(`browser engine (Node ${process.version}), ${repetitions} repetitions each (ms)`);
console.log(`  ${"first call with a new model (healthy state found)".padEnd(50)} ${firstCall.toFixed(2).padStart(8)}`);
let worst = 0;
for (const [label, request] of Object.entries(cases)) {
  const n = request.days > 10000 ? Math.max(10, Math.floor(repetitions / 10)) : repetitions;
  const [median, p95] = timed(() => simulate(request, model), n);
  if (request.days === 365) worst = Math.max(worst, p95);
  console.log(`  ${label.padEnd(50)} median ${median.toFixed(3).padStart(8)}   p95 ${p95.toFixed(3).padStart(8)}`);
}
console.log(`one 365-day solve: worst p95 ${worst.toFixed(3)} ms (target <= 2 ms)`);

const lab = loadModel("calcification", source);
const labCases = {
  "runExperiment, the paper's design (n = 3)": () => runExperiment({ design: lab.paper_design, seed: 1 }, lab),
  "runExperiment, full design (4 readouts x 3 times)": () => runExperiment({ seed: 1 }, lab),
  "power view: 100 experiments, the paper's design": () => {
    let significant = 0;
    for (let seed = 0; seed < 100; seed++) {
      if (runExperiment({ design: lab.paper_design, seed }, lab).anova.p[0] < 0.05) significant += 1;
    }
    return significant;
  },
};
console.log("VSMC lab (ms)");
for (const [label, fn] of Object.entries(labCases)) {
  const n = label.startsWith("power") ? Math.max(10, Math.floor(repetitions / 10)) : repetitions;
  const [median, p95] = timed(fn, n, 5);
  console.log(`  ${label.padEnd(50)} median ${median.toFixed(3).padStart(8)}   p95 ${p95.toFixed(3).padStart(8)}`);
}
