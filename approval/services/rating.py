"""政务服务“好差评”: the applicant rates a concluded application; a bad rating opens a follow-up.

The follow-up is a free-routed case of the workflow engine (not a 待阅 ReadingItem): a bad rating
needs someone to act on it and answer, and a case gives a to-do in the inbox, reminders, a record
of who did what, and the case clock tools — a reading item would only be marked read. Its first
handlers are the department's section heads (科室负责人), falling back to the leader who signed
the decision; the case is started in that leader's name, because the rater is a citizen and the
engine starts cases only for staff within their scope.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from approval.constants import AppStatus, EventKind
from approval.models import Application, Decision, Rating
from approval.services.applications import event_add, locked
from platform_core.constants import RoleCode
from platform_core.models import OrgUnit, Post, Subsystem, User
from platform_core.services.workflow import case_start

logger = logging.getLogger(__name__)

BAD_SCORE = 2  # 1 非常不满意, 2 不满意: a 差评 under the national 好差评 rules


def follow_up_handlers(department: OrgUnit) -> list[User]:
    """Section heads working in the department today (at any level below it)."""
    posts = (
        Post.objects.active()
        .filter(role__code=RoleCode.SECTION_HEAD, unit__path__startswith=department.path)
        .select_related("user")
        .order_by("unit__path", "id")
    )
    seen, users = set(), []
    for post in posts:
        if post.user.is_active and post.user_id not in seen:
            seen.add(post.user_id)
            users.append(post.user)
    return users


def _open_follow_up(application: Application, rating: Rating) -> None:
    decision = Decision.objects.select_related("decided_by").get(application=application)
    handlers = follow_up_handlers(application.department) or [decision.decided_by]
    rating.follow_up = case_start(
        title=_("差评整改：%(item)s（%(number)s，%(score)s分）")
        % {"item": application.item.name, "number": application.number, "score": rating.score},
        subsystem=Subsystem.APPROVAL,
        owner_unit=application.department,
        by=decision.decided_by,
        handlers=handlers,
        data={"application": application.number, "rating": rating.pk},
    )
    rating.save(update_fields=["follow_up"])


@transaction.atomic
def application_rate(
    *, application: Application, user: User, score: int, comment: str = ""
) -> Rating:
    """评价：申请人对已办结的申请评价（1至5分，每件一次）；差评转部门整改。"""
    application = locked(application)
    if application.applicant_id is None or application.applicant_id != user.pk:
        raise PermissionDenied
    if application.status != AppStatus.CONCLUDED:
        raise ValidationError(_("办结后才能评价。"))
    if Rating.objects.filter(application=application).exists():
        raise ValidationError(_("您已评价过该申请，每件申请只能评价一次。"))
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": _("请选择1至5分。")})
    comment = (comment or "").strip()
    if score <= BAD_SCORE and not comment:
        raise ValidationError({"comment": _("差评请写明不满意的原因，以便部门整改。")})
    rating = Rating.objects.create(
        application=application, score=score, comment=comment[:2000], rated_by=user
    )
    event_add(
        application,
        kind=EventKind.RATE,
        actor=user,
        from_status=application.status,
        reason=_("%(score)s分 %(comment)s") % {"score": score, "comment": comment},
    )
    if score <= BAD_SCORE:
        _open_follow_up(application, rating)
    return rating
