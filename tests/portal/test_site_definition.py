"""Site definition (栏目管理, 网站设置, 敏感词库): the rules at the service level, the pages they
re-publish, and the back-office pages' permissions, bad input and query counts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platform_core.constants import RoleCode
from portal.constants import ArticleStatus, HomeBlock, HomeSection, WordKind
from portal.models import Channel, SensitiveWord, SiteSettings
from portal.publishing.engine import publish_all
from portal.selectors import access
from portal.services import articles as article_services
from portal.services import site as services
from tests.factories import staff_with_role
from tests.portal.conftest import make_published


@pytest.fixture
def sysadmin(gov):
    return staff_with_role(RoleCode.SYSTEM_ADMIN, gov, name="卢建国")


def _names(parent=None):
    # Fixture objects go stale: inserting a sorted sibling renumbers the tree's paths.
    parent = Channel.objects.get(pk=parent.pk) if parent else None
    nodes = parent.get_children() if parent else Channel.objects.get_root_nodes()
    return [c.name for c in nodes.order_by("path")]


# --- columns ----------------------------------------------------------------------------------


def test_create_column_grants_units_and_refuses_bad_and_duplicate_slugs(
    site, sysadmin, dept_b, editor_b
):
    column = services.site_channel_create(
        by=sysadmin, parent=site["xxgk"], name="财政预决算", slug="czyjs", editor_units=[dept_b]
    )
    assert column.url_path == "xxgk/czyjs/"
    assert _names(site["xxgk"])[-1] == "财政预决算"  # the last among its siblings
    assert access.can_edit_channel(editor_b, column)
    assert column.history.first().history_user == sysadmin  # audited
    with pytest.raises(ValidationError) as exc:
        services.site_channel_create(by=sysadmin, parent=site["xxgk"], name="重复", slug="czyjs")
    assert "同级栏目中已有此英文标识" in str(exc.value)
    with pytest.raises(ValidationError):
        services.site_channel_create(by=sysadmin, parent=None, name="坏标识", slug="财政 预算")
    # The same slug under another parent is fine.
    services.site_channel_create(by=sysadmin, parent=site["zwdt"], name="预决算", slug="czyjs")


def test_home_block_is_given_to_one_column_only(site, sysadmin):
    with pytest.raises(ValidationError) as exc:
        services.site_channel_create(
            by=sysadmin, parent=site["zwdt"], name="要闻二", slug="yw2", home_block=HomeBlock.ZWYW
        )
    assert "政府要闻" in str(exc.value)


def test_only_site_administrators_define_the_site(site, editor_a, reviewer_a):
    for user in (editor_a, reviewer_a):
        with pytest.raises(PermissionDenied):
            services.site_channel_create(by=user, parent=None, name="新频道", slug="xpd")
        with pytest.raises(PermissionDenied):
            services.site_channel_update(channel=site["zwyw"], by=user, name="改名")
        with pytest.raises(PermissionDenied):
            services.word_save(by=user, word="禁词")


def test_move_up_and_down_reorders_siblings(site, sysadmin):
    # Equal sort orders: by slug (bmdt before zwyw), as treebeard inserted them.
    assert _names(site["zwdt"]) == ["部门动态", "政府要闻"]
    services.site_channel_move(channel=site["zwyw"], by=sysadmin, direction="up")
    assert _names(site["zwdt"]) == ["政府要闻", "部门动态"]
    with pytest.raises(ValidationError):
        services.site_channel_move(channel=site["zwyw"], by=sysadmin, direction="up")
    services.site_channel_move(channel=site["zwyw"], by=sysadmin, direction="down")
    assert _names(site["zwdt"]) == ["部门动态", "政府要闻"]
    assert _names() == ["信息公开", "政务动态"]
    services.site_channel_move(channel=site["zwdt"], by=sysadmin, direction="up")
    assert _names() == ["政务动态", "信息公开"]
    # The tree's paths stay consistent: the children moved with their parent.
    assert _names(site["xxgk"]) == ["政策解读", "政策文件"]
    assert _names(site["zwdt"]) == ["部门动态", "政府要闻"]
    assert Channel.objects.get(slug="zcwj").url_path == "xxgk/zcwj/"


def test_column_with_content_cannot_be_deleted_but_can_be_retired(
    site, sysadmin, editor_a, reviewer_a, publish_root, django_capture_on_commit_callbacks
):
    article = make_published(site["zcjd"], editor_a, reviewer_a, title="解读防汛条例")
    publish_all()
    page = publish_root / "xxgk" / "zcjd" / f"{article.pk}.html"
    assert page.exists()
    with pytest.raises(ValidationError) as exc:
        services.site_channel_delete(channel=site["zcjd"], by=sysadmin)
    assert "已有稿件" in str(exc.value)
    with pytest.raises(ValidationError):
        services.site_channel_delete(channel=site["xxgk"], by=sysadmin)  # has children
    with django_capture_on_commit_callbacks(execute=True):
        services.site_channel_set_retired(channel=site["zcjd"], by=sysadmin, retired=True)
    assert page.exists() and (publish_root / "xxgk" / "zcjd" / "index.html").exists()
    assert not access.can_edit_channel(editor_a, Channel.objects.get(pk=site["zcjd"].pk))
    # The parent's list no longer names the retired column.
    assert "政策解读" not in (publish_root / "xxgk" / "index.html").read_text()
    # An empty column is deleted, with its files.
    with django_capture_on_commit_callbacks(execute=True):
        empty = services.site_channel_create(
            by=sysadmin, parent=site["xxgk"], name="空栏目", slug="empty"
        )
    assert (publish_root / "xxgk" / "empty" / "index.html").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.site_channel_delete(channel=empty, by=sysadmin)
    assert not Channel.objects.filter(slug="empty").exists()
    assert not (publish_root / "xxgk" / "empty" / "index.html").exists()


def test_new_slug_moves_the_column_pages_incrementally(
    site, sysadmin, editor_a, reviewer_a, publish_root, django_capture_on_commit_callbacks
):
    news = make_published(site["bmdt"], editor_a, reviewer_a, title="部门召开会议")
    policy = make_published(site["zcwj"], editor_a, reviewer_a, title="防汛条例")
    publish_all()
    policy_page = publish_root / "xxgk" / "zcwj" / f"{policy.pk}.html"
    before = policy_page.stat().st_mtime_ns
    with django_capture_on_commit_callbacks(execute=True):
        services.site_channel_update(channel=site["bmdt"], by=sysadmin, slug="bmxx")
    assert not (publish_root / "zwdt" / "bmdt" / f"{news.pk}.html").exists()
    assert not (publish_root / "zwdt" / "bmdt" / "index.html").exists()
    moved = publish_root / "zwdt" / "bmxx" / f"{news.pk}.html"
    assert moved.exists()
    news.refresh_from_db()
    assert news.published_path == f"zwdt/bmxx/{news.pk}.html"
    assert (
        f'href="/zwdt/bmxx/{news.pk}.html"'
        in (publish_root / "zwdt" / "bmxx" / "index.html").read_text()
    )
    assert "/zwdt/bmxx/" in (publish_root / "sitemap.xml").read_text()
    # Another channel's pages were not touched (not a full publish).
    assert policy_page.stat().st_mtime_ns == before


def test_renaming_a_top_channel_republishes_every_header(
    site, sysadmin, editor_a, reviewer_a, publish_root, django_capture_on_commit_callbacks
):
    policy = make_published(site["zcwj"], editor_a, reviewer_a, title="防汛条例")
    publish_all()
    with django_capture_on_commit_callbacks(execute=True):
        services.site_channel_update(channel=site["zwdt"], by=sysadmin, name="新闻中心")
    assert "新闻中心" in (publish_root / "xxgk" / "zcwj" / f"{policy.pk}.html").read_text()
    assert "新闻中心" in (publish_root / "index.html").read_text()


def test_hidden_column_leaves_its_parents_list(
    site, sysadmin, publish_root, django_capture_on_commit_callbacks
):
    publish_all()
    assert "部门动态" in (publish_root / "zwdt" / "index.html").read_text()
    with django_capture_on_commit_callbacks(execute=True):
        services.site_channel_set_hidden(channel=site["bmdt"], by=sysadmin, hidden=True)
    assert "部门动态" not in (publish_root / "zwdt" / "index.html").read_text()
    assert (publish_root / "zwdt" / "bmdt" / "index.html").exists()


# --- site settings ----------------------------------------------------------------------------


def test_site_settings_change_republishes_footer_and_home_layout(
    site, sysadmin, publish_root, django_capture_on_commit_callbacks
):
    publish_all()
    with django_capture_on_commit_callbacks(execute=True):
        services.site_settings_update(
            by=sysadmin,
            site_code="4311270001",
            icp_number="湘ICP备12345678号",
            police_record_number="湘公网安备 43112702000001号",
            home_layout=[HomeSection.NEWS, HomeSection.SERVICES],
        )
    footer = (publish_root / "zwdt" / "index.html").read_text()
    assert "4311270001" in footer and "湘ICP备12345678号" in footer
    home = (publish_root / "index.html").read_text()
    assert 'id="h-news"' in home and 'id="h-services"' in home
    assert 'id="h-investment"' not in home
    row = SiteSettings.load()
    assert row.history.first().history_user == sysadmin
    with pytest.raises(ValidationError):
        services.site_settings_update(by=sysadmin, home_layout=["nonsense"])
    with pytest.raises(ValidationError):
        services.site_settings_update(by=sysadmin, home_layout=[])


# --- sensitive words --------------------------------------------------------------------------


def test_words_are_audited_and_duplicates_refused(sysadmin):
    word = services.word_save(by=sysadmin, word="  严禁词 ", kind=WordKind.BANNED)
    assert word.word == "严禁词"
    assert word.history.first().history_user == sysadmin
    with pytest.raises(ValidationError) as exc:
        services.word_save(by=sysadmin, word="严禁词")
    assert "已有" in str(exc.value)
    services.word_save(by=sysadmin, item=word, suggestion="", is_active=False)
    assert word.history.count() == 2
    pk = word.pk
    services.word_delete(by=sysadmin, item=word)
    assert SensitiveWord.history.filter(id=pk, history_type="-", history_user=sysadmin).exists()


def test_word_file_import_and_bad_files(sysadmin):
    data = "# 领导职务\n张明县长=张明书记\n\n 反动 \n反动\n".encode()
    result = services.word_import(by=sysadmin, data=data, kind=WordKind.LEADER)
    assert result == {"added": 2, "skipped": 0}
    assert SensitiveWord.objects.get(word="张明县长").suggestion == "张明书记"
    assert services.word_import(by=sysadmin, data="反动\n".encode(), kind=WordKind.BANNED) == {
        "added": 0,
        "skipped": 1,
    }
    for bad in ("坏".encode("gbk") + b"\xff", b"\x00\x01binary", ("长" * 51).encode(), b"\n\n"):
        with pytest.raises(ValidationError):
            services.word_import(by=sysadmin, data=bad, kind=WordKind.BANNED)
    assert SensitiveWord.objects.count() == 2  # nothing half-loaded


def test_a_sensitive_word_blocks_submission_until_fixed(site, sysadmin, editor_a, reviewer_a):
    services.word_save(by=sysadmin, word="某禁词", kind=WordKind.BANNED)
    article = article_services.article_create(
        by=editor_a, channel=site["bmdt"], title="通知", body="<p>含有某禁词的正文。</p>"
    )
    with pytest.raises(ValidationError) as exc:
        article_services.article_submit(article=article, by=editor_a)
    assert "某禁词" in str(exc.value)
    article_services.article_update(article=article, by=editor_a, body="<p>改好的正文。</p>")
    article_services.article_submit(article=article, by=editor_a)
    article = article_services.article_approve(article=article, by=reviewer_a)
    assert article.status == ArticleStatus.PUBLISHED


# --- pages ------------------------------------------------------------------------------------


def test_pages_refuse_editors_and_serve_the_system_administrator(client, site, sysadmin, editor_a):
    urls = [
        reverse("portal:site_channels"),
        reverse("portal:site_channel_new"),
        reverse("portal:site_channel_edit", args=[site["zwyw"].pk]),
        reverse("portal:site_settings"),
        reverse("portal:site_words"),
    ]
    client.force_login(editor_a)
    for url in urls:
        assert client.get(url).status_code == 403, url
    client.force_login(sysadmin)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_channel_pages_create_edit_and_refuse_bad_input(client, site, sysadmin, dept_b):
    client.force_login(sysadmin)
    data = {
        "parent": site["zwdt"].pk, "name": "专项工作", "slug": "zxgz", "list_template": "list",
        "page_template": "article", "in_navigation": "on", "home_block": "",
        "editor_units": [dept_b.pk], "update_interval_days": "14",
    }  # fmt: skip
    response = client.post(reverse("portal:site_channel_new"), data)
    assert response.status_code == 302
    column = Channel.objects.get(slug="zxgz")
    assert list(column.editor_units.all()) == [dept_b] and column.update_interval_days == 14
    response = client.post(reverse("portal:site_channel_new"), data)
    assert "同级栏目中已有此英文标识" in response.content.decode()
    response = client.post(reverse("portal:site_channel_new"), {**data, "slug": "Bad Slug!"})
    assert response.status_code == 200 and "英文标识" in response.content.decode()
    response = client.post(
        reverse("portal:site_channel_action", args=[site["zwdt"].pk]), {"do": "delete"}
    )
    assert response.status_code == 302
    assert Channel.objects.filter(pk=site["zwdt"].pk).exists()
    response = client.post(
        reverse("portal:site_channel_action", args=[column.pk]), {"do": "nonsense"}
    )
    assert response.status_code == 302


def test_word_pages_add_import_and_refuse_a_bad_file(client, sysadmin):
    client.force_login(sysadmin)
    word = {"word": "错别词", "kind": "misspelling", "suggestion": "正确词", "is_active": "on"}
    client.post(reverse("portal:site_words"), word)
    assert SensitiveWord.objects.filter(word="错别词", suggestion="正确词").exists()
    good = SimpleUploadedFile("words.txt", "禁词一\n禁词二\n".encode(), content_type="text/plain")
    client.post(reverse("portal:site_words_import"), {"import-kind": "banned", "import-file": good})
    assert SensitiveWord.objects.filter(word__in=["禁词一", "禁词二"]).count() == 2
    bad = SimpleUploadedFile("words.txt", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="text/plain")
    response = client.post(
        reverse("portal:site_words_import"),
        {"import-kind": "banned", "import-file": bad},
        follow=True,
    )
    assert "类型不允许上传" in response.content.decode()
    exe = SimpleUploadedFile("words.exe", "禁词三\n".encode())
    client.post(reverse("portal:site_words_import"), {"import-kind": "banned", "import-file": exe})
    assert not SensitiveWord.objects.filter(word="禁词三").exists()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_query_counts_do_not_grow(client, site, sysadmin, gov):
    client.force_login(sysadmin)
    services.word_save(by=sysadmin, word="首个词", kind=WordKind.BANNED)
    channels, words = reverse("portal:site_channels"), reverse("portal:site_words")
    _count(client, channels), _count(client, words)  # warm the shell's per-person caches
    base = (_count(client, channels), _count(client, words))
    for n in range(8):
        services.site_channel_create(
            by=sysadmin, parent=site["xxgk"], name=f"栏目{n}", slug=f"c{n}", editor_units=[gov]
        )
        services.word_save(by=sysadmin, word=f"词{n}", kind=WordKind.BANNED)
    _count(client, channels), _count(client, words)  # the writes emptied the navigation cache
    assert (_count(client, channels), _count(client, words)) == base


def test_echarts_is_vendored_at_the_pinned_version_with_its_licence():
    import hashlib
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    vendor = root / "platform_core" / "static" / "vendor" / "echarts"
    for line in (vendor / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256((vendor / name.lstrip("./")).read_bytes()).hexdigest() == digest
    script = (root / "config" / "deploy" / "vendor.sh").read_text()
    version = re.search(r'^ECHARTS_VERSION="([^"]+)"', script, re.M)[1]
    integrity = re.search(r'^ECHARTS_INTEGRITY="([^"]+)"', script, re.M)[1]
    assert (vendor / "VERSION").read_text().split() == [f"echarts@{version}", integrity]
    assert "Apache License" in (vendor / "LICENSE").read_text()
    assert "sourceMappingURL" not in (vendor / "echarts.min.js").read_text()


def test_publishing_stats_count_per_unit_column_month_and_timeliness(
    client, site, sysadmin, editor_a, reviewer_a, dept_a
):
    import datetime

    from django.utils import timezone

    from portal.models import Article
    from portal.selectors.site_stats import publishing_report

    services.site_channel_update(channel=site["zwyw"], by=sysadmin, update_interval_days=7)
    services.site_channel_update(channel=site["bmdt"], by=sysadmin, update_interval_days=7)
    make_published(site["zwyw"], editor_a, reviewer_a, title="要闻一")
    old = make_published(site["bmdt"], editor_a, reviewer_a, title="动态一")
    Article.objects.filter(pk=old.pk).update(
        publish_date=timezone.now() - datetime.timedelta(days=40)
    )
    data = publishing_report(months=3)
    assert data["by_unit"] == [{"author_unit__name": dept_a.name, "n": 2}]
    assert {r["channel__name"]: r["n"] for r in data["by_channel"]} == {
        "政府要闻": 1,
        "部门动态": 1,
    }
    assert sum(r["n"] for r in data["by_month"]) == 2 and len(data["by_month"]) == 3
    timely = {t.channel.slug: t for t in data["timeliness"]}
    assert not timely["zwyw"].overdue and timely["bmdt"].overdue and timely["bmdt"].days == 40
    assert str(timely["zcwj"].status) == "不考核"
    client.force_login(reviewer_a)
    response = client.get(reverse("portal:site_stats"))
    html = response.content.decode()
    assert 'data-chart="hbar" data-table="units"' in html and "vendor/echarts" in html
    response = client.get(reverse("portal:site_stats"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["按单位", "按栏目", "按月份", "更新时效"]
    assert [c.value for c in book["按单位"][2]] == [dept_a.name, 2]
    client.force_login(editor_a)
    assert client.get(reverse("portal:site_stats")).status_code == 403


def test_publishing_stats_query_count_is_constant(client, site, sysadmin, editor_a, reviewer_a):
    client.force_login(sysadmin)
    make_published(site["zwyw"], editor_a, reviewer_a, title="要闻一")
    _count(client, reverse("portal:site_stats"))  # warm the shell's per-person caches
    before = _count(client, reverse("portal:site_stats"))
    for n in range(5):
        make_published(site["bmdt"], editor_a, reviewer_a, title=f"动态{n}")
        services.site_channel_create(by=sysadmin, parent=site["xxgk"], name=f"栏{n}", slug=f"l{n}")
    _count(client, reverse("portal:site_stats"))  # the writes emptied the navigation cache
    assert _count(client, reverse("portal:site_stats")) == before
