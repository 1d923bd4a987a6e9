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

  // The paper copy says when it was printed: the time is written just before printing
  // ("24 November 2026 pukul 09.15 WIB", in the office's time zone), never the publish time.
  function two(value) { return (value < 10 ? "0" : "") + value; }
  // The time in the office's zone followed by its name (WIB), or the device's time alone.
  function printedAt(now, zone, name) {
    try {
      var day = new Intl.DateTimeFormat("id-ID", { timeZone: zone, day: "numeric", month: "long",
                                                   year: "numeric" }).format(now);
      var parts = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit",
                                                     hourCycle: "h23" }).formatToParts(now);
      var pick = function (type) { return parts.filter(function (p) { return p.type === type; })[0].value; };
      return day + " pukul " + pick("hour") + "." + pick("minute") + (name ? " " + name : "");
    } catch (e) {  // no Intl time zones: the device's own clock, without a zone name
      return now.toLocaleDateString("id-ID") + " pukul " + two(now.getHours()) + "." + two(now.getMinutes());
    }
  }
  function stampPrintTime() {
    var now = new Date();
    var stamps = document.querySelectorAll(".jdih-printed");
    for (var i = 0; i < stamps.length; i++) {
      var stamp = stamps[i];
      var zone = stamp.getAttribute("data-timezone") || undefined;
      var name = stamp.getAttribute("data-zone");
      // A <span>: an empty <time> in the built page would not be valid HTML.
      stamp.querySelector(".jdih-printed__time").textContent = printedAt(now, zone, name);
      stamp.hidden = false;
    }
  }
  // Material puts a wide table of a page (SOP, guides) in a box that scrolls sideways; a keyboard
  // can scroll it only when the box takes focus, so a box that scrolls gets tabindex and a name.
  function focusableScrollers() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Tabel (geser ke samping untuk melihat semua kolom)");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }
  // Material's drawer and search toggles are checkboxes; Firefox restores a checked one on reload
  // (Material's autocomplete="off" against that is invalid HTML on a checkbox, the build drops it).
  function closeRestoredToggles() {
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle && toggle.checked) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
    });
  }
  closeRestoredToggles();
  window.addEventListener("load", focusableScrollers);
  window.addEventListener("resize", focusableScrollers);

  // -- "Salin takarir": the post's caption, exactly as the page shows it (data-caption) --------
  // The button is in the page hidden (without JavaScript it could do nothing) and shown here. The
  // Clipboard API needs a secure context (https, or localhost); old phones' browsers lack it, so a
  // selected off-screen textarea and execCommand("copy") stand in, and when both fail the caption
  // is selected on the page for the visitor to copy. The live region says which happened.
  function copyWithTextarea(text, keepFocus) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.setAttribute("aria-hidden", "true");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    area.setSelectionRange(0, text.length);  // iOS Safari selects nothing with select() alone
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    if (keepFocus) keepFocus.focus();
    return ok;
  }
  function selectCaption(section) {
    var text = section.querySelector(".jdih-caption__text");
    if (!text || !window.getSelection) return;
    var range = document.createRange();
    range.selectNodeContents(text);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  function captionStatus(section, message) {
    var status = section.querySelector(".jdih-caption__status");
    if (!status) return;
    status.textContent = "";  // a second copy is announced again
    window.setTimeout(function () { status.textContent = message; }, 50);
  }
  function copyCaption(button) {
    var section = button.closest(".jdih-caption");
    var text = button.getAttribute("data-caption") || "";
    var done = function () { captionStatus(section, "Takarir disalin"); };
    var failed = function () {
      if (copyWithTextarea(text, button)) { done(); return; }
      selectCaption(section);
      captionStatus(section, "Takarir tidak dapat disalin otomatis. Teksnya sudah dipilih: salin melalui menu "
                    + "peramban (tekan lama lalu pilih Salin, atau Ctrl+C).");
    };
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, failed);
    } else {
      failed();
    }
  }
  var captionButtons = document.querySelectorAll(".jdih-caption__copy");
  for (var c = 0; c < captionButtons.length; c++) {
    captionButtons[c].hidden = false;
    captionButtons[c].addEventListener("click", function (event) { copyCaption(event.currentTarget); });
  }

  window.addEventListener("beforeprint", stampPrintTime);
  if (window.matchMedia) {  // browsers that print without a beforeprint event
    var print = window.matchMedia("print");
    var onChange = function (event) { if (event.matches) stampPrintTime(); };
    if (print.addEventListener) print.addEventListener("change", onChange);
    else if (print.addListener) print.addListener(onChange);
  }
})();
