"""The home page's 信息公开 quick links lead to published catalogue pages, never a missing one."""

import pytest

from disclosure.constants import ColumnKind
from disclosure.selectors.public import standard_sections
from disclosure.services import columns as column_services
from portal.publishing.engine import publish_all
from tests.disclosure.conftest import make_item, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLISH_ROOT = tmp_path / "site"
    return settings.PUBLISH_ROOT


def test_sections_lead_to_published_pages(
    site, columns, gov_officer, officer_a, head_a, leader_a, django_assert_num_queries
):
    rules = column_services.column_create(
        by=gov_officer,
        unit=columns["fdzdgk"].unit,
        name="信息公开制度",
        slug="gkzd",
        kind=ColumnKind.RULES,
    )
    with django_assert_num_queries(1):
        sections = standard_sections()
    # Nothing published yet: the channel's landing page, and the guide's own page.
    assert sections == {
        "guide": "/xxgk/zn/",
        "rules": "/xxgk/",
        "catalogue": "/xxgk/",
        "report": "/xxgk/",
    }
    # An item in a sub-column of 法定主动公开内容 makes the parent column's page.
    publish(make_item(officer_a, columns["zcwj"]), officer_a, head_a, leader_a)
    rule = make_item(officer_a, rules, title="政府信息公开保密审查制度")
    publish(rule, officer_a, head_a, leader_a)
    sections = standard_sections()
    assert sections["catalogue"] == f"/xxgk/lm/{columns['fdzdgk'].pk}/"
    assert sections["rules"] == f"/xxgk/lm/{rules.pk}/"
    assert sections["report"] == "/xxgk/"
    publish_all()
    for url in sections.values():
        assert (site / url.lstrip("/") / "index.html").is_file(), url
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="/xxgk/lm/{rules.pk}/"' in home
    assert "即将开通" not in home
