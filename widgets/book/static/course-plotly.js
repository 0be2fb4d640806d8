/* Draws every course figure on the page with the site's own plotly.js (loaded once, deferred).
   A figure is drawn when it nears the viewport, and all are drawn before printing. */
(function () {
  "use strict";
  function draw(figure) {
    if (figure.getAttribute("data-drawn")) return;
    figure.setAttribute("data-drawn", "1");
    var graph = figure.querySelector(".course-plotly-graph");
    var spec = JSON.parse(figure.querySelector("script.course-plotly-data").textContent);
    var config = Object.assign({ responsive: true, displaylogo: false }, spec.config || {});
    window.Plotly.newPlot(graph, spec.data, spec.layout, config).then(function () {
      graph.style.minHeight = "";
      figure.setAttribute("data-drawn", "done");
    });
  }
  function init() {
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.course-plotly"));
    if (!figures.length) return;
    window.addEventListener("beforeprint", function () { figures.forEach(draw); });
    if (!("IntersectionObserver" in window)) { figures.forEach(draw); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "600px 0px" });
    figures.forEach(function (figure) { observer.observe(figure); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
