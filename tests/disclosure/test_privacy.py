"""The privacy check before publishing: detection rules, real PDF/DOCX/XLSX files, blocking,
redaction and a reviewer's recorded override."""

import pytest
from django.core.exceptions import PermissionDenied

from disclosure.constants import FindingKind, ItemAction, ItemStatus
from disclosure.services import items as services
from disclosure.services.privacy import luhn_valid, resident_id_valid, scan_text
from tests.disclosure.conftest import RESIDENT_ID, make_item
from tests.disclosure.files import docx_bytes, pdf_bytes, upload, xlsx_bytes

BANK_CARD = "6222021234567890128"  # passes Luhn
BAD_ID = RESIDENT_ID[:-1] + ("0" if RESIDENT_ID[-1] != "0" else "1")


def kinds(hits):
    return sorted(h.kind for h in hits)


def test_number_checks():
    assert resident_id_valid(RESIDENT_ID)
    assert not resident_id_valid(BAD_ID)
    assert not resident_id_valid("430100198513450011")  # month 13
    assert luhn_valid(BANK_CARD) and not luhn_valid(BANK_CARD[:-1] + "9")


def test_scan_text_finds_numbers_and_names():
    hits = scan_text(f"申请人张晓明，身份证号：{RESIDENT_ID}，联系电话13907461234。", "正文第1段")
    assert kinds(hits) == [FindingKind.MOBILE, FindingKind.NAME, FindingKind.RESIDENT_ID]
    name = next(h for h in hits if h.kind == FindingKind.NAME)
    assert "张晓明" in name.excerpt
    # The number itself is never stored: the excerpt masks it.
    assert RESIDENT_ID not in "".join(h.excerpt for h in hits)
    assert all(h.location == "正文第1段" for h in hits)


def test_scan_ignores_invalid_and_non_personal_numbers():
    text = (
        f"文号蓝政发〔2026〕8号，编号{BAD_ID}，金额12345678元，"
        "电话0746-2221001，卡号6222021234567890129。"
    )
    assert scan_text(text, "x") == []


def test_bank_card_with_spaces():
    hits = scan_text("收款账号：6222 0212 3456 7890 128", "x")
    assert kinds(hits) == [FindingKind.BANK_CARD]


@pytest.mark.django_db
def test_pdf_attachment_blocks_until_redacted(columns, officer_a, head_a, leader_a):
    item = make_item(officer_a, columns["zcwj"])
    data = pdf_bytes(
        "关于2026年困难群众临时救助的公示", f"救助对象：王小红 {RESIDENT_ID} 救助金额2000元"
    )
    attachment = services.attachment_add(
        item=item, by=officer_a, upload=upload("公示名单.pdf", data)
    )
    assert "救助对象" in attachment.text  # the PDF's Chinese text came out
    with pytest.raises(services.PrivacyBlocked):
        services.item_submit(item=item, by=officer_a)
    findings = list(item.findings.order_by("kind"))
    assert {f.kind for f in findings} == {FindingKind.RESIDENT_ID, FindingKind.NAME}
    assert all(f.location == "附件《公示名单.pdf》第1页" for f in findings)
    assert all(f.attachment_id == attachment.pk for f in findings)
    # Redacted: the officer replaces the file; the next check finds nothing and it goes on.
    services.attachment_remove(attachment=attachment, by=officer_a)
    redacted = pdf_bytes(
        "关于2026年困难群众临时救助的公示", "救助对象：王** 4301**********0011 救助金额2000元"
    )
    services.attachment_add(item=item, by=officer_a, upload=upload("公示名单.pdf", redacted))
    services.item_submit(item=item, by=officer_a)
    assert not item.findings.exists()
    services.item_approve(item=item, by=head_a)
    services.item_approve(item=item, by=leader_a)
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED


@pytest.mark.django_db
def test_docx_attachment_finding_in_a_table_row(columns, officer_a):
    item = make_item(officer_a, columns["zcwj"])
    data = docx_bytes(
        ["2026年度城乡低保名单"],
        rows=[["姓名", "身份证号", "银行卡号"], ["李四", RESIDENT_ID, BANK_CARD]],
    )
    services.attachment_add(item=item, by=officer_a, upload=upload("低保名单.docx", data))
    findings = services.privacy_check(item=item, by=officer_a)
    assert {f.kind for f in findings} == {
        FindingKind.RESIDENT_ID,
        FindingKind.BANK_CARD,
        FindingKind.NAME,
    }
    assert {f.location for f in findings} == {"附件《低保名单.docx》表格1第2行"}
    assert item.events.filter(action=ItemAction.SCAN).exists()


@pytest.mark.django_db
def test_xlsx_attachment_and_reviewer_override(columns, officer_a, head_a, leader_a):
    item = make_item(officer_a, columns["zcwj"], body="<p>联系人：赵敏 13807461234</p>")
    data = xlsx_bytes([["姓名", "手机"], ["钱伟", "15907461111"]], title="获奖名单")
    services.attachment_add(item=item, by=officer_a, upload=upload("获奖名单.xlsx", data))
    findings = services.privacy_check(item=item, by=officer_a)
    where = {f.location for f in findings}
    assert where == {"正文第1段", "附件《获奖名单.xlsx》工作表“获奖名单”第2行"}
    # An officer may not override; a reviewer may, with a reason that is recorded.
    with pytest.raises(PermissionDenied):
        services.finding_override(finding=findings[0], by=officer_a, reason="依法公示")
    for finding in findings:
        services.finding_override(
            finding=finding, by=head_a, reason="表彰决定依法公示获奖人员联系方式"
        )
    services.item_submit(item=item, by=officer_a)
    services.item_approve(item=item, by=head_a)
    services.item_approve(item=item, by=leader_a)
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    override = item.events.filter(action=ItemAction.OVERRIDE).first()
    assert override.actor == head_a and "依法公示" in override.comment
    # Overrides survive later scans.
    assert not services.privacy_scan(item)
