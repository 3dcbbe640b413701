"""generate_data: bulk rows consistent with the apps that read them, repeatable from a seed."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from approval.generate import case_number, generated_day, query_code
from approval.models import Application, ApplicationEvent
from platform_core.generate_data import PASSWORD, Scale, generate
from platform_core.models import CitizenProfile, OrgUnit, Post, TaskInfo, User
from platform_core.validators import validate_resident_id
from portal.constants import ArticleStatus
from portal.models import Article

SIZE = Scale(
    staff=12,
    citizens=20,
    articles=40,
    tasks=240,
    cases=30,
    disclosure_items=25,
    interaction_cases=40,
    oa_documents=30,
)


def signature() -> dict:
    staff = User.objects.filter(kind="staff").order_by("username")
    posts = Post.objects.order_by("user__username")
    cases = Application.objects.order_by("number")
    tasks = TaskInfo.objects.order_by("title", "due_date", "is_open")
    return {
        "staff": list(staff.values_list("name")),
        "posts": list(posts.values_list("role__code", "unit__code")),
        "articles": list(Article.objects.order_by("publish_date").values_list("title", "body")),
        "cases": list(cases.values_list("number", "applicant_name")),
        "tasks": list(tasks.values_list("title", "due_date", "is_open")),
    }


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_counts_and_realistic_rows():
    out = generate(scale=SIZE, seed=7)
    assert out.counts == {
        "units": OrgUnit.objects.count(), "staff": 12, "citizens": 20, "articles": 40,
        "cases": 30, "tasks": 240, "disclosure_items": 25, "interaction_cases": 40,
        "oa_documents": 30,
    }  # fmt: skip
    assert OrgUnit.objects.filter(code="gov", depth=1).exists()
    assert Post.objects.filter(user__kind="staff").count() == 12
    for profile in CitizenProfile.objects.all():
        validate_resident_id(profile.id_number)  # raises on a bad check digit
    staff = User.objects.filter(kind="staff").first()
    assert staff.check_password(PASSWORD)
    article = Article.objects.filter(status=ArticleStatus.PUBLISHED).first()
    assert article.published_path == article.url.lstrip("/")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in article.title)
    assert Article.objects.filter(search_vector__isnull=True).count() == 0
    assert 0 < TaskInfo.objects.filter(is_open=True).count() < 240
    assert ApplicationEvent.objects.count() == 30


@pytest.mark.django_db
def test_same_seed_same_data_other_seed_other_data():
    signatures = []
    for seed in (3, 3, 4):
        with pytest.raises(Rollback), transaction.atomic():
            generate(scale=SIZE, seed=seed)
            signatures.append(signature())
            raise Rollback
    assert signatures[0] == signatures[1]
    assert signatures[0]["articles"] != signatures[2]["articles"]


@pytest.mark.django_db
def test_generated_case_found_by_progress_lookup_and_articles_by_search(client):
    generate(scale=SIZE, seed=11)
    number, code = case_number(3), query_code(11, 3)
    response = client.post("/service/progress/", {"number": number, "code": code})
    assert response.status_code == 200
    assert response.context["application"].number == number
    wrong = client.post("/service/progress/", {"number": number, "code": "000000"})
    assert wrong.status_code == 400
    article = Article.objects.first()
    response = client.get("/search/", {"q": article.title[-4:]})
    assert response.status_code == 200
    assert article.url.encode() in response.content


@pytest.mark.django_db
def test_a_data_set_generated_on_an_earlier_day_is_still_found(client):
    """The benchmarks reuse a data set across days: they read its day back from the database."""
    assert generated_day() is None
    generate(scale=SIZE, seed=11)
    day = generated_day()
    assert case_number(0, day) == case_number(0)
    tomorrow = day + datetime.timedelta(days=1)
    assert case_number(0, tomorrow) != case_number(0, day)
    assert Application.objects.filter(number=case_number(5, day)).exists()


@pytest.mark.django_db
def test_command_refuses_a_second_run_without_force():
    call_command("generate_data", scale="tiny", seed=1, verbosity=0, articles=10, tasks=100,
                 cases=5, citizens=5, staff=8, interaction_cases=10)  # fmt: skip
    assert Article.objects.count() == 10
    with pytest.raises(CommandError):
        call_command("generate_data", scale="tiny", seed=1, verbosity=0)
