/* Large-text / high-contrast mode (适老化) on every public page, including the published static
   files, which are the same for everyone and cannot carry the server's cookie-based class.
   The choice is kept in localStorage and applied to <html> as soon as this (blocking, tiny)
   script runs in <head>, so the page is painted in the chosen mode. The mode links still go to
   /prefs/display/, which sets the server's cookie: Django-rendered pages and the no-JavaScript
   case keep working. No inline script: the Content-Security-Policy allows only 'self'. */
(function () {
  "use strict";
  var KEY = "egov_display";
  var CLASSES = {
    "standard": [],
    "large": ["mode-large"],
    "contrast": ["mode-contrast"],
    "large-contrast": ["mode-large", "mode-contrast"]
  };
  var root = document.documentElement;

  function stored() {
    try {
      var mode = window.localStorage.getItem(KEY);
      return Object.prototype.hasOwnProperty.call(CLASSES, mode) ? mode : null;
    } catch (e) {
      return null; // storage disabled: the server's cookie and the links still work
    }
  }

  function store(mode) {
    try { window.localStorage.setItem(KEY, mode); } catch (e) { /* ignored, see above */ }
  }

  function apply(mode) {
    root.classList.remove("mode-large", "mode-contrast");
    CLASSES[mode].forEach(function (name) { root.classList.add(name); });
  }

  function modeOf(link) {
    var match = /[?&]mode=([a-z-]+)/.exec(link.getAttribute("href") || "");
    return match && Object.prototype.hasOwnProperty.call(CLASSES, match[1]) ? match[1] : null;
  }

  function current() {
    var large = root.classList.contains("mode-large");
    var contrast = root.classList.contains("mode-contrast");
    if (large && contrast) { return "large-contrast"; }
    return large ? "large" : (contrast ? "contrast" : "standard");
  }

  function mark(mode) {
    var links = document.querySelectorAll(".display-switch a");
    Array.prototype.forEach.call(links, function (link) {
      if (modeOf(link) === mode) {
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }

  var initial = stored();
  if (initial) { apply(initial); }

  document.addEventListener("DOMContentLoaded", function () {
    mark(current());
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest(".display-switch a") : null;
      var mode = link && modeOf(link);
      if (!mode) { return; }
      // Remember it here (for the static pages) and let the link set the server's cookie too.
      store(mode);
      apply(mode);
      mark(mode);
    });
  });
}());
