"""Staff authentication and role-based permissions."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from .constants import UserKind

# Where StaffBackend keeps a person's permissions for the request (cleared with the other
# caches by permissions.forget_user_caches when posts change).
PERM_CACHE = "_egov_perm_cache"


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
        """The person's own, their groups' and their roles' permissions, read in one query
        (Django's backend reads the first two apart, and the roles made a third), once per
        request: every back-office page asks (the side navigation's subsystems)."""
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if not hasattr(user_obj, PERM_CACHE):
            if user_obj.is_superuser:
                perms = Permission.objects.all()
            else:
                granted = Q(user=user_obj) | Q(group__user=user_obj)
                if user_obj.kind == UserKind.STAFF:
                    from .permissions import user_posts

                    role_ids = {post.role_id for post in user_posts(user_obj)}
                    if role_ids:
                        granted |= Q(role__id__in=role_ids)
                perms = Permission.objects.filter(granted)
            rows = perms.values_list("content_type__app_label", "codename").distinct()
            setattr(user_obj, PERM_CACHE, {f"{app}.{codename}" for app, codename in rows})
        return getattr(user_obj, PERM_CACHE)


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

    def get_all_permissions(self, user_obj, obj=None):
        # StaffBackend already answers for everyone's own and group permissions: asking again
        # here would read them twice for every permission a person does not hold.
        return set()
