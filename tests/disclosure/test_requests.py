"""Disclosure on request (依申请公开), at service level: receipt (条例 第三十一条), the reply clock
(第三十三条) across the 2026 holidays, clarification (第三十条), third-party consultation
(第三十二条), extension, fees (国办函〔2020〕109号), lapse, rating, inbox work, isolation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from disclosure.constants import (
    ConsultationOutcome,
    FeeMode,
    LetterKind,
    RequestAction,
    RequestChannel,
    RequestStatus,
)
from disclosure.models import DisclosureRequest, RequestEvent
from disclosure.selectors.letters import letter_document
from disclosure.selectors.requests import query_code_matches, requests_visible_to
from disclosure.selectors.work import (
    ConfirmWork,
    ConsultationWork,
    ExtensionWork,
    FeeWork,
    ReplyWork,
)
from disclosure.services import requests as services
from disclosure.services.fees import piece_fee, pieces_fee, volume_fee
from platform_core.models import ClockCard
from platform_core.selectors.calendar import add_working_days
from platform_core.services.supervision import clock_cards_scan

from .requests_helpers import citizen, company, legal_fields, natural_fields, online, register

D = datetime.date
pytestmark = pytest.mark.django_db


# --- receipt and the clock (第三十一条、第三十三条) ----------------------------------------------


def test_in_person_request_is_received_that_day_with_an_8_digit_code(officer_a, dept_a):
    request, code = services.request_register(
        by=officer_a, unit=dept_a, channel=RequestChannel.IN_PERSON, **natural_fields()
    )
    today = timezone.localdate()
    assert request.received_on == today
    assert request.status == RequestStatus.PROCESSING
    assert request.number == f"YSQ-{today.year}-scjg-00001"
    assert len(code) == 8 and query_code_matches(request, code)
    assert not query_code_matches(request, "00000000" if code != "00000000" else "11111111")
    assert request.clock.due_date == add_working_days(today, 20)
    assert request.letters.get().kind == LetterKind.RECEIPT
    assert list(request.events.values_list("action", flat=True)) == [RequestAction.REGISTER]


def test_in_person_request_cannot_be_backdated(officer_a, dept_a):
    with pytest.raises(ValidationError):
        services.request_register(
            by=officer_a,
            unit=dept_a,
            channel=RequestChannel.IN_PERSON,
            received_on=timezone.localdate() - datetime.timedelta(days=3),
            **natural_fields(),
        )


def test_letter_counts_from_the_day_signed_for_across_the_spring_festival(officer_a, dept_a):
    # Signed for on Tue 10 Feb 2026: 14 Feb (Sat) is a make-up working day, 15–23 Feb holidays,
    # 28 Feb (Sat) a make-up day: the 20th working day is Mon 16 Mar.
    request, _code = register(officer_a, dept_a, D(2026, 2, 10))
    assert request.received_on == D(2026, 2, 10)
    assert request.clock.due_date == D(2026, 3, 16)


def test_post_and_fax_need_the_date_of_receipt(officer_a, dept_a):
    for channel in (RequestChannel.LETTER, RequestChannel.FAX):
        with pytest.raises(ValidationError) as error:
            services.request_register(
                by=officer_a, unit=dept_a, channel=channel, received_on=None, **natural_fields()
            )
        assert "received_on" in error.value.message_dict


def test_numbers_run_per_unit(officer_a, officer_b, dept_a, dept_b):
    a1, _ = register(officer_a, dept_a, D(2026, 11, 2))
    a2, _ = register(officer_a, dept_a, D(2026, 11, 2), n=4)
    b1, _ = register(officer_b, dept_b, D(2026, 11, 2))
    assert [a1.number[-5:], a2.number[-5:], b1.number[-5:]] == ["00001", "00002", "00001"]


def test_online_request_is_received_when_the_agency_confirms(officer_a, dept_a):
    user = citizen()
    request = online(user, dept_a)
    assert request.status == RequestStatus.SUBMITTED
    assert request.received_on is None and request.clock is None
    assert request.applicant_name == "王建军" and request.id_number
    assert [w.action for w in ConfirmWork().items(officer_a, 10)] == ["确认收到申请"]
    request = services.request_confirm(request=request, by=officer_a)
    today = timezone.localdate()
    assert request.received_on == today
    assert request.clock.due_date == add_working_days(today, 20)
    assert ConfirmWork().pending(officer_a).count() == 0
    assert ReplyWork().items(officer_a, 10)[0].due_date == request.clock.due_date


def test_legal_person_keeps_its_subtype_and_identity(dept_a):
    request = online(company(), dept_a, legal_subtype="research")
    assert request.applicant_type == "legal" and request.legal_subtype == "research"
    assert request.uscc and request.id_number == ""
    with pytest.raises(ValidationError) as error:
        online(company(8), dept_a, legal_subtype="")
    assert "legal_subtype" in error.value.message_dict


def test_database_refuses_a_legal_person_without_subtype(officer_a, dept_a):
    request, _ = services.request_register(
        by=officer_a,
        unit=dept_a,
        channel=RequestChannel.LETTER,
        received_on=D(2026, 11, 2),
        **legal_fields(),
    )
    assert request.legal_subtype == "commercial"
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureRequest.objects.filter(pk=request.pk).update(legal_subtype="")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id_number", "430000198506150000"),
        ("mobile", "12345"),
        ("description", "文件"),
        ("form_wanted", "scroll"),
        ("delivery_method", "pigeon"),
    ],
)
def test_bad_applicant_input_is_refused(officer_a, dept_a, field, value):
    with pytest.raises(ValidationError) as error:
        services.request_register(
            by=officer_a,
            unit=dept_a,
            channel=RequestChannel.LETTER,
            received_on=D(2026, 11, 2),
            **natural_fields(**{field: value}),
        )
    assert field in error.value.message_dict
    assert not DisclosureRequest.objects.exists()


def test_other_units_staff_can_neither_see_nor_handle(officer_a, officer_b, dept_a):
    request, _ = register(officer_a, dept_a, D(2026, 11, 2))
    assert list(requests_visible_to(officer_a)) == [request]
    assert not requests_visible_to(officer_b).exists()
    assert ReplyWork().pending(officer_b).count() == 0
    with pytest.raises(PermissionDenied):
        services.clarification_request(request=request, by=officer_b, items=["请说明文号"])
    with pytest.raises(PermissionDenied):
        services.request_register(
            by=officer_b, unit=dept_a, channel=RequestChannel.IN_PERSON, **natural_fields()
        )


# --- clarification (第三十条) -------------------------------------------------------------------


def test_clarification_only_within_7_working_days_of_receipt(officer_a, dept_a):
    # Received 10 Feb 2026: the 7th working day is 26 Feb (14 Feb worked, 15–23 Feb holidays).
    request, _ = register(officer_a, dept_a, D(2026, 2, 10))
    assert services.clarification_last_day(request) == D(2026, 2, 26)
    with pytest.raises(ValidationError, match="7个工作日"):
        services.clarification_request(
            request=request, by=officer_a, items=["请说明文件名称"], on=D(2026, 2, 27)
        )
    c = services.clarification_request(
        request=request, by=officer_a, items=["请说明文件名称", "请说明年度"], on=D(2026, 2, 26)
    )
    assert c.items == ["请说明文件名称", "请说明年度"]
    assert c.answer_due == D(2026, 3, 18)  # 15 working days
    request.refresh_from_db()
    assert request.status == RequestStatus.CLARIFYING
    assert request.clock.is_paused
    assert request.letters.filter(kind=LetterKind.CLARIFICATION).exists()


def test_clarification_is_asked_once_and_lists_something(officer_a, dept_a):
    request, _ = register(officer_a, dept_a, D(2026, 11, 30))
    with pytest.raises(ValidationError, match="一次性"):
        services.clarification_request(request=request, by=officer_a, items=["", " "])
    services.clarification_request(request=request, by=officer_a, items=["请说明文号"])
    services.clarification_answer(request=request, by=officer_a, answer="蓝政发〔2026〕8号")
    with pytest.raises(ValidationError, match="一次"):
        services.clarification_request(request=request, by=officer_a, items=["再说明"])


def test_answer_restarts_the_20_days_from_its_arrival(officer_a, dept_a):
    # Received Mon 28 Sep 2026; clarification asked Fri 9 Oct (Oct 1–7 holidays, 10 Oct worked);
    # answered Tue 13 Oct: a new 20 working days from then, to Tue 10 Nov.
    request, _ = register(officer_a, dept_a, D(2026, 9, 28))
    assert request.clock.due_date == D(2026, 10, 30)
    assert services.clarification_last_day(request) == D(2026, 10, 13)
    services.clarification_request(
        request=request, by=officer_a, items=["请说明文件名称"], on=D(2026, 10, 9)
    )
    old_clock = request.clock
    request = services.clarification_answer(
        request=request, by=officer_a, answer="《城区老旧小区改造实施方案》", on=D(2026, 10, 13)
    )
    assert request.status == RequestStatus.PROCESSING
    assert request.clock != old_clock
    assert request.clock.start_date == D(2026, 10, 13)
    assert request.clock.due_date == D(2026, 11, 10)
    old_clock.refresh_from_db()
    assert old_clock.finished_on == D(2026, 10, 13)


def test_applicant_answers_online(officer_a, dept_a):
    user = citizen()
    request = services.request_confirm(request=online(user, dept_a), by=officer_a)
    services.clarification_request(request=request, by=officer_a, items=["请说明年度"])
    request = services.clarification_answer(request=request, by=user, answer="2026年度")
    assert request.clarification.answer == "2026年度"
    with pytest.raises(PermissionDenied):
        services.clarification_answer(request=request, by=citizen(2), answer="x")


def test_no_answer_by_the_set_date_is_deemed_withdrawn(officer_a, dept_a):
    request, _ = register(officer_a, dept_a, D(2026, 9, 28))
    c = services.clarification_request(
        request=request, by=officer_a, items=["请说明文件名称"], on=D(2026, 9, 29), answer_days=5
    )
    assert c.answer_due == D(2026, 10, 12)  # 30 Sep, 8, 9, 10 (Sat, worked), 12 Oct
    assert services.requests_lapse(today=D(2026, 10, 12)) == 0  # the last day still counts
    with pytest.raises(ValidationError, match="补正期限"):
        services.clarification_answer(
            request=request, by=officer_a, answer="迟到的补正", on=D(2026, 10, 13)
        )
    assert services.requests_lapse(today=D(2026, 10, 13)) == 1
    assert services.requests_lapse(today=D(2026, 10, 14)) == 0  # idempotent
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    assert request.clarification.lapsed
    assert request.clock.finished_on == D(2026, 10, 12)
    event = request.events.last()
    assert event.action == RequestAction.DEEMED_WITHDRAWN and event.actor is None


# --- third-party consultation (第三十二条) -------------------------------------------------------


def test_consultation_time_is_not_counted(officer_a, dept_a):
    # Received Mon 21 Sep 2026: due Mon 26 Oct (25 Sep and 1–7 Oct holidays).
    request, _ = register(officer_a, dept_a, D(2026, 9, 21))
    assert request.clock.due_date == D(2026, 10, 26)
    c = services.consultation_start(
        request=request,
        by=officer_a,
        third_party="蓝山县宏达建材有限公司",
        matter="贵公司的中标价格明细",
        on=D(2026, 9, 24),
    )
    assert c.due_on == D(2026, 10, 22)  # 15 working days
    assert ConsultationWork().items(officer_a, 5)[0].due_date == D(2026, 10, 22)
    assert ReplyWork().pending(officer_a).count() == 0
    services.consultation_record(
        request=request,
        by=officer_a,
        outcome=ConsultationOutcome.OBJECTED,
        note="涉及商业秘密",
        on=D(2026, 10, 9),
    )
    request.refresh_from_db()
    # 28, 29, 30 Sep and 8, 9 Oct were not counted: five working days later, Mon 2 Nov.
    assert request.clock.due_date == D(2026, 11, 2)
    assert request.status == RequestStatus.PROCESSING
    c.refresh_from_db()
    assert c.outcome == ConsultationOutcome.OBJECTED and c.outcome_note == "涉及商业秘密"
    assert request.letters.filter(kind=LetterKind.CONSULTATION).count() == 1


def test_no_reply_only_after_the_15_days(officer_a, dept_a):
    request, _ = register(officer_a, dept_a, D(2026, 9, 21))
    services.consultation_start(
        request=request, by=officer_a, third_party="张三", matter="个人信息", on=D(2026, 9, 24)
    )
    with pytest.raises(ValidationError, match="期满后"):
        services.consultation_record(
            request=request, by=officer_a, outcome=ConsultationOutcome.NO_REPLY, on=D(2026, 10, 22)
        )
    c = services.consultation_record(
        request=request, by=officer_a, outcome=ConsultationOutcome.NO_REPLY, on=D(2026, 10, 26)
    )
    assert c.answered_on == D(2026, 10, 22)  # the time not counted ends with the 15 days
    request.refresh_from_db()
    assert request.clock.due_date == D(2026, 11, 16)


# --- extension (第三十三条第二款) -----------------------------------------------------------------


def test_extension_needs_the_office_heads_approval_and_tells_the_applicant(
    officer_a, head_a, dept_a, dept_b
):
    from platform_core.constants import RoleCode
    from tests.factories import staff_with_role

    request, _ = register(officer_a, dept_a, D(2026, 11, 16))
    due = request.clock.due_date
    with pytest.raises(ValidationError):
        services.extension_ask(request=request, by=officer_a, days=21, reason="信息量大")
    services.extension_ask(request=request, by=officer_a, days=15, reason="需要调取档案")
    assert [w.action for w in ExtensionWork().items(head_a, 5)] == ["审批延期答复"]
    with pytest.raises(PermissionDenied):
        services.extension_decide(request=request, by=officer_a, approve=True)
    with pytest.raises(PermissionDenied):
        head_b = staff_with_role(RoleCode.SECTION_HEAD, dept_b)
        services.extension_decide(request=request, by=head_b, approve=True)
    request = services.extension_decide(request=request, by=head_a, approve=True, comment="同意")
    assert request.extended_days == 15
    assert request.clock.due_date == add_working_days(due, 15)
    letter = request.letters.get(kind=LetterKind.EXTENSION)
    assert letter.body["days"] == 15
    assert ExtensionWork().pending(head_a).count() == 0
    # At most 20 more working days in all.
    with pytest.raises(ValidationError, match="尚可延长5"):
        services.extension_ask(request=request, by=officer_a, days=6, reason="仍需时间")


def test_refused_extension_changes_nothing(officer_a, head_a, dept_a):
    request, _ = register(officer_a, dept_a, D(2026, 11, 16))
    due = request.clock.due_date
    services.extension_ask(request=request, by=officer_a, days=5, reason="需要调取档案")
    request = services.extension_decide(request=request, by=head_a, approve=False, comment="不同意")
    assert request.extended_days == 0 and request.extension_days_asked == 0
    assert request.clock.due_date == due
    assert request.events.last().action == RequestAction.EXTENSION_REFUSE


# --- fees (国办函〔2020〕109号) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("nth", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)],
)
def test_piece_fee_bands(nth, fee):
    assert piece_fee(nth) == fee


def test_pieces_and_volume_are_progressive():
    assert pieces_fee(10) == 0
    assert pieces_fee(11) == 100
    assert pieces_fee(30) == 2000
    assert pieces_fee(31) == 2200
    assert pieces_fee(41) == 4300
    assert [volume_fee(p) for p in (0, 30, 31, 100, 101, 200, 201, 250)] == [
        0,
        0,
        10,
        700,
        720,
        2700,
        2740,
        4700,
    ]


def test_no_fee_by_default_and_by_piece_from_the_11th_request_of_the_month(officer_a, dept_a):
    requests = [register(officer_a, dept_a, D(2026, 11, 2 + i % 20))[0] for i in range(11)]
    other_month, _ = register(officer_a, dept_a, D(2026, 10, 30))
    tenth, eleventh = requests[9], requests[10]
    with pytest.raises(ValidationError, match="不收取"):
        services.fee_notice_issue(request=tenth, by=officer_a, mode=FeeMode.BY_PIECE)
    assert services.fee_quote(other_month, FeeMode.BY_PIECE)[1] == 0
    fee = services.fee_notice_issue(
        request=eleventh, by=officer_a, mode=FeeMode.BY_PIECE, on=D(2026, 11, 13)
    )
    assert (fee.quantity, fee.amount) == (11, 100)
    assert fee.pay_due == D(2026, 12, 11)
    eleventh.refresh_from_db()
    assert eleventh.status == RequestStatus.AWAITING_FEE and eleventh.clock.is_paused
    assert FeeWork().items(officer_a, 5)[0].due_date == D(2026, 12, 11)
    letter = eleventh.letters.get(kind=LetterKind.FEE)
    assert letter.body["amount"] == 100


def test_payment_period_pauses_the_clock(officer_a, dept_a):
    request, _ = register(officer_a, dept_a, D(2026, 11, 2))
    due = request.clock.due_date
    services.fee_notice_issue(
        request=request, by=officer_a, mode=FeeMode.BY_VOLUME, pages=45, on=D(2026, 11, 4)
    )
    request.refresh_from_db()
    assert request.fee.amount == 150
    services.fee_paid(request=request, by=officer_a, on=D(2026, 11, 9))
    request.refresh_from_db()
    # 5, 6, 9 Nov were not counted.
    assert request.clock.due_date == add_working_days(due, 3)
    assert request.status == RequestStatus.PROCESSING


def test_unpaid_fee_is_deemed_abandoned(officer_a, dept_a):
    request, _ = register(officer_a, dept_a, D(2026, 10, 12))
    services.fee_notice_issue(
        request=request, by=officer_a, mode=FeeMode.BY_VOLUME, pages=31, on=D(2026, 10, 13)
    )
    request.refresh_from_db()
    assert services.requests_lapse(today=request.fee.pay_due) == 0
    assert services.requests_lapse(today=request.fee.pay_due + datetime.timedelta(days=1)) == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN and request.fee.lapsed


def test_viewing_is_not_charged_by_volume(officer_a, dept_a):
    request, _ = register(officer_a, dept_a, D(2026, 11, 2), form_wanted="viewing")
    with pytest.raises(ValidationError, match="现场查阅"):
        services.fee_notice_issue(request=request, by=officer_a, mode=FeeMode.BY_VOLUME, pages=90)


# --- e-supervision, rating, verification -----------------------------------------------------


def test_a_late_request_gets_a_red_card(officer_a, dept_a):
    request, _ = register(officer_a, dept_a, D(2026, 10, 12))
    assert request.clock.due_date < timezone.localdate()
    clock_cards_scan()
    card = ClockCard.objects.get(watch__clock=request.clock)
    assert card.color == "red"
    assert card.watch.link == f"/office/disclosure/requests/{request.pk}/"


def test_applicant_rates_a_replied_request_once(officer_a, dept_a):
    user = citizen()
    request = services.request_confirm(request=online(user, dept_a), by=officer_a)
    with pytest.raises(ValidationError):
        services.request_rate(request=request, by=user, rating=5)
    services.request_reply(
        request=request,
        by=officer_a,
        outcome="already_public",
        public_location="蓝山县人民政府门户网站 政府信息公开 政策文件栏目",
    )
    with pytest.raises(PermissionDenied):
        services.request_rate(request=request, by=citizen(2), rating=5)
    with pytest.raises(ValidationError):
        services.request_rate(request=request, by=user, rating=6)
    request = services.request_rate(request=request, by=user, rating=4, comment="答复及时")
    assert request.rating == 4
    with pytest.raises(ValidationError, match="已评价"):
        services.request_rate(request=request, by=user, rating=5)


def test_applicant_may_withdraw_an_open_request(officer_a, dept_a):
    user = citizen()
    request = online(user, dept_a)
    request = services.request_withdraw(request=request, by=user)
    assert request.status == RequestStatus.WITHDRAWN
    assert ConfirmWork().pending(officer_a).count() == 0


def test_letters_are_verifiable(officer_a, dept_a):
    request, _ = register(officer_a, dept_a, D(2026, 11, 2))
    letter = request.letters.get()
    document = letter_document(letter.number)
    assert document.kind == "申请登记回执"
    assert document.issuer == dept_a.name and document.holder == "王建军"
    assert letter_document("YSQ-2026-none-00001-HZ") is None
    assert letter_document("SL2026000001") is None


def test_every_state_change_is_recorded(officer_a, head_a, dept_a):
    request, _ = register(officer_a, dept_a, timezone.localdate())
    services.clarification_request(request=request, by=officer_a, items=["请说明年度"])
    services.clarification_answer(request=request, by=officer_a, answer="2026年")
    services.extension_ask(request=request, by=officer_a, days=5, reason="需要调取档案")
    services.extension_decide(request=request, by=head_a, approve=True)
    services.request_reply(
        request=request, by=officer_a, outcome="unavailable", grounds=["unclear"], reply_text=""
    )
    events = list(RequestEvent.objects.filter(request=request).order_by("pk"))
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        ("register", "", "processing"),
        ("clarify", "processing", "clarifying"),
        ("answer", "clarifying", "processing"),
        ("extension_ask", "", "processing"),
        ("extension_approve", "", "processing"),
        ("reply", "processing", "replied"),
    ]
    assert request.history.count() >= 6
