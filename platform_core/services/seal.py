"""Seal images (公章) for documents any app issues, behind one small interface so that an electronic
seal service can replace the local drawing later.

    from platform_core.services.seal import get_seal_provider

    seal = get_seal_provider().seal_data_uri(unit)   # a data: URI for <img src> in a PDF template

The provider is chosen by the SEAL_PROVIDER setting (a dotted path to a class with
`seal_data_uri(unit) -> str`); the older APPROVAL_SEAL_PROVIDER is still honoured when set.
"""

from __future__ import annotations

import base64
import math
from typing import Protocol
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.module_loading import import_string

from platform_core.models import OrgUnit


class SealProvider(Protocol):
    def seal_data_uri(self, unit: OrgUnit) -> str:
        """An image (data: URI) of the unit's seal, for embedding in a PDF."""


class LocalSealProvider:
    """Draws a red round seal: the unit name along the upper arc around a five-pointed star.

    Characters are placed one by one (rotated about the centre) rather than on an SVG textPath,
    which WeasyPrint's SVG renderer does not lay out.
    """

    size = 160

    def svg(self, unit: OrgUnit) -> str:
        c = self.size / 2
        name = unit.official_name[:16]  # a seal carries the full name: 蓝山县…局
        n = max(len(name), 1)
        spread = min(240.0, 22.0 * n)  # degrees of arc used by the text
        chars = []
        for i, ch in enumerate(name):
            angle = -spread / 2 + (spread * (i + 0.5) / n)
            rad = math.radians(angle - 90)
            x = c + 56 * math.cos(rad)
            y = c + 56 * math.sin(rad)
            chars.append(
                f'<text x="{x:.1f}" y="{y:.1f}" font-size="17" text-anchor="middle" '
                f'dominant-baseline="middle" transform="rotate({angle:.1f} {x:.1f} {y:.1f})" '
                f'fill="#d40000" font-family="Noto Serif CJK SC, Noto Sans CJK SC">'
                f"{escape(ch)}</text>"
            )
        star = " ".join(
            f"{c + r * math.cos(math.radians(-90 + 36 * k)):.1f},"
            f"{c + r * math.sin(math.radians(-90 + 36 * k)):.1f}"
            for k, r in ((k, 22 if k % 2 == 0 else 9) for k in range(10))
        )
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.size}" height="{self.size}" '
            f'viewBox="0 0 {self.size} {self.size}">'
            f'<circle cx="{c}" cy="{c}" r="{c - 5}" fill="none" stroke="#d40000" stroke-width="5"/>'
            f'<polygon points="{star}" fill="#d40000"/>' + "".join(chars) + "</svg>"
        )

    def seal_data_uri(self, unit: OrgUnit) -> str:
        data = base64.b64encode(self.svg(unit).encode()).decode()
        return f"data:image/svg+xml;base64,{data}"


DEFAULT_SEAL_PROVIDER = "platform_core.services.seal.LocalSealProvider"
# Where LocalSealProvider lived before it moved here: a deployment may still name it.
_OLD_DEFAULT = "approval.seal.LocalSealProvider"


def get_seal_provider() -> SealProvider:
    """The configured seal provider (SEAL_PROVIDER; APPROVAL_SEAL_PROVIDER if that is set)."""
    path = getattr(settings, "APPROVAL_SEAL_PROVIDER", None) or getattr(
        settings, "SEAL_PROVIDER", DEFAULT_SEAL_PROVIDER
    )
    if path == _OLD_DEFAULT:
        path = DEFAULT_SEAL_PROVIDER
    return import_string(path)()
