// simulator-state.test.mjs: the browser simulator's control values and URL state (controls.mjs, url-state.mjs),
// on the model JSON the build exports (widgets/browser/node-model.mjs: $COURSE_BROWSER_DATA or the Python
// export). Run with `node --test tests/js/` (tests/test_js.py runs it from pytest).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  controlMap, defaults, formatValue, lastPosition, orderWindow, positionOf, presetState, requestFrom, snap, valueAt,
} from "../../widgets/browser/controls.mjs";
import { fromHash, isStateHash, PREFIX, toHash, urlKey } from "../../widgets/browser/url-state.mjs";
import { loadModel } from "../../widgets/browser/node-model.mjs";

const model = loadModel("remodeling");
const controls = controlMap(model);
const cytokine = (name) => controls.get(`cytokines/${name}`);

test("a log control moves through its stops: 0, 0.1 and 1 are reachable and arrow keys step stop by stop", () => {
  const c = cytokine("TNF-α");
  assert.equal(lastPosition(c), c.stops.length - 1);
  assert.equal(valueAt(c, 0), 0);
  assert.equal(valueAt(c, 1), 0.1);
  assert.equal(valueAt(c, positionOf(c, 1)), 1);
  assert.equal(valueAt(c, lastPosition(c)), c.max);
  assert.equal(valueAt(c, lastPosition(c) + 5), c.max, "positions past the end are clamped");
  for (let i = 0; i < c.stops.length; i++) assert.equal(positionOf(c, c.stops[i]), i);
  assert.equal(snap(c, 2.9), 3);
  assert.equal(snap(c, -4), 0);
});

test("a linear control moves from min to max by step, without binary noise", () => {
  const c = controls.get("dosing/TGF-beta");
  assert.equal(valueAt(c, lastPosition(c)), c.max);
  assert.equal(valueAt(c, 3), 0.00003);
  const opg = controls.get("dosing/OPG");
  assert.equal(positionOf(opg, 10000), 10000 / opg.step);
  assert.equal(snap(opg, 10100), 10000);
});

test("values are read out with their units", () => {
  assert.equal(formatValue(cytokine("IL-6"), 2.5), "2.5× healthy");
  assert.equal(formatValue(controls.get("dosing/RANKL"), 500), "500 pM/day");
  assert.equal(formatValue(controls.get("dosing_window/on"), 30), "day 30");
  assert.equal(formatValue(controls.get("dosing_window/off"), 3650, 365), "the last day");
  assert.equal(formatValue(controls.get("days/days"), 365), "365 days");
});

test("the defaults give the engine's healthy request: no dosing window, no therapy", () => {
  const { request, notes } = requestFrom(defaults(model), model);
  assert.equal(request.dosing_window, null);
  assert.equal(request.therapy, null);
  assert.deepEqual(Object.keys(request.cytokines).sort(), [...model.cytokines].sort());
  assert.ok(Object.values(request.cytokines).every((v) => v === 1));
  assert.ok(Object.values(request.dosing).every((v) => v === 0));
  assert.deepEqual(notes, []);
});

test("the dosing window is cut at the last day, and a window after it gives no dose", () => {
  const state = defaults(model);
  state.values["dosing/RANKL"] = 500;
  state.values["dosing_window/on"] = 30;
  state.values["dosing_window/off"] = 3650;
  assert.deepEqual(requestFrom(state, model).request.dosing_window, [30, state.values["days/days"]]);
  state.values["dosing_window/on"] = 0;
  assert.equal(requestFrom(state, model).request.dosing_window, null, "day 0 to the end is dosing throughout");
  state.values["dosing_window/on"] = 400;
  const late = requestFrom(state, model);
  assert.equal(late.request.dosing.RANKL, 0);
  assert.match(late.notes[0], /after the last simulated day/);
});

test("the window's start stays before its end, moving the other end", () => {
  const values = { ...defaults(model).values, "dosing_window/on": 200, "dosing_window/off": 100 };
  const moved = orderWindow(values, model, "dosing_window/on");
  assert.ok(moved["dosing_window/on"] === 200 && moved["dosing_window/off"] > 200);
  const back = orderWindow(values, model, "dosing_window/off");
  assert.ok(back["dosing_window/off"] === 100 && back["dosing_window/on"] < 100);
  const top = controls.get("dosing_window/on").max;
  const end = orderWindow({ ...values, "dosing_window/on": top, "dosing_window/off": top }, model);
  assert.ok(end["dosing_window/on"] < end["dosing_window/off"]);
});

test("every preset's request comes back unchanged from the controls (same values in both faces)", () => {
  assert.ok(model.presets.length >= 3);
  for (const preset of model.presets) {
    const { request } = requestFrom(presetState(preset, model), model);
    const expected = preset.request;
    assert.equal(request.days, expected.days, preset.id);
    assert.deepEqual(request.cytokines, expected.cytokines, preset.id);
    assert.deepEqual(request.dosing, expected.dosing, preset.id);
    assert.deepEqual(request.dosing_window, expected.dosing_window, preset.id);
    assert.equal(request.therapy, expected.therapy, preset.id);
  }
});

test("the URL hash holds only what differs from the start and reads back the same state", () => {
  const start = defaults(model);
  assert.equal(toHash(start, start, model), "");
  const state = structuredClone(start);
  state.values["cytokines/TNF-α"] = 3;
  state.values["dosing/OPG"] = 10000;
  state.values["days/days"] = 730;
  state.therapy = model.therapies[0].id;
  const hash = toHash(state, start, model);
  assert.ok(isStateHash(hash) && hash.startsWith(PREFIX));
  assert.match(hash, /(^|[:&])tnf=3(&|$)/);
  assert.deepEqual(fromHash(hash, start, model), state);
  assert.deepEqual(fromHash("#section-title", start, model), start, "a link to a section is not a state");
});

test("a hand-edited hash is read onto the grid and its unknown parts are ignored", () => {
  const start = defaults(model);
  const state = fromHash(`${PREFIX}tnf=2.9&nonsense=4&il6=abc&therapy=made-up&days=%ZZ&il1=`, start, model);
  assert.equal(state.values["cytokines/TNF-α"], 3);
  assert.equal(state.values["cytokines/IL-6"], 1);
  assert.equal(state.values["cytokines/IL-1"], 1);
  assert.equal(state.therapy, null);
  assert.equal(state.values["days/days"], start.values["days/days"]);
});

test("every control has its own URL key", () => {
  const keys = model.controls.map(urlKey);
  assert.equal(new Set(keys).size, keys.length);
  assert.equal(urlKey(cytokine("TNF-α")), "tnf");
  assert.equal(urlKey(controls.get("days/days")), "days");
});

test("a model without controls is refused with a message naming what is missing", () => {
  assert.throws(() => controlMap({}), /model\.controls/);
  assert.throws(() => controlMap({ controls: [{ group: "days", name: "days" }] }), /dosing_window\/on/);
});
