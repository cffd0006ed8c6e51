// Pickers: progressive enhancement of plain inputs (forms post the same values without it).
//
// <input data-picker="/wilayah/cari.json" [data-picker-multiple]>: suggestions as you type
// from a JSON endpoint answering {"results": [{"value": ..., "label": ...}]}; choosing one
// puts its value (a code, a number) in the input and shows its label under it.
// <input type="checkbox" data-filter-list="placeholder text"> (a long list of checkboxes of one name): a search
// box above the list that hides what does not match; ticked boxes always stay visible.
(function () {
  "use strict";
  var fold = function (s) {
    return (s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };

  function picker(input) {
    var url = input.getAttribute("data-picker");
    var multiple = input.hasAttribute("data-picker-multiple");
    var list = document.createElement("ul");
    var chosen = document.createElement("small");
    var timer = null, items = [], active = -1;
    list.className = "picker-list";
    list.id = (input.id || input.name) + "-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    chosen.className = "picker-chosen muted";
    chosen.setAttribute("aria-live", "polite");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.insertAdjacentElement("afterend", chosen);
    input.insertAdjacentElement("afterend", list);

    function current() {
      if (!multiple) return input.value.trim();
      var parts = input.value.split(",");
      return parts[parts.length - 1].trim();
    }
    function close() {
      list.hidden = true; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function render() {
      list.innerHTML = "";
      items.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.textContent = item.label;
        if (item.in_scope === false) li.className = "out-of-scope";
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
    }
    function highlight(i) {
      var options = list.querySelectorAll("li");
      options.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (options[i]) input.setAttribute("aria-activedescendant", options[i].id);
    }
    function choose(i) {
      var item = items[i];
      if (!item) return;
      if (multiple) {
        var parts = input.value.split(",").map(function (p) { return p.trim(); }).filter(Boolean);
        parts.pop();
        parts.push(String(item.value));
        input.value = parts.join(", ") + ", ";
        chosen.textContent = (chosen.textContent ? chosen.textContent + "; " : "") + item.label;
      } else {
        input.value = item.value;
        chosen.textContent = item.label;
      }
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function fetchItems(q, then) {
      var sep = url.indexOf("?") < 0 ? "?" : "&";
      fetch(url + sep + "q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { then(data.results || []); })
        .catch(function () { then([]); });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = current();
      if (q.length < 2) { items = []; render(); return; }
      timer = setTimeout(function () {
        fetchItems(q, function (results) { if (q === current()) { items = results; render(); } });
      }, 180);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(active); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    // Show what an already filled-in value stands for.
    var start = multiple ? "" : input.value.trim();
    if (start) {
      fetchItems(start, function (results) {
        results.forEach(function (r) { if (String(r.value) === start) chosen.textContent = r.label; });
      });
    }
  }

  function filterList(boxes) {
    var container = boxes[0].parentElement.closest("[id]") || boxes[0].parentNode.parentNode;
    var search = document.createElement("input");
    search.type = "search";
    search.className = "filter-box";
    search.placeholder = boxes[0].getAttribute("data-filter-list") || "";
    search.setAttribute("aria-label", search.placeholder);
    container.classList.add("filter-list");
    container.parentNode.insertBefore(search, container);
    function row(box) { return box.closest("div") !== container && box.closest("div") || box.closest("label"); }
    search.addEventListener("input", function () {
      var q = fold(search.value.trim());
      boxes.forEach(function (box) {
        var label = box.closest("label");
        var show = box.checked || !q || fold(label ? label.textContent : "").indexOf(q) >= 0;
        row(box).hidden = !show;
      });
    });
  }

  document.querySelectorAll("input[data-picker]").forEach(picker);
  var groups = {};
  document.querySelectorAll("input[type=checkbox][data-filter-list]").forEach(function (box) {
    (groups[box.name] = groups[box.name] || []).push(box);
  });
  Object.keys(groups).forEach(function (name) { filterList(groups[name]); });
})();
