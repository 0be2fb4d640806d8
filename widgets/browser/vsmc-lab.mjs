// vsmc-lab.mjs: the page entry of the VSMC virtual lab (chapter 9), run in the reader's browser.
//
// The chapter's live-panel cell carries the mount (widgets/panels/calcification.py browser_mount):
//   <div class="course-simulator course-vsmc-lab" data-course-simulator="vsmc-lab" hidden>
//     <script type="application/json" class="course-simulator-figure-spec">{the figures' templates}</script>
//   </div>
// This module (loaded only on pages with such a mount, widgets/book/simulators.py) shows the mount when it
// nears the viewport, loads calcification-model.json (beside it) and plotly.js, and builds the lab
// (vsmc-lab-view.mjs). Without JavaScript the mount stays hidden and the page keeps its precomputed
// figures and the live panel's notice; if something cannot load, the mount says so.

import { loadJson, loadPlotly, startMount } from "./page.mjs";
import { mountLab } from "./vsmc-lab-view.mjs";

const MODEL_URL = new URL("calcification-model.json", import.meta.url);

export function start() {
  const roots = [...document.querySelectorAll('[data-course-simulator="vsmc-lab"]')];
  roots.forEach((root, i) => {
    startMount(root, () => Promise.all([loadJson(MODEL_URL), loadPlotly()]).then(([model, Plotly]) => {
      mountLab(root, model, Plotly, { urlState: i === 0 });
    }), { what: "virtual lab", fallback: "The figures above show the same model, computed in advance." });
  });
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
