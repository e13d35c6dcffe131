// Kezek's charts: every element with data-chart="NAME" is drawn by CHARTS[NAME] once
// Plotly (loaded before this file) is there. No inline script: the pages run under a
// Content-Security-Policy that allows scripts from this site only.
(function () {
  "use strict";
  var CONFIG = {displaylogo: false, responsive: true};
  var series = function (el) { return JSON.parse(el.dataset.series); };

  // A band is one outline per run of intervals (upper edge there, lower edge back),
  // so that it stops where the forecast does instead of filling across the night.
  function band(s, lo, hi, name, color) {
    var x = [], y = [], run = [];
    var outline = function () {
      if (!run.length) { return; }
      run.forEach(function (i) { x.push(s.x[i]); y.push(hi[i]); });
      run.slice().reverse().forEach(function (i) { x.push(s.x[i]); y.push(lo[i]); });
      x.push(null); y.push(null); run = [];
    };
    s.x.forEach(function (_, i) { if (hi[i] === null) { outline(); } else { run.push(i); } });
    outline();
    return {x: x, y: y, mode: "lines", line: {width: 0}, fill: "toself", fillcolor: color, name: name, hoverinfo: "skip"};
  }

  var CHARTS = {
    forecast: function (el) {
      var s = series(el), d = el.dataset;
      var range80 = s.x.map(function (_, i) { return [s.lower_80[i], s.upper_80[i]]; });
      var traces = [band(s, s.lower_95, s.upper_95, d.labelBand95, "rgba(11,110,153,0.12)"),
        band(s, s.lower_80, s.upper_80, d.labelBand80, "rgba(11,110,153,0.25)"),
        {x: s.history_x, y: s.history_y, name: d.labelHistory, line: {color: "#5b6878"}},
        {x: s.x, y: s.model, name: d.labelForecast, line: {color: "#0b6e99"}, customdata: range80,
         hovertemplate: "%{y:.1f}<br>" + d.labelBand80 + ": %{customdata[0]:.0f}–%{customdata[1]:.0f}"},
        {x: s.x, y: s.calls, name: d.labelPlanner, line: {color: "#f79009", dash: "dot"}}];
      var shapes = s.special.map(function (sp) {
        return {type: "rect", xref: "x", yref: "paper", x0: sp.day + " 00:00", x1: sp.day + " 23:59", y0: 0, y1: 1,
                fillcolor: "rgba(180,35,24,0.08)", line: {width: 0}};
      });
      var notes = s.special.map(function (sp) {
        var effect = sp.factor === 0 ? ": " + d.labelClosed : " ×" + sp.factor;
        return {x: sp.day + " 12:00", text: sp.reason + effect};
      });
      s.unusual.forEach(function (day) {
        shapes.push({type: "rect", xref: "x", yref: "paper", x0: day + " 00:00", x1: day + " 23:59", y0: 0, y1: 1,
                     fillcolor: "rgba(91,104,120,0.12)", line: {width: 0}});
        notes.push({x: day + " 12:00", text: d.labelUnusual});
      });
      // A label is about 200 px wide: labels of days closer than that go on lines below.
      var span = Date.parse((s.x[s.x.length - 1] || "").replace(" ", "T")) - Date.parse((s.history_x[0] || s.x[0] || "").replace(" ", "T"));
      var apart = span * 200 / Math.max(el.clientWidth - 150, 200), lastOnLine = [];
      notes.sort(function (a, b) { return a.x < b.x ? -1 : 1; }).forEach(function (note) {
        var at = Date.parse(note.x.replace(" ", "T")), line = 0;
        while (lastOnLine[line] !== undefined && !(at - lastOnLine[line] >= apart)) { line += 1; }
        lastOnLine[line] = at;
        note.y = 1 - 0.07 * line; note.yref = "paper"; note.showarrow = false;
      });
      Plotly.newPlot(el, traces, {margin: {t: 20}, shapes: shapes, annotations: notes}, CONFIG);
    },
    history: function (el) {
      var s = series(el);
      if (!s.day || !s.day.length) { el.textContent = ""; return; }
      Plotly.newPlot(el, [{x: s.day, y: s.calls, type: "bar", name: el.dataset.label}], {margin: {t: 10}}, CONFIG);
    },
    plan: function (el) {
      var s = series(el), d = el.dataset;
      Plotly.newPlot(el, [
        {x: s.starts, y: s.agents, name: d.labelAgents, type: "scatter", line: {shape: "hv"}},
        {x: s.starts, y: s.scheduled, name: d.labelScheduled, type: "scatter", line: {shape: "hv", dash: "dot"}}
      ], {margin: {t: 10}}, CONFIG);
    },
    coverage: function (el) {
      var c = series(el), d = el.dataset;
      Plotly.newPlot(el, [
        {x: c.starts, y: c.required, name: d.labelRequired, type: "scatter", line: {shape: "hv"}},
        {x: c.starts, y: c.net, name: d.labelNet, type: "scatter", line: {shape: "hv"}},
        {x: c.starts, y: c.shortfall, name: d.labelShort, type: "bar", marker: {color: "#b42318"}}
      ], {margin: {t: 10}}, CONFIG);
    },
    gantt: function (el) {
      var s = series(el), d = el.dataset;
      var traces = ["shift", "break"].map(function (kind) {
        var idx = s.kind.map(function (k, i) { return k === kind ? i : -1; }).filter(function (i) { return i >= 0; });
        return {type: "bar", orientation: "h", name: kind === "shift" ? d.labelShift : d.labelBreak,
          y: idx.map(function (i) { return s.slot[i]; }),
          base: idx.map(function (i) { return s.start[i]; }),
          x: idx.map(function (i) { return new Date(s.end[i].replace(" ", "T")) - new Date(s.start[i].replace(" ", "T")); }),
          marker: {color: kind === "shift" ? "#0b6e99" : "#f79009"}};
      });
      Plotly.newPlot(el, traces, {barmode: "overlay", margin: {t: 10, l: 140}, xaxis: {type: "date"}, yaxis: {autorange: "reversed"}}, CONFIG);
    },
    staffing: function (el) {
      var c = JSON.parse(el.dataset.curve), d = el.dataset;
      Plotly.newPlot(el, [
        {x: c.agents, y: c.service_level, name: d.labelSl, type: "scatter"},
        {x: c.agents, y: c.asa_seconds, name: d.labelAsa, yaxis: "y2", type: "scatter"}
      ], {margin: {t: 10}, legend: {orientation: "h", y: -0.25}, xaxis: {title: {text: d.labelAgents}},
          yaxis: {title: {text: d.labelSl}, range: [0, 1]},
          yaxis2: {title: {text: d.labelAsa}, overlaying: "y", side: "right", rangemode: "tozero"}}, CONFIG);
    },
    // A whole Plotly figure built on the server, in the json_script named by data-figure.
    figure: function (el) {
      var figure = JSON.parse(document.getElementById(el.dataset.figure).textContent);
      Plotly.newPlot(el, figure.data, figure.layout, CONFIG);
    }
  };

  function drawAll(root) {
    if (!window.Plotly) { return; }
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) { return; }
      el.dataset.drawn = "1";
      CHARTS[el.dataset.chart](el);
    });
  }
  drawAll(document);
  document.addEventListener("htmx:load", function (event) { drawAll(event.target); });
})();
