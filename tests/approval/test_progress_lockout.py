"""Progress lookup: wrong codes counted per application, a pause and an SMS when there are too
many (ADR 0006); the per-address rate limit alone let many addresses guess one code (issue 11)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from approval.constants import Channel
from approval.models import Application
from approval.services import progress
from tests.approval.conftest import submitted

URL = reverse("approval:progress")


@pytest.fixture
def case(item, clerk_a, sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(item, clerk_a, mobile="13900001111")
    code = re.search(r"查询码(\d+)", sms_outbox[-1].text)[1]
    sms_outbox.clear()
    return application, code


def _wrong(code: str) -> str:
    return "0" * len(code) if code != "0" * len(code) else "1" * len(code)


def test_counter_applications_get_an_eight_digit_code(case):
    application, code = case
    assert application.channel == Channel.COUNTER
    assert len(code) == 8


def test_wrong_codes_from_many_addresses_lock_the_application_and_tell_the_applicant(
    client, case, settings, sms_outbox, django_capture_on_commit_callbacks
):
    application, code = case
    assert settings.PROGRESS_LOOKUP_MAX_FAILURES == 5
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):  # each from its own address: the per-address limit never trips
            response = client.post(
                URL, {"number": application.number, "code": _wrong(code)}, REMOTE_ADDR=f"10.7.0.{n}"
            )
            statuses.append(response.status_code)
    assert statuses == [400, 400, 400, 400, 429]
    assert "进度查询已暂停至" in response.content.decode()
    assert 3500 < int(response["Retry-After"]) <= 3600
    application.refresh_from_db()
    assert application.lookup_locked_until > timezone.now() + timedelta(minutes=59)
    # The applicant is told, once.
    assert [m.mobile for m in sms_outbox] == ["13900001111"]
    assert application.number in sms_outbox[0].text and "暂停" in sms_outbox[0].text
    # While paused, even the right code is refused: guessing cannot go on.
    right = client.post(URL, {"number": application.number, "code": code}, REMOTE_ADDR="10.7.1.1")
    assert right.status_code == 429
    assert "窗口登记" not in right.content.decode()


def test_the_pause_ends_and_the_right_code_resets_the_count(client, case):
    application, code = case
    for _ in range(3):
        client.post(URL, {"number": application.number, "code": _wrong(code)})
    application.refresh_from_db()
    assert application.lookup_failures == 3
    found = client.post(URL, {"number": application.number, "code": code})
    assert found.status_code == 200 and "窗口登记" in found.content.decode()
    application.refresh_from_db()
    assert application.lookup_failures == 0
    Application.objects.filter(pk=application.pk).update(
        lookup_locked_until=timezone.now() - timedelta(seconds=1)
    )
    assert client.post(URL, {"number": application.number, "code": code}).status_code == 200


def test_one_sms_a_day_however_often_the_lock_trips(
    case, settings, sms_outbox, django_capture_on_commit_callbacks
):
    application, code = case
    settings.PROGRESS_LOOKUP_MAX_FAILURES = 2
    with django_capture_on_commit_callbacks(execute=True):
        for _round in range(3):
            Application.objects.filter(pk=application.pk).update(lookup_locked_until=None)
            for _ in range(2):
                with pytest.raises((progress.LookupRefused, progress.LookupLocked)):
                    progress.progress_lookup(number=application.number, code=_wrong(code))
    assert len(sms_outbox) == 1


def test_unknown_number_is_refused_without_writing(db):
    with pytest.raises(progress.LookupRefused):
        progress.progress_lookup(number="431127-20261009-99999", code="123456")
