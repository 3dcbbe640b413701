"""The window clerk's work reaches her unified inbox: applications to accept and decisions to
deliver, with their deadlines, in her department only; the 待办 badge counts them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approval.services import acceptance
from approval.services import decision as services
from platform_core.selectors.inbox import todo_count
from tests.approval.conftest import submitted
from tests.approval.decision.helpers import reviewed

pytestmark = pytest.mark.django_db

INBOX = "/office/inbox/"


def fresh(user):
    """The user as a new request sees them (per-request caches dropped)."""
    return type(user).objects.get(pk=user.pk)


def test_acceptance_is_in_the_clerks_inbox_with_its_deadline_and_leaves_when_accepted(
    client, item, clerk_a, clerk_b
):
    application = submitted(item, clerk_a, name="赵六")
    assert todo_count(fresh(clerk_a)) == 1
    assert todo_count(fresh(clerk_b)) == 0  # another department's window

    client.force_login(clerk_a)
    page = client.get(INBOX).content.decode()
    assert "受理审查" in page and "赵六" in page and application.number in page
    assert reverse("approval:office_detail", args=[application.number]) in page
    assert f"{application.accept_due:%Y-%m-%d}" in page
    assert 'class="count count-on">1<' in page  # the 待办 tab counts it

    client.force_login(clerk_b)
    assert application.number not in client.get(INBOX).content.decode()

    acceptance.application_accept(application=application, by=clerk_a)
    assert todo_count(fresh(clerk_a)) == 0


def test_a_decision_to_take_is_in_the_leaders_inbox_until_taken(
    item, clerk_a, reviewer_a, leader_a, client
):
    application = reviewed(item, clerk_a, reviewer_a, name="孙八")
    assert todo_count(fresh(leader_a)) == 1
    client.force_login(leader_a)
    page = client.get(INBOX).content.decode()
    assert "作出许可决定" in page and "孙八" in page
    assert reverse("approval:handling_detail", args=[application.number]) in page
    services.application_grant(application=application, by=leader_a)
    assert todo_count(fresh(leader_a)) == 0


def test_a_decision_to_deliver_is_in_the_clerks_inbox(item, clerk_a, reviewer_a, leader_a, client):
    application = reviewed(item, clerk_a, reviewer_a, name="钱七")
    services.application_grant(application=application, by=leader_a)
    client.force_login(clerk_a)
    page = client.get(INBOX).content.decode()
    assert "送达决定书" in page and "钱七" in page
    services.application_deliver(application=application, by=clerk_a, method="counter")
    assert todo_count(fresh(clerk_a)) == 0


def test_the_inbox_keeps_a_constant_query_count_with_more_work(client, item, clerk_a):
    submitted(item, clerk_a)
    client.force_login(clerk_a)
    client.get(INBOX)
    with CaptureQueriesContext(connection) as few:
        assert client.get(INBOX).status_code == 200
    for n in range(6):
        submitted(item, clerk_a, name=f"申请人{n}", mobile=f"1390000{n:04d}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(INBOX).content.decode()
    assert page.count("受理审查") == 7
    assert len(many) == len(few)
