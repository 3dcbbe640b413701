"""Public read of the administrative divisions for the region field's cascading selects."""

from django.http import Http404, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from ..selectors import divisions


@require_GET
@cache_control(public=True, max_age=86400)
def division_children(request, level: int, code: str):
    """下级行政区划（JSON）: {"children": [[code, name], ...]} of the division (level, code)."""
    if not code.isdigit() or len(code) > 12 or not 1 <= level <= 3:
        raise Http404
    return JsonResponse({"children": divisions.children(code, level)})
