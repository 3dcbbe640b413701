"""Graphical route designer (issue 18): bpmn-js diagrams saved through the BPMN import."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from platform_core.constants import RoleCode
from platform_core.models import StepDefinition, VersionStatus
from platform_core.routes.bpmn import export_bpmn, parse_bpmn
from platform_core.selectors.routes import version_spec
from platform_core.services import routes as services
from tests.factories import staff_with_role
from tests.platform_core.routes_sample import build_route

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:egov="https://egov.example.cn/schema/bpmn" id="Definitions_1"
  targetNamespace="http://bpmn.io/schema/bpmn">
<bpmn:process id="Process_1" name="画出的流程" isExecutable="false">"""
TAIL = "</bpmn:process></bpmn:definitions>"


def drawn(body: str) -> bytes:
    return (HEAD + body + TAIL).encode()


# What the modeler saves for: start → 受理 → 会签 (parallel multi-instance) → gateway
# (amount > 100 → 复核, default → end) → end; ids as bpmn-js makes them.
DRAWN = """
<bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_a</bpmn:outgoing></bpmn:startEvent>
<bpmn:userTask id="Activity_0acc" name="受理">
  <bpmn:extensionElements><egov:step key="accept" role="window_clerk" unitScope="case_unit"
    timeLimitDays="2" countersign="none"/></bpmn:extensionElements>
</bpmn:userTask>
<bpmn:userTask id="Activity_1joint" name="会签">
  <bpmn:extensionElements><egov:step key="joint" role="section_head" unitScope="case_unit"
    timeLimitDays="3" countersign="all"/></bpmn:extensionElements>
  <bpmn:multiInstanceLoopCharacteristics/>
</bpmn:userTask>
<bpmn:exclusiveGateway id="Gateway_0x" default="Flow_default"/>
<bpmn:userTask id="Activity_2chk" name="复核">
  <bpmn:extensionElements><egov:step key="check" role="leader" unitScope="case_unit"
    timeLimitDays="1" countersign="none"/></bpmn:extensionElements>
</bpmn:userTask>
<bpmn:endEvent id="Event_end"/>
<bpmn:sequenceFlow id="Flow_a" sourceRef="StartEvent_1" targetRef="Activity_0acc"/>
<bpmn:sequenceFlow id="Flow_b" sourceRef="Activity_0acc" targetRef="Activity_1joint"/>
<bpmn:sequenceFlow id="Flow_c" sourceRef="Activity_1joint" targetRef="Gateway_0x"/>
<bpmn:sequenceFlow id="Flow_big" name="金额较大" sourceRef="Gateway_0x" targetRef="Activity_2chk">
  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${amount &gt; 100}
  </bpmn:conditionExpression>
</bpmn:sequenceFlow>
<bpmn:sequenceFlow id="Flow_default" sourceRef="Gateway_0x" targetRef="Event_end"/>
<bpmn:sequenceFlow id="Flow_d" sourceRef="Activity_2chk" targetRef="Event_end"/>
"""


@pytest.fixture
def designer(gov):
    return staff_with_role(RoleCode.SYSTEM_ADMIN, gov)


@pytest.fixture
def draft(designer, dept_b):
    _definition, version = build_route(designer, dept_b)
    return version


def test_save_drawn_diagram_replaces_the_draft(draft, designer):
    services.bpmn_save_draft(version=draft, xml_bytes=drawn(DRAWN), by=designer)
    steps = {s.key: s for s in draft.steps.select_related("role")}
    assert sorted(steps) == ["accept", "check", "joint"]
    assert steps["joint"].countersign == "all"
    assert steps["accept"].time_limit_days == 2
    assert steps["check"].role.code == RoleCode.LEADER
    conditional = draft.transitions.exclude(condition={}).get()
    assert conditional.source.key == "joint" and conditional.target.key == "check"
    assert conditional.condition == {"field": "amount", "op": "gt", "value": 100}
    services.version_publish(version=draft, by=designer)  # the engine can run what was saved
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '<bpmn:parallelGateway id="Gateway_p" name="并行分支"/>',
            "流程引擎不能运行并行网关“并行分支”（标识 Gateway_p）",
        ),
        (
            '<bpmn:subProcess id="Activity_sub" name="内部子流程"/>',
            "子流程“内部子流程”（标识 Activity_sub）",
        ),
        (
            '<bpmn:intermediateCatchEvent id="Event_wait"/>',
            "中间捕获事件“未命名”（标识 Event_wait）",
        ),
        (
            '<bpmn:userTask id="Activity_seq" name="依次审"><bpmn:extensionElements>'
            '<egov:step key="seq" role="leader"/></bpmn:extensionElements>'
            '<bpmn:multiInstanceLoopCharacteristics isSequential="true"/></bpmn:userTask>',
            "顺序多实例（依次会签）任务“依次审”（标识 Activity_seq）",
        ),
    ],
)
def test_unsupported_elements_are_refused_by_name_and_nothing_is_saved(
    draft, designer, body, expected
):
    before = list(draft.steps.order_by("key").values_list("key", flat=True))
    with pytest.raises(ValidationError) as info:
        services.bpmn_save_draft(version=draft, xml_bytes=drawn(DRAWN + body), by=designer)
    assert expected in " ".join(info.value.messages)
    assert list(draft.steps.order_by("key").values_list("key", flat=True)) == before


def test_task_without_role_is_refused_naming_the_task(draft, designer):
    body = DRAWN.replace('key="check" role="leader"', 'key="check" role=""')
    with pytest.raises(ValidationError, match="任务“复核”（标识 check）没有设置办理角色"):
        services.bpmn_save_draft(version=draft, xml_bytes=drawn(body), by=designer)
    assert draft.steps.filter(key="review").exists()


def test_graph_errors_refuse_the_save(draft, designer):
    body = DRAWN.replace(' default="Flow_default"', "").replace(
        'id="Flow_default"', 'id="Flow_default" name="小额"'
    )
    flow = (
        '<bpmn:sequenceFlow id="Flow_default" name="小额" sourceRef="Gateway_0x" '
        'targetRef="Event_end"'
    )
    body = body.replace(
        flow + "/>",
        flow + ">"
        '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${amount &lt;= 100}'
        "</bpmn:conditionExpression></bpmn:sequenceFlow>",
    )
    with pytest.raises(ValidationError, match="没有默认去向"):
        services.bpmn_save_draft(version=draft, xml_bytes=drawn(body), by=designer)


def test_published_version_cannot_be_saved(draft, designer):
    services.version_publish(version=draft, by=designer)
    with pytest.raises(ValidationError, match="不能修改"):
        services.bpmn_save_draft(version=draft, xml_bytes=drawn(DRAWN), by=designer)


def test_only_route_administrators_may_save(draft, gov):
    clerk = staff_with_role(RoleCode.WINDOW_CLERK, gov)
    with pytest.raises(Exception, match="没有设计固定流程的权限"):
        services.bpmn_save_draft(version=draft, xml_bytes=drawn(DRAWN), by=clerk)


def test_form_designer_route_opens_in_the_modeler_and_back(draft, designer):
    """Round trip: the export carries diagram interchange for every node and flow, and saving
    it from the modeler gives the same route back."""
    spec = version_spec(draft)
    xml = export_bpmn(spec)
    text = xml.decode()
    assert text.count("<bpmndi:BPMNShape") == len(spec.steps) + 2 + sum(
        1 for s in spec.steps if spec.has_gateway(s.key)
    )
    assert "<bpmndi:BPMNEdge" in text
    services.bpmn_save_draft(version=draft, xml_bytes=xml, by=designer)
    assert export_bpmn(version_spec(draft)) == xml


def test_modeler_ids_without_step_records_become_lowercase_keys():
    body = DRAWN.replace(
        '<bpmn:extensionElements><egov:step key="accept" role="window_clerk" '
        'unitScope="case_unit"\n'
        '    timeLimitDays="2" countersign="none"/></bpmn:extensionElements>',
        "",
    )
    spec = parse_bpmn(drawn(body), code="x")
    assert "activity_0acc" in spec.step_keys


# --- Through the view -----------------------------------------------------------------------------


def _url(version):
    return reverse("platform_core:route_designer", args=[version.definition.code, version.number])


def test_designer_page_embeds_the_modeler_with_the_route(client, draft, designer):
    client.force_login(designer)
    response = client.get(_url(draft))
    assert response.status_code == 200
    page = response.content.decode()
    assert "vendor/bpmn-js/bpmn-modeler.production.min.js" in page
    assert 'id="designer-diagram"' in page and "Task_review" in page
    assert "保存流程图" in page


def test_designer_post_saves_and_redirects(client, draft, designer):
    client.force_login(designer)
    response = client.post(_url(draft), {"diagram": drawn(DRAWN).decode()})
    assert response.status_code == 302
    assert sorted(draft.steps.values_list("key", flat=True)) == ["accept", "check", "joint"]


def test_designer_post_refuses_unsupported_element_and_keeps_the_drawing(client, draft, designer):
    client.force_login(designer)
    diagram = drawn(DRAWN + '<bpmn:parallelGateway id="Gateway_p" name="并行分支"/>').decode()
    response = client.post(_url(draft), {"diagram": diagram})
    assert response.status_code == 400
    page = response.content.decode()
    assert "流程引擎不能运行并行网关“并行分支”（标识 Gateway_p）" in page
    assert "Gateway_p" in page.split('id="designer-diagram"')[1]  # the drawing is not lost
    assert StepDefinition.objects.filter(version=draft, key="review").exists()


def test_designer_post_needs_the_designer_permission(client, draft, gov):
    client.force_login(staff_with_role(RoleCode.WINDOW_CLERK, gov))
    response = client.post(_url(draft), {"diagram": drawn(DRAWN).decode()})
    assert response.status_code == 403
    assert draft.steps.filter(key="review").exists()


def test_designer_post_needs_csrf(draft, designer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(designer)
    response = client.post(_url(draft), {"diagram": drawn(DRAWN).decode()})
    assert response.status_code == 403
    assert draft.steps.filter(key="review").exists()
