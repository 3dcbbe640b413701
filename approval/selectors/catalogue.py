"""Reads of the catalogue back office (事项管理): who keeps which items, the list, the reviews.

An item administrator (事项管理员) keeps the items of the departments where they hold the post
(a post in a section reaches its department, as for the other approval roles); a leader
(分管领导) of the department approves their publication. Superusers reach every department.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from approval.constants import ItemStatus
from approval.models import ItemReview, LicensingItem, ReviewStatus
from approval.selectors.applications import DEPARTMENT_KINDS, departments_query
from platform_core.constants import RoleCode
from platform_core.models import OrgUnit, User

MANAGE = "approval.manage_item"
APPROVE = "approval.approve_item"


def managed_departments(user: User) -> QuerySet[OrgUnit]:
    """Departments whose items `user` may keep (unevaluated: usable as a subquery)."""
    if not (user.is_authenticated and user.is_office_user):
        return OrgUnit.objects.none()
    if user.is_superuser:
        return OrgUnit.objects.filter(kind__in=DEPARTMENT_KINDS)
    if not user.has_perm(MANAGE):
        return OrgUnit.objects.none()
    return departments_query(user, roles=(RoleCode.ITEM_ADMIN,))


def reviewed_departments(user: User) -> QuerySet[OrgUnit]:
    """Departments whose item publications `user` approves."""
    if not (user.is_authenticated and user.is_office_user):
        return OrgUnit.objects.none()
    if not (user.is_superuser or user.has_perm(APPROVE)):
        return OrgUnit.objects.none()
    return departments_query(user, roles=(RoleCode.LEADER,))


def is_item_admin(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_office_user
        and (user.is_superuser or managed_departments(user).exists())
    )


def may_manage(user: User, item: LicensingItem) -> bool:
    """May `user` edit, copy, retire or submit this item (any version)?"""
    if not (user.is_authenticated and user.is_office_user):
        return False
    if user.is_superuser:
        return True
    return managed_departments(user).filter(pk=item.department_id).exists()


def may_review(user: User, review: ItemReview) -> bool:
    """The department's leader, never the person who submitted (四眼原则)."""
    if not (user.is_authenticated and user.is_office_user) or review.submitted_by_id == user.pk:
        return False
    if user.is_superuser:
        return True
    return reviewed_departments(user).filter(pk=review.department_id).exists()


def catalogue_items(
    user: User, *, department: int | None = None, status: str = "", q: str = ""
) -> QuerySet[LicensingItem]:
    """The latest version of every item the user keeps, with the list's columns, in one query.

    "Latest" is the highest version number of the code; whether a review waits comes in as an
    EXISTS column, so the page costs the same number of queries whatever the catalogue's size.
    """
    newer = LicensingItem.objects.filter(code=OuterRef("code"), version__gt=OuterRef("version"))
    pending = ItemReview.objects.filter(item=OuterRef("pk"), status=ReviewStatus.PENDING)
    published = LicensingItem.objects.filter(code=OuterRef("code"), status=ItemStatus.PUBLISHED)
    items = (
        LicensingItem.objects.filter(~Exists(newer))
        .annotate(in_review=Exists(pending), has_published=Exists(published))
        .select_related("department")
    )
    if not user.is_superuser:
        items = items.filter(department__in=managed_departments(user))
    if department:
        items = items.filter(department_id=department)
    if status:
        items = items.filter(status=status)
    if q:
        items = items.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(keywords__icontains=q))
    return items.order_by("department__name", "code")


def item_versions(item: LicensingItem) -> QuerySet[LicensingItem]:
    return LicensingItem.objects.filter(code=item.code).order_by("-version")


def pending_review(item: LicensingItem) -> ItemReview | None:
    return (
        ItemReview.objects.filter(item=item, status=ReviewStatus.PENDING)
        .select_related("submitted_by", "clock")
        .first()
    )


def item_reviews(item: LicensingItem) -> QuerySet[ItemReview]:
    return ItemReview.objects.filter(item__code=item.code).select_related(
        "item", "submitted_by", "decided_by"
    )


def reviews_to_do(user: User) -> QuerySet[ItemReview]:
    """Pending reviews `user` approves (their own submissions excluded)."""
    reviews = ItemReview.objects.filter(status=ReviewStatus.PENDING).exclude(submitted_by=user)
    if user.is_superuser:
        return reviews
    return reviews.filter(department__in=reviewed_departments(user))
