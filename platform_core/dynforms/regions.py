"""The region field's view of the national administrative divisions (platform_core.Division,
GB/T 2260, loaded by `manage.py load_divisions`). Values are stored as codes; names are looked up
for display. 省/市/县 are required, 乡镇（街道） is optional."""

from __future__ import annotations

from ..selectors import divisions

LEVELS = ("province", "city", "county", "township")


def province_choices() -> list[tuple[str, str]]:
    return divisions.children(None)


def children_choices(parent_code: str | None, parent_level: int) -> list[tuple[str, str]]:
    return divisions.children(parent_code, parent_level) if parent_code else []


def is_valid(province: str, city: str, county: str, township: str = "") -> bool:
    """Does each division lie in the one before it (the township, if given, in the county)?"""
    if not (province and city and county):
        return False
    return divisions.chain_is_valid([province, city, county, township])


def names(province: str, city: str, county: str, township: str = "") -> tuple[str, ...]:
    found = divisions.names([province, city, county, township])
    return tuple(found if township else found[:3])


def value_names(value: dict) -> str:
    """A stored value as text: 湖南省永州市蓝山县塔峰镇."""
    return "".join(names(*(value.get(level, "") or "" for level in LEVELS)))
