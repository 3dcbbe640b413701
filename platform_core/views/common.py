"""Helpers the views share: error responses (the page, or JSON for the API) that never raise.

An error page must never fail itself: if rendering error.html raises (a template, a context
processor, the database), a plain page without context is returned instead.
"""

import logging

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import escape

from ..http import is_api_request

logger = logging.getLogger(__name__)

# The rate limits count per minute: a refused client may try again after this many seconds.
RATELIMIT_RETRY_AFTER_SECONDS = 60


def _plain(status: int, title: str, message: str) -> HttpResponse:
    """The error page without template context (no user, no database, no context processor)."""
    try:
        html = render_to_string(
            "error_plain.html", {"status": status, "title": title, "message": message}
        )
    except Exception:
        logger.exception("the plain error page could not be rendered either")
        html = (
            f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>{escape(title)}'
            f"</title><h1>{escape(title)}</h1><p>{escape(message)}</p>"
            '<p><a href="/">返回首页</a></p></html>'
        )
    return HttpResponse(html, status=status)


def error_response(request, status: int, title: str, message: str, data=None) -> HttpResponse:
    """The error page (JSON for the API: `data`, or {"detail": message})."""
    if is_api_request(request):
        return JsonResponse(data if data is not None else {"detail": message}, status=status)
    try:
        return render(
            request,
            "error.html",
            {"status": status, "title": title, "message": message},
            status=status,
        )
    except Exception:
        logger.exception("error page %s failed; plain page served instead", status)
        return _plain(status, title, message)


def ratelimited(request, exception=None):
    """429 with a Chinese message and Retry-After (RATELIMIT_VIEW, and own throttles)."""
    response = error_response(request, 429, "操作过于频繁", "您的操作过于频繁，请稍后再试。")
    response["Retry-After"] = str(RATELIMIT_RETRY_AFTER_SECONDS)
    return response
