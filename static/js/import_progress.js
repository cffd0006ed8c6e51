// The progress bar of a background import (events/import_preview.html).
//
// <section id="import-progress" data-progress-url="URL"> with a <progress>, elements marked
// data-field="rows_done|rows|created", and #import-status: URL answers JSON
// {status, status_label, rows, rows_done, created, percent}. Polled every 1.5 s until the
// import is no longer queued or importing; then the page is reloaded once to show the end
// state. Without JavaScript the page shows the state it was rendered with.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || !box.dataset.progressUrl) {
    return;
  }
  var bar = box.querySelector("progress");
  var status = document.getElementById("import-status");

  function show(data) {
    bar.value = data.percent;
    bar.textContent = data.percent + "%";
    box.querySelectorAll("[data-field]").forEach(function (el) {
      el.textContent = data[el.dataset.field];
    });
    if (status) {
      status.textContent = data.status_label;
    }
  }

  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          window.setTimeout(poll, 5000);
          return;
        }
        show(data);
        if (data.status === "queued" || data.status === "importing") {
          window.setTimeout(poll, 1500);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
