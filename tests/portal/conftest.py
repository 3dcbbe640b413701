"""Shared fixtures of the portal tests: a small site with two departments' editors and reviewers."""

import pytest

from platform_core.constants import RoleCode
from portal.constants import HomeBlock, ListTemplate, PageTemplate, Validity
from portal.services import articles as services
from tests.factories import staff_with_role


@pytest.fixture
def publish_root(tmp_path, settings):
    settings.PUBLISH_ROOT = tmp_path / "site"
    settings.PORTAL_BASE_URL = "https://www.example.gov.cn"
    return settings.PUBLISH_ROOT


@pytest.fixture
def site(gov, dept_a, dept_b):
    zwdt = services.channel_create(name="政务动态", slug="zwdt", editor_units=[gov])
    zwyw = services.channel_create(
        name="政府要闻", slug="zwyw", parent=zwdt, home_block=HomeBlock.ZWYW, editor_units=[dept_a]
    )
    bmdt = services.channel_create(
        name="部门动态", slug="bmdt", parent=zwdt, editor_units=[dept_a, dept_b]
    )
    xxgk = services.channel_create(name="信息公开", slug="xxgk", editor_units=[dept_a])
    zcwj = services.channel_create(
        name="政策文件",
        slug="zcwj",
        parent=xxgk,
        list_template=ListTemplate.POLICY,
        page_template=PageTemplate.POLICY,
        editor_units=[dept_a],
    )
    zcjd = services.channel_create(name="政策解读", slug="zcjd", parent=xxgk, editor_units=[dept_a])
    return {"zwdt": zwdt, "zwyw": zwyw, "bmdt": bmdt, "xxgk": xxgk, "zcwj": zcwj, "zcjd": zcjd}


@pytest.fixture
def editor_a(dept_a):
    return staff_with_role(RoleCode.WEB_EDITOR, dept_a, name="孙悦")


@pytest.fixture
def editor_b(dept_b):
    return staff_with_role(RoleCode.WEB_EDITOR, dept_b, name="石磊")


@pytest.fixture
def reviewer_a(dept_a):
    return staff_with_role(RoleCode.LEADER, dept_a, name="潘志强")


def make_published(channel, editor, reviewer, title="县政府召开防汛工作会议", **fields):
    fields.setdefault("body", f"<p>{title}。会议要求各乡镇做好防汛准备。</p>")
    if channel.page_template == PageTemplate.POLICY:
        fields.setdefault("document_number", "蓝政发〔2026〕1号")
        fields.setdefault("validity", Validity.VALID)
    article = services.article_create(by=editor, channel=channel, title=title, **fields)
    services.article_submit(article=article, by=editor)
    return services.article_approve(article=article, by=reviewer)
