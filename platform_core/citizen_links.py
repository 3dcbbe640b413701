"""The links of a citizen's 我的 page (/accounts/) to their own pages in each subsystem (我的办件,
我的政府信息公开申请): registered by the apps at start-up, so the platform imports none of them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class CitizenLink:
    key: str
    label: str
    url_name: str
    order: int = 100


_LINKS: dict[str, CitizenLink] = {}


def register_citizen_link(link: CitizenLink) -> None:
    """Register (or replace, on a reload) a link of the citizen's 我的 page."""
    _LINKS[link.key] = link


def citizen_links() -> list[tuple[str, str]]:
    """(label, URL) of the registered links, in order."""
    return [
        (str(link.label), reverse(link.url_name))
        for link in sorted(_LINKS.values(), key=lambda link: (link.order, link.key))
    ]
