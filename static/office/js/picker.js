// Pickers (platform_core.forms.people and the unit pickers): a search box above every select
// marked data-picker filters its options by name or unit (the option's group) as one types.
// Selected options stay visible.
(function () {
  "use strict";
  function filter(select, query) {
    Array.prototype.forEach.call(select.options, function (option) {
      var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode : null;
      option.hidden = !(
        !query ||
        option.selected ||
        option.text.indexOf(query) !== -1 ||
        (group && group.label.indexOf(query) !== -1)
      );
    });
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      group.hidden = !group.querySelector("option:not([hidden])");
    });
  }
  function setUp(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker-search";
    box.placeholder = select.getAttribute("data-picker-placeholder") || "";
    box.setAttribute("aria-label", box.placeholder);
    if (select.id) box.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      filter(select, box.value.trim());
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-picker]"), setUp);
  });
})();
