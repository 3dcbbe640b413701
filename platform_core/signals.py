"""Receivers for Django's authentication signals: every login, logout and failure is logged;
and the cache entries that model changes make stale.

These only record what happened (an audit row) or forget a cached value; no business rule
runs here.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .constants import LoginEventKind
from .services.audit import login_event_record

# Django saves `last_login` with `user.save(update_fields=...)`, which would add an empty
# "changed" row to the user's audit history on every login. The login itself is already in
# LoginEvent, so the timestamp is written with a plain UPDATE instead (see `_on_logged_in`).
user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")


def _typed_username(credentials: dict | None) -> str:
    credentials = credentials or {}
    user_model = get_user_model()
    for key in (user_model.USERNAME_FIELD, "username", "mobile"):
        value = credentials.get(key)
        if value:
            return str(value)
    return ""


def _known_user(username: str):
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


@receiver(user_logged_in, dispatch_uid="egov_login_event_logged_in")
def _on_logged_in(sender, request, user, **kwargs):
    now = timezone.now()
    type(user).objects.filter(pk=user.pk).update(last_login=now)
    user.last_login = now
    login_event_record(kind=LoginEventKind.LOGIN, request=request, user=user)
    if request is not None and hasattr(request, "session"):
        # The idle limit from the login on (the login saves the session anyway), so the
        # first page after it need not write the session again.
        from .middleware import keep_session_alive

        keep_session_alive(request.session, user, force=True)


@receiver(user_logged_out, dispatch_uid="egov_login_event_logged_out")
def _on_logged_out(sender, request, user, **kwargs):
    if user is None or not user.is_authenticated:
        return  # logging out without a session: nothing happened worth a row
    login_event_record(kind=LoginEventKind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="egov_login_event_failed")
def _on_login_failed(sender, credentials=None, request=None, **kwargs):
    username = _typed_username(credentials)
    login_event_record(
        kind=LoginEventKind.FAILED,
        request=request,
        username=username,
        user=_known_user(username),
    )


@receiver(user_locked_out, dispatch_uid="egov_login_event_locked")
def _on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    username = username or ""
    login_event_record(
        kind=LoginEventKind.LOCKED,
        request=request,
        username=username,
        user=_known_user(username),
    )


@receiver(user_logged_out, dispatch_uid="egov_oidc_logout_clients")
def _on_logged_out_oidc(sender, request, user, **kwargs):
    """Logging out here logs the person out of the systems they entered through single sign-on."""
    if user is None or not getattr(user, "pk", None):
        return
    from oauth2_provider.settings import oauth2_settings

    from .services.oidc import user_logout_everywhere

    user_logout_everywhere(user, issuer=lambda: oauth2_settings.oidc_issuer(request))


@receiver(post_save, sender="platform_core.OrgUnit", dispatch_uid="egov_root_name_saved")
@receiver(post_delete, sender="platform_core.OrgUnit", dispatch_uid="egov_root_name_deleted")
def _forget_root_unit_name(sender, instance, **kwargs):
    """The top bar shows the root unit's name from the cache (selectors.office)."""
    if instance.depth == 1:
        from django.core.cache import cache

        from .selectors.office import ROOT_NAME_KEY

        cache.delete(ROOT_NAME_KEY)


@receiver(post_save, sender="platform_core.ProcessDefinition", dispatch_uid="egov_processes_saved")
@receiver(
    post_delete, sender="platform_core.ProcessDefinition", dispatch_uid="egov_processes_deleted"
)
def _forget_process_choices(sender, instance, **kwargs):
    """The inbox's route filter lists the definitions from the cache (selectors.inbox)."""
    from django.core.cache import cache

    from .selectors.inbox import PROCESS_CHOICES_KEY

    cache.delete(PROCESS_CHOICES_KEY)
