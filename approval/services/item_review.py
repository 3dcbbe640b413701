"""Publication approval of licensing item drafts (事项发布审核).

The item administrator submits a draft that passes the guide's publish check; the submission
waits in the department leaders' unified inbox (approval.selectors.work.ItemReviewWork) with a
deadline on the case clock. Approving publishes the version through `items.item_publish` (which
retires the version published before; running applications keep their own version), sending
back returns the draft to the administrator with the reason. While a review waits, the draft is
frozen (`items._require_draft` refuses edits), so the leader approves what they read.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approval.constants import ItemStatus
from approval.models import ItemReview, LicensingItem, ReviewStatus
from approval.selectors import catalogue as access
from approval.services import items as item_services
from platform_core.constants import RoleCode
from platform_core.models import Post, User
from platform_core.services.clock import clock_finish, clock_start
from platform_core.services.notifications import notify_user

CLOCK_PROCESS = "approval.item_review"
REVIEW_DAYS = 5  # working days the leader has to approve or send back a publication


def _locked(review: ItemReview) -> ItemReview:
    review = (
        ItemReview.objects.select_for_update(of=("self",))
        .select_related("item", "clock")
        .get(pk=review.pk)
    )
    if review.status != ReviewStatus.PENDING:
        raise ValidationError(
            _("该送审已处理（%(s)s），请刷新页面。") % {"s": review.get_status_display()}
        )
    return review


def _decide(review: ItemReview, by: User, status: str, reason: str) -> ItemReview:
    review.status = status
    review.decided_by = by
    review.decided_at = timezone.now()
    review.reason = reason
    review._history_user = by
    review.full_clean()
    review.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    if review.clock_id:
        clock_finish(clock=review.clock)
    return review


def _notify_reviewers(review: ItemReview) -> None:
    leaders = (
        Post.objects.active()
        .filter(role__code=RoleCode.LEADER, unit=review.department)
        .exclude(user=review.submitted_by)
        .select_related("user")
    )
    for post in leaders:
        notify_user(
            user=post.user,
            subject=_("待审核事项发布：%(name)s") % {"name": review.item.name},
            body=_("%(who)s 提交了“%(name)s”第%(v)s版的发布申请，请审核。")
            % {"who": review.submitted_by.name, "name": review.item.name, "v": review.item.version},
            link=reverse("approval:item_review", args=[review.pk]),
            dedupe_key=f"item-review:{review.pk}:{post.user_id}",
        )


@transaction.atomic
def review_submit(*, item: LicensingItem, by: User, note: str = "") -> ItemReview:
    """提交发布审核：草稿须通过发布检查（必填内容齐全）；审核期间草稿不能修改。"""
    if not access.may_manage(by, item):
        raise PermissionDenied
    item = LicensingItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ItemStatus.DRAFT:
        raise ValidationError(_("只有草稿可以提交发布审核。"))
    if ItemReview.objects.filter(item=item, status=ReviewStatus.PENDING).exists():
        raise ValidationError(_("该草稿已在审核中。"))
    problems = item_services.publish_problems(item)
    if problems:
        raise ValidationError(problems)
    review = ItemReview(
        item=item,
        department=item.department,
        submitted_by=by,
        note=(note or "").strip()[:500],
        clock=clock_start(
            process=CLOCK_PROCESS,
            limit_days=REVIEW_DAYS,
            subject=_("事项发布审核：%(name)s") % {"name": item.name},
        ),
    )
    review._history_user = by
    review.full_clean()
    review.save()
    transaction.on_commit(lambda: _notify_reviewers(review))
    return review


@transaction.atomic
def review_approve(*, review: ItemReview, by: User, comment: str = "") -> LicensingItem:
    """审核通过：发布该版本（原发布版本停用，进行中的申请不受影响）。"""
    review = _locked(review)
    if not access.may_review(by, review):
        raise PermissionDenied
    # Decided first: the draft is frozen while a review waits, and item_publish checks that.
    _decide(review, by, ReviewStatus.APPROVED, (comment or "").strip())
    return item_services.item_publish(item=review.item, by=by)


@transaction.atomic
def review_return(*, review: ItemReview, by: User, reason: str) -> ItemReview:
    """退回修改：草稿回到事项管理员手中，须写明退回原因。"""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写退回原因。")})
    review = _locked(review)
    if not access.may_review(by, review):
        raise PermissionDenied
    review = _decide(review, by, ReviewStatus.RETURNED, reason)
    notify_user(
        user=review.submitted_by,
        subject=_("事项发布被退回：%(name)s") % {"name": review.item.name},
        body=reason,
        link=reverse("approval:item_detail", args=[review.item_id]),
        dedupe_key=f"item-review:{review.pk}:returned",
    )
    return review


@transaction.atomic
def review_withdraw(*, review: ItemReview, by: User) -> ItemReview:
    """撤回送审：事项管理员撤回尚未审核的发布申请，以便继续修改。"""
    review = _locked(review)
    if not access.may_manage(by, review.item):
        raise PermissionDenied
    review.status = ReviewStatus.WITHDRAWN
    review._history_user = by
    review.save(update_fields=["status"])
    if review.clock_id:
        clock_finish(clock=review.clock)
    return review
