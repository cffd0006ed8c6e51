// Keeps an unsent report on the phone until the server has it.
//
// <form data-draft="KEY" [data-draft-storage="session"] [data-draft-skip="name,phone"]
//       data-draft-restored="..." data-draft-discard="...">
//   Every change is saved under KEY (localStorage, or sessionStorage for "session": the public
//   form, where a shared phone must not show the next visitor someone's report). When the form
//   opens empty and a draft is saved, the draft is put back, with a note and a button to drop
//   it. Files, passwords, the CSRF token and the skipped fields (identities) are never saved.
//   The hidden submission_id is saved too: re-sending a restored draft whose first sending did
//   reach the server gives the same report, not a second one.
// <div hidden data-draft-clear="KEY" data-draft-id="SUBMISSION_ID">
//   On the page shown once the server stored the report: the draft with that submission id
//   is removed.
// Without JavaScript or storage nothing happens and the form works as before.
(function () {
  "use strict";
  var PREFIX = "waspada-draft:";
  var MAX_AGE_MS = 14 * 24 * 3600 * 1000;

  function storage(kind) {
    try {
      var s = kind === "session" ? window.sessionStorage : window.localStorage;
      s.setItem(PREFIX + "probe", "1");
      s.removeItem(PREFIX + "probe");
      return s;
    } catch (e) {
      return null; // private mode, storage full or disabled
    }
  }

  function read(s, key) {
    try {
      var d = JSON.parse(s.getItem(PREFIX + key) || "null");
      return d && d.values && Date.now() - d.saved < MAX_AGE_MS ? d : null;
    } catch (e) {
      return null;
    }
  }

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  each(document.querySelectorAll("[data-draft-clear]"), function (marker) {
    var key = marker.getAttribute("data-draft-clear");
    var id = marker.getAttribute("data-draft-id") || "";
    each(["local", "session"], function (kind) {
      var s = storage(kind);
      var d = s && read(s, key);
      if (s && (!d || !id || d.values.submission_id === id)) s.removeItem(PREFIX + key);
    });
  });

  each(document.querySelectorAll("form[data-draft]"), function (form) {
    var s = storage(form.getAttribute("data-draft-storage"));
    if (!s) return;
    var key = form.getAttribute("data-draft");
    var skip = (form.getAttribute("data-draft-skip") || "").split(",");
    var fields = Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || skip.indexOf(el.name) >= 0) return false;
      if (el.type === "hidden") return el.name === "submission_id";
      return ["file", "password", "submit", "button", "reset"].indexOf(el.type) < 0;
    });

    function initial(el) {
      if (el.tagName !== "SELECT") return "";
      var chosen = Array.prototype.filter.call(el.options, function (o) {
        return o.defaultSelected;
      });
      return chosen.length ? chosen[0].value : el.options.length ? el.options[0].value : "";
    }

    // Something worth keeping: typed text, a ticked box, a choice other than the page's own.
    function typed() {
      return fields.some(function (el) {
        if (el.type === "hidden") return false;
        if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
        if (el.tagName === "SELECT") return el.value !== initial(el);
        return el.value.trim() !== "";
      });
    }

    function save() {
      if (!typed()) {
        s.removeItem(PREFIX + key);
        return;
      }
      var values = {};
      each(fields, function (el) {
        if (el.type === "radio") {
          if (el.checked) values[el.name] = el.value;
        } else values[el.name] = el.type === "checkbox" ? el.checked : el.value;
      });
      try {
        s.setItem(PREFIX + key, JSON.stringify({ saved: Date.now(), values: values }));
      } catch (e) {
        // storage full: the form still works, the draft is just not kept
      }
    }

    var draft = read(s, key);
    if (draft && !typed() && !form.querySelector(".error")) {
      // a hidden input's value is its default too, so form.reset() cannot bring back the
      // page's own submission id: keep it for "discard"
      var own = {};
      each(fields, function (el) {
        if (el.type === "hidden") own[el.name] = el.value;
      });
      each(fields, function (el) {
        if (!(el.name in draft.values)) return;
        var value = draft.values[el.name];
        if (el.type === "checkbox") el.checked = !!value;
        else if (el.type === "radio") el.checked = el.value === value;
        else el.value = value;
      });
      var note = document.createElement("p");
      note.className = "message draft-note";
      note.setAttribute("role", "status");
      note.textContent = form.getAttribute("data-draft-restored") + " ";
      var discard = document.createElement("button");
      discard.type = "button";
      discard.textContent = form.getAttribute("data-draft-discard");
      discard.addEventListener("click", function () {
        s.removeItem(PREFIX + key);
        form.reset();
        each(fields, function (el) {
          if (el.name in own) el.value = own[el.name];
        });
        note.parentNode.removeChild(note);
      });
      note.appendChild(discard);
      form.insertBefore(note, form.firstChild);
    } else if (form.querySelector(".error")) {
      save(); // the server sent the form back with errors: keep what it holds
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
  });
})();
