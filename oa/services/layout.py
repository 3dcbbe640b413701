"""The signed document laid out as GB/T 9704-2012 prescribes, rendered by the platform's PDF
service (WeasyPrint, Noto CJK fonts embedded), with the issuer's seal and a 2-D barcode (QR)
carrying the document's metadata.

Page: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm; body in 3号 (16 pt) characters, 22 lines
of 28 characters; title in 2号 (22 pt). 版头: 份号, 密级, 紧急程度 at the top left, the red
发文机关标志 centred, the 发文字号 (with 签发人 on the right for upward documents) and the red
line. 主体: title, 主送机关, body, 附件说明, 署名, 成文日期 (Arabic numerals, as the 2012
standard prescribes), the seal over the signature, 附注. 版记: 抄送机关, 印发机关 and 印发日期
between thin lines, on the last page.
"""

from __future__ import annotations

from django.utils import timezone

from platform_core.services.pdf import qr_data_uri, render_pdf
from platform_core.services.seal import get_seal_provider

from ..constants import UPWARD_KINDS, Secrecy, Urgency
from ..models import OutgoingDocument


def barcode_text(document: OutgoingDocument) -> str:
    """The metadata in the 2-D barcode, one `key:value` a line (read back at 收文 registration)."""
    rows = [
        ("文号", document.number or ""),
        ("标题", document.title),
        ("发文机关", document.issuer.signature),
        ("成文日期", document.formed_on.isoformat() if document.formed_on else ""),
        ("密级", document.get_secrecy_display() if document.secrecy else ""),
        ("紧急程度", document.get_urgency_display() if document.urgency else ""),
        ("文种", document.get_kind_display()),
        ("编号", document.source_ref),
    ]
    return "\n".join(f"{key}:{value}" for key, value in rows)


def parse_barcode(text: str) -> dict[str, str]:
    out = {}
    for line in (text or "").splitlines():
        key, sep, value = line.partition(":")
        if sep:
            out[key.strip()] = value.strip()
    return out


def _date_cn(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def document_context(document: OutgoingDocument, copy_number: int = 1) -> dict:
    attachments = list(document.attachments.order_by("pk"))
    return {
        "document": document,
        "copy_number": f"{copy_number:06d}",
        "secrecy": document.get_secrecy_display() if document.secrecy != Secrecy.NONE else "",
        "urgency": document.get_urgency_display() if document.urgency != Urgency.NORMAL else "",
        "upward": document.kind in UPWARD_KINDS,
        "attachments": [a.original_name.rsplit(".", 1)[0] for a in attachments],
        "formed": _date_cn(document.formed_on),
        "printed": _date_cn(timezone.localdate(document.signed_at) if document.signed_at else None),
        "seal": get_seal_provider().seal_data_uri(document.issuer.unit),
        "barcode": qr_data_uri(barcode_text(document)),
    }


def document_pdf(document: OutgoingDocument, copy_number: int = 1) -> bytes:
    return render_pdf("oa/pdf/document.html", document_context(document, copy_number))
