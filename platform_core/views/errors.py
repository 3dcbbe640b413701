"""Error pages: always a Chinese page with a way back, never a traceback; JSON for the API.

An error page must never fail itself: if rendering the page raises (a template, a context
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


_error = error_response


def bad_request(request, exception=None):
    return _error(request, 400, "请求有误", "您提交的请求无法识别，请检查后重试。")


def permission_denied(request, exception=None):
    return _error(
        request, 403, "无权访问", "您没有访问此页面的权限。如需开通，请联系本单位管理员。"
    )


def page_not_found(request, exception=None):
    return _error(request, 404, "页面不存在", "您访问的页面不存在或已被移除，请检查网址。")


def server_error(request):
    return _error(request, 500, "系统繁忙", "系统暂时无法处理您的请求，请稍后再试。")


def csrf_failure(request, reason=""):
    return _error(request, 403, "页面已过期", "页面已过期或来源不明，请返回上一页刷新后重新提交。")


def ratelimited(request, exception=None):
    response = _error(request, 429, "操作过于频繁", "您的操作过于频繁，请稍后再试。")
    response["Retry-After"] = str(RATELIMIT_RETRY_AFTER_SECONDS)
    return response
