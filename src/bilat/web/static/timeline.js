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
    // The row already names the type; a short label stacks less.
    content.textContent = label(e);
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

  // Rows in the order the rest of the UI lists event types.
  var TYPE_ORDER = ["VISIT", "MEET", "CALL", "AGREE", "AID"];

  function byTypeOrder(a, b) {
    var ia = TYPE_ORDER.indexOf(a), ib = TYPE_ORDER.indexOf(b);
    return (ia < 0 ? TYPE_ORDER.length : ia) - (ib < 0 ? TYPE_ORDER.length : ib) || (a < b ? -1 : a > b ? 1 : 0);
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
    var start = new Date(lo - margin), end = new Date(hi + margin);
    var groups = new vis.DataSet(types.sort(byTypeOrder).map(function (t) { return { id: t, content: t }; }));
    var timeline = new vis.Timeline(box, items, groups, {
      stack: true,
      start: start,
      end: end,
      zoomable: true,
      maxHeight: 520,
      margin: { item: { horizontal: 6, vertical: 4 } },
      // Items stack downwards from the axis, so the view opens on the first rows.
      orientation: "top",
      cluster: { maxItems: 4, titleTemplate: "{count} events: zoom in", showStipes: true, fitOnDoubleClick: true },
      tooltip: { followMouse: true },
      // vis-timeline 8 forms clusters in its first draw but places them only when the
      // window next changes: until then the events folded into them are missing from
      // the view. Moving the window by a millisecond makes it lay them out.
      onInitialDrawComplete: function () {
        timeline.once("changed", function () { box.dataset.ready = "true"; });
        timeline.setWindow(start, new Date(end.getTime() + 1), { animation: false });
      }
    });
    timeline.on("select", function (props) {
      var item = props.items.length === 1 ? items.get(props.items[0]) : null;
      if (item && item.page) window.location.assign(item.page);
    });
  }

  // The API pages its answers; say so rather than let a partial timeline look complete.
  function noteTruncated(box, shown, total) {
    var note = document.createElement("p");
    note.className = "meta truncated";
    note.textContent = "The timeline shows the oldest " + shown + " of " + total +
      " events; narrow the filters (e.g. since) to see the others.";
    box.parentNode.insertBefore(note, box.nextSibling);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("timeline");
    if (!box || typeof vis === "undefined") { if (box) box.textContent = ""; return; }
    fetch(box.dataset.api, { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) {
        draw(box, data.events);
        if (data.total > data.events.length) noteTruncated(box, data.events.length, data.total);
      })
      .catch(function (err) { box.textContent = "Could not load the timeline: " + err.message; });
  });
})();
