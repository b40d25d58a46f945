/* unionparse report: sorting, filtering and paging the index; scrolling to and flashing a
   value's words on an article page. Reading needs none of it. Text goes into the page through
   textContent only, never as HTML. */
(function () {
  "use strict";

  var STATE_KEY = "unionparse-index-state";
  var PAGE = 100;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function fold(s) {
    return String(s || "").toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function restartFlash(el) {
    el.classList.remove("flash");
    void el.offsetWidth; // a reflow, so the animation runs again
    el.classList.add("flash");
  }

  function byAttr(attr, value) {
    return document.querySelectorAll("[" + attr + '="' + CSS.escape(value) + '"]');
  }

  // ------------------------------------------------------------------ article page

  function initArticle() {
    var saved = null;
    try { saved = sessionStorage.getItem(STATE_KEY); } catch (e) { /* storage off */ }
    if (saved) {
      var up = document.querySelector("a[data-index]");
      if (up) up.setAttribute("href", "index.html#" + saved);
    }
    var sideBySide = window.matchMedia("(min-width: 980px)");

    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-goto]");
      if (link) {
        var marks = document.querySelectorAll("mark[data-field]");
        var key = link.getAttribute("data-goto");
        var found = Array.prototype.filter.call(marks, function (m) {
          return m.getAttribute("data-field") === key;
        });
        if (!found.length) return;
        event.preventDefault();
        found[0].scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
        found.forEach(restartFlash);
        if (history.replaceState) history.replaceState(null, "", "#" + found[0].id);
        return;
      }
      var mark = event.target.closest("mark[data-field]");
      if (mark) {
        var rows = byAttr("data-key", mark.getAttribute("data-field"));
        if (!rows.length) return;
        restartFlash(rows[0]);
        if (sideBySide.matches) rows[0].scrollIntoView({ block: "nearest", behavior: reduceMotion ? "auto" : "smooth" });
      }
    });
  }

  // ------------------------------------------------------------------ index page

  var NUMERIC = { n: 1, gu: 1, mem: 1, rat: 1, awd: 1, warn: 1 };

  function cell(tr, label, cls, text) {
    var td = document.createElement("td");
    td.setAttribute("data-label", label);
    if (cls) td.className = cls;
    if (text !== undefined && text !== null && text !== "") td.textContent = String(text);
    tr.appendChild(td);
    return td;
  }

  function badge(td, cls, text, title) {
    var span = document.createElement("span");
    span.className = "badge " + cls;
    span.textContent = text;
    if (title) span.title = title;
    td.appendChild(span);
  }

  var STATUS = { changed: "source changed", unverified: "unverified", unreadable: "no text", no_source: "no source" };

  function rowElement(r) {
    var tr = document.createElement("tr");
    tr.className = (r.err ? "has-err" : "") + (r.warn ? " has-warn" : "");
    cell(tr, "#", "num", r.n);
    var title = cell(tr, "Title", "title");
    var a = document.createElement("a");
    a.href = r.href;
    a.lang = "vi";
    a.textContent = r.title || (r.err ? "(failed)" : "(no title)");
    title.appendChild(a);
    var small = document.createElement("small");
    small.className = "path";
    small.textContent = r.path;
    title.appendChild(small);
    cell(tr, "Organization", "", r.org).lang = "vi";
    cell(tr, "Province", "", r.prov).lang = "vi";
    cell(tr, "Period", "", r.period);
    cell(tr, "CĐCS", "num", r.gu);
    cell(tr, "Members", "num", r.mem);
    cell(tr, "Ratings", "num", r.rat || "");
    cell(tr, "Awards", "num", r.awd || "");
    var warn = cell(tr, "Warnings", "num");
    if (r.warn) badge(warn, "warn", String(r.warn), r.codes.join(", "));
    var err = cell(tr, "Error", "");
    if (r.err) badge(err, "err", r.err);
    else if (r.status !== "ok") badge(err, "status", STATUS[r.status] || r.status);
    return tr;
  }

  function initIndex(rows) {
    var form = document.getElementById("filters");
    var table = document.getElementById("rows");
    var tbody = table.tBodies[0];
    var pager = document.getElementById("pager");
    var count = document.getElementById("count");
    var collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });
    var state = { q: "", prov: "", year: "", code: "", warn: false, err: false, sort: "n", dir: "asc", page: 1 };
    var sorted = rows.slice();
    var sortedBy = "n asc";
    var sortCache = { "n asc": sorted };
    var shown = rows;

    // empty values last in both directions; ties keep the input order
    function compare(key, dir) {
      var sign = dir === "desc" ? -1 : 1;
      var numeric = NUMERIC[key];
      return function (a, b) {
        var x = a[key], y = b[key];
        var xEmpty = x === null || x === undefined || x === "";
        var yEmpty = y === null || y === undefined || y === "";
        if (xEmpty || yEmpty) return xEmpty === yEmpty ? a.n - b.n : xEmpty ? 1 : -1;
        return sign * (numeric ? x - y : collator.compare(x, y)) || a.n - b.n;
      };
    }

    function readHash() {
      var params = new URLSearchParams(location.hash.replace(/^#/, ""));
      state.q = params.get("q") || "";
      state.prov = params.get("prov") || "";
      state.year = params.get("year") || "";
      state.code = params.get("code") || "";
      state.warn = params.get("warn") === "1";
      state.err = params.get("err") === "1";
      state.sort = params.get("sort") || "n";
      state.dir = params.get("dir") === "desc" ? "desc" : "asc";
      state.page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
      form.q.value = state.q;
      form.prov.value = state.prov;
      form.year.value = state.year;
      form.code.value = state.code;
      form.warn.checked = state.warn;
      form.err.checked = state.err;
    }

    function writeHash() {
      var params = new URLSearchParams();
      ["q", "prov", "year", "code"].forEach(function (k) { if (state[k]) params.set(k, state[k]); });
      if (state.warn) params.set("warn", "1");
      if (state.err) params.set("err", "1");
      if (state.sort !== "n" || state.dir !== "asc") { params.set("sort", state.sort); params.set("dir", state.dir); }
      if (state.page > 1) params.set("page", String(state.page));
      var hash = params.toString();
      if (history.replaceState) history.replaceState(null, "", hash ? "#" + hash : location.pathname);
      try { sessionStorage.setItem(STATE_KEY, hash); } catch (e) { /* storage off */ }
    }

    function matches(r, terms) {
      if (state.prov && r.prov !== state.prov) return false;
      if (state.year && r.years.indexOf(+state.year) < 0) return false;
      if (state.code && r.codes.indexOf(state.code) < 0) return false;
      if (state.warn && !r.warn) return false;
      if (state.err && !r.err) return false;
      for (var i = 0; i < terms.length; i++) if (r.q.indexOf(terms[i]) < 0) return false;
      return true;
    }

    function render() {
      var started = performance.now();
      var by = state.sort + " " + state.dir;
      if (by !== sortedBy) {
        // each order is sorted once (5,000 titles take tens of ms to collate), then reused
        if (!sortCache[by]) sortCache[by] = rows.slice().sort(compare(state.sort, state.dir));
        sorted = sortCache[by];
        sortedBy = by;
      }
      var terms = fold(state.q).split(/\s+/).filter(Boolean);
      shown = sorted.filter(function (r) { return matches(r, terms); });
      var pages = Math.max(1, Math.ceil(shown.length / PAGE));
      if (state.page > pages) state.page = pages;
      var from = (state.page - 1) * PAGE;
      var fragment = document.createDocumentFragment();
      shown.slice(from, from + PAGE).forEach(function (r) { fragment.appendChild(rowElement(r)); });
      tbody.replaceChildren(fragment);
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
        var key = th.getAttribute("data-sort");
        if (key === state.sort) th.setAttribute("aria-sort", state.dir === "asc" ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
      count.textContent = shown.length === rows.length
        ? rows.length + " inputs"
        : shown.length + " of " + rows.length + " inputs";
      renderPager(pages, from);
      writeHash();
      window.UNIONPARSE_LAST_MS = performance.now() - started;
    }

    function renderPager(pages, from) {
      pager.hidden = pages <= 1;
      pager.replaceChildren();
      if (pages <= 1) return;
      function button(label, page, disabled) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = label;
        b.disabled = disabled;
        b.addEventListener("click", function () { state.page = page; render(); window.scrollTo(0, 0); });
        pager.appendChild(b);
      }
      button("« First", 1, state.page === 1);
      button("‹ Previous", state.page - 1, state.page === 1);
      var where = document.createElement("span");
      where.textContent = "page " + state.page + " of " + pages + " · rows " + (from + 1) + "–" +
        Math.min(from + PAGE, shown.length);
      pager.appendChild(where);
      button("Next ›", state.page + 1, state.page === pages);
      button("Last »", pages, state.page === pages);
    }

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var key = th.getAttribute("data-sort");
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = th.textContent;
      b.title = "Sort by " + th.textContent.toLowerCase();
      th.textContent = "";
      th.appendChild(b);
      b.addEventListener("click", function () {
        if (state.sort === key) state.dir = state.dir === "asc" ? "desc" : "asc";
        else { state.sort = key; state.dir = NUMERIC[key] && key !== "n" ? "desc" : "asc"; }
        state.page = 1;
        render();
      });
    });

    function fromForm() {
      state.q = form.q.value;
      state.prov = form.prov.value;
      state.year = form.year.value;
      state.code = form.code.value;
      state.warn = form.warn.checked;
      state.err = form.err.checked;
      state.page = 1;
      render();
    }
    form.addEventListener("input", fromForm);
    form.addEventListener("change", fromForm);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(fromForm, 0); });
    window.addEventListener("hashchange", function () { readHash(); render(); });

    document.querySelectorAll(".static-pager").forEach(function (nav) { nav.hidden = true; });
    form.hidden = false;
    if (!location.hash) {
      // a static page (index-3.html) opens on its own rows
      var m = /index-(\d+)\.html$/.exec(location.pathname);
      if (m && history.replaceState) history.replaceState(null, "", "#page=" + m[1]);
    }
    readHash();
    render();
  }

  if (document.body.classList.contains("page-article")) initArticle();
  if (document.body.classList.contains("page-index") && window.UNIONPARSE_ROWS) initIndex(window.UNIONPARSE_ROWS);
})();
