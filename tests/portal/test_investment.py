"""The investment-promotion channel (招商引资): projects and trade warnings (rights, history,
published pages), the link channel 办事大厅, and the investors' online consultation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from interaction.models import Case
from platform_core.constants import RoleCode
from platform_core.models import Post, TaskInfo
from portal.constants import HomeBlock
from portal.investment import services as inv
from portal.investment.models import ProjectStatus, Sector, WarningLevel
from portal.investment.publishing import InvestmentSource
from portal.models import Channel, InvestmentConsultation, InvestmentProject, TradeWarning
from portal.publishing import engine as publishing
from portal.services import articles as services
from tests.factories import staff_with_role
from tests.portal.conftest import make_published

pytestmark = pytest.mark.django_db

PROJECT = {
    "name": "年产5万吨新型环保建材项目",
    "sector": Sector.NEW_MATERIALS,
    "amount": Decimal("35000"),
    "location": "蓝山县工业园区",
    "contact_person": "李明",
    "contact_phone": "0746-2212345",
    "status": ProjectStatus.NEGOTIATING,
    "summary": "项目占地约200亩，建设环保建材生产线。\n园区提供标准厂房。",
}
WARNING = {
    "title": "欧盟调整陶瓷餐具铅镉迁移限量",
    "market": "欧盟",
    "product": "陶瓷餐具",
    "level": WarningLevel.SERIOUS,
    "issued_on": datetime.date(2026, 11, 20),
    "body": "欧盟拟收紧陶瓷餐具铅、镉迁移限量，请出口企业提前应对。",
}
CONSULT = {
    "name": "王先生",
    "company": "深圳某新材料有限公司",
    "phone": "13800138000",
    "email": "wang@example.com",
    "sector": Sector.NEW_MATERIALS,
    "content": "想了解工业园区标准厂房租金和入园优惠政策。",
}


@pytest.fixture
def zsyz(site, dept_a):
    channel = services.channel_create(
        name="招商引资", slug="zsyz", home_block=HomeBlock.INVESTMENT, editor_units=[dept_a]
    )
    services.channel_create(name="投资环境", slug="tzhj", parent=channel, editor_units=[dept_a])
    return channel


@pytest.fixture
def link_entry(site):
    """A navigation entry leading to a dynamic page: it has no published page."""
    return services.channel_create(name="县长信箱", slug="xzxx", link_url="/zmhd/xj/")


@pytest.fixture
def head_a(dept_a):
    return staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="招商科长")


# --- projects and warnings: rights and history ------------------------------------------------


def test_only_editors_of_the_investment_channel_manage_projects(zsyz, editor_a, editor_b):
    project = inv.project_create(by=editor_a, **PROJECT)
    assert project.owner_unit == Post.objects.get(user=editor_a).unit
    assert project.history.get().history_user == editor_a
    with pytest.raises(PermissionDenied):
        inv.project_create(by=editor_b, **PROJECT)  # dept_b may write to bmdt, not to zsyz
    with pytest.raises(PermissionDenied):
        inv.project_update(project=project, by=editor_b, status=ProjectStatus.SIGNED)
    inv.project_update(project=project, by=editor_a, status=ProjectStatus.SIGNED)
    statuses = [h.status for h in project.history.order_by("history_date")]
    assert statuses == [ProjectStatus.NEGOTIATING, ProjectStatus.SIGNED]
    assert list(inv.projects_visible_to(editor_b)) == []


def test_service_refuses_bad_project_input(zsyz, editor_a):
    with pytest.raises(ValidationError) as exc:
        inv.project_create(by=editor_a, **{**PROJECT, "contact_phone": "12345"})
    assert "contact_phone" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        inv.project_create(by=editor_a, **{**PROJECT, "amount": Decimal("-1")})
    assert InvestmentProject.objects.count() == 0


def test_office_pages_permissions_and_bad_input(client, zsyz, editor_a, editor_b):
    url = reverse("portal:investment_projects")
    assert client.get(url).status_code == 302  # to the staff login
    client.force_login(editor_b)
    assert client.get(url).status_code == 403
    assert client.get(reverse("portal:investment_warning_new")).status_code == 403
    client.force_login(editor_a)
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("portal:investment_project_new"),
        {**PROJECT, "amount": "很多", "contact_phone": "abc", "name": ""},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "请填写项目名称。" in text and "投资额请填写数字（单位：万元）。" in text
    response = client.post(reverse("portal:investment_project_new"), {**PROJECT, "is_public": "on"})
    assert response.status_code == 302
    project = InvestmentProject.objects.get()
    response = client.get(reverse("portal:investment_project_edit", args=[project.pk]))
    assert "修改记录" in response.content.decode()
    client.force_login(editor_b)
    edit = reverse("portal:investment_project_edit", args=[project.pk])
    assert client.post(edit, {**PROJECT, "name": "篡改"}).status_code == 403
    project.refresh_from_db()
    assert project.name == PROJECT["name"]


def test_warning_office_create_and_edit(client, zsyz, editor_a):
    client.force_login(editor_a)
    response = client.post(reverse("portal:investment_warning_new"), {**WARNING, "title": ""})
    assert "请填写标题。" in response.content.decode()
    response = client.post(reverse("portal:investment_warning_new"), {**WARNING, "is_public": "on"})
    assert response.status_code == 302
    warning = TradeWarning.objects.get()
    response = client.post(
        reverse("portal:investment_warning_edit", args=[warning.pk]),
        {**WARNING, "level": WarningLevel.SEVERE, "is_public": "on"},
    )
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.level == WarningLevel.SEVERE
    assert warning.history.count() == 2


# --- published pages ----------------------------------------------------------------------------


def test_project_change_publishes_its_pages_after_commit(
    zsyz, editor_a, publish_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = inv.project_create(by=editor_a, **PROJECT)
    page = publish_root / f"zsyz/zsxm/{project.pk}.html"
    assert page.is_file() and (publish_root / f"zsyz/zsxm/{project.pk}.html.gz").is_file()
    text = page.read_text()
    assert "35000 万元" in text and "0746-2212345" in text and "在谈" in text
    assert PROJECT["name"] in (publish_root / "zsyz/zsxm/index.html").read_text()
    landing = (publish_root / "zsyz/index.html").read_text()
    assert (
        "重点招商项目" in landing and PROJECT["name"] in landing and "/invest/consult/" in landing
    )
    assert f"{project.url}</loc>" in (publish_root / "sitemap.xml").read_text()
    # Withdrawn from the site: the page goes, the list, landing page and sitemap forget it.
    with django_capture_on_commit_callbacks(execute=True):
        inv.project_update(project=project, by=editor_a, is_public=False)
    assert not page.exists()
    assert PROJECT["name"] not in (publish_root / "zsyz/index.html").read_text()
    assert f"{project.url}</loc>" not in (publish_root / "sitemap.xml").read_text()


def test_warning_pages_and_landing(
    zsyz, editor_a, publish_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        warning = inv.warning_create(by=editor_a, **WARNING)
    text = (publish_root / f"zsyz/wmyj/{warning.pk}.html").read_text()
    assert "陶瓷餐具" in text and "较重" in text and "2026-11-20" in text
    assert WARNING["title"] in (publish_root / "zsyz/wmyj/index.html").read_text()
    assert WARNING["title"] in (publish_root / "zsyz/index.html").read_text()


def test_full_publish_landing_replaces_list_and_link_channel_has_no_page(
    client, zsyz, link_entry, editor_a, reviewer_a, publish_root
):
    inv.project_create(by=editor_a, **PROJECT)
    tzhj = Channel.objects.get(url_path="zsyz/tzhj/")
    make_published(tzhj, editor_a, reviewer_a, title="蓝山县区位交通优势")
    publishing.publish_all()
    landing = (publish_root / "zsyz/index.html").read_text()
    assert "重点招商项目" in landing and "蓝山县区位交通优势" in landing
    assert (publish_root / "zsyz/rss.xml").is_file()
    assert (publish_root / "zsyz/tzhj/index.html").is_file()  # sub-columns keep list pages
    assert not (publish_root / "xzxx").exists()
    home = client.get("/").content.decode()
    assert 'href="/zmhd/xj/"' in home and "县长信箱" in home
    assert 'href="/zsyz/"' in home


def test_article_in_sub_column_republishes_landing(
    zsyz, editor_a, reviewer_a, publish_root, django_capture_on_commit_callbacks
):
    publishing.publish_all()
    tzhj = Channel.objects.get(url_path="zsyz/tzhj/")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_published(tzhj, editor_a, reviewer_a, title="园区水电气配套介绍")
    assert "园区水电气配套介绍" in (publish_root / "zsyz/index.html").read_text()
    # The list source did not overwrite the landing page with a plain list.
    assert "重点招商项目" in (publish_root / "zsyz/index.html").read_text()
    pages, _removed = InvestmentSource().touched_by(publishing.ArticleChange(article.pk))
    assert [p.path for p in pages] == ["zsyz/index.html", "zsyz/rss.xml"]


# --- online consultation ------------------------------------------------------------------------


def test_consultation_becomes_an_interaction_consultation(zsyz, head_a):
    case, code = inv.consultation_submit(**CONSULT)
    assert case.kind == "consultation" and case.channel == "online" and len(code) >= 6
    assert case.category.name == "招商引资" and case.status == "submitted"
    assert case.source == "investment" and case.source_url == "/zsyz/"
    assert case.allow_public is False  # the investor did not tick the box
    # The company and e-mail reach the handler in the case's log, not the public text.
    event = case.events.get()
    assert "深圳某新材料有限公司" in event.comment and "wang@example.com" in event.comment
    assert "深圳某新材料" not in case.content
    # No workflow task any more: the interaction office's triage queue holds it.
    assert not TaskInfo.objects.filter(is_open=True).exists()
    assert InvestmentConsultation.objects.count() == 0


def test_consultation_accepts_a_landline_and_consent(zsyz):
    case, _code = inv.consultation_submit(**{**CONSULT, "phone": "0746-2212345"}, allow_public=True)
    assert case.mobile == "0746-2212345" and case.allow_public is True


def test_consultation_service_rejects_bad_input(zsyz):
    with pytest.raises(ValidationError) as exc:
        inv.consultation_submit(**{**CONSULT, "phone": "110", "sector": "x", "content": "你好"})
    assert set(exc.value.message_dict) == {"phone", "sector", "content"}
    assert not Case.objects.exists()


def test_consult_view_bad_input_success_and_reference(client, zsyz):
    url = reverse("portal:investment_consult")
    response = client.get(url)
    assert response.status_code == 200 and "csrfmiddlewaretoken" in response.content.decode()
    response = client.post(url, {**CONSULT, "phone": "12", "email": "x@", "content": ""})
    assert response.status_code == 400
    text = response.content.decode()
    assert "请填写正确的电子邮箱。" in text and "请填写咨询内容。" in text
    assert 'aria-describedby="id_phone-error"' in text and 'id="id_phone-error"' in text
    response = client.post(url, {**CONSULT, "content": "请问"})  # form-valid, service refuses
    assert response.status_code == 400 and "至少5个字" in response.content.decode()
    response = client.post(url, CONSULT)
    assert response.status_code == 302
    case = Case.objects.get()
    done = client.get(response["Location"]).content.decode()
    assert case.number in done and "查询码" in done
    # Shown once; another visitor (or a reload) does not see it.
    assert client.get(reverse("portal:investment_consult_done")).status_code == 302


def test_consult_view_requires_csrf(zsyz):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("portal:investment_consult"), CONSULT)
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_consult_view_is_rate_limited(client, zsyz):
    url = reverse("portal:investment_consult")
    for _ in range(5):
        assert client.post(url, {**CONSULT, "phone": "1"}).status_code == 400
    refused = client.post(url, CONSULT)
    assert refused.status_code == 429
    assert not Case.objects.exists()


# --- demo data ------------------------------------------------------------------------------------


def test_demo_data_is_repeatable_and_publishes(gov, publish_root, django_user_model):
    from portal.demo import load_portal_demo
    from portal.investment.demo import load_investment_demo

    django_user_model.objects.create_superuser(username="root", password="x", name="管理员")
    load_portal_demo()
    assert load_investment_demo() == {"projects": 6, "warnings": 3}
    assert load_investment_demo() == {"projects": 6, "warnings": 3}
    # 办事大厅 is the published service hall's column (portal/publishing/hall.py).
    assert Channel.objects.get(url_path="bsdt/").url == "/bsdt/"
    assert Channel.objects.filter(url_path__startswith="zsyz/").count() == 7
    publishing.publish_all()
    landing = (publish_root / "zsyz/index.html").read_text()
    assert "高端皮具产业园二期" in landing and "投资环境" in landing and "东盟" in landing
    assert "网上办事大厅" in (publish_root / "bsdt/index.html").read_text()


# --- in a browser -------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_channel_page_and_consultation_in_a_browser(
    live_server, page, phone_page, gov, publish_root, django_user_model
):
    import re

    from portal.demo import load_portal_demo
    from portal.investment.demo import load_investment_demo
    from tests.browser import assert_no_horizontal_scroll, shot

    django_user_model.objects.create_superuser(username="root", password="x", name="管理员")
    load_portal_demo()
    load_investment_demo()
    publishing.publish_all()
    for p, name in ((page, "desktop"), (phone_page, "phone")):
        assert p.goto(live_server.url + "/zsyz/").status == 200
        assert p.get_by_role("heading", name="重点招商项目").count() == 1
        assert p.locator("nav a[href='/bsdt/']").count() >= 1
        shot(p, f"portal-investment-{name}")
    assert_no_horizontal_scroll(phone_page)
    phone_page.get_by_role("link", name="高端皮具产业园二期").first.click()
    assert "52000 万元" in phone_page.locator("main").inner_text()
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, "portal-investment-project-phone")

    for p, name in ((page, "desktop"), (phone_page, "phone")):
        p.goto(live_server.url + "/invest/consult/")
        p.get_by_label("姓名").fill("王先生")
        p.get_by_label("联系电话").fill("123")
        p.get_by_role("button", name="提交咨询").click()
        body = p.locator("main").inner_text()
        assert "请填写正确的手机号码" in body and "请选择意向产业。" in body
        shot(p, f"portal-investment-consult-errors-{name}")
    assert_no_horizontal_scroll(phone_page)
    phone_page.get_by_label("联系电话").fill("13800138000")
    phone_page.get_by_label("意向产业").select_option(label="新材料")
    phone_page.get_by_label("咨询内容").fill("想了解工业园区标准厂房租金和入园优惠政策。")
    phone_page.get_by_role("button", name="提交咨询").click()
    phone_page.wait_for_url(re.compile(r"/invest/consult/done/$"))
    number = Case.objects.get().number
    assert number in phone_page.locator("main").inner_text()
    shot(phone_page, "portal-investment-consult-done-phone")
    # A 政民互动 consultation waiting for triage, not a workflow task any more.
    assert Case.objects.get().source == "investment"
    assert not TaskInfo.objects.filter(is_open=True).exists()
