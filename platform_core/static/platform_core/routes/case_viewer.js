/* A running case's position on its route: bpmn-js NavigatedViewer (zoom, pan) over the route's
 * BPMN export, the current step marked. The SVG picture stays for use without JavaScript. */
(function () {
  "use strict";
  var box = document.querySelector(".case-bpmn[data-bpmn-url]");
  if (!box || !window.BpmnJS || !window.fetch) { return; }
  window.fetch(box.getAttribute("data-bpmn-url"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    })
    .then(function (xml) {
      box.hidden = false;
      var viewer = new window.BpmnJS({ container: box });
      return viewer.importXML(xml).then(function () {
        var canvas = viewer.get("canvas");
        var current = box.getAttribute("data-current");
        if (current && viewer.get("elementRegistry").get("Task_" + current)) {
          canvas.addMarker("Task_" + current, "route-current");
        }
        canvas.zoom("fit-viewport");
        var img = box.parentNode.querySelector("img");
        if (img) { img.hidden = true; }
      });
    })
    .catch(function () { box.hidden = true; });
})();
