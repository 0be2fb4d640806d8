// Tests of widgets/browser/cli.mjs: one request, an invalid one, a batch, JSON Lines, bad input.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { loadModel } from "../../widgets/browser/node-model.mjs";
import { simulate } from "../../widgets/browser/remodeling.mjs";

const CLI = fileURLToPath(new URL("../../widgets/browser/cli.mjs", import.meta.url));
const model = loadModel("remodeling");
const folder = mkdtempSync(join(tmpdir(), "cli-test-"));
const dataFile = join(folder, "remodeling-model.json");
writeFileSync(dataFile, JSON.stringify(model));

function cli(input, args = ["--data", dataFile]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { input, encoding: "utf8" });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

test("one request: the result JSON is simulate()'s result", () => {
  const request = { days: 60, cytokines: { "TNF-alpha": 3 }, therapy: "anti-TNF" };
  const { code, out } = cli(JSON.stringify({ model: "remodeling", ...request }));
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(out), simulate(request, model));
});

test("the data folder works as well as the file, and COURSE_BROWSER_DATA as well as --data", () => {
  const input = JSON.stringify({ model: "remodeling", days: 5 });
  assert.equal(cli(input, ["--data", folder]).code, 0);
  const run = spawnSync(process.execPath, [CLI], { input, encoding: "utf8",
    env: { ...process.env, COURSE_BROWSER_DATA: folder } });
  assert.equal(run.status, 0);
  assert.deepEqual(JSON.parse(run.stdout), simulate({ days: 5 }, model));
});

test("an invalid request: a JSON error naming the argument on stderr, exit code 1", () => {
  const { code, out, err } = cli(JSON.stringify({ model: "remodeling", days: 40000 }));
  assert.equal(code, 1);
  assert.equal(out, "");
  assert.match(JSON.parse(err).error, /^days: 40000 is not allowed; allowed: /);
  assert.match(JSON.parse(cli(JSON.stringify({ model: "bones" })).err).error, /^model: unknown model/);
});

test("a JSON array is a batch: one result or error per request, in order", () => {
  const batch = [{ model: "remodeling", days: 3 }, { model: "remodeling", therapy: "x" }, 7];
  const { code, out } = cli(JSON.stringify(batch));
  assert.equal(code, 0);
  const outcomes = JSON.parse(out);
  assert.equal(outcomes.length, 3);
  assert.deepEqual(outcomes[0].result, simulate({ days: 3 }, model));
  assert.match(outcomes[1].error, /^therapy: /);
  assert.match(outcomes[2].error, /^request: /);
});

test("--lines: JSON Lines in, one outcome line per request out", () => {
  const lines = [{ model: "remodeling", days: 2 }, { model: "remodeling", dosing: { OPG: -1 } }];
  const { code, out } = cli(lines.map((l) => JSON.stringify(l)).join("\n") + "\n", ["--data", dataFile, "--lines"]);
  assert.equal(code, 0);
  const outcomes = out.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(outcomes.length, 2);
  assert.equal(outcomes[0].result.t.length, 3);
  assert.match(outcomes[1].error, /^dosing\['OPG'\]: /);
});

test("unreadable input or missing data: a message on stderr and exit code 2", () => {
  assert.equal(cli("not json").code, 2);
  const missing = cli(JSON.stringify({ model: "remodeling" }), ["--data", join(folder, "nothing.json")]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /model data not found/);
  assert.equal(cli("{}", ["--bogus"]).code, 2);
});
