"""Citizen accounts: one-time SMS codes, real-name registration, SMS login and its limits."""

import re
import threading
import time
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from platform_core.constants import Channel, LoginEventKind, PersonType, RoleCode, UserKind
from platform_core.models import CitizenProfile, LoginEvent, Notification, SmsCode, User
from platform_core.services.citizen_auth import (
    SmsCodeError,
    citizen_register,
    sms_code_issue,
    sms_code_verify,
)
from platform_core.sms import LocmemSmsBackend
from platform_core.validators import resident_id_check_char
from platform_core.views.citizen import VERIFIED_MOBILE_KEY
from tests.factories import CitizenFactory, make_resident_id, make_uscc, staff_with_role

MOBILE = "13712345678"
CITIZEN_BACKEND = "platform_core.auth_backends.CitizenSessionBackend"


def code_in(text: str) -> str:
    return re.search(r"验证码为(\d{6})", text).group(1)


def issue(mobile: str = MOBILE) -> str:
    """Issue a code through the service and read it back from the outbox row's text."""
    sms_code_issue(mobile=mobile)
    return code_in(Notification.objects.filter(address=mobile).latest("id").body)


def age_codes(mobile: str = MOBILE, seconds: int = 61) -> None:
    """Move the mobile's codes into the past instead of freezing the clock."""
    for row in SmsCode.objects.filter(mobile=mobile):
        SmsCode.objects.filter(pk=row.pk).update(
            created_at=row.created_at - timedelta(seconds=seconds),
            expires_at=row.expires_at - timedelta(seconds=seconds),
        )


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def id_with_x() -> str:
    """A valid resident ID whose check character is X, typed in lower case."""
    for n in range(1000):
        first17 = f"43010019900101{n:03d}"
        if resident_id_check_char(first17) == "X":
            return first17 + "x"
    raise AssertionError("no ID with check character X")


# --- Codes ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_code_is_sent_by_sms_and_only_its_hmac_is_stored(
    django_capture_on_commit_callbacks, sms_outbox, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        row = sms_code_issue(mobile=MOBILE, ip="10.0.0.1")
    assert len(sms_outbox) == 1
    message = sms_outbox[0]
    assert message.mobile == MOBILE
    assert re.fullmatch(
        r"【县人民政府】您的验证码为\d{6}，5分钟内有效。如非本人操作请忽略。", message.text
    )
    code = code_in(message.text)
    row.refresh_from_db()
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert row.ip_address == "10.0.0.1" and row.used_at is None
    ttl = (row.expires_at - row.created_at).total_seconds()
    assert ttl == settings.SMS_CODE_TTL_SECONDS


@pytest.mark.django_db
def test_invalid_mobile_refused_in_chinese():
    with pytest.raises(SmsCodeError, match="手机号码"):
        sms_code_issue(mobile="12345")
    assert SmsCode.objects.count() == 0


@pytest.mark.django_db
def test_code_is_single_use():
    code = issue()
    assert sms_code_verify(mobile=MOBILE, code=code) is True
    assert sms_code_verify(mobile=MOBILE, code=code) is False
    assert SmsCode.objects.get().used_at is not None


@pytest.mark.django_db
def test_code_is_bound_to_its_mobile():
    code = issue()
    assert sms_code_verify(mobile="13712345679", code=code) is False
    assert sms_code_verify(mobile=MOBILE, code=code) is True


@pytest.mark.django_db
def test_expired_code_refused():
    code = issue()
    SmsCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert sms_code_verify(mobile=MOBILE, code=code) is False
    assert SmsCode.objects.get().used_at is None


@pytest.mark.django_db
def test_wrong_attempts_kill_the_code(settings):
    code = issue()
    for _ in range(settings.SMS_CODE_MAX_ATTEMPTS):
        assert sms_code_verify(mobile=MOBILE, code=wrong(code)) is False
    assert SmsCode.objects.get().attempts == settings.SMS_CODE_MAX_ATTEMPTS
    # Even the right code is refused now: guessing 5 times out of a million is all one gets.
    assert sms_code_verify(mobile=MOBILE, code=code) is False


@pytest.mark.django_db
def test_resend_too_soon_refused_then_old_code_invalidated():
    first = issue()
    with pytest.raises(SmsCodeError, match="秒后再重新获取"):
        sms_code_issue(mobile=MOBILE)
    assert SmsCode.objects.count() == 1
    age_codes()
    second = issue()
    assert SmsCode.objects.count() == 2
    if first != second:
        assert sms_code_verify(mobile=MOBILE, code=first) is False
    assert sms_code_verify(mobile=MOBILE, code=second) is True
    # The first row was expired when the second was issued, not left usable.
    assert SmsCode.objects.filter(used_at__isnull=True, expires_at__gt=timezone.now()).count() == 0


@pytest.mark.django_db
def test_daily_cap(settings):
    settings.SMS_CODE_MAX_PER_DAY = 3
    for _ in range(3):
        issue()
        age_codes(seconds=61)
    with pytest.raises(SmsCodeError, match="今日获取验证码次数已达上限"):
        sms_code_issue(mobile=MOBILE)
    # Yesterday's codes do not count.
    age_codes(seconds=2 * 24 * 3600)
    issue()
    assert SmsCode.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_send_one_code():
    barrier = threading.Barrier(2)
    results = []

    def request():
        barrier.wait()
        try:
            sms_code_issue(mobile=MOBILE)
            results.append("sent")
        except SmsCodeError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["refused", "sent"]
    assert SmsCode.objects.filter(mobile=MOBILE).count() == 1
    assert Notification.objects.filter(address=MOBILE, channel=Channel.SMS).count() == 1


# --- Registration service ----------------------------------------------------------------------


@pytest.mark.django_db
def test_register_natural_person_normalises_id():
    user = citizen_register(
        mobile=MOBILE, person_type=PersonType.NATURAL, name="张三", id_number=id_with_x()
    )
    assert user.kind == UserKind.CITIZEN and user.username == f"c_{MOBILE}"
    assert not user.has_usable_password() and not user.is_staff
    assert user.citizen_profile.id_number.endswith("X")
    assert user.citizen_profile.uscc == ""


@pytest.mark.django_db
def test_register_duplicates_refused_in_chinese():
    CitizenFactory(mobile=MOBILE, username="c_existing")
    with pytest.raises(ValidationError) as exc:
        citizen_register(
            mobile=MOBILE,
            person_type=PersonType.NATURAL,
            name="张三",
            id_number=make_resident_id(7),
        )
    assert "该手机号已注册" in exc.value.message_dict["mobile"][0]

    taken = CitizenProfile.objects.get().id_number
    with pytest.raises(ValidationError) as exc:
        citizen_register(
            mobile="13700000001", person_type=PersonType.NATURAL, name="李四", id_number=taken
        )
    assert "居民身份证号已注册" in exc.value.message_dict["id_number"][0]

    citizen_register(
        mobile="13700000002",
        person_type=PersonType.LEGAL,
        name="蓝山县某某有限公司",
        uscc=make_uscc(1).lower(),
        legal_representative="王五",
    )
    with pytest.raises(ValidationError) as exc:
        citizen_register(
            mobile="13700000003",
            person_type=PersonType.LEGAL,
            name="另一家公司",
            uscc=make_uscc(1),
            legal_representative="赵六",
        )
    assert "统一社会信用代码已注册" in exc.value.message_dict["uscc"][0]
    assert User.objects.filter(kind=UserKind.CITIZEN).count() == 2


# --- Views ---------------------------------------------------------------------------------------


def request_code(client, capture, mobile=MOBILE, **extra):
    with capture(execute=True):
        response = client.post(
            reverse("platform_core:citizen_sms_code"), {"mobile": mobile}, **extra
        )
    return response


def last_code(mobile=MOBILE) -> str:
    texts = [m.text for m in LocmemSmsBackend.outbox if m.mobile == mobile]
    return code_in(texts[-1])


def verify_new_mobile(client, capture, mobile=MOBILE):
    request_code(client, capture, mobile)
    response = client.post(
        reverse("platform_core:citizen_login"), {"mobile": mobile, "code": last_code(mobile)}
    )
    assert response.status_code == 302
    assert response.url == reverse("platform_core:citizen_register")


@pytest.mark.django_db
def test_login_page_asks_for_code_without_javascript(client, django_capture_on_commit_callbacks):
    page = client.get(reverse("platform_core:citizen_login"))
    html = page.content.decode()
    assert page.status_code == 200 and "获取验证码" in html
    assert f'formaction="{reverse("platform_core:citizen_sms_code")}"' in html
    # The CSP forbids inline scripts and styles: only <script src=...> may appear.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and " style=" not in html

    response = request_code(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response.url == reverse("platform_core:citizen_login")
    page = client.get(response.url)
    html = page.content.decode()
    assert "验证码已发送至137****5678" in html
    assert f'value="{MOBILE}"' in html  # the mobile is kept in the form
    assert len(LocmemSmsBackend.outbox) == 1

    # Asking again at once: refused with a message, no second SMS.
    request_code(client, django_capture_on_commit_callbacks)
    assert "秒后再重新获取" in client.get(reverse("platform_core:citizen_login")).content.decode()
    assert len(LocmemSmsBackend.outbox) == 1


@pytest.mark.django_db
def test_bad_mobile_on_code_request_gives_message(client):
    response = client.post(reverse("platform_core:citizen_sms_code"), {"mobile": "abc"})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["请输入11位中国大陆手机号码。"]
    assert SmsCode.objects.count() == 0


@pytest.mark.django_db
def test_wrong_code_shows_error_and_keeps_counting(client, django_capture_on_commit_callbacks):
    request_code(client, django_capture_on_commit_callbacks)
    response = client.post(
        reverse("platform_core:citizen_login"), {"mobile": MOBILE, "code": wrong(last_code())}
    )
    assert response.status_code == 200
    assert "验证码不正确，还可尝试4次。" in response.content.decode()
    assert SmsCode.objects.get().attempts == 1
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_natural_person_registers_then_logs_in(client, django_capture_on_commit_callbacks):
    verify_new_mobile(client, django_capture_on_commit_callbacks)
    page = client.get(reverse("platform_core:citizen_register"))
    assert page.status_code == 200 and "137****5678" in page.content.decode()
    id_number = make_resident_id(232)
    response = client.post(
        reverse("platform_core:citizen_register"),
        {"person_type": "natural", "name": "张三", "id_number": id_number},
    )
    assert response.status_code == 302 and response.url == reverse("platform_core:citizen_home")
    user = User.objects.get(mobile=MOBILE)
    assert user.kind == UserKind.CITIZEN and not user.has_usable_password()
    assert user.citizen_profile.person_type == PersonType.NATURAL
    assert client.session["_auth_user_id"] == str(user.pk)
    assert VERIFIED_MOBILE_KEY not in client.session

    home = client.get(reverse("platform_core:citizen_home")).content.decode()
    masked = id_number[:4] + "*" * 10 + id_number[-4:]
    assert masked in home and id_number not in home and "张三" in home

    # Log out (POST only), then log in again with a new code: straight to "我的".
    assert client.get(reverse("platform_core:citizen_logout")).status_code == 405
    client.post(reverse("platform_core:citizen_logout"))
    assert "_auth_user_id" not in client.session
    age_codes()
    request_code(client, django_capture_on_commit_callbacks)
    response = client.post(
        reverse("platform_core:citizen_login"), {"mobile": MOBILE, "code": last_code()}
    )
    assert response.status_code == 302 and response.url == reverse("platform_core:citizen_home")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert User.objects.filter(kind=UserKind.CITIZEN).count() == 1


@pytest.mark.django_db
def test_company_registers_and_logs_in(client, django_capture_on_commit_callbacks):
    verify_new_mobile(client, django_capture_on_commit_callbacks)
    uscc = make_uscc(42)
    response = client.post(
        reverse("platform_core:citizen_register"),
        {
            "person_type": "legal",
            "name": "蓝山县某某科技有限公司",
            "uscc": uscc.lower(),
            "legal_representative": "王五",
            "id_number": "should be ignored",
        },
    )
    assert response.status_code == 302
    profile = CitizenProfile.objects.get(user__mobile=MOBILE)
    assert profile.person_type == PersonType.LEGAL and profile.uscc == uscc
    assert profile.id_number == "" and profile.legal_representative == "王五"
    home = client.get(reverse("platform_core:citizen_home"))
    assert home.status_code == 200 and "蓝山县某某科技有限公司" in home.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"person_type": "natural", "name": "张三", "id_number": make_resident_id(5)[:17] + "0"},
            "居民身份证号校验码不正确",
        ),
        ({"person_type": "natural", "name": "张三", "id_number": ""}, "请填写居民身份证号。"),
        (
            {
                "person_type": "legal",
                "name": "某公司",
                "uscc": make_uscc(3)[:17] + "0",
                "legal_representative": "王五",
            },
            "统一社会信用代码校验码不正确",
        ),
        (
            {"person_type": "legal", "name": "某公司", "uscc": make_uscc(3)},
            "请填写法定代表人姓名。",
        ),
    ],
)
@pytest.mark.django_db
def test_registration_bad_input(client, django_capture_on_commit_callbacks, data, message):
    verify_new_mobile(client, django_capture_on_commit_callbacks)
    response = client.post(reverse("platform_core:citizen_register"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(mobile=MOBILE).exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_registration_duplicate_mobile_and_id(client, django_capture_on_commit_callbacks):
    verify_new_mobile(client, django_capture_on_commit_callbacks)
    other = CitizenFactory()
    taken_id = other.citizen_profile.id_number
    response = client.post(
        reverse("platform_core:citizen_register"),
        {"person_type": "natural", "name": "张三", "id_number": taken_id},
    )
    assert "该居民身份证号已注册" in response.content.decode()
    # Someone registers the same mobile meanwhile (another browser).
    CitizenFactory(mobile=MOBILE, username="c_other")
    response = client.post(
        reverse("platform_core:citizen_register"),
        {"person_type": "natural", "name": "张三", "id_number": make_resident_id(900)},
    )
    assert response.status_code == 200
    assert "该手机号已注册，请直接登录。" in response.content.decode()
    assert User.objects.filter(mobile=MOBILE).count() == 1
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_registration_needs_a_fresh_verified_mobile(client):
    response = client.get(reverse("platform_core:citizen_register"))
    assert response.status_code == 302 and response.url == reverse("platform_core:citizen_login")
    session = client.session
    session[VERIFIED_MOBILE_KEY] = {"mobile": MOBILE, "at": time.time() - 11 * 60}
    session.save()
    response = client.post(
        reverse("platform_core:citizen_register"),
        {"person_type": "natural", "name": "张三", "id_number": make_resident_id(1)},
    )
    assert response.status_code == 302 and response.url == reverse("platform_core:citizen_login")
    assert not User.objects.filter(mobile=MOBILE).exists()


@pytest.mark.django_db
def test_staff_mobile_is_not_a_citizen_login(client, django_capture_on_commit_callbacks, gov):
    staff = staff_with_role(RoleCode.SYSTEM_ADMIN, gov, mobile=MOBILE)
    verify_new_mobile(client, django_capture_on_commit_callbacks)  # sent to registration
    assert client.session.get("_auth_user_id") != str(staff.pk)


@pytest.mark.django_db
def test_sms_login_is_audited_as_sms(client, django_capture_on_commit_callbacks):
    citizen = CitizenFactory(mobile=MOBILE)
    request_code(client, django_capture_on_commit_callbacks)
    client.post(reverse("platform_core:citizen_login"), {"mobile": MOBILE, "code": last_code()})
    event = LoginEvent.objects.get(user=citizen, kind=LoginEventKind.LOGIN)
    assert event.method == "sms" and event.user_kind == UserKind.CITIZEN


@pytest.mark.django_db
def test_inactive_citizen_cannot_log_in(client, django_capture_on_commit_callbacks):
    CitizenFactory(mobile=MOBILE, is_active=False)
    request_code(client, django_capture_on_commit_callbacks)
    response = client.post(
        reverse("platform_core:citizen_login"), {"mobile": MOBILE, "code": last_code()}
    )
    assert response.status_code == 200 and "该账号已停用" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_next_is_kept_and_only_local(client, django_capture_on_commit_callbacks):
    citizen = CitizenFactory(mobile=MOBILE)
    request_code(client, django_capture_on_commit_callbacks)
    target = reverse("platform_core:citizen_notifications")
    response = client.post(
        reverse("platform_core:citizen_login"),
        {"mobile": MOBILE, "code": last_code(), "next": target},
    )
    assert response.url == target
    client.logout()
    age_codes()
    request_code(client, django_capture_on_commit_callbacks)
    response = client.post(
        reverse("platform_core:citizen_login"),
        {"mobile": MOBILE, "code": last_code(), "next": "https://evil.example.com/"},
    )
    assert response.url == reverse("platform_core:citizen_home")
    assert client.session["_auth_user_id"] == str(citizen.pk)


@pytest.mark.django_db
def test_sms_code_endpoint_rate_limited_per_ip(client):
    url = reverse("platform_core:citizen_sms_code")
    for n in range(5):
        assert client.post(url, {"mobile": f"1370000000{n}"}).status_code == 302
    response = client.post(url, {"mobile": "13700000009"})
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert SmsCode.objects.count() == 5
    # Another address is not affected.
    assert client.post(url, {"mobile": "13700000009"}, REMOTE_ADDR="10.9.9.9").status_code == 302


@pytest.mark.django_db
def test_login_rate_limited_per_ip(client):
    url = reverse("platform_core:citizen_login")
    for _ in range(10):
        assert client.post(url, {"mobile": MOBILE, "code": "000000"}).status_code == 200
    assert client.post(url, {"mobile": MOBILE, "code": "000000"}).status_code == 429
    assert client.get(url).status_code == 200  # reading the form is not limited


@pytest.mark.django_db
def test_citizen_session_cannot_open_office_or_admin(client):
    citizen = CitizenFactory()
    client.force_login(citizen, backend=CITIZEN_BACKEND)
    assert client.get(reverse("platform_core:citizen_home")).status_code == 200
    assert client.get("/office/").status_code == 403
    assert client.get(reverse("platform_core:office_notifications")).status_code == 403
    assert client.get("/admin/").status_code != 200
    assert client.get("/admin/platform_core/user/").status_code != 200


@pytest.mark.django_db
def test_my_page_leads_to_the_citizens_own_applications(client):
    """Issue 13, no dead ends: 我的 links to 我的办件 (where 补正 is asked for) and to the
    disclosure requests, and each link opens."""
    client.force_login(CitizenFactory(), backend=CITIZEN_BACKEND)
    home = client.get(reverse("platform_core:citizen_home")).content.decode()
    for label, url in (
        ("我的办件", reverse("approval:my_list")),
        ("我的信息公开申请", reverse("disclosure:my_requests")),
    ):
        assert f'<a href="{url}">{label}</a>' in home
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_staff_session_cannot_open_citizen_pages(client, gov):
    staff = staff_with_role(RoleCode.REVIEW_CLERK, gov)
    client.force_login(staff, backend="platform_core.auth_backends.StaffBackend")
    assert client.get(reverse("platform_core:citizen_home")).status_code == 403


@pytest.mark.django_db
def test_anonymous_home_goes_to_citizen_login(client):
    response = client.get(reverse("platform_core:citizen_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("platform_core:citizen_login") + "?next=")
