// modelData.mjs: the exported model JSON for the Node tests, made by the project's own Python export
// (`python -m widgets.browser.export DIR`, with .venv/bin/python when present), or read from
// $COURSE_BROWSER_DATA (a folder holding remodeling-model.json). Never a copy kept in the repository.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
let cached = null;

export function exportedModel() {
  if (cached) return cached;
  let folder = process.env.COURSE_BROWSER_DATA;
  if (!folder) {
    folder = mkdtempSync(join(tmpdir(), "course-model-"));
    const venv = join(ROOT, ".venv", "bin", "python");
    execFileSync(existsSync(venv) ? venv : "python3", ["-m", "widgets.browser.export", folder], { cwd: ROOT });
  }
  cached = JSON.parse(readFileSync(join(folder, "remodeling-model.json"), "utf8"));
  return cached;
}
