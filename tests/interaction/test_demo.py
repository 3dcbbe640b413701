"""load_demo's interaction data: cases of every kind, channel and state, a knowledge base, and the
office's inbox work; the public pages show the published replies masked."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from interaction.constants import CaseStatus, Channel, Kind
from interaction.models import Case, KnowledgeEntry, Rating
from interaction.selectors.knowledge import suggestions_for
from platform_core.inbox_sources import work_items
from platform_core.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.PUBLISH_ROOT = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)
    return settings.PUBLISH_ROOT


def test_demo_cases_and_knowledge(demo, client):
    assert Case.objects.count() >= 40
    assert KnowledgeEntry.objects.filter(status="live").count() >= 30
    assert set(Case.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert set(Case.objects.values_list("channel", flat=True)) == set(Channel.values)
    statuses = set(CaseStatus.values) - {CaseStatus.MERGED}  # the demo merges no duplicates
    assert set(Case.objects.values_list("status", flat=True)) == statuses
    assert Case.objects.filter(round=2).exists() and Case.objects.filter(is_petition=True).exists()
    assert Rating.objects.filter(score="unsatisfied").exists()
    # The office clerk and a department's handler have their work in the inbox.
    assert any(w.action == "分办交办" for w in work_items(User.objects.get(username="liqing")))
    assert any(w.action == "审核答复" for w in work_items(User.objects.get(username="zhoumin")))
    assigned = Case.objects.filter(status="assigned", department__code="scjgj").first()
    if assigned is not None:
        assert suggestions_for(assigned)
    # The published home page lists replies, masked; the public list shows them.
    home = (demo / "index.html").read_text(encoding="utf-8")
    public = Case.objects.filter(allow_public=True, staff_public=True).first()
    assert public is not None and public.title in home
    page = client.get(reverse("interaction:public_case", args=[public.number])).content.decode()
    assert f"{public.name[:1]}**" in page and public.mobile not in page
    # 重点关注: two public replies picked by the office, on the published channel page.
    featured = Case.objects.filter(featured_at__isnull=False)
    assert featured.count() == 2 and all(c.is_public for c in featured)
    channel = (demo / "zmhd" / "index.html").read_text(encoding="utf-8")
    assert 'id="featured-title"' in channel and featured[0].title in channel
    # Loading again adds nothing.
    call_command("load_demo", verbosity=0)
    assert Case.objects.filter(featured_at__isnull=False).count() == 2
