"""意见征集 (issue 16): a department publishes a draft for comment (at least 30 days unless it
says why), the public comments on the whole or on one article, comments are moderated before
display, and after closing the department publishes the adoption report with its counts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from interaction.constants import OpinionStatus, SolicitationStatus
from interaction.models import Opinion, Solicitation
from interaction.selectors import solicitations as selectors
from interaction.services import solicitations as services
from platform_core.constants import RoleCode
from tests.factories import CitizenFactory, staff_with_role

pytestmark = pytest.mark.django_db

TEXT = "第一条 推行企业开办一日办结。\n第二条 工程建设项目并联审批。\n（续）各部门同步出具意见。"


@pytest.fixture
def drafter(dept_a):
    return staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="起草人")


@pytest.fixture
def head(dept_a):
    return staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="科长")


@pytest.fixture
def draft(drafter, dept_a):
    today = timezone.localdate()
    return services.solicitation_save(
        by=drafter,
        title="《优化营商环境若干措施（征求意见稿）》",
        department=dept_a,
        explanation="<p>为持续优化营商环境起草本措施。</p><script>alert(1)</script>",
        draft_text=TEXT,
        opens_on=today,
        closes_on=today + datetime.timedelta(days=29),
    )


@pytest.fixture
def published(draft, head):
    return services.solicitation_publish(by=head, solicitation=draft)


def test_articles_split_by_tiao_or_by_paragraph():
    assert services.split_articles(TEXT) == [
        ("第一条", "推行企业开办一日办结。"),
        ("第二条", "工程建设项目并联审批。\n（续）各部门同步出具意见。"),
    ]
    assert [h for h, _t in services.split_articles("甲段\n\n乙段")] == ["第1段", "第2段"]


def test_drafting_rules_and_publishing(draft, drafter, head, dept_a, dept_b):
    assert "<script>" not in draft.explanation  # sanitised
    today = timezone.localdate()
    with pytest.raises(ValidationError) as short:
        services.solicitation_save(
            by=drafter,
            solicitation=draft,
            title=draft.title,
            department=dept_a,
            explanation=draft.explanation,
            draft_text=TEXT,
            opens_on=today,
            closes_on=today + datetime.timedelta(days=9),
        )
    assert "少于30日" in str(short.value)
    with pytest.raises(PermissionDenied):  # another department's staff
        services.solicitation_save(
            by=staff_with_role(RoleCode.REVIEW_CLERK, dept_b),
            title="标题标题标题",
            department=dept_a,
            explanation="说明说明说明说明说明说明",
            draft_text=TEXT,
            opens_on=today,
            closes_on=today + datetime.timedelta(days=40),
        )
    with pytest.raises(PermissionDenied):  # a clerk drafts; a section head or leader publishes
        services.solicitation_publish(by=drafter, solicitation=draft)
    published = services.solicitation_publish(by=head, solicitation=draft)
    assert published.status == SolicitationStatus.PUBLISHED
    assert [a.heading for a in published.articles.all()] == ["第一条", "第二条"]
    assert selectors.open_solicitations()[0]["title"] == draft.title


def test_comments_moderated_adopted_and_reported(published, drafter, head, citizen):
    article = published.articles.get(position=2)
    with pytest.raises(ValidationError):
        services.opinion_submit(solicitation=published, citizen=citizen, body="短", article=None)
    with pytest.raises(PermissionDenied):
        services.opinion_submit(
            solicitation=published, citizen=drafter, body="工作人员的意见", article=None
        )
    shown = services.opinion_submit(
        solicitation=published, citizen=citizen, body="建议明确各部门的时限。", article=article
    )
    hidden = services.opinion_submit(
        solicitation=published,
        citizen=CitizenFactory(),
        body="与本文件无关的广告内容",
        article=None,
    )
    assert not selectors.public_solicitation(published.pk).shown_opinions  # moderated first
    services.opinion_moderate(by=drafter, opinion=shown, show=True)
    with pytest.raises(ValidationError):
        services.opinion_moderate(by=drafter, opinion=hidden, show=False)  # a reason is needed
    services.opinion_moderate(by=drafter, opinion=hidden, show=False, reason="与征集内容无关")
    assert [o.pk for o in selectors.public_solicitation(published.pk).shown_opinions] == [shown.pk]
    # The report waits for the end of the period and a conclusion on every comment shown.
    with pytest.raises(ValidationError):
        services.report_publish(by=head, solicitation=published, report="<p>采纳情况说明如下。</p>")
    Solicitation.objects.filter(pk=published.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as undecided:
        services.report_publish(by=head, solicitation=published, report="<p>采纳情况说明如下。</p>")
    assert "没有采纳结论" in str(undecided.value)
    with pytest.raises(ValidationError):
        services.opinion_adopt(by=drafter, opinion=shown, adoption="not", note="")
    services.opinion_adopt(by=drafter, opinion=shown, adoption="partly", note="时限另行规定。")
    report = services.report_publish(
        by=head, solicitation=published, report="<p>共收到意见2条，部分采纳1条。</p>"
    )
    assert report.status == SolicitationStatus.REPORTED
    counts = selectors.adoption_counts(report)
    assert (counts.received, counts.shown, counts.partly) == (2, 1, 1)
    assert Opinion.history.filter(id=shown.pk).count() >= 3  # every change kept


def test_public_pages_and_form(client, published, drafter, citizen):
    url = reverse("interaction:solicitation", args=[published.pk])
    page = client.get(url).content.decode()
    assert "第二条" in page and "请先" in page  # asked to log in before commenting
    anonymous = client.post(url, {"body": "匿名意见试试看"})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    client.force_login(citizen)
    bad = client.post(url, {"body": ""})
    assert bad.status_code == 400 and "请填写意见内容。" in bad.content.decode()
    ok = client.post(url, {"body": "建议增加线上办理渠道。"})
    assert ok.status_code == 302
    assert Opinion.objects.get().status == OpinionStatus.PENDING
    assert "建议增加线上办理渠道" not in client.get(url).content.decode()  # not before moderation
    listing = client.get(reverse("interaction:solicitations")).content.decode()
    assert published.title in listing
    assert client.get(reverse("interaction:solicitation", args=[999999])).status_code == 404


def test_office_pages_inbox_and_isolation(client, published, drafter, head, citizen, dept_b):
    from interaction.selectors.solicitations import OpinionModerationWork

    services.opinion_submit(
        solicitation=published, citizen=citizen, body="建议增加线上办理渠道。", article=None
    )
    assert OpinionModerationWork().pending(drafter).count() == 1
    assert (
        OpinionModerationWork().pending(staff_with_role(RoleCode.REVIEW_CLERK, dept_b)).count() == 0
    )
    client.force_login(drafter)
    detail = reverse("interaction:solicitation_office", args=[published.pk])
    assert "建议增加线上办理渠道" in client.get(detail).content.decode()
    opinion = Opinion.objects.get()
    moderate = reverse("interaction:opinion_moderate", args=[published.pk, opinion.pk])
    assert client.post(moderate, {"decision": "show"}).status_code == 302
    opinion.refresh_from_db()
    assert (
        opinion.status == OpinionStatus.SHOWN
        and OpinionModerationWork().pending(drafter).count() == 0
    )
    client.force_login(staff_with_role(RoleCode.REVIEW_CLERK, dept_b))
    assert client.get(detail).status_code == 404
    assert client.get(reverse("interaction:solicitation_list")).status_code == 200


def _drafts(drafter, dept_a, n):
    today = timezone.localdate()
    for k in range(n):
        services.solicitation_save(
            by=drafter,
            title=f"《第{k}号办法（征求意见稿）》",
            department=dept_a,
            explanation="<p>起草说明起草说明起草说明。</p>",
            draft_text=TEXT,
            opens_on=today,
            closes_on=today + datetime.timedelta(days=40),
        )


def test_list_query_counts_do_not_grow_with_the_data(client, drafter, dept_a, published, citizen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(drafter)
    urls = [reverse("interaction:solicitation_list"), reverse("interaction:solicitations")]
    for url in urls:
        client.get(url)
    with CaptureQueriesContext(connection) as few:
        for url in urls:
            client.get(url)
    _drafts(drafter, dept_a, 12)
    for k in range(5):
        services.opinion_submit(
            solicitation=published, citizen=citizen, body=f"第{k}条意见内容", article=None
        )
    with CaptureQueriesContext(connection) as many:
        for url in urls:
            client.get(url)
    assert len(many) == len(few)
