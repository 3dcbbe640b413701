"""政民互动 at scale: generate_data's cases are consistent with the pages that read them, and the
public list, the staff lists and the Open311 list keep the same number of queries as cases grow."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interaction.constants import CaseStatus
from interaction.generate import build_cases, case_number, query_code
from interaction.models import Case, CaseCounter, Reply
from interaction.selectors.public import public_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def grow(office, dept_a, dept_b, township, township2, triager):
    state = {"made": 0}

    def _grow(count):
        build_cases(
            random.Random(5),
            5,
            [office, dept_a, dept_b, township, township2],
            [triager],
            count,
            start=state["made"],
        )
        state["made"] += count

    return _grow


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_generated_cases_are_real_cases(client, grow, submit):
    grow(40)
    assert Case.objects.count() == 40
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == {
        CaseStatus.SUBMITTED,
        CaseStatus.ASSIGNED,
        CaseStatus.REVIEW,
        CaseStatus.REPLIED,
        CaseStatus.CLOSED,
    }
    public = list(public_cases())
    assert public and all(c.replied_at for c in public)
    assert Reply.objects.filter(case__in=public).count() == len(public)
    # The citizen of generated case 7 looks it up with its query code and reads the reply.
    number = case_number(7)
    response = client.post(
        reverse("interaction:lookup"), {"number": number, "query_code": query_code(5, 7)}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "您反映的问题已收悉" in page
    # A real submission afterwards gets a fresh number of the day.
    assert CaseCounter.objects.get(day=timezone.localdate()).last >= 1
    case, _code = submit()
    assert Case.objects.filter(number=case.number).count() == 1


def test_lists_keep_constant_query_counts(client, grow, triager, dept_a):
    from platform_core.constants import RoleCode
    from tests.factories import staff_with_role

    handler = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="承办")
    urls = {
        "public": (None, reverse("interaction:public_list")),
        "open311": (None, reverse("open311:requests")),
        "all": (triager, reverse("interaction:all_list")),
        "triage": (triager, reverse("interaction:triage_list")),
        "department": (handler, reverse("interaction:department_list")),
    }

    def measure():
        counts = {}
        for name, (user, url) in urls.items():
            if user is None:
                client.logout()
            else:
                client.force_login(user)
            _queries(client, url)  # warm per-process caches (site settings, navigation)
            counts[name] = _queries(client, url)
        return counts

    grow(15)
    few = measure()
    grow(60)
    many = measure()
    assert few == many


def test_the_benchmarked_submission_is_a_real_submission(client, grow, triager):
    """bench/dynamic.py posts this body as a generated citizen: it must file a case (302), or
    the benchmark would measure refusals."""
    import importlib.util
    from pathlib import Path

    from django.conf import settings

    from platform_core.generate_data import CITIZEN_PREFIX
    from tests.factories import CitizenFactory

    grow(3)
    path = Path(settings.BASE_DIR) / "bench" / "dynamic.py"
    spec = importlib.util.spec_from_file_location("bench_dynamic", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    body = bench.submission_body("tok")
    citizen = CitizenFactory(username=f"{CITIZEN_PREFIX}0000000", mobile="13700000000")
    client.force_login(citizen, backend="platform_core.auth_backends.CitizenSessionBackend")
    before = Case.objects.count()
    response = client.post(
        reverse("interaction:submit"),
        body.replace("csrfmiddlewaretoken=tok&", ""),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert Case.objects.count() == before + 1
