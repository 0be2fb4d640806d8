#!/usr/bin/env node
// cli.mjs: the browser engines from the command line (Node 20+), for tests, benchmarks and scripts.
//
//   echo '{"model": "remodeling", "days": 365, "cytokines": {"TNF-α": 3}}' | node widgets/browser/cli.mjs
//
// Standard input holds one JSON request, `{"model": "remodeling", ...the request of simulate()...}`;
// standard output gets the result as JSON (the object of arrays that simulate() returns). An optional
// "call" picks another function of the engine: remodeling has "simulate" (the default) and
// "steadyState" (`{"model": "remodeling", "call": "steadyState", "cytokines": {...}, "dosing": {...}}`);
// calcification has "simulateCulture" (the default), "expectedLevels", "runExperiment", "blotBands"
// (runExperiment's arguments plus blot_time_h), "oneWayAnova" ({samples}) and "lsdPairwise"
// ({samples, mse?, df?}), e.g. `{"model": "calcification", "call": "runExperiment", "seed": 3}`.
// Numbers that JSON cannot hold are written as the strings "Infinity", "-Infinity" and "NaN". An invalid
// request prints `{"error": "<message naming the argument>"}` on standard error and exits with 1.
//
// Batches, for tests that send hundreds of requests through one Node process:
//   - a JSON array of requests gives a JSON array with, for each request in order, `{"result": ...}`
//     or `{"error": "..."}`;
//   - `--lines`: JSON Lines, one request per input line, one `{"result"}`/`{"error"}` line written (and
//     flushed) per request as soon as it is read, so a caller can stream requests and results (a line
//     that is not JSON gets an error line too).
//
// The model data (the JSON the build exports from data/) come from, in this order (node-model.mjs):
//   1. `--data FILE`: that file (e.g. _build/html/_static/browser/remodeling-model.json), or a folder
//      holding the model files;
//   2. the environment variable COURSE_BROWSER_DATA (a file or folder, as for --data);
//   3. otherwise the Python export itself, `python -m widgets.browser.export --print <model>`, run with
//      the project's interpreter (.venv/bin/python of this repository, else python3), so the data are
//      those of data/ now (or of $COURSE_DATA_DIR, which the export honours).
// Exit codes: 0 success (and every batch), 1 invalid request, 2 unreadable input or missing model data.

import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

import { MODEL_FILES, ModelDataError, loadModel } from "./node-model.mjs";
import { blotBands, expectedLevels, lsdPairwise, oneWayAnova, runExperiment, simulateCulture } from "./calcification.mjs";
import { simulate, steadyState } from "./remodeling.mjs";

function only(request, allowed) {
  const unknown = Object.keys(request).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new Error(`request: unknown key(s) ${unknown.join(", ")}; allowed: ${allowed.join(", ")}`);
  return request;
}

// model -> call -> function(request without "model" and "call", model data); the first call is the default
const ENGINES = {
  remodeling: {
    simulate: (request, model) => simulate(request, model),
    steadyState: (request, model) => {
      const { cytokines = null, dosing = null } = only(request, ["cytokines", "dosing"]);
      return steadyState(model, cytokines, dosing);
    },
  },
  calcification: {
    simulateCulture: (request, model) => simulateCulture(request, model),
    expectedLevels: (request, model) => expectedLevels(request, model),
    runExperiment: (request, model) => runExperiment(request, model),
    // runExperiment's result plus the blot at `blot_time_h`
    blotBands: (request, model) => {
      const { blot_time_h: time, ...experiment } = request;
      return blotBands(runExperiment(experiment, model), time, model);
    },
    oneWayAnova: (request, model) => oneWayAnova(only(request, ["samples"]).samples),
    lsdPairwise: (request, model) => {
      const { samples, mse = null, df = null } = only(request, ["samples", "mse", "df"]);
      return lsdPairwise(samples, mse, df);
    },
  },
};

// JSON has no infinity or NaN: they are written as the strings "Infinity", "-Infinity" and "NaN"
const json = (value) => JSON.stringify(value, (key, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));

function modelCache(source) {
  const cache = new Map();
  return (name) => {
    if (!cache.has(name)) cache.set(name, loadModel(name, source));
    return cache.get(name);
  };
}

function run(item, models) {
  if (item === null || typeof item !== "object" || Array.isArray(item)) {
    throw new Error(`request: expected a JSON object such as {"model": "remodeling", "days": 365}, got ${JSON.stringify(item)}`);
  }
  const { model: name, call, ...request } = item;
  if (!Object.hasOwn(ENGINES, name) || !Object.hasOwn(MODEL_FILES, name)) {
    throw new Error(`model: unknown model ${JSON.stringify(name)}; allowed: ${Object.keys(ENGINES).join(", ")}`);
  }
  const calls = ENGINES[name];
  const chosen = call ?? Object.keys(calls)[0];
  if (!Object.hasOwn(calls, chosen)) {
    throw new Error(`call: unknown call ${JSON.stringify(call)} of the ${name} model; allowed: ${Object.keys(calls).join(", ")}`);
  }
  return calls[chosen](request, models(name));
}

function outcome(item, models) {
  try {
    return { result: run(item, models) };
  } catch (err) {
    if (err instanceof ModelDataError) throw err;
    return { error: err.message };
  }
}

function parse(text, where) {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ModelDataError(`${where} is not JSON: ${err.message}`);
  }
}

async function main(argv) {
  let source = null;
  let lines = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--data" && i + 1 < argv.length) source = argv[++i];
    else if (argv[i] === "--lines") lines = true;
    else throw new ModelDataError(`unknown argument ${argv[i]}; usage: node cli.mjs [--data FILE] [--lines] < request.json`);
  }
  const models = modelCache(source);
  if (lines) {
    let number = 0;
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      number += 1;
      if (!line.trim()) continue;
      let item;
      try {
        item = JSON.parse(line);
      } catch (err) {
        process.stdout.write(JSON.stringify({ error: `input line ${number} is not JSON: ${err.message}` }) + "\n");
        continue;
      }
      process.stdout.write(json(outcome(item, models)) + "\n");
    }
    return 0;
  }
  const input = parse(readFileSync(0, "utf8"), "standard input");
  if (Array.isArray(input)) {
    process.stdout.write(json(input.map((item) => outcome(item, models))) + "\n");
    return 0;
  }
  const { result, error } = outcome(input, models);
  if (error !== undefined) {
    process.stderr.write(JSON.stringify({ error }) + "\n");
    return 1;
  }
  process.stdout.write(json(result) + "\n");
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
  process.stderr.write(`cli.mjs: ${err.message}\n`);
  process.exitCode = 2;
});
