"""The project's URLs plus the benchmarks' reference view."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urls


def minimal(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *project_urls]
