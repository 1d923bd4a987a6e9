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
  // Lower case, accents removed, hyphens as spaces (jdih.content.citations.normalise).
  function normalise(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/-/g, " ").split(/\s+/).filter(Boolean).join(" ");
  }

  // Legal citations in one normal form: the rules of jdih.content.citations (change both
  // together; tests/site/test_search.py runs the same queries through both). "UU No. 7 Tahun
  // 2017", "UU 7/2017", "uu 7 2017" → "uu:7/2017"; "7/2017", "Nomor 7 Tahun 2017" → ":7/2017",
  // which every kind's token of that number and year contains. The index has each post's tokens.
  var KINDS = {
    "uu": ["undang undang", "uu"],
    "perppu": ["peraturan pemerintah pengganti undang undang", "perppu", "perpu"],
    "pp": ["peraturan pemerintah", "pp"],
    "perpres": ["peraturan presiden", "perpres"],
    "keppres": ["keputusan presiden", "keppres", "kepres"],
    "pkpu": ["peraturan komisi pemilihan umum", "peraturan kpu", "pkpu"],
    "kepkpu": ["keputusan komisi pemilihan umum", "keputusan kpu", "kepkpu"],
    "perbawaslu": ["peraturan badan pengawas pemilihan umum", "peraturan bawaslu", "perbawaslu"],
    "permenkumham": ["peraturan menteri hukum dan hak asasi manusia", "peraturan menteri hukum dan ham",
                     "permenkumham"],
    "permendagri": ["peraturan menteri dalam negeri", "permendagri"],
    "perma": ["peraturan mahkamah agung", "perma"],
    "perda": ["peraturan daerah", "perda"],
    "perbup": ["peraturan bupati", "perbup"]
  };
  var NAME_OF = {}, names = [];
  Object.keys(KINDS).forEach(function (kind) {
    KINDS[kind].forEach(function (name) { NAME_OF[name] = kind; names.push(name); });
  });
  names.sort(function (a, b) { return b.length - a.length; });
  var CITATION = new RegExp(
    "(?:\\b(" + names.map(function (name) { return name.replace(/ /g, "\\s+"); }).join("|") + ")\\s*)?" +
    "(?:\\b(nomor|nomer|nmr|no)\\b\\.?\\s*)?" +
    "(?<![\\d/.])(\\d+)\\s*(\\/|\\btahun\\b|\\bth\\b\\.?|\\s)\\s*((?:19|20)\\d\\d)(?!\\d)", "g");

  // The terms every hit must contain: each citation as its token, the other words (two
  // characters or more) as they are (jdih.content.citations.query_terms).
  function queryTerms(query) {
    var text = normalise(query), tokens = [], rest = "", end = 0, match;
    CITATION.lastIndex = 0;
    while ((match = CITATION.exec(text)) !== null) {
      var kind = match[1] ? NAME_OF[match[1].split(/\s+/).join(" ")] : "";
      if (!match[1] && !match[2] && /^\s$/.test(match[4])) continue;
      rest += text.slice(end, match.index) + " ";
      tokens.push((kind || "") + ":" + parseInt(match[3], 10) + "/" + parseInt(match[5], 10));
      end = match.index + match[0].length;
    }
    rest += text.slice(end);
    var terms = rest.split(/\s+/).filter(function (t) { return t.length > 1; }).concat(tokens);
    return terms.filter(function (t, i) { return terms.indexOf(t) === i; });
  }
  window.jdihQueryTerms = queryTerms;  // for the tests that compare it with the Python rules

  function search() {
    var terms = queryTerms(input.value);
    list.textContent = "";
    if (!terms.length) { status.textContent = "Ketik paling sedikit dua huruf."; return; }
    var hits = index.filter(function (row) {
      var hay = normalise(row[0] + " " + row[3] + " " + row[4] + " " + row[5] + " " + (row[7] || ""));
      return terms.every(function (t) { return hay.indexOf(t) !== -1; });
    });
    status.textContent = hits.length ? hits.length + " konten ditemukan." : "Tidak ada konten yang cocok.";
    hits.slice(0, 50).forEach(function (row) {
      var li = document.createElement("li");
      var time = document.createElement("time");
      time.setAttribute("datetime", row[2]);
      time.textContent = row[6] || row[2];  // "24 November 2026"; the ISO date for machines
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
