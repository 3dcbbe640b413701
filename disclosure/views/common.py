"""What the disclosure back-office views share (views do not import views)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse

from platform_core.decorators import office_user_passes
from platform_core.selectors.dynforms import form_class_for, latest_published, version_specs
from platform_core.verification import verification_url

from ..models import Column, Item
from ..selectors import access
from ..selectors.items import item_detail

# Staff holding a disclosure role (officer, section head, leader) somewhere.
disclosure_staff_required = office_user_passes(access.is_disclosure_staff)


def item_or_404(user, pk: int) -> Item:
    """An item of the user's units, or 404 (another department's id is not found)."""
    item = item_detail(user, pk)
    if item is None:
        raise Http404
    return item


def body_version(column: Column | None):
    """The published version of the column's information body, if it names one."""
    if column is None or column.body_form_id is None:
        return None
    return latest_published(column.body_form)


def body_form(version, data=None, files=None, initial=None):
    if version is None:
        return None
    form_class = form_class_for(version)
    # `initial` is stored data (Item.extra): shown again as saved, tables and regions included.
    return form_class(data, files, prefix="info", initial=form_class.stored_initial(initial))


def body_values(item: Item) -> list[tuple[str, object]]:
    """(label, value) of the item's information body, in the form's order."""
    if item.form_version_id is None:
        return []
    out = []
    for spec in version_specs(item.form_version):
        if spec.key in item.extra and spec.type != "table":
            value = item.extra[spec.key]
            if spec.type == "choice":
                value = spec.choice_labels().get(value, value)
            out.append((spec.label, value))
    return out


def letter_response(request, letter) -> HttpResponse:
    """A request letter as its sealed PDF with the verification QR code."""
    from ..services.letters import letter_pdf

    pdf = letter_pdf(letter, verification_url(request, letter.number))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.number}.pdf"'
    return response


def file_response(stored) -> FileResponse:
    """A file given with a reply, streamed after the caller's permission check."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=stored.original_name)
