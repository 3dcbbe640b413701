"""Query counts per page do not grow with the data: the same page at a small and at a ten times
larger scale runs the same number of SQL queries (no query per row, no N+1)."""

import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from approval.constants import ItemStatus
from approval.generate import build_cases, case_number, query_code
from approval.models import ItemEvent, LicensingItem, RequiredMaterial
from platform_core.generate_data import Scale, build_workflow_tasks, generate
from platform_core.models import TaskInfo, User
from portal.constants import ArticleStatus
from portal.generate import build_articles
from portal.models import Article, Channel
from portal.publishing import hall as hall_pages
from portal.publishing.sources import ArticleSource, ChannelListSource
from portal.services import search_cache

SEED = 2
HALL_GUIDE = "431127-SC-101"  # a generated item (approval/generate.py)
SMALL = Scale(staff=12, citizens=10, articles=40, tasks=120, cases=20)


def count(fn, *, miss: bool = False) -> int:
    cache.clear()
    fn()  # warm-up: session, cached fragments, content types, as a real visitor's second page
    if miss:  # a search rendered, not the cached result page (a hit runs no query)
        search_cache.bump()
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def measure(client) -> dict:
    def get(path, **params):
        def run():
            response = client.get(path, params)
            assert response.status_code == 200, path

        return run

    def progress():
        number, code = case_number(1), query_code(SEED, 1)
        response = client.post("/service/progress/", {"number": number, "code": code})
        assert response.status_code == 200
        assert response.context["application"] is not None

    # The inbox of the clerk with most open tasks, logged in (the page's own queries include
    # reading the session and the user; the login itself is not part of the page).
    def inbox():
        response = client.get("/office/inbox/")
        assert response.status_code == 200

    article = (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, channel__url_path="zwdt/bmdt/")
        .select_related("channel", "author_unit")
        .first()
    )
    channel = Channel.objects.get(url_path="zwdt/bmdt/")
    hall_department = LicensingItem.objects.get(code=HALL_GUIDE).department.code
    owner = (
        TaskInfo.objects.filter(is_open=True)
        .values("owner")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner")[0]["owner"]
    )
    client.force_login(User.objects.get(pk=owner))
    try:
        inbox_queries = count(inbox)
    finally:
        client.logout()
    return {
        "home": count(get("/")),
        "search": count(get("/search/", q="工作"), miss=True),
        "search_page_2": count(get("/search/", q="工作", page=2), miss=True),
        # The hall's keyword search stays dynamic; its browsing pages are published files
        # (portal/publishing/hall.py), measured below as the publishing job renders them.
        "service_hall": count(get("/service/", q="许可")),
        "progress_lookup": count(progress),
        "inbox": inbox_queries,
        "article_page": count(lambda: ArticleSource().page(article).render()),
        "list_page": count(lambda: ChannelListSource().pages_for(channel)[0][0].render()),
        "hall_home": count(lambda: hall_pages.home_page().render()),
        "hall_department": count(lambda: hall_pages.department_page(hall_department).render()),
        "hall_event": count(lambda: hall_pages.event_page("kaiban").render()),
        "hall_guide": count(lambda: hall_pages.guide_page(HALL_GUIDE).render()),
    }


def more_hall_items(factor: int) -> None:
    """`factor` times as many published items in the guide's department and the 开办企业 event,
    each with materials (the hall's pages list them; the guide shows its own)."""
    base = LicensingItem.objects.get(code=HALL_GUIDE)
    for n in range(factor * 10):
        item = LicensingItem.objects.create(
            code=f"431127-QC-{n:03d}",
            name=f"查询计数事项{n}",
            department=base.department,
            status=ItemStatus.PUBLISHED,
            published_at=base.published_at,
            published_by=base.published_by,
        )
        ItemEvent.objects.create(item=item, event="kaiban")
        RequiredMaterial.objects.bulk_create(
            RequiredMaterial(item=item, name=f"材料{k}", position=k) for k in range(3)
        )
    ItemEvent.objects.get_or_create(item=base, event="kaiban")
    RequiredMaterial.objects.bulk_create(
        RequiredMaterial(item=base, name=f"申请材料{k}", position=k) for k in range(factor)
    )


@pytest.mark.django_db
def test_query_counts_equal_at_small_and_ten_times_larger_scale(client):
    out = generate(scale=SMALL, seed=SEED)
    small = measure(client)
    rng = random.Random(SEED + 1)
    build_articles(rng, out.units, out.staff, SMALL.articles * 9)
    build_cases(rng, SEED, out.units, out.staff, SMALL.cases * 9, start=SMALL.cases)
    build_workflow_tasks(rng, out.staff, SMALL.tasks * 9)
    more_hall_items(9)
    assert Article.objects.count() == SMALL.articles * 10
    large = measure(client)
    assert large == small
    assert all(n > 0 for n in small.values())
    # Issue 19: the inbox in at most 15 queries, reading the session and the user included.
    assert small["inbox"] <= 15, small
