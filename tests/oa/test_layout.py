"""The GB/T 9704-2012 PDF: 版头, 主体 and 版记 text in order, the seal and the 2-D barcode, which
reads back as the document's metadata."""

import io

import pytest
from pypdf import PdfReader

from oa.services.layout import barcode_text, document_pdf, parse_barcode
from tests.oa.conftest import make_document, sign


def text_with_positions(data: bytes) -> tuple[str, list[tuple[str, tuple[int, float]]]]:
    """The text, and each piece with (page, distance from the top of the page in points)."""
    reader = PdfReader(io.BytesIO(data))
    parts: list[tuple[str, tuple[int, float]]] = []
    pages = []
    for number, page in enumerate(reader.pages):
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font_dict, font_size, number=number, height=height):
            if text.strip():
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]  # PDF y, upwards from the bottom
                parts.append((text.strip(), (number, round(height - y, 1))))

        pages.append(page.extract_text(visitor_text=visit))
    return "\n".join(pages), parts


def y_of(parts, needle: str) -> tuple[int, float]:
    for text, where in parts:
        if needle in text:
            return where
    raise AssertionError(f"{needle!r} not found in {[t for t, _ in parts]}")


@pytest.fixture
def signed(route, issuer, office, clerk, head, leader, dept_a, head_a):
    document = make_document(
        clerk,
        issuer,
        office,
        countersign=[dept_a],
        secrecy="secret",
        urgency="urgent",
        note="此件公开发布",
    )
    return sign(document, clerk, head, [head_a], leader)


@pytest.mark.django_db
@pytest.mark.slow
def test_pdf_has_every_element_in_order(signed):
    data = document_pdf(signed)
    assert data.startswith(b"%PDF")
    text, parts = text_with_positions(data)
    flat = text.replace(" ", "").replace("\n", "")
    for expected in (
        "000001",
        "秘密",
        "加急",
        "蓝山县人民政府文件",
        signed.number,
        signed.title,
        "各乡镇人民政府，县直各单位：",
        "现将有关事项通知如下",
        "蓝山县人民政府",
        f"{signed.formed_on.year}年{signed.formed_on.month}月{signed.formed_on.day}日",
        "（此件公开发布）",
        "抄送：县委办公室，县人大常委会办公室。",
        "印发",
    ):
        assert expected in flat, expected
    # Top to bottom: 份号, header, number, title, main recipients, signature, 版记 (last page).
    order = [
        y_of(parts, "000001"),
        y_of(parts, "蓝山县人民政府文件"),
        y_of(parts, signed.number),
        y_of(parts, "关于做好"),
        y_of(parts, "各乡镇人民政府，县直各单位："),
        y_of(parts, f"{signed.formed_on.year}年{signed.formed_on.month}月{signed.formed_on.day}日"),
        y_of(parts, "抄送"),
    ]
    assert order == sorted(order)
    assert order[0][0] == 0 and order[-1][0] == len(PdfReader(io.BytesIO(data)).pages) - 1
    assert "签发人" not in flat  # a 通知 goes down, not up
    reader = PdfReader(io.BytesIO(data))
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in (page["/Resources"].get("/Font") or {}).values()
        if "/BaseFont" in f.get_object()
        for f in [f.get_object()]
    }
    assert any("CJK" in name for name in fonts)  # Chinese glyphs embedded, not empty boxes


@pytest.mark.django_db
@pytest.mark.slow
def test_upward_document_names_the_signer(route, issuer, office, clerk, head, leader):
    document = sign(make_document(clerk, issuer, office, kind="request"), clerk, head, [], leader)
    text, _parts = text_with_positions(document_pdf(document))
    assert "签发人：李建国" in text.replace(" ", "")


@pytest.mark.django_db
@pytest.mark.slow
def test_barcode_round_trip(signed):
    """Print the barcode (render it as in the PDF), then read it back with zbar."""
    import qrcode
    from pyzbar.pyzbar import decode

    text = barcode_text(signed)
    image = qrcode.make(text).get_image()
    decoded = decode(image)[0].data.decode("utf-8")
    fields = parse_barcode(decoded)
    assert fields["文号"] == signed.number
    assert fields["标题"] == signed.title
    assert fields["发文机关"] == "蓝山县人民政府"
    assert fields["密级"] == "秘密" and fields["紧急程度"] == "加急"
