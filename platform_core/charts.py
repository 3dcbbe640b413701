"""Small line charts drawn as SVG on the server.

The Content-Security-Policy allows no script or style from another host, and a chart is a few
polylines: drawing it here needs no JavaScript library at all and works without scripts. Colours
come from CSS classes (static/office/css/office.css, shared by every back-office page), not style
attributes, which CSP forbids. Used by the e-supervision dashboard and the portal's statistics.
"""

from __future__ import annotations

import datetime

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 44


def _nice_max(value: int) -> int:
    # Multiples of 4, so that the four grid steps are whole numbers.
    for step in (4, 8, 20, 40, 100, 200, 400, 1000, 2000, 4000):
        if value <= step:
            return step
    return ((value // 10000) + 1) * 10000


def line_chart(
    dates: list[datetime.date], series: list[tuple[str, str, list[int]]], *, title: str
) -> SafeString:
    """An accessible SVG: a title, y grid, one polyline per series, a legend."""
    top = _nice_max(max((max(v) for _k, _l, v in series if v), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(dates) - 1, 1)

    def x(i: int) -> float:
        return LEFT + plot_w * i / n

    def y(v: int) -> float:
        return TOP + plot_h * (1 - v / top)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i in range(5):
        value = top * i // 4
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
            f'y1="{y(value):.1f}" y2="{y(value):.1f}"/>'
            f'<text class="chart-axis" x="{LEFT - 4}" y="{y(value) + 4:.1f}" '
            f'text-anchor="end">{value}</text>'
        )
    for i, day in enumerate(dates):
        last = len(dates) - 1
        if (i % 7 == 0 and last - i >= 3) or i == last:  # weekly ticks, never crowding the last
            parts.append(
                f'<text class="chart-axis" x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" '
                f'text-anchor="{"end" if i == last else "middle"}">{day:%m-%d}</text>'
            )
    for key, label, values in series:
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(
            f'<polyline class="chart-line chart-{escape(key)}" points="{points}">'
            f"<title>{escape(label)}</title></polyline>"
        )
    for i, (key, label, values) in enumerate(series):
        lx = LEFT + i * 120
        parts.append(
            f'<rect class="chart-swatch chart-{escape(key)}" x="{lx}" y="{HEIGHT - 16}" '
            f'width="12" height="8"/><text class="chart-legend" x="{lx + 16}" '
            f'y="{HEIGHT - 8}">{escape(label)} {sum(values)}</text>'
        )
    parts.append("</svg>")
    # bandit B308/B703: every dynamic part above is escaped or numeric.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
