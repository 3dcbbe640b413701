"""Template helpers of the disclosure back office: menus show only what their reader may open."""

from django import template

from ..selectors import access

register = template.Library()


@register.filter
def is_disclosure_officer(user) -> bool:
    """May enter items (录入信息) and create columns: a disclosure officer of some unit."""
    return access.is_officer(user)
