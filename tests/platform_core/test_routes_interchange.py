"""Fixed routes: BPMN 2.0 / XPDL 2.2 export, BPMN import and round trip, SVG graph."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from platform_core.constants import RoleCode
from platform_core.models import ProcessDefinition, VersionStatus
from platform_core.routes.bpmn import export_bpmn
from platform_core.routes.graph import render_svg
from platform_core.routes.xmlio import safe_parse
from platform_core.routes.xpdl import export_xpdl
from platform_core.selectors.routes import version_spec
from platform_core.services import routes as services
from tests.factories import staff_with_role
from tests.platform_core.routes_sample import build_route

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "egov": "https://egov.example.cn/schema/bpmn",
    "x": "http://www.wfmc.org/2009/XPDL2.2",
    "svg": "http://www.w3.org/2000/svg",
}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
BPMN_MODDLE = "10.3.1"
NODE_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "node"
# Parses a file the way bpmn-js does and reports warnings and element counts as JSON.
CHECK_SCRIPT = """\
import { readFileSync } from "node:fs";
import { BpmnModdle } from "bpmn-moddle";
const moddle = new BpmnModdle();
const xml = readFileSync(process.argv[2], "utf8");
const { rootElement, warnings } = await moddle.fromXML(xml);
const proc = rootElement.rootElements.find((e) => e.$type === "bpmn:Process");
const count = (t) => proc.flowElements.filter((e) => e.$type === t).length;
console.log(JSON.stringify({
  warnings: warnings.map((w) => w.message),
  tasks: count("bpmn:UserTask"),
  gateways: count("bpmn:ExclusiveGateway"),
  flows: count("bpmn:SequenceFlow"),
  diagramElements: rootElement.diagrams[0].plane.planeElement.length,
}));
"""


@pytest.fixture
def designer(gov):
    return staff_with_role(RoleCode.SYSTEM_ADMIN, gov)


@pytest.fixture
def route(designer, dept_b):
    definition, draft = build_route(designer, dept_b)
    services.version_publish(version=draft, by=designer)
    return definition, draft


def test_bpmn_export_structure(route):
    _definition, version = route
    root = safe_parse(export_bpmn(version_spec(version)))
    assert root.tag == f"{{{NS['bpmn']}}}definitions"
    (process,) = root.findall("bpmn:process", NS)
    assert process.get("id") == "Process_license" and process.get("name") == "建设许可审批"
    assert len(process.findall("bpmn:startEvent", NS)) == 1
    assert len(process.findall("bpmn:endEvent", NS)) == 1
    tasks = process.findall("bpmn:userTask", NS)
    assert [t.get("id") for t in tasks] == [
        "Task_accept",
        "Task_review",
        "Task_joint",
        "Task_decide",
    ]
    gateways = process.findall("bpmn:exclusiveGateway", NS)
    assert [g.get("id") for g in gateways] == ["Gateway_review", "Gateway_decide"]
    assert gateways[0].get("default") == "Flow_review_2"
    # start + 6 transitions + 2 task→gateway links
    flows = process.findall("bpmn:sequenceFlow", NS)
    assert len(flows) == 9
    conditional = [f for f in flows if f.find("bpmn:conditionExpression", NS) is not None]
    assert len(conditional) == 2
    expression = conditional[0].find("bpmn:conditionExpression", NS)
    assert expression.get(XSI_TYPE) == "bpmn:tFormalExpression"
    assert expression.text == "${amount > 100}"
    stored = json.loads(conditional[0].find("bpmn:extensionElements/egov:condition", NS).text)
    assert stored == {"field": "amount", "op": "gt", "value": 100}
    joint = tasks[2]
    loop = joint.find("bpmn:multiInstanceLoopCharacteristics", NS)
    assert loop.get("isSequential") == "false" and loop.find("bpmn:completionCondition", NS) is None
    decide = tasks[3].find("bpmn:multiInstanceLoopCharacteristics", NS)
    assert decide.find("bpmn:completionCondition", NS).text == "${nrOfCompletedInstances >= 1}"
    step = joint.find("bpmn:extensionElements/egov:step", NS)
    assert step.attrib["role"] == "section_head" and step.attrib["unitScope"] == "fixed_unit"
    assert step.attrib["unit"] == "zrzy" and step.attrib["timeLimitDays"] == "3"
    assert (
        tasks[1].find("bpmn:extensionElements/egov:step", NS).attrib["formCode"] == "license_review"
    )
    plane = root.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    assert len(plane.findall("bpmndi:BPMNShape", NS)) == 4 + 2 + 2
    assert len(plane.findall("bpmndi:BPMNEdge", NS)) == 9
    xs = [int(s.find("dc:Bounds", NS).get("x")) for s in plane.findall("bpmndi:BPMNShape", NS)]
    assert xs[0] < xs[1] < xs[2]  # laid out left to right: start, accept, review


def test_round_trip_export_import_export_is_identical(route, designer):
    definition, version = route
    first = export_bpmn(version_spec(version))
    draft = services.bpmn_import(xml_bytes=first, code=definition.code, by=designer)
    assert draft.number == 2 and draft.status == VersionStatus.DRAFT
    assert version_spec(draft).steps == version_spec(version).steps
    assert export_bpmn(version_spec(draft)) == first
    services.version_publish(version=draft, by=designer)  # what came back is publishable


def test_import_creates_a_new_definition(route, designer):
    _definition, version = route
    xml = export_bpmn(version_spec(version))
    draft = services.bpmn_import(xml_bytes=xml, code="license-copy", by=designer)
    created = ProcessDefinition.objects.get(code="license-copy")
    assert draft.definition == created and created.name == "建设许可审批"
    assert draft.steps.count() == 4 and draft.transitions.count() == 6


def test_import_refuses_a_second_draft(route, designer):
    definition, version = route
    services.version_draft_from_published(definition=definition, by=designer)
    with pytest.raises(ValidationError, match="已有草稿"):
        services.bpmn_import(
            xml_bytes=export_bpmn(version_spec(version)), code="license", by=designer
        )


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            b"<lolz>&lol2;</lolz>",
            "DOCTYPE 或 ENTITY",
        ),
        (b'<!ENTITY xxe SYSTEM "file:///etc/passwd">', "DOCTYPE 或 ENTITY"),
        (b"<bpmn:definitions><unclosed>", "不是格式正确的 XML"),
        (b"", "空的"),
        ("<a/>".encode("utf-16"), "UTF-8"),
        (b"<definitions/>", "不是 BPMN 2.0"),
    ],
)
def test_import_refuses_unsafe_or_malformed_xml(designer, payload, message):
    with pytest.raises(ValidationError, match=message):
        services.bpmn_import(xml_bytes=payload, code="evil", by=designer)
    assert not ProcessDefinition.objects.filter(code="evil").exists()


def test_import_refuses_unknown_role(route, designer):
    _definition, version = route
    xml = export_bpmn(version_spec(version)).replace(b'role="leader"', b'role="emperor"')
    with pytest.raises(ValidationError, match="角色代码“emperor”不存在"):
        services.bpmn_import(xml_bytes=xml, code="other", by=designer)
    assert not ProcessDefinition.objects.filter(code="other").exists()  # all or nothing


def test_import_reads_readable_expression_without_extension(route, designer):
    _definition, version = route
    xml = export_bpmn(version_spec(version)).decode()
    start = xml.index("<egov:condition>")
    end = xml.index("</egov:condition>") + len("</egov:condition>")
    draft = services.bpmn_import(
        xml_bytes=(xml[:start] + xml[end:]).encode(), code="expr", by=designer
    )
    conditions = [t.condition for t in draft.transitions.exclude(condition={})]
    assert {"field": "amount", "op": "gt", "value": 100} in conditions


def test_xpdl_export_structure(route):
    _definition, version = route
    data = export_xpdl(version_spec(version))
    root = safe_parse(data)
    assert root.tag == f"{{{NS['x']}}}Package"
    assert root.find("x:PackageHeader/x:XPDLVersion", NS).text == "2.2"
    assert root.find("x:RedefinableHeader/x:Version", NS).text == "1"
    participants = root.findall("x:Participants/x:Participant", NS)
    assert len(participants) == 4
    assert all(p.find("x:ParticipantType", NS).get("Type") == "ROLE" for p in participants)
    (process,) = root.findall("x:WorkflowProcesses/x:WorkflowProcess", NS)
    activities = process.findall("x:Activities/x:Activity", NS)
    tasks = [a for a in activities if a.find("x:Implementation/x:Task/x:TaskUser", NS) is not None]
    routes = [a for a in activities if a.find("x:Route", NS) is not None]
    events = [a for a in activities if a.find("x:Event", NS) is not None]
    assert (len(tasks), len(routes), len(events)) == (4, 2, 2)
    assert routes[0].find("x:Route", NS).get("GatewayType") == "Exclusive"
    transitions = process.findall("x:Transitions/x:Transition", NS)
    assert len(transitions) == 9
    conditions = [
        t.find("x:Condition", NS) for t in transitions if t.find("x:Condition", NS) is not None
    ]
    assert sorted(c.get("Type") for c in conditions) == [
        "CONDITION",
        "CONDITION",
        "OTHERWISE",
        "OTHERWISE",
    ]
    attrs = {
        e.get("Name"): e.get("Value")
        for e in tasks[2].findall("x:ExtendedAttributes/x:ExtendedAttribute", NS)
    }
    assert attrs["egov:roleCode"] == "section_head" and attrs["egov:countersign"] == "all"
    loop = tasks[2].find("x:Loop/x:LoopMultiInstance", NS)
    assert loop.get("MI_Ordering") == "Parallel" and loop.get("MI_FlowCondition") == "All"
    assert export_xpdl(version_spec(version)) == data  # repeatable


def test_svg_highlights_current_step_and_visited_path(route):
    _definition, version = route
    svg = render_svg(
        version_spec(version), current=["decide"], visited=["accept", "review", "joint"]
    )
    root = safe_parse(svg.encode())
    assert root.tag == f"{{{NS['svg']}}}svg"
    steps = {g.get("data-step"): g for g in root.iter(f"{{{NS['svg']}}}g") if g.get("data-step")}
    assert set(steps) == {"accept", "review", "joint", "decide"}
    assert "current" in steps["decide"].get("class").split()
    assert steps["decide"].find("svg:rect", NS).get("fill") == "#fef3c7"
    assert "visited" in steps["review"].get("class").split()
    assert steps["review"].find("svg:rect", NS).get("fill") == "#dbeafe"
    names = [t.text for t in steps["joint"].findall("svg:text", NS)]
    assert names[0] == "部门会签" and names[1] == "科室负责人"
    edges = {
        g.get("data-flow"): g.get("class")
        for g in root.iter(f"{{{NS['svg']}}}g")
        if g.get("data-flow")
    }
    assert edges["Flow_review_1"] == "edge visited"  # review → joint was walked
    assert edges["Flow_review_2"] == "edge plain"  # review → decide was not
    assert "金额较大" in svg and "result 等于 退回" in svg
    plain = safe_parse(render_svg(version_spec(version)).encode())
    assert not [g for g in plain.iter(f"{{{NS['svg']}}}g") if "current" in (g.get("class") or "")]


@pytest.fixture(scope="session")
def bpmn_moddle_dir():
    """bpmn-moddle from the npm registry, installed once under test-artifacts/ (git-ignored)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node/npm 未安装，跳过 bpmn-moddle 解析测试")
    package = NODE_DIR / "node_modules" / "bpmn-moddle" / "package.json"
    if not package.exists() or json.loads(package.read_text())["version"] != BPMN_MODDLE:
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(NODE_DIR),
                "--no-audit",
                "--no-fund",
                f"bpmn-moddle@{BPMN_MODDLE}",
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    script = NODE_DIR / "check_bpmn.mjs"
    script.write_text(CHECK_SCRIPT, encoding="utf-8")
    return NODE_DIR


def test_export_opens_in_bpmn_moddle_without_warnings(route, bpmn_moddle_dir, tmp_path):
    _definition, version = route
    target = tmp_path / "license.bpmn"
    target.write_bytes(export_bpmn(version_spec(version)))
    result = subprocess.run(
        ["node", str(bpmn_moddle_dir / "check_bpmn.mjs"), str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=bpmn_moddle_dir,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == {"warnings": [], "tasks": 4, "gateways": 2, "flows": 9, "diagramElements": 17}
