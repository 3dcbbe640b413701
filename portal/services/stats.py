"""Access and search statistics of the public site, counted in Redis and flushed to PostgreSQL.

Counting
--------
A published page loads `portal/js/beacon.js`, which asks `/stats/hit?p=<path>` (204, no body).
The view adds one to a field of a per-day Redis hash (`HINCRBY <prefix>:portal:hits:<YYYYMMDD>
<path> 1`): one round trip, no database, so reading a page costs the site nothing measurable.
Bots (by User-Agent), paths longer than 255 characters and paths with no published page are not
counted. Searches are counted the same way (`<prefix>:portal:search:<YYYYMMDD>`, fields
"n:<term>" for searches, "z:<term>" for searches that found nothing, "r:<term>" for the last
result count).

Flushing (Celery beat, every few minutes, `flush_stats`)
--------------------------------------------------------
1. Each live day hash is RENAMEd to a batch key with a fresh id (`...:flush:hits:<day>:<id>`).
   RENAME is atomic: hits arriving a moment later start a new live hash, so none is lost.
2. For every batch key (including ones a crashed run left behind) the counts are added to the
   daily rows (INSERT ... ON CONFLICT DO UPDATE SET count = count + excluded.count) in one
   transaction that also inserts a `StatsFlush` row with the batch id (unique).
3. The batch key is deleted after the commit.
A run that dies between 2 and 3 leaves the key; the next run finds its batch id already in
`StatsFlush` and only deletes the key. Two runs at once: the unique batch id makes the second
wait for the first and then skip. So every hit is added exactly once.

Without Redis (demo mode: a local-memory cache) the counts go straight to the database.
"""

from __future__ import annotations

import datetime
import logging
import re
import threading
import time
import uuid

from celery import shared_task
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from redis.exceptions import RedisError

from portal.models import Article, Channel, PageView, SearchTerm, StatsFlush

logger = logging.getLogger(__name__)

MAX_PATH = 255
MAX_TERM = 50
BOT_UA = re.compile(
    r"bot|spider|crawl|slurp|fetch|monitor|curl|wget|python-|java/|go-http|headless|"
    r"lighthouse|scrapy|httpclient|phantomjs|selenium|preview",
    re.IGNORECASE,
)
_PATH_OK = re.compile(r"^/(?:[a-z0-9_-]+/)*(?:[a-z0-9_-]+\.html)?$")
_ARTICLE_PATH = re.compile(r"^/((?:[a-z0-9_-]+/)+)(\d+)\.html$")
_LIST_PATH = re.compile(r"^/((?:[a-z0-9_-]+/)+)(?:index(?:_\d+)?\.html)?$")
_SPACES = re.compile(r"\s+")


# --- Redis ------------------------------------------------------------------------------------


def _redis():
    """The raw Redis client behind the default cache, or None (demo mode: no Redis)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(None, write=True)


def counting_available() -> bool:
    """False while the default cache has found Redis unreachable (platform_core/cache.py)."""
    available = getattr(caches["default"], "available", None)
    return available() if available is not None else True


def _redis_failed(operation: str, exc: BaseException) -> None:
    """Tell the cache that Redis failed, so that the next requests do not wait for it either."""
    failed = getattr(caches["default"], "_failed", None)
    if failed is not None:
        failed(operation, exc)


# Page views and searches that could not be counted (Redis unreachable): the statistics may lose
# them, but the log says how many (ADR 0005). One line a minute at most, per process.
DROP_LOG_SECONDS = 60.0
_dropped = {"hits": 0, "searches": 0, "logged_at": None}
_dropped_lock = threading.Lock()


def note_dropped(kind: str, exc: BaseException | None = None) -> None:
    """Count a page view ("hits") or search ("searches") that was not recorded; log now and then."""
    now = time.monotonic()
    with _dropped_lock:
        _dropped[kind] += 1
        last = _dropped["logged_at"]
        if last is not None and now - last < DROP_LOG_SECONDS:
            return
        counts = {"hits": _dropped["hits"], "searches": _dropped["searches"]}
        _dropped.update(hits=0, searches=0, logged_at=now)
    logger.warning(
        "statistics: %d page view(s) and %d search(es) dropped, not counted "
        "(Redis unavailable: %s)",
        counts["hits"],
        counts["searches"],
        exc or "failed a moment ago",
    )


def _prefix() -> str:
    return cache.make_key("portal")  # carries KEY_PREFIX, so parallel test runs stay apart


def _day(now: datetime.datetime | None = None) -> str:
    return timezone.localdate(now or timezone.now()).strftime("%Y%m%d")


def hits_key(day: str) -> str:
    return f"{_prefix()}:hits:{day}"


def search_key(day: str) -> str:
    return f"{_prefix()}:search:{day}"


# --- recording --------------------------------------------------------------------------------


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_UA.search(user_agent))


def clean_path(raw: str) -> str:
    """The page path a beacon reports, or "" if it cannot be a published page."""
    path = (raw or "").split("?", 1)[0].split("#", 1)[0]
    if not path or len(path) > MAX_PATH or not _PATH_OK.match(path):
        return ""
    return path


def record_hit(path: str, user_agent: str = "") -> bool:
    """Count one view of a published page; False when not counted (bot, bad or unknown path)."""
    from portal.publishing.engine import published_file

    path = clean_path(path)
    if not path or is_bot(user_agent) or published_file(path) is None:
        return False
    day = _day()
    client = _redis()
    if client is None:
        _add_hits(datetime.datetime.strptime(day, "%Y%m%d").date(), {path: 1})
        return True
    if not counting_available():
        note_dropped("hits")
        return False
    try:
        client.hincrby(hits_key(day), path, 1)
    except RedisError as exc:
        _redis_failed("hincrby", exc)
        note_dropped("hits", exc)
        return False
    return True


def normalize_term(q: str) -> str:
    return _SPACES.sub(" ", (q or "").strip()).lower()[:MAX_TERM]


def record_search(request, q: str, results: int) -> None:
    """Count a search (only its first page: paging through results is the same search)."""
    if request.GET.get("page") not in (None, "", "1"):
        return
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return
    term = normalize_term(q)
    if not term:
        return
    day = _day()
    client = _redis()
    try:
        if client is None:
            _add_searches(
                datetime.datetime.strptime(day, "%Y%m%d").date(),
                {term: [1, 1 if results == 0 else 0, results]},
            )
            return
        if not counting_available():
            note_dropped("searches")
            return
        key = search_key(day)
        pipe = client.pipeline(transaction=True)
        pipe.hincrby(key, f"n:{term}", 1)
        if results == 0:
            pipe.hincrby(key, f"z:{term}", 1)
        pipe.hset(key, f"r:{term}", results)
        pipe.execute()
    except RedisError as exc:
        _redis_failed("search statistics", exc)
        note_dropped("searches", exc)
    except Exception:  # statistics must never break the search page
        logger.warning("search statistics not recorded", exc_info=True)


# --- flushing ---------------------------------------------------------------------------------


def _upsert(sql_table: str, columns: list[str], conflict: list[str], updates: str, rows) -> None:
    if not rows:
        return
    cols = ", ".join(columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = (
        f"INSERT INTO {sql_table} ({cols}) VALUES ({marks}) "  # noqa: S608 - names are ours
        f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _resolve(paths) -> dict[str, tuple[int | None, int | None]]:
    """path -> (article id, channel id), with two queries for the whole batch."""
    article_ids, channel_paths = {}, {}
    for path in paths:
        if m := _ARTICLE_PATH.match(path):
            article_ids[path] = int(m[2])
        elif m := _LIST_PATH.match(path):
            channel_paths[path] = m[1]
    articles = dict(
        Article.objects.filter(pk__in=set(article_ids.values())).values_list("pk", "channel_id")
    )
    channels = dict(
        Channel.objects.filter(url_path__in=set(channel_paths.values())).values_list(
            "url_path", "pk"
        )
    )
    out = {}
    for path in paths:
        if path in article_ids and article_ids[path] in articles:
            out[path] = (article_ids[path], articles[article_ids[path]])
        elif path in channel_paths:
            out[path] = (None, channels.get(channel_paths[path]))
        else:
            out[path] = (None, None)
    return out


def _add_hits(day: datetime.date, counts: dict[str, int]) -> int:
    resolved = _resolve(counts)
    table = connection.ops.quote_name(PageView._meta.db_table)
    rows = [
        (day, path, n, resolved[path][0], resolved[path][1])
        for path, n in sorted(counts.items())
        if n > 0
    ]
    _upsert(
        table,
        ["day", "path", "count", "article_id", "channel_id"],
        ["day", "path"],
        f"count = {table}.count + excluded.count",
        rows,
    )
    return len(rows)


def _add_searches(day: datetime.date, counts: dict[str, list[int]]) -> int:
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    rows = [(day, term, n, z, r) for term, (n, z, r) in sorted(counts.items()) if n > 0]
    _upsert(
        table,
        ["day", "term", "count", "zero_count", "last_results"],
        ["day", "term"],
        f"count = {table}.count + excluded.count, "
        f"zero_count = {table}.zero_count + excluded.zero_count, "
        "last_results = excluded.last_results",
        rows,
    )
    return len(rows)


def _decode(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _parse_hits(raw: dict) -> dict[str, int]:
    return {_decode(k): int(v) for k, v in raw.items()}


def _parse_searches(raw: dict) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for key, value in raw.items():
        field, _sep, term = _decode(key).partition(":")
        slot = {"n": 0, "z": 1, "r": 2}.get(field)
        if slot is not None and term:
            out.setdefault(term, [0, 0, 0])[slot] = int(value)
    return out


KINDS = {
    "hits": (hits_key, _parse_hits, _add_hits),
    "search": (search_key, _parse_searches, _add_searches),
}


def _claim(client, kind: str) -> None:
    """Step 1: rename each live day hash to a batch key of its own."""
    live = f"{_prefix()}:{kind}:"
    for key in client.scan_iter(match=f"{live}*", count=500):
        key = _decode(key)
        day = key[len(live) :]
        if not day.isdigit():
            continue
        batch = f"{_prefix()}:flush:{kind}:{day}:{uuid.uuid4().hex}"
        try:
            client.rename(key, batch)
        except Exception as exc:  # the key went away (another run claimed it): nothing to do
            if "no such key" not in str(exc).lower():
                raise


def apply_batch(client, key: str) -> bool:
    """Steps 2 and 3 for one batch key; False when the batch had been applied already."""
    _prefix_, _flush, kind, day, batch = key.rsplit(":", 4)
    _key_of, parse, add = KINDS[kind]
    applied = True
    with transaction.atomic():
        try:
            with transaction.atomic():  # savepoint: only a repeated batch id is caught here
                StatsFlush.objects.create(batch=batch, kind=kind)
        except IntegrityError:
            applied = False  # added by an earlier (or concurrent) run
        else:
            rows = add(datetime.datetime.strptime(day, "%Y%m%d").date(), parse(client.hgetall(key)))
            StatsFlush.objects.filter(batch=batch).update(rows=rows)
    client.delete(key)
    return applied


def flush(client=None) -> int:
    """Move every counter from Redis to the database; returns the number of batches applied."""
    client = client or _redis()
    if client is None:
        return 0
    applied = 0
    for kind in KINDS:
        _claim(client, kind)
        pattern = f"{_prefix()}:flush:{kind}:*"
        for key in sorted(_decode(k) for k in client.scan_iter(match=pattern, count=500)):
            applied += apply_batch(client, key)
    return applied


# Named after its old module: queued tasks and beat schedules in the database keep working.
@shared_task(name="portal.stats.flush_stats", acks_late=True, ignore_result=True)
def flush_stats() -> int:
    """Celery beat: flush the access and search counters (safe to run twice or at once)."""
    return flush()


# --- reports (the back-office statistics page) -------------------------------------------------


def report(days: int = 30, today: datetime.date | None = None) -> dict:
    """Views per day, per article and per channel, top searches and searches with no result.

    A fixed number of queries whatever the range or the data (one aggregate each).
    """
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=days - 1)
    views = PageView.objects.filter(day__gte=start, day__lte=today)
    per_day = dict(views.values_list("day").annotate(n=Sum("count")).order_by("day"))
    dates = [start + datetime.timedelta(days=i) for i in range(days)]
    articles = list(
        views.filter(article__isnull=False)
        .values("article_id", "article__title", "article__channel__url_path")
        .annotate(n=Sum("count"))
        .order_by("-n", "article_id")[:20]
    )
    for row in articles:
        row["url"] = f"/{row['article__channel__url_path']}{row['article_id']}.html"
    channels = list(
        views.filter(channel__isnull=False)
        .values("channel_id", "channel__name", "channel__url_path")
        .annotate(n=Sum("count"), article_views=Sum("count", filter=Q(article__isnull=False)))
        .order_by("-n", "channel__url_path")[:30]
    )
    terms = SearchTerm.objects.filter(day__gte=start, day__lte=today).values("term")
    top_terms = list(
        terms.annotate(n=Sum("count"), zero=Sum("zero_count")).order_by("-n", "term")[:20]
    )
    no_result = list(
        terms.annotate(n=Sum("zero_count")).filter(n__gt=0).order_by("-n", "term")[:20]
    )
    return {
        "start": start,
        "end": today,
        "days": days,
        "dates": dates,
        "daily": [per_day.get(d, 0) for d in dates],
        "total": sum(per_day.values()),
        "articles": articles,
        "channels": channels,
        "top_terms": top_terms,
        "no_result": no_result,
    }
