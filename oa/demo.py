# ruff: noqa: E501 - data tables: one document per line reads better than wrapped rows
"""Demo official documents for `manage.py load_demo`: four issuing organs (the county government
and three bureaus) and about forty outgoing documents in every state — drafts (some edited by
colleagues, so the 修订 page shows several people), at 核稿, at 会签 with two units, at 签发,
signed, dispatched with receipts partly signed (and 主动公开 ones in the disclosure catalogue),
and one voided number. Everything here is invented. Repeatable: it does nothing once the
county's 机关代字 exists.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from platform_core.models import OrgUnit, User

from .constants import DocStatus
from .models import Issuer, OutgoingDocument
from .services import archive as archive_services
from .services import dispatch as dispatch_services
from .services import documents as doc_services
from .services import route as route_services
from .services.numbers import number_void

DESIGNER = "majunjie"

# prefix, unit, header, signature
ISSUERS = [
    ("蓝政发", "gov", "蓝山县人民政府文件", "蓝山县人民政府"),
    ("蓝审批发", "spj", "蓝山县行政审批服务局文件", "蓝山县行政审批服务局"),
    ("蓝市监发", "scjgj", "蓝山县市场监督管理局文件", "蓝山县市场监督管理局"),
    ("蓝自然资发", "zrzyj", "蓝山县自然资源局文件", "蓝山县自然资源局"),
]
# Who drafts, edits, reviews for each issuer: (drafting unit, drafter, colleague, reviewer)
TEAMS = {
    "蓝政发": ("scjgj-djzc", "caiming", "yuanweimin", "yuanweimin"),
    "蓝审批发": ("spj-spk", "tangting", "hanlei", "xiewei"),
    "蓝市监发": ("scjgj-djzc", "caiming", "yuanweimin", "yuanweimin"),
    "蓝自然资发": ("zrzyj-bdc", "xiongtao", "longhaiyan", "longhaiyan"),
}
SIGNERS = {
    "蓝政发": "lijianguo",
    "蓝审批发": "luocheng",
    "蓝市监发": "panzhiqiang",
    "蓝自然资发": "liaoguohua",
}
COUNTERSIGN = {
    "蓝政发": ["spj-spk", "zrzyj-bdc"],
    "蓝审批发": ["scjgj-djzc", "rsj-sb"],
    "蓝市监发": ["spj-spk"],
    "蓝自然资发": ["spj-spk", "czj-ys"],
}
RECIPIENTS = ["spj", "scjgj", "zrzyj", "rsj", "cgz"]

# (issuer, state, kind, title, openness)
DOCUMENTS = [
    (
        "蓝政发",
        "dispatched",
        "notice",
        "蓝山县人民政府关于做好2026年元旦春节期间安全生产工作的通知",
        "proactive",
    ),
    (
        "蓝政发",
        "dispatched",
        "opinion",
        "蓝山县人民政府关于进一步优化营商环境的实施意见",
        "proactive",
    ),
    (
        "蓝政发",
        "dispatched",
        "decision",
        "蓝山县人民政府关于表彰2025年度优化营商环境先进单位的决定",
        "proactive",
    ),
    (
        "蓝政发",
        "signed",
        "notice",
        "蓝山县人民政府关于印发《蓝山县政务服务“一网通办”工作方案》的通知",
        "proactive",
    ),
    (
        "蓝政发",
        "signoff",
        "notice",
        "蓝山县人民政府关于开展2026年度安全生产大检查的通知",
        "proactive",
    ),
    (
        "蓝政发",
        "countersign",
        "opinion",
        "蓝山县人民政府关于加强耕地保护和改进占补平衡的实施意见",
        "proactive",
    ),
    (
        "蓝政发",
        "review",
        "request",
        "蓝山县人民政府关于申请省级政务服务标准化试点的请示",
        "not_public",
    ),
    ("蓝政发", "draft", "report", "蓝山县人民政府关于2026年法治政府建设情况的报告", "on_request"),
    ("蓝审批发", "dispatched", "notice", "关于推行“证照分离”改革全覆盖的通知", "proactive"),
    ("蓝审批发", "dispatched", "notice", "关于调整政务服务中心窗口工作时间的通知", "proactive"),
    ("蓝审批发", "dispatched", "letter", "关于商请协助核查企业登记信息的函", "not_public"),
    (
        "蓝审批发",
        "dispatched",
        "notice",
        "关于印发《行政审批服务局窗口服务规范》的通知",
        "proactive",
    ),
    ("蓝审批发", "signed", "bulletin", "关于2026年第三季度政务服务“好差评”情况的通报", "proactive"),
    ("蓝审批发", "signed", "notice", "关于开展窗口工作人员业务培训的通知", "not_public"),
    ("蓝审批发", "signoff", "notice", "关于推行容缺受理工作机制的通知", "proactive"),
    ("蓝审批发", "signoff", "request", "关于增加政务服务中心自助终端的请示", "not_public"),
    ("蓝审批发", "countersign", "opinion", "关于深化“一件事一次办”改革的实施意见", "proactive"),
    ("蓝审批发", "countersign", "notice", "关于做好企业开办“一日办结”工作的通知", "proactive"),
    ("蓝审批发", "review", "notice", "关于规范行政许可事项办事指南的通知", "proactive"),
    ("蓝审批发", "review", "minutes", "2026年第12次局务会议纪要", "not_public"),
    ("蓝审批发", "draft", "notice", "关于做好2027年元旦期间窗口值班工作的通知", "not_public"),
    ("蓝审批发", "draft", "report", "关于2026年度行政审批工作情况的报告", "on_request"),
    ("蓝审批发", "draft", "letter", "关于商请提供不动产登记数据接口的函", "not_public"),
    ("蓝审批发", "voided", "notice", "关于调整窗口收件目录的通知（作废）", "not_public"),
    (
        "蓝市监发",
        "dispatched",
        "notice",
        "关于开展2026年食品安全“守底线、查隐患、保安全”专项行动的通知",
        "proactive",
    ),
    (
        "蓝市监发",
        "dispatched",
        "public_notice",
        "关于开展个体工商户年度报告工作的通告",
        "proactive",
    ),
    ("蓝市监发", "signed", "notice", "关于加强元旦春节期间市场价格监管的通知", "proactive"),
    ("蓝市监发", "signoff", "notice", "关于开展电梯安全隐患排查整治的通知", "proactive"),
    ("蓝市监发", "countersign", "opinion", "关于进一步规范涉企行政检查的意见", "proactive"),
    ("蓝市监发", "review", "notice", "关于开展计量器具强制检定的通知", "proactive"),
    ("蓝市监发", "draft", "notice", "关于开展“双随机、一公开”抽查工作的通知", "proactive"),
    ("蓝市监发", "draft", "request", "关于申请市场监管执法装备经费的请示", "not_public"),
    (
        "蓝自然资发",
        "dispatched",
        "notice",
        "关于做好2026年度不动产登记“交地即交证”工作的通知",
        "proactive",
    ),
    ("蓝自然资发", "dispatched", "notice", "关于开展农村乱占耕地建房问题排查的通知", "proactive"),
    ("蓝自然资发", "signed", "reply", "关于城关镇舜源社区控制性详细规划调整的批复", "proactive"),
    ("蓝自然资发", "signoff", "notice", "关于加强汛期地质灾害防治工作的通知", "proactive"),
    ("蓝自然资发", "countersign", "opinion", "关于盘活存量建设用地的实施意见", "proactive"),
    ("蓝自然资发", "review", "notice", "关于开展国土空间规划“一张图”数据更新的通知", "not_public"),
    ("蓝自然资发", "draft", "notice", "关于做好2027年度土地利用计划申报工作的通知", "not_public"),
]

BODY = (
    "<p>{main_to}：</p>"
    "<p>为贯彻落实县委、县政府工作部署，{purpose}，经研究，现将有关事项通知如下。</p>"
    "<h2>一、总体要求</h2>"
    "<p>坚持以人民为中心的发展思想，坚持问题导向、目标导向和结果导向，确保各项工作落到实处。</p>"
    "<h2>二、工作任务</h2>"
    "<p>（一）加强组织领导。各单位要高度重视，主要负责同志亲自抓，分管负责同志具体抓。</p>"
    "<p>（二）落实工作责任。各单位要明确责任人和时间节点，建立工作台账，按时报送工作进展。</p>"
    "<h2>三、工作要求</h2>"
    "<p>各单位要于规定时间前将工作开展情况报送牵头单位。联系人：县政府办公室秘书科，电话：0746-2221002。</p>"
)
EDITS = (
    ("（一）加强组织领导。各单位要高度重视", "（一）切实加强组织领导。各单位要高度重视"),
    ("按时报送工作进展。", "每月5日前报送工作进展。"),
)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _issuers() -> dict[str, Issuer]:
    out = {}
    for prefix, unit, header, signature in ISSUERS:
        out[prefix], _created = Issuer.objects.get_or_create(
            prefix=prefix, defaults={"unit": _unit(unit), "header": header, "signature": signature}
        )
    return out


def _advance(document: OutgoingDocument, state: str, team, prefix: str) -> None:
    unit_code, drafter, colleague, reviewer = team
    if state == "draft":
        return
    route_services.document_submit(document=document, by=_user(drafter))
    if state == "review":
        return
    countersign = list(document.countersign_units.all())
    route_services.document_review(document=document, by=_user(reviewer), comment="核稿通过")
    if state == "countersign":
        return
    for unit in countersign:
        person = route_services.countersigners(document)[countersign.index(unit)]
        route_services.document_countersign(document=document, by=person, comment="同意")
    if state == "signoff":
        return
    route_services.document_sign_off(document=document, by=_user(SIGNERS[prefix]), comment="同意")
    if state == "voided":
        with transaction.atomic():
            locked = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
            number_void(locked, _user(SIGNERS[prefix]), "正文有误，重新拟稿")
            locked.status = DocStatus.VOIDED
            locked.save()
        return
    if state == "signed":
        return
    dispatch_services.document_dispatch(document=document, by=_user(drafter))


def load_demo_oa(stdout=None) -> int:
    if Issuer.objects.filter(prefix="蓝政发").exists():
        return 0
    route_services.ensure_route(by=_user(DESIGNER))
    issuers = _issuers()
    count = 0
    for n, (prefix, state, kind, title, openness) in enumerate(DOCUMENTS):
        team = TEAMS[prefix]
        unit_code, drafter, colleague, _reviewer = team
        countersign = (
            [_unit(c) for c in COUNTERSIGN[prefix]]
            if state in ("countersign", "signoff", "signed", "dispatched") and n % 2 == 0
            else []
        )
        recipients = [_unit(c) for c in RECIPIENTS if c != issuers[prefix].unit.code][: 2 + n % 3]
        body = BODY.format(
            main_to="各乡镇人民政府，县直各单位", purpose=f"做好{title[-12:-3]}相关工作"
        )
        with transaction.atomic():
            document = doc_services.document_create(
                by=_user(drafter),
                issuer=issuers[prefix],
                unit=_unit(unit_code),
                kind=kind,
                title=title,
                main_to="各乡镇人民政府，县直各单位",
                copy_to="县委办公室，县人大常委会办公室，县政协办公室",
                openness=openness,
                body=body,
                countersign_units=countersign,
                recipient_units=recipients,
                urgency="urgent" if n % 7 == 0 else "",
                copies=30,
            )
            if n % 3 != 2 and colleague != drafter:
                # A colleague sharpens the wording, then the drafter adjusts a date (痕迹保留).
                edited = body.replace(*EDITS[0])
                doc_services.document_update(document=document, by=_user(colleague), body=edited)
                doc_services.document_update(
                    document=document, by=_user(drafter), body=edited.replace(*EDITS[1])
                )
            _advance(document, state, team, prefix)
        count += 1
    # Half of the dispatched documents have been signed for by their first recipient.
    from .models import Dispatch

    for dispatch in Dispatch.objects.select_related("unit").order_by("pk")[::2]:
        holder = (
            User.objects.filter(posts__unit=dispatch.unit, posts__end_date__isnull=True)
            .order_by("pk")
            .first()
        )
        if holder is not None:
            dispatch_services.receipt_sign(dispatch=dispatch, by=holder)
    incoming = _demo_incoming()
    if stdout is not None:
        stdout.write(f"协同办公：发文 {count} 件（拟稿、核稿、会签、签发、已签发、已分发、作废）。")
        stdout.write(
            f"协同办公：登记收文 {incoming} 件（待拟办、待批示、承办中、已办结），含传阅。"
        )
    return count


# --- 收文 and 传阅 (issue 15) ---------------------------------------------------------------------
INCOMING = [
    # sender, number, title, state, urgency
    (
        "市人民政府办公室",
        "市政办发〔2026〕41号",
        "关于开展冬春火灾防控工作的通知",
        "registered",
        "",
    ),
    (
        "市应急管理局",
        "市应急〔2026〕18号",
        "关于做好低温雨雪冰冻灾害防范的紧急通知",
        "registered",
        "urgent",
    ),
    ("市财政局", "市财预〔2026〕77号", "关于提前下达2027年转移支付预算的通知", "proposed", ""),
    (
        "市人力资源和社会保障局",
        "市人社发〔2026〕9号",
        "关于做好根治欠薪冬季专项行动的通知",
        "proposed",
        "",
    ),
    (
        "市市场监督管理局",
        "市市监发〔2026〕33号",
        "关于开展元旦春节食品安全专项检查的通知",
        "handling",
        "urgent",
    ),
    (
        "市自然资源和规划局",
        "市自然资发〔2026〕21号",
        "关于开展耕地保护专项督察整改的通知",
        "handling",
        "",
    ),
    ("市人民政府", "市政发〔2026〕12号", "关于印发优化营商环境若干措施的通知", "concluded", ""),
    ("省人民政府办公厅", "", "关于做好2026年度政务公开工作考核的函", "concluded", ""),
]


def _demo_incoming() -> int:
    """The county office's 收文 register: two waiting for 拟办, two for the county leader's
    批示, two in handling by two units each (one of them overdue), two concluded; circulations
    in order and in parallel."""
    from .services import incoming as inc

    office = _unit("zfb")
    registrar = (
        User.objects.filter(posts__unit=office, posts__end_date__isnull=True).order_by("pk").first()
    )
    if registrar is None:
        return 0
    leader = _user("lijianguo")
    handlers = [_unit("scjgj"), _unit("zrzyj")]
    readers = [_user(u) for u in ("chenzhigang", "zhouxiaomei", "wujing")]
    today = timezone.localdate()
    count = 0
    for n, (sender, number, title, state, urgency) in enumerate(INCOMING):
        with transaction.atomic():
            document = inc.incoming_register(
                unit=office,
                by=registrar,
                sender=sender,
                number=number,
                title=title,
                urgency=urgency,
                received_on=today - datetime.timedelta(days=20 - 2 * n),
                copies=1 + n % 3,
                source="manual" if n % 2 else "barcode",
            )
            count += 1
            if state == "registered":
                continue
            inc.incoming_propose(
                document=document,
                by=registrar,
                proposal="拟请李建国县长阅示，由相关部门抓好落实。",
                leader=leader,
            )
            if state == "proposed":
                continue
            inc.incoming_instruct(
                document=document,
                by=leader,
                instruction="请市场监管局牵头、自然资源局配合，按期办结并报县政府办。",
                units=[(handlers[0], 3 if n == 4 else 10), (handlers[1], 15)],
            )
            if n % 2 == 0:
                inc.circulation_start(
                    document=document, by=registrar, readers=readers, mode="sequential"
                )
            else:
                circulation = inc.circulation_start(
                    document=document, by=registrar, readers=readers, mode="parallel"
                )
                first = circulation.readers.order_by("position").first()
                inc.circulation_read(entry=first, by=first.reader, comment="已阅，同意。")
            if state == "handling":
                continue
            for index, handling in enumerate(document.handlings.order_by("pk")):
                holder = (
                    User.objects.filter(posts__unit=handling.unit, posts__end_date__isnull=True)
                    .order_by("pk")
                    .first()
                )
                # The lead unit reports with its material (办理情况报告, a PDF).
                inc.handling_report(
                    handling=handling,
                    by=holder,
                    report="已按批示要求办理完毕。",
                    conclude=True,
                    uploads=[_demo_pdf("办理情况报告.pdf", "已按批示要求办理完毕。")]
                    if index == 0
                    else [],
                )
            inc.incoming_conclude(document=document, by=registrar)
    return count


# --- 日程安排 and 会议管理 ------------------------------------------------------------------------
ROOMS = [
    ("县政府第一会议室", "县政府大楼三楼", 80, "投影、扩音、视频会议终端", True),
    ("县政府常务会议室", "县政府大楼四楼", 40, "投影、扩音、视频会议终端", True),
    ("县政府第二会议室", "县政府大楼二楼", 30, "投影、扩音", False),
    ("市场监管局三楼会议室", "县市场监督管理局三楼", 20, "投影", False),
]
# username, [(day offset from the 1st, hour, minutes, title, kind, location)]
CALENDARS = {
    "chenzhigang": [
        (2, 15, 90, "听取政务服务“一件事一次办”工作汇报", "meeting", "县政府常务会议室"),
        (8, 10, 60, "接待市政府办公室调研组", "appointment", "县政府第二会议室"),
        (15, 9, 120, "督查重点项目建设进度", "appointment", "县工业园区"),
        (21, 14, 60, "约见县融媒体中心负责人", "appointment", "县政府办公室"),
    ],
    "liufang": [
        (3, 9, 60, "核对本周领导活动安排", "appointment", "秘书科"),
        (10, 16, 30, "报送周工作动态", "other", ""),
        (17, 14, 120, "公文处理业务培训", "meeting", "县政府第二会议室"),
    ],
    "caiming": [
        (4, 9, 180, "企业登记材料集中审核", "appointment", "登记注册股"),
        (12, 15, 60, "与税务局对接“多证合一”数据", "meeting", "县市场监督管理局三楼会议室"),
    ],
    "tangting": [
        (5, 10, 60, "现场勘验：蓝山县好味餐饮店", "appointment", "城关镇塔峰路18号"),
        (19, 9, 120, "审批业务月度例会", "meeting", "行政审批服务局会议室"),
    ],
}


def _aware(day, hour: int, minute: int = 0):
    import datetime

    from django.utils import timezone

    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def _demo_calendars(month_start) -> int:
    import datetime

    from .models import EventKind, ReminderChannel
    from .services import calendar as cal

    count = 0
    for username, rows in CALENDARS.items():
        user = _user(username)
        first_monday = month_start + datetime.timedelta(days=(7 - month_start.weekday()) % 7)
        cal.event_create(
            by=user,
            owner=user,
            title="科室周例会",
            kind=EventKind.MEETING,
            start=_aware(first_monday, 8, 30),
            end=_aware(first_monday, 9, 0),
            location="本科室",
            rrule="FREQ=WEEKLY;BYDAY=MO",
            reminders=[(ReminderChannel.IN_APP, 15)],
        )
        for offset, hour, minutes, title, kind, location in rows:
            start = _aware(month_start + datetime.timedelta(days=offset), hour)
            cal.event_create(
                by=user,
                owner=user,
                title=title,
                kind=kind,
                start=start,
                end=start + datetime.timedelta(minutes=minutes),
                location=location,
                reminders=[(ReminderChannel.IN_APP, 30), (ReminderChannel.SMS, 60)]
                if kind == "meeting"
                else [(ReminderChannel.IN_APP, 15)],
            )
            count += 1
        count += 1
    # A secretary keeps the deputy county head's calendar (代领导安排日程).
    leader, secretary = _user("lijianguo"), _user("liufang")
    cal.delegation_grant(leader=leader, secretary=secretary)
    for offset, hour, minutes, title, location in [
        (6, 9, 180, "调研城关镇便民服务中心", "城关镇便民服务中心"),
        (13, 15, 90, "主持召开安全生产专题会", "县政府常务会议室"),
        (24, 10, 120, "接待省发展改革委调研组", "县政府第二会议室"),
    ]:
        start = _aware(month_start + datetime.timedelta(days=offset), hour)
        cal.event_create(
            by=secretary,
            owner=leader,
            title=title,
            kind=EventKind.APPOINTMENT,
            start=start,
            end=start + datetime.timedelta(minutes=minutes),
            location=location,
            shared_with=[secretary],
            reminders=[(ReminderChannel.SMS, 60)],
        )
        count += 1
    cal.event_create(
        by=leader,
        owner=leader,
        title="下乡督导冬季农田水利建设",
        kind=EventKind.ALL_DAY,
        all_day=True,
        start=_aware(month_start + datetime.timedelta(days=18), 0),
        end=_aware(month_start + datetime.timedelta(days=19), 0),
        location="塔峰镇、祠堂圩镇",
    )
    cal.event_create(
        by=leader,
        owner=leader,
        title="结婚纪念日",
        kind=EventKind.ANNIVERSARY,
        all_day=True,
        start=_aware(month_start + datetime.timedelta(days=26), 0),
        end=_aware(month_start + datetime.timedelta(days=26), 0),
        rrule="FREQ=YEARLY",
    )
    return count + 2


def _shift_meeting(meeting, start) -> None:
    """Demo only: move a meeting (and its booking and calendar entries) back in time after its
    replies were recorded, so the demo shows a meeting already held."""
    from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

    from .models import CalendarEvent, MeetingNotice, RoomBooking

    delta = start - meeting.start
    MeetingNotice.objects.filter(pk=meeting.pk).update(
        start=meeting.start + delta,
        end=meeting.end + delta,
        reply_deadline=meeting.reply_deadline + delta,
        sent_at=meeting.sent_at + delta,
    )
    for booking in RoomBooking.objects.filter(meeting=meeting):
        booking.during = DateTimeTZRange(booking.during.lower + delta, booking.during.upper + delta)
        booking.save(update_fields=["during"])
    for event in CalendarEvent.objects.filter(meeting=meeting):
        CalendarEvent.objects.filter(pk=event.pk).update(
            start=event.start + delta, end=event.end + delta
        )


def _demo_meetings(today) -> int:
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from .models import MeetingInvitee, MeetingRoom, MeetingSignIn
    from .services import meetings as mt

    rooms = {r.name: r for r in MeetingRoom.objects.all()}
    organiser = _user("chenzhigang")
    office = _unit("zfb")
    units = [_unit(code) for code in ("spj", "scjgj", "zrzyj", "rsj")]
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

    def notice(title, day, hour, room, kind="onsite", persons=(), invite=units, agenda=""):
        start = _aware(day, hour)
        return mt.meeting_create(
            by=organiser,
            unit=office,
            title=title,
            kind=kind,
            start=start,
            end=start + datetime.timedelta(hours=2),
            reply_deadline=start - datetime.timedelta(hours=18),
            room=rooms[room],
            agenda=agenda,
            units=invite,
            persons=list(persons),
        )

    # 1. A video conference in two days: two units replied (one by SMS), two have not.
    video = notice(
        "全县冬春火灾防控工作电视电话会议",
        today + datetime.timedelta(days=2),
        9,
        "县政府第一会议室",
        kind="video",
        agenda="一、传达全省冬春火灾防控工作会议精神\n二、通报近期火灾形势\n三、部署冬春火灾防控重点工作\n四、县政府领导讲话",
    )
    mt.attachment_add(
        meeting=video,
        by=organiser,
        upload=SimpleUploadedFile("会议议程.pdf", pdf, content_type="application/pdf"),
    )
    video = mt.meeting_send(meeting=video, by=organiser)
    spj = MeetingInvitee.objects.get(meeting=video, unit=units[0])
    mt.meeting_reply(
        invitee=spj, by=_user("dengli"), attendee_users=[_user("dengli"), _user("luocheng")]
    )
    mt.record_sms_reply(meeting=video, unit_or_person=units[1], text="潘志强局长、石磊参加")
    # 2. The county government's executive meeting next week: a draft, not yet sent.
    notice(
        "县人民政府第二十三次常务会议",
        today + datetime.timedelta(days=5),
        15,
        "县政府常务会议室",
        persons=[_user("lijianguo"), _user("zhouxiaomei")],
        invite=[units[0], units[2]],
        agenda="一、审议《蓝山县优化营商环境若干措施》\n二、研究城区老旧小区改造项目\n三、其他事项",
    )
    # 3. Held three days ago: all replied, people signed in, minutes with action items. The
    # supervisor (督查室, a section of the office) is invited in person: she attends and turns
    # its action items into supervision items (转督办) from the meeting's page.
    held = notice(
        "第四季度政务公开工作推进会",
        today + datetime.timedelta(days=9),
        9,
        "县政府第二会议室",
        invite=units[:3],
        persons=[_user(SUPERVISOR)],
        agenda="一、通报第四季度政务公开测评情况\n二、部署年度报告编制工作",
    )
    held = mt.meeting_send(meeting=held, by=organiser)
    mt.meeting_reply(
        invitee=MeetingInvitee.objects.get(meeting=held, unit=units[0]),
        by=_user("zengyaqin"),
        attendee_users=[_user("zengyaqin")],
    )
    mt.record_sms_reply(meeting=held, unit_or_person=units[1], text="石磊参加")
    mt.record_sms_reply(meeting=held, unit_or_person=units[2], text="我局请假，不参加")
    mt.meeting_reply(
        invitee=MeetingInvitee.objects.get(meeting=held, person=_user(SUPERVISOR)),
        by=_user(SUPERVISOR),
    )
    _shift_meeting(held, _aware(today - datetime.timedelta(days=3), 9))
    held.refresh_from_db()
    for username in ("chenzhigang", "zengyaqin", "wujing", SUPERVISOR):
        MeetingSignIn.objects.get_or_create(meeting=held, user=_user(username))
    mt.minutes_save(
        meeting=held,
        by=organiser,
        minutes="会议通报了第四季度政务公开测评情况，要求各单位对照问题清单逐项整改，"
        "于年底前完成政府信息公开工作年度报告编制。",
    )
    mt.action_item_add(
        meeting=held,
        by=organiser,
        title="整改政务公开测评中发现的栏目更新不及时问题",
        owner_unit=units[0],
        due_date=today + datetime.timedelta(days=14),
    )
    mt.action_item_add(
        meeting=held,
        by=organiser,
        title="完成本单位政府信息公开工作年度报告初稿",
        owner_unit=units[2],
        due_date=today + datetime.timedelta(days=20),
    )
    return 3


@transaction.atomic
def load_demo_calendar(stdout=None) -> int:
    """Rooms, calendars of demo staff for the current month and three meetings with replies.
    Repeatable: it does nothing once the first room exists."""
    from django.utils import timezone

    from .models import MeetingRoom

    if MeetingRoom.objects.filter(name=ROOMS[0][0]).exists():
        return 0
    for name, location, capacity, equipment, video in ROOMS:
        MeetingRoom.objects.create(
            name=name, location=location, capacity=capacity, equipment=equipment, has_video=video
        )
    today = timezone.localdate()
    events = _demo_calendars(today.replace(day=1))
    meetings = _demo_meetings(today)
    if stdout is not None:
        stdout.write(
            f"协同办公：会议室 {len(ROOMS)} 间，日程 {events} 项，会议 {meetings} 个（含回执、签到和纪要）。"
        )
    return events


# --- 我的公务邮箱 and 公共通讯录 ------------------------------------------------------------------

# People who keep their mobile to their own unit (公共通讯录: 仅本单位可见).
UNIT_ONLY_MOBILE = ("lijianguo", "zhouxiaomei", "luocheng", "panzhiqiang", "liaoguohua")
# (sender, to, cc, subject, body, request receipt, read by recipients)
MAILS = [
    (
        "chenzhigang",
        "【单位】县行政审批服务局；【单位】县市场监督管理局",
        "lijianguo",
        "关于报送2026年度工作总结和2027年工作计划的通知",
        "各单位：\n\n请于12月20日前将本单位2026年度工作总结和2027年工作计划（电子版）报送县政府办公室秘书科，联系人刘芳，电话0746-8821002。\n\n县政府办公室\n2026年12月1日",
        True,
        True,
    ),
    (
        "liufang",
        "谢伟 <xiewei>；袁伟民 <yuanweimin>",
        "",
        "周五下午政务服务工作调度会的材料",
        "谢科长、袁股长：\n\n周五下午三点在县政府三楼会议室召开政务服务工作调度会，请各准备5分钟发言材料，重点讲“一网通办”推进情况和存在的问题。\n\n刘芳",
        True,
        False,
    ),
    (
        "xiewei",
        "唐婷 <tangting>；韩磊 <hanlei>",
        "罗成 <luocheng>",
        "本周审批件办理情况汇总",
        "唐婷、韩磊：\n\n本周受理审批件共47件，已办结39件，8件在审查中。请把超过5个工作日未办结的件逐件说明原因，明天上午下班前发我。\n\n谢伟",
        False,
        True,
    ),
    (
        "tangting",
        "谢伟 <xiewei>",
        "",
        "回复：本周审批件办理情况汇总",
        "谢科长：\n\n超过5个工作日未办结的有3件，均为等待申请人补正材料，补正告知书已于周二送达。明细见附件。\n\n唐婷",
        False,
        True,
    ),
    (
        "caiming",
        "袁伟民 <yuanweimin>",
        "",
        "企业开办“一件事”材料清单（修改稿）",
        "袁股长：\n\n按照您的意见，已把材料清单由12项精简为7项，删去了可以通过数据共享获取的营业执照复印件和身份证复印件。请审阅。\n\n蔡明",
        True,
        True,
    ),
    (
        "yuanweimin",
        "蔡明 <caiming>",
        "潘志强 <panzhiqiang>",
        "回复：企业开办“一件事”材料清单（修改稿）",
        "蔡明：\n\n清单可以，第5项“住所使用证明”写清楚可以用承诺制替代。改好后报潘局长审定。\n\n袁伟民",
        False,
        False,
    ),
    (
        "xiongtao",
        "龙海燕 <longhaiyan>",
        "",
        "不动产登记窗口延时服务排班",
        "龙主任：\n\n12月份中午延时服务排班已排好，每天两人，周六上午一人。请您审定后在窗口公示。\n\n熊涛",
        False,
        True,
    ),
    (
        "huanghaitao",
        "【角色】科室负责人@县行政审批服务局",
        "chenzhigang",
        "督查通知：政务服务好差评整改情况",
        "各科室负责人：\n\n11月份政务服务“好差评”共收到差评4条，请相关科室于12月10日前完成整改并书面反馈督查室。\n\n县政府督查室 黄海涛",
        True,
        False,
    ),
    (
        "tanhongmei",
        "陶然 <taoran>",
        "",
        "临时救助资金拨付请示",
        "陶股长：\n\n12月份临时救助资金拨付请示已随函附上，共涉及困难群众86户，资金21.5万元，请予支持。\n\n谭红梅",
        False,
        True,
    ),
    (
        "daiguoqing",
        "刘芳 <liufang>",
        "",
        "城关镇便民服务中心窗口调整的报告",
        "刘科长：\n\n城关镇便民服务中心拟新增不动产登记和社保经办两个窗口，请县政府办公室协调相关部门派驻人员。\n\n戴国庆",
        False,
        False,
    ),
]
# (owner, folder name, the subject of a message in their inbox to file there)
MAIL_FOLDERS = [
    ("xiewei", "审批件督办", "督查通知：政务服务好差评整改情况"),
    ("liufang", "年度总结", "城关镇便民服务中心窗口调整的报告"),
]
AGENDA = (
    "政务服务工作调度会议程",
    "一、县行政审批服务局汇报“一网通办”推进情况",
    "二、县市场监督管理局汇报企业开办“一件事”改革进展",
    "三、县政府领导讲话",
)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _agenda_docx() -> bytes:
    import io

    from docx import Document

    doc = Document()
    for line in AGENDA:
        doc.add_paragraph(line)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _demo_contacts() -> int:
    from .services.contacts import contact_refresh, contact_update

    count = 0
    for n, user in enumerate(User.objects.filter(kind="staff", posts__isnull=False).distinct()):
        contact = contact_refresh(user)
        if contact is None or contact.office_phone:
            continue
        contact_update(
            by=user,
            office_phone=f"0746-88{21000 + n * 7:05d}",
            room=f"{3 + n % 4}{n % 10:02d}",
            mobile_scope="unit" if user.username in UNIT_ONLY_MOBILE else "county",
        )
        count += 1
    return count


def load_demo_mail(stdout=None) -> int:
    """Contact details for every demo staff member, and mail between them (read and unread,
    with cc, a whole unit, a role, a receipt, an attachment, a draft and own folders).
    Repeatable: the mail is written once."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .constants import MailRole
    from .models import MailDelivery, MailMessage
    from .services import mail as mail_services

    contacts = _demo_contacts()
    if MailMessage.objects.filter(subject=MAILS[0][3]).exists():
        return 0
    if not User.objects.filter(username=MAILS[0][0]).exists():
        return 0
    sent = 0
    for sender, to, cc, subject, body, receipt, read in MAILS:
        uploads = []
        if subject == "周五下午政务服务工作调度会的材料":
            uploads = [SimpleUploadedFile("会议议程.docx", _agenda_docx(), DOCX)]
        with transaction.atomic():
            draft = mail_services.draft_save(
                by=_user(sender),
                subject=subject,
                body=body,
                to=to,
                cc=cc,
                request_receipt=receipt,
                uploads=uploads,
            )
            message = mail_services.mail_send(by=_user(sender), message=draft)
            if read:
                for copy in MailDelivery.objects.filter(message=message).exclude(
                    role=MailRole.SENDER
                ):
                    mail_services.mail_open(by=copy.owner, delivery_id=copy.pk)
        sent += 1
    for owner, name, subject in MAIL_FOLDERS:
        folder = mail_services.folder_create(by=_user(owner), name=name)
        copy = MailDelivery.objects.filter(owner__username=owner, message__subject=subject).first()
        if copy is not None:
            mail_services.mail_move(
                by=_user(owner), delivery_ids=[copy.pk], target=f"folder:{folder.pk}"
            )
    mail_services.draft_save(
        by=_user("tangting"),
        subject="关于申请参加全省政务服务业务培训的请示",
        body="谢科长：\n\n省政务服务中心12月中旬举办业务培训，我和韩磊想报名参加，请批示。",
        to="谢伟 <xiewei>",
    )
    if stdout is not None:
        stdout.write(f"协同办公：公务邮件 {sent} 封，通讯录信息 {contacts} 人。")
    return sent


# --- 短信收发, 通知公告, 值班管理 ----------------------------------------------------------------

SMS_TEMPLATES = [
    ("会议通知", "请于明日上午9时到县政府三楼会议室参加会议，请准时参加。回复1参加，回复2请假。"),
    ("值班提醒", "您明天在县政府总值班室值班，请提前10分钟到岗，保持电话畅通。"),
    ("防汛预警", "气象台发布暴雨橙色预警，请各单位落实防汛值班，遇险情立即报告县防汛办。"),
    ("材料报送提醒", "请于本周五下班前报送年度工作总结电子版，逾期将予以通报。"),
]

NOTICE_BODY = (
    "<p>各乡镇人民政府，县直各单位：</p><p>{text}</p>"
    "<p>请各单位高度重视，认真抓好落实。</p><p>县人民政府办公室</p>"
)
# (title, text, scope, state, pinned)
NOTICES = [
    (
        "关于2026年元旦放假安排的通知",
        "元旦放假时间为1月1日至3日，共3天。节日期间各单位要安排好值班工作，确保通讯畅通。",
        "county",
        "published",
        True,
    ),
    (
        "关于开展冬季安全生产大检查的通知",
        "自即日起至12月31日，在全县范围内开展冬季安全生产大检查，重点检查消防、燃气和道路交通安全。",
        "county",
        "published",
        False,
    ),
    (
        "关于报送2026年度工作总结的通知",
        "请各单位于12月20日前将年度工作总结（电子版）报县政府办公室秘书科。",
        "county",
        "published",
        False,
    ),
    (
        "关于调整机关食堂开放时间的通知",
        "自12月1日起，机关食堂午餐时间调整为11:30至13:00。",
        "county",
        "expired",
        False,
    ),
    (
        "关于审批科业务培训的通知",
        "审批科定于本周四下午3时在五楼会议室开展“一网通办”业务培训。",
        "units",
        "published",
        False,
    ),
    (
        "关于做好春节期间值班工作的通知（草稿）",
        "春节期间实行24小时值班和领导带班制度。",
        "county",
        "draft",
        False,
    ),
    (
        "关于举办政务公开工作培训班的通知",
        "定于12月下旬举办全县政务公开工作培训班，每单位报名1至2人。",
        "county",
        "pending",
        False,
    ),
]


def _demo_sms() -> int:
    from .models import SmsTemplate, SmsThread
    from .services import sms as sms_services

    for name, body in SMS_TEMPLATES:
        SmsTemplate.objects.get_or_create(name=name, defaults={"body": body})
    sender = _user("liufang")
    if SmsThread.objects.filter(owner=sender).exists():
        return 0
    people = [_user(u) for u in ("chenzhigang", "wujing", "hewenbin", "huanghaitao")]
    sent = sms_services.sms_send(by=sender, body=SMS_TEMPLATES[0][1], people=people)
    by_user = {m.thread.counterpart.username: m for m in sent}
    # Two replied (one of them with the business context the meeting helper will hook in), one
    # was delivered, one number failed at the gateway.
    sms_services.delivery_report(
        msgid=f"egov-{by_user['chenzhigang'].notification_id}", status="delivered"
    )
    sms_services.inbound_receive(
        mobile=by_user["chenzhigang"].mobile,
        text="1，准时参加。",
        gateway_id="demo-in-1",
        reply_to=f"egov-{by_user['chenzhigang'].notification_id}",
    )
    sms_services.inbound_receive(
        mobile=by_user["wujing"].mobile,
        text="2，下乡调研请假，由孙悦参加。",
        gateway_id="demo-in-2",
    )
    sms_services.delivery_report(
        msgid=f"egov-{by_user['huanghaitao'].notification_id}", status="failed", error="用户关机"
    )
    # A citizen asked about a complaint's progress.
    citizen = sms_services.sms_send(
        by=sender,
        body="王先生您好，您反映的城关镇路灯损坏问题已转县住建局处理，预计3个工作日内修复。",
        numbers=["13974610101"],
    )[0]
    sms_services.inbound_receive(
        mobile=citizen.mobile, text="好的，谢谢政府！", gateway_id="demo-in-3"
    )
    return len(sent) + 1


def _demo_notices() -> int:
    import datetime

    from django.utils import timezone

    from .models import Notice
    from .services import notices as notice_services

    if Notice.objects.exists():
        return 0
    notice_services.ensure_route(by=_user(DESIGNER))
    drafter, reviewer = _user("sunyue"), _user("wujing")
    unit = _unit("zfb-zwgk")
    today = timezone.localdate()
    count = 0
    for title, text, scope, state, pinned in NOTICES:
        kw = {}
        author, approver, owner = drafter, reviewer, unit
        if scope == "units":
            author, approver, owner = _user("tangting"), _user("xiewei"), _unit("spj-spk")
            kw["units"] = [_unit("spj")]
        notice = notice_services.notice_save(
            by=author,
            unit=owner,
            title=title,
            body=NOTICE_BODY.format(text=text),
            scope=scope,
            is_pinned=pinned,
            expires_on=today + datetime.timedelta(days=30) if state != "draft" else None,
            **kw,
        )
        count += 1
        if state == "draft":
            continue
        notice_services.notice_submit(notice=notice, by=author)
        if state == "pending":
            continue
        notice = notice_services.notice_review(notice=notice, by=approver, approve=True)
        if state == "expired":
            Notice.objects.filter(pk=notice.pk).update(
                expires_on=today - datetime.timedelta(days=3)
            )
            continue
        readers = list(notice_services.audience(notice).order_by("pk"))
        for person in readers[: len(readers) * 2 // 3]:
            notice_services.notice_mark_read(notice=notice, by=person)
        if scope == "county":
            comment = notice_services.comment_add(
                notice=notice, by=_user("caiming"), body="请问是否需要同时报送纸质版？"
            )
            notice_services.comment_moderate(comment=comment, by=approver, approve=True)
            notice_services.comment_add(
                notice=notice, by=_user("tangting"), body="收到，我局将按时落实。"
            )
    return count


def _demo_duty() -> int:
    import calendar
    import datetime

    from django.utils import timezone

    from .models import DutyRecordTemplate, DutyRoster
    from .services import duty as duty_services

    templates = [
        ("phone", "来电记录（通用）", "来电时间：\n来电单位：\n来电事由：\n领导批示：\n处理结果："),
        (
            "phone",
            "突发事件来电",
            "事件发生时间、地点：\n人员伤亡及财产损失：\n已采取的措施：\n需要协调的事项：",
        ),
        (
            "report",
            "值班情况报告单",
            "值班期间总体情况：\n重要来电来文：\n突发事件及处置：\n需交接事项：",
        ),
    ]
    for kind, name, body in templates:
        DutyRecordTemplate.objects.get_or_create(kind=kind, name=name, defaults={"body": body})
    if DutyRoster.objects.exists():
        return 0
    head = _user("chenzhigang")
    unit = _unit("zfb")
    officers = [
        _user(u) for u in ("liufang", "huanghaitao", "zhaolijuan", "wujing", "sunyue", "hewenbin")
    ]
    today = timezone.localdate()
    last = calendar.monthrange(today.year, today.month)[1]
    month = duty_services.roster_create(
        by=head,
        unit=unit,
        title=f"县政府总值班室{today.year}年{today.month}月值班表",
        start=today.replace(day=1),
        end=today.replace(day=last),
        phone="0746-2220000",
        officers=officers,
        leaders=[head],
        is_public=True,
    )
    duty_services.roster_create(
        by=head,
        unit=unit,
        title="县政府总值班室2026年国庆节、中秋节值班表",
        start=datetime.date(2026, 9, 30),
        end=datetime.date(2026, 10, 8),
        phone="0746-2220000",
        officers=officers,
        leaders=[head],
    )
    shifts = list(month.shifts.filter(date__lte=today).order_by("date", "kind"))
    if shifts:
        current = shifts[-1]
        duty_services.record_add(
            shift=current,
            by=current.officer,
            kind="phone",
            title="城关镇报告：G207线K12处山体落石",
            caller="城关镇党政办 李主任",
            caller_phone="0746-2222501",
            content="今日7时许，G207线K12处发生少量山体落石，未造成人员伤亡，已设置警示标志。",
            handling="已电话通知县交通运输局路政管理股，派员前往清理。",
        )
    future = month.shifts.filter(date__gt=today).order_by("date", "kind").first()
    if future is not None:
        substitute = next(o for o in officers if o.pk != future.officer_id)
        duty_services.swap_request(
            shift=future, by=future.officer, substitute=substitute, reason="当天需赴市里参加培训"
        )
    return month.shifts.count()


def load_demo_tools(stdout=None) -> None:
    """短信、通知公告和值班的演示数据；可重复执行。"""
    sms = _demo_sms()
    notices = _demo_notices()
    shifts = _demo_duty()
    if stdout is not None:
        stdout.write(f"协同办公：短信 {sms} 条，通知公告 {notices} 条，值班班次 {shifts} 个。")


# --- 督办 and 归档 (issue 15) ---------------------------------------------------------------------
SUPERVISOR = "zhaolijuan"  # 督查室督查专员
# Outgoing documents archived (permission oa.archive_record): the licensing bureau's by its
# archivist (档案员 李文静), market regulation's by its clerk (审批科员 hold it by default too).
ARCHIVIST = "liwenjing"
ARCHIVED = [
    ("关于推行“证照分离”改革全覆盖的通知", ARCHIVIST, "Y"),
    ("关于调整政务服务中心窗口工作时间的通知", ARCHIVIST, "D10"),
    ("关于商请协助核查企业登记信息的函", ARCHIVIST, "D30"),
    ("关于开展个体工商户年度报告工作的通告", "caiming", "D30"),
]


def _demo_pdf(name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .samples import sample_pdf

    title = name.removesuffix(".pdf")
    return SimpleUploadedFile(name, sample_pdf(title, [text]), content_type="application/pdf")


def _backdate_overdue(item, due: datetime.date, created: datetime.date) -> None:
    """Demo only: an item set up weeks ago whose due date has passed (item_create accepts only
    a future due date). Its case clock moves with it, so e-supervision shows it late."""
    from platform_core.models import CaseClock

    from .models import SupervisionEvent, SupervisionItem

    start = timezone.make_aware(datetime.datetime.combine(created, datetime.time(9)))
    SupervisionItem.objects.filter(pk=item.pk).update(due_date=due, created_at=start)
    SupervisionEvent.objects.filter(item=item).update(at=start)
    CaseClock.objects.filter(pk=item.clock_id).update(start_date=created, due_date=due)


def _demo_supervision() -> int:
    """The supervision office (赵丽娟, 督查室) supervises a county document (open, two progress
    reports, one milestone done), another document (overdue, reminded with escalation to the
    unit head), two leader's instructions on 收文 (one under review, one closed) and an action
    item of the 政务公开 meeting's minutes (closed and archived)."""
    from .constants import SupervisionSource
    from .models import ActionItem, IncomingDocument
    from .services import supervision as sv

    inspector = _user(SUPERVISOR)
    today = timezone.localdate()

    def document(title):
        return OutgoingDocument.objects.get(title=title)

    def create(kind, source_id, lead, days, **kw):
        return sv.item_create(
            by=inspector,
            source_kind=kind,
            source_id=source_id,
            lead_unit=_unit(lead),
            due_date=today + datetime.timedelta(days=days),
            **kw,
        )

    count = 0
    # 1. Open: the county's 优化营商环境 opinion, led by the licensing bureau's 审批科.
    opinion = create(
        SupervisionSource.DOCUMENT,
        document("蓝山县人民政府关于进一步优化营商环境的实施意见").pk,
        "spj-spk",
        30,
        co_units=[_unit("scjgj-djzc")],
        milestones=[
            ("制定任务分工方案", today + datetime.timedelta(days=7)),
            ("完成第一批事项清单梳理", today + datetime.timedelta(days=20)),
        ],
        requirement="请审批科牵头，登记注册股配合，逐条分解实施意见任务，每周五反馈进展。",
    )
    sv.progress_report(
        item=opinion,
        by=_user("tangting"),
        text="已起草任务分工方案，明确32项任务的责任股室和完成时限，报局务会审定。",
        uploads=[_demo_pdf("任务分工方案（送审稿）.pdf", "32项任务的责任股室和完成时限。")],
        milestone=opinion.milestones.order_by("due_date").first(),
    )
    sv.progress_report(
        item=opinion,
        by=_user("caiming"),
        text="登记注册股已梳理企业开办环节事项清单，共9项，已报审批科汇总。",
    )
    count += 1
    # 2. Overdue and reminded: the safety notice, led by 登记注册股, due three days ago.
    safety = create(
        SupervisionSource.DOCUMENT,
        document("蓝山县人民政府关于做好2026年元旦春节期间安全生产工作的通知").pk,
        "scjgj-djzc",
        10,
        requirement="请于期限前报送节日期间市场主体安全检查情况。",
    )
    sv.progress_report(
        item=safety,
        by=_user("caiming"),
        text="已完成城关镇辖区大型商超安全检查，其余乡镇检查正在进行。",
    )
    _backdate_overdue(
        safety, today - datetime.timedelta(days=3), today - datetime.timedelta(days=20)
    )
    sv.reminders_scan(today=today)  # the overdue point: the clerks, then the unit head (升级)
    count += 1
    # 3. Under review: the county leader's instruction on the food-safety 收文.
    food = IncomingDocument.objects.get(title="关于开展元旦春节食品安全专项检查的通知")
    checks = create(SupervisionSource.INSTRUCTION, food.pk, "scjgj", 15)
    sv.progress_report(
        item=checks,
        by=_user("panzhiqiang"),
        text="专项检查已完成：检查经营主体146家，责令整改12家，立案查处2起。请予审核办结。",
        uploads=[_demo_pdf("食品安全专项检查情况报告.pdf", "检查经营主体146家。")],
        completion=True,
    )
    count += 1
    # 4. Closed: the instruction on the concluded 营商环境 收文.
    measures = IncomingDocument.objects.get(title="关于印发优化营商环境若干措施的通知")
    closed = create(SupervisionSource.INSTRUCTION, measures.pk, "scjgj", 10)
    sv.progress_report(
        item=closed,
        by=_user("panzhiqiang"),
        text="若干措施已分解落实到各股室，涉企检查事项已全部纳入“双随机”抽查。",
        completion=True,
    )
    sv.item_review(item=closed, by=inspector, approve=True, comment="材料齐全，同意办结。")
    count += 1
    # 5. Closed and archived: an action item of the 政务公开 meeting's minutes.
    action = ActionItem.objects.filter(title="整改政务公开测评中发现的栏目更新不及时问题").first()
    if action is not None:
        fixed = create(SupervisionSource.MEETING, action.pk, action.owner_unit.code, 14)
        sv.progress_report(
            item=fixed,
            by=_user("dengli"),
            text="已完成12个栏目的内容更新，建立栏目更新周报制度。",
            completion=True,
        )
        sv.item_review(item=fixed, by=inspector, approve=False, comment="请补充栏目更新台账。")
        sv.progress_report(
            item=fixed,
            by=_user("dengli"),
            text="已补充栏目更新台账（附件）。",
            uploads=[_demo_pdf("政务公开栏目更新台账.pdf", "12个栏目的更新记录。")],
            completion=True,
        )
        sv.item_review(item=fixed, by=inspector, approve=True, comment="同意办结。")
        archive_services.supervision_archive(item=fixed, by=inspector, retention="D10")
        count += 1
    return count


def _demo_archive() -> int:
    for title, clerk, retention in ARCHIVED:
        archive_services.document_archive(
            document=OutgoingDocument.objects.get(title=title),
            by=_user(clerk),
            retention=retention,
        )
    return len(ARCHIVED)


def load_demo_supervision(stdout=None) -> int:
    """督办事项与归档文件的演示数据；可重复执行（督查室已有事项时不再添加）。"""
    from .models import ArchiveRecord, SupervisionItem

    if SupervisionItem.objects.exists() or ArchiveRecord.objects.exists():
        return 0
    if not OutgoingDocument.objects.filter(status=DocStatus.DISPATCHED).exists():
        return 0  # the documents' demo has not run
    with transaction.atomic():
        items = _demo_supervision()
        archived = _demo_archive()
    if stdout is not None:
        stdout.write(
            f"协同办公：督办事项 {items} 项（办理中、已超期催办、待审核、已办结、已归档），"
            f"归档公文 {archived} 件。"
        )
    return items
