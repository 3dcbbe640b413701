"""Catalogue back office (事项管理), service level: the item administrator's scope, drafts with
materials and fees, copy, retire with a running application, the publication review in the
leader's inbox with a clock, and the audit history of each change."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approval.constants import AppStatus, ItemStatus
from approval.models import ItemReview, LicensingItem, ReviewStatus
from approval.selectors import catalogue as access
from approval.selectors.work import ItemReviewWork
from approval.services import item_review
from approval.services import items as item_services
from platform_core.constants import RoleCode
from platform_core.inbox_sources import work_items
from platform_core.models import Notification
from tests.approval.conftest import build_item, submitted
from tests.factories import staff_with_role


@pytest.fixture
def admin_a(dept_a):
    return staff_with_role(RoleCode.ITEM_ADMIN, dept_a, name="事项管理员甲")


@pytest.fixture
def admin_b(dept_b):
    return staff_with_role(RoleCode.ITEM_ADMIN, dept_b, name="事项管理员乙")


@pytest.fixture
def leader_a(dept_a):
    return staff_with_role(RoleCode.LEADER, dept_a, name="分管领导甲")


@pytest.fixture
def leader_b(dept_b):
    return staff_with_role(RoleCode.LEADER, dept_b, name="分管领导乙")


@pytest.fixture
def draft(item, admin_a):
    """A new version draft of the published item (the form and route exist)."""
    return item_services.item_new_version(item=item, by=admin_a)


def test_item_admin_keeps_only_the_items_of_their_department(item, admin_a, admin_b):
    assert access.may_manage(admin_a, item)
    assert not access.may_manage(admin_b, item)
    assert list(access.catalogue_items(admin_a)) == [item]
    assert list(access.catalogue_items(admin_b)) == []
    with pytest.raises(PermissionDenied):
        item_review.review_submit(
            item=item_services.item_new_version(item=item, by=admin_a), by=admin_b
        )


def test_the_list_shows_the_latest_version_with_its_review_state(item, draft, admin_a):
    rows = list(access.catalogue_items(admin_a))
    assert [r.pk for r in rows] == [draft.pk]
    assert rows[0].has_published and not rows[0].in_review
    assert list(access.catalogue_items(admin_a, status=ItemStatus.PUBLISHED)) == []
    assert list(access.catalogue_items(admin_a, q="不存在的事项")) == []


def test_publish_check_lists_every_empty_required_field_in_chinese(dept_a, admin_a):
    empty = item_services.item_create(code="X-EMPTY", name="空事项", department=dept_a, by=admin_a)
    problems = item_services.publish_problems(empty)
    for label in (
        "设定依据",
        "申请条件",
        "办理地点",
        "办理时间",
        "咨询电话",
        "办理流程",
        "申请材料",
    ):
        assert any(label in p for p in problems), label
    with pytest.raises(ValidationError) as refused:
        item_review.review_submit(item=empty, by=admin_a)
    assert "“设定依据”不能为空。" in refused.value.messages
    assert not ItemReview.objects.exists()


def test_draft_save_edits_guide_materials_fees_and_events_together(draft, admin_a):
    first, second, third = list(draft.materials.all())
    item_services.item_draft_save(
        item=draft,
        by=admin_a,
        fields={"phone": "0746-1234567", "promised_days": 5},
        materials=[
            {"id": second.pk, "name": "营业执照（复印件）", "form": "copy", "count": 2},
            {"name": "新增材料", "form": "original", "count": 1},
        ],
        fees=[{"name": "工本费", "standard": "每证 10 元", "amount": "10.00", "basis": "物价文件"}],
        events=["kaiban", "jingying"],
    )
    draft.refresh_from_db()
    assert draft.phone == "0746-1234567" and draft.promised_days == 5
    names = list(draft.materials.values_list("name", "count", "position"))
    assert names == [("营业执照（复印件）", 2, 1), ("新增材料", 1, 2)]
    assert draft.materials.filter(pk=second.pk).exists()  # kept, edited in place
    assert not draft.materials.filter(pk__in=[first.pk, third.pk]).exists()
    assert list(draft.fee_items.values_list("name", flat=True)) == ["工本费"]
    assert sorted(draft.life_events.values_list("event", flat=True)) == ["jingying", "kaiban"]
    # Audit: who changed what, in the change history.
    assert draft.history.filter(history_user=admin_a, history_type="~").exists()
    assert second.history.filter(history_user=admin_a, history_type="~").exists()
    assert first.history.filter(history_user=admin_a, history_type="-").exists()


def test_draft_save_refuses_bad_input_and_leaves_the_draft(draft, admin_a, item):
    foreign = item.materials.first()
    with pytest.raises(ValidationError):
        item_services.item_draft_save(
            item=draft, by=admin_a, fields={}, materials=[{"id": foreign.pk, "name": "x"}],
            fees=[], events=[],
        )  # fmt: skip
    with pytest.raises(ValidationError):
        item_services.item_draft_save(
            item=draft, by=admin_a, fields={"promised_days": 30, "statutory_days": 20},
            materials=[], fees=[], events=[],
        )  # fmt: skip
    with pytest.raises(ValidationError):
        item_services.item_draft_save(
            item=draft, by=admin_a, fields={}, materials=[], fees=[], events=["nosuch"]
        )
    assert draft.materials.count() == 3


def test_copy_makes_a_new_item_draft_with_everything(item, admin_a):
    item_services.item_draft_save(
        item=item_services.item_new_version(item=item, by=admin_a),
        by=admin_a, fields={}, materials=[{"name": "申请书", "form": "original", "count": 1}],
        fees=[{"name": "工本费", "amount": "5"}], events=["kaiban"],
    )  # fmt: skip
    source = LicensingItem.objects.get(code=item.code, status=ItemStatus.DRAFT)
    copy = item_services.item_copy(
        item=source, code="X-COPY", name="食品经营许可（分店）", by=admin_a
    )
    assert (copy.code, copy.version, copy.status) == ("X-COPY", 1, ItemStatus.DRAFT)
    assert copy.name == "食品经营许可（分店）" and copy.legal_basis == item.legal_basis
    assert list(copy.materials.values_list("name", flat=True)) == ["申请书"]
    assert list(copy.fee_items.values_list("name", flat=True)) == ["工本费"]
    assert list(copy.life_events.values_list("event", flat=True)) == ["kaiban"]
    with pytest.raises(ValidationError):
        item_services.item_copy(item=source, code="X-COPY", by=admin_a)
    with pytest.raises(ValidationError):
        item_services.item_copy(item=source, code=" ", by=admin_a)


def test_retire_leaves_a_running_application_as_it_was(item, clerk_a, admin_a):
    application = submitted(item, clerk_a)
    assert application.status == AppStatus.SUBMITTED
    retired = item_services.item_retire(item=item, by=admin_a)
    assert retired.pk == item.pk and retired.status == ItemStatus.RETIRED
    application.refresh_from_db()
    assert application.status == AppStatus.SUBMITTED
    assert application.item_id == item.pk
    assert application.item.materials.count() == 3  # what the applicant was promised
    assert not LicensingItem.objects.filter(code=item.code, status=ItemStatus.PUBLISHED).exists()
    assert item.history.filter(history_user=admin_a, status=ItemStatus.RETIRED).exists()
    with pytest.raises(ValidationError):
        item_services.item_retire(item=item, by=admin_a)


def test_approval_route_publishes_through_the_leaders_inbox(
    item, draft, admin_a, leader_a, leader_b, clerk_a
):
    running = submitted(item, clerk_a)
    review = item_review.review_submit(item=draft, by=admin_a, note="更新咨询电话")
    # Work in the leader's unified inbox, with a deadline on the case clock.
    assert review.clock.due_date is not None and review.clock.limit_days == 5
    inbox = work_items(leader_a)
    mine = [w for w in inbox if w.action == "审核事项发布"]
    assert len(mine) == 1 and mine[0].due_date == review.clock.due_date
    assert ItemReviewWork().pending(leader_b).count() == 0
    assert ItemReviewWork().pending(admin_a).count() == 0
    # Frozen while it waits.
    with pytest.raises(ValidationError):
        item_services.item_update(item=draft, by=admin_a, phone="1")
    with pytest.raises(PermissionDenied):
        item_review.review_approve(review=review, by=leader_b)
    item_review.review_approve(review=review, by=leader_a)
    review.refresh_from_db()
    draft.refresh_from_db()
    item.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED and review.decided_by == leader_a
    assert review.clock.finished_on is not None
    assert draft.status == ItemStatus.PUBLISHED and draft.published_by == leader_a
    assert item.status == ItemStatus.RETIRED
    running.refresh_from_db()
    assert running.item_id == item.pk and running.status == AppStatus.SUBMITTED
    assert ItemReviewWork().pending(leader_a).count() == 0
    with pytest.raises(ValidationError):
        item_review.review_return(review=review, by=leader_a, reason="晚了")


def test_sending_back_needs_a_reason_and_returns_the_draft(
    draft, admin_a, leader_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = item_review.review_submit(item=draft, by=admin_a)
    assert Notification.objects.filter(recipient=leader_a).exists()
    with pytest.raises(ValidationError):
        item_review.review_return(review=review, by=leader_a, reason="  ")
    item_review.review_return(review=review, by=leader_a, reason="设定依据请写到条款")
    review.refresh_from_db()
    draft.refresh_from_db()
    assert review.status == ReviewStatus.RETURNED and review.reason == "设定依据请写到条款"
    assert draft.status == ItemStatus.DRAFT
    assert Notification.objects.filter(recipient=admin_a, body="设定依据请写到条款").exists()
    # Editable again, and may be submitted again.
    item_services.item_update(item=draft, by=admin_a, legal_basis="《食品安全法》第三十五条第一款")
    again = item_review.review_submit(item=draft, by=admin_a)
    assert again.pk != review.pk and again.status == ReviewStatus.PENDING


def test_the_submitter_never_approves_their_own_draft(draft, dept_a, leader_a):
    # A leader who also keeps the catalogue: four eyes, not two.
    from tests.factories import PostFactory, role

    PostFactory(user=leader_a, unit=dept_a, role=role(RoleCode.ITEM_ADMIN))
    review = item_review.review_submit(item=draft, by=leader_a)
    assert not access.may_review(leader_a, review)
    assert ItemReviewWork().pending(leader_a).count() == 0
    with pytest.raises(PermissionDenied):
        item_review.review_approve(review=review, by=leader_a)


def test_withdraw_unfreezes_the_draft(draft, admin_a, admin_b):
    review = item_review.review_submit(item=draft, by=admin_a)
    with pytest.raises(ValidationError):
        item_review.review_submit(item=draft, by=admin_a)
    with pytest.raises(PermissionDenied):
        item_review.review_withdraw(review=review, by=admin_b)
    item_review.review_withdraw(review=review, by=admin_a)
    review.refresh_from_db()
    assert review.status == ReviewStatus.WITHDRAWN and review.clock.finished_on is not None
    item_services.item_update(item=draft, by=admin_a, phone="0746-7654321")


def test_build_item_helper_stays_usable_by_other_tests(sysadmin, dept_a):
    # The existing helpers call material_add without `by`: the new argument is optional.
    item = build_item(sysadmin, dept_a, code="X-HELPER")
    assert item.materials.count() == 3
