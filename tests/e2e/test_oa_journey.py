"""Issue 15, browser journey 1: a clerk drafts an outgoing document from a .docx; two colleagues
edit it and their changes show in two colours; the section head accepts one change and rejects
the other, and passes 核稿; two units countersign; the leader signs it off and it gets
蓝政发〔2026〕N号; the PDF shows the red header and the seal, and its barcode reads back; a
receiving unit signs for it in its 收文; it is 主动公开 and appears in the disclosure catalogue.

People, the issuing organ, the route and the catalogue column are created in Python; everything
else is clicking.
"""

import io
import subprocess

import pytest

from disclosure.services import columns as column_services
from oa.constants import DocStatus
from oa.models import Issuer, OutgoingDocument
from oa.services.layout import parse_barcode
from oa.services.route import ensure_route
from platform_core.constants import RoleCode
from tests.browser import shot
from tests.factories import OrgUnitFactory, staff_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE = "蓝山县人民政府关于做好2026年冬春森林防火工作的通知"


def docx_bytes() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("各乡镇人民政府，县直各单位：")
    doc.add_paragraph("一、加强组织领导。各单位要高度重视森林防火工作。")
    doc.add_paragraph("二、落实防火责任。严格执行野外用火审批制度。")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def people(gov, dept_a, dept_b, settings, tmp_path):
    settings.PUBLISH_ROOT = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
    office = OrgUnitFactory(parent=gov, name="县政府办公室", code="zfb")
    admin = staff_with_role(RoleCode.SYSTEM_ADMIN, gov, username="majunjie")
    ensure_route(by=admin)
    Issuer.objects.create(
        unit=gov, prefix="蓝政发", header="蓝山县人民政府文件", signature="蓝山县人民政府"
    )
    officer = staff_with_role(RoleCode.DISCLOSURE_OFFICER, gov, name="陈志刚")
    root = column_services.column_create(
        by=officer, unit=gov, name="法定主动公开内容", slug="fdzdgk"
    )
    column_services.column_create(by=officer, unit=gov, name="政策文件", slug="zcwj", parent=root)
    staff_with_role(RoleCode.REVIEW_CLERK, office, name="周敏", username="zhoumin")
    staff_with_role(RoleCode.REVIEW_CLERK, office, name="黄磊", username="huanglei")
    staff_with_role(RoleCode.REVIEW_CLERK, office, name="孙倩", username="sunqian")
    staff_with_role(RoleCode.SECTION_HEAD, office, name="刘芳", username="liufang")
    staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="袁伟民", username="yuanweimin")
    staff_with_role(RoleCode.SECTION_HEAD, dept_b, name="龙海燕", username="longhaiyan")
    staff_with_role(RoleCode.REVIEW_CLERK, dept_b, name="熊涛", username="xiongtao")
    staff_with_role(RoleCode.LEADER, gov, name="李建国", username="lijianguo")
    return office


def _message(page) -> str:
    return page.locator(".messages").inner_text()


def _edit_body(page, url, old, new):
    page.goto(url + "edit/")
    page.wait_for_function("() => document.querySelector('#id_body')?.richtextEditor")
    html = page.evaluate("() => document.querySelector('#id_body').value")
    assert old in html
    page.evaluate(
        "html => document.querySelector('#id_body').richtextEditor.setHtml(html)",
        html.replace(old, new),
    )
    page.locator("#save-document").click()
    assert "已保存" in _message(page)


def _step(page, url, button):
    page.goto(url)
    page.locator("#id_comment").fill("同意。")
    page.get_by_role("button", name=button).click()


def test_outgoing_document_from_docx_to_disclosure(
    browser, live_server, staff_login, people, tmp_path
):
    url = live_server.url
    office = people

    # 1. The clerk drafts: metadata in the form, the body from a Word file.
    clerk = staff_login("zhoumin")
    clerk.goto(url + "/office/oa/documents/new/")
    clerk.locator("#id_issuer").select_option(label="蓝政发（蓝山县人民政府）")
    clerk.locator("#id_unit").select_option(label=office.name)
    clerk.locator("#id_kind").select_option(label="通知")
    clerk.locator("#id_title").fill(TITLE)
    clerk.locator("#id_main_to").fill("各乡镇人民政府，县直各单位")
    clerk.locator("#id_copy_to").fill("县委办公室，县人大常委会办公室")
    clerk.locator("#id_openness").select_option(label="主动公开")
    clerk.get_by_label("县市场监督管理局").first.check()
    clerk.get_by_label("县自然资源局").first.check()
    clerk.locator("#id_recipient_units").get_by_label("县自然资源局").check()
    shot(clerk, "oa-draft-form-desktop")
    clerk.locator("#save-document").click()
    assert "已保存草稿" in _message(clerk)
    detail = clerk.url
    clerk.set_input_files(
        "#id_docx-file",
        files=[
            {
                "name": "森林防火通知.docx",
                "mimeType": DOCX_TYPE,
                "buffer": docx_bytes(),
            }
        ],
    )
    clerk.locator("#import-docx").click()
    assert "已从 Word 导入正文" in _message(clerk)
    assert "严格执行野外用火审批制度" in clerk.locator("#document-body").inner_text()

    # 2. Two colleagues edit the body.
    _edit_body(staff_login("huanglei"), detail, "一、加强组织领导。", "一、切实加强组织领导。")
    _edit_body(staff_login("sunqian"), detail, "严格执行野外用火审批制度。", "严禁野外用火。")
    clerk.goto(detail)
    clerk.locator("#submit-document").click()
    assert "已送核稿" in _message(clerk)

    # 3. The section head finds 核稿 in the inbox, sees two colours, accepts one change and
    #    rejects the other, then passes 核稿.
    head = staff_login("liufang")
    head.goto(url + "/office/inbox/")
    row = head.locator("li.inbox-row", has_text=TITLE)
    assert row.count() == 1 and "核稿" in row.inner_text()
    head.goto(detail + "revisions/")
    view = head.locator("#revision-view")
    assert view.locator("ins.rev-1").count() >= 1 and view.locator("ins.rev-2").count() >= 1
    legend = head.locator(".rev-legend").inner_text()
    assert "黄磊" in legend and "孙倩" in legend
    shot(head, "oa-revisions-desktop")
    head.locator("tr.pending-change", has_text="黄磊").first.locator(".accept-change").click()
    assert "已接受" in _message(head)
    # 孙倩 replaced a sentence: a deletion and an insertion; reject both.
    while head.locator("tr.pending-change", has_text="孙倩").count():
        head.locator("tr.pending-change", has_text="孙倩").first.locator(".reject-change").click()
        assert "已拒绝" in _message(head)
    assert head.locator("#no-pending").is_visible()
    document = OutgoingDocument.objects.get(title=TITLE)
    assert "切实加强组织领导" in document.body
    assert "严格执行野外用火审批制度" in document.body and "严禁野外用火" not in document.body
    _step(head, detail, "核稿通过")
    assert "核稿完成" in _message(head)

    # 4. Two units countersign, each from its own inbox.
    for username in ("yuanweimin", "longhaiyan"):
        signer = staff_login(username)
        signer.goto(url + "/office/inbox/")
        assert "会签" in signer.locator("li.inbox-row", has_text=TITLE).inner_text()
        _step(signer, detail, "同意会签")
        assert "已会签" in _message(signer)

    # 5. The leader signs it off on the phone: it gets its number.
    leader = staff_login("lijianguo", phone=True)
    leader.goto(url + "/office/inbox/")
    assert "签发" in leader.locator("li.inbox-row", has_text=TITLE).inner_text()
    _step(leader, detail, "签发")
    assert "已签发" in _message(leader)
    document.refresh_from_db()
    assert document.status == DocStatus.SIGNED
    assert document.number == f"蓝政发〔{document.number_year}〕1号"
    assert document.number in leader.locator("#document-number").inner_text()
    shot(leader, "oa-signed-phone")

    # 6. The PDF: red header, number, seal; the barcode in the rendered page reads back.
    pdf = clerk.request.get(detail + "pdf/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text().replace(" ", "")
    assert "蓝山县人民政府文件" in text and document.number in text
    from PIL import Image
    from pyzbar.pyzbar import decode

    source = tmp_path / "document.pdf"
    source.write_bytes(pdf.body())
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-singlefile", "-png", str(source),
         str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    image = Image.open(tmp_path / "page.png").convert("RGB")
    codes = decode(image)
    assert codes, "no barcode found on the first page"
    fields = parse_barcode(codes[0].data.decode("utf-8"))
    assert fields["文号"] == document.number and fields["标题"] == TITLE
    # The red of the header and the seal are on the page.
    pixels = image.tobytes()
    reds = sum(
        1
        for i in range(0, len(pixels), 3)
        if pixels[i] > 200 and pixels[i + 1] < 60 and pixels[i + 2] < 60
    )
    assert reds > 2000

    # 7. The clerk dispatches it; the receiving unit signs for it in its 收文.
    clerk.goto(detail)
    clerk.locator("#dispatch-document").click()
    assert "已分发" in _message(clerk)
    receiver = staff_login("xiongtao")
    receiver.goto(url + "/office/inbox/")
    assert "签收" in receiver.locator("li.inbox-row", has_text=TITLE).inner_text()
    receiver.goto(url + "/office/oa/receipts/")
    receiver.locator("tr", has_text=TITLE).locator(".receipt-sign").click()
    assert "已签收" in _message(receiver)
    clerk.goto(detail)
    assert "熊涛" in clerk.locator("main").inner_text()

    # 8. 主动公开: it is in the disclosure catalogue, published.
    document.refresh_from_db()
    assert document.disclosure_url
    link = clerk.locator("#disclosure-link")
    assert document.disclosure_index in link.inner_text()
    visitor = browser.new_page()
    try:
        assert visitor.goto(url + document.disclosure_url).status == 200
        assert TITLE in visitor.content() and document.number in visitor.content()
    finally:
        visitor.close()
