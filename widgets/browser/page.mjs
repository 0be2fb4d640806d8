// page.mjs: what every browser simulator's page entry needs (simulator.mjs, vsmc-lab.mjs): the exported
// model JSON fetched once, plotly.js through the site's loader, a mount started when it nears the viewport
// (or at once when the URL holds a simulator state), and the message a mount shows if it cannot start.

import { isStateHash } from "./url-state.mjs";

const models = new Map();

/** A model JSON beside the modules (e.g. "remodeling-model.json"), fetched once per page. */
export function loadJson(url) {
  const key = String(url);
  if (!models.has(key)) {
    const promise = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`could not load the model data ${new URL(url).pathname} (HTTP ${response.status})`);
      return response.json();
    });
    promise.catch(() => models.delete(key));
    models.set(key, promise);
  }
  return models.get(key);
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

/** Element helper: el("p", {class: "x", text: "hello"}, child, …). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/**
 * Show `root` with a loading line and run `go()` (which returns a promise) when the mount nears the viewport,
 * or at once when the URL holds a state or `eager`. If `go` fails, the mount says so in a sentence that
 * points at the precomputed figures (`fallback`), so it is never a blank box.
 */
export function startMount(root, go, { eager = false, what = "simulator", fallback = "" } = {}) {
  root.hidden = false;
  root.classList.add("is-loading");
  const wait = el("p", { class: "course-simulator-loading", text: `Loading the ${what}…` });
  root.append(wait);
  const run = () => go().then(() => root.classList.remove("is-loading")).catch((err) => {
    root.classList.remove("is-loading");
    wait.textContent = `The in-browser ${what} could not start (${err && err.message ? err.message : err}). ${fallback}`;
    wait.setAttribute("role", "alert");
    if (window.console) console.warn(err);
  });
  if (eager || isStateHash(location.hash) || !("IntersectionObserver" in window)) { run(); return; }
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) { observer.disconnect(); run(); }
  }, { rootMargin: "800px 0px" });
  observer.observe(root);
}

/** Empty the mount for the live view and, below it, replace the notebook panel's notice by the page's own. */
export function goLive(root) {
  root.textContent = "";
  root.classList.add("is-live");
  const notice = root.nextElementSibling;
  if (notice && notice.matches(".course-live-panel-notice") && root.dataset.notice) {
    const p = notice.querySelector("p") || notice;
    const title = p.querySelector("strong");
    p.textContent = "";
    if (title) p.append(title, " ");
    p.append(root.dataset.notice);
  }
}

/**
 * Plotly.react for a figure that is redrawn again and again at one size. plotly.js works out the automatic
 * margins (the legend below the plot, the axis titles) afresh at each Plotly.react and then draws the whole
 * figure a second time to fit them. The margins it found are kept for the next draws (autoexpand off) while
 * the figure's width and its legend's entries stay the same; when either changes, plotly finds them again.
 * Returns `react(graph, data, layout, config)`, a promise like Plotly.react's.
 */
export function steadyMargins(Plotly) {
  let kept = null;
  return (graph, data, layout, config) => {
    const key = JSON.stringify([layout.width, layout.height,
      data.filter((t) => t.visible !== false && t.showlegend !== false).map((t) => t.name)]);
    const fixed = kept && kept.key === key;
    const drawn = Plotly.react(graph, data, fixed ? Object.assign({}, layout, { margin: kept.margin }) : layout, config);
    return Promise.resolve(drawn).then((gd) => {
      const size = graph._fullLayout && graph._fullLayout._size; // the margins plotly.js settled on
      if (!fixed && size) {
        kept = { key, margin: { l: size.l, r: size.r, t: size.t, b: size.b, pad: size.p, autoexpand: false } };
      }
      return gd;
    });
  };
}
