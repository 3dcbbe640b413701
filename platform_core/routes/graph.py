"""The route drawn as SVG: steps left to right, conditions on the arrows, a case's position marked.

Colours are presentation attributes, not a <style> sheet, so the drawing looks the same whether
it is opened directly (under our Content-Security-Policy) or embedded with <img>. Every node also
carries classes (`current`, `visited`) and `data-step`, which is what tests and scripts look for.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from django.utils.translation import gettext as _

from .conditions import describe
from .layout import START_ID, Flow, Layout, Node, layout
from .spec import RouteSpec
from .xmlio import sub

SVG = "http://www.w3.org/2000/svg"
FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"
COLOURS = {
    # fill, stroke, stroke width
    "plain": ("#ffffff", "#374151", "1.5"),
    "visited": ("#dbeafe", "#1d4ed8", "2"),
    "current": ("#fef3c7", "#b91c1c", "3"),
}
EDGE = {"plain": "#6b7280", "visited": "#1d4ed8"}
NAME_CHARS = 9


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(parent, x: int, y: int, text: str, *, size: int = 13, weight: str = "", fill="#111827"):
    return sub(
        parent,
        "text",
        {
            "x": x,
            "y": y,
            "text-anchor": "middle",
            "font-size": size,
            "font-family": FONT,
            "font-weight": weight,
            "fill": fill,
        },
        text,
    )


def _visited_pairs(path: list[str]) -> set[tuple[str, str | None]]:
    return {(a, b) for a, b in zip(path, path[1:], strict=False)}


def _edge_label(flow: Flow, spec: RouteSpec) -> str:
    t = flow.transition
    if t is None:
        return ""
    if t.label:
        return t.label
    if t.condition:
        return describe(t.condition)
    return _("其他") if spec.has_gateway(t.source) else ""


def _label_position(points) -> tuple[int, int]:
    if len(points) == 2:
        (x1, y1), (x2, y2) = points
        return (x1 + x2) // 2, min(y1, y2) - 6
    if points[0][0] == points[1][0] and points[1][1] == points[2][1]:
        # Runs along a lane above or below the diagram: label on the horizontal run.
        return (points[1][0] + points[2][0]) // 2, points[1][1] - 4
    x, y = points[-2]
    return (x + points[-1][0]) // 2, y - 6


def _edges(root, spec: RouteSpec, plan: Layout, path: list[str], finished: bool) -> None:
    # A finished case also walked the last step's way out to the end (target None).
    pairs = _visited_pairs([*path, None] if finished and path else path)
    left = {a for a, _b in pairs}
    group = sub(root, "g", {"class": "edges"})
    for flow in plan.flows:
        t = flow.transition
        if t is not None:
            walked = (t.source, t.target) in pairs
        elif flow.source == START_ID:
            walked = bool(path)
        else:  # task → its gateway: walked once the case left that step
            walked = plan.nodes[flow.source].step_key in left
        state = "visited" if walked else "plain"
        g = sub(group, "g", {"class": f"edge {state}", "data-flow": flow.id})
        sub(
            g,
            "polyline",
            {
                "points": " ".join(f"{x},{y}" for x, y in flow.points),
                "fill": "none",
                "stroke": EDGE[state],
                "stroke-width": "2" if state == "visited" else "1.5",
                "marker-end": f"url(#arrow-{state})",
            },
        )
        label = _edge_label(flow, spec)
        if label:
            lx, ly = _label_position(flow.points)
            _text(g, lx, ly, _short(label, 14), size=11, fill="#1f2937")


def _node(group, node: Node, spec: RouteSpec, state: str) -> None:
    fill, stroke, width = COLOURS[state]
    if node.kind in ("start", "end"):
        g = sub(group, "g", {"class": f"node {node.kind}", "data-node": node.id})
        sub(
            g,
            "circle",
            {
                "cx": node.cx,
                "cy": node.cy,
                "r": node.w // 2,
                "fill": "#ecfdf5" if node.kind == "start" else "#fef2f2",
                "stroke": "#047857" if node.kind == "start" else "#b91c1c",
                "stroke-width": "2" if node.kind == "start" else "4",
            },
        )
        _text(
            g,
            node.cx,
            node.y + node.h + 16,
            _("开始") if node.kind == "start" else _("结束"),
            size=12,
        )
        return
    if node.kind == "gateway":
        g = sub(group, "g", {"class": "node gateway", "data-node": node.id})
        corners = [
            (node.cx, node.y),
            (node.x + node.w, node.cy),
            (node.cx, node.y + node.h),
            (node.x, node.cy),
        ]
        points = " ".join(f"{px},{py}" for px, py in corners)
        sub(
            g,
            "polygon",
            {"points": points, "fill": "#fffbeb", "stroke": "#92400e", "stroke-width": "1.5"},
        )
        _text(g, node.cx, node.cy + 6, "×", size=18, fill="#92400e")
        sub(g, "title", text=_("条件分支"))
        return
    step = spec.step(node.step_key)
    classes = " ".join(["node", "step", *([state] if state != "plain" else [])])
    g = sub(group, "g", {"class": classes, "id": f"step-{step.key}", "data-step": step.key})
    tooltip = f"{step.name}（{step.role_name or step.role_code}，{step.time_limit_days} 个工作日）"
    sub(g, "title", text=tooltip)
    sub(
        g,
        "rect",
        {
            "x": node.x,
            "y": node.y,
            "width": node.w,
            "height": node.h,
            "rx": "8",
            "fill": fill,
            "stroke": stroke,
            "stroke-width": width,
        },
    )
    _text(g, node.cx, node.y + 22, _short(step.name, NAME_CHARS), size=14, weight="bold")
    _text(
        g,
        node.cx,
        node.y + 40,
        _short(step.role_name or step.role_code, 10),
        size=12,
        fill="#374151",
    )
    extra = _("%(days)s 个工作日") % {"days": step.time_limit_days}
    if step.countersign == "all":
        extra += " · " + _("会签（全部）")
    elif step.countersign == "any":
        extra += " · " + _("会签（任一）")
    _text(g, node.cx, node.y + 57, extra, size=11, fill="#4b5563")


def render_svg(
    spec: RouteSpec,
    *,
    current: Iterable[str] = (),
    visited: Iterable[str] = (),
    title: str = "",
    finished: bool = False,
) -> str:
    """SVG text of the route. `current`: step keys where the case stands now (several during a
    parallel countersign); `visited`: step keys in the order the case went through them."""
    current = [k for k in current if k in spec.step_keys]
    visited = [k for k in visited if k in spec.step_keys]
    path = visited + [k for k in current if not visited or visited[-1] != k]
    plan = layout(spec)
    # Unqualified tag names under a literal xmlns, as in the XPDL writer: no global prefix map.
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG,
            "viewBox": f"0 0 {plan.width} {plan.height}",
            "width": str(plan.width),
            "height": str(plan.height),
            "role": "img",
            "aria-labelledby": "route-title",
        },
    )
    sub(root, "title", {"id": "route-title"}, title or spec.name)
    defs = sub(root, "defs")
    for state, colour in EDGE.items():
        marker = sub(
            defs,
            "marker",
            {
                "id": f"arrow-{state}",
                "viewBox": "0 0 10 10",
                "refX": "10",
                "refY": "5",
                "markerWidth": "8",
                "markerHeight": "8",
                "orient": "auto",
            },
        )
        sub(marker, "path", {"d": "M0,0 L10,5 L0,10 z", "fill": colour})
    sub(root, "rect", {"width": "100%", "height": "100%", "fill": "#ffffff"})
    _edges(root, spec, plan, path, finished)
    group = sub(root, "g", {"class": "nodes"})
    current_set, visited_set = set(current), set(visited)
    for node in plan.nodes.values():
        state = "plain"
        if node.kind == "task":  # a gateway shares its step's key but is never marked
            if node.step_key in current_set:
                state = "current"
            elif node.step_key in visited_set:
                state = "visited"
        _node(group, node, spec, state)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="unicode") + "\n"
