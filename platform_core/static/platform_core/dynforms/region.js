/* Region field (省 → 市 → 县 → 乡镇): when a division is chosen, fetch its children into the next
   select and empty the ones after it. Without this script the "更新下级选项" button does it. */
(function () {
  "use strict";
  if (window.egovRegionSelect) { return; }
  window.egovRegionSelect = true;

  function fill(select, items, placeholder) {
    select.length = 0;
    select.add(new Option(placeholder, ""));
    items.forEach(function (item) { select.add(new Option(item[1], item[0])); });
  }

  function setup(box) {
    var selects = Array.prototype.slice.call(box.querySelectorAll("select"));
    var url = box.getAttribute("data-region-url");
    var refresh = box.querySelector(".region-select__refresh");
    if (refresh) { refresh.hidden = true; }
    selects.forEach(function (select, index) {
      select.addEventListener("change", function () {
        for (var i = index + 1; i < selects.length; i++) {
          fill(selects[i], [], selects[i].options[0] ? selects[i].options[0].text : "");
        }
        var next = selects[index + 1];
        if (!next || !select.value) { return; }
        var address = url.replace("/9/", "/" + (index + 1) + "/")
          .replace("CODE", encodeURIComponent(select.value));
        fetch(address, { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { children: [] }; })
          .then(function (data) { fill(next, data.children, next.options[0].text); })
          .catch(function () { if (refresh) { refresh.hidden = false; } });
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".region-select"), setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
