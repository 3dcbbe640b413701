"""BPMN 2.0 export and import of a route.

Mapping: a start event, one userTask per step, an exclusive gateway after every step whose next
step depends on a condition, one end event. A countersign step carries a parallel
multiInstanceLoopCharacteristics; "any" completes with `${nrOfCompletedInstances >= 1}`.
What BPMN has no place for (role, unit scope, time limit, form, order, priority, the condition as
JSON) sits in extensionElements under our own namespace; the condition is also written as a
readable `${field op value}` expression, and either form is enough to import it back.

The export is canonical (ids from step keys, everything ordered, no dates or version numbers), so
export → import → export gives the same bytes.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from django.utils.translation import gettext as _

from .conditions import ConditionError, check_condition, from_expression, to_expression
from .layout import END_ID, START_ID, gateway_id, layout, task_id
from .spec import RouteSpec, StepSpec, TransitionSpec
from .xmlio import RouteImportError, safe_parse, sub, to_bytes

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
EGOV = "https://egov.example.cn/schema/bpmn"
for _prefix, _uri in (
    ("bpmn", BPMN),
    ("bpmndi", BPMNDI),
    ("dc", DC),
    ("di", DI),
    ("xsi", XSI),
    ("egov", EGOV),
):
    ET.register_namespace(_prefix, _uri)

ANY_COMPLETION = "${nrOfCompletedInstances >= 1}"


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def b(tag: str) -> str:
    return _q(BPMN, tag)


def _condition_json(condition: dict) -> str:
    return json.dumps(condition, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def export_bpmn(spec: RouteSpec) -> bytes:
    """The route as a BPMN 2.0 document (bytes, UTF-8)."""
    plan = layout(spec)
    root = ET.Element(
        b("definitions"),
        {
            "id": f"Definitions_{spec.code}",
            "targetNamespace": f"{EGOV}/process/{spec.code}",
            "exporter": "E-Gov Suite",
            "exporterVersion": "1",
        },
    )
    process = sub(
        root,
        b("process"),
        {"id": f"Process_{spec.code}", "name": spec.name, "isExecutable": "true"},
    )
    if spec.description:
        sub(process, b("documentation"), text=spec.description)
    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    for f in plan.flows:
        outgoing.setdefault(f.source, []).append(f.id)
        incoming.setdefault(f.target, []).append(f.id)

    def links(element: ET.Element, node_id: str) -> None:
        for flow_id in incoming.get(node_id, []):
            sub(element, b("incoming"), text=flow_id)
        for flow_id in outgoing.get(node_id, []):
            sub(element, b("outgoing"), text=flow_id)

    start = sub(process, b("startEvent"), {"id": START_ID, "name": _("开始")})
    links(start, START_ID)
    for s in spec.steps:
        task = sub(process, b("userTask"), {"id": task_id(s.key), "name": s.name})
        ext = sub(task, b("extensionElements"))
        sub(
            ext,
            _q(EGOV, "step"),
            {
                "key": s.key,
                "order": s.order,
                "role": s.role_code,
                "roleName": s.role_name,
                "unitScope": s.unit_scope,
                "unit": s.unit_code,
                "timeLimitDays": s.time_limit_days,
                "formCode": s.form_code,
                "countersign": s.countersign,
            },
        )
        links(task, task_id(s.key))
        if s.countersign in ("all", "any"):
            loop = sub(task, b("multiInstanceLoopCharacteristics"), {"isSequential": "false"})
            if s.countersign == "any":
                sub(
                    loop,
                    b("completionCondition"),
                    {_q(XSI, "type"): "bpmn:tFormalExpression"},
                    ANY_COMPLETION,
                )
        if spec.has_gateway(s.key):
            default = next(
                (f.id for f in plan.flows if f.source == gateway_id(s.key) and f.is_default), ""
            )
            gateway = sub(
                process,
                b("exclusiveGateway"),
                {
                    "id": gateway_id(s.key),
                    "name": _("%(name)s后分支") % {"name": s.name},
                    "default": default,
                },
            )
            links(gateway, gateway_id(s.key))
    end = sub(process, b("endEvent"), {"id": END_ID, "name": _("结束")})
    links(end, END_ID)
    for f in plan.flows:
        t = f.transition
        flow = sub(
            process,
            b("sequenceFlow"),
            {
                "id": f.id,
                "name": t.label if t else "",
                "sourceRef": f.source,
                "targetRef": f.target,
            },
        )
        if t is None:
            continue
        ext = sub(flow, b("extensionElements"))
        sub(ext, _q(EGOV, "transition"), {"priority": t.priority})
        if t.condition:
            sub(ext, _q(EGOV, "condition"), text=_condition_json(t.condition))
            sub(
                flow,
                b("conditionExpression"),
                {_q(XSI, "type"): "bpmn:tFormalExpression"},
                to_expression(t.condition),
            )
    _diagram(root, spec, plan)
    return to_bytes(root)


def _diagram(root: ET.Element, spec: RouteSpec, plan) -> None:
    diagram = sub(root, _q(BPMNDI, "BPMNDiagram"), {"id": f"Diagram_{spec.code}"})
    plane = sub(
        diagram,
        _q(BPMNDI, "BPMNPlane"),
        {"id": f"Plane_{spec.code}", "bpmnElement": f"Process_{spec.code}"},
    )
    order = (
        [START_ID] + [n for s in spec.steps for n in (task_id(s.key), gateway_id(s.key))] + [END_ID]
    )
    for node_id in order:
        node = plan.nodes.get(node_id)
        if node is None:
            continue
        attrs = {"id": f"{node_id}_di", "bpmnElement": node_id}
        if node.kind == "gateway":
            attrs["isMarkerVisible"] = "true"
        shape = sub(plane, _q(BPMNDI, "BPMNShape"), attrs)
        sub(shape, _q(DC, "Bounds"), {"x": node.x, "y": node.y, "width": node.w, "height": node.h})
    for f in plan.flows:
        edge = sub(plane, _q(BPMNDI, "BPMNEdge"), {"id": f"{f.id}_di", "bpmnElement": f.id})
        for x, y in f.points:
            sub(edge, _q(DI, "waypoint"), {"x": x, "y": y})


# --- Import ---------------------------------------------------------------------------------------


def _int(value: str | None, default: int, what: str) -> int:
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise RouteImportError(
            _("%(what)s不是整数：%(value)s") % {"what": what, "value": value}
        ) from exc


def _flow_condition(flow: ET.Element) -> dict:
    raw = flow.find(f"{b('extensionElements')}/{_q(EGOV, 'condition')}")
    try:
        if raw is not None and (raw.text or "").strip():
            return check_condition(json.loads(raw.text))
        expression = flow.find(b("conditionExpression"))
        return from_expression(expression.text if expression is not None else "")
    except (ValueError, ConditionError) as exc:
        raise RouteImportError(
            _("连线“%(id)s”的条件有误：%(error)s") % {"id": flow.get("id"), "error": exc}
        ) from exc


# What the engine runs; anything else inside the process is refused by name (ELEMENT_NAMES).
SUPPORTED = frozenset(
    {
        "startEvent",
        "endEvent",
        "userTask",
        "task",
        "exclusiveGateway",
        "sequenceFlow",
        "documentation",
        "extensionElements",
        "textAnnotation",
        "association",
    }
)
ELEMENT_NAMES = {
    "parallelGateway": "并行网关",
    "inclusiveGateway": "包容网关",
    "eventBasedGateway": "事件网关",
    "complexGateway": "复杂网关",
    "subProcess": "子流程",
    "callActivity": "调用活动",
    "serviceTask": "服务任务",
    "scriptTask": "脚本任务",
    "sendTask": "发送任务",
    "receiveTask": "接收任务",
    "manualTask": "手工任务",
    "businessRuleTask": "业务规则任务",
    "intermediateCatchEvent": "中间捕获事件",
    "intermediateThrowEvent": "中间抛出事件",
    "boundaryEvent": "边界事件",
    "dataObjectReference": "数据对象",
    "dataStoreReference": "数据存储",
    "laneSet": "泳道",
}


def _element_label(element: ET.Element | None, fallback: str = "") -> str:
    """“名称”（标识 Task_x） for messages that point at one element of the diagram."""
    if element is None:
        return f"“{fallback}”"
    name = element.get("name") or _("未命名")
    return _("“%(name)s”（标识 %(id)s）") % {"name": name, "id": element.get("id")}


def _refuse_unsupported(process: ET.Element) -> None:
    for element in process:
        tag = element.tag.split("}")[-1]
        if tag not in SUPPORTED:
            kind = ELEMENT_NAMES.get(tag, tag)
            raise RouteImportError(
                _("流程引擎不能运行%(kind)s%(element)s，请删除或改用任务、排他网关；流程未保存。")
                % {"kind": kind, "element": _element_label(element)}
            )
        if tag in ("startEvent", "endEvent") and any(
            child.tag.endswith("EventDefinition") for child in element
        ):
            raise RouteImportError(
                _("流程引擎不能运行带触发条件的事件%(element)s，请使用普通开始或结束事件。")
                % {"element": _element_label(element)}
            )
        loop = element.find(b("multiInstanceLoopCharacteristics"))
        if loop is not None and loop.get("isSequential") == "true":
            raise RouteImportError(
                _("流程引擎不能运行顺序多实例（依次会签）任务%(element)s，请改为并行会签。")
                % {"element": _element_label(element)}
            )
        if element.find(b("standardLoopCharacteristics")) is not None:
            raise RouteImportError(
                _("流程引擎不能运行循环任务%(element)s。") % {"element": _element_label(element)}
            )


def parse_bpmn(data: bytes, *, code: str) -> RouteSpec:
    """Read a BPMN 2.0 document (one process, user tasks, exclusive gateways) into a RouteSpec."""
    root = safe_parse(data)
    if root.tag != b("definitions"):
        raise RouteImportError(_("这不是 BPMN 2.0 文件（根元素应为 bpmn:definitions）。"))
    processes = root.findall(b("process"))
    if len(processes) != 1:
        raise RouteImportError(_("BPMN 文件须恰好包含一个流程（process）。"))
    process = processes[0]
    doc = process.find(b("documentation"))
    tasks = process.findall(b("userTask")) + process.findall(b("task"))
    if not tasks:
        raise RouteImportError(_("流程中没有任何任务（userTask）。"))
    _refuse_unsupported(process)

    steps: list[StepSpec] = []
    step_of_task: dict[str, str] = {}
    for position, task in enumerate(tasks, start=1):
        ext = task.find(f"{b('extensionElements')}/{_q(EGOV, 'step')}")
        attrs = ext.attrib if ext is not None else {}
        key = attrs.get("key") or (task.get("id") or "").removeprefix("Task_").lower()
        loop = task.find(b("multiInstanceLoopCharacteristics"))
        countersign = attrs.get("countersign") or "none"
        if ext is None and loop is not None:
            countersign = "any" if loop.find(b("completionCondition")) is not None else "all"
        steps.append(
            StepSpec(
                key=key,
                name=task.get("name") or key,
                order=_int(attrs.get("order"), position, _("步骤顺序")),
                role_code=attrs.get("role", ""),
                role_name=attrs.get("roleName", ""),
                unit_scope=attrs.get("unitScope") or "case_unit",
                unit_code=attrs.get("unit", ""),
                time_limit_days=_int(attrs.get("timeLimitDays"), 1, _("办理时限")),
                form_code=attrs.get("formCode", ""),
                countersign=countersign,
            )
        )
        step_of_task[task.get("id")] = key

    gateways = {g.get("id"): g for g in process.findall(b("exclusiveGateway"))}
    ends = {e.get("id") for e in process.findall(b("endEvent"))}
    flows = process.findall(b("sequenceFlow"))
    elements = {e.get("id"): e for e in process}
    by_source: dict[str, list[ET.Element]] = {}
    for flow in flows:
        by_source.setdefault(flow.get("sourceRef"), []).append(flow)

    def resolve(flow: ET.Element) -> str | None:
        target = flow.get("targetRef")
        if target in step_of_task:
            return step_of_task[target]
        if target in ends:
            return None
        raise RouteImportError(
            _("连线“%(id)s”指向不支持的元素%(target)s（排他网关之后只能连接任务或结束事件）。")
            % {"id": flow.get("id"), "target": _element_label(elements.get(target), target)}
        )

    transitions: list[TransitionSpec] = []
    for task_ref, key in step_of_task.items():
        for flow in by_source.get(task_ref, []):
            target = flow.get("targetRef")
            if target in gateways:
                gateway = gateways[target]
                for position, branch in enumerate(by_source.get(target, []), start=1):
                    condition = _flow_condition(branch)
                    if branch.get("id") == gateway.get("default"):
                        condition = {}
                    transitions.append(
                        _transition(key, resolve(branch), condition, branch, position)
                    )
            else:
                transitions.append(_transition(key, resolve(flow), _flow_condition(flow), flow, 1))
    return RouteSpec.build(
        code=code,
        name=process.get("name") or code,
        description=(doc.text or "").strip() if doc is not None else "",
        steps=steps,
        transitions=transitions,
    )


def _transition(source: str, target: str | None, condition: dict, flow: ET.Element, position: int):
    ext = flow.find(f"{b('extensionElements')}/{_q(EGOV, 'transition')}")
    priority = _int(ext.get("priority") if ext is not None else None, position * 10, _("优先级"))
    return TransitionSpec(
        source=source,
        target=target,
        condition=condition,
        priority=priority,
        label=flow.get("name", ""),
    )
