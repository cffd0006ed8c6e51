// Waspada area map: Leaflet with the regency's polygons, no tile server needed.
(function () {
  "use strict";
  function init(el) {
    var map = L.map(el, { zoomSnap: 0.25 });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 18 }).addTo(map);
    }
    var url = el.dataset.geojson + "?level=" + encodeURIComponent(el.dataset.level || "kecamatan");
    if (el.dataset.parent) url += "&parent=" + encodeURIComponent(el.dataset.parent);
    var highlight = el.dataset.highlight;
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (f) {
            var hit = highlight && f.properties.code === highlight;
            return { color: "#0b5d4b", weight: hit ? 3 : 1.2, fillColor: hit ? "#f07c00" : "#2e8540",
                     fillOpacity: hit ? 0.55 : 0.25 };
          },
          onEachFeature: function (f, lyr) {
            lyr.bindTooltip(f.properties.label + " " + f.properties.name, { sticky: true });
            lyr.on("click", function () {
              window.location.href = el.dataset.detailUrl + encodeURIComponent(f.properties.code) + "/";
            });
          }
        }).addTo(map);
        el.dataset.features = String(data.features.length);
        el.classList.add("map-ready");
        map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      })
      .catch(function (err) {
        el.textContent = "Peta tidak dapat dimuat (" + err.message + ").";
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".map").forEach(init);
  });
})();
