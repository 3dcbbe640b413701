"""The world of the HTTP permission matrix (test_http_matrix.py): two departments and their objects.

Department A (县市场监督管理局) owns one object of every kind: a licensing item, applications in
several states with their notices and an uploaded file, a decision-stage case, a supervision card
and a failed provincial export, an internal workflow case with its task, a delegation, messages,
a reading item, portal articles (draft, in review, published), a form and a route. Department B
(县自然资源局) has the same roles and one item of its own, so its staff can guess A's ids.

Actors: one staff member per role in department A (the four global roles are posted at the county
government, as in the demo), four of the same roles in department B, a citizen (the applicant),
a company account, a second citizen and the anonymous visitor.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from viewflow.workflow.models import Task

from approval.constants import AppStatus
from approval.models import Application, ExportEvent, SupervisionCard
from approval.services import acceptance
from approval.services import applications as app_services
from approval.services import decision as decision_services
from approval.services import items as item_services
from approval.services.supervision import rules_ensure
from platform_core.constants import Channel, OutboxStatus, PersonType, RoleCode
from platform_core.dynforms.types import FieldSpec
from platform_core.models import Notification, ReadingItem, TaskInfo, User
from platform_core.selectors.dynforms import form_class_for
from platform_core.services import dynforms as form_services
from platform_core.services import oidc as oidc_services
from platform_core.services import workflow as wf
from platform_core.services.notifications import notification_enqueue, notify_user
from portal.investment import services as investment
from portal.investment.models import ProjectStatus, Sector, WarningLevel
from portal.services import articles as portal_services
from tests.approval.conftest import build_form, build_item, build_route
from tests.factories import (
    CitizenFactory,
    OrgUnitFactory,
    make_uscc,
    root_unit,
    staff_with_role,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Actor keys, in the column order of the matrix.
A_ROLES = {
    "wc": RoleCode.WINDOW_CLERK,
    "rc": RoleCode.REVIEW_CLERK,
    "sh": RoleCode.SECTION_HEAD,
    "ld": RoleCode.LEADER,
    "do": RoleCode.DISCLOSURE_OFFICER,
    "we": RoleCode.WEB_EDITOR,
}
GLOBAL_ROLES = {
    "su": RoleCode.SUPERVISOR,
    "sy": RoleCode.SYSTEM_ADMIN,
    "se": RoleCode.SECURITY_ADMIN,
    "au": RoleCode.AUDIT_ADMIN,
}
B_ROLES = {
    "wcB": RoleCode.WINDOW_CLERK,
    "ldB": RoleCode.LEADER,
    "weB": RoleCode.WEB_EDITOR,
}
PUBLIC = ("ci", "co", "c2", "an")
ACTORS = [*A_ROLES, *GLOBAL_ROLES, *B_ROLES, *PUBLIC]
STAFF_ACTORS = [*A_ROLES, *GLOBAL_ROLES, *B_ROLES]


@dataclass
class World:
    actors: dict[str, User | None]
    ids: dict[str, object] = field(default_factory=dict)

    def __getitem__(self, key):
        return self.ids[key]


def _citizen_application(item, citizen, *, address: str, upload: bool = False) -> Application:
    """An application the citizen filled in and submitted online (status 待受理)."""
    from approval.selectors.applications import item_form_version

    version = item_form_version(item)
    files = {"plan": SimpleUploadedFile("平面图.pdf", PDF, "application/pdf")} if upload else None
    form = form_class_for(version)({"company": "蓝山县好味餐饮店", "address": address}, files or {})
    assert form.is_valid(), form.errors
    app_services.application_prepare(item=item, user=citizen, version=version, form=form)
    draft = Application.objects.get(applicant=citizen, item=item, status=AppStatus.DRAFT)
    application, _code = app_services.application_submit(application=draft, user=citizen)
    return application


def _deciding_application(item, clerk, reviewer) -> Application:
    """Registered at the window, accepted, reviewed: waiting for the leader's decision."""
    from tests.approval.conftest import fill

    version, form = fill(item)
    application, _code = app_services.application_register(
        item=item,
        by=clerk,
        version=version,
        form=form,
        applicant_name="王五",
        applicant_id_number="",
        applicant_uscc="91431127MA4L0K1X23",
        applicant_mobile="13900002222",
    )
    acceptance.application_accept(application=application, by=clerk)
    application.refresh_from_db()
    (info,) = TaskInfo.objects.filter(process=application.process, is_open=True)
    task = Task.objects.get(pk=info.pk)
    wf.task_claim(task=task, user=reviewer)
    wf.task_complete(task=task, user=reviewer, comment="符合条件")
    return decision_services.review_sync(application=application)


def build_world() -> World:
    gov = root_unit()
    dept_a = OrgUnitFactory(parent=gov, name="县市场监督管理局", code="scjg")
    dept_b = OrgUnitFactory(parent=gov, name="县自然资源局", code="zrzy")
    actors: dict[str, User | None] = {}
    for key, code in A_ROLES.items():
        actors[key] = staff_with_role(code, dept_a, username=f"hm_{key}", name=f"甲{key}")
    for key, code in GLOBAL_ROLES.items():
        # Only the system administrator enters Django admin (ADR 0002).
        actors[key] = staff_with_role(
            code, gov, username=f"hm_{key}", name=f"县{key}", is_staff=(key == "sy")
        )
    for key, code in B_ROLES.items():
        actors[key] = staff_with_role(code, dept_b, username=f"hm_{key}", name=f"乙{key}")
    actors["ci"] = CitizenFactory(name="张三丰", mobile="13812345678")
    actors["co"] = CitizenFactory(
        name="蓝山县某某有限公司",
        profile__person_type=PersonType.LEGAL,
        profile__id_number="",
        profile__uscc=make_uscc(4242),
    )
    actors["c2"] = CitizenFactory(name="李四光")
    actors["an"] = None
    a = actors
    ids: dict[str, object] = {}

    # --- Form and route designer (system administrator) ----------------------------------------
    build_form(a["sy"])
    build_route(a["sy"])
    design = form_services.form_create(
        code="mx_design",
        name="内部登记表",
        owner_unit=dept_a,
        by=a["sy"],
        specs=[
            FieldSpec(key="title", label="标题", type="text", required=True),
            FieldSpec(key="memo", label="备注", type="text"),
        ],
    )
    ids["form"] = design.pk
    ids["field"] = design.versions.get().fields.get(key="title").pk
    ids["field2"] = design.versions.get().fields.get(key="memo").pk
    ids["route"] = "food_licence_route"

    # --- Licensing: items of both departments, applications of department A --------------------
    item = item_services.item_publish(item=build_item(a["sy"], dept_a), by=a["sy"])
    item_services.item_publish(item=build_item(a["sy"], dept_b, code="431127-XK-900"), by=a["sy"])
    ids["item"] = item.code
    pending = _citizen_application(item, a["ci"], address="城关镇1号", upload=True)
    ids["app_sub"] = pending.number
    ids["submission"] = pending.submission_id
    ids["file"] = pending.submission.files.get().pk
    accepted = _citizen_application(item, a["ci"], address="城关镇2号")
    notice = acceptance.application_accept(application=accepted, by=a["wc"])
    ids["app_acc"] = accepted.number
    ids["notice"] = notice.number
    deciding = _deciding_application(item, a["wc"], a["rc"])
    assert deciding.status == AppStatus.DECIDING, deciding.status
    ids["app_dec"] = deciding.number
    _catalogue(a, dept_a, item, ids)  # approval: 事项管理 (the section head also keeps items)

    # --- E-supervision: a card on the deciding case, a failed push to the province -------------
    rule = rules_ensure()[0]
    card = SupervisionCard.objects.create(
        application=deciding,
        rule=rule,
        color=rule.color,
        department=dept_a,
        reason="矩阵测试亮牌",
    )
    ids["card"] = card.pk
    export_row = ExportEvent.objects.filter(application=deciding).order_by("seq").first()
    ExportEvent.objects.filter(pk=export_row.pk).update(
        status="failed", attempts=3, last_error="省级平台无响应"
    )
    ids["export"] = export_row.pk

    # --- Workflow: an internal case of department A waiting for the section head ---------------
    process = wf.case_start(
        title="矩阵内部事项",
        subsystem="oa",
        owner_unit=dept_a,
        by=a["rc"],
        handlers=[a["sh"]],
    )
    ids["case"] = process.pk
    ids["task"] = TaskInfo.objects.get(process=process, is_open=True).pk
    today = timezone.localdate()
    delegation = wf.delegation_create(
        principal=a["we"],
        delegate=a["do"],
        start_date=today,
        end_date=today + datetime.timedelta(days=7),
        reason="出差",
        by=a["we"],
    )
    ids["delegation"] = delegation.pk

    # --- Messages --------------------------------------------------------------------------------
    (staff_note, *_rest) = notify_user(user=a["rc"], subject="矩阵内部消息", body="请阅")
    ids["notif_staff"] = staff_note.pk
    (citizen_note, *_rest) = notify_user(user=a["ci"], subject="矩阵公众消息", body="您好")
    ids["notif_citizen"] = citizen_note.pk
    failed = notification_enqueue(
        channel=Channel.SMS,
        subject="矩阵短信",
        body="测试",
        recipient=a["ci"],
        address="13812345678",
    )
    Notification.objects.filter(pk=failed.pk).update(
        status=OutboxStatus.FAILED, last_error="网关拒收"
    )
    ids["outbox"] = failed.pk
    ids["reading"] = ReadingItem.objects.create(
        recipient=a["rc"], subsystem="oa", title="矩阵传阅件", link="/office/"
    ).pk

    # --- Portal: a column of department A and three articles -----------------------------------
    channel = portal_services.channel_create(name="矩阵动态", slug="mxdt", editor_units=[dept_a])
    portal_services.channel_create(name="乙局动态", slug="mxyj", editor_units=[dept_b])
    ids["channel"] = channel.pk
    body = "<p>矩阵测试稿件正文。</p>"
    draft = portal_services.article_create(
        by=a["we"], channel=channel, title="矩阵草稿稿件", body=body
    )
    review = portal_services.article_create(
        by=a["we"], channel=channel, title="矩阵待审稿件", body=body
    )
    portal_services.article_submit(article=review, by=a["we"])
    published = portal_services.article_create(
        by=a["we"], channel=channel, title="矩阵已发稿件", body=body
    )
    portal_services.article_submit(article=published, by=a["we"])
    portal_services.article_approve(article=published, by=a["sh"])
    ids.update(art_draft=draft.pk, art_review=review.pk, art_pub=published.pk)
    # 敏感词库: one entry (a word no matrix text contains).
    from portal.models import SensitiveWord

    ids["word"] = SensitiveWord.objects.create(word="矩阵敏感词样例").pk

    # --- Portal: 招商引资 (editors of department A), a project and a trade warning -------------
    portal_services.channel_create(name="招商引资", slug="zsyz", editor_units=[dept_a])
    project = investment.project_create(by=a["we"], **INVESTMENT_PROJECT)
    warning = investment.warning_create(by=a["we"], **TRADE_WARNING)
    ids.update(project=project.pk, warning=warning.pk)
    _disclosure(a, dept_a, ids)
    _disclosure_requests(a, dept_a, ids)
    _oa(a, dept_a, dept_b, ids)
    _oa_incoming(a, dept_a, ids)  # oa: 收文 and 传阅 (issue 15)
    _oa_files(a, dept_a, ids)  # oa (文件中心、公共资源)
    _mail(a, ids)  # oa: internal mail and the address book
    _oa_tools(a, dept_a, ids)  # oa: SMS, notices, duty
    _interaction(a, gov, dept_a, ids)  # interaction (政民互动)
    _oa_meetings(a, dept_a, dept_b, ids)  # oa (日程安排, 会议管理)
    _oa_supervision(a, dept_a, ids)  # oa: 督办 and 归档 (issue 15)
    # Single sign-on (统一身份认证): one registered client.
    sso, _secret = oidc_services.client_register(
        by=a["sy"],
        name="矩阵接入系统",
        audience="staff",
        redirect_uris="https://mx.example.gov.cn/cb",
    )
    ids.update(oidc_client=sso.pk)
    # Code tables (数据字典): a table of the matrix with one active and one retired entry.
    from platform_core.models import CodeEntry, CodeTable

    codes = CodeTable.objects.create(code="mx_codes", name="矩阵字典")
    entry = CodeEntry.objects.create(table=codes, code="MX1", name="矩阵条目", sort_order=10)
    off = CodeEntry.objects.create(
        table=codes, code="MX2", name="矩阵停用条目", sort_order=20, is_active=False
    )
    ids.update(code_table=codes.pk, code_entry=entry.pk, code_entry_off=off.pk)
    return World(actors=actors, ids=ids)


def _catalogue(a: dict, dept_a, item, ids: dict) -> None:
    """事项管理: department A's section head also holds the 事项管理员 post of A. A draft of the
    published item, a second published item, and a copy waiting for the leader's review."""
    from approval.services import item_review
    from tests.factories import PostFactory, role

    PostFactory(user=a["sh"], unit=dept_a, role=role(RoleCode.ITEM_ADMIN), is_primary=False)
    draft = item_services.item_new_version(item=item, by=a["sh"])
    second = item_services.item_publish(item=build_item(a["sy"], dept_a, code="MX-PUB"), by=a["sy"])
    waiting = item_services.item_copy(item=item, code="MX-REVIEW", name="矩阵送审事项", by=a["sh"])
    review = item_review.review_submit(item=waiting, by=a["sh"])
    ids.update(ci_draft=draft.pk, ci_pub=second.pk, ci_review=review.pk)
    # Codes the rows create, for their state snapshots.
    ids.update(
        mx_new_code="MX-NEW", mx_pub_code="MX-PUB", mx_copy_code="MX-COPY", mx_import_code="MX-IMP"
    )


def _disclosure(a: dict, dept_a, ids: dict) -> None:
    """Department A's disclosure column and items: a draft, one in review (保密审查), one
    published, and one with a privacy finding."""
    from disclosure.services import columns as dis_columns
    from disclosure.services import items as dis_items
    from disclosure.services.review import ensure_default_route

    ensure_default_route(by=a["sy"])
    column = dis_columns.column_create(by=a["do"], unit=dept_a, name="矩阵专栏", slug="mxzl")
    formed = timezone.localdate() - datetime.timedelta(days=3)

    def item(title, body="<p>矩阵公开信息正文。</p>"):
        return dis_items.item_create(
            by=a["do"], column=column, unit=dept_a, title=title, formed_on=formed, body=body
        )

    draft = item("矩阵公开草稿")
    review = item("矩阵公开审核中")
    dis_items.item_submit(item=review, by=a["do"])
    published = item("矩阵公开已发布")
    dis_items.item_submit(item=published, by=a["do"])
    dis_items.item_approve(item=published, by=a["sh"])
    dis_items.item_approve(item=published, by=a["ld"])
    flagged = item("矩阵隐私发现", body="<p>联系人：王芳 13900001234</p>")
    (finding, *_rest) = dis_items.privacy_check(item=flagged, by=a["do"])
    ids.update(
        dept_a=dept_a.pk,
        dis_column=column.pk,
        dis_draft=draft.pk,
        dis_review=review.pk,
        dis_pub=published.pk,
        dis_flagged=flagged.pk,
        dis_finding=finding.pk,
    )


INVESTMENT_PROJECT = {
    "name": "矩阵招商项目",
    "sector": Sector.NEW_MATERIALS,
    "amount": "32000",
    "location": "蓝山县经济开发区",
    "contact_person": "李明",
    "contact_phone": "0746-2212345",
    "status": ProjectStatus.NEGOTIATING,
    "summary": "矩阵测试项目。",
    "is_public": True,
}
TRADE_WARNING = {
    "title": "矩阵外贸预警",
    "market": "欧盟",
    "product": "陶瓷餐具",
    "level": WarningLevel.SERIOUS,
    "issued_on": datetime.date(2026, 11, 20),
    "body": "矩阵测试预警。",
    "is_public": True,
}


# --- disclosure (requests): a request of department A with a letter, a file and an extension
# asked of the office head.
DIS_REQUEST = {
    "applicant_type": "natural",
    "applicant_name": "矩阵申请人",
    "id_number": "430000198506150011",
    "mobile": "13900005555",
    "description": "矩阵依申请公开所需信息",
    "form_wanted": "electronic",
    "delivery_method": "online",
}


def _disclosure_requests(a: dict, dept_a, ids: dict) -> None:
    from disclosure.services import requests as dis_requests
    from tests.factories import make_resident_id

    fields = {**DIS_REQUEST, "id_number": make_resident_id(11)}
    request, _code = dis_requests.request_register(
        by=a["do"], unit=dept_a, channel="in_person", **fields
    )
    upload = SimpleUploadedFile("矩阵文件.pdf", PDF, content_type="application/pdf")
    reply_file = dis_requests.reply_file_add(request=request, by=a["do"], upload=upload)
    dis_requests.extension_ask(request=request, by=a["do"], days=5, reason="矩阵延期")
    from disclosure.services import reports as dis_reports

    report = dis_reports.report_open(unit=dept_a, year=2026, by=a["do"])
    ids.update(dis_rep=report.pk, dis_rep_title=report.title)
    ids.update(
        dis_req=request.pk,
        dis_req_number=request.number,
        dis_req_letter=request.letters.get().pk,
        dis_req_file=reply_file.pk,
        dis_req_fields=fields,
    )


# --- oa (公文) ------------------------------------------------------------------------------------
def _oa(a: dict, dept_a, dept_b, ids: dict) -> None:
    """Department A's outgoing documents under its own 机关代字: a draft, one at 核稿, one at
    签发, one signed, and one dispatched to department B (in B's 收文 queue)."""
    from oa.models import Dispatch, Issuer
    from oa.services import dispatch as oa_dispatch
    from oa.services import documents as oa_documents
    from oa.services import route as oa_route

    oa_route.ensure_route(by=a["sy"])
    issuer = Issuer.objects.create(
        unit=dept_a, prefix="矩阵发", header="矩阵局文件", signature="县市场监督管理局"
    )

    def document(title):
        return oa_documents.document_create(
            by=a["rc"],
            issuer=issuer,
            unit=dept_a,
            kind="notice",
            title=title,
            body="<p>矩阵发文正文。</p>",
            openness="not_public",
            recipient_units=[dept_b],
        )

    draft = document("矩阵发文草稿")
    review = document("矩阵发文核稿")
    oa_route.document_submit(document=review, by=a["rc"])
    signing = document("矩阵发文签发")
    oa_route.document_submit(document=signing, by=a["rc"])
    oa_route.document_review(document=signing, by=a["sh"])
    signed = document("矩阵发文已签发")
    oa_route.document_submit(document=signed, by=a["rc"])
    oa_route.document_review(document=signed, by=a["sh"])
    oa_route.document_sign_off(document=signed, by=a["ld"])
    sent = document("矩阵发文已分发")
    oa_route.document_submit(document=sent, by=a["rc"])
    oa_route.document_review(document=sent, by=a["sh"])
    oa_route.document_sign_off(document=sent, by=a["ld"])
    oa_dispatch.document_dispatch(document=sent, by=a["rc"])
    ids.update(
        oa_issuer=issuer.pk,
        oa_draft=draft.pk,
        oa_review=review.pk,
        oa_signing=signing.pk,
        oa_signed=signed.pk,
        oa_receipt=Dispatch.objects.get(document=sent).pk,
    )


# --- oa (收文, 传阅; issue 15) ----------------------------------------------------------------
def _oa_incoming(a: dict, dept_a, ids: dict) -> None:
    """Department A's 收文: one waiting for 拟办, one for ld's 批示, one in handling by A (with a
    circulation by rc to sh), one whose handling unit has concluded (ready for 办结)."""
    from oa.services import incoming as inc

    def register(title):
        return inc.incoming_register(
            unit=dept_a, by=a["rc"], sender="市人民政府办公室", title=title
        )

    registered = register("矩阵收文待拟办")
    proposed = register("矩阵收文待批示")
    inc.incoming_propose(document=proposed, by=a["rc"], proposal="拟请阅示", leader=a["ld"])
    handling = register("矩阵收文承办中")
    inc.incoming_propose(document=handling, by=a["rc"], proposal="拟请阅示", leader=a["ld"])
    inc.incoming_instruct(document=handling, by=a["ld"], instruction="请办理", units=[(dept_a, 5)])
    done = register("矩阵收文待办结")
    inc.incoming_propose(document=done, by=a["rc"], proposal="拟请阅示", leader=a["ld"])
    inc.incoming_instruct(document=done, by=a["ld"], instruction="请办理", units=[(dept_a, 5)])
    inc.handling_report(handling=done.handlings.get(), by=a["rc"], report="已办", conclude=True)
    circulation = inc.circulation_start(
        document=handling, by=a["rc"], readers=[a["sh"]], mode="parallel"
    )
    attachment = inc.attachment_add(
        document=registered,
        by=a["rc"],
        upload=SimpleUploadedFile("矩阵来文.pdf", PDF, content_type="application/pdf"),
    )
    ids.update(
        inc_attachment=attachment.pk,
        inc_registered=registered.pk,
        inc_proposed=proposed.pk,
        inc_handling=handling.pk,
        inc_handling_unit=handling.handlings.get().pk,
        inc_done=done.pk,
        inc_circulation=circulation.pk,
        inc_read=circulation.readers.get().pk,
    )


# --- oa (督办, 归档; issue 15) ----------------------------------------------------------------
def _oa_supervision(a: dict, dept_a, ids: dict) -> None:
    """The supervisor (督查员, county level) supervises four sources, each led by department A:
    the signed document (open, for progress reports), the instruction on the 收文 in handling
    (completion applied for, waiting for review), the concluded 收文's instruction (closed, ready
    to archive) and the dispatched document (closed and archived: the archive record). The
    meeting's action item is left for a new item."""
    from oa.models import Dispatch
    from oa.services import archive as oa_archive
    from oa.services import supervision as sv

    due = timezone.localdate() + datetime.timedelta(days=30)

    def item(kind, source_id, title):
        return sv.item_create(
            by=a["su"],
            source_kind=kind,
            source_id=source_id,
            lead_unit=dept_a,
            due_date=due,
            title=title,
        )

    def closed(kind, source_id, title):
        done = item(kind, source_id, title)
        sv.progress_report(item=done, by=a["rc"], text="矩阵已办结", completion=True)
        sv.item_review(item=done, by=a["su"], approve=True)
        return done

    opened = item("document", ids["oa_signed"], "矩阵督办事项")
    progress = sv.progress_report(
        item=opened,
        by=a["rc"],
        text="矩阵阶段进展",
        uploads=[SimpleUploadedFile("矩阵督办材料.pdf", PDF, content_type="application/pdf")],
    )
    submitted = item("instruction", ids["inc_handling"], "矩阵督办待审核")
    sv.progress_report(item=submitted, by=a["rc"], text="矩阵申请办结", completion=True)
    to_archive = closed("instruction", ids["inc_done"], "矩阵督办已办结")
    sent = Dispatch.objects.get(pk=ids["oa_receipt"]).document_id
    archived = closed("document", sent, "矩阵督办已归档")
    record = oa_archive.supervision_archive(item=archived, by=a["su"], retention="D10")
    ids.update(
        sv_open=opened.pk,
        sv_file=progress.attachments.get().pk,
        sv_submitted=submitted.pk,
        sv_closed=to_archive.pk,
        sv_record=record.pk,
        sv_code=record.archival_code,
    )


# --- oa (日程安排, 会议管理) ---------------------------------------------------------------------
CAL_EVENT = {
    "title": "矩阵新日程",
    "kind": "appointment",
    "start": "2026-12-10T09:00",
    "end": "2026-12-10T10:00",
}
MEETING = {
    "title": "矩阵新会议",
    "kind": "onsite",
    "start": "2099-12-10T09:00",
    "end": "2099-12-10T11:00",
    "reply_deadline": "2099-12-09T17:00",
    "place": "矩阵礼堂",
    "agenda": "矩阵议程",
}


def _oa_meetings(a: dict, dept_a, dept_b, ids: dict) -> None:
    """rc keeps an event this month and holds the leader's delegation; A's rc drafts one meeting
    and sends another inviting department B (with a document and an action item for B)."""
    from oa.models import MeetingRoom
    from oa.services import calendar as cal
    from oa.services import meetings as mt

    now = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    event = cal.event_create(
        by=a["rc"],
        owner=a["rc"],
        title="矩阵日程",
        start=now,
        end=now + datetime.timedelta(hours=1),
    )
    delegation = cal.delegation_grant(leader=a["ld"], secretary=a["rc"])
    room = MeetingRoom.objects.create(name="矩阵会议室", capacity=20)
    start = timezone.now() + datetime.timedelta(minutes=30)

    def meeting(title, when, room=None):
        return mt.meeting_create(
            by=a["rc"],
            unit=dept_a,
            title=title,
            start=when,
            end=when + datetime.timedelta(hours=2),
            reply_deadline=when - datetime.timedelta(minutes=10),
            room=room,
            place="" if room else "矩阵礼堂",
            agenda="矩阵议程",
            units=[dept_b],
        )

    draft = meeting("矩阵会议草稿", start + datetime.timedelta(days=3))
    sent = meeting("矩阵会议", start, room=room)
    mt.meeting_send(meeting=sent, by=a["rc"])
    upload = SimpleUploadedFile("矩阵材料.pdf", PDF, content_type="application/pdf")
    attachment = mt.attachment_add(meeting=sent, by=a["rc"], upload=upload)
    action = mt.action_item_add(
        meeting=sent,
        by=a["rc"],
        title="矩阵议定事项",
        owner_unit=dept_b,
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    ids.update(
        dept_b=dept_b.pk,
        cal_event=event.pk,
        cal_delegation=delegation.pk,
        mt_draft=draft.pk,
        mt_sent=sent.pk,
        mt_invitee=sent.invitees.get(unit=dept_b).pk,
        mt_file=attachment.pk,
        mt_action=action.pk,
        mt_token=mt.sign_in_token(sent),
    )


def _mail(a: dict, ids: dict) -> None:
    """Internal mail: the window clerk mails the review clerk (with an attachment) and keeps a
    draft with an attachment; the review clerk has a folder of their own."""
    from oa.constants import MailRole
    from oa.models import MailDelivery
    from oa.services import mail as oa_mail

    def pdf():
        return SimpleUploadedFile("矩阵附件.pdf", PDF, "application/pdf")

    draft = oa_mail.draft_save(
        by=a["wc"], subject="矩阵邮件", body="矩阵邮件正文", to="hm_rc", uploads=[pdf()]
    )
    message = oa_mail.mail_send(by=a["wc"], message=draft)
    kept = oa_mail.draft_save(by=a["wc"], subject="矩阵邮件草稿", to="hm_rc", uploads=[pdf()])
    folder = oa_mail.folder_create(by=a["rc"], name="矩阵文件夹")
    ids.update(
        mail_msg=message.pk,
        mail_att=message.attachments.get().pk,
        mail_rc_copy=MailDelivery.objects.get(message=message, owner=a["rc"]).pk,
        mail_draft=MailDelivery.objects.get(message=kept, role=MailRole.SENDER).pk,
        mail_draft_msg=kept.pk,
        mail_draft_att=kept.attachments.get().pk,
        mail_folder=folder.pk,
        mail_wc=a["wc"].pk,
    )


def _oa_tools(a: dict, dept_a, ids: dict) -> None:
    """Department A's office tools: the review clerk's SMS thread (a failed message to a typed
    number); notices of the review clerk approved by the section head (published to department A,
    a draft, one waiting for review, a comment waiting for moderation); the section head's duty
    roster (the window clerk and the review clerk take turns) with a pending swap."""
    from oa.models import Notice, SmsMessage
    from oa.services import duty as oa_duty
    from oa.services import notices as oa_notices
    from oa.services import sms as oa_sms

    [message] = oa_sms.sms_send(by=a["rc"], body="矩阵短信内容", numbers=["13700009999"])
    Notification.objects.filter(pk=message.notification_id).update(status=OutboxStatus.FAILED)
    SmsMessage.objects.filter(pk=message.pk).update(status="failed")
    oa_notices.ensure_route(by=a["sy"])

    def notice(title, **kw):
        return oa_notices.notice_save(
            by=a["rc"], unit=dept_a, title=title, body="<p>矩阵通知正文</p>", **kw
        )

    published = notice("矩阵通知已发布", scope="units", units=[dept_a])
    oa_notices.notice_submit(notice=published, by=a["rc"])
    oa_notices.notice_review(notice=published, by=a["sh"], approve=True)
    comment = oa_notices.comment_add(notice=published, by=a["wc"], body="矩阵留言待审")
    draft = notice("矩阵通知草稿")
    pending = notice("矩阵通知待审核")
    oa_notices.notice_submit(notice=pending, by=a["rc"])
    today = timezone.localdate()
    roster = oa_duty.roster_create(
        by=a["sh"],
        unit=dept_a,
        title="矩阵值班表",
        start=today + datetime.timedelta(days=1),
        end=today + datetime.timedelta(days=6),
        phone="0746-1234567",
        officers=[a["wc"], a["rc"]],
    )
    shifts = list(roster.shifts.filter(officer=a["wc"]).order_by("date", "kind"))
    swap = oa_duty.swap_request(
        shift=shifts[0], by=a["wc"], substitute=a["rc"], reason="矩阵换班申请"
    )
    record = oa_duty.record_add(
        shift=shifts[1], by=a["wc"], kind="phone", title="矩阵待办结来电", content="矩阵来电内容"
    )
    ids.update(
        sms_thread=message.thread_id,
        sms_message=message.pk,
        notice_pub=published.pk,
        notice_draft=draft.pk,
        notice_pending=pending.pk,
        notice_comment=comment.pk,
        roster=roster.pk,
        shift=shifts[1].pk,
        swap=swap.pk,
        duty_rec=record.pk,
    )
    assert Notice.objects.filter(pk=published.pk, status="published").exists()


# --- interaction (政民互动) ----------------------------------------------------------------------


def _interaction(a: dict, gov, dept_a, ids: dict) -> None:
    """A case assigned to department A with a photo, and a live knowledge entry. The interaction
    office is a unit of its own where no matrix actor is posted: the office's own pages (triage,
    review, staff entry) refuse everyone here and are tested in tests/interaction/test_office.py."""
    from interaction.models import Category, Office
    from interaction.services import cases as zm_cases
    from interaction.services import knowledge as zm_knowledge

    office = OrgUnitFactory(parent=gov, name="县政民互动办公室", code="zmhd")
    Office.objects.create(unit=office)
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, office, username="hm_zmhd", name="分办员")
    category = Category.objects.create(name="市场监管")
    case, _code = zm_cases.case_submit(
        kind="complaint",
        category=category,
        title="矩阵投诉来件",
        content="矩阵测试：某超市销售过期食品，请查处。",
        name="王小明",
        mobile="13812345678",
        uploads=[SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)],
    )
    zm_cases.case_assign(case=case, by=clerk, department=dept_a)
    entry = zm_knowledge.entry_create(
        by=None,
        title="矩阵知识条目",
        answer="<p>矩阵测试标准答复内容。</p>",
        category=category,
        department=dept_a,
        live=True,
    )
    ids.update(zm_case=case.number, zm_file=case.attachments.get().pk, zm_entry=entry.pk)
    # 意见征集: department A's draft, and its published draft with a comment to moderate.
    from interaction.services import solicitations as zm_yjzj

    today = timezone.localdate()
    drafter = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, username="hm_yjzj", name="起草人")
    head = staff_with_role(RoleCode.SECTION_HEAD, dept_a, username="hm_yjzj_sh", name="科长")
    solicitations = [
        zm_yjzj.solicitation_save(
            by=drafter,
            title=f"矩阵征求意见稿{n}",
            department=dept_a,
            explanation="<p>矩阵测试的起草说明内容。</p>",
            draft_text="第一条 矩阵测试条文。\n第二条 矩阵测试条文。",
            opens_on=today,
            closes_on=today + datetime.timedelta(days=30),
        )
        for n in (1, 2)
    ]
    zm_yjzj.solicitation_publish(by=head, solicitation=solicitations[1])
    opinion = zm_yjzj.opinion_submit(
        solicitation=solicitations[1],
        citizen=CitizenFactory(),
        body="矩阵测试意见内容",
        article=None,
    )
    ids.update(
        zm_yjzj_draft=solicitations[0].pk, zm_yjzj_pub=solicitations[1].pk, zm_opinion=opinion.pk
    )


# --- oa (文件中心、公共资源) ---------------------------------------------------------------------
def _oa_files(a: dict, dept_a, ids: dict) -> None:
    """Department A's cabinet: its staff read it (unit grant), its section head manages it, the
    review clerk may write, and one person of department B (wcB) was given read access; ldB and
    weB were given nothing. A folder with a two-version file, a move target, a file and a folder
    in the recycle bin, the review clerk's personal cabinet, and a law with an attachment."""
    from oa.models import Law, Level
    from oa.services import files as oa_files
    from oa.services import resources as oa_resources

    cabinet = oa_files.department_cabinet_ensure(unit=dept_a, by=a["sh"])
    oa_files.grant_add(cabinet=cabinet, by=a["sh"], level=Level.WRITE, user=a["rc"])
    oa_files.grant_add(cabinet=cabinet, by=a["sh"], level=Level.READ, user=a["wcB"])
    folder = oa_files.folder_create(cabinet=cabinet, parent=None, name="矩阵文件夹", by=a["rc"])
    target = oa_files.folder_create(cabinet=cabinet, parent=None, name="矩阵目标", by=a["rc"])
    gone = oa_files.folder_create(cabinet=cabinet, parent=None, name="矩阵已删文件夹", by=a["rc"])
    oa_files.folder_delete(folder=gone, by=a["rc"])

    def pdf(name, extra=b""):
        return SimpleUploadedFile(name, PDF + extra, content_type="application/pdf")

    entry = oa_files.file_upload(
        cabinet=cabinet, folder=folder, upload=pdf("矩阵文件.pdf"), by=a["rc"]
    )
    oa_files.file_new_version(entry=entry, upload=pdf("矩阵文件.pdf", b"% v2\n"), by=a["rc"])
    trashed = oa_files.file_upload(
        cabinet=cabinet, folder=None, upload=pdf("矩阵已删文件.pdf", b"% x\n"), by=a["rc"]
    )
    oa_files.file_delete(entry=trashed, by=a["rc"])
    grant = oa_files.grant_add(
        cabinet=cabinet, entry=trashed, by=a["sh"], level=Level.READ, user=a["do"]
    )
    personal = oa_files.personal_cabinet_ensure(user=a["rc"])
    law = oa_resources.entry_save(
        instance=Law(
            title="矩阵法规",
            level="normative",
            issuing_body="蓝山县人民政府",
            doc_number="蓝政发〔2026〕1号",
            promulgated_on=datetime.date(2026, 1, 5),
            effective_on=datetime.date(2026, 2, 1),
        ),
        by=a["we"],
    )
    law_file = oa_resources.file_attach(instance=law, upload=pdf("矩阵法规附件.pdf"), by=a["we"])
    ids.update(
        cab=cabinet.pk,
        cab_rc=personal.pk,
        fo=folder.pk,
        fo_target=target.pk,
        fo_gone=gone.pk,
        fe=entry.pk,
        fe_gone=trashed.pk,
        fc_grant=grant.pk,
        res_law=law.pk,
        res_law_file=law_file.pk,
    )
