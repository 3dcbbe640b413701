# ruff: noqa: E501 - data tables: one document per line reads better than wrapped rows
"""Demo official documents for `manage.py load_demo`: four issuing organs (the county government
and three bureaus) and about forty outgoing documents in every state — drafts (some edited by
colleagues, so the 修订 page shows several people), at 核稿, at 会签 with two units, at 签发,
signed, dispatched with receipts partly signed (and 主动公开 ones in the disclosure catalogue),
and one voided number. Everything here is invented. Repeatable: it does nothing once the
county's 机关代字 exists.
"""

from __future__ import annotations

from django.db import transaction

from platform_core.models import OrgUnit, User

from .constants import DocStatus
from .models import Issuer, OutgoingDocument
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
    if stdout is not None:
        stdout.write(f"协同办公：发文 {count} 件（拟稿、核稿、会签、签发、已签发、已分发、作废）。")
    return count


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
