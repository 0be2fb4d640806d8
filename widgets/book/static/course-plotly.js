/* Draws every course figure on the page with the site's own plotly.js (a bundle of the trace types the
   figures use, widgets/book/plotly_bundle.mjs; 1.2 MB). It is not a <script> of the page: it is fetched
   (usually from the cache: the page prefetches it, <link rel="prefetch" data-course-plotly>) and run
   only when the first figure nears the viewport, so a page's first paint and first input never wait for
   it. A figure is drawn when it nears the viewport; before printing, every figure is drawn (when
   plotly.js is already running) and narrowed to the printed column. */
(function () {
  "use strict";
  var loading = null;
  var printing = false;
  var scriptSrc = document.currentScript ? document.currentScript.src : "";

  function plotlySrc() {
    var link = document.querySelector("link[data-course-plotly]");
    if (link) return link.href;
    return scriptSrc.replace(/course-plotly\.js(\?.*)?$/, "vendor/plotly.min.js");
  }

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = plotlySrc();
        script.async = true;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () { loading = null; reject(new Error("could not load " + script.src)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  /* Names for plotly's tool buttons (their tooltip text), read by screen readers. */
  function labelModebar(graph) {
    var buttons = graph.querySelectorAll(".modebar-btn");
    for (var i = 0; i < buttons.length; i++) {
      var title = buttons[i].getAttribute("data-title");
      if (title && !buttons[i].getAttribute("aria-label")) buttons[i].setAttribute("aria-label", title);
    }
  }

  function draw(figure) {
    if (figure.getAttribute("data-drawn")) return Promise.resolve();
    figure.setAttribute("data-drawn", "1");
    var graph = figure.querySelector(".course-plotly-graph");
    var spec = JSON.parse(figure.querySelector("script.course-plotly-data").textContent);
    var config = Object.assign({ responsive: true, displaylogo: false }, spec.config || {});
    return loadPlotly().then(function (Plotly) {
      return Plotly.newPlot(graph, spec.data, spec.layout, config);
    }).then(function () {
      graph.style.minHeight = "";
      labelModebar(graph);
      figure.setAttribute("data-drawn", "done");
      if (printing) fitForPrint(figure);
    }, function (error) {
      figure.setAttribute("data-drawn", "error");
      graph.textContent = "The interactive figure could not be loaded; its description follows.";
      if (window.console) console.error(error);
    });
  }

  /* Printing: a figure wider than a printed page's text column (A4 or Letter) is narrowed for the
     print and restored after it (plotly draws at a fixed pixel width and would be cut off). */
  var PRINT_WIDTH = 680;
  function fitForPrint(figure) {
    var graph = figure.querySelector(".course-plotly-graph");
    if (!window.Plotly || figure.getAttribute("data-drawn") !== "done" || !graph._fullLayout) return;
    if (graph._fullLayout.width <= PRINT_WIDTH) return;
    var own = graph.layout && graph.layout.width;
    graph.setAttribute("data-screen-width", own ? String(own) : "auto");
    window.Plotly.relayout(graph, { width: PRINT_WIDTH });
  }
  function restoreAfterPrint(figure) {
    var graph = figure.querySelector(".course-plotly-graph");
    var own = graph.getAttribute("data-screen-width");
    if (!own || !window.Plotly) return;
    graph.removeAttribute("data-screen-width");
    window.Plotly.relayout(graph, own === "auto" ? { width: null, autosize: true } : { width: Number(own) });
  }

  function init() {
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.course-plotly"));
    if (!figures.length) return;
    window.addEventListener("beforeprint", function () {
      printing = true;
      figures.forEach(function (figure) { draw(figure); fitForPrint(figure); });
    });
    window.addEventListener("afterprint", function () {
      printing = false;
      figures.forEach(restoreAfterPrint);
    });
    if (!("IntersectionObserver" in window)) { figures.forEach(draw); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "600px 0px" });
    figures.forEach(function (figure) { observer.observe(figure); });
  }

  /* The one loader of plotly.js on the page; the browser simulators (widgets/browser/simulator.mjs) call it. */
  window.coursePlotly = { load: loadPlotly };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
