"""Citizen accounts: one-time SMS codes, registration by real name, login by mobile phone.

A citizen never has a password. They prove they hold a mobile phone with a 6-digit code sent by
SMS; the code is stored only as an HMAC keyed with SECRET_KEY and the mobile, so a database dump
does not reveal live codes (a 6-digit space is too small for a plain hash). Codes are single-use,
expire after settings.SMS_CODE_TTL_SECONDS, and die after settings.SMS_CODE_MAX_ATTEMPTS wrong
guesses. Sending is throttled per mobile (one per SMS_CODE_RESEND_SECONDS, SMS_CODE_MAX_PER_DAY
a day) here, and per IP address by the views' rate limits.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import Channel, PersonType, SmsPurpose, UserKind
from ..models import CitizenProfile, SmsCode, User
from ..validators import normalise_code, validate_mobile
from .notifications import notification_enqueue

CODE_LENGTH = 6


class SmsCodeError(ValidationError):
    """A code was refused (throttled, wrong, expired, used up). The message is shown to the user."""


def _code_hash(mobile: str, code: str) -> str:
    # The mobile is part of the key: the same code sent to two phones never has the same hash.
    key = f"{settings.SECRET_KEY}:sms-code:{mobile}".encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def _lock_mobile(mobile: str) -> None:
    """Serialise code issuing for one mobile until the transaction ends.

    Two requests at the same moment would otherwise both see "no recent code" and both send.
    A row lock cannot help when there is no row yet, so PostgreSQL gets a transaction-level
    advisory lock on the mobile. SQLite (demo mode) has one writer at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"sms:{mobile}"]
            )


def _start_of_today() -> datetime:
    today = timezone.localdate()
    return timezone.make_aware(datetime.combine(today, time.min))


def sms_code_issue(*, mobile: str, ip: str | None = None) -> SmsCode:
    """发送短信验证码。Issue a one-time login code to `mobile` and queue the SMS.

    Raises SmsCodeError when the mobile is invalid or asked for codes too often.
    """
    mobile = (mobile or "").strip()
    try:
        validate_mobile(mobile)
    except ValidationError as exc:
        raise SmsCodeError(exc.messages[0], code="mobile") from None

    with transaction.atomic():
        _lock_mobile(mobile)
        now = timezone.now()
        codes = SmsCode.objects.filter(mobile=mobile, purpose=SmsPurpose.LOGIN)
        latest = codes.order_by("-created_at").first()
        if latest is not None:
            wait = settings.SMS_CODE_RESEND_SECONDS - (now - latest.created_at).total_seconds()
            if wait > 0:
                raise SmsCodeError(
                    _("验证码已发送，请%(seconds)d秒后再重新获取。") % {"seconds": int(wait) + 1},
                    code="too_soon",
                )
        if codes.filter(created_at__gte=_start_of_today()).count() >= settings.SMS_CODE_MAX_PER_DAY:
            raise SmsCodeError(
                _("该手机号今日获取验证码次数已达上限，请明天再试。"), code="daily_limit"
            )
        # Only the newest code is valid: an older one still in someone's SMS inbox stops working.
        codes.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)

        code = "".join(secrets.choice("0123456789") for _ in range(CODE_LENGTH))
        row = SmsCode.objects.create(
            mobile=mobile,
            purpose=SmsPurpose.LOGIN,
            code_hash=_code_hash(mobile, code),
            created_at=now,
            expires_at=now + timedelta(seconds=settings.SMS_CODE_TTL_SECONDS),
            ip_address=ip or None,
        )
        minutes = max(1, settings.SMS_CODE_TTL_SECONDS // 60)
        # Same transaction: the SMS leaves only if the code row committed (outbox, sent on commit).
        notification_enqueue(
            channel=Channel.SMS,
            address=mobile,
            subject=_("验证码"),
            body=_("您的验证码为%(code)s，%(minutes)d分钟内有效。如非本人操作请忽略。")
            % {"code": code, "minutes": minutes},
            redact_after_send=True,  # the outbox must not keep a usable code
        )
    return row


def sms_code_consume(*, mobile: str, code: str) -> SmsCode:
    """核验短信验证码。Check `code` for `mobile` and use it up; raise SmsCodeError if refused.

    Runs in its own transaction under a row lock, so a wrong guess is counted even when the
    caller goes on to fail, and two requests cannot both use the same code.
    """
    mobile = (mobile or "").strip()
    code = (code or "").strip()
    refused: SmsCodeError | None = None
    with transaction.atomic():
        now = timezone.now()
        row = (
            SmsCode.objects.select_for_update()
            .filter(
                mobile=mobile, purpose=SmsPurpose.LOGIN, used_at__isnull=True, expires_at__gt=now
            )
            .order_by("-created_at")
            .first()
        )
        if row is None:
            raise SmsCodeError(_("验证码已失效或不存在，请重新获取。"), code="no_code")
        if row.attempts >= settings.SMS_CODE_MAX_ATTEMPTS:
            raise SmsCodeError(_("验证码错误次数过多，请重新获取。"), code="too_many_attempts")
        right = (
            len(code) == CODE_LENGTH
            and code.isdigit()
            and hmac.compare_digest(row.code_hash, _code_hash(mobile, code))
        )
        if right:
            row.used_at = now
            row.save(update_fields=["used_at"])
        else:
            row.attempts += 1
            row.save(update_fields=["attempts"])
            left = settings.SMS_CODE_MAX_ATTEMPTS - row.attempts
            if left <= 0:
                message = _("验证码错误次数过多，请重新获取。")
            else:
                message = _("验证码不正确，还可尝试%(left)d次。") % {"left": left}
            refused = SmsCodeError(message, code="wrong_code")
    # Raised after the block: the counted wrong attempt must commit, not roll back.
    if refused is not None:
        raise refused
    return row


def sms_code_verify(*, mobile: str, code: str) -> bool:
    """核验短信验证码（是否通过）。True when the code is right; it is then used up."""
    try:
        sms_code_consume(mobile=mobile, code=code)
    except SmsCodeError:
        return False
    return True


def citizen_for_mobile(mobile: str) -> User | None:
    """The citizen account of `mobile`. Staff accounts are another kind and are never found."""
    return User.objects.filter(kind=UserKind.CITIZEN, mobile=mobile).first()


def citizen_register(
    *,
    mobile: str,
    person_type: str,
    name: str,
    id_number: str = "",
    uscc: str = "",
    legal_representative: str = "",
) -> User:
    """公众用户实名注册。Create a citizen account (natural or legal person) for a verified mobile.

    Raises ValidationError keyed by field, with Chinese messages, for bad or already registered
    data; nothing is written then.
    """
    mobile = (mobile or "").strip()
    name = (name or "").strip()
    id_number = normalise_code(id_number)
    uscc = normalise_code(uscc)
    legal_representative = (legal_representative or "").strip()
    if person_type == PersonType.NATURAL:
        uscc, legal_representative = "", ""
    elif person_type == PersonType.LEGAL:
        id_number = ""
    else:
        raise ValidationError({"person_type": _("请选择主体类型。")})

    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("请填写姓名或单位名称。")
    if person_type == PersonType.NATURAL and not id_number:
        errors["id_number"] = _("请填写居民身份证号。")
    if person_type == PersonType.LEGAL:
        if not uscc:
            errors["uscc"] = _("请填写统一社会信用代码。")
        if not legal_representative:
            errors["legal_representative"] = _("请填写法定代表人姓名。")
    if errors:
        raise ValidationError(errors)

    username = f"c_{mobile}"
    duplicate = _("该手机号已注册，请直接登录。")
    with transaction.atomic():
        if (
            User.objects.filter(kind=UserKind.CITIZEN, mobile=mobile).exists()
            or User.objects.filter(username=username).exists()
        ):
            raise ValidationError({"mobile": duplicate})
        profiles = CitizenProfile.objects.all()
        if (
            id_number
            and profiles.filter(person_type=PersonType.NATURAL, id_number=id_number).exists()
        ):
            raise ValidationError(
                {"id_number": _("该居民身份证号已注册。如非本人注册，请联系网站管理员。")}
            )
        if uscc and profiles.filter(person_type=PersonType.LEGAL, uscc=uscc).exists():
            raise ValidationError(
                {"uscc": _("该统一社会信用代码已注册。如非本单位注册，请联系网站管理员。")}
            )

        user = User(username=username, name=name[:64], kind=UserKind.CITIZEN, mobile=mobile)
        user.set_unusable_password()
        user.full_clean()
        profile = CitizenProfile(
            person_type=person_type,
            name=name,
            id_number=id_number,
            uscc=uscc,
            legal_representative=legal_representative,
        )
        profile.full_clean(exclude=["user"])
        try:
            # A savepoint: a concurrent registration of the same number ends here, not in a 500.
            with transaction.atomic():
                user.save()
                profile.user = user
                profile.save()
        except IntegrityError:
            raise ValidationError(
                _("该手机号或证件号码刚刚已被注册，请直接登录或联系网站管理员。")
            ) from None
    return user
