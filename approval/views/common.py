"""Helpers shared by the public and office views."""

from __future__ import annotations

from django.forms.utils import ErrorDict, ErrorList
from django.http import HttpResponse, QueryDict

from approval.models import Notice
from approval.pdf import notice_pdf
from platform_core.verification import verification_url


def resumed_form(form_class, saved: dict):
    """A dynamic form showing what was saved in a draft, without complaining about gaps yet."""
    data = QueryDict(mutable=True)
    for key, values in saved.items():
        data.setlist(key, values if isinstance(values, list) else [values])
    form = form_class(data)
    form._errors = ErrorDict()
    for formset in form.formsets.values():
        formset._errors, formset._non_form_errors = [], ErrorList()
        for row in formset.forms:
            row._errors = ErrorDict()
    return form


def post_lists(request) -> dict:
    return dict(request.POST.lists())


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def notice_response(request, notice: Notice) -> HttpResponse:
    url = verification_url(request, notice.number)
    return pdf_response(notice_pdf(notice, url), f"{notice.number}.pdf")
