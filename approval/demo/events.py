"""Demo data: life/business events (办事主题) and structured fees of the demo licensing items.

Called from `approval.demo.loader.load_demo_approval` once the demo items exist. Idempotent: rows
are found by item code and value and left alone once they exist.

The demo items are already published when this runs. Events are the hall's browsing
classification and the structured fees restate what the item's published fee text already says,
so neither changes what an applicant was promised; they are added to the published version
directly, as seeding, rather than through a new version.
"""

from __future__ import annotations

from decimal import Decimal

from approval.constants import ItemStatus
from approval.models import ItemEvent, ItemFee, LicensingItem, LifeEvent

E = LifeEvent
DEMO_EVENTS: dict[str, tuple[str, ...]] = {
    "431127-SP-001": (E.INVESTMENT,),  # 企业投资项目备案
    "431127-SP-002": (E.CONSTRUCTION, E.INVESTMENT),  # 建设工程施工许可证核发
    "431127-SC-001": (E.OPERATING_LICENCE, E.START_BUSINESS),  # 食品经营许可
    "431127-SC-002": (E.START_BUSINESS, E.EMPLOYMENT),  # 个体工商户设立登记
    "431127-ZR-001": (E.HOUSING,),  # 不动产首次登记
    "431127-ZR-002": (E.HOUSING, E.CONSTRUCTION),  # 乡村建设规划许可证核发
    "431127-RS-001": (E.EMPLOYMENT,),  # 就业创业证申领
    "431127-RS-002": (E.OPERATING_LICENCE,),  # 人力资源服务许可
    "431127-GA-001": (E.HOUSING, E.SCHOOL),  # 户口迁入审批
    "431127-GA-002": (E.OPERATING_LICENCE, E.START_BUSINESS),  # 旅馆业特种行业许可证核发
}

FEE_BASIS = (
    "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）"
)
# (item code, fee name, standard, most per case in yuan, basis)
DEMO_FEES = [
    (
        "431127-ZR-001",
        "不动产登记费（住宅）",
        "80元/件",
        Decimal("80"),
        FEE_BASIS,
    ),
    (
        "431127-ZR-001",
        "不动产登记费（非住宅）",
        "550元/件",
        Decimal("550"),
        FEE_BASIS,
    ),
]


def assign_demo_events(stdout=None) -> int:
    """Give the demo items their events (and fees); returns how many rows were added."""
    codes = set(DEMO_EVENTS) | {code for code, *_rest in DEMO_FEES}
    # The published version and, if one is open, the draft of each item.
    items: dict[str, list[LicensingItem]] = {}
    for item in LicensingItem.objects.filter(
        code__in=codes, status__in=(ItemStatus.PUBLISHED, ItemStatus.DRAFT)
    ):
        items.setdefault(item.code, []).append(item)
    added = 0
    for code, events in DEMO_EVENTS.items():
        for item in items.get(code, []):
            for event in events:
                _row, created = ItemEvent.objects.get_or_create(item=item, event=event)
                added += created
    for position, (code, name, standard, amount, basis) in enumerate(DEMO_FEES, start=1):
        for item in items.get(code, []):
            _row, created = ItemFee.objects.get_or_create(
                item=item,
                name=name,
                defaults={
                    "standard": standard,
                    "amount": amount,
                    "basis": basis,
                    "position": position,
                },
            )
            added += created
    if stdout is not None:
        stdout.write(f"办事主题与收费项目：新增 {added} 条。")
    return added
