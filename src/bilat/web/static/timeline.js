// Timeline of events: fetches the JSON API named in #timeline[data-api] and draws a
// zoomable vis-timeline, one row per event type, clustering items when they crowd.
// Item text is set as DOM text (never HTML) so article-derived strings cannot inject markup.
(function () {
  "use strict";

  function isoStart(date) {
    // "2019", "2019-04", "2019-04-25" -> a Date at the start of that period (UTC).
    var parts = date.split("-").map(Number);
    return new Date(Date.UTC(parts[0], (parts[1] || 1) - 1, parts[2] || 1));
  }

  function label(e) {
    return e.actors.length ? e.actors.join(", ") : e.countries.join("–");
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function itemFor(e) {
    var content = document.createElement("span");
    content.textContent = e.type + " · " + label(e);
    return {
      id: e.id,
      group: e.type,
      start: isoStart(e.date),
      content: content,
      className: "type-" + e.type + " status-" + e.status,
      // vis-timeline renders titles as HTML: escape every piece.
      title: escapeHtml(e.date + " " + e.type + ": " + label(e) + (e.location ? " in " + e.location : "") +
        " (" + e.status + ", " + e.sources + " source" + (e.sources === 1 ? "" : "s") + ")"),
      page: e.page
    };
  }

  function draw(box, events) {
    var dated = events.filter(function (e) { return e.date; });
    if (!dated.length) { box.textContent = ""; return; }
    var types = [];
    dated.forEach(function (e) { if (types.indexOf(e.type) < 0) types.push(e.type); });
    var items = new vis.DataSet(dated.map(itemFor));
    // Open on the span of the events (plus a margin), not on today's date.
    var times = dated.map(function (e) { return isoStart(e.date).getTime(); });
    var lo = Math.min.apply(null, times), hi = Math.max.apply(null, times);
    var margin = Math.max((hi - lo) * 0.18, 15 * 24 * 3600 * 1000);
    var groups = new vis.DataSet(types.sort().map(function (t) { return { id: t, content: t }; }));
    var timeline = new vis.Timeline(box, items, groups, {
      stack: true,
      start: new Date(lo - margin),
      end: new Date(hi + margin),
      zoomable: true,
      maxHeight: 420,
      orientation: { axis: "top" },
      cluster: { maxItems: 4, titleTemplate: "{count} events: zoom in", showStipes: true, fitOnDoubleClick: true },
      tooltip: { followMouse: true }
    });
    timeline.on("select", function (props) {
      var item = props.items.length === 1 ? items.get(props.items[0]) : null;
      if (item && item.page) window.location.assign(item.page);
    });
    box.dataset.ready = "true";
  }

  function fillActorNames() {
    var list = document.getElementById("actor-names");
    if (!list) return;
    fetch("/api/actors", { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { actors: [] }; })
      .then(function (data) {
        data.actors.forEach(function (a) {
          var opt = document.createElement("option");
          opt.value = a.name;
          list.appendChild(opt);
        });
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fillActorNames();
    var box = document.getElementById("timeline");
    if (!box || typeof vis === "undefined") { if (box) box.textContent = ""; return; }
    fetch(box.dataset.api, { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) { draw(box, data.events); })
      .catch(function (err) { box.textContent = "Could not load the timeline: " + err.message; });
  });
})();
