from django.contrib.auth.models import Permission
from django.db import transaction

from ..constants import RoleCode
from ..roles import ROLE_DEFINITIONS


def roles_sync(*, using: str = "default") -> None:
    """Create the built-in roles and give them their permissions (idempotent).

    Permissions an administrator added to a role are kept; the built-in ones are ensured.
    """
    from ..models import Role

    with transaction.atomic(using=using):
        for code, definition in ROLE_DEFINITIONS.items():
            role, _created = Role.objects.using(using).get_or_create(
                code=code,
                defaults={
                    "name": RoleCode(code).label,
                    "global_scope": definition["global_scope"],
                },
            )
            wanted = []
            for dotted in definition["permissions"]:
                app_label, codename = dotted.split(".")
                perm = (
                    Permission.objects.using(using)
                    .filter(content_type__app_label=app_label, codename=codename)
                    .first()
                )
                if perm is not None:
                    wanted.append(perm)
            missing = set(wanted) - set(role.permissions.all())
            if missing:
                role.permissions.add(*missing)
