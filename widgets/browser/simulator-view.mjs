// simulator-view.mjs: the bone-remodeling simulator built inside its mount (widgets/browser/simulator.mjs
// finds the mounts and loads the data): native, labelled controls made from the model's control definitions
// (controls.mjs), presets and Reset, the "predict first" box, read-outs and a polite live region, and the
// figure, filled from each result (figureData) and redrawn with Plotly.react. Every input re-solves the
// model (remodeling.mjs): while dragging, once per animation frame; a committed change (a key press, the
// release of a drag, a preset) at once. The state lives in the URL hash (url-state.mjs): each change set
// is one history entry, so Back undoes it. Errors of the engine are shown in the figure area.

import { simulate } from "./remodeling.mjs";
import {
  controlMap, defaults, formatNumber, formatValue, keyOf, lastPosition, orderWindow, positionOf, presetState,
  requestFrom, valueAt,
} from "./controls.mjs";
import { fromHash, isStateHash, toHash } from "./url-state.mjs";
import { el, goLive, steadyMargins } from "./page.mjs";

export { el };

const GROUPS = [
  ["cytokines", "Cytokines", "level relative to healthy: 1 = healthy, 0 = absent"],
  ["dosing", "Dosing", "external production added to the model (pM/day)"],
  ["dosing_window", "Dosing window", "dosing applies only between these days"],
  ["days", "Time", ""],
];

// the same words as FAR_OUT_NOTE of widgets/panels/remodeling.py (tests/test_simulator_faces.py compares them)
const FAR_OUT_NOTE = "More than half the bone volume is lost: these settings are far outside what the bone-volume "
  + "index's teaching calibration was made for; read the direction, not the number.";

/** The chapter's "predict first" prompt: an admonition with class course-predict just before the cell. */
function findPrompt(root) {
  let node = root.closest(".cell") || root;
  for (let i = 0; i < 4 && node; i++) {
    node = node.previousElementSibling;
    if (!node) break;
    const found = node.matches(".course-predict") ? node : node.querySelector(".course-predict");
    if (found) return found;
  }
  return null;
}

let counter = 0;

/** Build the simulator inside `root` with the parsed `model` and `Plotly`; returns its small API. */
export function mount(root, model, Plotly, { urlState = true } = {}) {
  const react = steadyMargins(Plotly);
  const id = `course-sim-${++counter}`;
  const controls = controlMap(model);
  const specNode = root.querySelector("script.course-simulator-figure-spec");
  if (!specNode) throw new Error("the simulator's figure template is missing from the page");
  const spec = JSON.parse(specNode.textContent);
  const presets = model.presets || [];
  const chapterCytokine = root.dataset.cytokine || null;
  const startPreset = presets.find((p) => p.id === root.dataset.preset);
  const start = startPreset ? presetState(startPreset, model) : defaults(model);
  let state = urlState ? fromHash(location.hash, start, model) : structuredClone(start);
  state.values = orderWindow(state.values, model);

  goLive(root);
  const inputs = new Map();
  const outputs = new Map();
  const form = el("form", { class: "course-simulator-controls", "aria-label": "Simulator settings" });
  form.addEventListener("submit", (e) => e.preventDefault());

  // predict first
  const prompt = findPrompt(root);
  let guess = null;
  if (prompt) {
    if (!prompt.id) prompt.id = `${id}-prompt`;
    guess = el("textarea", { id: `${id}-guess`, rows: 2, "aria-describedby": prompt.id,
      placeholder: "Write your prediction here, then move the slider." });
    form.append(el("div", { class: "course-simulator-predict" },
      el("label", { for: guess.id, text: "Your prediction (before you move anything)" }), guess));
  }

  for (const [group, legend, hint] of GROUPS) {
    let list = [...controls.values()].filter((c) => c.group === group);
    if (group === "cytokines" && chapterCytokine) {
      list = [...list.filter((c) => c.name === chapterCytokine), ...list.filter((c) => c.name !== chapterCytokine)];
    }
    if (!list.length) continue;
    const fieldset = el("fieldset", { class: `course-simulator-group course-simulator-${group}` },
      el("legend", { text: legend }));
    if (hint) fieldset.append(el("p", { class: "course-simulator-hint", text: hint }));
    for (const control of list) {
      const key = keyOf(control);
      const inputId = `${id}-${group}-${control.name}`.replace(/[^A-Za-z0-9_-]/g, "_");
      const input = el("input", { type: "range", id: inputId, min: 0, max: lastPosition(control), step: 1,
        "data-key": key });
      const output = el("output", { for: inputId, "aria-hidden": "true" });
      const row = el("div", { class: "course-simulator-row" }, el("label", { for: inputId, text: control.label }),
        input, output);
      if (group === "cytokines" && control.name === chapterCytokine) {
        row.classList.add("is-chapter");
        row.append(el("span", { class: "course-simulator-badge", text: "this chapter", "aria-hidden": "true" }));
      }
      input.addEventListener("input", () => change(key, Number(input.value), false));
      input.addEventListener("change", () => change(key, Number(input.value), true));
      inputs.set(key, input);
      outputs.set(key, output);
      fieldset.append(row);
    }
    form.append(fieldset);
    if (group === "cytokines") form.append(therapyField());
  }

  function therapyField() {
    const select = el("select", { id: `${id}-therapy` });
    select.append(el("option", { value: "", text: "no therapy" }));
    for (const t of model.therapies || []) {
      select.append(el("option", { value: t.id, text: t.example_drug ? `${t.label} (${t.example_drug})` : t.label }));
    }
    select.addEventListener("change", () => { state.therapy = select.value || null; schedule(true); });
    inputs.set("therapy", select);
    return el("fieldset", { class: "course-simulator-group course-simulator-therapy" }, el("legend", { text: "Therapy" }),
      el("div", { class: "course-simulator-row" }, el("label", { for: select.id, text: "therapy" }), select),
      el("p", { class: "course-simulator-hint", text: "illustrative strengths from data/therapies.csv" }));
  }

  // presets and Reset
  const presetNote = el("p", { class: "course-simulator-preset-note", hidden: true });
  const actions = el("div", { class: "course-simulator-actions", role: "group", "aria-label": "Presets and reset" });
  for (const preset of presets) {
    const button = el("button", { type: "button", class: "course-simulator-preset", "data-preset": preset.id,
      text: preset.label });
    button.addEventListener("click", () => {
      state = presetState(preset, model);
      presetNote.textContent = `${preset.label}: ${preset.description}`;
      presetNote.hidden = false;
      sync();
      schedule(true);
    });
    actions.append(button);
  }
  const reset = el("button", { type: "button", class: "course-simulator-reset", text: "Reset" });
  reset.addEventListener("click", () => {
    state = structuredClone(start);
    presetNote.hidden = true;
    sync();
    schedule(true);
  });
  actions.append(reset);
  form.append(el("fieldset", { class: "course-simulator-group course-simulator-presets" },
    el("legend", { text: "Presets" }), actions, presetNote));

  // results: read-outs, live sentence, figure
  const readBone = el("dd");
  const readPeak = el("dd");
  const boneTerm = el("dt");
  const readouts = el("dl", { class: "course-simulator-readouts" }, boneTerm, readBone,
    el("dt", { text: "Peak RANKL/OPG" }), readPeak);
  // the key result in one sentence for screen readers (the read-outs above show it on screen)
  const status = el("p", { class: "course-simulator-status", role: "status", "aria-live": "polite" });
  const compare = el("p", { class: "course-simulator-compare", hidden: true });
  const notes = el("p", { class: "course-simulator-notes", hidden: true });
  const graph = el("div", { class: "course-simulator-graph" });
  graph.style.minHeight = `${(spec.layout && spec.layout.height) || 600}px`; // no jump when plotly draws
  const error = el("div", { class: "course-simulator-error", role: "alert", hidden: true });
  const alt = (spec.layout && spec.layout.meta && spec.layout.meta.alt) || "";
  const figure = el("figure", { class: "course-simulator-figure" }, graph, error,
    el("figcaption", { text: alt }));
  root.append(form, el("div", { class: "course-simulator-results" }, readouts, status, compare, notes), figure);

  function sync() {
    const days = state.values["days/days"];
    for (const [key, input] of inputs) {
      if (key === "therapy") { input.value = state.therapy || ""; continue; }
      const control = controls.get(key);
      const value = state.values[key];
      input.value = String(positionOf(control, value));
      const text = formatValue(control, value, days);
      input.setAttribute("aria-valuetext", text);
      outputs.get(key).textContent = text;
    }
  }

  function change(key, position, commit) {
    state.values[key] = valueAt(controls.get(key), position);
    if (key.startsWith("dosing_window/")) state.values = orderWindow(state.values, model, key);
    sync();
    schedule(commit);
  }

  // one solve and redraw per animation frame, however fast the input events come
  let frame = 0;
  let lastDrawn = -Infinity;
  let pending = { commit: false, announce: false };
  function schedule(commit, announce = false) {
    pending.commit = pending.commit || commit;
    pending.announce = pending.announce || announce;
    // A committed change (a key press, the release of a drag, a preset) is drawn at once, not a frame
    // later, unless the last redraw has just ended (a held-down key): then it waits for the next frame too.
    if (commit && performance.now() - lastDrawn > 100) {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      render();
    } else if (!frame) {
      frame = requestAnimationFrame(render);
    }
  }

  let renders = 0;
  let lastResult = null;
  function render() {
    frame = 0;
    const { commit, announce } = pending;
    pending = { commit: false, announce: false };
    if (urlState && !announce) writeHash(commit);
    const { request, notes: requestNotes } = requestFrom(state, model);
    const t0 = performance.now();
    let result;
    try {
      result = simulate(request, model);
    } catch (err) {
      return showError(err, commit);
    }
    const solveMs = performance.now() - t0;
    lastResult = result;
    error.hidden = true;
    figure.classList.remove("is-error");
    const days = request.days;
    const n = result.t.length - 1;
    const bone = result.bone_volume[n];
    let peak = 0;
    const ratio = result.RANKL_OPG_rel; // the first day of the peak, not a rounding wobble on a flat line
    for (let i = 1; i <= n; i++) if (ratio[i] > ratio[peak] * (1 + 1e-9)) peak = i;
    boneTerm.textContent = `Bone volume after ${formatNumber(days)} days`;
    readBone.textContent = `${bone.toFixed(1)} % of start`;
    readPeak.textContent = `${result.RANKL_OPG_rel[peak].toFixed(2)}× healthy (day ${formatNumber(result.t[peak])})`;
    if (bone < 50) requestNotes.push(FAR_OUT_NOTE);
    notes.textContent = requestNotes.join(" ");
    notes.hidden = requestNotes.length === 0;
    const sentence = `Bone volume after ${formatNumber(days)} days: ${bone.toFixed(1)} % of start; peak RANKL/OPG `
      + `${result.RANKL_OPG_rel[peak].toFixed(2)}× healthy.`;
    if (commit || announce) {
      status.textContent = sentence;
      if (guess && guess.value.trim()) {
        compare.textContent = `Your prediction: “${guess.value.trim()}” The simulation: ${sentence}`;
        compare.hidden = false;
      }
    }
    const t1 = performance.now();
    const drawn = react(graph, figureData(spec, result), layout(), config());
    Promise.resolve(drawn).then(() => {
      lastDrawn = performance.now();
      renders += 1;
      root.dataset.renders = String(renders);
      root.dispatchEvent(new CustomEvent("course-simulator-rendered", {
        detail: { solveMs, drawMs: performance.now() - t1, renders } }));
    }, (err) => showError(err, commit));
  }

  function showError(err, commit) {
    const message = err && err.message ? err.message : String(err);
    error.textContent = `The simulation could not run with these settings: ${message}. `
      + "Move a control back, choose a preset or press Reset.";
    error.hidden = false;
    figure.classList.add("is-error");
    readBone.textContent = "—";
    readPeak.textContent = "—";
    status.textContent = "The simulation could not run with these settings.";
    renders += 1;
    root.dataset.renders = String(renders);
    root.dispatchEvent(new CustomEvent("course-simulator-rendered", { detail: { error: message, renders } }));
  }

  // The graph's width, measured when the simulator starts and when its box changes size (ResizeObserver),
  // not at each redraw: reading it there would make the browser lay out the page again before plotly draws.
  let width = 0;
  let boxWidth = 0;
  const measure = () => { boxWidth = graph.clientWidth || root.clientWidth || 600; };
  function layout() {
    if (!boxWidth) measure();
    width = boxWidth;
    return Object.assign({}, spec.layout, { width, autosize: false, uirevision: "simulator" });
  }
  const config = () => Object.assign({ displaylogo: false }, spec.config || {},
    { responsive: false, displayModeBar: false });
  if ("ResizeObserver" in window) {
    new ResizeObserver(() => {
      measure();
      if (lastResult && Math.abs(boxWidth - width) >= 1) schedule(false);
    }).observe(root);
  }

  // The URL: each change set (a drag, a key press, a preset) is one history entry, pushed when the set
  // starts and replaced while it goes on, so Back undoes the whole set.
  let hashShown = urlState ? location.hash : "";
  let entryOpen = false;
  function writeHash(commit) {
    const hash = toHash(state, start, model);
    if (hash !== hashShown && (hash || isStateHash(location.hash))) {
      const url = location.pathname + location.search + hash;
      if (entryOpen) history.replaceState(null, "", url);
      else history.pushState(null, "", url);
      entryOpen = true;
      hashShown = hash;
    }
    if (commit) entryOpen = false;
  }
  if (urlState) {
    const restore = () => {
      if (location.hash === hashShown) return;
      if (location.hash && !isStateHash(location.hash)) return; // a link to a section: not ours
      hashShown = location.hash;
      entryOpen = false;
      state = fromHash(location.hash, start, model);
      state.values = orderWindow(state.values, model);
      presetNote.hidden = true;
      sync();
      schedule(false, true);
    };
    window.addEventListener("popstate", restore);
    window.addEventListener("hashchange", restore);
  }

  sync();
  schedule(false, true); // the starting state (perhaps from the URL): said, not pushed to history
  return { get state() { return structuredClone(state); }, get result() { return lastResult; } };
}

/** The figure's traces filled from a result: each template trace names its column in `meta`. */
export function figureData(spec, result) {
  const days = result.t[result.t.length - 1];
  return spec.data.map((trace) => {
    const meta = trace.meta || {};
    if (meta.column) {
      let y = result[meta.column];
      if (meta.relative_to_start) { const y0 = y[0]; y = y.map((v) => v / y0); }
      return Object.assign({}, trace, { x: result.t, y });
    }
    if (meta.reference !== undefined) return Object.assign({}, trace, { x: [0, days], y: [meta.reference, meta.reference] });
    return trace;
  });
}
