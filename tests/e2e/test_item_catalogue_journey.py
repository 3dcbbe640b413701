"""Issue 18, browser journey 2: the item catalogue without code.

An item administrator (事项管理员) imports two items from Excel (one row is refused with its
reason, nothing is loaded; the corrected file loads both), draws a 3-step review route with a
countersign in the graphical designer (bpmn-js; an unsupported element is refused first), publishes
the route and submits an item; the department's leader approves its publication from the inbox;
the public guide shows the drawn flow chart; a citizen applies and, once the window accepts, the
case walks the drawn steps: 审查 → 会签 (both section heads) → 复核.

The shapes are placed through the modeler's own API (the page exposes it on #route-designer);
their properties are typed into the designer's properties form, and the diagram is saved by the
page's form, through the server's BPMN import and validation.
"""

import io
import re

import pytest
from openpyxl import Workbook

from approval.constants import AppStatus, EventKind, ItemStatus
from approval.models import Application, LicensingItem
from approval.services.catalogue_io import (
    ITEM_COLUMNS,
    ITEM_SHEET,
    MATERIAL_COLUMNS,
    MATERIAL_SHEET,
)
from platform_core.constants import RoleCode
from platform_core.models import RouteProcess, StepDefinition, TaskInfo
from tests.approval.conftest import build_form
from tests.browser import (
    DESKTOP,
    PHONE,
    _context,
    assert_no_horizontal_scroll,
    body_text,
    expect_message,
    shot,
)
from tests.factories import DEFAULT_PASSWORD, CitizenFactory, staff_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROUTE = "xcy-review"
SMALL = "431127-SC-101"  # 小餐饮经营许可: the item the citizen applies for
STALL = "431127-SC-102"  # 食品摊贩登记: its row is refused at first
MOBILE = "13974618801"
# (label typed in the designer, step key, role, countersign)
STEPS = [
    ("审查", "review", RoleCode.REVIEW_CLERK, "none"),
    ("会签", "sign", RoleCode.SECTION_HEAD, "all"),
    ("复核", "check", RoleCode.LEADER, "none"),
]


def _catalogue_xlsx(department: str, stall_days) -> bytes:
    """The catalogue as the export writes it: an 事项 sheet and a 申请材料 sheet."""
    common = {
        "kind": "licensing",
        "department": department,
        "legal_basis": "《中华人民共和国食品安全法》第三十五条",
        "conditions": "有与经营的食品品种、数量相适应的经营场所。",
        "fees": "不收费",
        "promised_days": 5,
        "visits": 0,
        "place": "县政务服务中心二楼12号窗口",
        "hours": "工作日 8:30-12:00，14:30-17:30",
        "phone": "0746-2222201",
        "form_code": "food_licence_form",
        "route_code": ROUTE,
    }
    rows = [
        {**common, "code": SMALL, "name": "小餐饮经营许可", "statutory_days": 20},
        {**common, "code": STALL, "name": "食品摊贩登记", "statutory_days": stall_days},
    ]
    book = Workbook()
    sheet = book.active
    sheet.title = ITEM_SHEET
    sheet.append([header for header, _f in ITEM_COLUMNS])
    for row in rows:
        sheet.append([row.get(f, "") for _h, f in ITEM_COLUMNS])
    materials = book.create_sheet(MATERIAL_SHEET)
    materials.append([header for header, _f in MATERIAL_COLUMNS])
    for code in (SMALL, STALL):
        materials.append([code, "经营者身份证明原件", "original", 1, "否", ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(page, url: str, data: bytes) -> None:
    page.goto(url + "/office/approval/items/import/")
    page.get_by_label("事项目录文件").set_input_files(
        {
            "name": "catalogue.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": data,
        }
    )
    page.locator("main").get_by_role("button", name="导入").click()
    page.wait_for_load_state("load")


# --- the graphical designer ---------------------------------------------------------------------

DRAW = """() => {
  const m = document.getElementById("route-designer").egovModeler;
  const registry = m.get("elementRegistry"), modeling = m.get("modeling");
  const root = m.get("canvas").getRootElement();
  const old = registry.filter(e => e.parent === root && !e.labelTarget);
  if (old.length) { modeling.removeElements(old); }
  let previous = modeling.createShape({ type: "bpmn:StartEvent" }, { x: 120, y: 200 }, root);
  const tasks = [];
  for (const x of [280, 460, 640]) {
    previous = modeling.appendShape(previous, { type: "bpmn:UserTask" }, { x: x, y: 200 });
    tasks.push(previous.id);
  }
  modeling.appendShape(previous, { type: "bpmn:EndEvent" }, { x: 800, y: 200 });
  // Something the engine cannot run: a parallel gateway, refused when saved.
  const gateway = modeling.createShape({ type: "bpmn:ParallelGateway" }, { x: 460, y: 360 }, root);
  modeling.updateProperties(gateway, { name: "并行分支" });
  m.get("canvas").zoom("fit-viewport");
  return tasks;
}"""

READY = """() => {
  const root = document.getElementById("route-designer");
  return root && root.egovModeler && !root.hidden && root.egovModeler.getDefinitions();
}"""

DROP_GATEWAYS = """() => {
  const m = document.getElementById("route-designer").egovModeler;
  const gateways = m.get("elementRegistry").filter(e => e.type === "bpmn:ParallelGateway");
  m.get("modeling").removeElements(gateways);
  return gateways.length;
}"""


def _select(page, element_id: str) -> None:
    page.evaluate(
        """id => { const m = document.getElementById("route-designer").egovModeler;
        m.get("selection").select(m.get("elementRegistry").get(id)); }""",
        element_id,
    )


def _type_step(page, element_id: str, name: str, key: str, role_code: str, countersign: str):
    """Fill the designer's properties form for one step (each change is written to the XML)."""
    _select(page, element_id)
    props = page.locator("#route-props")
    props.get_by_role("heading", name="办理步骤").wait_for()
    for label, value in (("步骤名称", name), ("步骤标识（字母、数字、下划线）", key)):
        field = props.get_by_label(label, exact=True)
        field.fill(value)
        field.dispatch_event("change")
    props.get_by_label("办理角色", exact=True).select_option(role_code)
    days = props.get_by_label("办理时限（工作日）", exact=True)
    days.fill("2")
    days.dispatch_event("change")
    props.get_by_label("会签", exact=True).select_option(countersign)


def _save_diagram(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="保存流程图").click()


def _draw_route(page, url: str) -> None:
    page.goto(url + "/office/routes/")
    page.locator("#id_new-code").fill(ROUTE)
    page.locator("#id_new-name").fill("小餐饮经营许可审查")
    page.get_by_role("button", name="新建", exact=True).click()
    expect_message(page, "已新建流程")
    page.get_by_role("link", name="图形化设计").click()
    page.wait_for_function(READY)
    tasks = page.evaluate(DRAW)
    for element_id, (name, key, role_code, countersign) in zip(tasks, STEPS, strict=True):
        _type_step(page, element_id, name, key, role_code, countersign)
    shot(page, "items-route-designer-desktop")

    # The parallel gateway is refused, named, and nothing is saved; the drawing stays on screen.
    _save_diagram(page)
    expect_message(page, "流程引擎不能运行并行网关“并行分支”")
    assert not StepDefinition.objects.filter(version__definition__code=ROUTE).exists()
    page.wait_for_function(READY)
    assert page.evaluate(DROP_GATEWAYS) == 1

    _save_diagram(page)
    expect_message(page, "流程图已保存到第 1 版草稿")
    body = body_text(page)
    assert "会签（全部办理后继续）" in body
    page.get_by_role("button", name="发布此版本").click()
    expect_message(page, "第 1 版已发布")
    steps = StepDefinition.objects.filter(version__definition__code=ROUTE).select_related("role")
    assert {(s.key, s.name, s.role.code, s.countersign) for s in steps} == {
        (key, name, role_code, countersign) for name, key, role_code, countersign in STEPS
    }


# --- the staff in the inbox ---------------------------------------------------------------------


def _work_step(page, url: str, number: str, step: str, comment: str, expected: str) -> None:
    page.goto(url + "/office/inbox/")
    row = page.locator("li.inbox-row", has_text=number)
    assert row.count() == 1, body_text(page)
    row.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/office/tasks/\d+/$"))
    assert page.locator("h1").inner_text().startswith(step)
    claim = page.get_by_role("button", name="认领并办理")
    if claim.count():
        claim.click()
    page.locator("form[action$='/complete/'] [name=comment]").fill(comment)
    page.locator("form[action$='/complete/']").get_by_role("button", name="提交办理").click()
    page.wait_for_url(re.compile(r"/office/cases/\d+/$"))
    expect_message(page, expected)


@pytest.fixture
def contexts(browser):
    opened = []

    def _new(phone=False):
        if phone:
            context = _context(browser, PHONE, is_mobile=True, has_touch=True)
        else:
            context = _context(browser, DESKTOP)
        opened.append(context)
        return context.new_page()

    yield _new
    for context in opened:
        context.close()


def _staff(contexts, url: str, username: str):
    page = contexts()
    page.goto(url + "/office/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile(r"登\s*录")).click()
    page.wait_for_url(re.compile(r"/office/$"))
    return page


def _citizen(contexts, url: str, outbox):
    page = contexts()
    page.goto(url + "/accounts/login/")
    page.get_by_label("手机号码").fill(MOBILE)
    page.get_by_role("button", name=re.compile("获取验证码")).click()
    code = re.search(r"\d{6}", outbox[-1].text).group(0)
    page.get_by_label("手机号码").fill(MOBILE)
    page.get_by_label("验证码").fill(code)
    page.get_by_role("button", name=re.compile("^登录")).click()
    page.wait_for_url(re.compile(r"/accounts/$"))
    return page


def test_item_admin_imports_draws_route_publishes_and_a_case_follows_it(
    live_server, contexts, sms_outbox, settings, tmp_path, gov, dept_a
):
    settings.MEDIA_ROOT = tmp_path
    url = live_server.url
    sysadmin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov)
    build_form(sysadmin)  # the application form (the form builder has its own journey)
    staff_with_role(RoleCode.ITEM_ADMIN, dept_a, name="王爽", username="wangshuang")
    staff_with_role(RoleCode.LEADER, dept_a, name="罗成", username="luocheng")
    staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name="冯雪", username="fengxue")
    staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="唐婷", username="tangting")
    head1 = staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="谢伟", username="xiewei")
    head2 = staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="袁伟民", username="yuanwm")
    CitizenFactory(name="王建军", mobile=MOBILE)

    # 1. The item administrator imports the catalogue: one row is refused, nothing is loaded.
    admin = _staff(contexts, url, "wangshuang")
    _upload(admin, url, _catalogue_xlsx(dept_a.code, "二十"))
    report = admin.locator("main .form-errors")
    assert "有 1 行被拒绝，本次未导入任何事项" in report.inner_text()
    refused = report.locator("tbody tr")
    assert refused.count() == 1
    assert STALL in refused.inner_text()
    assert "“法定办结时限”应为非负整数：二十。" in refused.inner_text()
    assert "“事项”第3行" in refused.inner_text()
    assert not LicensingItem.objects.exists()
    shot(admin, "items-import-refused-desktop")
    _upload(admin, url, _catalogue_xlsx(dept_a.code, 15))
    expect_message(admin, "已导入 2 个事项（草稿）")
    assert set(LicensingItem.objects.values_list("code", "status")) == {
        (SMALL, ItemStatus.DRAFT),
        (STALL, ItemStatus.DRAFT),
    }

    # 2. The draft cannot go to review until its route exists and is published.
    item = LicensingItem.objects.get(code=SMALL)
    admin.goto(url + f"/office/approval/items/{item.pk}/")
    assert f"办理流程“{ROUTE}”不存在或尚未发布" in body_text(admin)

    # 3. They draw the route (审查 → 会签 by all section heads → 复核) and publish it.
    _draw_route(admin, url)

    # 4. The draft now passes the publish check; they submit it for the leader's approval.
    admin.goto(url + f"/office/approval/items/{item.pk}/")
    assert "发布检查通过" in body_text(admin)
    admin.get_by_role("button", name="提交发布审核").click()
    expect_message(admin, "已提交发布审核")

    # 5. The leader finds the review in the inbox and approves publication.
    leader = _staff(contexts, url, "luocheng")
    leader.goto(url + "/office/inbox/")
    row = leader.locator("li.inbox-row", has_text="小餐饮经营许可")
    assert row.count() == 1, body_text(leader)
    row.get_by_role("link").first.click()
    leader.wait_for_url(re.compile(r"/office/approval/item-reviews/\d+/$"))
    leader.get_by_label("同意发布").check()
    leader.get_by_role("button", name="提交审核结果").click()
    expect_message(leader, "已同意发布")
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED

    # 6. The public guide shows the drawn flow chart, also on a 375-px phone.
    citizen = _citizen(contexts, url, sms_outbox)
    citizen.goto(url + f"/service/items/{SMALL}/")
    chart = citizen.locator(".flow-chart-section")
    assert chart.locator("svg").count() == 1
    listed = chart.locator("ol.flow-steps").inner_text()
    for name, _key, _role, _cs in STEPS:
        assert name in listed, listed
    assert listed.index("审查") < listed.index("会签") < listed.index("复核")
    shot(citizen, "items-guide-flow-desktop")
    phone = contexts(phone=True)
    phone.goto(url + f"/service/items/{SMALL}/")
    assert phone.locator(".flow-chart-section svg").count() == 1
    assert_no_horizontal_scroll(phone)
    shot(phone, "items-guide-flow-phone")

    # 7. The citizen applies online.
    citizen.locator("main").get_by_role("link", name="在线申请").click()
    citizen.wait_for_url(re.compile(r"/apply/$"))
    form = citizen.locator("main form[enctype='multipart/form-data']")
    form.locator("[name=company]").fill("建军家常菜馆")
    form.locator("[name=address]").fill("蓝山县塔峰镇舜峰路8号")
    form.get_by_role("button", name="下一步：确认").click()
    citizen.wait_for_url(re.compile(r"/confirm/$"))
    citizen.get_by_role("button", name="确认提交").click()
    citizen.wait_for_url(re.compile(r"/service/my/applications/[^/]+/$"))
    number = citizen.url.rstrip("/").rsplit("/", 1)[-1]
    application = Application.objects.get(number=number)
    assert application.item_id == item.pk and application.status == AppStatus.SUBMITTED

    # 8. The window accepts: the drawn route starts at its first step.
    clerk = _staff(contexts, url, "fengxue")
    clerk.goto(url + f"/office/approval/applications/{number}/")
    clerk.get_by_role("button", name="受理并出具受理通知书").click()
    expect_message(clerk, "受理通知书")
    application.refresh_from_db()
    process = RouteProcess.objects.get(pk=application.process_id)
    assert process.current_step == "review"

    # 9. 审查, then the countersign reaches both section heads and waits for both, then 复核.
    _work_step(_staff(contexts, url, "tangting"), url, number, "审查", "材料齐全。", "已办理")
    process.refresh_from_db()
    assert process.current_step == "sign"
    signs = TaskInfo.objects.filter(process=process, step_key="sign", is_open=True)
    assert sorted(signs.values_list("owner_id", flat=True)) == sorted([head1.pk, head2.pk])
    _work_step(_staff(contexts, url, "xiewei"), url, number, "会签", "同意。", "已办理")
    process.refresh_from_db()
    assert process.current_step == "sign"
    _work_step(_staff(contexts, url, "yuanwm"), url, number, "会签", "同意。", "已办理")
    process.refresh_from_db()
    assert process.current_step == "check"
    _work_step(leader, url, number, "复核", "同意，拟准予许可。", "事项已办结")

    process.refresh_from_db()
    assert process.current_step == ""
    walked = list(
        TaskInfo.objects.filter(process=process).order_by("created_at", "pk")
        .values_list("step_key", flat=True)
    )  # fmt: skip
    assert walked == ["review", "sign", "sign", "check"]
    # The route is done: the decision (作出许可决定) waits in the leader's inbox.
    leader.goto(url + "/office/inbox/")
    row = leader.locator("li.inbox-row", has_text=number)
    assert row.count() == 1 and "作出许可决定" in row.inner_text(), body_text(leader)
    row.get_by_role("link").first.click()
    leader.wait_for_url(re.compile(rf"/office/approval/handling/{number}/$"))
    assert "待决定" in body_text(leader)
    application.refresh_from_db()
    assert application.status == AppStatus.DECIDING
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds == [EventKind.SUBMIT, EventKind.ACCEPT, EventKind.REVIEW_DONE], kinds
