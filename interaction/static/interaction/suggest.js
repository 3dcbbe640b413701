// 写信时的参考答复: while the citizen types the title and content of the public form, ask the
// server for matching knowledge-base entries and list them (at most five) with their links.
// Without JavaScript the form works as before, simply without suggestions.
(function () {
  "use strict";
  var DELAY = 600; // ms after the last key stroke
  var MIN_CHARS = 4;

  function init() {
    var box = document.getElementById("kb-suggest");
    if (!box || !window.fetch) return;
    var form = box.closest("form");
    var title = form && form.querySelector("[name=title]");
    var content = form && form.querySelector("[name=content]");
    if (!title || !content) return;
    // The live region (#kb-suggest) is always in the page; only its panel is shown or hidden, so
    // that screen readers announce new suggestions.
    var panel = box.querySelector(".kb-suggest");
    var list = box.querySelector(".kb-suggest-list");
    var timer = null;
    var lastQuery = "";
    var controller = null;

    function render(entries) {
      list.textContent = "";
      entries.forEach(function (entry) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = entry.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = entry.title;
        item.appendChild(link);
        if (entry.summary) {
          var summary = document.createElement("p");
          summary.className = "note";
          summary.textContent = entry.summary + "…（" + entry.department + "）";
          item.appendChild(summary);
        }
        list.appendChild(item);
      });
      panel.hidden = entries.length === 0;
    }

    function ask() {
      var t = title.value.trim();
      var c = content.value.trim();
      var query = t + "\n" + c;
      if (query === lastQuery) return;
      lastQuery = query;
      if ((t + c).length < MIN_CHARS) {
        render([]);
        return;
      }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var params = new URLSearchParams({ title: t, content: c.slice(0, 1000) });
      fetch(box.dataset.url + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          render(data.entries || []);
        })
        .catch(function () {
          // Too many requests or offline: keep what is shown; the form itself is unaffected.
        });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    }

    title.addEventListener("input", schedule);
    content.addEventListener("input", schedule);
    if (title.value || content.value) schedule(); // the form came back with text in it
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
