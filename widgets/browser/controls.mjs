// controls.mjs: the bone-remodeling simulator's control values, without any page (pure functions).
//
// The controls come from the exported model JSON (`model.controls`, rows of data/remodeling_controls.csv):
// `{group, name, label, unit, min, max, step, default, scale, stops}`. A "log" control moves through its
// `stops` (0, 0.1 … 1 … 10 for a cytokine), a "linear" one from min to max by step. A control's *position*
// is the integer a range input holds (a stop's index, or the number of steps above min), so arrow keys
// step through exactly the values the data allow.
//
// A "choice" control (the VSMC lab's JAK route, data/vsmc_lab_controls.csv) holds one of its `options`
// (text); its position is the option's index. A "toggle" is a linear control from 0 to 1.
//
// A simulator state is `{values: {"group/name": number}, therapy: id | null}`; `requestFrom` turns it
// into the engine's request (widgets/browser/remodeling.mjs `simulate`). The functions on single controls
// and `controlsOf`, `defaultValues` serve every simulator (the VSMC lab's vsmc-lab-state.mjs too).
//
//   import { defaults, requestFrom } from "./controls.mjs";
//   const state = defaults(model);  state.values["cytokines/TNF-α"] = 3;
//   simulate(requestFrom(state, model).request, model);

/** The key of a control in a state's `values`: "cytokines/TNF-α", "dosing/OPG", "days/days". */
export const keyOf = (control) => `${control.group}/${control.name}`;

/** The controls of any simulator's `model` by key, in file order. */
export function controlsOf(model) {
  if (!model || !Array.isArray(model.controls) || model.controls.length === 0) {
    throw new Error("model.controls: expected the list of control definitions of the exported model JSON");
  }
  const map = new Map();
  for (const c of model.controls) map.set(keyOf(c), c);
  return map;
}

/** The bone-remodeling simulator's controls by key (throws an Error naming what is missing). */
export function controlMap(model) {
  const map = controlsOf(model);
  for (const key of ["days/days", "dosing_window/on", "dosing_window/off"]) {
    if (!map.has(key)) throw new Error(`model.controls: no control ${key}; the export must define it`);
  }
  return map;
}

const isLog = (control) => control.scale === "log" && Array.isArray(control.stops) && control.stops.length > 1;
const isChoice = (control) => control.scale === "choice" && Array.isArray(control.options);

/** A number without binary noise (0.30000000000000004 -> 0.3). */
const clean = (x) => Number(x.toPrecision(12));

/** The largest position of `control` (positions run from 0). */
export function lastPosition(control) {
  if (isChoice(control)) return control.options.length - 1;
  if (isLog(control)) return control.stops.length - 1;
  return Math.round((control.max - control.min) / control.step);
}

/** The value at integer `position` of `control` (clamped to its range). */
export function valueAt(control, position) {
  const p = Math.min(Math.max(Math.round(Number(position) || 0), 0), lastPosition(control));
  if (isChoice(control)) return control.options[p];
  return isLog(control) ? control.stops[p] : clean(control.min + p * control.step);
}

/** The position of the allowed value nearest to `value` (values outside the range go to its ends). */
export function positionOf(control, value) {
  if (isChoice(control)) {
    const i = control.options.indexOf(value);
    return i >= 0 ? i : Math.max(control.options.indexOf(control.default), 0);
  }
  const v = Number(value);
  if (!Number.isFinite(v)) return positionOf(control, control.default);
  if (!isLog(control)) {
    const p = Math.round((v - control.min) / control.step);
    return Math.min(Math.max(p, 0), lastPosition(control));
  }
  let best = 0;
  for (let i = 1; i < control.stops.length; i++) {
    if (Math.abs(control.stops[i] - v) < Math.abs(control.stops[best] - v)) best = i;
  }
  return best;
}

/** `value` moved onto the grid of `control`. */
export const snap = (control, value) => valueAt(control, positionOf(control, value));

/** A number as the page shows it: at most four significant digits (JS writes no exponent above 1e-7). */
export const formatNumber = (x) => String(Number(Number(x).toPrecision(4)));

/** A control's value with its unit, as read out to the reader: "3× healthy", "500 pM/day", "day 30". */
export function formatValue(control, value, days = Infinity) {
  if (isChoice(control)) return (control.option_labels || control.options)[positionOf(control, value)];
  if (control.scale === "toggle") return value ? "on" : "off";
  const v = formatNumber(value);
  const unit = control.unit || "";
  if (control.group === "dosing_window" && control.name === "off" && value >= days) return "the last day";
  if (unit === "day") return `day ${v}`;
  if (unit.startsWith("×")) return `${v}${unit}`;
  return unit ? `${v} ${unit}` : v;
}

/** Every control's default value by key (any simulator). */
export function defaultValues(model) {
  const values = {};
  for (const c of controlsOf(model).values()) values[keyOf(c)] = c.default;
  return values;
}

/** The state at every control's default, no therapy. */
export function defaults(model) {
  controlMap(model);
  return { values: defaultValues(model), therapy: null };
}

/** Keep the dosing window's start before its end, moving the end the reader did not just move. */
export function orderWindow(values, model, moved = "dosing_window/on") {
  const map = controlMap(model);
  const on = map.get("dosing_window/on");
  const off = map.get("dosing_window/off");
  const out = { ...values };
  if (out["dosing_window/on"] < out["dosing_window/off"]) return out;
  if (moved === "dosing_window/off") {
    out["dosing_window/on"] = snap(on, Math.max(on.min, out["dosing_window/off"] - on.step));
    if (out["dosing_window/on"] >= out["dosing_window/off"]) out["dosing_window/off"] = snap(off, out["dosing_window/on"] + off.step);
  } else {
    out["dosing_window/off"] = snap(off, Math.min(off.max, out["dosing_window/on"] + off.step));
    if (out["dosing_window/off"] <= out["dosing_window/on"]) out["dosing_window/on"] = snap(on, out["dosing_window/off"] - on.step);
  }
  return out;
}

/**
 * The engine request of a state, and notes on how it was read: `{request, notes}`.
 * The dosing window runs from "on" to "off" cut at the last day; starting on day 0 and ending on
 * or after the last day means dosing throughout (`dosing_window: null`). A window that starts after
 * the last day gives no dose at all (said in `notes`).
 */
export function requestFrom(state, model) {
  const map = controlMap(model);
  const values = state.values;
  const days = values["days/days"];
  const cytokines = {};
  const dosing = {};
  for (const c of map.values()) {
    if (c.group === "cytokines") cytokines[c.name] = values[keyOf(c)];
    if (c.group === "dosing") dosing[c.name] = values[keyOf(c)];
  }
  const notes = [];
  const on = values["dosing_window/on"];
  const off = Math.min(values["dosing_window/off"], days);
  let window = null;
  const dosed = Object.values(dosing).some((v) => v > 0);
  if (dosed && on >= days) {
    for (const term of Object.keys(dosing)) dosing[term] = 0;
    notes.push(`Dosing would start on day ${formatNumber(on)}, after the last simulated day, so no dose is given.`);
  } else if (dosed && (on > 0 || off < days)) {
    window = [on, off];
  }
  return { request: { days, cytokines, dosing, dosing_window: window, therapy: state.therapy || null }, notes };
}

/** The state a preset sets: its request on the controls' grid (missing parts at their defaults). */
export function presetState(preset, model) {
  const map = controlMap(model);
  const state = defaults(model);
  const r = preset.request || {};
  const set = (key, value) => {
    if (map.has(key) && value !== undefined && value !== null) state.values[key] = snap(map.get(key), value);
  };
  set("days/days", r.days);
  for (const [name, level] of Object.entries(r.cytokines || {})) set(`cytokines/${canonicalName(name, map)}`, level);
  for (const [term, rate] of Object.entries(r.dosing || {})) set(`dosing/${term}`, rate);
  if (Array.isArray(r.dosing_window)) {
    set("dosing_window/on", r.dosing_window[0]);
    set("dosing_window/off", r.dosing_window[1]);
  }
  state.therapy = r.therapy || null;
  return state;
}

/** "TNF-alpha" -> "TNF-α" when the controls spell it so (the engine accepts both). */
function canonicalName(name, map) {
  if (map.has(`cytokines/${name}`)) return name;
  const alias = String(name).replace(/-?alpha$/i, "-α");
  return map.has(`cytokines/${alias}`) ? alias : name;
}
