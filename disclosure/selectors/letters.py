"""Letters on disclosure requests as issued documents for the platform's verification page."""

from __future__ import annotations

from platform_core.verification import IssuedDocument

from ..constants import REQUEST_PREFIX
from ..models import RequestLetter


def letter_document(number: str) -> IssuedDocument | None:
    if not number.startswith(f"{REQUEST_PREFIX}-"):
        return None
    letter = RequestLetter.objects.select_related("request__unit").filter(number=number).first()
    if letter is None:
        return None
    holder = letter.body.get("third_party") or letter.request.applicant_name
    return IssuedDocument(
        number=letter.number,
        kind=letter.get_kind_display(),
        holder=holder,
        subject=f"政府信息公开申请 {letter.request.number}",
        issuer=letter.request.unit.name,
        issued_on=letter.issued_on,
    )
