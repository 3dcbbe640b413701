"""Validators for Chinese identity numbers, codes and phone numbers.

The check digits follow the national standards exactly:
- GB 11643-1999 (公民身份号码): 17 digits + ISO 7064 MOD 11-2 check character (0-9 or X).
- GB 32100-2015 (法人和其他组织统一社会信用代码): 18 characters from a 31-character alphabet
  (no I, O, Z, S, V), the last one a MOD 31 check character.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def resident_id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def normalise_code(value: str) -> str:
    """Upper-case and strip spaces: people type 'x' for the check character and add spaces."""
    return (value or "").replace(" ", "").strip().upper()


def validate_resident_id(value: str) -> None:
    value = normalise_code(value)
    if not _ID_RE.match(value):
        raise ValidationError(
            _("居民身份证号应为18位，前17位为数字，最后一位为数字或X。"), code="id_format"
        )
    try:
        birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("居民身份证号中的出生日期无效。"), code="id_birth") from None
    if birth > datetime.date.today() or birth.year < 1900:
        raise ValidationError(_("居民身份证号中的出生日期无效。"), code="id_birth")
    if resident_id_check_char(value[:17]) != value[17]:
        raise ValidationError(_("居民身份证号校验码不正确，请核对后重新输入。"), code="id_checksum")


def validate_uscc(value: str) -> None:
    value = normalise_code(value)
    if not _USCC_RE.match(value):
        raise ValidationError(
            _("统一社会信用代码应为18位，由数字和大写字母组成（不含I、O、Z、S、V）。"),
            code="uscc_format",
        )
    if uscc_check_char(value[:17]) != value[17]:
        raise ValidationError(
            _("统一社会信用代码校验码不正确，请核对后重新输入。"), code="uscc_checksum"
        )


def validate_mobile(value: str) -> None:
    if not _MOBILE_RE.match(value or ""):
        raise ValidationError(_("请输入11位中国大陆手机号码。"), code="mobile")
