// node-model.mjs: the exported model data for Node (the CLI and the tests), never loaded by a page.
//
// loadModel(name, source?) returns the parsed JSON of one model (e.g. "remodeling"), from, in order:
//   1. `source`: a model file (remodeling-model.json) or a folder holding the model files;
//   2. the environment variable COURSE_BROWSER_DATA (a file or folder, as for `source`);
//   3. the Python export, `python -m widgets.browser.export --print <name>`, run in this repository
//      with its interpreter (.venv/bin/python if present, else python3); it honours $COURSE_DATA_DIR.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const MODEL_FILES = { remodeling: "remodeling-model.json", calcification: "calcification-model.json" };

/** Error in how the data were asked for (missing file, wrong model, export failed). */
export class ModelDataError extends Error {}

function readModelFile(source, name) {
  const path = existsSync(source) && statSync(source).isDirectory() ? join(source, MODEL_FILES[name]) : source;
  if (!existsSync(path)) throw new ModelDataError(`model data not found: ${path}`);
  const data = JSON.parse(readFileSync(path, "utf8"));
  if (data.model !== name) {
    throw new ModelDataError(`${path} holds the ${JSON.stringify(data.model)} model, not ${JSON.stringify(name)}`);
  }
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
    throw new ModelDataError(`could not export the ${name} model with ${python}: ${detail}`);
  }
}

/** The parsed model data of `name` (see the top of this module for where it comes from). */
export function loadModel(name, source = null) {
  if (!Object.hasOwn(MODEL_FILES, name)) {
    throw new ModelDataError(`unknown model ${JSON.stringify(name)}; allowed: ${Object.keys(MODEL_FILES).join(", ")}`);
  }
  const from = source ?? process.env.COURSE_BROWSER_DATA;
  return from ? readModelFile(from, name) : exportModel(name);
}
