"""Error pages: always a Chinese page with a way back, never a traceback; JSON for the API.

The rendering (and its fallback when error.html itself fails) is views/common.py: error_response.
"""

from .common import error_response as _error
from .common import ratelimited

__all__ = ["ratelimited"]


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
