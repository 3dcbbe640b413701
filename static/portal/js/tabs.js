/* Progressive enhancement: headed lists inside [data-tabs] become an ARIA tab widget.
   Without JavaScript the lists stay readable one below the other. */
(function () {
  "use strict";
  function enhance(container, index) {
    var panels = Array.prototype.slice.call(container.querySelectorAll(":scope > .tab-panel"));
    if (panels.length < 2) { return; }
    var tablist = document.createElement("div");
    tablist.className = "tablist";
    tablist.setAttribute("role", "tablist");
    var tabs = panels.map(function (panel, i) {
      var heading = panel.querySelector(".tab-title");
      var tab = document.createElement("button");
      tab.type = "button";
      tab.id = "tabbtn-" + index + "-" + i;
      tab.textContent = heading ? heading.textContent : String(i + 1);
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panel.id);
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      tablist.appendChild(tab);
      return tab;
    });
    function select(i, focus) {
      tabs.forEach(function (tab, j) {
        var on = i === j;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
        panels[j].hidden = !on;
      });
      if (focus) { tabs[i].focus(); }
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { select(i, false); });
      tab.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight") { next = (i + 1) % tabs.length; }
        if (event.key === "ArrowLeft") { next = (i - 1 + tabs.length) % tabs.length; }
        if (event.key === "Home") { next = 0; }
        if (event.key === "End") { next = tabs.length - 1; }
        if (next !== null) { event.preventDefault(); select(next, true); }
      });
    });
    container.insertBefore(tablist, container.firstChild);
    container.classList.add("js-tabs");
    select(0, false);
  }
  document.querySelectorAll("[data-tabs]").forEach(enhance);
})();
