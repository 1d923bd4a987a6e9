// Copy-link and print buttons on post pages. Plain DOM, no dependencies.
(function () {
  "use strict";
  function announce(button, text) {
    var status = button.closest(".jdih-share").querySelector(".jdih-copy__status");
    if (status) status.textContent = text;
  }
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  document.addEventListener("click", function (event) {
    var copy = event.target.closest(".jdih-copy");
    if (copy) {
      var url = copy.getAttribute("data-url");
      var done = function () { announce(copy, "Tautan disalin: " + url); };
      var failed = function () {
        if (fallbackCopy(url)) done();
        else announce(copy, "Tautan tidak dapat disalin otomatis. Salin secara manual: " + url);
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(done, failed);
      else failed();
      return;
    }
    if (event.target.closest(".jdih-print")) window.print();
  });
})();
