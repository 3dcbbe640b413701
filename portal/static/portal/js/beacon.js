/* Page-view beacon of the published site: one small request after the page has loaded.
   No cookies, nothing stored; the server counts the path per day (portal/services/stats.py). */
(function () {
  "use strict";
  var url = "/stats/hit?p=" + encodeURIComponent(window.location.pathname);
  function send() {
    // A plain GET for an image: no cookies needed, no CSRF token, allowed by img-src 'self'.
    new Image().src = url;
  }
  if (document.readyState === "complete") {
    send();
  } else {
    window.addEventListener("load", send);
  }
})();
