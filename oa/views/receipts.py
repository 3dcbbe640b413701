"""收文: documents sent to the user's units, and 签收."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..selectors.documents import receipts_list
from ..services.dispatch import receipt_sign
from .common import oa_staff_required

PAGE_SIZE = 20


@oa_staff_required
def receipt_list(request):
    page = Paginator(receipts_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "oa/office/receipts.html", {"page": page})


@require_POST
@oa_staff_required
def receipt_sign_view(request, pk: int):
    dispatch = receipts_list(request.user).filter(pk=pk).first()
    if dispatch is None:
        raise Http404
    try:
        receipt_sign(dispatch=dispatch, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已签收。"))
    return redirect("oa:receipts")
