"""WfMC XPDL 2.2 export of a route (export only: BPMN is the import format).

Steps become manual-performer activities (Implementation/Task/TaskUser) with the role as
Participant and Performer, condition points become Route activities (exclusive gateways), start
and end are Event activities, and what XPDL has no element for is kept in ExtendedAttributes.
A countersign step is a parallel multi-instance Loop (MI_FlowCondition All or One).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.utils.translation import gettext as _

from .conditions import to_expression
from .layout import END_ID, START_ID, gateway_id, layout, task_id
from .spec import RouteSpec
from .xmlio import sub, to_bytes

XPDL = "http://www.wfmc.org/2009/XPDL2.2"


def _participant_id(role_code: str) -> str:
    return f"Role_{role_code}"


def _extended(parent: ET.Element, attrs: list[tuple[str, object]]) -> None:
    holder = sub(parent, "ExtendedAttributes")
    for name, value in attrs:
        sub(holder, "ExtendedAttribute", {"Name": f"egov:{name}", "Value": str(value)})


def _graphics(parent: ET.Element, node) -> None:
    infos = sub(parent, "NodeGraphicsInfos")
    info = sub(infos, "NodeGraphicsInfo", {"ToolId": "egov", "Width": node.w, "Height": node.h})
    sub(info, "Coordinates", {"XCoordinate": node.x, "YCoordinate": node.y})


def export_xpdl(spec: RouteSpec) -> bytes:
    """The route as an XPDL 2.2 package (bytes, UTF-8)."""
    plan = layout(spec)
    # Unqualified tag names under a literal xmlns on the root: the document is in the XPDL
    # namespace without touching ElementTree's global prefix map (the SVG writer does the same).
    package = ET.Element(
        "Package", {"xmlns": XPDL, "Id": f"Package_{spec.code}", "Name": spec.name}
    )
    header = sub(package, "PackageHeader")
    sub(header, "XPDLVersion", text="2.2")
    sub(header, "Vendor", text="E-Gov Suite")
    sub(header, "Created", text=spec.created or "-")
    if spec.description:
        sub(header, "Description", text=spec.description)
    redefinable = sub(package, "RedefinableHeader")
    if spec.version_number is not None:
        sub(redefinable, "Version", text=str(spec.version_number))

    roles = sorted({(s.role_code, s.role_name) for s in spec.steps})
    participants = sub(package, "Participants")
    for code, name in roles:
        participant = sub(
            participants, "Participant", {"Id": _participant_id(code), "Name": name or code}
        )
        sub(participant, "ParticipantType", {"Type": "ROLE"})

    processes = sub(package, "WorkflowProcesses")
    process = sub(processes, "WorkflowProcess", {"Id": f"Process_{spec.code}", "Name": spec.name})
    sub(process, "ProcessHeader", {"DurationUnit": "D"})
    activities = sub(process, "Activities")

    start = sub(activities, "Activity", {"Id": START_ID, "Name": _("开始")})
    event = sub(start, "Event")
    sub(event, "StartEvent", {"Trigger": "None"})
    _graphics(start, plan.nodes[START_ID])

    for s in spec.steps:
        activity = sub(activities, "Activity", {"Id": task_id(s.key), "Name": s.name})
        sub(activity, "Limit", text=str(s.time_limit_days))
        implementation = sub(activity, "Implementation")
        task = sub(implementation, "Task")
        task_user = sub(task, "TaskUser", {"Implementation": "Unspecified"})
        performers = sub(task_user, "Performers")
        sub(performers, "Performer", text=_participant_id(s.role_code))
        performers = sub(activity, "Performers")
        sub(performers, "Performer", text=_participant_id(s.role_code))
        _extended(
            activity,
            [
                ("key", s.key),
                ("order", s.order),
                ("roleCode", s.role_code),
                ("unitScope", s.unit_scope),
                ("unitCode", s.unit_code),
                ("timeLimitDays", s.time_limit_days),
                ("formCode", s.form_code),
                ("countersign", s.countersign),
            ],
        )
        if s.countersign in ("all", "any"):
            loop = sub(activity, "Loop", {"LoopType": "MultiInstance"})
            sub(
                loop,
                "LoopMultiInstance",
                {
                    "MI_Ordering": "Parallel",
                    "MI_FlowCondition": "All" if s.countersign == "all" else "One",
                },
            )
        _graphics(activity, plan.nodes[task_id(s.key)])
        if spec.has_gateway(s.key):
            route = sub(
                activities,
                "Activity",
                {"Id": gateway_id(s.key), "Name": _("%(name)s后分支") % {"name": s.name}},
            )
            sub(route, "Route", {"GatewayType": "Exclusive"})
            _graphics(route, plan.nodes[gateway_id(s.key)])

    end = sub(activities, "Activity", {"Id": END_ID, "Name": _("结束")})
    event = sub(end, "Event")
    sub(event, "EndEvent", {"Result": "None"})
    _graphics(end, plan.nodes[END_ID])

    transitions = sub(process, "Transitions")
    for f in plan.flows:
        t = f.transition
        attrs = {"Id": f.id, "From": f.source, "To": f.target, "Name": t.label if t else ""}
        element = sub(transitions, "Transition", attrs)
        if t is not None and t.condition:
            condition = sub(element, "Condition", {"Type": "CONDITION"})
            sub(condition, "Expression", text=to_expression(t.condition))
        elif t is not None and f.source.startswith("Gateway_"):
            sub(element, "Condition", {"Type": "OTHERWISE"})
        if t is not None:
            _extended(element, [("priority", t.priority)])
        infos = sub(element, "ConnectorGraphicsInfos")
        info = sub(infos, "ConnectorGraphicsInfo", {"ToolId": "egov"})
        for px, py in f.points:
            sub(info, "Coordinates", {"XCoordinate": px, "YCoordinate": py})
    return to_bytes(package)
