"""The item's flow chart (办理流程图) on the guide page and in the guide PDF."""

import xml.etree.ElementTree as ET

from django.urls import reverse

from approval.flowchart import FlowStep, flow_chart_svg
from tests.approval.test_public import pdf_text

SVG = "{http://www.w3.org/2000/svg}"


def test_svg_is_well_formed_accessible_and_shows_the_countersign_split():
    steps = [
        FlowStep(name="初审", role="审查员", days=3),
        FlowStep(
            name="会审",
            role="科长",
            days=2,
            countersign="all",
            countersign_label="会签（全部办理后继续）",
            branches=["不符合条件则转“办结”"],
        ),
        FlowStep(name="决定", role="局长", days=1),
    ]
    svg = flow_chart_svg(steps, "测试<事项>办理流程图")
    root = ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "测试<事项>办理流程图"
    assert root.find(f"{SVG}desc").text == (
        "申请→受理→初审→会审（会签（全部办理后继续））→决定→办结"
    )
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts.count("会签") == 1 and "审查员 · 3个工作日" in texts
    assert "不符合条件则转“办结”" in texts
    # Two parallel gateways (split and join) around the countersign step only.
    gateways = [p for p in root.iter(f"{SVG}path") if p.get("fill") == "#fff"]
    assert len(gateways) == 2


def test_guide_page_and_pdf_show_the_flow_chart(client, item):
    body = client.get(reverse("approval:guide", args=[item.code])).content.decode()
    assert '<h2 id="flow-heading">办理流程</h2>' in body
    assert 'role="img"' in body and "审查" in body
    text = pdf_text(client.get(reverse("approval:guide_pdf", args=[item.code])).content)
    assert "办理流程" in text and "提出申请" in text


def test_item_without_a_published_route_has_no_chart(client, item):
    item.route_code = ""
    item.save(update_fields=["route_code"])
    body = client.get(reverse("approval:guide", args=[item.code])).content.decode()
    assert "flow-heading" not in body
