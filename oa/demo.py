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
