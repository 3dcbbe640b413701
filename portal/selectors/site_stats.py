"""信息统计: what the portal published, per unit, per column and per month, and how timely each
column is updated (days since its last article against the column's expected interval).

Five queries whatever the data: per unit, per column, per month, the columns, and the last
publish date of every column."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.constants import ArticleStatus
from portal.models import Article, Channel


@dataclass
class Timeliness:
    channel: Channel
    last: datetime.datetime | None
    days: int | None  # since the last article; None when never updated
    interval: int | None

    @property
    def status(self) -> str:
        if not self.interval:
            return _("不考核")
        if self.days is None:
            return _("从未更新")
        return _("超期未更新") if self.days > self.interval else _("正常")

    @property
    def overdue(self) -> bool:
        return bool(self.interval) and (self.days is None or self.days > self.interval)


def _month_starts(months: int, today: datetime.date) -> list[datetime.date]:
    first = today.replace(day=1)
    out = []
    for _i in range(months):
        out.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return out[::-1]


def publishing_report(*, months: int = 12) -> dict:
    today = timezone.localdate()
    starts = _month_starts(months, today)
    since = timezone.make_aware(datetime.datetime.combine(starts[0], datetime.time.min))
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED, publish_date__gte=since)
    by_unit = list(
        published.values("author_unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "author_unit__name")
    )
    by_channel = list(
        published.values("channel__name", "channel__url_path")
        .annotate(n=Count("pk"))
        .order_by("-n", "channel__url_path")
    )
    counts = {
        row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]: row[
            "n"
        ]
        for row in published.annotate(
            month=TruncMonth("publish_date", tzinfo=timezone.get_current_timezone())
        )
        .values("month")
        .annotate(n=Count("pk"))
        .values("month", "n")
    }
    by_month = [{"month": m.strftime("%Y-%m"), "n": counts.get(m, 0)} for m in starts]
    last = dict(
        Article.objects.filter(status=ArticleStatus.PUBLISHED)
        .values("channel_id")
        .annotate(last=Max("publish_date"))
        .values_list("channel_id", "last")
    )
    now = timezone.now()
    timeliness = []
    for channel in Channel.objects.filter(link_url="", is_retired=False).order_by("path"):
        moment = last.get(channel.pk)
        days = (now - moment).days if moment else None
        timeliness.append(Timeliness(channel, moment, days, channel.update_interval_days))
    return {
        "by_unit": by_unit,
        "by_channel": by_channel,
        "by_month": by_month,
        "timeliness": timeliness,
        "overdue": sum(1 for t in timeliness if t.overdue),
        "start": starts[0],
        "end": today,
        "total": sum(row["n"] for row in by_month),
    }
