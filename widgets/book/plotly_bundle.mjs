/* The course site's plotly.js: plotly.js's core (which holds the scatter trace) and only the trace modules
   the course's figures draw, bundled with esbuild from the plotly.js package pinned in package-lock.json.

   node widgets/book/plotly_bundle.mjs OUTDIR [--root DIR] [--expect-version X.Y.Z]

   --root is the folder holding package.json and node_modules/ (default: the current folder);
   --expect-version stops with an error unless the installed plotly.js is that version (the Sphinx build
   passes the plotly.js version the Python plotly writes figures for). Writes OUTDIR/plotly.min.js and
   OUTDIR/plotly-bundle.json, the manifest of what was bundled: the plotly.js version, the trace types
   (read from the bundled plotly.js/lib modules), the bundled modules and the size in bytes.
   The Sphinx build (widgets/book/assets.py) runs this and checks every figure against the manifest. */
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import process from "node:process";

/** plotly.js/lib modules registered besides the core; a figure with another trace type stops the build. */
export const TRACE_MODULES = ["bar", "heatmap"];
/** Trace types plotly.js's core registers itself. */
const CORE_TRACES = ["scatter"];

function parseArgs(argv) {
  const args = { out: null, root: process.cwd(), expectVersion: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--root") args.root = argv[++i];
    else if (a === "--expect-version") args.expectVersion = argv[++i];
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}; allowed: --root DIR, --expect-version X.Y.Z`);
    else if (args.out === null) args.out = a;
    else throw new Error(`one output folder expected, got also ${a}`);
  }
  if (!args.out || !args.root) throw new Error("usage: node plotly_bundle.mjs OUTDIR [--root DIR] [--expect-version X.Y.Z]");
  return args;
}

/** An esbuild plugin: maplibre's stylesheet (required by plotly.js only when a map trace registers) is left out. */
const noMapStyles = {
  name: "no-map-styles",
  setup(build) {
    build.onResolve({ filter: /maplibre-gl\.css$/ }, () => ({ path: "maplibre-gl.css", namespace: "empty" }));
    build.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "", loader: "js" }));
  },
};

export async function bundle({ out, root, expectVersion = null }) {
  root = path.resolve(root);
  const require = createRequire(path.join(root, "package.json"));
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(require.resolve("plotly.js/package.json"), "utf8"));
  } catch {
    throw new Error(`plotly.js is not installed in ${root}/node_modules: run \`npm ci\` there (make book does)`);
  }
  if (expectVersion && pkg.version !== expectVersion) {
    throw new Error(`node_modules has plotly.js ${pkg.version}, but the Python plotly writes figures for plotly.js `
      + `${expectVersion}: pin "plotly.js": "${expectVersion}" in package.json and run \`npm install\``);
  }
  const esbuild = require("esbuild");
  const entry = ["var Plotly = require('plotly.js/lib/core');",
    `Plotly.register([${TRACE_MODULES.map((m) => `require('plotly.js/lib/${m}')`).join(", ")}]);`,
    "module.exports = Plotly;"].join("\n");
  const outfile = path.resolve(out, "plotly.min.js");
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, sourcefile: "course-plotly-entry.js" },
    bundle: true, minify: true, format: "iife", globalName: "Plotly", target: "es2016",
    // as plotly.js's own build (esbuild-config.js) sets them
    define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
    alias: { regl: "@plotly/regl" },
    plugins: [noMapStyles], legalComments: "eof", metafile: true, write: false, logLevel: "silent",
  });
  const lib = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = input.match(/(?:^|\/)node_modules\/plotly\.js\/lib\/([a-z0-9]+)\.js$/);
    if (m && m[1] !== "core") lib.add(m[1]);
  }
  const traces = [...new Set([...CORE_TRACES, ...lib])].sort();
  const banner = `/* plotly.js v${pkg.version} (MIT licence, Copyright Plotly, Inc.), the course's partial bundle: `
    + `trace types ${traces.join(", ")} */\n`;
  const code = banner + result.outputFiles[0].text;
  mkdirSync(path.dirname(outfile), { recursive: true });
  writeFileSync(outfile, code);
  const manifest = {
    "plotly.js": pkg.version, traces, modules: ["core", ...[...lib].sort()], file: "plotly.min.js",
    bytes: Buffer.byteLength(code), inputs: Object.keys(result.metafile.inputs).length,
  };
  writeFileSync(path.resolve(out, "plotly-bundle.json"), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname;
if (isMain) {
  try {
    const manifest = await bundle(parseArgs(process.argv.slice(2)));
    console.log(`plotly.js ${manifest["plotly.js"]} bundle: ${manifest.traces.join(", ")} (${manifest.bytes} bytes)`);
  } catch (error) {
    console.error(`plotly_bundle: ${error.message}`);
    process.exit(1);
  }
}
