// Dynamic forms: hide a field while its display condition is not met (progressive enhancement).
// Without this script every field is shown with a note; the server drops hidden fields anyway.
(function () {
  "use strict";
  function valuesOf(form, name) {
    var values = [];
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    Array.prototype.forEach.call(inputs, function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.tagName === "SELECT" && input.multiple) {
        Array.prototype.forEach.call(input.selectedOptions, function (o) { values.push(o.value); });
        return;
      }
      values.push(input.value);
    });
    return values;
  }
  function refresh(form) {
    var items = form.querySelectorAll(".dyn-item[data-show-when]");
    Array.prototype.forEach.call(items, function (item) {
      var controller = form.querySelector('.dyn-item[data-key="' + item.dataset.showWhen + '"]');
      var controllerShown = !controller || !controller.hidden;
      var shown = controllerShown &&
        valuesOf(form, item.dataset.showWhen).indexOf(item.dataset.showValue) !== -1;
      item.hidden = !shown;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form.dynform"), function (form) {
      Array.prototype.forEach.call(form.querySelectorAll(".dyn-condition"), function (note) {
        note.hidden = true;  // the script shows and hides fields itself
      });
      form.addEventListener("change", function () { refresh(form); });
      form.addEventListener("input", function () { refresh(form); });
      refresh(form);
    });
  });
})();
