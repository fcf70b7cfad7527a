// Map of engagements: reads the page's places and states (#map-data, the answer of
// #map[data-api]), fetches #map[data-atlas] (world-atlas's country shapes, TopoJSON) and
// draws an SVG with d3-geo. A state is shaded
// by the events it takes part in, a place is a circle whose area grows with its events;
// each links to the timeline of its events. Names reach the page only as text nodes and
// attribute values, never as markup.
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var LIGHT = [232, 238, 246];  // the shade of a state with few events ...
  var DARK = [31, 95, 168];  // ... and of the state with most (the accent colour)
  var LABELLED = 12;  // the busiest places get their name beside the circle ...
  var LABEL_CHAR_PX = 6.5;  // ... unless it would overlap a name already there (11px font)
  var MARGIN_DEG = [14, 8];  // degrees of longitude and latitude kept around every place
  var LABEL_ROOM = 90;  // pixels kept on the right for the names of the easternmost places

  function svgElement(name, attrs) {
    var el = document.createElementNS(SVG_NS, name);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  function titled(el, text) {
    var title = svgElement("title");
    title.textContent = text;
    el.appendChild(title);
    return el;
  }

  function linked(href, child, cls) {
    var a = svgElement("a", { href: href, "class": cls });
    a.appendChild(child);
    return a;
  }

  function shade(share) {  // share in [0, 1] -> a colour between LIGHT and DARK
    var t = Math.sqrt(share);
    return "rgb(" + LIGHT.map(function (c, i) { return Math.round(c + (DARK[i] - c) * t); }).join(",") + ")";
  }

  function overlap(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  function plural(n) { return n + (n === 1 ? " event" : " events"); }

  // The projection: the whole world, or closer when the places all lie in one region.
  function projection(width, height, places) {
    var world = d3.geoEqualEarth().fitSize([width, height], { type: "Sphere" });
    if (!places.length) return world;
    var corners = [];
    places.forEach(function (p) {
      corners.push([p.lon - MARGIN_DEG[0], p.lat - MARGIN_DEG[1]], [p.lon + MARGIN_DEG[0], p.lat + MARGIN_DEG[1]]);
    });
    var near = d3.geoEqualEarth().fitExtent([[10, 10], [width - LABEL_ROOM, height - 10]],
                                            { type: "MultiPoint", coordinates: corners });
    return near.scale() > world.scale() ? near : world;
  }

  function drawStates(svg, path, shapes, states) {
    var byShape = {}, byName = {};
    states.forEach(function (s) { if (s.shape) byShape[s.shape] = s; byName[s.name] = s; });
    var most = Math.max.apply(null, states.map(function (s) { return s.events; }).concat([1]));
    var layer = svgElement("g", { "class": "states" });
    shapes.forEach(function (f) {
      // shapes without an ISO code (Kosovo) are matched by name
      var s = f.id !== undefined ? byShape[f.id] : byName[f.properties.name];
      var shape = svgElement("path", { d: path(f) || "", "class": s ? "state engaged" : "state" });
      if (!s) { layer.appendChild(shape); return; }
      shape.style.fill = shade(s.events / most);  // a style: the stylesheet's fill would win over an attribute
      shape.setAttribute("data-code", s.code);
      layer.appendChild(linked(s.timeline, titled(shape, s.name + ": " + plural(s.events)), "state-link"));
    });
    svg.appendChild(layer);
  }

  function drawPlaces(svg, proj, places) {
    var most = Math.max.apply(null, places.map(function (p) { return p.events; }).concat([1]));
    var layer = svgElement("g", { "class": "places" });
    var labels = svgElement("g", { "class": "place-labels" });
    var taken = [];  // the boxes of the names written so far
    // the busiest first, so that smaller circles are drawn over them and stay clickable
    places.slice().sort(function (a, b) { return b.events - a.events; }).forEach(function (p, i) {
      var xy = proj([p.lon, p.lat]);
      if (!xy) return;
      var r = 3 + 13 * Math.sqrt(p.events / most);
      var circle = svgElement("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: r.toFixed(1), "class": "place", "data-name": p.name });
      layer.appendChild(linked(p.timeline, titled(circle, p.name + ": " + plural(p.events)), "place-link"));
      var spot = { x: xy[0] + r + 2, y: xy[1] - 7, w: p.name.length * LABEL_CHAR_PX, h: 14 };
      if (i < LABELLED && !taken.some(function (o) { return overlap(o, spot); })) {
        taken.push(spot);
        var label = svgElement("text", { x: spot.x.toFixed(1), y: (spot.y + 11).toFixed(1), "class": "place-label" });
        label.textContent = p.name;
        labels.appendChild(label);
      }
    });
    svg.appendChild(layer);
    svg.appendChild(labels);
  }

  function draw(box, atlas, data) {
    var shapes = topojson.feature(atlas, atlas.objects.countries).features;
    // the box is hidden while empty (no script, no map): its parent has the width
    var width = Math.max(box.parentNode.clientWidth, 320), height = Math.round(width * 0.52);
    var proj = projection(width, height, data.places);
    var path = d3.geoPath(proj);
    var svg = svgElement("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": "Map of engagements" });
    svg.appendChild(svgElement("path", { d: path({ type: "Sphere" }) || "", "class": "sphere" }));
    drawStates(svg, path, shapes, data.states);
    drawPlaces(svg, proj, data.places);
    box.textContent = "";
    box.appendChild(svg);
    box.dataset.ready = "true";
  }

  function json(url) {
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status + " for " + url); return r.json(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("map");
    if (!box) return;
    if (typeof d3 === "undefined" || typeof d3.geoPath === "undefined" || typeof topojson === "undefined" ||
        !box.dataset.atlas) {
      box.textContent = "";  // the libraries are missing: the page says so, the tables remain
      return;
    }
    var embedded = document.getElementById("map-data");
    var data = embedded ? Promise.resolve(JSON.parse(embedded.textContent)) : json(box.dataset.api);
    Promise.all([json(box.dataset.atlas), data])
      .then(function (both) { draw(box, both[0], both[1]); })
      .catch(function (err) { box.textContent = "Could not draw the map: " + err.message; });
  });
})();
