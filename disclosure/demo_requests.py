# ruff: noqa: E501 - data tables: one visitor per line reads better than wrapped rows
"""Demo requests for disclosure on request (`manage.py load_demo`): the county office's (县政府办公室)
requests in every state, from the demo citizens and company and from letters, faxes and visits;
one late request with its red card. Everything here is invented. Repeatable: nothing is added
when the office has requests already.

The office's disclosure officer is 吴静 (wujing); 刘芳 (liufang), who holds a 科室负责人 post at
the office from the catalogue demo, approves extensions.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from platform_core.models import OrgUnit, User
from platform_core.selectors.calendar import add_working_days
from platform_core.services.supervision import clock_cards_scan

from .constants import RequestChannel
from .models import DisclosureRequest
from .selectors.requests import query_code_hash
from .services import requests as services

DEMO_QUERY_CODE = "20261206"  # printed by load_demo for the lookup page

VISITORS = [
    # (name, id number seed, mobile, description)
    (
        "赵志明",
        "431127197406213537",
        "15074610108",
        "蓝山县2026年城区老旧小区改造项目的资金安排文件",
    ),
    ("周敏", "431124198604112460", "15074610109", "塔峰镇2025年度农村低保对象评审记录"),
    ("孙建平", "431127195810031754", "15174610112", "县城南片区控制性详细规划的批复文件"),
    ("朱文华", "431127197105152590", "18274610114", "2026年县级财政预算执行情况的审计报告"),
    ("高翔", "430102198403094170", "18274610115", "舜乡路拓宽工程的征收补偿方案"),
    ("林小芳", "431127197907271368", "18374610116", "县政府2026年第12次常务会议纪要"),
    ("何志刚", "431127196711121930", "18374610117", "县人民医院新院区项目的环评批复"),
    ("郭春燕", "430104199104042620", "18374610118", "2025年度县政府信息公开申请办理情况统计"),
    ("马金山", "431127195501303171", "19974610119", "县城区公交线路调整的听证会记录"),
    ("罗雨欣", "431127200309014280", "19974610120", "2026年县级教育专项资金分配文件"),
    ("吴国强", "431127196308281117", "15174610110", "蓝山县河长制工作年度考核结果"),
    ("徐婷婷", "431128199302192880", "15174610111", "县城区停车收费标准的成本监审报告"),
]


def _fields(name: str, id_number: str, mobile: str, description: str, **extra) -> dict:
    from platform_core.validators import resident_id_check_char

    id_number = id_number[:17] + resident_id_check_char(id_number[:17])
    fields = {
        "applicant_type": "natural",
        "applicant_name": name,
        "id_number": id_number,
        "mobile": mobile,
        "address": "蓝山县塔峰镇舜乡路18号",
        "postcode": "425800",
        "description": description,
        "form_wanted": "paper",
        "delivery_method": "mail",
    }
    fields.update(extra)
    return fields


def _pdf(title: str) -> ContentFile:
    from platform_core.services.pdf import html_to_pdf

    html = (
        '<html lang="zh-CN"><body style="font-family: Noto Sans CJK SC">'
        f"<h1>{title}</h1><p>（演示文件）</p></body></html>"
    )
    upload = ContentFile(html_to_pdf(html), name=f"{title}.pdf")
    return upload


def load_request_demo(stdout=None) -> int:
    zfb = OrgUnit.objects.filter(code="zfb").first()
    officer = User.objects.filter(username="wujing").first()
    head = User.objects.filter(username="liufang").first()
    if zfb is None or officer is None or head is None:
        return 0
    if DisclosureRequest.objects.filter(unit=zfb).exists():
        return DisclosureRequest.objects.filter(unit=zfb).count()
    with transaction.atomic():
        count = _load(zfb, officer, head, stdout)
    clock_cards_scan()
    return count


def _register(officer, zfb, n: int, received_on, channel=RequestChannel.LETTER, **extra):
    name, id_number, mobile, description = VISITORS[n]
    description = extra.pop("description", description)
    if channel == RequestChannel.IN_PERSON:
        received_on = None
    row, _code = services.request_register(
        by=officer,
        unit=zfb,
        channel=channel,
        received_on=received_on,
        **_fields(name, id_number, mobile, description, **extra),
    )
    return row


def _load(zfb, officer, head, stdout) -> int:
    today = timezone.localdate()

    def ago(days: int):
        return add_working_days(today, -days)

    wang = User.objects.filter(mobile="13974610101", kind="citizen").first()
    li = User.objects.filter(mobile="13974610102", kind="citizen").first()
    company = User.objects.filter(mobile="13974620201", kind="citizen").first()

    # 待确认收到: online, this morning.
    if wang is not None:
        services.request_submit_online(
            by=wang,
            unit=zfb,
            description="2026年蓝山县城区老旧小区改造项目的资金安排及实施方案",
            form_wanted="electronic",
            delivery_method="online",
        )
    # 办理中: in person today (the lookup demo's code), by letter a week ago.
    visit = _register(officer, zfb, 0, None, RequestChannel.IN_PERSON)
    DisclosureRequest.objects.filter(pk=visit.pk).update(
        query_code_hash=query_code_hash(visit.number, DEMO_QUERY_CODE)
    )
    _register(officer, zfb, 1, ago(5))
    # Late: received 30 working days ago and not answered — a red card.
    late = _register(officer, zfb, 2, ago(30), RequestChannel.FAX)
    # Due soon: received 18 working days ago — a yellow card.
    _register(officer, zfb, 3, ago(18))
    # 待申请人补正: 李秀英 online, confirmed and asked to clarify.
    if li is not None:
        row = services.request_submit_online(
            by=li,
            unit=zfb,
            description="县政府关于教育的有关文件",
            form_wanted="electronic",
            delivery_method="online",
        )
        row = services.request_confirm(request=row, by=officer)
        services.clarification_request(
            request=row,
            by=officer,
            items=["请写明所需文件的名称或文号", "请写明文件的大致年份"],
        )
    # 征求第三方意见.
    row = _register(officer, zfb, 4, ago(6))
    services.consultation_start(
        request=row,
        by=officer,
        third_party="湖南蓝湘建设工程有限公司",
        contact="王志远 13974620203",
        matter="申请公开的征收补偿方案附件中含贵公司的工程报价明细，是否同意公开？",
        on=ago(4),
    )
    # 待缴纳信息处理费 (by volume, 60 pages: 300 元).
    row = _register(officer, zfb, 5, ago(3))
    services.fee_notice_issue(request=row, by=officer, mode="by_volume", pages=60, on=ago(1))
    # Extension asked, waiting for 刘芳; and one already extended.
    row = _register(officer, zfb, 6, ago(15))
    services.extension_ask(request=row, by=officer, days=15, reason="需要调取多个部门的档案")
    row = _register(officer, zfb, 7, ago(16))
    services.extension_ask(request=row, by=officer, days=10, reason="信息量较大，需要整理")
    services.extension_decide(request=row, by=head, approve=True, comment="同意")
    # Deemed withdrawn: a clarification never answered.
    row = _register(officer, zfb, 8, ago(40))
    services.clarification_request(
        request=row, by=officer, items=["请写明听证会的时间"], on=ago(38), answer_days=10
    )
    services.requests_lapse(today=today)
    # 已答复: every outcome.
    if company is not None:
        row = services.request_submit_online(
            by=company,
            unit=zfb,
            legal_subtype="commercial",
            description="2026年县级政府采购项目的中标结果及合同",
            form_wanted="electronic",
            delivery_method="online",
        )
        row = services.request_confirm(request=row, by=officer)
        services.consultation_start(
            request=row, by=officer, third_party="蓝山县百味餐饮管理有限公司", matter="合同单价"
        )
        services.consultation_record(request=row, by=officer, outcome="objected", note="商业秘密")
        services.extension_ask(request=row, by=officer, days=10, reason="需要征求第三方意见")
        services.extension_decide(request=row, by=head, approve=True, comment="同意")
        services.reply_file_add(
            request=row, by=officer, upload=_pdf("2026年县级政府采购中标结果（删减版）"), pages=4
        )
        services.request_reply(
            request=row,
            by=officer,
            outcome="partial",
            grounds=["third_party"],
            reply_text="合同中的单价明细涉及第三方商业秘密，第三方不同意公开，已作删除处理。",
        )
        services.request_rate(request=row, by=company, rating=4, comment="答复及时，说明清楚")
    replies = [
        (
            9,
            "already_public",
            [],
            "蓝山县人民政府门户网站“政府信息公开—法定主动公开内容—财政预决算”栏目",
        ),
        (10, "granted", [], ""),
        (11, "refused", ["process"], "所申请的成本监审报告尚在审议，属于过程性信息。"),
    ]
    for n, outcome, grounds, text in replies:
        row = _register(officer, zfb, n, ago(25))
        if outcome == "granted":
            services.reply_file_add(
                request=row, by=officer, upload=_pdf("河长制工作年度考核结果"), pages=2
            )
        services.request_reply(
            request=row,
            by=officer,
            outcome=outcome,
            grounds=grounds,
            reply_text="" if outcome == "already_public" else text,
            public_location=text if outcome == "already_public" else "",
            on=ago(12),
        )
    for grounds, reason in (
        (["not_held"], "该信息由县发展和改革局制作和保存。"),
        (["petition"], ""),
    ):
        row = _register(officer, zfb, 1, ago(20), description=f"演示申请：{reason or '投诉诉求'}")
        services.request_reply(
            request=row,
            by=officer,
            outcome="unavailable" if grounds == ["not_held"] else "not_processed",
            grounds=grounds,
            reply_text=reason,
            on=ago(8),
        )
    # This year's annual report being drafted (its tables count the requests above).
    from .services.reports import report_open

    report_open(unit=zfb, year=today.year, by=officer)
    if stdout is not None:
        stdout.write(
            f"  依申请公开：查询页 /ysqgk/lookup/ 申请编号 {visit.number}，查询码 {DEMO_QUERY_CODE}；"
            f"超期红牌 {late.number}\n"
        )
    return DisclosureRequest.objects.filter(unit=zfb).count()
