"""load_demo adds the licensing catalogue (at least ten published items of five departments,
each with a published form, a published route and materials) and cases in every state, built by
the services, with an overdue one carrying a red card; a second run adds nothing."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from approval.constants import AppStatus, EventKind, ItemStatus, NoticeKind
from approval.models import (
    Application,
    ApplicationEvent,
    LicensingItem,
    Notice,
    Rating,
    SupervisionCard,
    WindowGrant,
)
from approval.models.supervision import CardColor, RuleKind
from approval.selectors.applications import item_form_version, item_search
from platform_core.models import CaseClock
from platform_core.selectors.clock import clock_state
from platform_core.selectors.dynforms import version_specs
from platform_core.selectors.routes import version_for_new_case

COUNTED = (Application, ApplicationEvent, Notice, SupervisionCard, Rating, CaseClock)


def test_load_demo_publishes_items_and_cases_in_every_state_once(db):
    call_command("load_demo", verbosity=0)
    items = list(LicensingItem.objects.filter(status=ItemStatus.PUBLISHED))
    assert len(items) >= 10
    assert len({i.department_id for i in items}) >= 5
    for item in items:
        assert item.materials.exists(), item.code
        assert item_form_version(item) is not None, item.code
        assert version_for_new_case(item.route_code) is not None, item.code
    assert any(m.may_defer for i in items for m in i.materials.all())
    # Real items require their materials: every copy or electronic material that may not be
    # handed in later is a required upload of the online form, and the demo cases carry them.
    for item in items:
        uploads = [f for f in version_specs(item_form_version(item)) if f.type == "file"]
        needed = [
            m for m in item.materials.all() if m.form in ("copy", "electronic") and not m.may_defer
        ]
        assert len([f for f in uploads if f.required]) == len(needed) > 0, item.code
    with_files = Application.objects.filter(submission__files__isnull=False).distinct()
    assert with_files.count() >= Application.objects.exclude(submission=None).count() // 2
    # The comprehensive window accepts for two other departments, and people's words find items.
    assert WindowGrant.objects.filter(window__code="spj-ck").count() == 2
    assert [i.name for i in item_search(q="营业执照")]
    assert "个体工商户设立登记" in [i.name for i in item_search(q="开店")]
    _assert_cases_in_every_state()
    counts = [m.objects.count() for m in COUNTED]

    call_command("load_demo", verbosity=0)
    assert LicensingItem.objects.count() == len(items)
    assert [m.objects.count() for m in COUNTED] == counts


def _assert_cases_in_every_state():
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(AppStatus.values)
    # Built by the services: every submitted case has its events, clock and notices.
    for application in Application.objects.exclude(status=AppStatus.DRAFT):
        kinds = list(application.events.values_list("kind", flat=True))
        assert kinds[0] in (EventKind.SUBMIT, EventKind.REGISTER), application.number
        assert application.clock_id is not None
    kinds = set(ApplicationEvent.objects.values_list("kind", flat=True))
    for kind in (
        EventKind.CORRECTION,
        EventKind.RESUBMIT,
        EventKind.REJECT,
        EventKind.REVIEW_DONE,
        EventKind.SPECIAL_START,
        EventKind.EXTEND,
        EventKind.GRANT,
        EventKind.REFUSE,
        EventKind.DELIVER,
        EventKind.CONCLUDE,
        EventKind.RATE,
    ):
        assert kind in kinds, kind
    assert {n.kind for n in Notice.objects.all()} >= {
        NoticeKind.ACCEPTANCE,
        NoticeKind.CORRECTION,
        NoticeKind.REJECTION,
        NoticeKind.GRANT,
        NoticeKind.REFUSAL,
        NoticeKind.EXTENSION,
        NoticeKind.SPECIAL,
    }
    # The clock is paused for a correction and for a special procedure; the extension counts.
    assert CaseClock.objects.filter(is_paused=True).count() >= 2
    assert CaseClock.objects.filter(extensions__isnull=False).exists()
    # Dates are in the past, as real cases would be.
    today = timezone.localdate()
    oldest = Application.objects.exclude(received_at=None).order_by("received_at").first()
    assert timezone.localdate(oldest.received_at) < today - datetime.timedelta(days=7)
    # A bad rating opened a follow-up; a good one did not.
    assert Rating.objects.filter(score__lte=2, follow_up__isnull=False).exists()
    assert Rating.objects.filter(score=5, follow_up__isnull=True).exists()
    # The overdue case has its red card, open, from the supervision scan.
    card = SupervisionCard.objects.get(rule__kind=RuleKind.OVERDUE)
    assert card.color == CardColor.RED and card.cleared_at is None
    assert clock_state(card.application.clock).status == "overdue"
    # Steps kept their order (events in time order): no decision "before" its review.
    red = set(
        SupervisionCard.objects.filter(color=CardColor.RED).values_list("rule__kind", flat=True)
    )
    assert red == {RuleKind.OVERDUE}
