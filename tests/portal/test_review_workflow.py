"""Issue 7: article review through the support platform's workflow, scheduled publishing and
withdrawal (the minute task), and the review pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from platform_core.constants import RoleCode
from platform_core.models import (
    CaseEvent,
    EventAction,
    ProcessDefinition,
    RoutingMode,
    Subsystem,
    TaskInfo,
    TaskOutcome,
)
from platform_core.selectors.inbox import Kind, inbox_list, inbox_viewer
from platform_core.services import workflow as wf
from portal.constants import ArticleStatus
from portal.models import Article
from portal.services import articles as services
from portal.services import review
from portal.tasks import run_schedule
from tests.factories import StaffFactory, staff_with_role

pytestmark = pytest.mark.django_db


def _todo(user):
    return list(inbox_list(inbox_viewer(user), Kind.TODO))


def _draft(editor, channel, title="县政府召开防汛工作会议", **fields):
    fields.setdefault("body", f"<p>{title}。会议要求做好防汛准备。</p>")
    return services.article_create(by=editor, channel=channel, title=title, **fields)


def _fresh(article) -> Article:
    return Article.objects.select_related("review_process").get(pk=article.pk)


def test_submit_starts_a_portal_case_in_the_reviewers_inbox(site, editor_a, reviewer_a):
    article = _draft(editor_a, site["zwyw"])
    services.article_submit(article=article, by=editor_a)
    article = _fresh(article)
    process = article.review_process
    assert article.status == ArticleStatus.IN_REVIEW
    assert process.subsystem == Subsystem.PORTAL and process.mode == RoutingMode.FREE
    assert process.owner_unit == article.author_unit and process.data["article"] == article.pk
    # The editor's own step was completed by the submission; the reviewer's task waits.
    todo = _todo(reviewer_a)
    assert [i.process_id for i in todo] == [process.pk]
    assert todo[0].step_name == review.REVIEW_STEP_NAME and "防汛" in todo[0].title
    assert _todo(editor_a) == []
    assert review.open_review_task(article, reviewer_a).pk == todo[0].pk
    assert review.open_review_task(article, editor_a) is None


def test_approve_completes_the_case_and_publishes(
    site, editor_a, reviewer_a, publish_root, django_capture_on_commit_callbacks
):
    article = _draft(editor_a, site["zwyw"])
    services.article_submit(article=article, by=editor_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_approve(article=article, by=reviewer_a, comment="同意")
    article = _fresh(article)
    assert article.status == ArticleStatus.PUBLISHED and article.reviewed_by == reviewer_a
    assert review.case_ended(article.review_process)
    assert _todo(reviewer_a) == []
    actions = list(
        CaseEvent.objects.filter(process=article.review_process)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [EventAction.START, EventAction.COMPLETE, EventAction.COMPLETE, "end"]
    # The publishing path wrote the page and the channel list (tasks are eager in tests).
    page = publish_root / article.published_path
    assert page.exists() and "防汛" in page.read_text()
    assert f"{article.pk}.html" in (publish_root / "zwdt/zwyw/index.html").read_text()


def test_reject_returns_the_task_to_the_editor_and_resubmit_continues(site, editor_a, reviewer_a):
    article = _draft(editor_a, site["zwyw"])
    services.article_submit(article=article, by=editor_a)
    process_pk = _fresh(article).review_process_id
    services.article_reject(article=article, by=reviewer_a, comment="请补充会议时间")
    article = _fresh(article)
    assert article.status == ArticleStatus.DRAFT
    assert article.review_comment == "请补充会议时间"
    assert review.case_returned(article.review_process)
    editor_todo = _todo(editor_a)
    assert len(editor_todo) == 1 and editor_todo[0].process_id == process_pk
    assert _todo(reviewer_a) == []
    returned = TaskInfo.objects.get(process_id=process_pk, outcome=TaskOutcome.RETURNED)
    assert returned.owner == reviewer_a
    # Edit and send again: the same case continues to the reviewer.
    services.article_update(article=article, by=editor_a, title="县政府召开防汛工作会议（3月5日）")
    services.article_submit(article=article, by=editor_a)
    article = _fresh(article)
    assert article.review_process_id == process_pk and article.status == ArticleStatus.IN_REVIEW
    assert _todo(editor_a) == [] and len(_todo(reviewer_a)) == 1
    services.article_approve(article=article, by=reviewer_a)
    assert _fresh(article).status == ArticleStatus.PUBLISHED


def test_first_of_two_reviewers_decides_and_the_other_task_is_cancelled(
    site, editor_a, reviewer_a, dept_a
):
    head = staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="刘科长")
    article = _draft(editor_a, site["zwyw"])
    services.article_submit(article=article, by=editor_a)
    assert len(_todo(reviewer_a)) == 1 and len(_todo(head)) == 1
    services.article_approve(article=article, by=head)
    article = _fresh(article)
    assert article.status == ArticleStatus.PUBLISHED and review.case_ended(article.review_process)
    assert _todo(reviewer_a) == []
    other = TaskInfo.objects.get(process=article.review_process, owner=reviewer_a)
    assert other.outcome == TaskOutcome.CANCELLED and not other.is_open


def test_task_worked_on_the_generic_page_is_reconciled(
    site, editor_a, reviewer_a, publish_root, django_capture_on_commit_callbacks
):
    """ADR 0004's pattern: the article follows its case when the task page was used."""
    approved = _draft(editor_a, site["zwyw"], title="政务要闻甲")
    returned = _draft(editor_a, site["zwyw"], title="政务要闻乙")
    for article in (approved, returned):
        services.article_submit(article=article, by=editor_a)
    infos = {i.title: i for i in _todo(reviewer_a)}
    ok = next(i for t, i in infos.items() if "甲" in t)
    back = next(i for t, i in infos.items() if "乙" in t)
    wf.task_complete(task=ok.task, user=reviewer_a, comment="同意发布")
    wf.task_return(
        task=back.task, user=reviewer_a, to_step=wf.FREE_FIRST_STEP, comment="数据需核实"
    )
    assert _fresh(approved).status == ArticleStatus.IN_REVIEW  # not yet reconciled
    with django_capture_on_commit_callbacks(execute=True):
        run_schedule()
    approved, returned = _fresh(approved), _fresh(returned)
    assert approved.status == ArticleStatus.PUBLISHED and approved.reviewed_by == reviewer_a
    assert approved.review_comment == "同意发布"
    assert (publish_root / approved.published_path).exists()
    assert returned.status == ArticleStatus.DRAFT and returned.review_comment == "数据需核实"
    # Running it again changes nothing.
    history = approved.history.count()
    run_schedule()
    assert _fresh(approved).history.count() == history


def test_fixed_route_is_created_once_and_used(site, editor_a, reviewer_a, settings):
    admin = StaffFactory(is_superuser=True)
    code = review.ensure_portal_review_route(by=admin, code="portal-article-review")
    assert review.ensure_portal_review_route(by=admin, code=code) == code
    definition = ProcessDefinition.objects.get(code=code)
    assert definition.versions.filter(status="published").count() == 1
    assert definition.versions.count() == 1
    settings.PORTAL_REVIEW_ROUTE = code
    article = _draft(editor_a, site["zwyw"])
    services.article_submit(article=article, by=editor_a)
    article = _fresh(article)
    assert article.review_process.mode == RoutingMode.FIXED
    assert article.review_process.current_step == review.REVIEW_STEP
    assert [i.step_key for i in _todo(reviewer_a)] == [review.REVIEW_STEP]
    services.article_reject(article=article, by=reviewer_a, comment="标题需调整")
    assert [i.step_key for i in _todo(editor_a)] == [review.EDIT_STEP]
    services.article_submit(article=article, by=editor_a)
    services.article_approve(article=article, by=reviewer_a)
    article = _fresh(article)
    assert article.status == ArticleStatus.PUBLISHED and review.case_ended(article.review_process)


def test_future_publish_date_is_scheduled_then_published_by_the_minute_task(
    site, editor_a, reviewer_a, publish_root
):
    when = timezone.now() + datetime.timedelta(hours=2)
    article = _draft(editor_a, site["zwyw"], publish_date=when)
    services.article_submit(article=article, by=editor_a)
    services.article_approve(article=article, by=reviewer_a)
    article = _fresh(article)
    assert article.status == ArticleStatus.SCHEDULED and article.published_path == ""
    assert review.case_ended(article.review_process)
    assert not (publish_root / f"zwdt/zwyw/{article.pk}.html").exists()
    assert run_schedule()["articles"] == 0  # not due yet
    assert _fresh(article).status == ArticleStatus.SCHEDULED
    # Two hours later.
    Article.objects.filter(pk=article.pk).update(
        publish_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert run_schedule()["articles"] == 1
    article = _fresh(article)
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_path == f"zwdt/zwyw/{article.pk}.html"
    assert (publish_root / article.published_path).exists()
    assert f"{article.pk}.html" in (publish_root / "zwdt/zwyw/index.html").read_text()
    assert run_schedule()["articles"] == 0  # idempotent


def test_scheduled_withdrawal_removes_the_page(
    site, editor_a, reviewer_a, publish_root, django_capture_on_commit_callbacks
):
    article = _draft(
        editor_a, site["zwyw"], withdraw_at=timezone.now() + datetime.timedelta(days=1)
    )
    services.article_submit(article=article, by=editor_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_approve(article=article, by=reviewer_a)
    article = _fresh(article)
    page = publish_root / article.published_path
    assert article.status == ArticleStatus.PUBLISHED and page.exists()
    Article.objects.filter(pk=article.pk).update(
        withdraw_at=timezone.now() - datetime.timedelta(seconds=5)
    )
    assert run_schedule()["articles"] == 1
    article = _fresh(article)
    assert article.status == ArticleStatus.WITHDRAWN and article.withdraw_at is None
    assert article.review_comment == "定时撤稿" and not page.exists()
    assert f"{article.pk}.html" not in (publish_root / "zwdt/zwyw/index.html").read_text()
    assert run_schedule()["articles"] == 0


def test_scheduled_article_can_be_withdrawn_before_it_goes_live(site, editor_a, reviewer_a):
    article = _draft(
        editor_a, site["zwyw"], publish_date=timezone.now() + datetime.timedelta(days=1)
    )
    services.article_submit(article=article, by=editor_a)
    services.article_approve(article=article, by=reviewer_a)
    services.article_withdraw(article=article, by=editor_a, reason="会议延期")
    assert _fresh(article).status == ArticleStatus.WITHDRAWN
    Article.objects.filter(pk=article.pk).update(publish_date=timezone.now())
    run_schedule()
    assert _fresh(article).status == ArticleStatus.WITHDRAWN


def test_withdraw_time_must_follow_publish_date(site, editor_a):
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        _draft(editor_a, site["zwyw"], publish_date=now, withdraw_at=now)
    assert "定时撤稿时间须晚于发布日期。" in exc.value.messages
    article = _draft(editor_a, site["zwyw"], withdraw_at=now - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError) as exc:
        services.article_submit(article=article, by=editor_a)
    assert "定时撤稿时间已过，请修改后再送审。" in exc.value.messages


# --- pages ------------------------------------------------------------------------------------


def _login(client, user):
    client.force_login(user)


def test_review_page_approves_through_the_case(client, site, editor_a, reviewer_a, dept_b):
    article = _draft(editor_a, site["zwyw"])
    services.article_submit(article=article, by=editor_a)
    # Another unit's leader sees nothing; the editor cannot review their own article.
    _login(client, staff_with_role(RoleCode.LEADER, dept_b))
    assert client.get(f"/office/portal/articles/{article.pk}/").status_code == 404
    _login(client, editor_a)
    response = client.get(f"/office/portal/articles/{article.pk}/")
    assert "提交审核结果" not in response.content.decode()
    client.post(f"/office/portal/articles/{article.pk}/review/", {"decision": "approve"})
    assert _fresh(article).status == ArticleStatus.IN_REVIEW
    _login(client, reviewer_a)
    html = client.get("/office/portal/review/").content.decode()
    assert article.title in html
    html = client.get(f"/office/portal/articles/{article.pk}/").content.decode()
    assert "提交审核结果" in html and "审核中，查看流转记录" in html
    response = client.post(
        f"/office/portal/articles/{article.pk}/review/", {"decision": "bogus"}, follow=True
    )
    assert "请选择审核结果。" in response.content.decode()
    response = client.post(
        f"/office/portal/articles/{article.pk}/review/",
        {"decision": "approve", "comment": "同意"},
        follow=True,
    )
    assert "审核通过，稿件已发布。" in response.content.decode()
    assert _fresh(article).status == ArticleStatus.PUBLISHED


def test_form_takes_publish_and_withdraw_times(client, site, editor_a):
    _login(client, editor_a)
    data = {
        "channel": site["zwyw"].pk,
        "title": "定时发布的通知",
        "body": "<p>正文</p><script>alert(1)</script>",
        "publish_date": "2030-01-02T09:30",
        "withdraw_at": "2030-01-01T09:30",
    }
    response = client.post("/office/portal/articles/new/", data)
    assert response.status_code == 200
    assert "定时撤稿时间须晚于发布日期。" in response.content.decode()
    data["withdraw_at"] = "bad"
    response = client.post("/office/portal/articles/new/", data)
    assert "请输入有效的撤稿日期和时间。" in response.content.decode()
    data["withdraw_at"] = "2030-02-01T09:30"
    response = client.post("/office/portal/articles/new/", data)
    assert response.status_code == 302
    article = Article.objects.get(title="定时发布的通知")
    assert timezone.localtime(article.publish_date).strftime("%Y-%m-%d %H:%M") == "2030-01-02 09:30"
    assert "<script" not in article.body


def test_published_files_carry_the_display_mode_without_javascript(
    client, site, editor_a, reviewer_a, publish_root, django_capture_on_commit_callbacks
):
    article = _draft(editor_a, site["zwyw"])
    services.article_submit(article=article, by=editor_a)
    with django_capture_on_commit_callbacks(execute=True):
        article = services.article_approve(article=article, by=reviewer_a)
    html = client.get(article.url).content.decode()
    assert '<html lang="zh-CN" class="">' in html
    assert "/static/portal/js/display.js" in html and "<script>" not in html
    client.get("/prefs/display/", {"mode": "large-contrast", "next": article.url})
    html = client.get(article.url).content.decode()
    assert '<html lang="zh-CN" class="mode-large mode-contrast">' in html
    # The file on disk stays the same for everyone.
    assert 'class=""' in (publish_root / article.published_path).read_text()


@pytest.mark.django_db(transaction=True)
def test_due_article_held_by_another_worker_is_skipped_not_published_twice(
    site, editor_a, reviewer_a, publish_root
):
    import threading

    from django.db import connection, transaction

    article = _draft(
        editor_a, site["zwyw"], publish_date=timezone.now() + datetime.timedelta(hours=1)
    )
    services.article_submit(article=article, by=editor_a)
    services.article_approve(article=article, by=reviewer_a)
    Article.objects.filter(pk=article.pk).update(publish_date=timezone.now())
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                Article.objects.select_for_update().get(pk=article.pk)
                locked.set()
                release.wait(20)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(20)
        assert services.publish_due() == []  # skipped, not waited for
        assert _fresh(article).status == ArticleStatus.SCHEDULED
    finally:
        release.set()
        thread.join()
    assert [c.article_id for c in services.publish_due()] == [article.pk]
    assert services.publish_due() == []
    assert _fresh(article).status == ArticleStatus.PUBLISHED


def test_office_list_catches_up_the_schedule_without_a_beat(client, site, editor_a, reviewer_a):
    """Demo mode runs tasks inline and no Celery beat: opening the list publishes what is due."""
    article = _draft(
        editor_a, site["zwyw"], publish_date=timezone.now() + datetime.timedelta(hours=1)
    )
    services.article_submit(article=article, by=editor_a)
    services.article_approve(article=article, by=reviewer_a)
    client.force_login(editor_a)
    html = client.get("/office/portal/?status=scheduled").content.decode()
    assert article.title in html and "已排期" in html
    Article.objects.filter(pk=article.pk).update(publish_date=timezone.now())
    client.get("/office/portal/")
    assert _fresh(article).status == ArticleStatus.PUBLISHED


def test_generic_task_page_links_to_the_article_under_review(client, site, editor_a, reviewer_a):
    article = _draft(editor_a, site["zwyw"])
    services.article_submit(article=article, by=editor_a)
    task = _todo(reviewer_a)[0]
    client.force_login(reviewer_a)
    page = client.get(f"/office/tasks/{task.pk}/").content.decode()
    assert f'href="/office/portal/articles/{article.pk}/"' in page
    assert "稿件：县政府召开防汛工作会议" in page
    case_page = client.get(f"/office/cases/{task.process_id}/").content.decode()
    assert f'href="/office/portal/articles/{article.pk}/"' in case_page
