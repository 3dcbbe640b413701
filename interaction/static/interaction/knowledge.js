// 插入答复: put a knowledge-base entry's answer at the end of the reply editor (or its textarea).
document.addEventListener("click", function (event) {
  var button = event.target.closest(".kb-insert");
  if (!button) return;
  var source = document.getElementById(button.dataset.source);
  var html = source ? source.innerHTML : "";
  var area = document.querySelector("textarea[name=body]");
  if (!area) return;
  var editor = area.richtextEditor; // set by platform_core/richtext/editor.js
  if (editor && editor.dangerouslyInsertHtml) {
    editor.focus();
    editor.dangerouslyInsertHtml(html);
  } else {
    area.value = (area.value || "") + html;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }
});
