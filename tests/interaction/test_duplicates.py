"""Duplicates: near-identical open cases (pg_trgm similarity) and cases of the same mobile are
flagged to the triager, who merges them into one parent; every submission is kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from interaction.selectors.duplicates import duplicates_for
from interaction.services import cases as case_services
from interaction.services import replies as reply_services
from platform_core.models import Notification

pytestmark = pytest.mark.django_db


def test_near_identical_text_and_same_mobile_are_flagged(submit, categories):
    first, _c = submit()
    same_text, _c = submit(
        mobile="13900000001",
        name="李四",
        title="超市在卖过期食品",
        content="城关镇一家超市货架上有好几件过期的牛奶，希望有关部门尽快查处。",
    )
    same_person, _c = submit(
        category=categories["edu"],
        title="咨询小学入学材料",
        content="孩子明年上小学，需要准备哪些入学登记材料？",
    )
    unrelated, _c = submit(
        mobile="13900000002",
        category=categories["edu"],
        title="咨询小学入学材料",
        content="孩子明年上小学，需要准备哪些入学登记材料？",
    )
    flagged = duplicates_for(first)
    assert same_text in flagged and same_person in flagged
    assert unrelated not in flagged
    assert flagged[0] == same_text or flagged[0] == same_person


def test_merge_keeps_every_submission_and_answers_through_the_parent(
    submit, triager, handler_a, reviewer, dept_a, django_capture_on_commit_callbacks
):
    parent, _c = submit()
    child, _c = submit(
        mobile="13900000001", name="李四", content="超市货架上有过期牛奶仍在销售，请尽快查处。"
    )
    with pytest.raises(PermissionDenied):
        case_services.case_merge(case=child, into=parent, by=handler_a)
    case_services.case_merge(case=child, into=parent, by=triager)
    child.refresh_from_db()
    assert child.status == "merged" and child.parent == parent
    assert child.content.startswith("超市货架上") and child.events.filter(action="merge").exists()
    assert list(parent.children.all()) == [child]
    assert duplicates_for(parent) == []  # a merged case is no longer flagged
    with pytest.raises(ValidationError):
        case_services.case_merge(case=parent, into=child, by=triager)
    # The parent's reply reaches the merged case's citizen too.
    case_services.case_assign(case=parent, by=triager, department=dept_a)
    reply_services.reply_save(
        case=parent, by=handler_a, body="<p>已责令超市下架过期食品。</p>", submit=True
    )
    reply_services.reply_approve(case=parent, by=reviewer)
    assert Notification.objects.filter(address="13900000001", body__contains="合并答复").exists()


def test_triager_sees_duplicates_and_merges_over_http(client, submit, triager):
    parent, _c = submit()
    child, _c = submit(mobile="13900000001", name="李四")
    client.force_login(triager, backend="platform_core.auth_backends.StaffBackend")
    page = client.get(reverse("interaction:case_detail", args=[child.number])).content.decode()
    assert "疑似重复来件" in page and parent.number in page
    response = client.post(
        reverse("interaction:case_merge", args=[child.number]), {"into": parent.number}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "并入的来件" in page and child.number in page
