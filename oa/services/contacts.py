"""The address book's writes: the pinyin of a name (computed whenever a person is saved) and a
person's own contact settings (office phone, room, who may see their mobile)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from platform_core.models import User

from ..constants import MobileScope
from ..models import StaffContact

PHONE_CHARS = set("0123456789-+ 转()（）")


def name_pinyin(name: str) -> tuple[str, str]:
    """("zhoumin", "zm") for 周敏; letters and digits in a name are kept as they are."""
    syllables = [s.strip().lower() for s in lazy_pinyin(name or "", style=Style.NORMAL)]
    syllables = [s for s in syllables if s]
    full = "".join(s for s in syllables if s.isascii()).replace(" ", "")
    initials = "".join(s[0] for s in syllables if s.isascii() and s[0].isalnum())
    return full[:200], initials[:64]


def contact_refresh(user: User) -> StaffContact | None:
    """Create or update a staff member's address-book row (the pinyin of their name)."""
    if not user.is_office_user:
        return None
    full, initials = name_pinyin(user.name)
    contact = StaffContact.objects.filter(user=user).first()
    if contact is None:
        contact = StaffContact(user=user, name_pinyin=full, name_initials=initials)
        contact._history_user = user
        contact.save()
    elif (contact.name_pinyin, contact.name_initials) != (full, initials):
        StaffContact.objects.filter(pk=contact.pk).update(name_pinyin=full, name_initials=initials)
        contact.name_pinyin, contact.name_initials = full, initials
    return contact


def contacts_refresh_all() -> int:
    """Backfill every staff member's row (for data loaded without going through save)."""
    count = 0
    for user in User.objects.filter(is_active=True).order_by("pk"):
        if contact_refresh(user) is not None:
            count += 1
    return count


def _check_phone(value: str, label: str) -> str:
    value = value.strip()
    if value and not set(value) <= PHONE_CHARS:
        raise ValidationError(
            _("%(label)s只能包含数字、空格、“-”、“+”、“转”和括号。"), params={"label": label}
        )
    return value


@transaction.atomic
def contact_update(*, by: User, office_phone: str, room: str, mobile_scope: str) -> StaffContact:
    """本人修改通讯录信息：办公电话、办公室、手机号码可见范围。"""
    if not by.is_office_user:
        raise ValidationError(_("只有机关工作人员有通讯录信息。"))
    if mobile_scope not in MobileScope.values:
        raise ValidationError(_("请选择手机号码的可见范围。"))
    office_phone = _check_phone(office_phone, _("办公电话"))
    contact = contact_refresh(by)
    contact = StaffContact.objects.select_for_update().get(pk=contact.pk)
    contact.office_phone = office_phone[:32]
    contact.room = room.strip()[:32]
    contact.mobile_scope = mobile_scope
    contact._history_user = by
    contact.save()
    return contact
