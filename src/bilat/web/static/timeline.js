// Timeline of events: fetches the items named in #timeline[data-api] (/api/timeline: labels,
// spans and the window to open on are decided by the server) and draws a zoomable
// vis-timeline with one row per event type. A day is a box; a month or a year is a span
// over it. Item text is set as DOM text (never HTML) so article-derived strings cannot
// inject markup.
(function () {
  "use strict";

  // Every type has its row, in the order the rest of the UI lists them, even when empty:
  // the rows stay where the analyst expects them whatever the filter.
  var TYPE_ORDER = ["VISIT", "MEET", "CALL", "AGREE", "AID"];
  var ROWS_MAX_HEIGHT = 640;  // px: with the page above it, fits a 1000 px high window

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function itemFor(it) {
    var content = document.createElement("span");
    content.textContent = it.label;
    var item = {
      id: it.id,
      group: it.type,
      start: it.start,
      content: content,
      className: "type-" + it.type + " status-" + it.status + (it.end ? " span" : ""),
      // vis-timeline renders titles as HTML: escape every piece.
      title: escapeHtml(it.title),
      page: it.page
    };
    if (it.end) { item.end = it.end; item.type = "range"; } else { item.type = "point"; }
    return item;
  }

  function rowsOf(items) {
    var types = TYPE_ORDER.slice();
    items.forEach(function (it) { if (types.indexOf(it.type) < 0) types.push(it.type); });
    return new vis.DataSet(types.map(function (t) { return { id: t, content: t }; }));
  }

  function draw(box, data) {
    if (!data.items.length) { box.textContent = ""; return; }
    var items = new vis.DataSet(data.items.map(itemFor));
    var start = new Date(data.window.start), end = new Date(data.window.end);
    var timeline = new vis.Timeline(box, items, rowsOf(data.items), {
      stack: true,
      start: start,
      end: end,
      zoomable: true,
      maxHeight: ROWS_MAX_HEIGHT,
      margin: { item: { horizontal: 2, vertical: 3 } },
      orientation: "top",
      // Only a crowd too thick to read is folded into a number (double-click opens it).
      cluster: { maxItems: 6, titleTemplate: "{count} events: zoom in", showStipes: true, fitOnDoubleClick: true },
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

  function note(box, text) {
    var p = document.createElement("p");
    p.className = "meta truncated";
    p.textContent = text;
    box.parentNode.insertBefore(p, box.nextSibling);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("timeline");
    if (!box || typeof vis === "undefined") { if (box) box.textContent = ""; return; }
    fetch(box.dataset.api, { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) {
        draw(box, data);
        // The API sends the newest events only; say so rather than look complete.
        var sent = data.items.length + data.undated;
        if (data.total > sent) {
          note(box, "The timeline shows the newest " + sent + " of " + data.total +
            " events; narrow the filters (e.g. since) to see the others.");
        }
      })
      .catch(function (err) { box.textContent = "Could not load the timeline: " + err.message; });
  });
})();
