"""The 信息公开 channel (/xxgk/) published from the disclosure catalogue: item pages with the
metadata table, the catalogue by classification, incremental re-publishing, sitemap and search."""

import pytest

from disclosure.constants import Validity
from disclosure.services import items as services
from portal.publishing.disclosure import DisclosureChange, DisclosureSource
from portal.publishing.engine import all_page_paths, publish_all, publish_change
from tests.disclosure.conftest import days_ago, make_item, publish
from tests.disclosure.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLISH_ROOT = tmp_path / "site"
    settings.PORTAL_BASE_URL = "https://www.example.gov.cn"
    return settings.PUBLISH_ROOT


@pytest.fixture
def run_hooks(django_capture_on_commit_callbacks):
    """Run the after-commit re-publishing the services ask for (Celery is eager in tests)."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def read(root, rel):
    return (root / rel).read_text(encoding="utf-8")


def test_published_item_page_has_metadata_table(
    site, columns, officer_a, head_a, leader_a, run_hooks
):
    item = make_item(officer_a, columns["zcwj"])
    services.attachment_add(
        item=item, by=officer_a, upload=upload("附件.pdf", pdf_bytes("政策全文"))
    )
    services.item_submit(item=item, by=officer_a)
    services.item_approve(item=item, by=head_a)
    run_hooks(services.item_approve, item=item, by=leader_a)
    item.refresh_from_db()
    page = read(site, f"xxgk/nr/{item.pk}.html")
    for label in ("索引号", "发布机构", "成文日期", "发布日期", "发文字号", "主题分类", "有效性"):
        assert f">{label}</th>" in page
    assert item.index_number in page and "蓝政发〔2026〕8号" in page
    attachment = item.attachments.get()
    assert (site / "files" / attachment.file.name).read_bytes().startswith(b"%PDF")
    landing = read(site, "xxgk/index.html")
    assert f'href="/xxgk/nr/{item.pk}.html"' in landing and "最新公开" in landing
    subject_list = read(site, f"xxgk/zt/{item.subject}/index.html")
    assert f'href="/xxgk/nr/{item.pk}.html"' in subject_list
    assert f"/xxgk/nr/{item.pk}.html</loc>" in read(site, "sitemap.xml")


def test_validity_change_republishes_only_what_shows_the_item(
    site, columns, officer_a, head_a, leader_a, run_hooks
):
    items = [
        publish(
            make_item(officer_a, columns["zcwj"], title=f"文件{n}"), officer_a, head_a, leader_a
        )
        for n in range(3)
    ]
    publish_all()
    target = items[0]
    report = publish_change(DisclosureChange(target.pk))
    assert f"xxgk/nr/{target.pk}.html" not in report.written  # nothing changed yet
    services.item_set_validity(
        item=target, by=officer_a, validity=Validity.REPEALED, on=days_ago(0)
    )
    report = publish_change(DisclosureChange(target.pk))
    written = set(report.written)
    assert f"xxgk/nr/{target.pk}.html" in written
    assert not any(f"xxgk/nr/{other.pk}.html" in written for other in items[1:])
    page = read(site, f"xxgk/nr/{target.pk}.html")
    assert 'id="validity-mark"' in page and "本文件已废止" in page
    assert "已废止" in read(site, f"xxgk/zt/{target.subject}/index.html")


def test_withdrawn_item_page_is_removed(site, columns, officer_a, head_a, leader_a, run_hooks):
    item = publish(make_item(officer_a, columns["zcwj"]), officer_a, head_a, leader_a)
    publish_all()
    assert (site / f"xxgk/nr/{item.pk}.html").exists()
    run_hooks(services.item_withdraw, item=item, by=head_a, reason="内容有误")
    assert not (site / f"xxgk/nr/{item.pk}.html").exists()
    assert f"/xxgk/nr/{item.pk}.html" not in read(site, "sitemap.xml")


def test_full_publish_covers_every_classification(
    site, columns, officer_a, head_a, leader_a, dept_a
):
    item = publish(make_item(officer_a, columns["zcwj"]), officer_a, head_a, leader_a)
    paths = all_page_paths()
    for rel in (
        "xxgk/index.html",
        "xxgk/zn/index.html",
        f"xxgk/nr/{item.pk}.html",
        f"xxgk/zt/{item.subject}/index.html",
        f"xxgk/tc/{item.genre}/index.html",
        f"xxgk/jg/{dept_a.code}/index.html",
        f"xxgk/lm/{columns['zcwj'].pk}/index.html",
        f"xxgk/lm/{columns['fdzdgk'].pk}/index.html",
    ):
        assert rel in paths, rel
    assert DisclosureSource().claims_channels() == ("xxgk/",)


def test_list_pages_paginate(site, columns, officer_a, head_a, leader_a, settings):
    import portal.publishing.disclosure as module

    for n in range(5):
        publish(
            make_item(officer_a, columns["zcwj"], title=f"分页文件{n}"), officer_a, head_a, leader_a
        )
    original = module.LIST_PAGE_SIZE
    module.LIST_PAGE_SIZE = 2
    try:
        publish_all()
    finally:
        module.LIST_PAGE_SIZE = original
    directory = site / "xxgk" / "tc" / "measures"
    assert sorted(p.name for p in directory.glob("index*.html")) == ["index.html", "index_1.html"]
    assert 'rel="next"' in (directory / "index.html").read_text(encoding="utf-8")


def test_site_search_finds_items(client, site, columns, officer_a, head_a, leader_a):
    item = publish(
        make_item(officer_a, columns["zcwj"], title="蓝山县促进民营经济发展若干措施"),
        officer_a,
        head_a,
        leader_a,
    )
    page = client.get("/search/", {"q": "民营经济"}).content.decode()
    assert f'href="/xxgk/nr/{item.pk}.html"' in page and item.index_number in page
