"""The licensing counts other reports ask for (platform_core.report_figures).

The disclosure annual report's section 2 (国办公开办函〔2021〕30号) has a line 行政许可 本年处理决定
数量 and a line 行政事业性收费 本年收费金额（万元）; this app holds both. One aggregate query each.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from approval.constants import EventKind
from approval.models import ApplicationEvent, FeeCharge


def licensing_decision_count(unit_ids: list[int], year: int) -> int:
    """Decisions taken in the year (准予 or 不予行政许可) on the units' applications."""
    return ApplicationEvent.objects.filter(
        kind__in=(EventKind.GRANT, EventKind.REFUSE),
        application__department_id__in=unit_ids,
        created_at__year=year,
    ).count()


def admin_fee_total(unit_ids: list[int], year: int) -> Decimal:
    """Fees charged in the year on the units' applications, in 万元 with two decimals."""
    total = FeeCharge.objects.filter(
        application__department_id__in=unit_ids, charged_at__year=year
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return (total / Decimal(10000)).quantize(Decimal("0.01"))
