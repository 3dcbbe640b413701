"""`{% load people %}`: a person's name for a page, whatever is missing.

`{{ a.user.name|default:a.user.username }}` raises (a 500) when `a.user` is None: Django resolves
a filter's argument strictly. `{{ a.user|display_name }}` never raises.
"""

from django import template

register = template.Library()


@register.filter
def display_name(user, missing: str = "—") -> str:
    """The user's name, else their user name, else `missing` (e.g. _("系统") for history rows
    written by a command or a data migration, which have no user)."""
    if user is None:
        return missing
    return getattr(user, "name", "") or getattr(user, "username", "") or missing
