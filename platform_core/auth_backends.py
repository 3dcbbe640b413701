"""Staff authentication and role-based permissions."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from .constants import UserKind


class StaffBackend(ModelBackend):
    """Password login for staff accounts only, with the permissions of the roles a person holds.

    Citizens never authenticate with a password (they use an SMS code, see `citizen_auth`).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and user.kind != UserKind.STAFF:
            return None
        return user

    def get_role_permissions(self, user_obj) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or user_obj.kind != UserKind.STAFF:
            return set()
        if not hasattr(user_obj, "_role_perm_cache"):
            from .permissions import user_posts

            role_ids = {post.role_id for post in user_posts(user_obj)}
            perms = Permission.objects.filter(role__id__in=role_ids).values_list(
                "content_type__app_label", "codename"
            )
            user_obj._role_perm_cache = {f"{app}.{codename}" for app, codename in perms}
        return user_obj._role_perm_cache

    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None:
            return set()
        return {*super().get_all_permissions(user_obj), *self.get_role_permissions(user_obj)}


class CitizenSessionBackend(ModelBackend):
    """Restores citizens' sessions; never authenticates anyone by password.

    Citizens prove who they are with an SMS code (`services.citizen_auth`), then the view logs
    them in naming this backend; Django needs it listed to load the user on later requests.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        return None

    def get_user(self, user_id):
        user = super().get_user(user_id)
        if user is not None and user.kind != UserKind.CITIZEN:
            return None
        return user
