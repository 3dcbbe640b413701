from django.conf import settings

DISPLAY_COOKIE = "egov_display"
DISPLAY_MODES = {
    "standard": "",
    "large": "mode-large",
    "contrast": "mode-contrast",
    "large-contrast": "mode-large mode-contrast",
}


def display_preferences(request):
    """Large-text / high-contrast mode (适老化), kept in a cookie so it persists across pages."""
    mode = request.COOKIES.get(DISPLAY_COOKIE, "standard")
    if mode not in DISPLAY_MODES:
        mode = "standard"
    return {
        "display_mode": mode,
        "display_class": DISPLAY_MODES[mode],
        "DEFAULT_GOVERNMENT_NAME": settings.GOVERNMENT_NAME,
    }


def office(request):
    """`office_shell`: the back-office top bar and side navigation (lazy: portal pages skip it)."""
    from django.utils.functional import SimpleLazyObject

    from .selectors.office import office_shell

    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"office_shell": SimpleLazyObject(lambda: office_shell(user))}
