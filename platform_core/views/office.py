"""The back-office shell: the office home page and the display preference switch (适老化)."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..context_processors import DISPLAY_COOKIE, DISPLAY_MODES
from ..decorators import office_login_required
from ..http import safe_local_url
from ..office_blocks import office_blocks
from ..selectors.office import office_shell

DISPLAY_COOKIE_MAX_AGE = 365 * 24 * 60 * 60


@office_login_required
def office_home(request):
    """工作台: the user's units and roles, what waits for them, and the subsystems they may use."""
    return render(
        request,
        "platform_core/office/home.html",
        {"shell": office_shell(request.user), "blocks": office_blocks(request.user)},
    )


@require_GET
def display_mode(request):
    """Switch large text / high contrast with a plain link, so it works without JavaScript.

    A GET that sets a cookie is safe here: it changes only how pages look, never data.
    """
    mode = request.GET.get("mode", "standard")
    if mode not in DISPLAY_MODES:
        mode = "standard"
    # Only local addresses: an open redirect would let a phishing link borrow our domain.
    response = HttpResponseRedirect(safe_local_url(request, request.GET.get("next")) or "/")
    response.set_cookie(
        DISPLAY_COOKIE,
        mode,
        max_age=DISPLAY_COOKIE_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
    return response
