// Search over a compact index that is fetched only when the visitor starts searching,
// so no page pays for it on load (the index grows with every post).
(function () {
  "use strict";
  var form = document.querySelector(".jdih-search");
  if (!form) return;
  var input = form.querySelector("input");
  var status = document.querySelector(".jdih-search__status");
  var list = document.querySelector(".jdih-search__results");
  var base = form.getAttribute("data-index").replace(/cari\/indeks\.json$/, "");
  var index = null, loading = null;

  function load() {
    if (!loading) {
      status.textContent = "Memuat indeks…";
      loading = fetch(form.getAttribute("data-index"))
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (rows) { index = rows; status.textContent = ""; return rows; })
        .catch(function () { status.textContent = "Indeks pencarian gagal dimuat. Muat ulang halaman."; });
    }
    return loading;
  }
  function normalise(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  function search() {
    var terms = normalise(input.value).split(/\s+/).filter(function (t) { return t.length > 1; });
    list.textContent = "";
    if (!terms.length) { status.textContent = "Ketik paling sedikit dua huruf."; return; }
    var hits = index.filter(function (row) {
      var hay = normalise(row[0] + " " + row[3] + " " + row[4] + " " + row[5]);
      return terms.every(function (t) { return hay.indexOf(t) !== -1; });
    });
    status.textContent = hits.length ? hits.length + " konten ditemukan." : "Tidak ada konten yang cocok.";
    hits.slice(0, 50).forEach(function (row) {
      var li = document.createElement("li");
      var time = document.createElement("time");
      time.textContent = row[2];
      var a = document.createElement("a");
      a.href = base + row[1];
      a.textContent = row[0];   // textContent: titles are data, never markup
      li.appendChild(time); li.appendChild(document.createTextNode(" ")); li.appendChild(a);
      list.appendChild(li);
    });
  }
  input.addEventListener("focus", load, { once: true });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load().then(function () { if (index) search(); });
  });
  input.addEventListener("input", function () { if (index) search(); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; load().then(function () { if (index) search(); }); }
})();
