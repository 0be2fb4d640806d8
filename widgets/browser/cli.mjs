#!/usr/bin/env node
// cli.mjs: the browser engines from the command line (Node 20+), for tests, benchmarks and scripts.
//
//   echo '{"model": "remodeling", "days": 365, "cytokines": {"TNF-α": 3}}' | node widgets/browser/cli.mjs
//
// Standard input holds one JSON request, `{"model": "remodeling", ...the request of simulate()...}`;
// standard output gets the result as JSON (the object of arrays that simulate() returns). An invalid
// request prints `{"error": "<message naming the argument>"}` on standard error and exits with 1.
//
// A batch: a JSON array of requests gives a JSON array with, for each request in order, either
// `{"result": ...}` or `{"error": "..."}` (exit 0 unless the input itself is unreadable), so that a
// test can send hundreds of requests through one Node process.
//
// The model data (the JSON the build exports from data/) comes from, in this order:
//   1. `--data FILE`: that file (e.g. _build/html/_static/browser/remodeling-model.json), or a folder
//      holding the model files (remodeling-model.json);
//   2. the environment variable COURSE_BROWSER_DATA (a file or folder, as for --data);
//   3. otherwise the Python export itself, `python -m widgets.browser.export --print <model>`, run with
//      the project's interpreter (.venv/bin/python beside this repository, else python3), so that
//      the data are those of data/ now (or of $COURSE_DATA_DIR, which the export honours).
// Exit codes: 0 success, 1 invalid request, 2 unreadable input or missing model data.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { simulate } from "./remodeling.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "..", "..");
const MODEL_FILES = { remodeling: "remodeling-model.json" };
const ENGINES = {
  remodeling: (request, model) => simulate(request, model),
};

class UsageError extends Error {}

function readModelFile(source, name) {
  const path = existsSync(source) && statSync(source).isDirectory() ? join(source, MODEL_FILES[name]) : source;
  if (!existsSync(path)) throw new UsageError(`model data not found: ${path}`);
  const data = JSON.parse(readFileSync(path, "utf8"));
  if (data.model !== name) throw new UsageError(`${path} holds the ${JSON.stringify(data.model)} model, not ${name}`);
  return data;
}

function exportModel(name) {
  const venv = join(ROOT, ".venv", "bin", "python");
  const python = existsSync(venv) ? venv : "python3";
  try {
    const text = execFileSync(python, ["-m", "widgets.browser.export", "--print", name],
      { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(text);
  } catch (err) {
    const detail = err.stderr ? String(err.stderr).trim() : err.message;
    throw new UsageError(`could not export the ${name} model with ${python}: ${detail}`);
  }
}

function modelLoader(dataOption) {
  const cache = new Map();
  return (name) => {
    if (!cache.has(name)) {
      const source = dataOption ?? process.env.COURSE_BROWSER_DATA;
      cache.set(name, source ? readModelFile(source, name) : exportModel(name));
    }
    return cache.get(name);
  };
}

function run(item, loadModel) {
  if (item === null || typeof item !== "object" || Array.isArray(item)) {
    throw new Error(`request: expected a JSON object such as {"model": "remodeling", "days": 365}, got ${JSON.stringify(item)}`);
  }
  const { model: name, ...request } = item;
  if (!Object.hasOwn(ENGINES, name)) {
    throw new Error(`model: unknown model ${JSON.stringify(name)}; allowed: ${Object.keys(ENGINES).join(", ")}`);
  }
  return ENGINES[name](request, loadModel(name));
}

function main(argv) {
  let dataOption = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--data" && i + 1 < argv.length) dataOption = argv[++i];
    else throw new UsageError(`unknown argument ${argv[i]}; usage: node cli.mjs [--data FILE] < request.json`);
  }
  const text = readFileSync(0, "utf8");
  let input;
  try {
    input = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`standard input is not JSON: ${err.message}`);
  }
  const loadModel = modelLoader(dataOption);
  if (Array.isArray(input)) {
    const outcomes = input.map((item) => {
      try {
        return { result: run(item, loadModel) };
      } catch (err) {
        if (err instanceof UsageError) throw err;
        return { error: err.message };
      }
    });
    process.stdout.write(JSON.stringify(outcomes) + "\n");
    return 0;
  }
  try {
    process.stdout.write(JSON.stringify(run(input, loadModel)) + "\n");
    return 0;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    process.stderr.write(JSON.stringify({ error: err.message }) + "\n");
    return 1;
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`cli.mjs: ${err.message}\n`);
  process.exitCode = 2;
}
