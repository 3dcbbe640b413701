"""Back office of the interaction platform (placeholder, filled in by the next slice)."""

from django.http import Http404


def case_detail(request, number: str):
    raise Http404
