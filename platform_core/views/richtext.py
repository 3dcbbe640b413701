"""The rich-text editor's server side: pasted HTML is cleaned by the sanitiser, then inserted."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from ..decorators import office_login_required
from ..richtext.responses import upload_failed
from ..richtext.sanitize import clean_html

# A pasted Word page with many tables stays far below this; more is refused, not parsed.
MAX_PASTE_CHARS = 2_000_000


@require_POST
@office_login_required
@ratelimit(key="user", rate="120/m", method="POST", block=True)
def clean(request):
    """POST html → {"errno": 0, "data": {"html": cleaned}} (staff only, CSRF-checked)."""
    html = request.POST.get("html", "")
    if len(html) > MAX_PASTE_CHARS:
        return upload_failed(["粘贴的内容过长，请分几次粘贴。"], status=413)
    return JsonResponse({"errno": 0, "data": {"html": clean_html(html)}})
