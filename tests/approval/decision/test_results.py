"""办件结果公示: grants only, persons masked, companies by name and code, filters, bad input,
constant queries, the home page's tile."""

import pytest
from django.urls import reverse

from approval.models import Application
from approval.services import decision as services
from tests.approval.decision.helpers import reviewed

URL = reverse("approval:results")


@pytest.fixture
def decisions(item, clerk_a, reviewer_a, leader_a):
    company = reviewed(item, clerk_a, reviewer_a, name="蓝山县好味餐饮店")
    services.application_grant(application=company, by=leader_a)
    person = reviewed(item, clerk_a, reviewer_a, name="王小明")
    Application.objects.filter(pk=person.pk).update(applicant_uscc="", applicant_id_number="")
    services.application_grant(application=person, by=leader_a)
    refused = reviewed(item, clerk_a, reviewer_a, name="蓝山县被拒商行")
    services.application_refuse(application=refused, by=leader_a, reasons="条件不符")
    return company, person, refused


def test_lists_grants_with_persons_masked(client, decisions):
    company, person, _refused = decisions
    page = client.get(URL).content.decode()
    assert "蓝山县好味餐饮店" in page and "91431127MA4L0K1X23" in page
    assert "王*明" in page and "王小明" not in page
    # A refusal is not published.
    assert "蓝山县被拒商行" not in page
    assert company.decision.notice.number in page
    # Each number leads to the verification page.
    assert reverse("platform_core:verify", args=[company.decision.notice.number]) in page


def test_search_finds_companies_never_persons(client, decisions):
    company, _person, _refused = decisions
    page = client.get(URL, {"q": "好味"}).content.decode()
    assert company.decision.notice.number in page
    # Guessing a person's name finds nothing: names are not searchable.
    page = client.get(URL, {"q": "王小明"}).content.decode()
    assert "暂无符合条件的公示结果" in page


def test_department_filter_and_bad_input(client, decisions, dept_a):
    page = client.get(URL, {"dept": dept_a.code}).content.decode()
    assert "王*明" in page
    response = client.get(URL, {"dept": "no-such-dept"})
    assert response.status_code == 200
    assert "该部门暂无公示结果" in response.content.decode()
    response = client.get(URL, {"q": "长" * 51})
    assert "关键词不能超过50个字" in response.content.decode()


def test_constant_queries(client, item, clerk_a, reviewer_a, leader_a, django_assert_num_queries):
    def grant(n):
        for i in range(n):
            application = reviewed(item, clerk_a, reviewer_a, name=f"蓝山县第{i}商行")
            services.application_grant(application=application, by=leader_a)

    grant(1)
    client.get(URL)  # warm the caches (session, site settings)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    grant(5)
    with CaptureQueriesContext(connection) as six:
        assert client.get(URL).status_code == 200
    assert len(six) == len(one), [q["sql"] for q in six.captured_queries]
