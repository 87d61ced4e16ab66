/* Plan-site behaviour without network: table sorting, overview filters, diacritic-insensitive search. */
(function () {
  "use strict";

  function fold(text) {
    return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }
  window.kbFold = fold;

  function sortTable(table, index, button) {
    var th = button.closest("th");
    var numeric = th.classList.contains("num");
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-sort") || "", y = b.cells[index].getAttribute("data-sort") || "";
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

  function initSearch() {
    var form = document.querySelector("form.kb-search");
    if (!form) { return; }
    var input = form.querySelector("input"), status = document.querySelector(".kb-search-status");
    var list = document.querySelector(".kb-search-results"), pagefind = null;
    function load() {
      if (!pagefind) {
        pagefind = import(new URL(form.getAttribute("data-pagefind"), document.baseURI).href).then(function (pf) {
          var root = new URL(form.getAttribute("data-root"), document.baseURI).pathname;
          return pf.options({ baseUrl: root }).then(function () { return pf; });
        });
      }
      return pagefind;
    }
    function run(query) {
      var folded = fold(query);
      list.innerHTML = "";
      if (!folded) { status.textContent = ""; return; }
      status.textContent = "Đang tìm…";
      load().then(function (pf) { return pf.search(folded); }).then(function (search) {
        status.textContent = search.results.length + " kết quả cho “" + query + "”";
        return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
      }).then(function (items) {
        (items || []).forEach(function (item) {
          var li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
          a.href = item.url; a.textContent = item.meta.title || item.url;
          p.textContent = item.meta.description || "";
          li.appendChild(a); li.appendChild(p); list.appendChild(li);
        });
      }).catch(function () { status.textContent = "Không tải được chỉ mục tìm kiếm."; });
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      run(input.value);
    });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; run(q); }
  }

  document.addEventListener("DOMContentLoaded", function () { initSort(); initFilters(); initSearch(); });
})();
