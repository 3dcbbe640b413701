"""Monthly performance report (绩效统计) per department and per staff member, for e-supervision.

Definitions, for the month [first day, first day of next month) in Asia/Shanghai:

- 收件 (received): applications received in the month.
- 补正率 (correction rate): share of those received that had a correction request (一次性告知补正).
- 办结 (concluded): applications whose decision was concluded (办结) in the month, granted or
  refused; a case rejected at acceptance (不予受理) is not a handled case and is not counted.
- 按时办结率 (on-time rate): share of the concluded whose working days used (clock from receipt,
  pauses for corrections and special procedures not counted) stay within the limit, including a
  lawful extension (行政许可法 第四十二条).
- 平均用时 / 平均承诺时限: mean working days used, and mean promised days of those cases (the
  promise the item made when the person applied; extensions are not part of the promise).
- 满意度 (satisfaction): ratings given in the month: their mean score (1–5) and the share of
  4 or 5 (满意率).

A case belongs to its department and to its handler (承办人): the staff member who took the
acceptance decision (受理 / 容缺受理 / 补正 / 不予受理). A case deemed accepted by law has no
handler: it counts for its department only.

Cost: a fixed number of queries whatever the number of cases (rows are aggregated in Python after
one query per measure; working days come from the clock arithmetic with the calendar read once).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from approval.models import Application, ApplicationEvent, Rating
from approval.selectors.applications import applications_visible_to
from platform_core.models import ClockExtension, ClockPause, OrgUnit, User
from platform_core.selectors.calendar import calendar_overrides
from platform_core.selectors.clock import clock_state

# Event kinds by value (EventKind of approval/constants.py).
HANDLER_EVENTS = ("accept", "accept_deferred", "correction", "reject")
CORRECTION_EVENT = "correction"
SATISFIED_SCORE = 4


@dataclass
class Row:
    """The numbers of one department or one staff member."""

    key: tuple
    name: str
    department: str = ""
    sort: tuple = ()
    received: int = 0
    corrected: int = 0
    concluded: int = 0
    on_time: int = 0
    used_days: int = 0
    promised_days: int = 0
    ratings: int = 0
    score_total: int = 0
    satisfied: int = 0

    @staticmethod
    def _ratio(part: int, whole: int, digits: int = 1) -> float | None:
        return round(100 * part / whole, digits) if whole else None

    @property
    def correction_rate(self) -> float | None:
        return self._ratio(self.corrected, self.received)

    @property
    def on_time_rate(self) -> float | None:
        return self._ratio(self.on_time, self.concluded)

    @property
    def avg_used(self) -> float | None:
        return round(self.used_days / self.concluded, 1) if self.concluded else None

    @property
    def avg_promised(self) -> float | None:
        return round(self.promised_days / self.concluded, 1) if self.concluded else None

    @property
    def avg_score(self) -> float | None:
        return round(self.score_total / self.ratings, 2) if self.ratings else None

    @property
    def satisfaction_rate(self) -> float | None:
        return self._ratio(self.satisfied, self.ratings)

    def add(self, other: Row) -> None:
        for name in (
            "received",
            "corrected",
            "concluded",
            "on_time",
            "used_days",
            "promised_days",
            "ratings",
            "score_total",
            "satisfied",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Report:
    month: str  # YYYY-MM
    first: datetime.date
    last: datetime.date
    departments: list[Row] = field(default_factory=list)
    staff: list[Row] = field(default_factory=list)
    total: Row | None = None


def parse_month(value: str | None, *, today: datetime.date | None = None) -> datetime.date:
    """First day of the month "YYYY-MM" (this month when empty). ValueError when malformed."""
    if not value:
        return (today or timezone.localdate()).replace(day=1)
    year, month = value.split("-")
    if len(year) != 4 or len(month) != 2:
        raise ValueError(value)
    return datetime.date(int(year), int(month), 1)


def _next_month(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1)


def _start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _handler(outer: str = "pk") -> Subquery:
    return Subquery(
        ApplicationEvent.objects.filter(
            application=OuterRef(outer), kind__in=HANDLER_EVENTS, actor__isnull=False
        )
        .order_by("created_at", "id")
        .values("actor_id")[:1]
    )


def used_days(clock, overrides) -> tuple[int, int, int]:
    """(working days used, limit with extensions, promised days) of a finished case clock."""
    # The due-soon policy plays no part in days used and the limit: pass one, query none.
    state = clock_state(clock, today=clock.finished_on, overrides=overrides, policy=(1, None))
    return state.used, state.limit, clock.limit_days


def _cases(user: User) -> QuerySet[Application]:
    return applications_visible_to(user).order_by()


def monthly_report(user: User, first: datetime.date) -> Report:
    """The month's numbers of every department and handler visible to `user`."""
    first = first.replace(day=1)
    after = _next_month(first)
    start, end = _start(first), _start(after)
    departments: dict[int, Row] = {}
    staff: dict[tuple[int, int], Row] = {}

    def rows_for(department_id: int, handler_id: int | None) -> list[Row]:
        found = [departments.setdefault(department_id, Row(key=(department_id,), name=""))]
        if handler_id:
            found.append(
                staff.setdefault(
                    (department_id, handler_id), Row(key=(department_id, handler_id), name="")
                )
            )
        return found

    received = (
        _cases(user)
        .filter(received_at__gte=start, received_at__lt=end)
        .annotate(
            handler_id=_handler(),
            corrected=Exists(
                ApplicationEvent.objects.filter(application=OuterRef("pk"), kind=CORRECTION_EVENT)
            ),
        )
        .values_list("department_id", "handler_id", "corrected")
    )
    for department_id, handler_id, corrected in received:
        for row in rows_for(department_id, handler_id):
            row.received += 1
            row.corrected += int(bool(corrected))

    concluded = (
        _cases(user)
        .filter(
            decision__concluded_on__gte=first,
            decision__concluded_on__lt=after,
            clock__finished_on__isnull=False,
        )
        .annotate(handler_id=_handler())
        .select_related(None)
        .select_related("clock")
        .prefetch_related(
            Prefetch("clock__pauses", queryset=ClockPause.objects.order_by()),
            Prefetch("clock__extensions", queryset=ClockExtension.objects.order_by()),
        )
        .only(
            "id",
            "department_id",
            "clock__id",
            "clock__start_date",
            "clock__limit_days",
            "clock__finished_on",
        )
    )
    overrides = calendar_overrides()
    for application in concluded:
        used, limit, promised = used_days(application.clock, overrides)
        for row in rows_for(application.department_id, application.handler_id):
            row.concluded += 1
            row.on_time += int(used <= limit)
            row.used_days += used
            row.promised_days += promised

    ratings = (
        Rating.objects.filter(
            application__in=_cases(user).values("pk"), created_at__gte=start, created_at__lt=end
        )
        .annotate(handler_id=_handler("application_id"))
        .values_list("application__department_id", "handler_id", "score")
    )
    for department_id, handler_id, score in ratings:
        for row in rows_for(department_id, handler_id):
            row.ratings += 1
            row.score_total += score
            row.satisfied += int(score >= SATISFIED_SCORE)

    units = {
        pk: (name, sort)
        for pk, name, sort in OrgUnit.objects.filter(pk__in=departments).values_list(
            "pk", "name", "sort_order"
        )
    }
    people = dict(User.objects.filter(pk__in={k[1] for k in staff}).values_list("pk", "name"))
    for pk, row in departments.items():
        row.name, order = units.get(pk, ("", 0))
        row.sort = (order, row.name)
    for (department_id, handler_id), row in staff.items():
        row.name = people.get(handler_id, "")
        row.department = units.get(department_id, ("", 0))[0]
        row.sort = (units.get(department_id, ("", 0))[1], row.department, row.name, handler_id)
    total = Row(key=(), name="合计")
    for row in departments.values():
        total.add(row)
    return Report(
        month=f"{first:%Y-%m}",
        first=first,
        last=after - datetime.timedelta(days=1),
        departments=sorted(departments.values(), key=lambda r: r.sort),
        staff=sorted(staff.values(), key=lambda r: r.sort),
        total=total,
    )


# --- Downloads ------------------------------------------------------------------------------

COLUMNS = (
    ("received", "收件"),
    ("correction_rate", "补正率（%）"),
    ("concluded", "办结"),
    ("on_time", "按时办结"),
    ("on_time_rate", "按时办结率（%）"),
    ("avg_used", "平均用时（工作日）"),
    ("avg_promised", "平均承诺时限（工作日）"),
    ("ratings", "评价数"),
    ("avg_score", "平均评分"),
    ("satisfaction_rate", "满意率（%）"),
)


def _cells(row: Row) -> list:
    return [getattr(row, name) for name, _label in COLUMNS]


def report_xlsx(report: Report) -> bytes:
    """The report as an Excel workbook: one sheet per department, one per staff member."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheets = (
        ("部门绩效", ["部门"], [([r.name], r) for r in report.departments + [report.total]]),
        ("人员绩效", ["部门", "承办人"], [([r.department, r.name], r) for r in report.staff]),
    )
    for index, (title, heads, rows) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        sheet.append([f"{report.month} 审批绩效统计（{report.first} 至 {report.last}）"])
        sheet.append(heads + [label for _name, label in COLUMNS])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for names, row in rows:
            sheet.append(names + _cells(row))
        for column in sheet.columns:
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = 16
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_pdf(report: Report) -> bytes:
    from platform_core.services.pdf import render_pdf

    return render_pdf(
        "approval/supervision/performance_pdf.html",
        {"report": report, "columns": [label for _name, label in COLUMNS]},
    )
