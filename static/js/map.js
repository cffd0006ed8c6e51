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
            if (el._choropleth) return choroplethStyle(el._choropleth, f, highlight);
            var hit = highlight && f.properties.code === highlight;
            return { color: "#0b5d4b", weight: hit ? 3 : 1.2, fillColor: hit ? "#f07c00" : "#2e8540",
                     fillOpacity: hit ? 0.55 : 0.25 };
          },
          onEachFeature: function (f, lyr) {
            lyr.bindTooltip(f.properties.label + " " + f.properties.name, { sticky: true });
            if (el.dataset.panel) {
              // Risk map: the page opens the area's panel (static/js/risk.js listens).
              lyr.on("click", function () {
                el.dispatchEvent(new CustomEvent("waspada:area", { bubbles: true,
                  detail: { code: f.properties.code, name: f.properties.name, label: f.properties.label } }));
              });
            } else if (!el.dataset.points) {
              lyr.on("click", function () {
                window.location.href = el.dataset.detailUrl + encodeURIComponent(f.properties.code) + "/";
              });
            }
          }
        }).addTo(map);
        el.dataset.features = String(data.features.length);
        map.fitBounds(layer.getBounds(), { padding: [8, 8] });
        if (el.dataset.lat) {
          var here = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
          L.circleMarker(here, { radius: 8, color: "#c62828", fillOpacity: 0.8 }).addTo(map);
          map.setView(here, 11);
        }
        if (el.dataset.choropleth) return loadChoropleth(el, layer);
        if (!el.dataset.points) { el.classList.add("map-ready"); return null; }
        return fetch(el.dataset.points, { credentials: "same-origin" })
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
          .then(function (points) {
            L.geoJSON(points, {
              pointToLayer: function (f, latlng) {
                return L.circleMarker(latlng, { radius: 6, color: "#c62828", weight: 1, fillOpacity: 0.7,
                                                className: "event-point" });
              },
              onEachFeature: function (f, lyr) {
                lyr.bindPopup('<a href="' + f.properties.url + '">#' + f.properties.id + "</a> " +
                              f.properties.date + " " + f.properties.label);
              }
            }).addTo(map);
            el.dataset.pointsCount = String(points.features.length);
            el.classList.add("map-ready");
          });
      })
      .catch(function (err) {
        el.textContent = "Peta tidak dapat dimuat (" + err.message + ").";
      });
  }
  // data-choropleth: a URL answering {"areas": {code: {"score", "level", "color"}}}; areas
  // missing from it (outside the user's scope) are drawn grey.
  function choroplethStyle(data, f, highlight) {
    var a = data.areas[f.properties.code];
    var hit = highlight && f.properties.code === highlight;
    return { color: hit ? "#000" : "#555", weight: hit ? 3 : 0.8, fillColor: a ? a.color : "#bbb",
             fillOpacity: a ? 0.65 : 0.15 };
  }
  function loadChoropleth(el, layer) {
    return fetch(el.dataset.choropleth, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        el._choropleth = data;
        layer.eachLayer(function (lyr) {
          var p = lyr.feature.properties, a = data.areas[p.code];
          lyr.setStyle(choroplethStyle(data, lyr.feature, el.dataset.highlight));
          lyr.setTooltipContent(p.label + " " + p.name + (a ? " · " + a.score + " (" + a.level + ")" : ""));
          if (lyr.getElement && lyr.getElement()) lyr.getElement().setAttribute("data-code", p.code);
        });
        el.dataset.choroplethCount = String(Object.keys(data.areas).length);
        el.classList.add("map-ready");
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".map").forEach(init);
  });
})();
