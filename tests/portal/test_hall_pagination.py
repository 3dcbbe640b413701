"""The service hall's department and event pages, PAGE_SIZE items a page (issue 19), and the
guide's PDF published beside its page.

A department's pages are bsdt/bm/<code>.html, then bsdt/bm/<code>/index_<k>.html, numbered from
the first item in code order: a change re-renders the pages holding the item and those whose
heading, items or pager differ from the published files, and removes pages beyond the last."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approval.constants import ItemStatus
from approval.models import ItemEvent, LicensingItem
from approval.services import items as item_services
from portal.publishing.engine import PublishReport, publish_change, publishing_run, write_page
from portal.publishing.hall import (
    PAGE_SIZE,
    HallChange,
    HallSource,
    department_list,
    department_page,
    event_page,
    list_pages,
)
from portal.services import articles as channel_services
from tests.approval.conftest import build_form, build_route
from tests.portal.test_hall_publishing import _publish, changed, read, snapshot, with_gz

FOOD = "431127-XK-001"  # sorts after every filler: the department's last item
MIDDLE = "431127-QC-025A"  # a real item between fillers QC-025 and QC-026: 27th, on page 2
HOUSING = "431127-ZR-009"
FILLERS = 44  # 431127-QC-000 … 431127-QC-043


def add_fillers(department, base, codes, event="kaiban"):
    """Published items made directly (many, fast), listed like any other."""
    for code in codes:
        item = LicensingItem.objects.create(
            code=code,
            name=f"批量事项{code[-3:]}",
            department=department,
            status=ItemStatus.PUBLISHED,
            published_at=base.published_at,
            published_by=base.published_by,
        )
        ItemEvent.objects.create(item=item, event=event)


def publish_hall(report=None):
    """The hall's pages without the guides' PDFs (a PDF takes WeasyPrint a second)."""
    report = report or PublishReport()
    with publishing_run(bulk=True):
        for page in HallSource().all_pages(pdf=False):
            write_page(page, report)
    return report


@pytest.fixture
def big(sysadmin, dept_a, dept_b, publish_root, django_capture_on_commit_callbacks):
    """scjg: 44 fillers, MIDDLE and FOOD (46 items: pages of 20, 20 and 6), all in 开办企业;
    zrzy: HOUSING alone."""
    channel_services.channel_create(name="办事大厅", slug="bsdt")
    build_form(sysadmin)
    build_route(sysadmin)
    with django_capture_on_commit_callbacks(execute=False):
        food = _publish(sysadmin, dept_a, FOOD, "食品经营许可", ["kaiban"])
        middle = _publish(sysadmin, dept_a, MIDDLE, "中间事项", ["kaiban"])
        housing = _publish(sysadmin, dept_b, HOUSING, "不动产首次登记", ["zhufang"])
    add_fillers(dept_a, food, [f"431127-QC-{n:03d}" for n in range(FILLERS)])
    publish_hall()
    return {FOOD: food, MIDDLE: middle, HOUSING: housing}


@pytest.fixture
def sysadmin(gov):
    from platform_core.constants import RoleCode
    from tests.factories import staff_with_role

    return staff_with_role(RoleCode.SYSTEM_ADMIN, gov)


PAGES = ("bsdt/bm/scjg.html", "bsdt/bm/scjg/index_2.html", "bsdt/bm/scjg/index_3.html")


@pytest.mark.django_db
def test_a_department_is_split_into_pages_of_page_size_in_code_order(big, publish_root, client):
    assert PAGE_SIZE == 20
    for rel in PAGES:
        assert (publish_root / rel).is_file() and (publish_root / (rel + ".gz")).is_file()
    assert not (publish_root / "bsdt/bm/scjg/index_4.html").exists()
    first, second, third = (read(publish_root, rel) for rel in PAGES)
    assert '<h2 id="items-title">共46项</h2>' in first
    assert '<h2 id="items-title">第21–40项</h2>' in second
    assert '<h2 id="items-title">第41–46项</h2>' in third
    assert [p.count('<li><a href="/bsdt/sx/') for p in (first, second, third)] == [20, 20, 6]
    # The 21st item opens page 2; MIDDLE is 27th; FOOD, last in code order, is on page 3.
    assert 'href="/bsdt/sx/431127-QC-019.html"' in first
    assert 'href="/bsdt/sx/431127-QC-020.html"' in second
    assert f'href="/bsdt/sx/{MIDDLE}.html"' in second
    assert f'href="/bsdt/sx/{FOOD}.html"' in third and FOOD not in second
    # The article lists' pager: 上一页 / 第k页 / 下一页.
    assert '<nav class="pager" aria-label="分页">' in first
    assert 'href="/bsdt/bm/scjg/index_2.html" rel="next"' in first and 'rel="prev"' not in first
    assert 'href="/bsdt/bm/scjg.html" rel="prev"' in second
    assert 'href="/bsdt/bm/scjg/index_3.html" rel="next"' in second
    assert 'href="/bsdt/bm/scjg/index_2.html" rel="prev"' in third and 'rel="next"' not in third
    assert '<span aria-current="page">第2页</span>' in second
    # Page 2 names itself, leads back to the department's first page and keeps its place in
    # the side navigation and its search in the department.
    assert "<title>县市场监督管理局（第2页） - 网上办事大厅 - " in second
    assert '<a href="/bsdt/bm/scjg.html">县市场监督管理局</a>' in second
    assert 'href="/bsdt/bm/scjg.html" aria-current="page"' in second
    assert 'name="dept" value="scjg"' in second
    # A one-page list has no pager; the event 开办企业 holds the same 46 items, paginated too.
    assert 'class="pager"' not in read(publish_root, "bsdt/bm/zrzy.html")
    assert '<h2 id="items-title">第21–40项</h2>' in read(
        publish_root, "bsdt/zt/kaiban/index_2.html"
    )
    assert 'href="/bsdt/zt/kaiban/index_3.html" rel="next"' in read(
        publish_root, "bsdt/zt/kaiban/index_2.html"
    )
    # Development serves the files as nginx does.
    assert client.get("/bsdt/bm/scjg/index_2.html").status_code == 200


@pytest.mark.django_db
def test_a_new_version_renders_only_the_list_pages_holding_it(big, sysadmin, publish_root):
    draft = item_services.item_new_version(item=big[MIDDLE], by=sysadmin)
    item_services.item_update(item=draft, by=sysadmin, name="中间事项（新版）")
    item = item_services.item_publish(item=draft, by=sysadmin)
    before = snapshot(publish_root)
    report = publish_change(HallChange(item_id=item.pk))
    rendered = {p for p in report.written + report.unchanged if "/bm/" in p or "/zt/" in p}
    assert rendered == {"bsdt/bm/scjg/index_2.html", "bsdt/zt/kaiban/index_2.html"}
    lists = {p for p in changed(before, snapshot(publish_root)) if "/bm/" in p or "/zt/" in p}
    assert lists == with_gz("bsdt/bm/scjg/index_2.html", "bsdt/zt/kaiban/index_2.html")
    assert "中间事项（新版）" in read(publish_root, "bsdt/bm/scjg/index_2.html")
    assert report.removed == []


@pytest.mark.django_db
def test_a_new_item_rewrites_the_first_page_and_the_one_it_lands_on(
    big, sysadmin, dept_a, publish_root
):
    item = _publish(sysadmin, dept_a, "431127-ZZ-001", "新增事项", ["hunyu"])
    before = snapshot(publish_root)
    report = publish_change(HallChange(item_id=item.pk))
    lists = {p for p in changed(before, snapshot(publish_root)) if "/bm/" in p or "/zt/" in p}
    assert lists == with_gz(
        "bsdt/bm/scjg.html",  # 共47项
        "bsdt/bm/scjg/index_3.html",  # the 47th item
        "bsdt/zt/hunyu.html",
    )
    rendered = {p for p in report.written + report.unchanged if "/bm/" in p}
    assert rendered == {"bsdt/bm/scjg.html", "bsdt/bm/scjg/index_3.html"}  # not page 2
    assert '<h2 id="items-title">共47项</h2>' in read(publish_root, "bsdt/bm/scjg.html")


@pytest.mark.django_db
def test_a_list_that_gets_shorter_loses_its_last_page_file(
    big, sysadmin, publish_root, django_capture_on_commit_callbacks
):
    # Five items go quietly (as if their publications were missed), then FOOD is retired: its
    # department has 40 items left, two pages; every page that differs is found and rewritten.
    LicensingItem.objects.filter(code__in=[f"431127-QC-{n:03d}" for n in range(5)]).update(
        status=ItemStatus.RETIRED
    )
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_retire(item=big[FOOD], by=sysadmin)
    for rel in ("bsdt/bm/scjg/index_3.html", "bsdt/zt/kaiban/index_3.html"):
        assert not (publish_root / rel).exists(), rel
        assert not (publish_root / (rel + ".gz")).exists(), rel
    first = read(publish_root, "bsdt/bm/scjg.html")
    second = read(publish_root, "bsdt/bm/scjg/index_2.html")
    assert '<h2 id="items-title">共40项</h2>' in first
    assert 'href="/bsdt/sx/431127-QC-005.html"' in first and "431127-QC-004" not in first
    assert '<h2 id="items-title">第21–40项</h2>' in second and 'rel="next"' not in second
    assert 'href="/bsdt/sx/431127-QC-043.html"' in second
    # The guide and its PDF go with the item.
    assert not (publish_root / f"bsdt/sx/{FOOD}.html").exists()
    assert not (publish_root / f"bsdt/sx/{FOOD}.pdf").exists()


@pytest.mark.django_db
def test_a_department_leaving_rewrites_every_page_of_every_list(
    big, sysadmin, publish_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_retire(item=big[HOUSING], by=sysadmin)
    assert not (publish_root / "bsdt/bm/zrzy.html").exists()
    for rel in (*PAGES, "bsdt/zt/kaiban/index_3.html"):
        assert 'href="/bsdt/bm/zrzy.html"' not in read(publish_root, rel), rel


@pytest.mark.django_db
def test_the_guide_pdf_is_published_and_the_dynamic_address_redirects_to_it(
    big, sysadmin, publish_root, client, django_capture_on_commit_callbacks, monkeypatch
):
    # The fixture published the pages without PDFs: the dynamic address renders it.
    response = client.get(f"/service/items/{FOOD}/guide.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    draft = item_services.item_new_version(item=big[FOOD], by=sysadmin)
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_publish(item=draft, by=sysadmin)
    pdf = publish_root / f"bsdt/sx/{FOOD}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert f'href="/bsdt/sx/{FOOD}.pdf"' in read(publish_root, f"bsdt/sx/{FOOD}.html")
    response = client.get(f"/service/items/{FOOD}/guide.pdf")
    assert response.status_code == 302
    assert response["Location"] == f"/bsdt/sx/{FOOD}.pdf"
    served = client.get(response["Location"])  # nginx in production, Django in development
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert served.content == pdf.read_bytes()
    # Rendering it again gives the same bytes: an unchanged guide keeps its PDF file.
    report = publish_change(
        HallChange(item_id=LicensingItem.objects.get(code=FOOD, status=ItemStatus.PUBLISHED).pk)
    )
    assert f"bsdt/sx/{FOOD}.pdf" in report.unchanged
    # The file carries the digest of the HTML it was rendered from: the same HTML again (a full
    # publish) reuses the file without rendering; another one renders a new document.
    from platform_core.services import pdf as pdf_service
    from portal.publishing.hall import _pdf_source, guide_pdf_page

    digest = _pdf_source(pdf.read_bytes())
    assert digest and len(digest) == 64
    with monkeypatch.context() as patch:
        patch.setattr(pdf_service, "html_to_pdf", lambda *a, **k: pytest.fail("rendered again"))
        assert guide_pdf_page(FOOD).render() == pdf.read_bytes()
    version = LicensingItem.objects.get(code=FOOD, status=ItemStatus.PUBLISHED)
    LicensingItem.objects.filter(pk=version.pk).update(phone="0746-2000000")
    fresh = guide_pdf_page(FOOD).render()
    assert fresh.startswith(b"%PDF-") and _pdf_source(fresh) not in (None, digest)
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_retire(item=draft, by=sysadmin)
    assert not pdf.exists()
    assert client.get(f"/service/items/{FOOD}/guide.pdf").status_code == 404


def _queries(fn) -> int:
    fn()  # warm-up: the header and footer, rendered once per process
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _measure() -> dict:
    def whole_list():
        with publishing_run():
            pages = list_pages(department_list("scjg"))
            for page in pages:
                page.render()
        return len(pages)

    def one_page():
        with publishing_run():
            department_page("scjg", 2).render()

    def event(name, number):
        def render():
            with publishing_run():
                event_page(name, number).render()

        return render

    return {
        "pages": whole_list(),
        "whole": _queries(whole_list),
        "page_2": _queries(one_page),
        "event_page_2": _queries(event("kaiban", 2)),
        "empty_event": _queries(event("hunyu", 1)),
    }


@pytest.mark.django_db
def test_list_pages_run_the_same_queries_at_two_sizes(big, dept_a):
    small = _measure()
    add_fillers(dept_a, big[FOOD], [f"431127-QD-{n:03d}" for n in range(60)])
    large = _measure()
    assert (small["pages"], large["pages"]) == (3, 6)
    # All pages of a department from one read of its items; one page on its own in two.
    assert large["whole"] == small["whole"]
    assert large["page_2"] == small["page_2"]
    assert large["event_page_2"] == small["event_page_2"] == small["empty_event"]
    assert small["whole"] > 0 and small["page_2"] > 0


@pytest.mark.django_db
def test_the_hall_home_redirects_and_the_keyword_search_stays_dynamic(big, client):
    response = client.get("/service/")
    assert response.status_code == 301 and response["Location"] == "/bsdt/"
    search = client.get("/service/", {"q": "批量事项"})
    assert search.status_code == 200
    body = search.content.decode()
    assert "批量事项000" in body and "不动产首次登记" not in body
    # The search's own pages and a search within a department stay dynamic too.
    assert client.get("/service/", {"q": "批量事项", "page": 2}).status_code == 200
    narrowed = client.get("/service/", {"q": "不动产", "dept": "zrzy"})
    assert narrowed.status_code == 200 and "不动产首次登记" in narrowed.content.decode()


def test_nginx_serves_the_published_guide_pdfs_as_pdf_documents():
    import re

    from tests.security.test_headers import NGINX_CONF, _nginx_location_headers

    location = r"~ ^/bsdt/sx/[A-Za-z0-9_-]+\.pdf$"
    headers = _nginx_location_headers(location)
    assert headers["X-Content-Type-Options"] == "nosniff"
    text = NGINX_CONF.read_text(encoding="utf-8")
    block = text.split(f"location {location} {{", 1)[1].split("\n    }", 1)[0]
    assert "default_type application/pdf;" in block and "types { }" in block
    assert "try_files $uri @django;" in block
    pattern = location.removeprefix("~ ")
    assert re.match(pattern, "/bsdt/sx/431127-XK-001.pdf")
    assert not re.match(pattern, "/bsdt/sx/431127-XK-001.html")
