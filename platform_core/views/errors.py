"""Error pages: always a Chinese page with a way back, never a traceback."""

from django.shortcuts import render


def _error(request, status: int, title: str, message: str):
    return render(
        request, "error.html", {"status": status, "title": title, "message": message}, status=status
    )


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


# The rate limits count per minute: a refused client may try again after this many seconds.
RATELIMIT_RETRY_AFTER_SECONDS = 60


def ratelimited(request, exception=None):
    response = _error(request, 429, "操作过于频繁", "您的操作过于频繁，请稍后再试。")
    response["Retry-After"] = str(RATELIMIT_RETRY_AFTER_SECONDS)
    return response
