// simulator.mjs: the page entry of the bone-remodeling simulator, re-solved in the reader's browser.
//
// A chapter cell's static HTML carries the mount (widgets/panels/remodeling.py browser_mount):
//   <div class="course-simulator" data-course-simulator="remodeling" data-cytokine="TNF-α" hidden>
//     <script type="application/json" class="course-simulator-figure-spec">{figure template}</script>
//   </div>
// This module (a <script type="module"> only on pages with a mount, widgets/book/simulators.py) shows each
// mount when it nears the viewport, loads the exported model JSON once (remodeling-model.json beside it)
// and plotly.js (the site's loader, window.coursePlotly; page.mjs), and builds the simulator (simulator-view.mjs).
// Without JavaScript, or if a module fails to load, the mount stays hidden and the page keeps its
// precomputed explorer and the live panel's notice; if the data cannot load, the mount says so.

import { mount } from "./simulator-view.mjs";
import { loadJson, loadPlotly, startMount } from "./page.mjs";
import { isStateHash } from "./url-state.mjs";

const MODEL_URL = new URL("remodeling-model.json", import.meta.url);

/** The exported model JSON, fetched once per page (and from the browser's cache on the next page). */
export const loadModel = (url = MODEL_URL) => loadJson(url);
export { loadPlotly };

/** Start every simulator of the page: when it nears the viewport (or at once when the URL holds a state). */
export function start() {
  const roots = [...document.querySelectorAll('[data-course-simulator="remodeling"]')];
  roots.forEach((root, i) => {
    startMount(root, () => Promise.all([loadModel(), loadPlotly()]).then(([model, Plotly]) => {
      mount(root, model, Plotly, { urlState: i === 0 });
      if (i === 0 && isStateHash(location.hash)) root.scrollIntoView({ block: "start" });
    }), { fallback: "The figures above show the same model, computed in advance." });
  });
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
