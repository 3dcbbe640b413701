"""XSS: a payload corpus through every form field whose value comes back on a page.

Plain text must be escaped; rich text (portal article bodies) goes through the nh3 allow-list.
Each rendered page is parsed with html.parser (as a browser tokenises it) and must contain no
script element, on* attribute, javascript: URL or frame that came from a payload; template
syntax such as {{7*7}} must come back literally, never evaluated.
"""

import time

import pytest
from django.core.cache import cache
from django.utils.html import escape

from approval.models import Application
from approval.services import items as item_services
from platform_core.constants import RoleCode
from platform_core.views.citizen import VERIFIED_MOBILE_KEY
from portal.services import articles as portal_services
from tests.approval.conftest import build_form, build_item, build_route, fill, submitted
from tests.factories import make_resident_id, staff_with_role
from tests.security.conftest import assert_no_payload_executes

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example.com/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="  JaVaScRiPt:alert(1)">点我</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '<details open ontoggle="alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<base href=//evil.example.com/>",
    '<form action="javascript:alert(1)"><button>提交</button></form>',
    "{{7*7}}",
    "{% debug %}",
    "${7*7}",
    "<%= 7*7 %>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
]


def test_the_corpus_is_big_and_the_inspector_catches_it():
    assert len(PAYLOADS) >= 20
    # The checker is not vacuous: the raw payloads themselves are flagged.
    caught = 0
    for payload in PAYLOADS:
        try:
            assert_no_payload_executes(f"<p>{payload}</p>")
        except AssertionError:
            caught += 1
    assert caught >= 20


def _check(response, payload, shown=True):
    assert response.status_code < 500, (payload, response.status_code)
    html = response.content.decode()
    assert_no_payload_executes(html)
    if shown:  # the value does come back, escaped: the field was really exercised
        assert escape(payload) in html, payload
    if payload in ("{{7*7}}", "{% debug %}", "${7*7}"):
        # Template syntax comes back literally: nothing evaluated it.
        assert payload in html, payload
    return html


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_search_and_hall_queries_are_escaped(client, payload):
    for url in ("/search/", "/service/"):
        _check(client.get(url, {"q": payload}), payload)


@pytest.mark.django_db
def test_progress_lookup_fields_are_escaped(client):
    for payload in PAYLOADS:
        cache.clear()  # the lookup is rate-limited per address
        response = client.post("/service/progress/", {"number": payload, "code": payload})
        assert response.status_code == 400
        _check(response, payload)


@pytest.mark.django_db
def test_registration_name_is_escaped_on_form_and_home(client):
    for n, payload in enumerate(PAYLOADS):
        client.logout()
        session = client.session
        session[VERIFIED_MOBILE_KEY] = {"mobile": f"1371234{n:04d}", "at": time.time()}
        session.save()
        response = client.post(
            "/accounts/register/",
            {"person_type": "natural", "name": payload, "id_number": make_resident_id(500 + n)},
        )
        if response.status_code == 302:  # the name was accepted: it shows on "我的"
            _check(client.get("/accounts/"), payload)
        else:  # refused: the form comes back with the value in its input
            _check(response, payload)


@pytest.fixture
def item(gov, dept_a):
    admin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov)
    build_form(admin)
    build_route(admin)
    return item_services.item_publish(item=build_item(admin, dept_a), by=admin)


@pytest.mark.django_db
def test_dynamic_form_text_fields_are_escaped_for_citizen_and_staff(client, item, citizen, gov):
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, item.department)
    url = f"/service/items/{item.code}/apply/"
    for payload in PAYLOADS:
        cache.clear()  # public submission is rate-limited per person
        client.force_login(citizen)
        # Save as draft, then the resumed form shows the values back in its inputs.
        client.post(url, {"action": "save", "company": payload, "address": payload})
        _check(client.get(url), payload)
        response = client.post(url, {"company": payload, "address": payload})
        if response.status_code == 302:
            _check(client.get(f"/service/items/{item.code}/confirm/"), payload)
        else:
            _check(response, payload)
        Application.objects.filter(applicant=citizen).delete()
    # Registered at the window with hostile values: the back-office detail page escapes them.
    client.force_login(clerk)
    for payload in PAYLOADS[:8]:
        _version, _form = fill(item, company=payload)
        application = submitted(item, clerk, name=payload[:60])
        application.submission.data["company"] = payload
        application.submission.save(update_fields=["data"])
        _check(client.get(f"/office/approval/applications/{application.number}/"), payload)


@pytest.mark.django_db
def test_case_titles_and_comments_are_escaped(client, dept_a):
    starter = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    handler = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    client.force_login(starter)
    for payload in PAYLOADS:
        response = client.post(
            "/office/cases/new/",
            {"title": payload, "owner_unit": dept_a.pk, "handler": handler.pk},
        )
        assert response.status_code == 302, response.content.decode()[:500]
        case_url = response["Location"]
        client.post(case_url + "comment/", {"comment": payload})
        _check(client.get(case_url), payload)
    client.force_login(handler)
    _check(client.get("/office/inbox/"), "inbox", shown=False)


@pytest.fixture
def publish_root(tmp_path, settings):
    settings.PUBLISH_ROOT = tmp_path / "site"
    return settings.PUBLISH_ROOT


@pytest.mark.django_db
def test_article_rich_text_is_sanitised_in_office_and_published_page(
    client, gov, dept_a, publish_root, django_capture_on_commit_callbacks
):
    channel = portal_services.channel_create(name="政务动态", slug="zwdt", editor_units=[dept_a])
    editor = staff_with_role(RoleCode.WEB_EDITOR, dept_a)
    reviewer = staff_with_role(RoleCode.LEADER, dept_a)
    client.force_login(editor)
    for n, payload in enumerate(PAYLOADS):
        with django_capture_on_commit_callbacks(execute=True):
            article = portal_services.article_create(
                by=editor,
                channel=channel,
                title=f"通知{n}{payload}"[:200],
                body=f"<p>正文</p>{payload}",
            )
            portal_services.article_submit(article=article, by=editor)
            portal_services.article_approve(article=article, by=reviewer)
        _check(client.get(f"/office/portal/articles/{article.pk}/"), payload, shown=False)
        article.refresh_from_db()
        published = client.get(article.url)
        assert published.status_code == 200, article.url
        html = _check(published, payload, shown=False)
        assert "正文" in html
