// Optional: fill latitude/longitude from the phone's GPS. Without JavaScript the fields are typed.
// The button's label comes from this script tag's data-label (translated by the template).
(function () {
  var script = document.currentScript;
  var label = (script && script.dataset.label) || "Use my location";
  function setUp() {
    var lat = document.getElementById("id_lat"), lon = document.getElementById("id_lon");
    if (!lat || !lon || !navigator.geolocation) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.addEventListener("click", function () {
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = pos.coords.latitude.toFixed(6);
        lon.value = pos.coords.longitude.toFixed(6);
        button.disabled = false;
      }, function () { button.disabled = false; }, { enableHighAccuracy: true, timeout: 15000 });
    });
    lat.parentNode.parentNode.insertBefore(button, lat.parentNode);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
