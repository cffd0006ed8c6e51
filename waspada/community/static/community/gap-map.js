// Engagement-gap layer: area polygons coloured by whether engagement is missing where risk is high.
(function () {
  "use strict";
  var COLOURS = { high: "#c62828", gap: "#f9a825", ok: "#2e7d32" };
  function json(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }
  function init(el) {
    var map = L.map(el, { zoomSnap: 0.25 });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 18 }).addTo(map);
    }
    Promise.all([json(el.dataset.geojson), json(el.dataset.gap)]).then(function (res) {
      var shapes = res[0], gap = res[1].areas;
      var known = shapes.features.filter(function (f) { return gap[f.properties.code]; });
      var layer = L.geoJSON({ type: "FeatureCollection", features: known }, {
        style: function (f) {
          var g = gap[f.properties.code];
          var colour = g.high_risk_gap ? COLOURS.high : (g.gap ? COLOURS.gap : COLOURS.ok);
          return { color: "#333", weight: 1, fillColor: colour, fillOpacity: 0.55,
                   className: g.high_risk_gap ? "gap-high" : (g.gap ? "gap-other" : "gap-ok") };
        },
        onEachFeature: function (f, lyr) {
          var g = gap[f.properties.code];
          var days = g.days_since === null ? "—" : g.days_since;
          lyr.bindTooltip(g.name + " · " + g.level + " · " + days, { sticky: true });
          lyr.on("click", function () {
            window.location.href = el.dataset.detailUrl + encodeURIComponent(f.properties.code) + "/";
          });
        }
      }).addTo(map);
      if (known.length) map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      el.dataset.features = String(known.length);
      el.classList.add("map-ready");
    }).catch(function (err) {
      el.textContent = "Peta tidak dapat dimuat (" + err.message + ").";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("gap-map");
    if (el) init(el);
  });
})();
