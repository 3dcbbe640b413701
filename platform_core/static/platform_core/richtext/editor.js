/* The back office's rich-text editor: wangEditor 5 in front of a textarea (RichTextWidget).
 * Without this script (or if wangEditor fails to load) the textarea stays usable as it is. */
(function () {
  "use strict";

  // The site's Content-Security-Policy (style-src 'self') blocks setAttribute("style", ...),
  // which wangEditor uses to place and reset its floating bars. Setting the same declarations
  // through the CSSOM is allowed and means the same, so on pages with the editor do that.
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (String(name).toLowerCase() === "style" && this.style) {
      this.style.cssText = String(value);
      return undefined;
    }
    return setAttribute.call(this, name, value);
  };

  function csrfToken(textarea) {
    var form = textarea.form;
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, textarea, body) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(textarea), "X-Requested-With": "XMLHttpRequest" },
    }).then(function (response) {
      return response.json().catch(function () {
        return { errno: 1, message: "服务器没有返回有效结果（" + response.status + "），请稍后再试。" };
      });
    });
  }

  function stem(name) {
    var dot = name.lastIndexOf(".");
    return (dot > 0 ? name.slice(0, dot) : name).slice(0, 200);
  }

  function setUp(textarea) {
    var api = window.wangEditor;
    if (!api || textarea.dataset.richtextReady) return;
    textarea.dataset.richtextReady = "1";
    var box = document.createElement("div");
    box.className = "richtext-box";
    var toolbarEl = document.createElement("div");
    toolbarEl.className = "richtext-toolbar";
    var editorEl = document.createElement("div");
    editorEl.className = "richtext-editor";
    box.appendChild(toolbarEl);
    box.appendChild(editorEl);
    textarea.parentNode.insertBefore(box, textarea);
    textarea.hidden = true;

    var uploadUrl = textarea.dataset.uploadUrl;
    var cleanUrl = textarea.dataset.cleanUrl;
    var keys = textarea.dataset.toolbar.split(" ").filter(Boolean);

    var editor = api.createEditor({
      selector: editorEl,
      html: textarea.value || "<p><br></p>",
      mode: "default",
      config: {
        placeholder: "请输入正文……",
        onChange: function (ed) {
          textarea.value = ed.isEmpty() ? "" : ed.getHtml();
        },
        // Pasted HTML (Word, WPS, web pages) is cleaned by the server's sanitiser first.
        customPaste: function (ed, event) {
          var html = event.clipboardData && event.clipboardData.getData("text/html");
          if (!html || !cleanUrl) return true;
          event.preventDefault();
          var body = new FormData();
          body.append("html", html);
          post(cleanUrl, textarea, body).then(function (answer) {
            if (answer.errno === 0) {
              ed.dangerouslyInsertHtml(answer.data.html);
            } else {
              ed.alert(answer.message || "粘贴的内容无法处理。", "error");
            }
          });
          return false;
        },
        MENU_CONF: {
          uploadImage: {
            customUpload: function (file, insertFn) {
              var alt = window.prompt("请填写图片说明（替代文本），供读屏软件朗读：", stem(file.name));
              if (alt === null) return Promise.resolve();
              alt = alt.trim();
              if (!alt) {
                editor.alert("上传图片必须填写图片说明。", "error");
                return Promise.resolve();
              }
              var body = new FormData();
              body.append("file", file);
              body.append("alt", alt);
              return post(uploadUrl, textarea, body).then(function (answer) {
                if (answer.errno === 0) {
                  insertFn(answer.data.url, answer.data.alt, "");
                } else {
                  editor.alert(answer.message || "图片上传失败。", "error");
                }
              });
            },
          },
          insertLink: {
            checkLink: function (text, url) {
              return /^(https?:\/\/|mailto:|\/)/i.test(url) ? true : "链接须以 http://、https://、mailto: 或 / 开头";
            },
          },
        },
      },
    });
    api.createToolbar({
      editor: editor,
      selector: toolbarEl,
      mode: "default",
      config: { toolbarKeys: keys },
    });
    textarea.richtextEditor = editor; // for scripts and browser tests
    var editable = editorEl.querySelector("[contenteditable]");
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (editable && label) {
      if (!label.id) label.id = textarea.id + "-label";
      editable.setAttribute("aria-labelledby", label.id);
    }
    if (textarea.form) {
      textarea.form.addEventListener("submit", function () {
        textarea.value = editor.isEmpty() ? "" : editor.getHtml();
      });
    }
  }

  function init() {
    document.querySelectorAll("textarea[data-richtext]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
