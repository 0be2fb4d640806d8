// url-state.mjs: a simulator state written into, and read back from, the page's URL hash (pure functions).
//
// The hash is "#sim:" followed by the settings that differ from the page's starting state, as
// URL-encoded key=value pairs: "#sim:tnf=3&dosing.OPG=10000&days=730&therapy=anti-RANKL". So an
// instructor can send a link to a set-up, and any other hash (a link to a section) is left alone.
// Keys: a cytokine by its name in lower case without punctuation ("il6", "tnf" for TNF-α), any other
// control as "group.name" ("dosing.RANKL", "dosing_window.on"), the days as "days", and "therapy".
// Values are read back onto the controls' grid (a choice control's value must be one of its options);
// unknown keys and unreadable values are ignored. Any simulator's controls work here (the VSMC lab's
// too: "#sim:doses.tofacitinib_nM=1000&model.jak_route=JAK1&hours.168=1").
//
//   import { toHash, fromHash } from "./url-state.mjs";
//   location.hash = toHash(state, start, model);   const state = fromHash(location.hash, start, model);

import { controlsOf, keyOf, snap } from "./controls.mjs";

export const PREFIX = "#sim:";

/** The URL key of a control. */
export function urlKey(control) {
  if (control.group === "cytokines") {
    return control.name.toLowerCase().replace(/-?α$/, "").replace(/[^a-z0-9]/g, "");
  }
  return control.group === control.name ? control.name : `${control.group}.${control.name}`;
}

function keys(model) {
  const out = new Map();
  for (const c of controlsOf(model).values()) {
    const key = urlKey(c);
    if (out.has(key)) throw new Error(`model.controls: ${keyOf(c)} and ${keyOf(out.get(key))} share the URL key ${key}`);
    out.set(key, c);
  }
  return out;
}

/** Whether `hash` holds a simulator state (and not, say, a link to a section). */
export const isStateHash = (hash) => typeof hash === "string" && hash.startsWith(PREFIX);

/** The hash of `state`: only what differs from `start` ("" when nothing does). */
export function toHash(state, start, model) {
  const parts = [];
  for (const [key, control] of keys(model)) {
    const k = keyOf(control);
    if (state.values[k] !== start.values[k]) {
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(state.values[k]))}`);
    }
  }
  if ((state.therapy || null) !== (start.therapy || null)) {
    parts.push(`therapy=${encodeURIComponent(state.therapy || "none")}`);
  }
  return parts.length ? PREFIX + parts.join("&") : "";
}

/**
 * The state a hash describes: `start` with the hash's settings applied. A hash that is not a
 * simulator state gives `start` unchanged. Therapy ids not in `model.therapies` are ignored.
 */
export function fromHash(hash, start, model) {
  const state = { values: { ...start.values }, therapy: start.therapy || null };
  if (!isStateHash(hash)) return state;
  const byKey = keys(model);
  const therapies = new Set((model.therapies || []).map((t) => t.id));
  for (const pair of hash.slice(PREFIX.length).split("&")) {
    const eq = pair.indexOf("=");
    if (eq < 1) continue;
    let key, raw;
    try {
      key = decodeURIComponent(pair.slice(0, eq));
      raw = decodeURIComponent(pair.slice(eq + 1));
    } catch {
      continue; // a malformed escape: leave that setting at its start
    }
    if (key === "therapy") {
      if (raw === "none") state.therapy = null;
      else if (therapies.has(raw)) state.therapy = raw;
      continue;
    }
    const control = byKey.get(key);
    if (control && control.scale === "choice") {
      if (control.options.includes(raw)) state.values[keyOf(control)] = raw;
      continue;
    }
    const value = raw.trim() === "" ? NaN : Number(raw);
    if (control && Number.isFinite(value)) state.values[keyOf(control)] = snap(control, value);
  }
  return state;
}
