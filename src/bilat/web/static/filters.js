// Actor autocomplete for the filter form: as the analyst types, #actor-names (the input's
// <datalist>) is refilled with the most engaged matching people from /api/actors.
// Names are set as option values through the DOM, never as HTML.
(function () {
  "use strict";

  var SUGGESTIONS = 15;
  var DELAY_MS = 150;

  function suggest(input, list, text) {
    var url = "/api/actors?" + new URLSearchParams({ q: text, limit: String(SUGGESTIONS) });
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { actors: [] }; })
      .then(function (data) {
        if (input.value.trim() !== text) return;  // a slower answer to an earlier keystroke
        list.replaceChildren.apply(list, data.actors.map(function (a) {
          var opt = document.createElement("option");
          opt.value = a.name;
          opt.label = a.events + " event" + (a.events === 1 ? "" : "s");
          return opt;
        }));
        list.dataset.query = text;  // what the options answer (tests wait for it)
      })
      .catch(function () { /* suggestions are a convenience; typing still works */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("form.filters input[name=actor]");
    var list = document.getElementById("actor-names");
    if (!input || !list) return;
    var timer = null;
    input.addEventListener("input", function () {
      var text = input.value.trim();
      clearTimeout(timer);
      if (text.length < 2) return;
      timer = setTimeout(function () { suggest(input, list, text); }, DELAY_MS);
    });
  });
})();
