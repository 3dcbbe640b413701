"""A unit's address list as an Excel workbook and as vCards (RFC 6350) for phones."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors.contacts import HIDDEN


def _mobile(entry) -> str:
    return "" if entry.mobile == HIDDEN else entry.mobile


def to_xlsx(unit_name: str, entries) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("通讯录")
    sheet.append([_("%(unit)s通讯录") % {"unit": unit_name}])
    sheet["A1"].font = Font(bold=True, size=14)
    headers = [_("单位"), _("姓名"), _("角色"), _("职务"), _("办公电话"), _("手机"), _("办公室")]
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for e in entries:
        contact = e.contact
        sheet.append(
            [
                e.post.unit.name,
                e.user.name,
                e.post.role.name,
                e.post.title,
                (contact.office_phone if contact else "") or e.post.unit.phone,
                _mobile(e) if e.mobile != HIDDEN else _("仅本单位可见"),
                contact.room if contact else "",
            ]
        )
    for column, width in zip("ABCDEFG", (24, 10, 14, 14, 16, 16, 10), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def to_vcard(entries) -> str:
    cards, seen = [], set()
    for e in entries:
        if e.user.pk in seen:
            continue
        seen.add(e.user.pk)
        contact = e.contact
        lines = [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"FN;CHARSET=UTF-8:{_escape(e.user.name)}",
            f"N;CHARSET=UTF-8:{_escape(e.user.name)};;;;",
            f"ORG;CHARSET=UTF-8:{_escape(e.post.unit.name)}",
        ]
        if e.post.title or e.post.role.name:
            lines.append(f"TITLE;CHARSET=UTF-8:{_escape(e.post.title or e.post.role.name)}")
        office = (contact.office_phone if contact else "") or e.post.unit.phone
        if office:
            lines.append(f"TEL;TYPE=WORK,VOICE:{_escape(office)}")
        mobile = _mobile(e)
        if mobile:
            lines.append(f"TEL;TYPE=CELL:{_escape(mobile)}")
        if e.user.email:
            lines.append(f"EMAIL;TYPE=WORK:{_escape(e.user.email)}")
        lines.append("END:VCARD")
        cards.append("\r\n".join(lines))
    return "\r\n".join(cards) + "\r\n"
