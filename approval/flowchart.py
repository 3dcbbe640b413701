"""The flow chart of a licensing item (办理流程图), drawn server-side as accessible SVG.

Drawn from the published version of the item's route: 申请 → 受理 → each step in order → 办结.
A countersign step is drawn between a parallel split and join with its handlers as branches, and a
conditional transition is labelled on a side arrow. The SVG carries a title and description and the
page lists the same steps as text, so it reads without images and in the guide PDF (no script).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.translation import gettext as _

from platform_core.models.routes import CountersignMode
from platform_core.selectors import routes as route_selectors

BOX_W, BOX_H, GAP, WIDTH = 220, 44, 30, 460
CENTRE = WIDTH // 2


@dataclass
class FlowStep:
    name: str
    role: str = ""
    days: int | None = None
    countersign: str = CountersignMode.NONE
    countersign_label: str = ""
    branches: list[str] = field(default_factory=list)  # "如…则转…" labels leaving this step


def item_flow_steps(item) -> list[FlowStep]:
    """Steps of the published route of `item` (empty when it has no published route)."""
    if not item.route_code:
        return []
    version = route_selectors.version_for_new_case(item.route_code)
    if version is None:
        return []
    branches: dict[int, list[str]] = {}
    for t in route_selectors.version_transitions(version):
        if t.condition or t.label:
            target = t.target.name if t.target_id else _("办结")
            text = _("%(label)s则转“%(target)s”") % {
                "label": t.label or _("符合条件"),
                "target": target,
            }
            branches.setdefault(t.source_id, []).append(text)
    return [
        FlowStep(
            name=s.name,
            role=s.role.name if s.role_id else "",
            days=s.time_limit_days,
            countersign=s.countersign,
            countersign_label=s.get_countersign_display(),
            branches=branches.get(s.pk, []),
        )
        for s in route_selectors.version_steps(version)
    ]


def _box(y: int, text: str, sub: str = "", rounded: bool = False, double: bool = False) -> str:
    x = CENTRE - BOX_W // 2
    r = BOX_H // 2 if rounded else 4
    parts = [
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="{r}" '
        f'fill="#fff" stroke="#1f4e8c" stroke-width="{3 if double else 1.5}"/>'
    ]
    ty = y + (18 if sub else 27)
    parts.append(
        f'<text x="{CENTRE}" y="{ty}" text-anchor="middle" font-size="14" fill="#111">'
        f"{escape(text)}</text>"
    )
    if sub:
        parts.append(
            f'<text x="{CENTRE}" y="{y + 36}" text-anchor="middle" font-size="11" '
            f'fill="#444">{escape(sub)}</text>'
        )
    return "".join(parts)


def _arrow(y1: int, y2: int) -> str:
    return (
        f'<line x1="{CENTRE}" y1="{y1}" x2="{CENTRE}" y2="{y2 - 2}" stroke="#333" '
        f'stroke-width="1.5" marker-end="url(#flow-arrow)"/>'
    )


def _gateway(y: int) -> str:
    """A parallel gateway (BPMN's diamond with a plus), 24 px high."""
    c = y + 12
    return (
        f'<path d="M{CENTRE} {y} L{CENTRE + 12} {c} L{CENTRE} {y + 24} L{CENTRE - 12} {c} Z" '
        f'fill="#fff" stroke="#1f4e8c" stroke-width="1.5"/>'
        f'<path d="M{CENTRE - 6} {c} H{CENTRE + 6} M{CENTRE} {c - 6} V{c + 6}" stroke="#1f4e8c"/>'
    )


def flow_chart_svg(steps: list[FlowStep], title: str) -> str:
    """SVG of the route (a pure function of the steps, so it is tested without a database)."""
    body: list[str] = []
    description = [_("申请"), _("受理")]
    y = 10
    body.append(_box(y, _("提出申请"), rounded=True))
    y += BOX_H
    nodes = [(_("受理"), _("窗口受理或不予受理"))]
    for step in steps:
        sub = step.role
        if step.days:
            sub = _("%(role)s · %(n)d个工作日") % {"role": step.role, "n": step.days}
        nodes.append((step.name, sub, step))
    for node in nodes:
        step = node[2] if len(node) > 2 else None
        countersign = step is not None and step.countersign != CountersignMode.NONE
        body.append(_arrow(y, y + GAP))
        y += GAP
        if countersign:
            body.append(_gateway(y))
            # Branches: the countersigning handlers work in parallel.
            for dx in (-BOX_W // 2 - 10, BOX_W // 2 + 10):
                body.append(
                    f'<path d="M{CENTRE} {y + 24} V{y + 34} H{CENTRE + dx} V{y + 44 + BOX_H} '
                    f'H{CENTRE}" fill="none" stroke="#999" stroke-dasharray="4 3"/>'
                )
            y += 34
            body.append(_arrow(y, y + 10))
            y += 10
        body.append(_box(y, node[0], node[1], double=countersign))
        y += BOX_H
        if countersign:
            body.append(
                f'<text x="{CENTRE + BOX_W // 2 + 14}" y="{y - 18}" font-size="11" fill="#444">'
                f"{escape(_('会签'))}</text>"
            )
            body.append(_arrow(y, y + 10))
            y += 10
            body.append(_gateway(y))
            y += 24
        if step is not None:
            text = node[0]
            if countersign:
                text = f"{text}（{step.countersign_label}）"
            description.append(text)
            for branch in step.branches:
                body.append(
                    f'<text x="{CENTRE + BOX_W // 2 + 8}" y="{y - 4}" font-size="11" '
                    f'fill="#8a2b06">{escape(branch)}</text>'
                )
    body.append(_arrow(y, y + GAP))
    y += GAP
    body.append(_box(y, _("办结（作出决定并送达）"), rounded=True))
    y += BOX_H + 10
    description.append(_("办结"))
    desc = "→".join(description)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flow-chart" role="img" '
        f'aria-labelledby="flow-title flow-desc" viewBox="0 0 {WIDTH} {y}" width="{WIDTH}" '
        f'height="{y}" font-family="Noto Sans CJK SC, sans-serif">'
        f'<title id="flow-title">{escape(title)}</title><desc id="flow-desc">{escape(desc)}</desc>'
        '<defs><marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0 0 L10 5 L0 10 Z" fill="#333"/></marker></defs>'
        + "".join(body)
        + "</svg>"
    )


def item_flow_chart(item) -> tuple[str, list[FlowStep]]:
    """(SVG, steps) for the guide page and the guide PDF; SVG is '' without a published route."""
    steps = item_flow_steps(item)
    if not steps:
        return "", []
    return flow_chart_svg(steps, _("%(name)s办理流程图") % {"name": item.name}), steps
