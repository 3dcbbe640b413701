"""The handling pages and the rating: the journey through the views, verification of the
decision, department isolation on every new URL, and the 好差评 rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from approval.constants import AppStatus, EventKind
from approval.models import Application, Rating
from approval.services import applications as app_services
from approval.services import decision as services
from approval.services import rating as rating_services
from platform_core.models import TaskInfo
from tests.approval.conftest import fill
from tests.approval.decision.helpers import accepted, finish_review, pdf_text, reviewed
from tests.factories import CitizenFactory


def concluded_online(item, citizen, clerk, reviewer, leader):
    from approval.services import acceptance

    version, form = fill(item)
    app_services.application_prepare(item=item, user=citizen, version=version, form=form)
    application, _code = app_services.application_submit(
        application=Application.objects.get(applicant=citizen), user=citizen
    )
    acceptance.application_accept(application=application, by=clerk)
    application.refresh_from_db()
    finish_review(application, reviewer)
    services.application_grant(application=application, by=leader)
    services.application_deliver(application=application, by=clerk, method="electronic")
    services.application_conclude(application=application, by=clerk)
    application.refresh_from_db()
    return application


def action(client, application, name, data):
    return client.post(reverse("approval:handling_action", args=[application.number, name]), data)


def test_journey_review_decide_deliver_conclude_through_pages(
    client, item, clerk_a, reviewer_a, leader_a
):
    application = accepted(item, clerk_a)
    # The review step is worked on the generic task page.
    (info,) = TaskInfo.objects.filter(process=application.process, is_open=True)
    client.force_login(reviewer_a)
    # The generic task page links to the application it is about.
    task_page = client.get(f"/office/tasks/{info.pk}/").content.decode()
    assert reverse("approval:office_detail", args=[application.number]) in task_page
    assert f"申请：{application.number}" in task_page
    assert client.post(f"/office/tasks/{info.pk}/claim/").status_code == 302
    assert client.post(f"/office/tasks/{info.pk}/complete/", {"comment": "同意"}).status_code == 302
    # Opening the handling list notices that the route has ended.
    page = client.get(reverse("approval:handling_list"))
    assert page.status_code == 200 and application.number in page.content.decode()
    application.refresh_from_db()
    assert application.status == AppStatus.DECIDING

    # A reviewer sees the page but may not decide.
    assert action(client, application, "grant", {}).status_code == 403
    client.force_login(leader_a)
    detail = client.get(reverse("approval:handling_detail", args=[application.number]))
    assert "出具准予行政许可决定书" in detail.content.decode()
    bad = action(client, application, "refuse", {"reasons": ""})
    assert bad.status_code == 400 and "不予行政许可须说明理由。" in bad.content.decode()
    bad = action(client, application, "grant", {"valid_until": "2001-01-01"})
    assert bad.status_code == 400 and "有效期须晚于今天。" in bad.content.decode()
    assert action(client, application, "grant", {"valid_until": "2031-12-31"}).status_code == 302
    application.refresh_from_db()
    number = application.decision.notice.number
    assert application.status == AppStatus.GRANTED

    pdf = client.get(reverse("approval:office_notice_pdf", args=[application.number, number]))
    text = "".join(pdf_text(pdf.content).split())
    assert number in text and "准予行政许可决定书" in text
    verify = client.get(reverse("approval:verify", args=[number]))
    assert verify.status_code == 200
    body = verify.content.decode()
    assert number in body and "准予行政许可决定书" in body and "2031-12-31" in body

    client.force_login(clerk_a)
    detail = client.get(reverse("approval:handling_detail", args=[application.number]))
    assert "登记送达" in detail.content.decode() and number in detail.content.decode()
    bad = action(client, application, "deliver", {"method": "fax", "on": "2026-01-01"})
    assert bad.status_code == 400 and "请选择送达方式。" in bad.content.decode()
    assert (
        action(client, application, "deliver", {"method": "counter", "on": ""}).status_code == 400
    )
    ok = action(
        client, application, "deliver", {"method": "counter", "on": application.accepted_on}
    )
    assert ok.status_code == 302
    assert action(client, application, "conclude", {}).status_code == 400  # not confirmed
    assert action(client, application, "conclude", {"confirm": "on"}).status_code == 302
    application.refresh_from_db()
    assert application.status == AppStatus.CONCLUDED
    detail = client.get(reverse("approval:handling_detail", args=[application.number]))
    assert detail.status_code == 200 and "办结日期" in detail.content.decode()
    assert "登记送达" not in detail.content.decode()
    unknown = reverse("approval:handling_action", args=[application.number, "nope"])
    assert client.post(unknown).status_code == 404


def test_extension_and_special_procedure_through_pages(client, item, clerk_a, reviewer_a, leader_a):
    application = accepted(item, clerk_a)
    client.force_login(reviewer_a)
    assert action(client, application, "extend", {"days": 10, "reason": "复杂"}).status_code == 403
    bad = action(client, application, "special_start", {"procedure": "other", "reason": "x"})
    assert bad.status_code == 400 and "请选择听证、专家评审或检验检测。" in bad.content.decode()
    ok = action(
        client, application, "special_start", {"procedure": "hearing", "reason": "利害关系人申请"}
    )
    assert ok.status_code == 302
    application.clock.refresh_from_db()
    assert application.clock.is_paused
    assert action(client, application, "special_end", {"note": "听证结束"}).status_code == 302
    client.force_login(leader_a)
    bad = action(client, application, "extend", {"days": 11, "reason": "复杂"})
    assert bad.status_code == 400 and "延长期限为1至10个工作日。" in bad.content.decode()
    assert action(client, application, "extend", {"days": 10, "reason": "复杂"}).status_code == 302
    again = action(client, application, "extend", {"days": 5, "reason": "再延"})
    assert again.status_code == 400 and "办理时限只能延长一次。" in again.content.decode()
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds[-3:] == [EventKind.SPECIAL_START, EventKind.SPECIAL_END, EventKind.EXTEND]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("grant", {}),
        ("refuse", {"reasons": "不符合"}),
        ("extend", {"days": 10, "reason": "复杂"}),
        ("special_start", {"procedure": "hearing", "reason": "听证"}),
        ("special_end", {}),
        ("deliver", {"method": "counter", "on": "2026-11-25"}),
        ("conclude", {"confirm": "on"}),
    ],
)
def test_other_department_gets_404_on_every_handling_url(
    client, item, clerk_a, reviewer_a, leader_b, clerk_b, name, data
):
    application = reviewed(item, clerk_a, reviewer_a)
    for outsider in (leader_b, clerk_b):
        client.force_login(outsider)
        assert action(client, application, name, data).status_code == 404
        detail = client.get(reverse("approval:handling_detail", args=[application.number]))
        assert detail.status_code == 404
        listing = client.get(reverse("approval:handling_list"), {"status": "all"})
        assert listing.status_code == 200 and application.number not in listing.content.decode()
    application.refresh_from_db()
    assert application.status == AppStatus.DECIDING


def test_handling_pages_need_office_login(client, item, clerk_a, reviewer_a, citizen):
    application = reviewed(item, clerk_a, reviewer_a)
    urls = [
        reverse("approval:handling_list"),
        reverse("approval:handling_detail", args=[application.number]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    client.force_login(citizen)
    for url in urls:
        assert client.get(url).status_code in (302, 403, 404)
    assert action(client, application, "grant", {}).status_code in (302, 403, 404)
    application.refresh_from_db()
    assert application.status == AppStatus.DECIDING


# --- rating ---------------------------------------------------------------------------------


def test_rating_only_by_applicant_after_conclusion_once(
    client, item, citizen, clerk_a, reviewer_a, leader_a
):
    application = concluded_online(item, citizen, clerk_a, reviewer_a, leader_a)
    url = reverse("approval:my_rate", args=[application.number])
    stranger = CitizenFactory(name="路人甲", mobile="13700000000")
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        rating_services.application_rate(application=application, user=stranger, score=5)
    client.force_login(citizen)
    page = client.get(reverse("approval:my_detail", args=[application.number]))
    assert url in page.content.decode()
    assert client.get(url).status_code == 200
    bad = client.post(url, {"score": "9"})
    assert bad.status_code == 400 and "请选择1至5分。" in bad.content.decode()
    assert client.post(url, {"score": "5", "comment": "办事高效"}).status_code == 302
    rating = Rating.objects.get(application=application)
    assert (rating.score, rating.rated_by, rating.follow_up) == (5, citizen, None)
    again = client.post(url, {"score": "1", "comment": "改评"})
    assert again.status_code == 400
    assert Rating.objects.get(application=application).score == 5
    with pytest.raises(ValidationError, match="只能评价一次"):
        rating_services.application_rate(application=application, user=citizen, score=1)
    assert application.events.filter(kind=EventKind.RATE).count() == 1


def test_rating_refused_before_conclusion(client, item, citizen, clerk_a, reviewer_a, leader_a):
    version, form = fill(item)
    app_services.application_prepare(item=item, user=citizen, version=version, form=form)
    application, _code = app_services.application_submit(
        application=Application.objects.get(applicant=citizen), user=citizen
    )
    with pytest.raises(ValidationError, match="办结后才能评价"):
        rating_services.application_rate(application=application, user=citizen, score=4)
    client.force_login(citizen)
    response = client.post(reverse("approval:my_rate", args=[application.number]), {"score": "4"})
    assert response.status_code == 400 and "办结后才能评价。" in response.content.decode()
    assert not Rating.objects.exists()


def test_bad_rating_opens_follow_up_case_for_section_heads(
    client, item, citizen, clerk_a, reviewer_a, leader_a, head_a
):
    application = concluded_online(item, citizen, clerk_a, reviewer_a, leader_a)
    with pytest.raises(ValidationError):
        rating_services.application_rate(application=application, user=citizen, score=2)
    client.force_login(citizen)
    url = reverse("approval:my_rate", args=[application.number])
    assert client.post(url, {"score": "1", "comment": "窗口态度差"}).status_code == 302
    rating = Rating.objects.get(application=application)
    assert rating.follow_up is not None
    assert rating.follow_up.owner_unit == application.department
    (task,) = TaskInfo.objects.filter(process=rating.follow_up, is_open=True)
    assert task.owner == head_a
    # The section head finds it on the generic task page; another department cannot open it.
    client.force_login(head_a)
    assert client.get(f"/office/tasks/{task.pk}/").status_code == 200
    client.force_login(leader_a)
    detail = client.get(reverse("approval:handling_detail", args=[application.number]))
    assert "差评整改" in detail.content.decode() and "窗口态度差" in detail.content.decode()
    client.force_login(citizen)
    page = client.get(url)
    assert page.status_code == 200 and "您的评价" in page.content.decode()


def test_handling_list_query_count_does_not_grow_with_rows(
    client, item, clerk_a, reviewer_a, leader_a, django_assert_max_num_queries
):
    client.force_login(leader_a)
    url = reverse("approval:handling_list")
    reviewed(item, clerk_a, reviewer_a, name="甲")
    client.get(url, {"status": "all"})  # warm caches (session, scope)
    with django_assert_max_num_queries(50) as one:
        assert client.get(url, {"status": "all"}).status_code == 200
    # Read the count now: the connection's query log is a bounded deque that later work rotates.
    baseline = len(one.captured_queries)
    for name in ("乙", "丙", "丁"):
        reviewed(item, clerk_a, reviewer_a, name=name)
    client.get(url, {"status": "all"})
    with django_assert_max_num_queries(baseline):
        page = client.get(url, {"status": "all"})
    assert page.content.decode().count("/office/approval/handling/431127-") == 4
