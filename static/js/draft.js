// Keeps an unsent form on the phone until the server has it (report forms, Binkom form).
//
// <form data-draft="KEY" [data-draft-storage="session"] [data-draft-skip="name,phone"]
//       data-draft-restored="..." data-draft-discard="...">
//   Every change is saved under KEY (localStorage, or sessionStorage for "session": the public
//   form, where a shared phone must not show the next visitor someone's report). When the form
//   opens as the server rendered it and a saved draft holds something else, the draft is put
//   back, with a note and a button to drop it. Files, passwords, the CSRF token and the
//   skipped fields (identities) are never saved. The hidden submission_id is saved too:
//   re-sending a restored draft whose first sending did reach the server gives the same
//   record, not a second one.
// <div hidden data-draft-clear="KEY" data-draft-id="SUBMISSION_ID">
//   On the page shown once the server stored the record: the draft with that submission id
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

    // The form's state as plain values: a box by name and value, a radio group by name, a
    // multiple choice as the list of chosen values, anything else by name.
    function snapshot() {
      var values = {};
      each(fields, function (el) {
        if (el.type === "checkbox") values[el.name + "=" + el.value] = el.checked;
        else if (el.type === "radio") {
          if (el.checked) values[el.name] = el.value;
        } else if (el.type === "select-multiple") {
          values[el.name] = Array.prototype.filter
            .call(el.options, function (o) {
              return o.selected;
            })
            .map(function (o) {
              return o.value;
            });
        } else values[el.name] = el.value;
      });
      return values;
    }

    function apply(values) {
      each(fields, function (el) {
        var value = values[el.type === "checkbox" ? el.name + "=" + el.value : el.name];
        if (value === undefined) return;
        if (el.type === "checkbox") el.checked = !!value;
        else if (el.type === "radio") el.checked = el.value === value;
        else if (el.type === "select-multiple")
          each(el.options, function (o) {
            o.selected = value.indexOf(o.value) >= 0;
          });
        else el.value = value;
      });
    }

    // What the page came with (empty, today's date, the user's defaults, or what the server
    // sent back with an error), apart from the submission id.
    function visible(values) {
      var out = {};
      Object.keys(values).forEach(function (k) {
        if (k !== "submission_id") out[k] = values[k];
      });
      return JSON.stringify(out);
    }
    var pristine = visible(snapshot());
    var rejected = !!form.querySelector(".error"); // sent back by the server with errors

    function save() {
      var values = snapshot();
      if (!rejected && visible(values) === pristine) {
        s.removeItem(PREFIX + key);
        return;
      }
      try {
        s.setItem(PREFIX + key, JSON.stringify({ saved: Date.now(), values: values }));
      } catch (e) {
        // storage full: the form still works, the draft is just not kept
      }
    }

    var draft = read(s, key);
    if (draft && !rejected && visible(draft.values) !== pristine) {
      // a hidden input's value is its default too, so form.reset() cannot bring back the
      // page's own submission id: keep it for "discard"
      var own = snapshot().submission_id;
      apply(draft.values);
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
        if (own !== undefined) apply({ submission_id: own });
        note.parentNode.removeChild(note);
      });
      note.appendChild(discard);
      form.insertBefore(note, form.firstChild);
    } else if (rejected) {
      save(); // keep what the server sent back
    } else if (draft) {
      s.removeItem(PREFIX + key); // nothing in it that the page does not already show
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
  });
})();
