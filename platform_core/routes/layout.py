"""Nodes, flows and a left-to-right layout of a route, shared by BPMN, XPDL and the SVG graph.

Identifiers are derived from step keys only (`Task_review`, `Flow_review_2`), never from
database ids, so exporting the same route twice, or a re-imported copy of it, gives the same
document. The layout is a simple layered one: a step's column is the longest forward path from
the start, rows within a column follow the step order. Back edges (returns for correction)
run below the diagram.
"""

from __future__ import annotations

from dataclasses import dataclass

from .spec import RouteSpec, TransitionSpec

START_ID = "StartEvent_1"
END_ID = "EndEvent_1"

MARGIN_X, MARGIN_Y = 40, 60
COL, ROW = 290, 120
TASK_W, TASK_H = 150, 64
EVENT = 36
GATEWAY = 40


def task_id(key: str) -> str:
    return f"Task_{key}"


def gateway_id(key: str) -> str:
    return f"Gateway_{key}"


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # start, task, gateway, end
    x: int
    y: int
    w: int
    h: int
    step_key: str = ""

    @property
    def cx(self) -> int:
        return self.x + self.w // 2

    @property
    def cy(self) -> int:
        return self.y + self.h // 2


@dataclass(frozen=True)
class Flow:
    id: str
    source: str  # node id
    target: str  # node id
    transition: TransitionSpec | None  # None: a structural flow (start → first, task → gateway)
    is_default: bool = False
    points: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Layout:
    nodes: dict[str, Node]
    flows: tuple[Flow, ...]
    width: int
    height: int


def _columns(spec: RouteSpec) -> dict[str, int]:
    """Longest-path layering after dropping back edges, so a step sits right of every step that
    leads to it (except returns for correction, which are drawn as back edges)."""
    if not spec.steps:
        return {}
    targets = {s.key: [t.target for t in spec.outgoing(s.key) if t.target] for s in spec.steps}
    first = spec.steps[0].key
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}
    stack = [(first, iter(targets[first]))]
    state[first] = 1
    while stack:  # iterative depth-first search: a long route must not hit the recursion limit
        key, children = stack[-1]
        child = next(children, None)
        if child is None:
            state[key] = 2
            stack.pop()
        elif state.get(child) == 1:
            back.add((key, child))
        elif child not in state:
            state[child] = 1
            stack.append((child, iter(targets[child])))
    column = {first: 0}
    changed = True
    while changed:  # relax forward edges until stable (the forward graph has no cycle)
        changed = False
        for key in list(column):
            for child in targets[key]:
                if (key, child) in back:
                    continue
                if column.get(child, -1) < column[key] + 1:
                    column[child] = column[key] + 1
                    changed = True
    # Steps the start cannot reach (a draft being edited) go after the rest, in step order.
    last = max(column.values())
    for s in spec.steps:
        if s.key not in column:
            last += 1
            column[s.key] = last
    return column


def _flows(spec: RouteSpec) -> list[Flow]:
    flows: list[Flow] = []
    if spec.steps:
        flows.append(Flow("Flow_start", START_ID, task_id(spec.steps[0].key), None))
    for s in spec.steps:
        out = spec.outgoing(s.key)
        origin = task_id(s.key)
        if spec.has_gateway(s.key):
            flows.append(Flow(f"Flow_{s.key}_gateway", origin, gateway_id(s.key), None))
            origin = gateway_id(s.key)
        for i, t in enumerate(out, start=1):
            target = task_id(t.target) if t.target else END_ID
            flows.append(Flow(f"Flow_{s.key}_{i}", origin, target, t, t.is_default))
    return flows


def _waypoints(a: Node, b: Node, lane: int) -> tuple[tuple[int, int], ...]:
    """Right side to left side for the next column; anything else leaves vertically and runs
    along `lane` (above the diagram for forward skips, below it for back edges), so that no
    line crosses a box in between."""
    if a.x < b.x <= a.x + a.w + COL:
        start, end = (a.x + a.w, a.cy), (b.x, b.cy)
        if start[1] == end[1]:
            return (start, end)
        mid = (start[0] + end[0]) // 2
        return (start, (mid, start[1]), (mid, end[1]), end)
    if b.x > a.x:
        return ((a.cx, a.y), (a.cx, lane), (b.cx, lane), (b.cx, b.y))
    return ((a.cx, a.y + a.h), (a.cx, lane), (b.cx, lane), (b.cx, b.y + b.h))


def layout(spec: RouteSpec) -> Layout:
    column = _columns(spec)
    rows: dict[int, int] = {}
    nodes: dict[str, Node] = {}
    for s in spec.steps:
        col = column[s.key]
        row = rows.get(col, 0)
        rows[col] = row + 1
        x = MARGIN_X + EVENT + 60 + col * COL
        y = MARGIN_Y + row * ROW
        nodes[task_id(s.key)] = Node(task_id(s.key), "task", x, y, TASK_W, TASK_H, s.key)
        if spec.has_gateway(s.key):
            gy = y + (TASK_H - GATEWAY) // 2
            gx = x + TASK_W + 30
            nodes[gateway_id(s.key)] = Node(
                gateway_id(s.key), "gateway", gx, gy, GATEWAY, GATEWAY, s.key
            )
    centre = MARGIN_Y + TASK_H // 2
    nodes[START_ID] = Node(START_ID, "start", MARGIN_X, centre - EVENT // 2, EVENT, EVENT)
    last_col = max(column.values(), default=-1) + 1
    end_x = MARGIN_X + EVENT + 60 + last_col * COL
    nodes[END_ID] = Node(END_ID, "end", end_x, centre - EVENT // 2, EVENT, EVENT)
    bottom = max(n.y + n.h for n in nodes.values())
    flows = []
    back = skip = 0
    for f in _flows(spec):
        a, b = nodes[f.source], nodes[f.target]
        if b.x <= a.x:
            back += 1
            lane = bottom + 20 * back
        elif b.x > a.x + a.w + COL:
            skip += 1
            lane = MARGIN_Y - 16 - 8 * ((skip - 1) % 5)
        else:
            lane = 0
        points = _waypoints(a, b, lane)
        flows.append(Flow(f.id, f.source, f.target, f.transition, f.is_default, points))
    height = bottom + 20 * back + 50
    width = end_x + EVENT + MARGIN_X
    return Layout(nodes=nodes, flows=tuple(flows), width=width, height=height)
