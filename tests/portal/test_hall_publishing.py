"""The service hall as published pages (issue 19): the hall home, the pages by department and by
event and every guide are files under PUBLISH_ROOT/bsdt/; publishing or retiring an item version
re-renders exactly the pages it is on; the old dynamic addresses redirect to the files."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from approval.models import LifeEvent
from approval.services import items as item_services
from platform_core.constants import RoleCode
from portal.publishing.engine import publish_all, publish_change
from portal.publishing.hall import HallChange
from portal.services import articles as channel_services
from tests.approval.conftest import build_form, build_item, build_route
from tests.factories import staff_with_role

FOOD = "431127-XK-001"
WEDDING = "431127-XK-002"
HOUSING = "431127-ZR-009"
EVENTS = LifeEvent.values


@pytest.fixture
def sysadmin(gov):
    return staff_with_role(RoleCode.SYSTEM_ADMIN, gov)


def _publish(by, department, code, name, events, **fields):
    draft = build_item(by, department, code=code, **fields)
    item_services.item_update(item=draft, by=by, name=name)
    item_services.item_events_set(item=draft, events=events)
    return item_services.item_publish(item=draft, by=by)


@pytest.fixture
def catalogue(sysadmin, dept_a, dept_b, publish_root, django_capture_on_commit_callbacks):
    """Dept A (scjg): 食品经营许可 (开办企业, 经营许可) and 婚姻登记证明 (婚育);
    dept B (zrzy): 不动产登记 (住房); a draft that is not public; the 办事大厅 column."""
    channel_services.channel_create(name="办事大厅", slug="bsdt")
    build_form(sysadmin)
    build_route(sysadmin)
    with django_capture_on_commit_callbacks(execute=True):
        items = {
            FOOD: _publish(sysadmin, dept_a, FOOD, "食品经营许可", ["kaiban", "jingying"]),
            WEDDING: _publish(sysadmin, dept_a, WEDDING, "婚育证明", ["hunyu"]),
            HOUSING: _publish(sysadmin, dept_b, HOUSING, "不动产首次登记", ["zhufang"]),
        }
        draft = build_item(sysadmin, dept_a, code="431127-XK-010")
        item_services.item_update(item=draft, by=sysadmin, name="草稿事项")
    publish_all()
    return items


def snapshot(root):
    return {
        str(p.relative_to(root)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in root.rglob("*")
        if p.is_file()
    }


def changed(before, after):
    return {
        path
        for path in before.keys() | after.keys()
        if before.get(path) != after.get(path)  # written, removed or created
    }


def with_gz(*paths):
    return {q for p in paths for q in (p, p + ".gz")}


def read(root, rel):
    return (root / rel).read_text(encoding="utf-8")


@pytest.mark.django_db
def test_full_publish_writes_the_hall_with_links_between_pages_and_to_the_dynamic_parts(
    catalogue, publish_root
):
    home = read(publish_root, "bsdt/index.html")
    assert "网上办事大厅" in home
    for href in (
        "/bsdt/bm/scjg.html",
        "/bsdt/bm/zrzy.html",
        "/bsdt/zt/kaiban.html",
        "/bsdt/zt/zhufang.html",
        f"/bsdt/sx/{FOOD}.html",
        "/service/progress/",  # stays dynamic
    ):
        assert f'href="{href}"' in home, href
    assert 'action="/service/"' in home  # the keyword search stays dynamic
    assert "草稿事项" not in home
    for event in EVENTS:  # one page per life/business event, even an empty one
        assert (publish_root / f"bsdt/zt/{event}.html").is_file()
    dept = read(publish_root, "bsdt/bm/scjg.html")
    assert "食品经营许可" in dept and "婚育证明" in dept and "不动产首次登记" not in dept
    assert 'name="dept" value="scjg"' in dept  # a search from here stays in the department
    event = read(publish_root, "bsdt/zt/kaiban.html")
    assert "食品经营许可" in event and "婚育证明" not in event
    guide = read(publish_root, f"bsdt/sx/{FOOD}.html")
    assert "食品经营许可" in guide and "食品安全管理制度文本" in guide  # materials
    for href in (
        f"/service/items/{FOOD}/apply/",
        f"/bsdt/sx/{FOOD}.pdf",  # published beside the page
        "/service/progress/",
        "/bsdt/",
        "/bsdt/bm/scjg.html",
    ):
        assert f'href="{href}"' in guide, href
    assert "kind=consultation&amp;item=431127-XK-001" in guide
    # A guide page has no form needing a CSRF token or a signed-in reader's name.
    assert "csrfmiddlewaretoken" not in guide
    assert not (publish_root / "bsdt/sx/431127-XK-010.html").exists()  # the draft
    assert (publish_root / f"bsdt/sx/{FOOD}.html.gz").is_file()
    pdf = (publish_root / f"bsdt/sx/{FOOD}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert not (publish_root / f"bsdt/sx/{FOOD}.pdf.gz").exists()  # a PDF is compressed already
    assert not (publish_root / "bsdt/sx/431127-XK-010.pdf").exists()
    # The portal's navigation and home page lead to the published hall.
    portal_home = read(publish_root, "index.html")
    assert 'href="/bsdt/"' in portal_home
    assert f'href="/bsdt/sx/{FOOD}.html"' in portal_home  # 热门事项
    assert "/service/items/" not in portal_home


@pytest.mark.django_db
def test_a_new_version_rewrites_exactly_the_pages_it_is_on(
    catalogue, sysadmin, publish_root, django_capture_on_commit_callbacks
):
    before = snapshot(publish_root)
    draft = item_services.item_new_version(item=catalogue[FOOD], by=sysadmin)
    item_services.item_update(item=draft, by=sysadmin, name="食品经营许可（含小餐饮）")
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_publish(item=draft, by=sysadmin)
    after = snapshot(publish_root)
    assert changed(before, after) == with_gz(
        f"bsdt/sx/{FOOD}.html",
        "bsdt/bm/scjg.html",
        "bsdt/zt/kaiban.html",
        "bsdt/zt/jingying.html",
        "bsdt/index.html",  # its 最新发布 list
        "index.html",  # the portal home's 热门事项 names it
    ) | {f"bsdt/sx/{FOOD}.pdf"}  # the guide's PDF, with its page (no .gz)
    assert "食品经营许可（含小餐饮）" in read(publish_root, f"bsdt/sx/{FOOD}.html")
    assert "第2版" in read(publish_root, f"bsdt/sx/{FOOD}.html")


@pytest.mark.django_db
def test_a_new_version_moving_events_touches_the_old_and_new_event_pages(
    catalogue, sysadmin, publish_root, django_capture_on_commit_callbacks
):
    draft = item_services.item_new_version(item=catalogue[FOOD], by=sysadmin)
    item_services.item_events_set(item=draft, events=["kaiban", "touzi"])
    before = snapshot(publish_root)
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_publish(item=draft, by=sysadmin)
    after = snapshot(publish_root)
    assert changed(before, after) == with_gz(
        f"bsdt/sx/{FOOD}.html",  # 第2版
        "bsdt/zt/jingying.html",  # no longer listed
        "bsdt/zt/touzi.html",  # now listed
        "bsdt/index.html",  # the event counts
    ) | {f"bsdt/sx/{FOOD}.pdf"}
    assert "食品经营许可" not in read(publish_root, "bsdt/zt/jingying.html")
    assert "食品经营许可" in read(publish_root, "bsdt/zt/touzi.html")


@pytest.mark.django_db
def test_unchanged_pages_are_rendered_but_not_rewritten(catalogue, sysadmin, publish_root):
    """Publishing renders the pages the item is on; a page whose bytes are the same keeps its
    file (and mtime): a new version changing only the phone number rewrites only the guide."""
    draft = item_services.item_new_version(item=catalogue[HOUSING], by=sysadmin)
    item_services.item_update(item=draft, by=sysadmin, phone="0746-2999999")
    item = item_services.item_publish(item=draft, by=sysadmin)
    report = publish_change(HallChange(item_id=item.pk))
    assert set(report.written) == {f"bsdt/sx/{HOUSING}.html", f"bsdt/sx/{HOUSING}.pdf"}
    assert set(report.written + report.unchanged) == {
        f"bsdt/sx/{HOUSING}.html",
        f"bsdt/sx/{HOUSING}.pdf",
        "bsdt/bm/zrzy.html",
        "bsdt/zt/zhufang.html",
        "bsdt/index.html",  # it lists the item (最新发布)
        "index.html",  # so does the portal home (热门事项)
    }
    assert report.removed == []


@pytest.mark.django_db
def test_retiring_an_item_removes_its_guide_and_rewrites_its_pages(
    catalogue, sysadmin, publish_root, django_capture_on_commit_callbacks
):
    before = snapshot(publish_root)
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_retire(item=catalogue[WEDDING], by=sysadmin)
    after = snapshot(publish_root)
    assert changed(before, after) == with_gz(
        f"bsdt/sx/{WEDDING}.html",  # removed
        "bsdt/bm/scjg.html",
        "bsdt/zt/hunyu.html",
        "bsdt/index.html",
        "index.html",
    ) | {f"bsdt/sx/{WEDDING}.pdf"}  # removed
    assert not (publish_root / f"bsdt/sx/{WEDDING}.html").exists()
    assert not (publish_root / f"bsdt/sx/{WEDDING}.pdf").exists()
    assert "婚育证明" not in read(publish_root, "bsdt/bm/scjg.html")
    assert "婚育证明" not in read(publish_root, "bsdt/index.html")


@pytest.mark.django_db
def test_retiring_a_departments_last_item_removes_its_page_and_navigation_entry(
    catalogue, sysadmin, publish_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_retire(item=catalogue[HOUSING], by=sysadmin)
    assert not (publish_root / "bsdt/bm/zrzy.html").exists()
    for rel in ("bsdt/index.html", "bsdt/bm/scjg.html", "bsdt/zt/kaiban.html"):
        assert 'href="/bsdt/bm/zrzy.html"' not in read(publish_root, rel), rel


@pytest.mark.django_db
def test_an_item_without_a_published_version_cannot_be_retired(catalogue, sysadmin):
    from approval.models import LicensingItem

    draft = LicensingItem.objects.get(code="431127-XK-010")
    with pytest.raises(ValidationError):
        item_services.item_retire(item=draft, by=sysadmin)


@pytest.mark.django_db
def test_old_dynamic_addresses_redirect_to_the_published_pages(client, catalogue, publish_root):
    for old, new in (
        ("/service/", "/bsdt/"),
        ("/service/?dept=scjg", "/bsdt/bm/scjg.html"),
        ("/service/?event=kaiban", "/bsdt/zt/kaiban.html"),
        (f"/service/items/{FOOD}/", f"/bsdt/sx/{FOOD}.html"),
    ):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
        page = client.get(new)  # served from the file in development, by nginx in production
        assert page.status_code == 200, new
    # Keyword search and the dynamic parts stay dynamic.
    search = client.get("/service/", {"q": "食品"})
    assert search.status_code == 200 and "食品经营许可" in search.content.decode()
    assert client.get("/service/progress/").status_code == 200
    # No published page for an unknown department: the dynamic hall says so.
    assert client.get("/service/?dept=nosuch").status_code == 400


@pytest.mark.django_db
def test_before_the_site_is_published_the_dynamic_hall_answers(client, catalogue, publish_root):
    import shutil

    shutil.rmtree(publish_root)
    assert client.get("/service/").status_code == 200
    guide = client.get(f"/service/items/{FOOD}/")
    assert guide.status_code == 200 and "食品经营许可" in guide.content.decode()
