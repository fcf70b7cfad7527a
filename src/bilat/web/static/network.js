// Graph of engagements: fetches #network[data-api] and draws it with Cytoscape.js.
// Node size and edge width grow with the number of events; clicking a node opens its page.
(function () {
  "use strict";

  function elements(data) {
    var nodes = data.nodes.map(function (n) {
      return { data: { id: n.id, label: n.label, weight: n.weight, page: n.page } };
    });
    var edges = data.edges.map(function (e, i) {
      var types = Object.keys(e.types).map(function (t) { return t + " " + e.types[t]; }).join(", ");
      return { data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight, label: String(e.weight), types: types } };
    });
    return nodes.concat(edges);
  }

  function draw(box, data) {
    if (!data.nodes.length) { box.textContent = "No engagements match."; return; }
    var maxNode = Math.max.apply(null, data.nodes.map(function (n) { return n.weight; }));
    var maxEdge = Math.max.apply(null, data.edges.map(function (e) { return e.weight; }).concat([1]));
    var cy = cytoscape({
      container: box,
      maxZoom: 1.3,  // a graph of two or three nodes should not fill the screen
      minZoom: 0.2,
      elements: elements(data),
      layout: { name: data.nodes.length > 2 ? "cose" : "circle", animate: false, randomize: false, padding: 30 },
      style: [
        { selector: "node", style: {
          "label": "data(label)", "background-color": "#1f5fa8", "color": "#1d232b",
          "font-size": 12, "text-valign": "bottom", "text-margin-y": 4,
          "width": function (n) { return 16 + 34 * Math.sqrt(n.data("weight") / maxNode); },
          "height": function (n) { return 16 + 34 * Math.sqrt(n.data("weight") / maxNode); }
        } },
        { selector: "edge", style: {
          "width": function (e) { return 1 + 9 * e.data("weight") / maxEdge; },
          "line-color": "#9bb4d3", "curve-style": "bezier", "label": "data(label)", "font-size": 10,
          "text-background-color": "#fff", "text-background-opacity": 1
        } }
      ]
    });
    cy.on("tap", "node", function (evt) {
      var page = evt.target.data("page");
      if (page) window.location.assign(page);
    });
    box.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("network");
    if (!box || typeof cytoscape === "undefined") { if (box) box.textContent = ""; return; }
    fetch(box.dataset.api, { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) { draw(box, data); })
      .catch(function (err) { box.textContent = "Could not load the network: " + err.message; });
  });
})();
