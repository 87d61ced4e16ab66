/* Plan-site behaviour without network: table sorting, overview filters, name suggestions, full-text search,
   comparison choice. */
(function () {
  "use strict";

  function fold(text) {
    return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }
  window.kbFold = fold;

  // A cell's sort key: its data-sort (raw number, or text behind marks), else its own text (the HTML is smaller).
  function key(cell) {
    var value = cell.getAttribute("data-sort");
    return value === null ? cell.textContent.trim() : value;
  }

  function sortTable(table, index, button) {
    var th = button.closest("th");
    var numeric = th.classList.contains("num");
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[index]), y = key(b.cells[index]);
      var c = numeric ? (parseFloat(x || "-Infinity") - parseFloat(y || "-Infinity")) : x.localeCompare(y, "vi");
      return dir === "ascending" ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function initSort() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      table.querySelectorAll("th button.sort").forEach(function (button, index) {
        button.addEventListener("click", function () { sortTable(table, index, button); });
      });
    });
  }

  function initFilters() {
    document.querySelectorAll("form.kb-filters").forEach(function (form) {
      var table = document.querySelector('[data-table="' + form.getAttribute("data-filter-for") + '"] table');
      var output = form.querySelector(".kb-count");
      var empty = document.createElement("p");
      empty.className = "kb-empty";
      empty.hidden = true;
      empty.setAttribute("role", "status");
      empty.textContent = "Không có dòng nào khớp với các lựa chọn này. Chọn “Tất cả” ở một bộ lọc để xem thêm.";
      table.parentNode.insertBefore(empty, table.nextSibling);
      function apply() {
        var shown = 0;
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          var ok = Array.prototype.every.call(form.querySelectorAll("select"), function (s) {
            return !s.value || row.getAttribute("data-" + s.getAttribute("data-filter")) === s.value;
          });
          row.hidden = !ok;
          if (ok) { shown += 1; }
        });
        output.textContent = shown + " / " + table.tBodies[0].rows.length + " dòng";
        empty.hidden = shown > 0;
      }
      form.addEventListener("change", apply);
      apply();
    });
  }

  /* Names (generator/names.py): a query matches a name when each of its words matches a different word of the
     name or its area: exactly, as the start of it (the last word, still being typed), or with one letter
     wrong, missing, extra or swapped, once per query. Pagefind matches words and prefixes only. */
  function oneEdit(a, b) {
    var i = 0;
    if (Math.abs(a.length - b.length) > 1) { return false; }
    while (i < a.length && i < b.length && a[i] === b[i]) { i += 1; }
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function matchWords(words, tokens, named) {
    var used = [], edits = 0, partial = 0, unmatched = named;
    for (var k = 0; k < words.length; k += 1) {
      var w = words[k], best = -1, bestCost = 9;
      for (var j = 0; j < tokens.length && bestCost > 0; j += 1) {
        if (used[j]) { continue; }
        var t = tokens[j], c = 9;
        if (t === w) { c = 0; }
        else if (k === words.length - 1 && t.indexOf(w) === 0) { c = 1; }
        else if (w.length >= 3 && t.length >= 2 && oneEdit(w, t)) { c = 2; }
        if (c < bestCost) { bestCost = c; best = j; }
      }
      if (best < 0) { return null; }
      used[best] = true;
      if (best < named) { unmatched -= 1; }
      if (bestCost === 2) { edits += 1; } else if (bestCost === 1) { partial += 1; }
    }
    // Fewest corrections, then fewest half-typed words, then the name closest to the query (its area aside).
    return edits > 1 ? null : [edits, partial, unmatched];
  }

  // Name files are gzipped JSON (generator/names.py: a third of the bytes), fetched as opaque bytes and unpacked here.
  // A host that sends them with Content-Encoding: gzip has them unpacked by the browser already: without gzip's magic
  // bytes (1f 8b) they are read as JSON. A browser without DecompressionStream reads the plain copy beside each.
  function fetchNames(url) {
    if (typeof DecompressionStream === "undefined") {
      return fetch(url.replace(/\.gz$/, "")).then(function (r) { return r.json(); });
    }
    return fetch(url).then(function (r) { return r.arrayBuffer(); }).then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      var unpacked = bytes[0] === 0x1f && bytes[1] === 0x8b
        ? new Response(bytes).body.pipeThrough(new DecompressionStream("gzip")) : bytes;
      return new Response(unpacked).json();
    });
  }

  var namesLoaded = {};  // one name index per province, and the whole site's (generator/names.py)
  function loadNames(url) {
    if (!namesLoaded[url]) {
      namesLoaded[url] = fetchNames(url).then(function (data) {
        return data.names.map(function (e) {
          var spellings = [e[0]].concat(e.slice(4));
          return { name: e[0], area: e[1], url: e[2], rank: e[3],
                   tokens: spellings.map(function (s) { return [fold(s).split(" "), fold(s + " " + e[1]).split(" ")]; }) };
        });
      });
    }
    return namesLoaded[url];
  }

  function findNames(names, query, limit) {
    var words = fold(query).split(" ").filter(Boolean), found = [];
    if (!words.length || words.join("").length < 2) { return []; }
    names.forEach(function (entry) {
      var best = null;
      entry.tokens.forEach(function (pair) {
        var score = matchWords(words, pair[1], pair[0].length);
        if (score && (!best || compare(score, best) < 0)) { best = score; }
      });
      if (best) { found.push({ entry: entry, score: best.concat([entry.rank]) }); }
    });
    found.sort(function (a, b) { return compare(a.score, b.score) || a.entry.name.localeCompare(b.entry.name, "vi"); });
    // A corrected word is a guess: offer it only when no name matches the query as typed.
    var exact = found.filter(function (f) { return f.score[0] === 0; });
    return (exact.length ? exact : found).slice(0, limit).map(function (f) { return f.entry; });
  }

  function compare(a, b) {
    for (var i = 0; i < a.length; i += 1) { if (a[i] !== b[i]) { return a[i] - b[i]; } }
    return 0;
  }

  function nameLink(entry, root) {
    var a = document.createElement("a"), area = document.createElement("span");
    a.href = new URL(entry.url, root).href;
    a.textContent = entry.name;
    if (entry.area) { area.className = "kb-area"; area.textContent = " — " + entry.area; a.appendChild(area); }
    return a;
  }

  function initHeaderSearch() {
    var form = document.querySelector("form.kb-header-search");
    if (!form) { return; }
    var input = form.querySelector("input[type=search]"), panel = form.querySelector(".kb-suggest");
    var list = panel.querySelector("ul"), status = form.querySelector(".kb-suggest-status");
    var root = new URL(form.getAttribute("data-root"), document.baseURI);
    var namesUrl = new URL(form.getAttribute("data-names"), document.baseURI).href, timer = null;
    var part = form.querySelector('input[name="tinh"]');  // on a province's page: search that province
    function close() { panel.hidden = true; }
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    function show() {
      var query = input.value.trim();
      if (!query) { list.innerHTML = ""; status.textContent = ""; close(); return; }
      loadNames(namesUrl).then(function (names) {
        var found = findNames(names, query, 8);
        list.innerHTML = "";
        found.forEach(function (entry) {
          var li = document.createElement("li");
          li.appendChild(nameLink(entry, root));
          list.appendChild(li);
        });
        var li = document.createElement("li"), all = document.createElement("a");
        all.className = "kb-suggest-all";
        all.href = form.action + "?q=" + encodeURIComponent(query) + (part ? "&tinh=" + encodeURIComponent(part.value) : "");
        all.textContent = "Tìm “" + query + "” trong toàn bộ nội dung";
        li.appendChild(all);
        list.appendChild(li);
        status.textContent = found.length ? found.length + " gợi ý" : "Không có tên nào khớp";
        panel.hidden = false;
      }).catch(function () { close(); });
    }
    input.addEventListener("focus", function () { loadNames(namesUrl).catch(function () {}); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(show, 60); });
    form.addEventListener("keydown", function (e) {
      var items = links(), at = items.indexOf(document.activeElement);
      if (e.key === "Escape") { close(); input.focus(); }
      else if (e.key === "ArrowDown" && !panel.hidden && items.length) {
        e.preventDefault(); items[Math.min(at + 1, items.length - 1)].focus();
      } else if (e.key === "ArrowUp" && at >= 0) {
        e.preventDefault(); if (at === 0) { input.focus(); } else { items[at - 1].focus(); }
      }
    });
    form.addEventListener("focusout", function (e) { if (!form.contains(e.relatedTarget)) { close(); } });
  }

  // Five results at a time: each loads its page's Pagefind fragment (the page's text: about 17 KB for the largest plans at
  // national scale), and a query stays within the 300 KB budget (bench/search.py); "Xem thêm" loads five more.
  var PAGE_SIZE = 5;

  function initSearch() {
    var form = document.querySelector("form.kb-search");
    if (!form) { return; }
    var input = form.querySelector("input"), status = document.querySelector(".kb-search-status");
    var list = document.querySelector(".kb-search-results"), named = document.querySelector(".kb-search-names");
    var more = document.querySelector(".kb-search-more"), shown = [], results = [];
    var root = new URL(form.getAttribute("data-root"), document.baseURI);
    var namesUrl = new URL(form.getAttribute("data-names"), document.baseURI).href;
    // On a large site each province has its own search index, with its own copy of the runtime, and name index;
    // the pages of no province (programs, glossary) have the whole site's (publish.run_search_indexes).
    var select = form.querySelector('select[name="tinh"]'), runtimes = {};
    var wanted = new URLSearchParams(location.search).get("tinh");
    if (select && wanted !== null && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
      select.value = wanted;
    }
    function scope() { return select ? select.value : ""; }
    function partUrl(pattern, part) { return new URL(form.getAttribute(pattern).replace("{tinh}", part), root); }
    function load(part) {
      if (!runtimes[part]) {
        var url = part ? partUrl("data-part-index", part).href + "pagefind.js"
          : new URL(form.getAttribute("data-pagefind"), document.baseURI).href;
        runtimes[part] = import(url).then(function (pf) {
          // No worker: one file fewer to download (the budget is 300 KB per query, bench/search.py).
          return pf.options({ baseUrl: root.pathname, noWorker: true, ranking: { metaWeights: { title: 5, dtitle: 5 } } })
            .then(function () { return pf; });
        });
      }
      return runtimes[part];
    }
    function scopeNote() {
      return select && !scope() && select.options.length > 1
        ? " Chọn một tỉnh để tìm cả trong các trang xã, cơ quan, kế hoạch của tỉnh." : "";
    }
    function showNames(query) {
      return loadNames(scope() ? partUrl("data-part-names", scope()).href : namesUrl).then(function (names) {
        var found = findNames(names, query, 5);
        named.innerHTML = "";
        named.hidden = !found.length;
        if (!found.length) { return; }
        var h = document.createElement("h2"), ol = document.createElement("ol");
        h.textContent = "Trang có tên khớp";
        found.forEach(function (entry) { var li = document.createElement("li"); li.appendChild(nameLink(entry, root)); ol.appendChild(li); });
        named.appendChild(h); named.appendChild(ol);
      }).catch(function () { named.hidden = true; });
    }
    function render(items) {
      var first = null;
      items.forEach(function (item) {
        var li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
        a.href = item.url; a.textContent = item.meta.title || item.url;
        p.className = "kb-search-excerpt";
        p.innerHTML = item.excerpt;  // Pagefind escapes the page text and adds only <mark> around matched words
        li.appendChild(a); li.appendChild(p); list.appendChild(li);
        first = first || a;
      });
      return first;
    }
    function page() {
      var next = results.slice(shown.length, shown.length + PAGE_SIZE);
      return Promise.all(next.map(function (r) { return r.data(); })).then(function (items) {
        shown = shown.concat(items);
        var first = render(items);
        var left = results.length - shown.length;
        more.hidden = left <= 0;
        more.textContent = "Xem thêm " + Math.min(left, PAGE_SIZE) + " kết quả (còn " + left + ")";
        status.textContent = results.length + " kết quả toàn văn" + (left > 0 ? ", đang hiện " + shown.length : "") +
          (scopeNote() ? "." + scopeNote() : "");
        return first;
      });
    }
    function run(query) {
      // Pagefind folds accents itself but keeps đ; the pages carry đ-words folded to d (mkdocs_hooks.d_words).
      var text = query.replace(/đ/g, "d").replace(/Đ/g, "D").trim();
      list.innerHTML = ""; shown = []; results = []; more.hidden = true;
      if (!fold(text)) { status.textContent = ""; named.hidden = true; return; }
      status.textContent = "Đang tìm…";
      showNames(query);
      load(scope()).then(function (pf) { return pf.search(text); }).then(function (search) {
        results = search.results;
        if (!results.length) { status.textContent = "Không có kết quả toàn văn cho “" + query + "”." + scopeNote(); return null; }
        return page();
      }).catch(function () { status.textContent = "Không tải được chỉ mục tìm kiếm."; });
    }
    more.addEventListener("click", function () { page().then(function (first) { if (first) { first.focus(); } }); });
    function submit() {
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value) +
                           (scope() ? "&tinh=" + encodeURIComponent(scope()) : ""));
      run(input.value);
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); submit(); });
    if (select) { select.addEventListener("change", function () { if (input.value.trim()) { submit(); } }); }
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; run(q); }
  }


  // Comparison page (issue 9, reader 4): the reader ticks districts or plans; rows of other plans are hidden
  // and the choice is kept in the query string (?huyen=a,b&ke-hoach=c) so the view can be shared.
  function initCompare() {
    var form = document.querySelector("form[data-compare]");
    if (!form) { return; }
    var plans = Array.prototype.slice.call(form.querySelectorAll('input[name="ke-hoach"]'));
    var districts = Array.prototype.slice.call(form.querySelectorAll('input[name="huyen"]'));
    var rows = document.querySelectorAll("[data-plan-id]");
    var status = form.querySelector(".kb-choose-status"), link = form.querySelector(".kb-share-link");
    var copy = form.querySelector(".kb-copy"), lengths = document.querySelector(".kb-lengths");
    var unmatched = false;
    function isChecked(box) { return box.checked; }
    function own(district) {
      return plans.filter(function (p) { return p.getAttribute("data-district") === district.value; });
    }
    function query() {
      var whole = [], single = [];
      districts.forEach(function (d) {
        var mine = own(d), on = mine.filter(isChecked);
        if (on.length && on.length === mine.length) { whole.push(d.value); }
        else { on.forEach(function (p) { single.push(p.value); }); }
      });
      var parts = [];
      if (whole.length) { parts.push("huyen=" + whole.join(",")); }
      if (single.length) { parts.push("ke-hoach=" + single.join(",")); }
      return parts.length ? "?" + parts.join("&") : "";
    }
    function render() {
      var chosen = plans.filter(isChecked).map(function (p) { return p.value; });
      var shownDistricts = {};
      districts.forEach(function (d) {
        var mine = own(d), on = mine.filter(isChecked).length;
        d.checked = on > 0 && on === mine.length;
        d.indeterminate = on > 0 && on < mine.length;
      });
      plans.forEach(function (p) {
        if (!chosen.length || p.checked) { shownDistricts[p.getAttribute("data-district")] = true; }
      });
      Array.prototype.forEach.call(rows, function (row) {
        row.hidden = chosen.length > 0 && chosen.indexOf(row.getAttribute("data-plan-id")) < 0;
      });
      if (lengths) {
        var years = {};
        document.querySelectorAll("tr[data-years]").forEach(function (r) { if (!r.hidden) { years[r.getAttribute("data-years")] = true; } });
        lengths.hidden = Object.keys(years).length < 2;
      }
      var count = chosen.length || plans.length, places = Object.keys(shownDistricts).length;
      status.textContent = (chosen.length ? "Đang so sánh " : (unmatched ? "Liên kết không chọn huyện nào của trang này: đang hiện tất cả " : "Chưa chọn: đang hiện tất cả "))
        + count + " kế hoạch của " + places + " huyện.";
      var url = location.pathname + query() + location.hash;
      history.replaceState(null, "", url);
      link.href = url;
      link.textContent = link.href;
      copy.textContent = "Chép liên kết";
    }
    var params = new URLSearchParams(location.search);
    var wantDistricts = (params.get("huyen") || "").split(","), wantPlans = (params.get("ke-hoach") || "").split(",");
    plans.forEach(function (p) {
      p.checked = wantPlans.indexOf(p.value) >= 0 || wantDistricts.indexOf(p.getAttribute("data-district")) >= 0;
    });
    unmatched = Boolean(params.get("huyen") || params.get("ke-hoach")) && !plans.some(isChecked);
    districts.forEach(function (d) {
      d.addEventListener("change", function () {
        own(d).forEach(function (p) { p.checked = d.checked; });
        unmatched = false;
        render();
      });
    });
    plans.forEach(function (p) { p.addEventListener("change", function () { unmatched = false; render(); }); });
    form.querySelector(".kb-clear").addEventListener("click", function () {
      plans.forEach(function (p) { p.checked = false; });
      render();
    });
    copy.addEventListener("click", function () {
      var done = function () { copy.textContent = "Đã chép liên kết"; };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(link.href).then(done, function () { window.getSelection().selectAllChildren(link); });
      } else {
        window.getSelection().selectAllChildren(link);
      }
    });
    form.hidden = false;
    render();
  }

  // A wide table says it scrolls sideways, so a cut-off column is never read as the whole row.
  function initScrollHints() {
    document.querySelectorAll(".kb-compare-scroll").forEach(function (box) {
      var hint = document.createElement("p");
      hint.className = "kb-scroll-hint";
      hint.textContent = "Bảng rộng hơn màn hình: kéo ngang để xem hết các cột →";
      box.parentNode.insertBefore(hint, box);
      function update() { hint.hidden = box.scrollWidth <= box.clientWidth + 1; }
      window.addEventListener("resize", update);
      update();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initSort(); initFilters(); initHeaderSearch(); initSearch(); initCompare(); initScrollHints();
  });
})();
