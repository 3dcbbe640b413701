"""The public verification page of issued documents (文书核验): /service/verify/<number>/."""

from __future__ import annotations

from django.shortcuts import render

from ..verification import find_document, mask_name


def verify(request, number: str):
    document = find_document(number)
    if document is None:
        return render(request, "platform_core/verify.html", {"number": number}, status=404)
    return render(
        request,
        "platform_core/verify.html",
        {"document": document, "number": number, "holder": mask_name(document.holder)},
    )
