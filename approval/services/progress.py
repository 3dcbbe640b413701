"""Progress lookup by application number and query code, with a lock per application (ADR 0006).

Application numbers are sequential and a code has 6 digits (8 for counter applications), so
the per-address rate limit alone lets many addresses share the guessing of one application's
code. Wrong codes in a row are counted on the application; at
settings.PROGRESS_LOOKUP_MAX_FAILURES its lookup is paused for PROGRESS_LOOKUP_LOCK_MINUTES (the
right code is refused too while paused, so guessing cannot go on) and the applicant is told by
SMS, at most once a day. The right code resets the count.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approval.constants import AppStatus
from approval.models import Application
from approval.selectors.query_codes import query_code_matches
from platform_core.constants import Channel as NotifyChannel
from platform_core.services.notifications import notification_enqueue


class LookupRefused(Exception):
    """No application with this number and code (the message does not say which was wrong)."""


class LookupLocked(Exception):
    """This application's lookup is paused after too many wrong codes."""

    def __init__(self, until: datetime.datetime):
        super().__init__(until)
        self.until = until


def progress_lookup(*, number: str, code: str) -> Application:
    """进度查询: the application with `number` if `code` is its query code.

    Raises LookupRefused (unknown number or wrong code) or LookupLocked. A lookup with the right
    code on an application with no failures writes nothing.
    """
    application = (
        Application.objects.exclude(status=AppStatus.DRAFT)
        .select_related("item", "department")
        .filter(number=(number or "").strip())
        .first()
    )
    if application is None:
        raise LookupRefused
    now = timezone.now()
    if application.lookup_locked_until is not None and application.lookup_locked_until > now:
        raise LookupLocked(application.lookup_locked_until)
    if query_code_matches(application, code):
        if application.lookup_failures:
            Application.objects.filter(pk=application.pk).update(lookup_failures=0)
            application.lookup_failures = 0
        return application
    _count_failure(application.pk, now=now)
    raise LookupRefused


def _count_failure(pk: int, *, now: datetime.datetime) -> None:
    """One more wrong code; the lock and the SMS when it is one too many. Raises LookupLocked
    when this failure (or a concurrent one) locked the lookup."""
    with transaction.atomic():
        row = (
            Application.objects.select_for_update()
            .only("pk", "number", "applicant_mobile", "lookup_failures", "lookup_locked_until")
            .get(pk=pk)
        )
        if row.lookup_locked_until is not None and row.lookup_locked_until > now:
            raise LookupLocked(row.lookup_locked_until)
        failures = row.lookup_failures + 1
        if failures < settings.PROGRESS_LOOKUP_MAX_FAILURES:
            Application.objects.filter(pk=pk).update(lookup_failures=failures)
            return
        until = now + datetime.timedelta(minutes=settings.PROGRESS_LOOKUP_LOCK_MINUTES)
        Application.objects.filter(pk=pk).update(lookup_failures=0, lookup_locked_until=until)
        _tell_applicant(row, until=until)
    raise LookupLocked(until)


def _tell_applicant(application: Application, *, until: datetime.datetime) -> None:
    if not application.applicant_mobile:
        return
    local = timezone.localtime(until)
    notification_enqueue(
        channel=NotifyChannel.SMS,
        address=application.applicant_mobile,
        subject=_("进度查询已暂停"),
        body=_(
            "您的申请（编号%(number)s）的进度查询因查询码连续输错%(count)d次，已暂停至"
            "%(time)s。如非本人操作，请妥善保管查询码；如有疑问请联系办理窗口。"
        )
        % {
            "number": application.number,
            "count": settings.PROGRESS_LOOKUP_MAX_FAILURES,
            "time": local.strftime("%H:%M"),
        },
        # One SMS a day per application at most: a lock set off again and again is no SMS flood.
        dedupe_key=f"approval:{application.number}:lookup-locked:{local:%Y%m%d}",
    )
