"""Demo licensing cases for `manage.py load_demo`: one or more cases in every state of an
application, built by the real services (events, notices, case clock, review route, ratings and
supervision cards are all genuine), with receipt and action dates in the past.

How dates are put in the past: every service reads the time through `django.utils.timezone`
(`now()`, `localdate()`, the `default=timezone.now` of the models). `_on(day)` shifts what that
module's `datetime.now` returns to `day` (the clock keeps ticking, so events keep their order)
while a step runs, then puts it back. Nothing writes a status, a date or a clock directly. At the
end the supervision scan runs on the real today, so a case that the demo left overdue gets its
red card exactly as the periodic task would have given it.

Idempotent: a case is identified by its item and its applicant (citizen account or counter
applicant name) and skipped when it exists; the scan fires each card once.
"""

from __future__ import annotations

import contextlib
import datetime
import io
from dataclasses import dataclass, field
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from viewflow.workflow.models import Task

from approval.models import Application, DeliveryMethod, LicensingItem
from approval.selectors.applications import item_form_version
from approval.services import acceptance, decision, rating
from approval.services import applications as app_services
from approval.services.supervision import supervision_scan
from platform_core.models import PauseReason, TaskInfo, User
from platform_core.selectors.calendar import is_working_day
from platform_core.selectors.dynforms import form_class_for, version_specs
from platform_core.services import workflow as wf

# Department → (window clerk, review clerk, leader) of the demo county (platform_core/demo_data).
# Per department: window clerk, review clerk, section head (审核), leader (决定).
STAFF = {
    "spj": ("fengxue", "tangting", "xiewei", "luocheng"),
    "scjgj": ("tiantian", "caiming", "yuanweimin", "panzhiqiang"),
    "zrzyj": ("qiuxiaoyan", "xiongtao", "longhaiyan", "liaoguohua"),
    "rsj": ("hexiaolan", "yindan", "pengjing", "leiming"),
    "gaj": ("yilin", "fanzhiyong", "zouqiang", "jiangyong"),
}
_REAL_DATETIME = datetime.datetime


@dataclass
class Case:
    """One demo case: who applies for what, and its steps as (working days ago, action)."""

    item: str  # item code
    applicant: str  # citizen mobile (online) or, with `counter`, the applicant's name
    steps: list[tuple[int, str]] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # form answers besides contact and address
    counter: bool = False
    extra: dict = field(default_factory=dict)  # arguments of the actions (reasons, scores …)


# Actions: draft, submit, accept, correct (ask for a correction), resubmit, reject, review (every
# route step), special (start a special procedure), extend, grant, refuse, deliver, conclude, rate.
# fmt: off
CASES = [
    # 填写中: saved, not yet submitted.
    Case("431127-RS-001", "13874610106", [(0, "draft")], {"education": "本科"}),
    # 待受理: received today, the window has five working days.
    Case("431127-SC-002", "13974610101", [(0, "submit")], {"shop": "蓝山县建军五金店"}),
    # 待受理 at the window (窗口登记), received yesterday.
    Case("431127-ZR-001", "欧阳华", [(1, "submit")],
         {"location": "塔峰镇新华路18号", "area": "126"}, counter=True),
    # 待补正: one notice lists every missing item; the clock waits for the applicant.
    Case("431127-SC-001", "13974610102", [(3, "submit"), (2, "correct")],
         {"business": "李秀英小吃店"},
         extra={"items": ["食品经营许可申请书未签名", "经营场所平面图未标注尺寸"]}),
    # 已受理 after a correction, review under way.
    Case("431127-ZR-002", "13974610103", [(6, "submit"), (5, "correct"), (3, "resubmit"),
                                           (2, "accept")], {"village": "塔峰镇大洞村三组"},
         extra={"items": ["宅基地使用证明不清晰"]}),
    # 已受理, review under way, with an expert review under way (clock paused).
    Case("431127-GA-002", "13974620205", [(7, "submit"), (6, "accept"), (2, "special")],
         {"hotel": "云冰山民宿", "rooms": "18"},
         extra={"procedure": PauseReason.EXPERT_REVIEW,
                "reason": "客房消防设施需组织专家现场评审。"}),
    # 待决定 with the time limit extended by the leader (第四十二条).
    Case("431127-RS-002", "13974620202", [(12, "submit"), (11, "accept"), (3, "review"),
                                           (2, "extend")], {"agency": "瑶乡人力资源服务部"},
         extra={"reason": "申请人员资格材料需向原发证机关核实。", "days": 5}),
    # 准予许可, not yet delivered.
    Case("431127-SP-002", "13974620203", [(3, "submit"), (2, "accept"), (1, "review"),
                                           (0, "grant")], {"project": "蓝山县第三中学教学楼"}),
    # 不予许可, with reasons and the right to reconsideration or litigation.
    Case("431127-GA-001", "13874610104", [(5, "submit"), (4, "accept"), (3, "review"),
                                           (2, "refuse")], {"from_place": "永州市冷水滩区"},
         extra={"reasons": "申请人在本县无合法稳定住所，不符合户口迁入条件。"}),
    # 已送达.
    Case("431127-ZR-001", "15074610107", [(9, "submit"), (8, "accept"), (5, "review"),
                                           (4, "grant"), (3, "deliver")],
         {"location": "塔峰镇舜源路6号", "area": "98"}),
    # 已办结, not rated yet.
    Case("431127-RS-001", "13874610105", [(3, "submit"), (3, "accept"), (2, "review"),
                                           (2, "grant"), (2, "deliver"), (2, "conclude")],
         {"education": "大专"}),
    # 已办结 and rated 5 (非常满意).
    Case("431127-SC-001", "13974620204", [(16, "submit"), (15, "accept"), (9, "review"),
                                           (8, "grant"), (7, "deliver"), (7, "conclude"),
                                           (6, "rate")], {"business": "百味餐饮城关店"},
         extra={"score": 5, "comment": "窗口一次告知清楚，网上提交很方便。"}),
    # 已办结 and rated 2 (不满意): a follow-up case goes to the department.
    Case("431127-SC-002", "15074610108", [(15, "submit"), (14, "accept"), (10, "review"),
                                           (9, "grant"), (8, "deliver"), (8, "conclude"),
                                           (7, "rate")], {"shop": "志明副食店"},
         extra={"score": 2, "comment": "跑了两次窗口才拿到执照，电话也没人接。"}),
    # 不予受理 (not the department's competence: told which body to turn to).
    Case("431127-SP-001", "13974620201", [(4, "submit"), (3, "reject")],
         {"project": "皮具生产线技术改造", "investment": "800"},
         extra={"reason": "该项目属于核准类项目，不适用备案程序。",
                "redirect_body": "永州市发展和改革委员会"}),
    # Overdue: accepted eight working days ago on a one-day promise, review not finished. The
    # supervision scan gives it a red card.
    Case("431127-SP-001", "15074610109", [(9, "submit"), (8, "accept")],
         {"project": "周记米粉加工厂扩建", "investment": "120"}),
]
# fmt: on


def working_days_ago(n: int, today: datetime.date | None = None) -> datetime.date:
    """The n-th working day before today (0: today itself, whatever kind of day it is)."""
    day = today or timezone.localdate()
    while n > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


@contextlib.contextmanager
def _on(day: datetime.date, step: int = 0):
    """Run what follows as if it were `day`, 9:00 plus half an hour per step (clock ticking):
    steps of one case taken on the same day keep their order."""
    tz = ZoneInfo(settings.TIME_ZONE)
    at = _REAL_DATETIME.combine(day, datetime.time(9), tz) + datetime.timedelta(minutes=30 * step)
    offset = at - _REAL_DATETIME.now(tz)

    class Shifted(_REAL_DATETIME):
        @classmethod
        def now(cls, tz=None):
            return _REAL_DATETIME.now(tz) + offset

    with mock.patch("django.utils.timezone.datetime", Shifted):
        yield


def _blank_pdf() -> bytes:
    """A valid one-page PDF standing for a scanned material (built once)."""
    global _PDF
    if _PDF is None:
        from pypdf import PdfWriter

        out = io.BytesIO()
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)  # A4
        writer.add_metadata({"/Title": "演示材料"})
        writer.write(out)
        _PDF = out.getvalue()
    return _PDF


_PDF: bytes | None = None


def _form(item: LicensingItem, case: Case, name: str):
    """The item's form filled as the case says, with a scan for every material uploaded."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    version = item_form_version(item)
    data = {"contact": name, "address": "蓝山县塔峰镇", **case.data}
    files = {
        field.key: SimpleUploadedFile(f"{field.key}.pdf", _blank_pdf(), "application/pdf")
        for field in version_specs(version)
        if field.type == "file"
    }
    form = form_class_for(version)(data, files)
    if not form.is_valid():  # pragma: no cover - the demo data above is valid
        raise ValueError(f"{item.code}: {form.errors.as_text()}")
    return version, form


def _work_route(application: Application, people: list[User]) -> None:
    """Work every open step of the review route, as the task pages do (审查, then 审核)."""
    for _round in range(5):
        infos = list(TaskInfo.objects.filter(process=application.process, is_open=True))
        if not infos:
            break
        for info in infos:
            task = Task.objects.get(pk=info.pk)
            user = next(u for u in people if wf.may_claim(u, info))
            wf.task_claim(task=task, user=user)
            comment = "同意。" if user == people[-1] else "经审查，材料齐全，符合法定条件。"
            wf.task_complete(task=task, user=user, comment=comment)
    decision.review_sync(application=application)


def _act(application, action, case, item, people):  # noqa: C901 - one branch per action
    clerk, reviewer, head, leader = people
    citizen = application.applicant if application else None
    x = case.extra
    if action == "accept":
        acceptance.application_accept(application=application, by=clerk)
    elif action == "correct":
        acceptance.application_request_correction(
            application=application, by=clerk, items=x["items"]
        )
    elif action == "resubmit":
        version, form = _form(item, case, citizen.name)
        app_services.application_resubmit(
            application=application, user=citizen, version=version, form=form, note="已按通知补正。"
        )
    elif action == "reject":
        acceptance.application_reject(
            application=application, by=clerk, reason=x["reason"], redirect_body=x["redirect_body"]
        )
    elif action == "review":
        _work_route(application, [reviewer, head])
    elif action == "special":
        decision.special_procedure_start(
            application=application, by=reviewer, procedure=x["procedure"], reason=x["reason"]
        )
    elif action == "extend":
        decision.application_extend(
            application=application, by=leader, reason=x["reason"], days=x["days"]
        )
    elif action == "grant":
        valid = timezone.localdate() + datetime.timedelta(days=5 * 365)
        decision.application_grant(application=application, by=leader, valid_until=valid)
    elif action == "refuse":
        decision.application_refuse(application=application, by=leader, reasons=x["reasons"])
    elif action == "deliver":
        decision.application_deliver(
            application=application, by=clerk, method=DeliveryMethod.COUNTER
        )
    elif action == "conclude":
        decision.application_conclude(application=application, by=clerk)
    elif action == "rate":
        rating.application_rate(
            application=application, user=citizen, score=x["score"], comment=x["comment"]
        )
    else:  # pragma: no cover
        raise ValueError(action)


def _start(case: Case, item: LicensingItem, clerk: User) -> Application:
    if case.counter:
        version, form = _form(item, case, case.applicant)
        application, _code = app_services.application_register(
            item=item,
            by=clerk,
            version=version,
            form=form,
            applicant_name=case.applicant,
            applicant_mobile="13974619999",
        )
        return application
    citizen = User.objects.get(username=f"c_{case.applicant}")
    version, form = _form(item, case, citizen.name)
    application = app_services.application_prepare(
        item=item, user=citizen, version=version, form=form
    )
    return app_services.application_submit(application=application, user=citizen)[0]


def _exists(case: Case, item: LicensingItem) -> bool:
    rows = Application.objects.filter(item=item)
    if case.counter:
        return rows.filter(applicant_name=case.applicant, applicant__isnull=True).exists()
    return rows.filter(applicant__username=f"c_{case.applicant}").exists()


def _build(case: Case, today: datetime.date) -> None:
    item = LicensingItem.objects.get(code=case.item, status="published")
    people = [User.objects.get(username=u) for u in STAFF[item.department.code]]
    application = None
    for step, (ago, action) in enumerate(case.steps):
        with _on(working_days_ago(ago, today), step):
            if action == "draft":
                citizen = User.objects.get(username=f"c_{case.applicant}")
                app_services.application_draft_save(
                    item=item, user=citizen, data={"contact": citizen.name, **case.data}
                )
            elif action == "submit":
                application = _start(case, item, people[0])
            else:
                application.refresh_from_db()
                _act(application, action, case, item, people)


def load_demo_cases(stdout=None) -> int:
    """Creates the demo cases that are missing, then runs the supervision scan; returns how many
    cases were created."""
    today = timezone.localdate()
    created = 0
    for case in CASES:
        item = LicensingItem.objects.filter(code=case.item, status="published").first()
        if item is None or _exists(case, item):
            continue
        _build(case, today)
        created += 1
    cards = supervision_scan(today=today)
    if stdout is not None:
        stdout.write(
            f"审批办件：演示办件 {Application.objects.count()} 件（本次新增 {created}），"
            f"电子监察新亮牌 {len(cards)} 张。"
        )
    return created
