// simulator.mjs: the page entry of the bone-remodeling simulator, re-solved in the reader's browser.
//
// A chapter cell's static HTML carries the mount (widgets/panels/remodeling.py browser_mount):
//   <div class="course-simulator" data-course-simulator="remodeling" data-cytokine="TNF-α" hidden>
//     <script type="application/json" class="course-simulator-figure-spec">{figure template}</script>
//   </div>
// This module (a <script type="module"> only on pages with a mount, widgets/book/simulators.py) shows each
// mount when it nears the viewport, loads the exported model JSON once (remodeling-model.json beside it)
// and plotly.js (the site's loader, window.coursePlotly), and builds the simulator (simulator-view.mjs).
// Without JavaScript, or if a module fails to load, the mount stays hidden and the page keeps its
// precomputed explorer and the live panel's notice; if the data cannot load, the mount says so.

import { el, mount } from "./simulator-view.mjs";
import { isStateHash } from "./url-state.mjs";

const MODEL_URL = new URL("remodeling-model.json", import.meta.url);
let modelPromise = null;

/** The exported model JSON, fetched once per page (and from the browser's cache on the next page). */
export function loadModel(url = MODEL_URL) {
  if (!modelPromise) {
    modelPromise = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`could not load the model data ${url.pathname} (HTTP ${response.status})`);
      return response.json();
    });
    modelPromise.catch(() => { modelPromise = null; });
  }
  return modelPromise;
}

/** plotly.js through the site's loader (course-plotly.js), else from the page's prefetch link. */
export function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (window.coursePlotly && typeof window.coursePlotly.load === "function") return window.coursePlotly.load();
  const link = document.querySelector("link[data-course-plotly]");
  if (!link) return Promise.reject(new Error("this page does not name plotly.js (link[data-course-plotly])"));
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = link.href;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => reject(new Error(`could not load ${script.src}`));
    document.head.appendChild(script);
  });
}

/** Start every simulator of the page: when it nears the viewport (or at once when the URL holds a state). */
export function start() {
  const roots = [...document.querySelectorAll('[data-course-simulator="remodeling"]')];
  roots.forEach((root, i) => {
    root.hidden = false;
    root.classList.add("is-loading");
    const wait = el("p", { class: "course-simulator-loading", text: "Loading the simulator…" });
    root.append(wait);
    const go = () => Promise.all([loadModel(), loadPlotly()]).then(([model, Plotly]) => {
      root.classList.remove("is-loading");
      mount(root, model, Plotly, { urlState: i === 0 });
      if (i === 0 && isStateHash(location.hash)) root.scrollIntoView({ block: "start" });
    }).catch((err) => {
      root.classList.remove("is-loading");
      wait.textContent = `The in-browser simulator could not start (${err && err.message ? err.message : err}). `
        + "The figures above show the same model, computed in advance.";
      wait.setAttribute("role", "alert");
      if (window.console) console.warn(err);
    });
    if (isStateHash(location.hash) || !("IntersectionObserver" in window)) { go(); return; }
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) { observer.disconnect(); go(); }
    }, { rootMargin: "800px 0px" });
    observer.observe(root);
  });
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
