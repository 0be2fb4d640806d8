/* MathJax sets the page's formulas a few at a time, giving the page back between batches, so a page with
   many formulas does not freeze while they are set (the remodelling chapter's formulas were set in one long
   task; benchmarks/bench_main_thread.py measures it). Runs before MathJax itself (which is deferred) and only changes its startup: the formulas
   are the same, set in page order; MathJax.startup.promise still resolves once all of them are set. */
(function () {
  "use strict";
  var config = window.MathJax;
  if (!config || config.version) return; // no formulas on this page, or MathJax already running
  var BUDGET_MS = 30; // typesetting time per task before the page gets the main thread back
  var SELECTOR = ".math, .output_area";

  function later(fn) { setTimeout(fn, 0); }

  function typesetInBatches() {
    var MathJax = window.MathJax;
    var items = Array.prototype.slice.call(document.querySelectorAll(SELECTOR)).filter(function (el) {
      return !(el.parentElement && el.parentElement.closest(SELECTOR)); // an outer container sets its own math
    });
    var size = 4;
    return new Promise(function (resolve) {
      function next() {
        if (!items.length) { resolve(); return; }
        var batch = items.splice(0, size);
        var start = performance.now();
        MathJax.typesetPromise(batch).then(function () {
          var each = (performance.now() - start) / batch.length;
          size = Math.max(1, Math.min(50, Math.floor(BUDGET_MS / Math.max(each, 0.1))));
          later(next);
        }, function (error) {
          if (window.console) console.error("MathJax:", error);
          later(next);
        });
      }
      later(next);
    });
  }

  config.startup = Object.assign({}, config.startup, {
    typeset: false,
    pageReady: function () {
      return window.MathJax.startup.defaultPageReady().then(typesetInBatches);
    }
  });
})();
