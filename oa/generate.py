"""Official documents at scale for `manage.py generate_data` (100,000 发文 at the large scale).

Outgoing documents are written as drafting and sign-off leave them (oa/services/documents.py,
route.py, numbers.py), in bulk: the document, its first body version (初稿, the delta from the
empty text, so the history rebuilds the body), its 拟稿 event and, once signed, its 签发 event.
Every department and township issues under its own 机关代字 (the demo's issuers are reused when
they exist). The mix of states is fixed by the index: drafts, documents in route, signed and
dispatched ones. A signed document has its 发文字号: serials per issuer and year follow the
signing order with no gap, starting after what the issuer's counter already holds, and the
counters (NumberCounter) are moved to the last serial given, so the next real sign-off continues
without gap or duplicate. A dispatched document has one received dispatch (分发, 签收).

Some incoming documents (收文, one for every five outgoing) are registered by hand in the
departments and townships, from 待拟办 to 已办结.

No route process or case clock is started and no task is opened (bulk rows; the benchmarks read
lists and pages): a generated document "in route" waits on no one.
"""

from __future__ import annotations

import datetime

from django.db.models import F
from django.utils import timezone

from platform_core.constants import RoleCode, UnitKind
from platform_core.models import Post

from . import revisions
from .constants import DocAction, DocKind, DocStatus, Openness, Urgency
from .models import (
    BodyVersion,
    Dispatch,
    DocumentEvent,
    IncomingDocument,
    IncomingSource,
    IncomingStatus,
    Issuer,
    NumberCounter,
    OutgoingDocument,
)
from .services.numbers import format_number

BATCH = 5_000
PER_DAY = 40  # documents a day over the whole county, counted back from today
INCOMING_SHARE = 5  # one incoming document for every five outgoing ones

# The demo's issuers (oa/demo.py) keep their prefixes; the other units get "蓝" + short name.
KNOWN_PREFIXES = {"gov": "蓝政发", "zfb": "蓝政办发", "spj": "蓝审批发", "scjgj": "蓝市监发"}
KNOWN_PREFIXES |= {"zrzyj": "蓝自然资发"}

TITLES = [
    ("关于做好{year}年{unit}安全生产工作的通知", DocKind.NOTICE),
    ("{unit}关于{year}年上半年工作情况的报告", DocKind.REPORT),
    ("关于{unit}申请专项工作经费的请示", DocKind.REQUEST),
    ("关于印发{unit}{year}年重点工作任务清单的通知", DocKind.NOTICE),
    ("关于进一步加强{unit}政务公开工作的意见", DocKind.OPINION),
    ("关于{unit}{year}年度目标管理考核结果的通报", DocKind.BULLETIN),
    ("关于同意{unit}调整内设机构的批复", DocKind.REPLY),
    ("{unit}关于召开{year}年度工作会议的通知", DocKind.NOTICE),
]
BODY = (
    "<p>各乡镇人民政府，县直各单位：</p>"
    "<p>为贯彻落实县委、县人民政府工作部署，{unit}现就{year}年有关工作通知如下。</p>"
    "<p>一、提高思想认识。各单位要切实加强组织领导，明确责任分工。</p>"
    "<p>二、抓好工作落实。请于{month}月底前将工作进展情况报送{unit}。</p>"
)
# (state of the outgoing document) by index % 10: most of a county's documents are signed.
STATES = [
    DocStatus.DRAFT,
    DocStatus.IN_ROUTE,
    DocStatus.IN_ROUTE,
    DocStatus.SIGNED,
    DocStatus.SIGNED,
    DocStatus.DISPATCHED,
    DocStatus.DISPATCHED,
    DocStatus.DISPATCHED,
    DocStatus.DISPATCHED,
    DocStatus.DISPATCHED,
]
SENDERS = ["永州市人民政府", "永州市人民政府办公室", "永州市财政局", "永州市应急管理局"]
SENDER_PREFIXES = ["永政发", "永政办发", "永财发", "永应急发"]
INCOMING_TITLES = [
    "关于做好{year}年防汛抗旱工作的通知",
    "关于开展安全生产大检查的通知",
    "关于下达{year}年财政专项资金的通知",
    "关于报送{year}年度工作总结的通知",
]
INCOMING_STATES = [
    IncomingStatus.REGISTERED,
    IncomingStatus.PROPOSED,
    IncomingStatus.CONCLUDED,
    IncomingStatus.CONCLUDED,
]


def _short(unit) -> str:
    name = unit.short_name or unit.name
    for word in ("蓝山县", "人民政府", "县", "办公室"):
        name = name.replace(word, "")
    return name[:4] or unit.code


def issuers_for(units: list) -> list[Issuer]:
    """One issuer per department and township (and the county government), created if missing."""
    issuers = []
    taken = set(Issuer.objects.values_list("prefix", flat=True))
    existing = {i.unit_id: i for i in Issuer.objects.filter(is_active=True).order_by("pk")}
    for unit in units:
        if unit.kind not in (UnitKind.GOVERNMENT, UnitKind.DEPARTMENT, UnitKind.TOWNSHIP):
            continue
        issuer = existing.get(unit.pk)
        if issuer is None:
            prefix = KNOWN_PREFIXES.get(unit.code) or f"蓝{_short(unit)}发"
            if prefix in taken:
                prefix = f"蓝{unit.code}发"
            signature = unit.name if unit.name.startswith("蓝山县") else f"蓝山县{unit.name}"
            signature = signature.replace("蓝山县蓝山县", "蓝山县")
            issuer = Issuer.objects.create(
                unit=unit, prefix=prefix, header=f"{signature}文件", signature=signature
            )
            taken.add(prefix)
        issuers.append(issuer)
    return issuers


def _drafters(issuers: list[Issuer], staff: list) -> dict[int, list]:
    """Issuer → the (person, post unit) pairs that draft for it: the staff (leaders aside) with
    a post in its unit or below; the county government's documents are drafted by its office
    (zfb) when it has staff. An issuer with no one to draft is left out."""
    posts = list(
        Post.objects.filter(user__in=staff)
        .exclude(role__code=RoleCode.LEADER)
        .select_related("unit", "user")
        .order_by("user__username")
    )
    office = next((p.unit.path for p in posts if p.unit.code == "zfb"), None)
    out = {}
    for issuer in issuers:
        path = issuer.unit.path
        if issuer.unit.kind == UnitKind.GOVERNMENT and office:
            path = office
        people = [(p.user, p.unit) for p in posts if p.unit.path.startswith(path)]
        if people:
            out[issuer.pk] = people
    return out


def build_documents(rng, units: list, staff: list, count: int) -> int:
    """`count` outgoing documents, `count // 5` incoming ones; returns the outgoing count."""
    if not count or not staff:
        return 0
    issuers = issuers_for(units)
    if not issuers:
        return 0
    drafters = _drafters(issuers, staff)
    issuers = [i for i in issuers if i.pk in drafters]
    if not issuers:
        return 0
    leaders = Post.objects.filter(role__code=RoleCode.LEADER, user__in=staff).order_by("user_id")
    signers = [p.user for p in leaders.select_related("user")] or staff
    receivers = list(
        {unit.pk: (user, unit) for i in issuers for user, unit in drafters[i.pk]}.values()
    )
    now = timezone.now()
    counters = {
        (c.issuer_id, c.year): c.last
        for c in NumberCounter.objects.filter(issuer__in=issuers)  # continue after existing
    }
    deltas: dict[str, list] = {}
    first_pk = (OutgoingDocument.objects.order_by("-pk").values_list("pk", flat=True).first()) or 0
    made = 0
    # Oldest first, so each issuer's serials for a year follow the signing order.
    while made < count:
        docs, meta = [], []
        for i in range(made, min(made + BATCH, count)):
            age = count - 1 - i
            created = now - datetime.timedelta(days=age // PER_DAY, minutes=age % PER_DAY * 11)
            issuer = issuers[i % len(issuers)]
            drafter, unit = drafters[issuer.pk][i % len(drafters[issuer.pk])]
            state = STATES[i % len(STATES)]
            title, kind = TITLES[rng.randrange(len(TITLES))]
            unit_name = _short(issuer.unit)
            year = created.year
            body = BODY.format(unit=unit_name, year=year, month=rng.randint(1, 12))
            doc = OutgoingDocument(
                issuer=issuer,
                unit=unit,
                drafter=drafter,
                kind=kind,
                title=title.format(unit=unit_name, year=year)[:200],
                main_to="各乡镇人民政府，县直各单位",
                copy_to="县委办公室，县人大常委会办公室" if i % 3 == 0 else "",
                urgency=Urgency.URGENT if i % 17 == 0 else Urgency.NORMAL,
                openness=Openness.PROACTIVE if i % 4 else Openness.NOT_PUBLIC,
                body=body,
                status=state,
                created_at=created,
            )
            signed = state in (DocStatus.SIGNED, DocStatus.DISPATCHED)
            if signed:
                signed_at = created + datetime.timedelta(hours=rng.randint(2, 30))
                signed_at = min(signed_at, now)
                key = (issuer.pk, signed_at.year)
                counters[key] = counters.get(key, 0) + 1
                doc.number_year, doc.number_serial = signed_at.year, counters[key]
                doc.number = format_number(issuer.prefix, signed_at.year, counters[key])
                doc.signed_by = signers[i % len(signers)]
                doc.signed_at = signed_at
                doc.formed_on = timezone.localdate(signed_at)
                if state == DocStatus.DISPATCHED:
                    doc.dispatched_at = min(signed_at + datetime.timedelta(hours=1), now)
            docs.append(doc)
            meta.append(body)
        OutgoingDocument.objects.bulk_create(docs, batch_size=BATCH)
        versions, events, dispatches = [], [], []
        for doc, body in zip(docs, meta, strict=True):
            if body not in deltas:
                deltas[body] = revisions.make_delta("", body)
            versions.append(
                BodyVersion(
                    document=doc,
                    number=1,
                    author=doc.drafter,
                    created_at=doc.created_at,
                    delta=deltas[body],
                    sha256=revisions.sha256(body),
                    note="初稿",
                )
            )
            events.append(
                DocumentEvent(
                    document=doc,
                    action=DocAction.CREATE,
                    actor=doc.drafter,
                    at=doc.created_at,
                    to_status=DocStatus.DRAFT,
                )
            )
            if doc.signed_at:
                events.append(
                    DocumentEvent(
                        document=doc,
                        action=DocAction.SIGN_OFF,
                        actor=doc.signed_by,
                        at=doc.signed_at,
                        from_status=DocStatus.IN_ROUTE,
                        to_status=DocStatus.SIGNED,
                        comment="同意",
                    )
                )
            if doc.dispatched_at:
                # To another unit, received by someone posted there (签收 is by the unit's staff).
                receiver, target = receivers[doc.pk % len(receivers)]
                if target.pk == doc.unit_id:
                    receiver, target = receivers[(doc.pk + 1) % len(receivers)]
                dispatches.append(
                    Dispatch(
                        document=doc,
                        unit=target,
                        sent_at=doc.dispatched_at,
                        received_by=receiver,
                        received_at=min(doc.dispatched_at + datetime.timedelta(hours=3), now),
                    )
                )
        BodyVersion.objects.bulk_create(versions, batch_size=BATCH)
        DocumentEvent.objects.bulk_create(events, batch_size=BATCH)
        Dispatch.objects.bulk_create(dispatches, batch_size=BATCH)
        made += len(docs)
    # auto_now stamped every row with the insert time: the last change is the last step taken.
    generated = OutgoingDocument.objects.filter(pk__gt=first_pk)
    generated.filter(signed_at__isnull=True).update(updated_at=F("created_at"))
    generated.filter(dispatched_at__isnull=True, signed_at__isnull=False).update(
        updated_at=F("signed_at")
    )
    generated.filter(dispatched_at__isnull=False).update(updated_at=F("dispatched_at"))
    for (issuer_pk, year), last in counters.items():
        NumberCounter.objects.update_or_create(
            issuer_id=issuer_pk, year=year, defaults={"last": last}
        )
    pairs = [pair for i in issuers for pair in drafters[i.pk][:3]]
    build_incoming(rng, pairs, signers, count // INCOMING_SHARE, now)
    return count


def build_incoming(rng, pairs: list, leaders: list, count: int, now) -> int:
    """`count` incoming documents registered by hand, each by a clerk in their own unit."""
    made = 0
    while made < count:
        rows = []
        for i in range(made, min(made + BATCH, count)):
            age = count - 1 - i
            received = now - datetime.timedelta(days=age // (PER_DAY // INCOMING_SHARE))
            clerk, unit = pairs[i % len(pairs)]
            state = INCOMING_STATES[i % len(INCOMING_STATES)]
            seen = state != IncomingStatus.REGISTERED
            k = i % len(SENDERS)
            rows.append(
                IncomingDocument(
                    unit=unit,
                    source=IncomingSource.MANUAL,
                    sender=SENDERS[k],
                    number=f"{SENDER_PREFIXES[k]}〔{received.year}〕{i // len(SENDERS) + 1}号",
                    title=INCOMING_TITLES[rng.randrange(len(INCOMING_TITLES))].format(
                        year=received.year
                    ),
                    received_on=timezone.localdate(received),
                    copies=rng.randint(1, 3),
                    registered_by=clerk,
                    status=state,
                    proposal="拟请分管领导阅示。" if seen else "",
                    proposed_by=clerk if seen else None,
                    leader=leaders[i % len(leaders)] if seen else None,
                    instruction="请按要求办理。" if state == IncomingStatus.CONCLUDED else "",
                    instructed_at=received if state == IncomingStatus.CONCLUDED else None,
                    concluded_by=clerk if state == IncomingStatus.CONCLUDED else None,
                    concluded_at=received if state == IncomingStatus.CONCLUDED else None,
                    created_at=received,
                )
            )
        IncomingDocument.objects.bulk_create(rows, batch_size=BATCH)
        made += len(rows)
    return made


def generate_documents(context) -> int:
    """The generator registered in OaConfig.ready() (platform_core/generate_data.py)."""
    return build_documents(context.rng, context.units, context.staff, context.scale.oa_documents)
