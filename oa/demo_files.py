# ruff: noqa: E501 - data tables: one entry per line reads better than wrapped rows
"""Demo content of the file centre and the public libraries for `manage.py load_demo`:
department cabinets of 登记注册股 and 不动产登记中心 with folders, PDF and Word files (generated,
with real-looking Chinese text, so search by content works), versions, a file shared with a person
of another unit, a personal cabinet, something in the recycle bin; laws, periodicals with issues,
library documents and bulletin posts. County names and numbers are invented; the national laws
are real. Repeatable: it does nothing once the periodical 《蓝山政务信息》 exists.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from platform_core.models import OrgUnit, User

from .models import BulletinPost, Law, Level, LibraryDocument, Periodical, PeriodicalIssue
from .samples import sample_docx, sample_pdf
from .services import files as file_services
from .services import resources as res_services

EDITOR = "sunyue"  # 网站编辑, 县政府办公室政务公开办 (keeps the libraries)

# cabinet unit, manager, writer: folder -> [(file name, title, paragraphs)]
CABINETS = [
    (
        "scjgj-djzc",
        "yuanweimin",
        "caiming",
        {
            "2026年工作计划": [
                (
                    "登记注册股2026年工作要点.docx",
                    "登记注册股2026年工作要点",
                    [
                        "一、深化商事制度改革，推行经营主体登记“一网通办”。",
                        "二、做好个体工商户年度报告公示工作，年报率力争达到90%以上。",
                        "三、加强登记窗口作风建设，落实首问负责和一次性告知制度。",
                    ],
                ),
                (
                    "企业开办一日办结实施方案.pdf",
                    "企业开办一日办结实施方案",
                    [
                        "为进一步优化营商环境，压缩企业开办时间，实现企业开办一日办结。",
                        "申请人通过政务服务网提交材料，营业执照、公章刻制、发票申领同步办理。",
                    ],
                ),
            ],
            "会议纪要": [
                (
                    "12月股务会议纪要.docx",
                    "登记注册股12月股务会议纪要",
                    [
                        "会议听取了年度经营主体年报工作进展情况汇报。",
                        "会议要求，对未年报的经营主体逐户电话提醒，12月31日前完成。",
                    ],
                ),
            ],
            "制度文件": [
                (
                    "登记窗口首问负责制度.pdf",
                    "登记窗口首问负责制度",
                    [
                        "第一条 为提高窗口服务质量，制定本制度。",
                        "第二条 首位接待群众的工作人员为首问责任人，负责解答或引导办理。",
                    ],
                ),
            ],
        },
    ),
    (
        "zrzyj-bdc",
        "longhaiyan",
        "xiongtao",
        {
            "不动产登记资料": [
                (
                    "不动产登记办事指南汇编.docx",
                    "不动产登记办事指南汇编",
                    [
                        "首次登记、转移登记、抵押登记的申请材料和办理时限。",
                        "不动产登记实行“交房即交证”，符合条件的当日办结。",
                    ],
                ),
            ],
        },
    ),
]
SHARE = ("登记注册股2026年工作要点.docx", "xiongtao")  # a file shared with a person of another unit
PERSONAL = (
    "caiming",
    [("个人学习笔记.docx", "学习笔记", ["学习《优化营商环境条例》的体会：以市场主体需求为导向。"])],
)
TRASHED = ("scjgj-djzc", "旧版登记流程说明.docx", "旧版登记流程说明", ["本说明已被新流程替代。"])

D = datetime.date
LAWS = [
    (
        "中华人民共和国政府信息公开条例",
        "admin_regulation",
        "国务院",
        "中华人民共和国国务院令第711号",
        D(2019, 4, 3),
        D(2019, 5, 15),
        "valid",
        "为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，建设法治政府，充分发挥政府信息对人民群众生产、生活和经济社会活动的服务作用，制定本条例。",
    ),
    (
        "中华人民共和国政府信息公开条例（2007年）",
        "admin_regulation",
        "国务院",
        "中华人民共和国国务院令第492号",
        D(2007, 4, 5),
        D(2008, 5, 1),
        "amended",
        "为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，促进依法行政，制定本条例。",
    ),
    (
        "中华人民共和国行政许可法",
        "law",
        "全国人民代表大会常务委员会",
        "中华人民共和国主席令第七号",
        D(2003, 8, 27),
        D(2004, 7, 1),
        "valid",
        "为了规范行政许可的设定和实施，保护公民、法人和其他组织的合法权益，维护公共利益和社会秩序，保障和监督行政机关有效实施行政管理，根据宪法，制定本法。",
    ),
    (
        "中华人民共和国保守国家秘密法",
        "law",
        "全国人民代表大会常务委员会",
        "中华人民共和国主席令第二十号",
        D(2024, 2, 27),
        D(2024, 5, 1),
        "valid",
        "为了保守国家秘密，维护国家安全和利益，保障改革开放和社会主义现代化建设事业的顺利进行，根据宪法，制定本法。",
    ),
    (
        "优化营商环境条例",
        "admin_regulation",
        "国务院",
        "中华人民共和国国务院令第722号",
        D(2019, 10, 22),
        D(2020, 1, 1),
        "valid",
        "为了持续优化营商环境，不断解放和发展社会生产力，加快建设现代化经济体系，推动高质量发展，制定本条例。",
    ),
    (
        "市场监督管理行政许可程序暂行规定",
        "department_rule",
        "国家市场监督管理总局",
        "国家市场监督管理总局令第16号",
        D(2019, 8, 21),
        D(2019, 10, 1),
        "valid",
        "为了规范市场监督管理行政许可程序，根据《中华人民共和国行政许可法》等法律、行政法规，制定本规定。",
    ),
    (
        "湖南省政务服务管理办法",
        "local_regulation",
        "湖南省人民代表大会常务委员会",
        "",
        D(2025, 3, 28),
        D(2025, 7, 1),
        "valid",
        "为了规范政务服务，提升政务服务效能，优化营商环境，根据有关法律、行政法规，结合本省实际，制定本办法。（演示数据）",
    ),
    (
        "蓝山县行政规范性文件管理办法",
        "normative",
        "蓝山县人民政府",
        "蓝政发〔2025〕3号",
        D(2025, 2, 10),
        D(2025, 3, 10),
        "valid",
        "为加强行政规范性文件管理，推进依法行政，结合本县实际，制定本办法。",
    ),
    (
        "蓝山县政务公开工作考核办法（试行）",
        "normative",
        "蓝山县人民政府办公室",
        "蓝政办发〔2021〕8号",
        D(2021, 5, 6),
        D(2021, 6, 1),
        "repealed",
        "本办法已被新的考核办法替代，仅供查阅。",
    ),
]
PERIODICALS = [
    (
        "蓝山政务信息",
        "brief",
        "县政府办公室",
        [
            (
                1,
                157,
                "我县召开2026年优化营商环境工作推进会",
                "1月8日，县政府召开优化营商环境工作推进会，部署全年重点任务。",
            ),
            (
                2,
                158,
                "县市场监管局推行企业开办“一日办结”",
                "县市场监管局整合登记、刻章、发票申领环节，企业开办实现一日办结。",
            ),
            (
                3,
                159,
                "县自然资源局推进不动产登记“交房即交证”",
                "县自然资源局联合住建、税务部门，在三个新建小区实现交房即交证。",
            ),
            (
                4,
                160,
                "县政务服务中心开展“微笑窗口”评选",
                "县政务服务中心开展“微笑窗口”评选活动，提升窗口服务水平。",
            ),
        ],
    ),
    (
        "信息专报",
        "special",
        "县政府办公室",
        [
            (
                1,
                41,
                "关于春节前后安全生产形势的分析报告",
                "春节临近，人员流动和用火用电增加，安全生产压力加大，建议加强重点场所检查。",
            ),
            (
                2,
                42,
                "关于今冬明春森林防火工作情况的报告",
                "全县落实护林员312名，建成防火隔离带46公里。",
            ),
        ],
    ),
]
DOCUMENTS = [
    (
        "蓝山县数字政府建设三年行动方案（2025—2027年）",
        "规划计划",
        "县政府办公室",
        D(2025, 4, 18),
        "明确数字政府建设的总体要求、重点任务和保障措施。",
    ),
    (
        "县直机关公文处理工作手册",
        "工作手册",
        "县政府办公室",
        D(2024, 9, 1),
        "依据《党政机关公文处理工作条例》和 GB/T 9704—2012 编写，介绍公文格式、拟制和办理。",
    ),
    (
        "政务服务事项办事指南编制规范",
        "标准规范",
        "县行政审批服务局",
        D(2025, 6, 12),
        "规定办事指南的要素、编写要求和审核发布流程。",
    ),
]
BULLETINS = [
    (
        "关于元旦放假期间值班安排的公告",
        "元旦放假期间，各单位须安排专人值班，值班表于12月28日前报县政府办公室。",
        True,
        None,
    ),
    ("机关食堂就餐时间调整", "自12月1日起，机关食堂午餐时间调整为11:40至12:40。", False, None),
    ("县政府大院停车场施工提示", "停车场施工已完成，恢复正常使用。", False, -3),
]


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _upload(name: str, title: str, paragraphs: list[str]) -> SimpleUploadedFile:
    if name.endswith(".pdf"):
        return SimpleUploadedFile(name, sample_pdf(title, paragraphs), "application/pdf")
    return SimpleUploadedFile(name, sample_docx(title, paragraphs), "application/octet-stream")


def _cabinets() -> int:
    count = 0
    entries = {}
    for unit_code, manager_name, writer_name, folders in CABINETS:
        manager, writer = _user(manager_name), _user(writer_name)
        cabinet = file_services.department_cabinet_ensure(
            unit=OrgUnit.objects.get(code=unit_code), by=manager
        )
        file_services.grant_add(cabinet=cabinet, by=manager, level=Level.WRITE, user=writer)
        for folder_name, files in folders.items():
            folder = file_services.folder_create(
                cabinet=cabinet, parent=None, name=folder_name, by=writer
            )
            for name, title, paragraphs in files:
                entry = file_services.file_upload(
                    cabinet=cabinet,
                    folder=folder,
                    upload=_upload(name, title, paragraphs),
                    by=writer,
                )
                entries[name] = (cabinet, entry, manager)
                count += 1
    # A second version of the work plan (修改稿).
    cabinet, entry, manager = entries["登记注册股2026年工作要点.docx"]
    file_services.file_new_version(
        entry=entry,
        upload=_upload(
            entry.name,
            "登记注册股2026年工作要点（修改稿）",
            [*CABINETS[0][3]["2026年工作计划"][0][2], "四、开展经营主体信用修复培训。"],
        ),
        by=_user("caiming"),
        note="根据股务会意见修改",
    )
    name, person = SHARE
    cabinet, entry, manager = entries[name]
    file_services.grant_add(
        cabinet=cabinet, entry=entry, by=manager, level=Level.READ, user=_user(person)
    )
    owner, files = PERSONAL
    mine = file_services.personal_cabinet_ensure(user=_user(owner))
    for name, title, paragraphs in files:
        file_services.file_upload(
            cabinet=mine, folder=None, upload=_upload(name, title, paragraphs), by=_user(owner)
        )
    unit_code, name, title, paragraphs = TRASHED
    cabinet = file_services.department_cabinet_ensure(unit=OrgUnit.objects.get(code=unit_code))
    entry = file_services.file_upload(
        cabinet=cabinet, folder=None, upload=_upload(name, title, paragraphs), by=_user("caiming")
    )
    file_services.file_delete(entry=entry, by=_user("caiming"))
    return count + 2


def _libraries() -> int:
    editor = _user(EDITOR)
    count = 0
    for title, level, body_, number, promulgated, effective, validity, text in LAWS:
        res_services.entry_save(
            instance=Law(
                title=title,
                level=level,
                issuing_body=body_,
                doc_number=number,
                promulgated_on=promulgated,
                effective_on=effective,
                validity=validity,
                body=text,
            ),
            by=editor,
        )
        count += 1
    for name, kind, publisher, issues in PERIODICALS:
        periodical = Periodical.objects.create(name=name, kind=kind, publisher=publisher)
        for number, total, title, text in issues:
            issue = res_services.entry_save(
                instance=PeriodicalIssue(
                    periodical=periodical,
                    year=2026,
                    number=number,
                    total_number=total,
                    title=title,
                    published_on=D(2026, 1, 5) + datetime.timedelta(days=20 * number),
                    body=text,
                ),
                by=editor,
            )
            if number == 1:
                res_services.file_attach(
                    instance=issue,
                    upload=_upload(
                        f"{name}{issue.issue_label}.pdf",
                        f"{name} {issue.issue_label}",
                        [title, text],
                    ),
                    by=editor,
                )
            count += 1
    for title, category, source, published, summary in DOCUMENTS:
        document = res_services.entry_save(
            instance=LibraryDocument(
                title=title,
                category=category,
                source=source,
                published_on=published,
                summary=summary,
            ),
            by=editor,
        )
        res_services.file_attach(
            instance=document, upload=_upload(f"{title}.docx", title, [summary]), by=editor
        )
        count += 1
    today = timezone.localdate()
    for title, body, pinned, expires in BULLETINS:
        res_services.entry_save(
            instance=BulletinPost(
                title=title,
                body=body,
                pinned=pinned,
                expires_on=today + datetime.timedelta(days=expires) if expires else None,
            ),
            by=editor,
        )
        count += 1
    return count


def load_demo_files(stdout=None) -> int:
    if Periodical.objects.filter(name="蓝山政务信息").exists():
        return 0
    with transaction.atomic():
        files = _cabinets()
        entries = _libraries()
    if stdout is not None:
        stdout.write(f"文件中心：文件 {files} 个；公共资源：条目 {entries} 条。")
    return files + entries
