"""Access guards for views. Object-level checks are `permissions.can()` inside the view."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import resolve_url

from .constants import UserKind


def office_login_required(view):
    """Back office: an active staff account. A citizen session gets 403, never the back office."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(
                request.get_full_path(), resolve_url("platform_core:staff_login")
            )
        if not user.is_office_user:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def citizen_login_required(view):
    """Portal account pages: a citizen account; others are sent to the citizen login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(
                request.get_full_path(), resolve_url("platform_core:citizen_login")
            )
        if user.kind != UserKind.CITIZEN or not user.is_active:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def office_user_passes(check):
    """Staff for whom `check(user)` holds (e.g. a supervisor, a portal editor); 403 otherwise.
    Object checks stay in the view."""

    def decorator(view):
        @office_login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def office_permission_required(perm: str):
    """Staff with the Django permission `perm` (through a role); object checks stay in the view."""
    return office_user_passes(lambda user: user.has_perm(perm))
