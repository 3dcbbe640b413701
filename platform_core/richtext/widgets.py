"""The one rich-text editor of the back office: a textarea that wangEditor 5 takes over.

Without JavaScript the field stays a plain textarea of HTML, and the server cleans whatever comes
(`clean_html`), so the form works either way. With JavaScript `richtext/editor.js` puts the
editor (Chinese UI, served from `static/vendor/wangeditor/`, never a CDN) in front of the textarea
and writes the editor's HTML back into it. Pasted HTML (Word, WPS, web pages) is sent to
`platform_core:richtext_clean` and inserted as `clean_html` returns it.

Images: pass `upload_url`, a view of the app that owns the text; it takes a POST of `file` and
`alt` (with the CSRF token), checks permission, type, size and name, stores the file in the app's
attachment store and answers with `richtext.responses.image_uploaded` / `upload_failed`. Without
`upload_url` the editor offers no image upload (e.g. before a draft is first saved).
"""

from __future__ import annotations

from django import forms
from django.forms.widgets import Script
from django.urls import reverse_lazy

TOOLBAR = "headerSelect bold italic underline through | bulletedList numberedList blockquote | insertLink insertTable divider | undo redo clearStyle"  # noqa: E501
IMAGE_TOOLS = "uploadImage"


class RichTextWidget(forms.Textarea):
    template_name = "platform_core/richtext/widget.html"

    def __init__(self, attrs=None, *, upload_url: str = "", upload_hint: str = ""):
        base = {"rows": 16, "class": "richtext-source"}
        super().__init__({**base, **(attrs or {})})
        self.upload_url = upload_url
        self.upload_hint = upload_hint

    class Media:
        css = {"all": ["vendor/wangeditor/css/style.css", "platform_core/richtext/editor.css"]}
        js = [
            Script("vendor/wangeditor/index.js", defer=True),
            Script("platform_core/richtext/editor.js", defer=True),
        ]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        toolbar = TOOLBAR + (f" | {IMAGE_TOOLS}" if self.upload_url else "")
        context["widget"]["attrs"].update(
            {
                "data-richtext": "wangeditor",
                "data-toolbar": toolbar,
                "data-clean-url": str(reverse_lazy("platform_core:richtext_clean")),
                "data-upload-url": str(self.upload_url or ""),
            }
        )
        context["widget"]["upload_hint"] = self.upload_hint
        return context
