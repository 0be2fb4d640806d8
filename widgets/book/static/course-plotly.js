/* Draws every course figure on the page with the site's own plotly.js (a bundle of the trace types the
   figures use, widgets/book/plotly_bundle.mjs; 1.2 MB). It is not a <script> of the page: it is fetched
   (usually from the cache: the page prefetches it, <link rel="prefetch" data-course-plotly>) and run
   only when the first figure nears the viewport, so a page's first paint and first input never wait for
   it. A figure is drawn when it nears the viewport, one figure per task and when the page is idle, so
   scrolling and clicks are not held up by a row of figures; before printing, every figure is drawn (when
   plotly.js is already running) and narrowed to the printed column.

   Around each drawn figure:
   - its height stays the one its layout fixes; only a change of the figure's width redraws it (plotly's
     own resize handler drops layout.height on any window resize, and the next operation drew the plot
     into an empty box);
   - no toolbar action leaves the site (plotly's "Share chart…" upload button is removed), and on narrow
     screens the toolbar is not shown (it covered the titles);
   - the toolbar's buttons are out of the tab order until the toolbar is shown (the pointer is over the
     figure);
   - its sliders, menus and legend get native, labelled keyboard controls (visible when they have the
     focus) that operate the figure the way plotly's own do, and a polite live region says the result;
   - a caption that names the figure's title follows the title when a control changes it. */
(function () {
  "use strict";
  var loading = null;
  var printing = false;
  var scriptSrc = document.currentScript ? document.currentScript.src : "";
  var NARROW = "(max-width: 600px)";
  // toolbar buttons that would send the figure to another host
  var OFFSITE_BUTTONS = ["sendDataToCloud", "sendChartToCloud", "editInChartStudio"];
  var counter = 0;

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

  /* One call of fn in a task of its own, when the page is idle (or after at most 300 ms). */
  function nextTask(fn) {
    if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 300 });
    else setTimeout(fn, 0);
  }

  var queue = [];
  var pumping = false;
  function enqueue(figure) {
    if (queue.indexOf(figure) < 0) queue.push(figure);
    pump();
  }
  function pump() {
    if (pumping || !queue.length) return;
    pumping = true;
    loadPlotly().then(function () {
      nextTask(function () {
        var figure = queue.shift();
        var done = function () { pumping = false; pump(); };
        draw(figure).then(done, done);
      });
    }, function (error) {
      pumping = false;
      queue.splice(0).forEach(function (figure) { failed(figure, error); });
    });
  }

  function failed(figure, error) {
    figure.setAttribute("data-drawn", "error");
    figure.querySelector(".course-plotly-graph").textContent =
      "The interactive figure could not be loaded; its description follows.";
    if (window.console) console.error(error);
  }

  function stripTags(text) {
    return String(text || "").replace(/<br\s*\/?>/gi, " ").replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();
  }

  function figureConfig(spec, figure) {
    var config = Object.assign({ displaylogo: false }, spec.config || {});
    config.responsive = false; // widths are followed here (watchWidth), heights stay as the layout fixes them
    config.showSendToCloud = false;
    config.showEditInChartStudio = false;
    config.showLink = false;
    config.plotlyServerURL = "";
    config.modeBarButtonsToRemove = (config.modeBarButtonsToRemove || []).concat(OFFSITE_BUTTONS);
    if (window.matchMedia && window.matchMedia(NARROW).matches) config.displayModeBar = false;
    else if (config.displayModeBar === undefined) config.displayModeBar = "hover";
    return config;
  }

  function draw(figure) {
    if (figure.getAttribute("data-drawn")) return Promise.resolve();
    figure.setAttribute("data-drawn", "1");
    var graph = figure.querySelector(".course-plotly-graph");
    var spec = JSON.parse(figure.querySelector("script.course-plotly-data").textContent);
    var layout = Object.assign({}, spec.layout || {});
    if (!layout.height) layout.height = 450; // plotly's own default, kept fixed
    var config = figureConfig(spec, figure);
    var data = spec.data;
    var listed = labelledPoints(data) > MANY_LABELS && window.matchMedia && window.matchMedia(NARROW).matches;
    if (listed) data = data.map(withoutLabels);
    return loadPlotly().then(function (Plotly) {
      return Plotly.newPlot(graph, data, layout, config);
    }).then(function () {
      if (listed) labelList(figure, graph);
      graph.style.minHeight = "";
      figure.setAttribute("data-fixed-width", spec.layout && spec.layout.width ? String(spec.layout.width) : "");
      labelModebar(figure, graph);
      if (graph.on) graph.on("plotly_afterplot", function () { labelModebar(figure, graph); followTitle(figure, graph); });
      watchWidth(figure, graph);
      keyboardControls(figure, graph);
      followTitle(figure, graph);
      figure.setAttribute("data-drawn", "done");
      if (printing) fitForPrint(figure);
    }, function (error) { failed(figure, error); });
  }

  /* A map with many labelled points (the signalling networks) on a phone: the labels would collide and be
     cut at the edge, so the points are drawn without them (a tap on a point names it) and the labels are
     listed under the figure, by legend entry, in the figure's current language. */
  var MANY_LABELS = 20;
  function hasLabels(trace) { return /text/.test(trace.mode || "") && Array.isArray(trace.text); }
  function labelledPoints(data) {
    return (data || []).reduce(function (n, t) { return n + (hasLabels(t) ? t.text.length : 0); }, 0);
  }
  function withoutLabels(trace) {
    if (!hasLabels(trace)) return trace;
    var mode = trace.mode.split("+").filter(function (m) { return m !== "text"; }).join("+") || "markers";
    return Object.assign({}, trace, { mode: mode, meta: Object.assign({}, trace.meta || {}, { courseLabels: true }) });
  }
  function labelList(figure, graph) {
    var details = element("details", { class: "course-plotly-labels", open: "" });
    var summary = element("summary", {}, "The labels of this map, as a list");
    var body = element("div", {});
    details.appendChild(summary);
    details.appendChild(body);
    var update = function () {
      body.textContent = "";
      var list = element("ul", {});
      (graph._fullData || []).forEach(function (trace) {
        if (!trace.meta || !trace.meta.courseLabels || trace.visible !== true || !Array.isArray(trace.text)) return;
        var item = element("li", {});
        item.appendChild(element("strong", {}, stripTags(trace.name) + ": "));
        item.appendChild(document.createTextNode(trace.text.map(stripTags).filter(Boolean).join(", ")));
        list.appendChild(item);
      });
      body.appendChild(list);
    };
    update();
    if (graph.on) graph.on("plotly_afterplot", update);
    figure.insertBefore(details, figure.querySelector("figcaption"));
  }

  /* Names for plotly's tool buttons (their tooltip text), read by screen readers; out of the tab order
     until the toolbar is shown. */
  function labelModebar(figure, graph) {
    var shown = figure.classList.contains("course-plotly-pointer");
    var buttons = graph.querySelectorAll(".modebar-btn");
    for (var i = 0; i < buttons.length; i++) {
      var title = buttons[i].getAttribute("data-title");
      if (title && !buttons[i].getAttribute("aria-label")) buttons[i].setAttribute("aria-label", title);
      buttons[i].setAttribute("tabindex", shown ? "0" : "-1");
    }
  }

  /* The figure follows its box's width; a change of the window's height alone leaves it as it is. */
  function watchWidth(figure, graph) {
    figure.addEventListener("mouseenter", function () {
      figure.classList.add("course-plotly-pointer");
      labelModebar(figure, graph);
    });
    figure.addEventListener("mouseleave", function () {
      figure.classList.remove("course-plotly-pointer");
      labelModebar(figure, graph);
    });
    if (figure.getAttribute("data-fixed-width") || !("ResizeObserver" in window)) return;
    var width = graph._fullLayout ? graph._fullLayout.width : 0;
    var frame = 0;
    new ResizeObserver(function () {
      if (frame || printing || graph.getAttribute("data-screen-width")) return;
      frame = requestAnimationFrame(function () {
        frame = 0;
        if (printing || graph.getAttribute("data-screen-width")) return; // the print width holds until afterprint
        var now = Math.round(graph.clientWidth);
        if (!now || Math.abs(now - width) < 1) return;
        width = now;
        window.Plotly.relayout(graph, { width: now, height: graph._fullLayout.height });
      });
    }).observe(figure);
  }

  /* A caption that shows the figure's title (class course-plotly-title) shows the current one. */
  function followTitle(figure, graph) {
    var strong = figure.querySelector("figcaption .course-plotly-title");
    var layout = graph._fullLayout;
    if (!strong || !layout || !layout.title) return;
    var text = stripTags(layout.title.text);
    if (!text) return;
    if (!/[.!?:]$/.test(text)) text += ".";
    if (strong.textContent !== text) strong.textContent = text;
  }

  var styled = false;
  function addStyle() {
    if (styled) return;
    styled = true;
    var style = document.createElement("style");
    style.textContent =
      ".course-plotly-keys{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);" +
      "white-space:nowrap}" +
      ".course-plotly-keys:focus-within{position:static;width:auto;height:auto;overflow:visible;clip:auto;" +
      "white-space:normal;display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;margin:.4rem 0;" +
      "padding:.4rem .6rem;border:1px solid currentColor;border-radius:4px;font-size:.9rem}" +
      ".course-plotly-keys label{margin-right:.3rem}.course-plotly-keys fieldset{border:0;margin:0;padding:0}" +
      ".course-plotly-keys legend{float:left;margin-right:.5rem;font-size:inherit}" +
      ".course-plotly-status{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}";
    document.head.appendChild(style);
  }

  function element(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Do what a slider step or a menu button of plotly does (its method with its arguments), and mark it
     active in plotly's own control (`active`: {"sliders[0].active": i}), in one redraw where plotly allows. */
  function operate(graph, item, active) {
    var Plotly = window.Plotly;
    var method = item.method || "restyle";
    var args = item.args || [];
    if (method === "update") return Plotly.update(graph, args[0] || {}, Object.assign({}, args[1] || {}, active), args[2]);
    if (method === "restyle") return Plotly.update(graph, args[0] || {}, active, args[1]);
    if (method === "relayout") return Plotly.relayout(graph, Object.assign({}, args[0] || {}, active));
    if (method === "animate") return Plotly.animate.apply(Plotly, [graph].concat(args)).then(function () {
      return Plotly.relayout(graph, active);
    });
    return Plotly.relayout(graph, active);
  }

  function menuLabel(layout, index, menu) {
    if (menu.name) return stripTags(menu.name);
    var notes = (layout.annotations || []).filter(function (a) { return a.name === "menu-label"; });
    if (notes[index]) return stripTags(notes[index].text).replace(/:$/, "");
    if (notes.length === 1) return stripTags(notes[0].text).replace(/:$/, "");
    return "Figure view" + (index ? " " + (index + 1) : "");
  }

  /* Native controls for the figure's sliders, menus and legend, and a live region that says the result. */
  function keyboardControls(figure, graph) {
    var layout = graph.layout || {};
    var sliders = layout.sliders || [];
    var menus = layout.updatemenus || [];
    var legend = graph._fullLayout && graph._fullLayout.showlegend;
    if (!sliders.length && !menus.length && !legend) return;
    addStyle();
    var id = (figure.id || "course-figure") + "-keys-" + (++counter);
    var panel = element("div", { class: "course-plotly-keys", role: "group",
      "aria-label": "Figure controls" });
    var status = element("p", { class: "course-plotly-status", role: "status", "aria-live": "polite" });
    var syncs = [];

    function say(what) {
      var title = graph._fullLayout && graph._fullLayout.title ? stripTags(graph._fullLayout.title.text) : "";
      status.textContent = what + (title ? ". Figure: " + title : "") + ".";
    }

    sliders.forEach(function (slider, k) {
      var steps = (slider.steps || []).filter(function (s) { return s.visible !== false; });
      if (!steps.length) return;
      var inputId = id + "-slider-" + k;
      var prefix = slider.currentvalue && slider.currentvalue.prefix ? stripTags(slider.currentvalue.prefix) : "";
      var name = prefix.replace(/[:\s]+$/, "") || slider.name || "Figure slider" + (k ? " " + (k + 1) : "");
      var input = element("input", { type: "range", id: inputId, min: "0", max: String(steps.length - 1),
        step: "1" });
      var sync = function () {
        var active = graph.layout.sliders[k].active || 0;
        input.value = String(active);
        input.setAttribute("aria-valuetext", stripTags(steps[active] && steps[active].label));
      };
      input.addEventListener("input", function () {
        var i = Number(input.value);
        var step = steps[i];
        var update = {};
        update["sliders[" + k + "].active"] = i;
        operate(graph, step, update).then(function () {
          sync();
          say(name + ": " + stripTags(step.label));
        });
      });
      syncs.push(sync);
      panel.appendChild(element("span", {}, ""));
      panel.lastChild.appendChild(element("label", { for: inputId }, name));
      panel.lastChild.appendChild(input);
    });

    menus.forEach(function (menu, k) {
      var buttons = (menu.buttons || []).filter(function (b) { return b.visible !== false; });
      if (!buttons.length) return;
      var selectId = id + "-menu-" + k;
      var name = menuLabel(layout, k, menu);
      var select = element("select", { id: selectId });
      buttons.forEach(function (b, i) { select.appendChild(element("option", { value: String(i) }, stripTags(b.label))); });
      var sync = function () {  // the active button, and the labels as the figure shows them now (a language button relabels)
        var now = graph.layout.updatemenus[k];
        select.value = String(now.active || 0);
        (now.buttons || []).filter(function (b) { return b.visible !== false; }).forEach(function (b, i) {
          var label = stripTags(b.label);
          if (select.options[i] && select.options[i].textContent !== label) select.options[i].textContent = label;
        });
      };
      select.addEventListener("change", function () {
        var i = Number(select.value);
        var update = {};
        update["updatemenus[" + k + "].active"] = i;
        operate(graph, buttons[i], update).then(function () {
          sync();
          say(name + ": " + stripTags(buttons[i].label));
        });
      });
      syncs.push(sync);
      panel.appendChild(element("span", {}, ""));
      panel.lastChild.appendChild(element("label", { for: selectId }, name));
      panel.lastChild.appendChild(select);
    });

    var legendBox = null;
    if (legend) {
      legendBox = element("fieldset", {});
      legendBox.appendChild(element("legend", {}, "Shown in the figure"));
      panel.appendChild(legendBox);
    }
    /* One checkbox per legend entry (a trace, or a legend group), as plotly's legend shows them now. */
    function syncLegend() {
      if (!legendBox) return;
      var entries = [];
      var seen = {};
      (graph._fullData || []).forEach(function (trace) {
        if (trace.visible === false || !trace.showlegend && !trace.legendgroup) return;
        var key = trace.legendgroup ? "g:" + trace.legendgroup : "t:" + trace.index;
        if (!seen[key]) {
          seen[key] = { key: key, name: stripTags(trace.name), indices: [], on: false, listed: false };
          entries.push(seen[key]);
        }
        seen[key].indices.push(trace.index);
        if (trace.showlegend) { seen[key].listed = true; seen[key].name = stripTags(trace.name); }
        if (trace.visible === true) seen[key].on = true;
      });
      entries = entries.filter(function (e) { return e.listed && e.name; });
      var signature = entries.map(function (e) { return e.key + "=" + e.name; }).join("|");
      if (legendBox.getAttribute("data-entries") !== signature) {
        legendBox.setAttribute("data-entries", signature);
        while (legendBox.childNodes.length > 1) legendBox.removeChild(legendBox.lastChild);
        entries.forEach(function (entry, i) {
          var boxId = id + "-legend-" + i;
          var box = element("input", { type: "checkbox", id: boxId, "data-key": entry.key });
          box.addEventListener("change", function () {
            var current = (legendBox.getAttribute("data-indices-" + i) || "").split(",").map(Number);
            window.Plotly.restyle(graph, { visible: box.checked ? true : "legendonly" }, current).then(function () {
              say(entry.name + (box.checked ? ": shown" : ": hidden"));
            });
          });
          var span = element("span", {});
          span.appendChild(box);
          span.appendChild(element("label", { for: boxId }, entry.name));
          legendBox.appendChild(span);
        });
      }
      entries.forEach(function (entry, i) {
        legendBox.setAttribute("data-indices-" + i, entry.indices.join(","));
        var box = legendBox.querySelector('input[data-key="' + entry.key.replace(/"/g, '\\"') + '"]');
        if (box) box.checked = entry.on;
      });
      legendBox.hidden = entries.length === 0;
    }
    syncs.push(syncLegend);

    var caption = figure.querySelector("figcaption");
    figure.insertBefore(panel, caption || null);
    figure.appendChild(status);
    syncs.forEach(function (f) { f(); });
    if (graph.on) {
      graph.on("plotly_afterplot", function () { syncs.forEach(function (f) { f(); }); });
      graph.on("plotly_sliderchange", function () { syncs.forEach(function (f) { f(); }); });
      graph.on("plotly_buttonclicked", function () { syncs.forEach(function (f) { f(); }); });
    }
  }

  /* Printing: a figure wider than a printed page's text column (A4 or Letter) is narrowed for the
     print and restored after it (plotly draws at a fixed pixel width and would be cut off). */
  var PRINT_WIDTH = 680;
  function fitForPrint(figure) {
    var graph = figure.querySelector(".course-plotly-graph");
    if (!window.Plotly || figure.getAttribute("data-drawn") !== "done" || !graph._fullLayout) return;
    if (graph._fullLayout.width <= PRINT_WIDTH) return;
    graph.setAttribute("data-screen-width", String(graph._fullLayout.width));
    window.Plotly.relayout(graph, { width: PRINT_WIDTH });
  }
  function restoreAfterPrint(figure) {
    var graph = figure.querySelector(".course-plotly-graph");
    var own = graph.getAttribute("data-screen-width");
    if (!own || !window.Plotly) return;
    graph.removeAttribute("data-screen-width");
    var fixed = figure.getAttribute("data-fixed-width");
    window.Plotly.relayout(graph, { width: fixed ? Number(fixed) : Math.round(graph.clientWidth) || Number(own) });
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
    if (!("IntersectionObserver" in window)) { figures.forEach(enqueue); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); enqueue(entry.target); }
      });
    }, { rootMargin: "600px 0px" });
    figures.forEach(function (figure) { observer.observe(figure); });
  }

  /* The one loader of plotly.js on the page; the browser simulators (widgets/browser/simulator.mjs) call it. */
  window.coursePlotly = { load: loadPlotly };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
