"""Static publishing: exactly the touched pages, atomic writes, withdrawal, the catch-all."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.http import Http404

from portal.publishing import engine as publishing
from portal.publishing import sources as publishing_sources
from portal.services import articles as services
from portal.views.public import published
from tests.portal.conftest import make_published

pytestmark = pytest.mark.django_db


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_full_publish_writes_site_and_home_equals_django(
    client, site, editor_a, reviewer_a, publish_root
):
    article = make_published(site["zwyw"], editor_a, reviewer_a)
    call_command("publish_site", verbosity=0)
    files = _files(publish_root)
    for rel in (
        "index.html", "index.html.gz", "sitemap.xml", "404.html", "zwdt/index.html",
        "zwdt/zwyw/index.html", "zwdt/zwyw/rss.xml", f"zwdt/zwyw/{article.pk}.html",
        f"zwdt/zwyw/{article.pk}.html.gz", "xxgk/zcwj/index.html",
    ):  # fmt: skip
        assert rel in files, rel
    assert not [f for f in files if f.endswith(".tmp")]
    home = (publish_root / "index.html").read_bytes()
    assert home == client.get("/").content
    assert "县政府召开防汛工作会议" in home.decode()
    page = (publish_root / f"zwdt/zwyw/{article.pk}.html").read_text()
    assert "会议要求各乡镇做好防汛准备" in page and "政府要闻" in page
    sitemap = (publish_root / "sitemap.xml").read_text()
    assert f"https://www.example.gov.cn/zwdt/zwyw/{article.pk}.html" in sitemap
    # Unchanged pages are not rewritten.
    mtime = os.stat(publish_root / "index.html").st_mtime_ns
    report = publishing.publish_all()
    assert report.written == []
    assert os.stat(publish_root / "index.html").st_mtime_ns == mtime


def test_incremental_publish_touches_exactly_the_right_pages(
    site, editor_a, reviewer_a, publish_root, django_capture_on_commit_callbacks
):
    publishing.publish_all()
    # A department news item: not in a home block (bmdt has none; zwdt has none).
    article = services.article_create(
        by=editor_a, channel=site["bmdt"], title="市场监管局开展食品安全检查", body="<p>检查</p>"
    )
    services.article_submit(article=article, by=editor_a)
    report = publishing.publish_change(publishing.ArticleChange(article.pk))  # not yet published
    assert report.written == []
    services.article_approve(article=article, by=reviewer_a)
    report = publishing.publish_change(
        publishing.ArticleChange(article.pk, channel_id=site["bmdt"].pk)
    )
    assert sorted(report.written) == sorted(
        [f"zwdt/bmdt/{article.pk}.html", "zwdt/bmdt/index.html", "zwdt/bmdt/rss.xml",
         "zwdt/index.html", "zwdt/rss.xml", "sitemap.xml"]
    )  # fmt: skip
    # A news item in 政府要闻 (a home block) also rewrites the home page.
    with django_capture_on_commit_callbacks(execute=True):
        news = make_published(site["zwyw"], editor_a, reviewer_a, title="县长主持召开常务会议")
    report = publishing.publish_change(publishing.ArticleChange(news.pk))
    assert report.written == []  # the task after commit already wrote everything
    assert "县长主持召开常务会议" in (publish_root / "index.html").read_text()
    assert (publish_root / f"zwdt/zwyw/{news.pk}.html").exists()


def test_withdrawn_article_page_is_removed(
    site, editor_a, reviewer_a, publish_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_published(site["zwyw"], editor_a, reviewer_a)
    page = publish_root / f"zwdt/zwyw/{article.pk}.html"
    assert page.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_withdraw(article=article, by=reviewer_a, reason="内容有误")
    assert not page.exists()
    assert not page.with_name(page.name + ".gz").exists()
    assert article.title not in (publish_root / "zwdt/zwyw/index.html").read_text()
    assert article.title not in (publish_root / "index.html").read_text()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_list_pages_number_from_the_oldest_and_changes_touch_few(
    site, editor_a, reviewer_a, publish_root, settings, monkeypatch, tmp_path
):
    """Archive pages index_1.html … hold fixed slices counted from the oldest article, so a new
    article rewrites index.html (and now and then adds one archive page), an edit rewrites the
    one page holding the article, and the incrementally kept site always equals a full publish."""
    monkeypatch.setattr(publishing_sources, "LIST_PAGE_SIZE", 3)
    bmdt = site["bmdt"]
    made = [make_published(bmdt, editor_a, reviewer_a, title=f"部门动态第{n}条") for n in range(7)]
    publishing.publish_all()
    index = (publish_root / "zwdt/bmdt/index.html").read_text()
    archive = (publish_root / "zwdt/bmdt/index_1.html").read_text()
    assert not (publish_root / "zwdt/bmdt/index_2.html").exists()  # 7 = 3 archived + 4 newest
    assert 'href="/zwdt/bmdt/index_1.html" rel="next"' in index
    assert 'href="/zwdt/bmdt/" rel="prev"' in archive and 'rel="next"' not in archive
    assert all(f"部门动态第{n}条" in archive for n in range(3))
    assert all(f"部门动态第{n}条" in index for n in range(3, 7)) and "共 7 条" in index

    def change(article, old_path=""):
        return publishing.publish_change(publishing.ArticleChange(article.pk, old_path))

    # New articles: the newest page; every third one also a new archive page and the
    # "newer" link of the archive page before it.
    made.append(make_published(bmdt, editor_a, reviewer_a, title="部门动态第7条"))
    change(made[7])
    made.append(make_published(bmdt, editor_a, reviewer_a, title="部门动态第8条"))
    report = change(made[8])
    lists = sorted(r for r in report.written if r.startswith("zwdt/bmdt/index"))
    assert lists == ["zwdt/bmdt/index.html", "zwdt/bmdt/index_1.html", "zwdt/bmdt/index_2.html"]
    assert (
        'href="/zwdt/bmdt/index_2.html" rel="prev"'
        in (publish_root / "zwdt/bmdt/index_1.html").read_text()
    )
    # An old article's new title: its own page and the one list page per column holding it.
    Article = type(made[0])
    Article.objects.filter(pk=made[1].pk).update(title="部门动态第1条（更新）")
    report = change(made[1])
    assert "zwdt/bmdt/index_1.html" in report.written
    assert "zwdt/bmdt/index.html" not in report.written + report.unchanged
    assert "zwdt/bmdt/index_2.html" not in report.written + report.unchanged
    assert "sitemap.xml" not in report.written + report.unchanged  # same URL, same date
    # Withdrawing the oldest shifts every slice after it; the now surplus archive page goes.
    services.article_withdraw(article=made[0], by=reviewer_a, reason="重复")
    report = change(made[0], made[0].url.lstrip("/"))
    assert f"zwdt/bmdt/{made[0].pk}.html" in report.removed
    assert "zwdt/bmdt/index_2.html" in report.removed
    assert not (publish_root / "zwdt/bmdt/index_2.html").exists()
    # A back-dated article lands in the middle: the pages from its slice onward change.
    late = make_published(bmdt, editor_a, reviewer_a, title="补发的部门动态")
    Article.objects.filter(pk=late.pk).update(publish_date=made[3].publish_date)
    change(late)
    # Whatever happened, the incrementally kept site is the site a full publish writes.
    settings.PUBLISH_ROOT = tmp_path / "full"
    publishing.publish_all()
    assert _tree(publish_root) == _tree(tmp_path / "full")


def test_publish_run_renders_the_bytes_of_a_plain_render(site, editor_a, reviewer_a, publish_root):
    """publish_all shares the context processors' output, the channel tree and the policy links
    across pages; every page is byte-identical to rendering it alone the request way."""
    policy = make_published(site["zcwj"], editor_a, reviewer_a, title="关于印发防汛预案的通知")
    reading = make_published(site["zcjd"], editor_a, reviewer_a, title="防汛预案解读")
    reading.interprets.add(policy)
    make_published(site["zwyw"], editor_a, reviewer_a)
    publishing.publish_all()
    pages = list(publishing._all_pages())
    assert len(pages) > 10
    for page in pages:
        assert page.render() == (publish_root / page.path).read_bytes(), page.path
    assert "防汛预案解读" in (publish_root / policy.url.lstrip("/")).read_text()


def test_atomic_write_leaves_no_temp_files_and_survives_failure(tmp_path, monkeypatch):
    target = tmp_path / "a" / "page.html"
    assert publishing.write_atomic(target, "旧页面".encode()) is True
    assert publishing.write_atomic(target, "旧页面".encode()) is False  # unchanged: no write
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.html"]

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(publishing.os, "replace", broken_replace)
    with pytest.raises(OSError):
        publishing.write_atomic(target, "新页面".encode())
    assert target.read_text() == "旧页面"
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.html"]


def test_catch_all_serves_published_files_and_refuses_traversal(
    client, rf, site, editor_a, reviewer_a, publish_root, tmp_path
):
    article = make_published(site["zwyw"], editor_a, reviewer_a)
    publishing.publish_all()
    (tmp_path / "secret.html").write_text("TOP-SECRET-BYTES")
    response = client.get(f"/zwdt/zwyw/{article.pk}.html")
    assert response.status_code == 200
    assert "防汛" in response.content.decode()
    assert client.get("/zwdt/").status_code == 200
    assert client.get("/sitemap.xml")["Content-Type"].startswith("application/xml")
    for bad in ("/../secret.html", "/zwdt/../../secret.html", "/%2e%2e/secret.html",
                "/zwdt/%2e%2e/%2e%2e/secret.html", "/no-such/page.html"):  # fmt: skip
        response = client.get(bad)
        assert response.status_code == 404, bad
        assert b"TOP-SECRET-BYTES" not in response.content
    for subpath in (
        "../secret.html",
        "zwdt/../../secret.html",
        "/etc/passwd",
        "..",
        "a/../../x.html",
    ):
        with pytest.raises(Http404):
            published(rf.get("/"), subpath=subpath)
    # The 404 page stays the site's Chinese 404.
    assert "页面不存在" in client.get("/zwdt/nothing/").content.decode()
    with pytest.raises(ValueError):
        publishing.target_path("../x.html")
