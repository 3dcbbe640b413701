"""Demo licensing catalogue for `manage.py load_demo`: ten items of five departments of the
fictional 蓝山县, each with its application form, review route and required materials.

Idempotent: forms, routes and items are found by code and left alone once they exist. Then
approval/demo/cases.py adds cases in every state (and the supervision cards they earn).
"""

from __future__ import annotations

from django.db import transaction

from approval.demo.cases import load_demo_cases
from approval.demo.events import assign_demo_events
from approval.models import LicensingItem, WindowGrant
from approval.services import items as item_services
from platform_core.constants import RoleCode
from platform_core.dynforms.types import FieldSpec
from platform_core.models import (
    FormDefinition,
    OrgUnit,
    ProcessDefinition,
    Role,
    SearchSynonym,
    User,
)
from platform_core.services import dynforms as form_services
from platform_core.services import routes as route_services

DESIGNER = "majunjie"  # the demo system administrator (may design forms and routes)

# Department code → section where applications are reviewed (审查), and the counter's address.
DEPARTMENTS = {
    "spj": ("spj-spk", "县政务服务中心一楼综合受理窗口", "0746-2222301"),
    "scjgj": ("scjgj-djzc", "县政务服务中心二楼市场监管窗口", "0746-2222201"),
    "zrzyj": ("zrzyj-bdc", "县不动产登记中心一楼窗口", "0746-2221701"),
    "rsj": ("rsj-jy", "县政务服务中心三楼人社窗口", "0746-2221601"),
    "gaj": ("gaj-hz", "县公安局户政大厅", "0746-2221301"),
}
HOURS = "周一至周五 8:30-12:00，14:30-17:30（法定节假日除外）"

PERSON_FIELDS = [
    FieldSpec(key="contact", label="联系人", type="text", required=True),
    FieldSpec(key="address", label="联系地址", type="text", required=True),
]
FILE = {"allowed_types": ["pdf", "jpeg", "png"], "max_size_mb": 10}

# (code, name, department, kind, basis, conditions, statutory, promised, visits, fees,
#  extra form fields, materials: (name, form, count, may_defer[, upload field key]))
# A copy or an electronic material is uploaded with an online application (its form gets a file
# field, required unless the material may be handed in later, 容缺); an original is shown at the
# window when the result is collected.
# fmt: off
ITEMS = [
    ("431127-SP-001", "企业投资项目备案", "spj", "public_service",
     "《企业投资项目核准和备案管理条例》第十三条",
     "在本县行政区域内建设、不涉及国家安全的企业投资项目。",
     3, 1, 0, "不收费",
     [FieldSpec(key="project", label="项目名称", type="text", required=True),
      FieldSpec(key="investment", label="总投资", type="money", required=True,
                options={"unit": "万元"})],
     [("项目备案信息表", "electronic", 1, False), ("企业营业执照", "copy", 1, False)]),
    ("431127-SP-002", "建设工程施工许可证核发", "spj", "licensing",
     "《中华人民共和国建筑法》第七条",
     "已办理用地批准手续，已取得建设工程规划许可证，施工企业已确定。",
     7, 3, 1, "不收费",
     [FieldSpec(key="project", label="工程名称", type="text", required=True)],
     [("建筑工程施工许可申请表", "original", 1, False), ("建设工程规划许可证", "copy", 1, False),
      ("施工合同", "copy", 1, False), ("施工图审查合格书", "copy", 1, False, "plan"),
      ("安全施工措施资料", "original", 1, True)]),
    ("431127-SC-001", "食品经营许可", "scjgj", "licensing",
     "《中华人民共和国食品安全法》第三十五条",
     "有与经营的食品品种、数量相适应的经营场所和食品安全管理人员。",
     20, 10, 1, "不收费",
     [FieldSpec(key="business", label="经营者名称", type="text", required=True)],
     [("食品经营许可申请书", "original", 1, False), ("营业执照", "copy", 1, False, "licence_scan"),
      ("经营场所平面图", "copy", 1, False, "layout"),
      ("食品安全管理制度文本", "original", 1, True)]),
    ("431127-SC-002", "个体工商户设立登记", "scjgj", "confirmation",
     "《促进个体工商户发展条例》第八条",
     "有经营能力的自然人，有固定经营场所。",
     15, 1, 0, "不收费",
     [FieldSpec(key="shop", label="个体工商户名称", type="text", required=True)],
     [("个体工商户登记申请书", "original", 1, False), ("经营者身份证明", "copy", 1, False),
      ("经营场所使用证明", "copy", 1, True)]),
    ("431127-ZR-001", "不动产首次登记", "zrzyj", "confirmation",
     "《不动产登记暂行条例》第十四条",
     "依法取得不动产权利，权属清楚、无争议。",
     30, 10, 1, "住宅 80 元/件，非住宅 550 元/件",
     [FieldSpec(key="location", label="不动产坐落", type="text", required=True),
      FieldSpec(key="area", label="面积（平方米）", type="number", required=True)],
     [("不动产登记申请书", "original", 1, False), ("权属来源证明", "copy", 1, False),
      ("不动产权籍调查成果", "electronic", 1, False)]),
    ("431127-ZR-002", "乡村建设规划许可证核发", "zrzyj", "licensing",
     "《中华人民共和国城乡规划法》第四十一条",
     "在乡、村庄规划区内使用原有宅基地进行农村村民住宅建设。",
     20, 10, 1, "不收费",
     [FieldSpec(key="village", label="所在村组", type="text", required=True)],
     [("乡村建设规划许可申请表", "original", 1, False), ("宅基地使用证明", "copy", 1, False),
      ("建设方案图", "original", 1, True)]),
    ("431127-RS-001", "就业创业证申领", "rsj", "public_service",
     "《就业服务与就业管理规定》第六十三条",
     "在法定劳动年龄内、有劳动能力和就业要求的城乡劳动者。",
     5, 1, 0, "不收费",
     [FieldSpec(key="education", label="文化程度", type="text", required=True)],
     [("居民身份证", "original", 1, False), ("近期免冠照片", "electronic", 1, False)]),
    ("431127-RS-002", "人力资源服务许可", "rsj", "licensing",
     "《人力资源市场暂行条例》第十八条",
     "有明确的章程和管理制度，有开展业务必备的固定场所和专职工作人员。",
     20, 10, 1, "不收费",
     [FieldSpec(key="agency", label="机构名称", type="text", required=True)],
     [("人力资源服务许可申请书", "original", 1, False), ("营业执照", "copy", 1, False),
      ("专职工作人员名单及资格证明", "copy", 1, True)]),
    ("431127-GA-001", "户口迁入审批", "gaj", "licensing",
     "《中华人民共和国户口登记条例》第十三条",
     "符合本县户口迁入政策的人员。",
     20, 5, 1, "不收费",
     [FieldSpec(key="from_place", label="迁出地", type="text", required=True)],
     [("户口迁移申请表", "original", 1, False), ("居民身份证", "copy", 1, False),
      ("合法稳定住所证明", "copy", 1, False)]),
    ("431127-GA-002", "旅馆业特种行业许可证核发", "gaj", "licensing",
     "《旅馆业治安管理办法》第四条",
     "房屋建筑、消防设备、出入口和通道等符合安全规定。",
     20, 10, 1, "不收费",
     [FieldSpec(key="hotel", label="旅馆名称", type="text", required=True),
      FieldSpec(key="rooms", label="客房数", type="number", required=True)],
     [("特种行业许可证申请登记表", "original", 1, False), ("营业执照", "copy", 1, False),
      ("消防安全检查合格证明", "copy", 1, True)]),
]
# fmt: on


UPLOAD_FORMS = ("copy", "electronic")
# Keywords citizens type for an item (the hall and the site search also read synonyms).
KEYWORDS = {
    "431127-SP-001": "立项 项目备案 投资备案",
    "431127-SP-002": "施工证 开工许可 建房开工",
    "431127-SC-001": "开饭店 餐馆 小吃店 食品许可证",
    "431127-SC-002": "个体户 开店 营业执照 工商登记",
    "431127-ZR-001": "房产证 不动产权证书 办证",
    "431127-ZR-002": "农村建房 宅基地建房 盖房子",
    "431127-RS-001": "失业证 就业证 创业证",
    "431127-RS-002": "职业中介 人力资源公司",
    "431127-GA-001": "落户 迁户口 户口迁移",
    "431127-GA-002": "开旅馆 宾馆 民宿 特行许可",
}


def upload_fields(materials) -> list[FieldSpec]:
    """A file field for each material uploaded with an online application."""
    fields = []
    for n, (name, form, _count, may_defer, *key) in enumerate(materials, start=1):
        if form not in UPLOAD_FORMS:
            continue
        label = name if form == "electronic" or key else f"{name}（扫描件）"
        if key and key[0] == "licence_scan":
            label = "营业执照扫描件"
        fields.append(
            FieldSpec(
                key=key[0] if key else f"material{n}",
                label=label,
                type="file",
                required=not may_defer,
                options=FILE,
            )
        )
    return fields


def _form(code: str, name: str, unit: OrgUnit, extra: list[FieldSpec], by: User) -> None:
    if FormDefinition.objects.filter(code=code).exists():
        return
    form = form_services.form_create(
        code=code, name=name, owner_unit=unit, by=by, specs=[*extra, *PERSON_FIELDS]
    )
    form_services.form_version_publish(form=form, by=by)


def _route(dept: str, units: dict[str, OrgUnit], by: User) -> str:
    code = f"approval-{dept}"
    if ProcessDefinition.objects.filter(code=code).exists():
        return code
    department = units[dept]
    definition = route_services.definition_create(
        code=code, name=f"{department.short_name}行政审批", owner_unit=department, by=by
    )
    draft = definition.versions.get()
    review = route_services.step_add(
        version=draft,
        by=by,
        key="review",
        name="审查",
        role=Role.objects.get(code=RoleCode.REVIEW_CLERK),
        unit_scope="fixed_unit",
        unit=units[DEPARTMENTS[dept][0]],
        time_limit_days=3,
    )
    # The section head checks the review (审核); the leader's decision is then taken on the
    # handling page, which the leader's inbox leads to (approval/selectors/work.py).
    check = route_services.step_add(
        version=draft,
        by=by,
        key="check",
        name="审核",
        role=Role.objects.get(code=RoleCode.SECTION_HEAD),
        unit_scope="fixed_unit",
        unit=units[DEPARTMENTS[dept][0]],
        time_limit_days=2,
    )
    route_services.transition_add(version=draft, source=review, target=check, by=by)
    route_services.transition_add(version=draft, source=check, target=None, by=by)
    route_services.version_publish(version=draft, by=by)
    return code


# 综合窗口: the 行政审批服务局's comprehensive window in the 政务服务中心 also accepts for these
# departments (an explicit grant, WindowGrant); their own windows keep accepting too.
WINDOW_GRANTS = (
    "spj-ck",
    ("scjgj", "rsj"),
    "蓝政办发〔2026〕12号 关于推行政务服务“一窗受理”的通知",
)

# Words citizens type, and what the guides call the same thing (platform_core's SearchSynonym).
SYNONYMS = [
    ("营业执照", "工商执照 执照 营业证"),
    ("身份证", "居民身份证 身份证明"),
    ("户口", "户籍 落户"),
    ("房产证", "不动产权证书 不动产登记"),
    ("开饭店", "餐饮 食品经营 小吃店"),
    ("盖房子", "建房 宅基地 乡村建设规划"),
    ("失业证", "就业创业证 就业失业登记证"),
]


def _window_grants(by: User) -> None:
    window_code, departments, note = WINDOW_GRANTS
    window = OrgUnit.objects.get(code=window_code)
    for department in OrgUnit.objects.filter(code__in=departments):
        WindowGrant.objects.get_or_create(
            window=window, department=department, defaults={"granted_by": by, "note": note}
        )


def _synonyms() -> None:
    for term, synonyms in SYNONYMS:
        SearchSynonym.objects.get_or_create(term=term, defaults={"synonyms": synonyms})


# 事项管理员 of the 行政审批服务局: keeps its licensing items; its leaders approve publication.
ITEM_ADMIN = ("wangshuang", "王爽", "18707461062", "spj-spk", "事项管理员")


def _item_admin() -> User:
    """The demo item administrator (idempotent: found by username, the post by unit and role)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from platform_core.constants import UserKind
    from platform_core.demo_data import DEMO_PASSWORD
    from platform_core.models import Post

    username, name, mobile, unit_code, title = ITEM_ADMIN
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(
            username=username,
            name=name,
            kind=UserKind.STAFF,
            mobile=mobile,
            email=f"{username}@lanshan.gov.example.cn",
            password=make_password(DEMO_PASSWORD),
            password_changed_at=timezone.now(),
        )
    role = Role.objects.get(code=RoleCode.ITEM_ADMIN)
    unit = OrgUnit.objects.get(code=unit_code)
    if not Post.objects.filter(user=user, unit=unit, role=role).exists():
        Post.objects.create(
            user=user,
            unit=unit,
            role=role,
            title=title,
            is_primary=True,
            start_date=timezone.localdate(),
        )
    return user


@transaction.atomic
def load_demo_approval(stdout=None) -> int:
    """Creates what is missing; returns how many items were published in this run."""
    by = User.objects.get(username=DESIGNER)
    codes = set(DEPARTMENTS) | {s for s, _p, _t in DEPARTMENTS.values()}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    created = 0
    for (code, name, dept, kind, basis, conditions, statutory, promised, visits, fees, extra,
         materials) in ITEMS:  # fmt: skip
        if LicensingItem.objects.filter(code=code).exists():
            continue
        form_code = f"form-{code.lower()}"
        _form(form_code, f"{name}申请表", units[dept], [*extra, *upload_fields(materials)], by)
        route_code = _route(dept, units, by)
        place, phone = DEPARTMENTS[dept][1], DEPARTMENTS[dept][2]
        item = item_services.item_create(
            code=code,
            name=name,
            department=units[dept],
            by=by,
            kind=kind,
            legal_basis=basis,
            conditions=conditions,
            keywords=KEYWORDS.get(code, ""),
            fees=fees,
            statutory_days=statutory,
            promised_days=promised,
            visits=visits,
            place=place,
            hours=HOURS,
            phone=phone,
            faq="问：可以委托他人办理吗？\n答：可以，受托人须携带授权委托书和本人身份证件。",
            form_code=form_code,
            route_code=route_code,
        )
        for material_name, form, count, may_defer, *_key in materials:
            item_services.material_add(
                item=item, name=material_name, form=form, count=count, may_defer=may_defer
            )
        item_services.item_publish(item=item, by=by)
        created += 1
    if stdout is not None:
        stdout.write(
            f"审批事项：已发布 {LicensingItem.objects.filter(status='published').count()} 项"
            f"（本次新增 {created}）。"
        )
    _window_grants(by)
    _synonyms()
    admin = _item_admin()
    if stdout is not None:
        stdout.write(
            f"  {RoleCode.ITEM_ADMIN.label}：{admin.username} · {admin.name}"
            " · 县行政审批服务局 审批科"
            "（事项管理：/office/approval/items/，发布由本局分管领导审核）"
        )
    # Life and business events of the hall, and the structured fees (approval/demo/events.py).
    assign_demo_events(stdout)
    # Cases in every state, built by the services with dates in the past (approval/demo/cases.py).
    load_demo_cases(stdout)
    return created
