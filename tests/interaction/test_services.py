"""Business rules of cases at service level: limits across holidays, assignment and return,
reply review, rating windows and reopening, return calls, audit of every state change."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from interaction.constants import CaseStatus, Kind
from interaction.models import Attachment, Case, CaseEvent, KindPolicy, PetitionPolicy, RoutingRule
from interaction.selectors.cases import suggest_department
from interaction.services import cases as case_services
from interaction.services import replies as reply_services
from platform_core.models import ClockWatch, Notification

pytestmark = pytest.mark.django_db

# 2026: National Day holiday 1–7 October (Sat 10 Oct is a make-up working day).
SEP_30 = timezone.make_aware(datetime.datetime(2026, 9, 30, 10, 0))


@pytest.mark.parametrize(
    ("kind", "days", "due"),
    [
        # consultation, 5 working days from 30 Sep: 8, 9, 10 (Sat, 调休), 12, 13 Oct
        (Kind.CONSULTATION, 5, datetime.date(2026, 10, 13)),
        (Kind.EFFICIENCY, 10, datetime.date(2026, 10, 20)),
        (Kind.COMPLAINT, 15, datetime.date(2026, 10, 27)),
        (Kind.SUGGESTION, 15, datetime.date(2026, 10, 27)),
    ],
)
def test_kind_time_limits_count_working_days_across_national_day(submit, kind, days, due):
    case, _code = submit(kind=kind, received_at=SEP_30)
    assert case.clock.limit_days == days
    assert case.clock.due_date == due
    # The office triages within 2 working days: 8 and 9 Oct.
    assert case.triage_due == datetime.date(2026, 10, 9)


def test_administrator_edits_a_kind_limit(submit):
    KindPolicy.objects.filter(kind=Kind.CONSULTATION).update(limit_days=3)
    case, _code = submit(kind=Kind.CONSULTATION, received_at=SEP_30)
    assert case.clock.limit_days == 3
    assert case.clock.due_date == datetime.date(2026, 10, 10)  # the make-up Saturday


def test_petition_case_accept_15_handle_60_extend_at_most_30(submit, reviewer):
    case, _code = submit(is_petition=True, received_at=SEP_30)
    assert case.clock.limit_days == 60
    policy = PetitionPolicy.objects.get()
    assert (policy.accept_days, policy.max_extension_days) == (15, 30)
    # 15 working days from 30 Sep, across the holiday: 27 Oct.
    assert case.triage_due == datetime.date(2026, 10, 27)
    due = case.clock.due_date
    case_services.case_extend(case=case, by=reviewer, days=20, reason="需要现场核查")
    case.clock.refresh_from_db()
    assert case.clock.due_date > due
    with pytest.raises(ValidationError) as exc:
        case_services.case_extend(case=case, by=reviewer, days=11, reason="再延期")
    assert "不能超过30个工作日" in str(exc.value)


def test_submission_gives_number_and_query_code_and_sms(submit, sms_outbox):
    case, code = submit()
    assert len(case.number) == 12 and len(code) == 6
    assert case_services.query_code_matches(case, code.lower())
    assert not case_services.query_code_matches(case, "AAAAAA")
    sms = Notification.objects.get(address="13812345678")
    assert case.number in sms.body and code in sms.body
    assert CaseEvent.objects.filter(case=case, action="submit", to_status="submitted").exists()
    # The clock is under e-supervision, held by the office until assignment.
    assert ClockWatch.objects.get(clock=case.clock).unit.code == "zmhd"


def test_case_numbers_are_gapless_per_day(submit):
    first, _c = submit()
    second, _c = submit()
    assert int(second.number[-4:]) == int(first.number[-4:]) + 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "短", "标题应为4至100个字"),
        ("content", "太短了", "内容应为10至3000个字"),
        ("content", "长" * 3001, "内容应为10至3000个字"),
        ("mobile", "12345", "11位中国大陆手机号码"),
        ("name", "", "请填写姓名"),
        ("kind", "rumour", "请选择来件类型"),
    ],
)
def test_bad_submissions_are_refused_in_chinese_and_leave_nothing(submit, field, value, message):
    with pytest.raises(ValidationError) as exc:
        submit(**{field: value})
    assert message in str(exc.value)
    assert not Case.objects.exists()


def test_sensitive_words_from_the_registered_checker_are_refused(submit):
    from interaction import checks

    checks.register_text_checker("test", lambda text: ["法轮"] if "法轮" in text else [])
    try:
        with pytest.raises(ValidationError) as exc:
            submit(content="这里有人宣传法轮功，请有关部门处理一下这个问题。")
        assert "不宜发布的词语“法轮”" in str(exc.value)
    finally:
        checks._CHECKERS.pop("test")


def test_attachments_go_through_platform_upload_validation(submit):
    png = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    case, _code = submit(uploads=[png])
    assert case.attachments.get().kind == "png"
    exe = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 64)
    with pytest.raises(ValidationError) as exc:
        submit(uploads=[exe])
    assert "类型不允许上传" in str(exc.value)
    assert Attachment.objects.count() == 1 and Case.objects.count() == 1


def test_routing_rules_suggest_most_specific_department(
    submit, categories, township, township2, dept_a, dept_b
):
    RoutingRule.objects.create(category=categories["market"], department=dept_a)
    RoutingRule.objects.create(township=township2, department=dept_b)
    case, _c = submit()
    assert suggest_department(case) == dept_a
    case2, _c = submit(township=township2)
    assert suggest_department(case2) == dept_a  # category beats place
    RoutingRule.objects.create(category=categories["market"], township=township2, department=dept_b)
    assert suggest_department(case2) == dept_b  # category and place beat category
    # A parent category's rule covers its children.
    RoutingRule.objects.create(category=categories["root"], department=dept_b)
    case3, _c = submit(category=categories["roads"])
    assert suggest_department(case3) == dept_b
    case4, _c = submit(category=categories["edu"], township=None)
    assert suggest_department(case4) is None


def test_assign_return_reassign(submit, triager, handler_a, handler_b, dept_a, dept_b):
    case, _c = submit()
    with pytest.raises(PermissionDenied):
        case_services.case_assign(case=case, by=handler_a, department=dept_a)
    case = case_services.case_assign(case=case, by=triager, department=dept_a, note="请核查")
    assert case.status == CaseStatus.ASSIGNED and case.department == dept_a
    assert ClockWatch.objects.get(clock=case.clock).unit == dept_a
    with pytest.raises(PermissionDenied):  # another department cannot return it
        case_services.case_return(case=case, by=handler_b, reason="不归我们管")
    with pytest.raises(ValidationError):
        case_services.case_return(case=case, by=handler_a, reason="  ")
    case = case_services.case_return(case=case, by=handler_a, reason="属于自然资源局职责")
    assert case.status == CaseStatus.RETURNED and case.department is None
    assignment = case.assignments.get()
    assert assignment.return_reason == "属于自然资源局职责" and assignment.returned_by == handler_a
    # Reassigning to the department that returned it needs a note.
    with pytest.raises(ValidationError):
        case_services.case_assign(case=case, by=triager, department=dept_a)
    case = case_services.case_assign(case=case, by=triager, department=dept_b)
    assert case.department == dept_b and case.assignments.count() == 2
    actions = list(case.events.values_list("action", "from_status", "to_status"))
    assert actions == [
        ("submit", "", "submitted"),
        ("assign", "submitted", "assigned"),
        ("return", "assigned", "returned"),
        ("assign", "returned", "assigned"),
    ]


def _replied(submit, triager, handler_a, reviewer, dept_a, **kw):
    case, code = submit(**kw)
    case_services.case_assign(case=case, by=triager, department=dept_a)
    reply_services.reply_save(
        case=case,
        by=handler_a,
        body="<p>经核查，已责令该超市下架过期食品并立案调查。</p>",
        submit=True,
    )
    reply_services.reply_approve(case=case, by=reviewer, comment="同意", public=True)
    case.refresh_from_db()
    return case, code


def test_reply_is_drafted_reviewed_sent_back_and_approved(
    submit, triager, handler_a, reviewer, dept_a, sms_outbox
):
    case, _c = submit()
    case_services.case_assign(case=case, by=triager, department=dept_a)
    with pytest.raises(ValidationError):
        reply_services.reply_save(case=case, by=handler_a, body="<p>好</p>")
    reply = reply_services.reply_save(
        case=case, by=handler_a, body="<p>正在核查处理中，请耐心等待。</p><script>x</script>"
    )
    assert "<script>" not in reply.body
    reply_services.reply_save(
        case=case, by=handler_a, body="<p>正在核查处理中，请耐心等待结果。</p>", submit=True
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.REVIEW
    with pytest.raises(PermissionDenied):  # a triage clerk is not a reviewer
        reply_services.reply_approve(case=case, by=triager)
    reply_services.reply_send_back(case=case, by=reviewer, comment="请写明处理结果")
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSIGNED
    reply_services.reply_save(
        case=case, by=handler_a, body="<p>已责令下架并罚款五千元。</p>", submit=True
    )
    reply = reply_services.reply_approve(case=case, by=reviewer, public=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.REPLIED and case.staff_public and case.is_public
    assert case.clock.finished_on is not None and reply.published_at
    assert case.replies.count() == 2
    assert Notification.objects.filter(body__contains="已答复").count() == 1


def test_staff_cannot_publish_without_the_citizens_consent(
    submit, triager, handler_a, reviewer, dept_a
):
    case, _c = submit(allow_public=False)
    with pytest.raises(ValidationError):
        case_services.case_set_public(case=case, by=triager, public=True)
    case_services.case_set_public(case=case, by=triager, public=False)
    case.refresh_from_db()
    assert not case.is_public


def test_unsatisfied_rating_reopens_once_then_closes(submit, triager, handler_a, reviewer, dept_a):
    case, _c = _replied(submit, triager, handler_a, reviewer, dept_a)
    first_clock = case.clock_id
    case = case_services.case_rate(case=case, score="unsatisfied", comment="没有处理到位")
    assert case.status == CaseStatus.ASSIGNED and case.round == 2
    assert case.department == dept_a and case.clock_id != first_clock
    reply_services.reply_save(
        case=case, by=handler_a, body="<p>再次核查，已对超市全面检查并公示结果。</p>", submit=True
    )
    reply_services.reply_approve(case=case, by=reviewer)
    case.refresh_from_db()
    # 不满意 a second time closes the case: it reopens only once.
    case = case_services.case_rate(case=case, score="unsatisfied")
    assert case.status == CaseStatus.CLOSED and case.ratings.count() == 2
    with pytest.raises(ValidationError):
        case_services.case_rate(case=case, score="satisfied")


def test_rating_window_is_14_days(submit, triager, handler_a, reviewer, dept_a):
    case, _c = _replied(submit, triager, handler_a, reviewer, dept_a)
    late = case.replied_at + datetime.timedelta(days=14, minutes=1)
    with pytest.raises(ValidationError) as exc:
        case_services.case_rate(case=case, score="satisfied", now=late)
    assert "14日" in str(exc.value)
    assert case_services.cases_close_unrated(now=late) == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_satisfied_rating_closes_and_follow_up_is_recorded(
    submit, triager, handler_a, handler_b, reviewer, dept_a
):
    case, _c = _replied(submit, triager, handler_a, reviewer, dept_a)
    case = case_services.case_rate(case=case, score="satisfied", comment="很及时")
    assert case.status == CaseStatus.CLOSED
    with pytest.raises(PermissionDenied):
        case_services.follow_up_record(case=case, by=handler_b, method="phone", note="回访")
    case_services.follow_up_record(case=case, by=triager, method="phone", note="群众表示满意")
    assert case.follow_ups.get().note == "群众表示满意"
    assert case.events.filter(action="follow_up").exists()


def test_staff_entry_of_letters_calls_visits(office, categories, triager, handler_a):
    case, _code = case_services.case_register(
        by=triager,
        channel="call",
        kind="consultation",
        category=categories["edu"],
        title="咨询小学入学材料",
        content="孩子明年上小学，需要准备哪些入学登记材料？",
        name="李四",
        mobile="13900001111",
    )
    assert case.channel == "call" and case.entered_by == triager
    assert case.events.get().action == "register"
    with pytest.raises(PermissionDenied):
        case_services.case_register(
            by=handler_a,
            channel="visit",
            kind="consultation",
            category=categories["edu"],
            title="咨询小学入学材料",
            content="孩子明年上小学，需要准备哪些入学登记材料？",
            name="李四",
            mobile="13900001111",
        )
