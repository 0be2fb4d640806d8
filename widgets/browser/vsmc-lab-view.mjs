// vsmc-lab-view.mjs: the VSMC virtual lab built inside its mount (vsmc-lab.mjs finds the mount and loads the
// data). Native, labelled controls made from the exported control rows (controls.mjs), the presets, "Run a
// new experiment" and Reset; read-outs and a polite live region; the time course and the simulated blot
// (templates from the page, filled by vsmc-lab-figures.mjs, drawn with Plotly.react); the ANOVA/LSD table as
// HTML with exact P values; the power view (the design run 100 times, vsmc-lab-state.mjs). Each committed
// change runs the experiment again (calcification.mjs) and is one entry in the URL hash's history
// (url-state.mjs), so a link restores the set-up and Back undoes a change.

import { runExperiment } from "./calcification.mjs";
import { controlsOf, formatNumber, formatValue, keyOf, lastPosition, positionOf, valueAt } from "./controls.mjs";
import { fromHash, isStateHash, toHash } from "./url-state.mjs";
import { el, goLive, steadyMargins } from "./page.mjs";
import { labDefaults, labRequest, power, presetValues } from "./vsmc-lab-state.mjs";
import { blotData, formatP, pairsOf, statsRows, timeCourse } from "./vsmc-lab-figures.mjs";

const READOUT_LABEL = { Jak2: "total Jak2" };
const label = (r) => READOUT_LABEL[r] || r;
const doseText = (nM) => (nM >= 1000 ? `${formatNumber(nM / 1000)} µM` : `${formatNumber(nM)} nM`);
const POWER_RUNS = 100;

/** Where a value sits along a log control's stops (0 to 1), for the IC50 marks under the slider. */
function fraction(control, value) {
  const s = control.stops;
  const positive = s.filter((v) => v > 0);
  if (value <= positive[0]) return s.indexOf(positive[0]) / (s.length - 1);
  for (let i = 1; i < s.length; i++) {
    if (value <= s[i]) {
      const f = (Math.log(value) - Math.log(s[i - 1])) / (Math.log(s[i]) - Math.log(s[i - 1]));
      return (i - 1 + f) / (s.length - 1);
    }
  }
  return 1;
}

let counter = 0;

/** Build the lab inside `root` with the parsed `model` and `Plotly`; returns its small API. */
export function mountLab(root, model, Plotly, { urlState = true } = {}) {
  const id = `course-lab-${++counter}`;
  const controls = controlsOf(model);
  const significant = `P < ${model.significance}`; // the engine's SIGNIFICANCE, from the export
  const specNode = root.querySelector("script.course-simulator-figure-spec");
  if (!specNode) throw new Error("the lab's figure templates are missing from the page");
  const specs = JSON.parse(specNode.textContent);
  const start = { values: labDefaults(model), therapy: null };
  let state = urlState ? fromHash(location.hash, start, model) : structuredClone(start);

  goLive(root);
  const inputs = new Map();
  const outputs = new Map();
  const form = el("form", { class: "course-simulator-controls", "aria-label": "Virtual lab settings" });
  form.addEventListener("submit", (e) => e.preventDefault());
  const inputId = (key) => `${id}-${key}`.replace(/[^A-Za-z0-9_-]/g, "_");

  function rangeRow(control) {
    const key = keyOf(control);
    const input = el("input", { type: "range", id: inputId(key), min: 0, max: lastPosition(control), step: 1, "data-key": key });
    const output = el("output", { for: input.id, "aria-hidden": "true" });
    input.addEventListener("input", () => change(key, valueAt(control, Number(input.value)), false));
    input.addEventListener("change", () => change(key, valueAt(control, Number(input.value)), true));
    inputs.set(key, input);
    outputs.set(key, output);
    const text = control.unit ? `${control.label} (${control.unit})` : control.label;
    return el("div", { class: "course-simulator-row" }, el("label", { for: input.id, text }), input, output);
  }
  function selectRow(control) {
    const key = keyOf(control);
    const select = el("select", { id: inputId(key), "data-key": key });
    control.options.forEach((o, i) => select.append(el("option", { value: o, text: control.option_labels[i] })));
    select.addEventListener("change", () => change(key, select.value, true));
    inputs.set(key, select);
    return el("div", { class: "course-simulator-row course-lab-choice" }, el("label", { for: select.id, text: control.label }), select);
  }
  function checkbox(control) {
    const key = keyOf(control);
    const box = el("input", { type: "checkbox", id: inputId(key), "data-key": key });
    box.addEventListener("change", () => change(key, box.checked ? 1 : 0, true));
    inputs.set(key, box);
    return el("span", { class: "course-lab-check" }, box, el("label", { for: box.id, text: control.label }));
  }
  const row = (key) => {
    const c = controls.get(key);
    return c.scale === "choice" ? selectRow(c) : c.scale === "toggle" ? checkbox(c) : rangeRow(c);
  };

  // doses, with the IC50s of the chosen potency set marked under the tofacitinib slider
  const tofaControl = controls.get("doses/tofacitinib_nM");
  const tofaRow = row("doses/tofacitinib_nM");
  const marks = el("div", { class: "course-lab-marks", "aria-hidden": "true" });
  const marksText = el("p", { class: "course-simulator-hint", id: `${id}-ic50` });
  inputs.get("doses/tofacitinib_nM").setAttribute("aria-describedby", marksText.id);
  form.append(el("fieldset", { class: "course-simulator-group" }, el("legend", { text: "Doses" }),
    row("doses/il6_ng_ml"), tofaRow, marks, marksText));
  form.append(el("fieldset", { class: "course-simulator-group course-lab-assumptions" }, el("legend", { text: "Model assumptions" }),
    row("model/jak_route"), row("model/potency"),
    el("p", { class: "course-simulator-hint", text: "JAK2 carrying the signal is the paper's assumption, not a finding; the potency set says which IC50s of tofacitinib apply." })));
  const hours = el("fieldset", { class: "course-lab-hours" }, el("legend", { text: "time points (h after IL-6)" }));
  for (const c of controls.values()) if (c.group === "hours") hours.append(checkbox(c));
  form.append(el("fieldset", { class: "course-simulator-group" }, el("legend", { text: "Design" }),
    row("design/measure"), row("groups/tofacitinib_alone"), hours, row("design/n_replicates"), row("design/noise"),
    row("view/readout")));

  // presets, a new experiment, Reset
  const presetNote = el("p", { class: "course-simulator-preset-note", hidden: true });
  const actions = el("div", { class: "course-simulator-actions", role: "group", "aria-label": "Presets, new experiment and reset" });
  for (const preset of model.presets || []) {
    const button = el("button", { type: "button", class: "course-simulator-preset", "data-preset": preset.id, text: preset.label });
    button.addEventListener("click", () => {
      state = { values: presetValues(preset, model), therapy: null };
      presetNote.textContent = `${preset.label}: ${preset.description}`;
      presetNote.hidden = false;
      commit();
    });
    actions.append(button);
  }
  const rerun = el("button", { type: "button", class: "course-lab-rerun", text: "Run a new experiment" });
  const seedControl = controls.get("design/seed");
  rerun.addEventListener("click", () => {
    const seed = state.values["design/seed"];
    state.values["design/seed"] = seed >= seedControl.max ? seedControl.min : seed + 1;
    commit();
  });
  const reset = el("button", { type: "button", class: "course-simulator-reset", text: "Reset" });
  reset.addEventListener("click", () => { state = structuredClone(start); presetNote.hidden = true; commit(); });
  actions.append(rerun, reset);
  const seedText = el("p", { class: "course-simulator-hint course-lab-seed" });
  form.append(el("fieldset", { class: "course-simulator-group course-simulator-presets" },
    el("legend", { text: "Presets and experiments" }), actions, seedText, presetNote));

  // results
  const readExpected = el("dd");
  const readP = el("dd");
  const expectedTerm = el("dt");
  const pTerm = el("dt");
  const readouts = el("dl", { class: "course-simulator-readouts" }, expectedTerm, readExpected, pTerm, readP);
  const status = el("p", { class: "course-simulator-status", role: "status", "aria-live": "polite" });
  const notes = el("p", { class: "course-simulator-notes", role: "alert", hidden: true });
  const wellsNote = el("p", { class: "course-lab-note", text: "The browser lab draws its wells with its own seeded "
    + "generator: the same seed gives the same wells in every browser, but not the wells the Python lab (the "
    + "notebook panel) draws for that seed. The model, its expected levels and the statistics are the same." });
  const figure = (spec, cls) => {
    const graph = el("div", { class: "course-simulator-graph" });
    graph.style.minHeight = `${(spec.layout && spec.layout.height) || 500}px`;
    const msg = el("div", { class: "course-simulator-error", role: "alert", hidden: true });
    const alt = (spec.layout && spec.layout.meta && spec.layout.meta.alt) || "";
    const node = el("figure", { class: `course-simulator-figure ${cls}` }, graph, msg, el("figcaption", { text: alt }));
    return { node, graph, msg };
  };
  const course = figure(specs.time_course, "course-lab-time-course");
  const blot = figure(specs.blot, "course-lab-blot");
  // the tables may scroll sideways on a phone: each is a labelled region that takes the focus (keyboard scrolling)
  const tableBox = el("div", { class: "course-lab-table", role: "region", tabindex: 0, "aria-label": "Statistics of this experiment" });
  const powerButton = el("button", { type: "button", class: "course-lab-power-run", text: `Run ${POWER_RUNS} experiments` });
  const powerSummary = el("p", { class: "course-lab-power-summary" });
  const powerTable = el("div", { class: "course-lab-table course-lab-power-table", role: "region", tabindex: 0,
    "aria-label": `Power of the design: ${POWER_RUNS} experiments`, hidden: true });  // shown once it holds results
  const power_ = el("section", { class: "course-lab-power", "aria-labelledby": `${id}-power` },
    el("h3", { id: `${id}-power`, text: "How often does this design find the effect?" }),
    el("p", { class: "course-simulator-hint", text: `Runs the current design ${POWER_RUNS} times with new wells `
      + `(seeds from the current one on) and counts, for every test, how often ${significant}: the design's power for a real `
      + "difference, its false-alarm rate where there is none (simulated)." }),
    el("div", { class: "course-simulator-actions" }, powerButton), powerSummary, powerTable);
  root.append(form, el("div", { class: "course-simulator-results" }, readouts, status, notes), wellsNote,
    course.node, blot.node, tableBox, power_);

  function sync() {
    for (const [key, input] of inputs) {
      const control = controls.get(key);
      const value = state.values[key];
      if (input.type === "checkbox") input.checked = value === 1;
      else if (input.tagName === "SELECT") input.value = value;
      else {
        input.value = String(positionOf(control, value));
        const text = formatValue(control, value);
        input.setAttribute("aria-valuetext", text);
        outputs.get(key).textContent = text;
      }
    }
    seedText.textContent = `Experiment number (seed): ${state.values["design/seed"]}`;
    const ic50 = model.potencies[state.values["model/potency"]];
    marks.textContent = "";
    for (const [jak, v] of Object.entries(ic50).sort((a, b) => a[1] - b[1])) {
      marks.append(el("span", { class: "course-lab-mark", style: `left: ${(100 * fraction(tofaControl, v)).toFixed(1)}%`,
        text: `${jak} ${doseText(v)}` }));
    }
    const potencyLabel = formatValue(controls.get("model/potency"), state.values["model/potency"]);
    marksText.textContent = `IC50s marked under the slider (${potencyLabel}): `
      + Object.entries(ic50).map(([jak, v]) => `${jak} ${doseText(v)}`).join(", ") + ".";
  }

  function change(key, value, committed) {
    state.values[key] = value;
    presetNote.hidden = true;
    if (committed) commit(); else { sync(); schedule(); }
  }
  let frame = 0;
  function schedule() { if (!frame) frame = requestAnimationFrame(() => { frame = 0; render(false); }); }
  function commit() {
    if (frame) { cancelAnimationFrame(frame); frame = 0; }
    sync();
    if (urlState) writeHash();
    render(true);
  }

  let renders = 0;
  let last = null;
  function render(announce) {
    const lab = labRequest(state.values, model);
    markPowerStale();
    if (!lab.request) return showEmpty(lab.notes.join(" "), announce);
    const t0 = performance.now();
    let result;
    try {
      result = runExperiment(lab.request, model);
    } catch (err) {
      return showEmpty(`The experiment could not run with these settings: ${err && err.message ? err.message : err}.`, announce);
    }
    const runMs = performance.now() - t0;
    last = { lab, result };
    notes.hidden = true;
    for (const f of [course, blot]) { f.msg.hidden = true; f.node.classList.remove("is-error"); }
    const names = result.group_names;
    const t = lab.blot_time_h;
    const expected = names.map((g) => {
      const i = result.expected.group.findIndex((x, j) => x === g && result.expected.readout[j] === "TNAP" && result.expected.time_h[j] === t);
      return i < 0 ? null : result.expected.value[i];
    });
    expectedTerm.textContent = `Expected TNAP at ${formatNumber(t)} h (model, × baseline)`;
    readExpected.textContent = names.map((g, i) => `${g} ${expected[i].toFixed(2)}`).join(" · ");
    readExpected.dataset.values = JSON.stringify(expected);
    const pIndex = result.pairwise.readout.findIndex((r, i) => r === "TNAP" && result.pairwise.group_a[i] === names[2]
      && result.pairwise.group_b[i] === names[1]);
    const pTnap = result.pairwise.p[pIndex];
    pTerm.textContent = `This experiment: TNAP at ${formatNumber(t)} h, ${names[2]} vs ${names[1]}`;
    readP.textContent = `LSD P = ${formatP(pTnap)}${pTnap < model.significance ? ` (${significant})` : ""}`;
    if (announce) {
      status.textContent = `Simulated experiment ${state.values["design/seed"]}: expected TNAP at ${formatNumber(t)} h is `
        + `${expected[1].toFixed(2)}× baseline with IL-6 and ${expected[2].toFixed(2)}× with IL-6 + tofacitinib `
        + `(${doseText(state.values["doses/tofacitinib_nM"])}); LSD P between them ${formatP(pTnap)}.`;
    }
    const t1 = performance.now();
    const drawn = Promise.all([drawCourse(lab, result), drawBlot(lab, result)]);
    drawTable(result);
    drawn.then(() => done({ runMs, drawMs: performance.now() - t1 }), (err) => showEmpty(String(err), announce));
  }

  function done(detail) {
    renders += 1;
    root.dataset.renders = String(renders);
    root.dispatchEvent(new CustomEvent("course-simulator-rendered", { detail: { ...detail, renders } }));
  }

  function showEmpty(message, announce) {
    last = null;
    notes.textContent = message;
    notes.hidden = false;
    for (const f of [course, blot]) {
      f.msg.textContent = `${message} No simulated data to show.`;
      f.msg.hidden = false;
      f.node.classList.add("is-error");
    }
    readExpected.textContent = "—";
    readP.textContent = "—";
    tableBox.textContent = "";
    tableBox.append(el("p", { text: "No statistics: no experiment with these settings." }));
    if (announce) status.textContent = message;
    done({ error: message });
  }

  const config = () => Object.assign({ displaylogo: false }, { responsive: false, displayModeBar: false });
  const reactCourse = steadyMargins(Plotly);
  const reactBlot = steadyMargins(Plotly);
  const layoutOf = (spec, graph, extra) => Object.assign({}, spec.layout, { width: graph.clientWidth || root.clientWidth || 600,
    autosize: false, uirevision: "lab" }, extra);

  function drawCourse(lab, result) {
    const spec = specs.time_course;
    const readout = lab.readout;
    const hours = Math.max(72, ...lab.request.design.map(([, h]) => h));
    const data = timeCourse(lab.request, readout, hours, model.readouts.includes(readout) ? result : null, model);
    const k = lab.request.groups.length;
    const slots = spec.data.length / 2;
    const traces = spec.data.map((trace, i) => {
      const gi = i % slots;
      const isLine = i < slots;
      if (gi >= k) return Object.assign({}, trace, { visible: false, x: [], y: [] });
      const [name, doses] = lab.request.groups[gi];
      const dose = doses.tofacitinib_nM > 0 ? ` (${doseText(doses.tofacitinib_nM)})` : "";
      if (isLine) return Object.assign({}, trace, { visible: true, x: data.lines[gi].x, y: data.lines[gi].y, name: `${name}${dose}: model` });
      const p = data.points[gi];
      return Object.assign({}, trace, { visible: true, x: p.x, y: p.y, error_y: Object.assign({}, trace.error_y, { array: p.sd }) });
    });
    const route = state.values["model/jak_route"];
    const measured = model.readouts.includes(readout) ? "" : " (model only: not measured)";
    const title = `Simulated ${label(readout)}, IL-6 ${formatNumber(state.values["doses/il6_ng_ml"])} ng/ml${measured}:<br>`
      + `route ${route}${route === "JAK2" ? " (the paper's assumption)" : ""},<br>`
      + formatValue(controls.get("model/potency"), state.values["model/potency"]);
    const layout = layoutOf(spec, course.graph, {
      title: Object.assign({}, spec.layout.title, { text: title }),
      xaxis: Object.assign({}, spec.layout.xaxis, { range: [0, hours * 1.02], dtick: hours <= 96 ? 24 : 48 }),
      yaxis: Object.assign({}, spec.layout.yaxis, { title: Object.assign({}, spec.layout.yaxis.title, { text: `${label(readout)} (× baseline)` }) }),
    });
    return reactCourse(course.graph, traces, layout, config());
  }

  function drawBlot(lab, result) {
    const spec = specs.blot;
    const d = blotData(result, lab.blot_time_h, model);
    const lanes = d.lanes.map((lane) => { const [g, r] = lane.split("|"); return `${specs.lanes[g] || g}${r}`; });
    const zmax = Math.max(2.5, Math.max(...d.z.flat().filter((v) => v !== null)) * 1.05);
    let top = 1;
    d.bars.forEach((b) => b.y.forEach((y, i) => { if (y !== null) top = Math.max(top, y + (b.sd[i] || 0)); }));
    let bar = 0;
    const traces = spec.data.map((trace) => {
      if (trace.type === "heatmap") return Object.assign({}, trace, { x: lanes, y: d.proteins, z: d.z, zmax });
      if (trace.type === "bar") {
        const gi = bar++;
        if (gi >= d.bars.length) return Object.assign({}, trace, { x: [], y: [], showlegend: false, visible: false });
        const [name, doses] = lab.request.groups.find(([g]) => g === d.groups[gi]);
        const dose = doses.tofacitinib_nM > 0 ? ` (${doseText(doses.tofacitinib_nM)})` : "";
        return Object.assign({}, trace, { x: d.bars[gi].x, y: d.bars[gi].y, name: `${name}${dose}`, visible: true, showlegend: true,
          error_y: Object.assign({}, trace.error_y, { array: d.bars[gi].sd }) });
      }
      if (trace.name === "significance") return Object.assign({}, trace, { x: d.marks.x, y: d.marks.y, text: d.marks.text });
      return trace;
    });
    const v = state.values;
    const route = v["model/jak_route"];
    const title = `Simulated Western blot at ${formatNumber(lab.blot_time_h)} h:<br>n = ${v["design/n_replicates"]} wells per group, `
      + `noise CV ${Math.round(v["design/noise"] * 100)} %;<br>assumes route ${route}${route === "JAK2" ? " (the paper's assumption)" : ""}, `
      + (v["model/potency"] === "enzyme" ? "enzyme IC50s" : "cellular IC50s");
    const layout = layoutOf(spec, blot.graph, {
      title: Object.assign({}, spec.layout.title, { text: title }),
      yaxis2: Object.assign({}, spec.layout.yaxis2, { range: [0, Math.max(3, top * 1.3)] }),
      margin: Object.assign({}, spec.layout.margin, { b: Math.max(140, (spec.layout.margin || {}).b || 0) }), // the note's lines
    });
    return reactBlot(blot.graph, traces, layout, config());
  }

  function drawTable(result) {
    const names = result.group_names;
    const pairs = pairsOf(names);
    const abbr = (g) => specs.lanes[g] || g;
    const table = el("table", { class: "course-stats" });
    const v = state.values;
    table.append(el("caption", { text: `Simulated experiment ${v["design/seed"]} (${v["design/n_replicates"]} wells per group, `
      + `noise CV ${Math.round(v["design/noise"] * 100)} %): mean ± SD per group (× control baseline), one-way ANOVA, `
      + `then Fisher's LSD t tests (pooled MSE, df = N − k), with exact P values; bold: ${significant}. `
      + names.map((g) => `${abbr(g)} = ${g}`).join(", ") + "." }));
    const head = el("tr", {}, el("th", { scope: "col", text: "readout, time" }));
    names.forEach((g) => head.append(el("th", { scope: "col", text: `${g}: mean ± SD` })));
    head.append(el("th", { scope: "col", text: "ANOVA F (df)" }), el("th", { scope: "col", text: "ANOVA P" }));
    pairs.forEach(([a, b]) => head.append(el("th", { scope: "col", text: `LSD P ${abbr(a)} vs ${abbr(b)}` })));
    const body = el("tbody");
    const pCell = (p) => {
      const td = el("td", { text: p === null ? "–" : formatP(p) });
      if (p !== null && p < model.significance) td.classList.add("is-significant");
      return td;
    };
    for (const r of statsRows(result)) {
      const tr = el("tr", {}, el("th", { scope: "row", text: `${label(r.readout)}, ${formatNumber(r.time_h)} h` }));
      r.means.forEach((m) => tr.append(el("td", { text: m === null ? "not measured" : m })));
      tr.append(el("td", { text: Number.isFinite(r.F) ? `${r.F.toFixed(2)} (${r.df[0]}, ${r.df[1]})` : "n/a" }), pCell(r.p));
      r.pairs.forEach((p) => tr.append(pCell(p)));
      body.append(tr);
    }
    table.append(el("thead", {}, head), body);
    tableBox.textContent = "";
    tableBox.append(table);
  }

  // the power view
  let powerFresh = false;
  let powerRequest = "";
  function markPowerStale() {
    if (!powerFresh || JSON.stringify(labRequest(state.values, model).request) === powerRequest) return;
    powerFresh = false;
    powerSummary.textContent = `The settings changed: run the ${POWER_RUNS} experiments again for this design.`;
    powerTable.classList.add("is-stale");
  }
  powerButton.addEventListener("click", () => {
    const lab = labRequest(state.values, model);
    if (!lab.request) { powerSummary.textContent = lab.notes.join(" "); status.textContent = powerSummary.textContent; return; }
    const t0 = performance.now();
    const out = power(lab.request, model, POWER_RUNS);
    const ms = performance.now() - t0;
    const table = el("table", { class: "course-stats" }, el("caption", { text: `Simulated: ${POWER_RUNS} experiments with `
      + `this design (seeds ${out.seeds[0]} to ${out.seeds[1]}); how often each test gave ${significant}.` }));
    table.append(el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "readout, time" }), el("th", { scope: "col", text: "test" }),
      el("th", { scope: "col", text: `${significant} in` }))));
    const body = el("tbody");
    for (const r of out.rows) {
      body.append(el("tr", {}, el("th", { scope: "row", text: `${label(r.readout)}, ${formatNumber(r.time_h)} h` }),
        el("td", { text: r.test }), el("td", { text: `${r.hits} of ${out.runs} (${Math.round(100 * r.hits / out.runs)} %)` })));
    }
    table.append(body);
    powerTable.textContent = "";
    powerTable.classList.remove("is-stale");
    powerTable.append(table);
    powerTable.hidden = false;
    const head = out.rows.find((r) => r.test !== "ANOVA");
    const what = label(head.readout);
    const sentence = `${what[0].toUpperCase()}${what.slice(1)} at ${formatNumber(head.time_h)} h, ${head.test}: ${significant} in ${head.hits} of `
      + `${out.runs} simulated experiments with this design.`;
    powerSummary.textContent = `${sentence} (Computed in your browser in ${Math.round(ms)} ms.)`;
    powerSummary.dataset.ms = String(ms);
    status.textContent = sentence;
    powerFresh = true;
    powerRequest = JSON.stringify(lab.request);
    root.dispatchEvent(new CustomEvent("course-lab-power", { detail: { ms, rows: out.rows } }));
  });

  // the URL: one history entry per committed change; Back restores the previous set-up
  let hashShown = urlState ? location.hash : "";
  function writeHash() {
    const hash = toHash(state, start, model);
    if (hash !== hashShown && (hash || isStateHash(location.hash))) {
      history.pushState(null, "", location.pathname + location.search + hash);
      hashShown = hash;
    }
  }
  if (urlState) {
    const restore = () => {
      if (location.hash === hashShown) return;
      if (location.hash && !isStateHash(location.hash)) return; // a link to a section: not ours
      hashShown = location.hash;
      state = fromHash(location.hash, start, model);
      presetNote.hidden = true;
      sync();
      render(true);
    };
    window.addEventListener("popstate", restore);
    window.addEventListener("hashchange", restore);
  }
  if ("ResizeObserver" in window) {
    let width = root.clientWidth;
    new ResizeObserver(() => {
      if (last && Math.abs(root.clientWidth - width) >= 1) { width = root.clientWidth; schedule(); }
    }).observe(root);
  }

  sync();
  render(true);
  if (urlState && isStateHash(location.hash)) root.scrollIntoView({ block: "start" });
  return { get state() { return structuredClone(state); }, get last() { return last; } };
}
