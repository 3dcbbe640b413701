"""Who may do what in the file centre, and the reads of its pages.

Access level of a person on a cabinet, folder or file (0 none, 1 read, 2 write, 3 manage):
- a personal cabinet: its owner manages everything in it; nobody else sees it (not even an
  administrator: it is private);
- a department cabinet: the highest grant that matches the person (their user, a unit of one of
  their business posts, a role of one, or that role in that unit) on the cabinet, on the folder or
  any folder above it, or on the file itself;
- the three security administrators have no business here (三员分立).
No read access means "not found" (404); read access without the level an action needs is 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet

from platform_core.models import Post, User
from platform_core.permissions import SECURITY_ADMIN_ROLES

from ..models import Cabinet, CabinetGrant, CabinetKind, FileEntry, FileVersion, Folder, Level
from .access import is_oa_staff

NONE = 0


def _posts(user: User) -> list[tuple[int, int]]:
    cached = getattr(user, "_oa_file_posts", None)
    if cached is None:
        cached = list(
            Post.objects.active()
            .filter(user=user)
            .exclude(role__code__in=SECURITY_ADMIN_ROLES)
            .values_list("unit_id", "role_id")
        )
        user._oa_file_posts = cached
    return cached


def grantee_q(user: User, prefix: str = "") -> Q:
    """Grants whose grantee is this person (directly, by unit, by role or role-in-unit)."""
    posts = _posts(user)
    q = Q(**{f"{prefix}user": user})
    units = {u for u, _r in posts}
    roles = {r for _u, r in posts}
    if units:
        q |= Q(**{f"{prefix}unit__in": units, f"{prefix}role__isnull": True})
    if roles:
        q |= Q(**{f"{prefix}role__in": roles, f"{prefix}unit__isnull": True})
    for unit, role in posts:
        q |= Q(**{f"{prefix}unit": unit, f"{prefix}role": role})
    return q


def _grant_level(user: User, cabinet: Cabinet, target: Q) -> int:
    level = (
        CabinetGrant.objects.filter(grantee_q(user), cabinet=cabinet)
        .filter(target)
        .aggregate(m=Max("level"))["m"]
    )
    return level or NONE


def _cabinet_target() -> Q:
    return Q(folder__isnull=True, entry__isnull=True)


def level_on(user: User, cabinet: Cabinet, *, folder: Folder | None = None, entry=None) -> int:
    if not user.is_authenticated:
        return NONE
    if cabinet.kind == CabinetKind.PERSONAL:
        return Level.MANAGE if cabinet.owner_id == user.pk else NONE
    if not is_oa_staff(user):
        return NONE
    target = _cabinet_target()
    if entry is not None:
        target |= Q(entry=entry)
        folder = entry.folder
    if folder is not None:
        target |= Q(folder_id__in=folder.ancestor_ids())
    return _grant_level(user, cabinet, target)


def cabinet_level(user: User, cabinet: Cabinet) -> int:
    return level_on(user, cabinet)


def folder_level(user: User, folder: Folder) -> int:
    return level_on(user, folder.cabinet, folder=folder)


def entry_level(user: User, entry: FileEntry) -> int:
    return level_on(user, entry.cabinet, entry=entry)


# --- Lookups for the views -----------------------------------------------------------------------


def cabinet_get(pk: int) -> Cabinet | None:
    return Cabinet.objects.select_related("unit", "owner").filter(pk=pk).first()


def folder_get(pk: int) -> Folder | None:
    return Folder.objects.select_related("cabinet", "cabinet__unit").filter(pk=pk).first()


def entry_get(pk: int) -> FileEntry | None:
    return (
        FileEntry.objects.select_related("cabinet", "cabinet__unit", "folder", "current")
        .filter(pk=pk)
        .first()
    )


def personal_cabinet(user: User) -> Cabinet | None:
    return Cabinet.objects.filter(kind=CabinetKind.PERSONAL, owner=user).first()


def department_cabinets(user: User) -> list[Cabinet]:
    """Department cabinets the person may open at the top (a grant on the whole cabinet)."""
    if not is_oa_staff(user):
        return []
    granted = CabinetGrant.objects.filter(
        grantee_q(user), folder__isnull=True, entry__isnull=True
    ).values("cabinet")
    return list(
        Cabinet.objects.filter(kind=CabinetKind.DEPARTMENT, pk__in=granted)
        .select_related("unit")
        .order_by("unit__path")
    )


@dataclass
class Listing:
    folders: list[Folder]
    files: list[FileEntry]


def folder_listing(cabinet: Cabinet, folder: Folder | None) -> Listing:
    """The folders and files directly in a folder (or at the top of the cabinet): two queries."""
    folders = Folder.objects.filter(cabinet=cabinet, parent=folder, in_trash=False).order_by(
        "name", "pk"
    )
    files = (
        FileEntry.objects.filter(cabinet=cabinet, folder=folder, in_trash=False)
        .select_related("created_by")
        .order_by("name", "pk")
    )
    return Listing(folders=list(folders), files=list(files))


def breadcrumbs(folder: Folder | None, user: User | None = None) -> list[Folder]:
    """The folders from the top of the cabinet down to this one. With `user`, each is marked
    `readable` (a link is shown only where the person may go: someone with a share on one
    folder does not see the folders above it)."""
    if folder is None:
        return []
    ids = folder.ancestor_ids()
    by_id = {f.pk: f for f in Folder.objects.filter(pk__in=ids)}
    crumbs = [by_id[i] for i in ids if i in by_id]
    if user is not None:
        for crumb in crumbs:
            crumb.readable = level_on(user, folder.cabinet, folder=crumb) > NONE
    return crumbs


def move_targets(cabinet: Cabinet, *, exclude_path: str = "") -> list[Folder]:
    qs = Folder.objects.filter(cabinet=cabinet, in_trash=False).order_by("path")
    if exclude_path:
        qs = qs.exclude(path__startswith=exclude_path)
    return list(qs)


def versions_of(entry: FileEntry) -> list[FileVersion]:
    return list(entry.versions.select_related("uploaded_by", "blob").order_by("-number"))


def recycle_bin(cabinet: Cabinet) -> Listing:
    """What was deleted explicitly (a file inside a deleted folder comes back with it)."""
    folders = (
        Folder.objects.filter(cabinet=cabinet, deleted_at__isnull=False)
        .select_related("deleted_by")
        .order_by("-deleted_at")
    )
    files = (
        FileEntry.objects.filter(cabinet=cabinet, deleted_at__isnull=False)
        .select_related("deleted_by")
        .order_by("-deleted_at")
    )
    return Listing(folders=list(folders), files=list(files))


def grants_on(cabinet: Cabinet, *, folder=None, entry=None) -> QuerySet[CabinetGrant]:
    qs = CabinetGrant.objects.filter(cabinet=cabinet).select_related("user", "unit", "role")
    if entry is not None:
        return qs.filter(entry=entry)
    if folder is not None:
        return qs.filter(folder=folder)
    return qs.filter(folder__isnull=True, entry__isnull=True)


def shared_with_me(user: User) -> tuple[list[Folder], list[FileEntry]]:
    """Folders and files shared with the person one by one (not through a whole cabinet)."""
    if not is_oa_staff(user):
        return [], []
    grants = CabinetGrant.objects.filter(grantee_q(user))
    folders = (
        Folder.objects.filter(pk__in=grants.filter(folder__isnull=False).values("folder"))
        .filter(in_trash=False)
        .select_related("cabinet")
        .order_by("name")
    )
    files = (
        FileEntry.objects.filter(pk__in=grants.filter(entry__isnull=False).values("entry"))
        .filter(in_trash=False)
        .select_related("cabinet")
        .order_by("name")
    )
    return list(folders), list(files)


def readable_files(user: User) -> QuerySet[FileEntry]:
    """Every file (not in the bin) the person may read, in a fixed number of queries."""
    own = Q(cabinet__kind=CabinetKind.PERSONAL, cabinet__owner=user)
    if not is_oa_staff(user):
        return FileEntry.objects.filter(own, in_trash=False)
    grants = CabinetGrant.objects.filter(grantee_q(user))
    whole = grants.filter(folder__isnull=True, entry__isnull=True).values("cabinet")
    q = own | Q(cabinet__in=whole) | Q(pk__in=grants.filter(entry__isnull=False).values("entry"))
    for path in grants.filter(folder__isnull=False).values_list("folder__path", flat=True):
        q |= Q(folder__path__startswith=path)
    return FileEntry.objects.filter(q, in_trash=False)


def search_files(user: User, text: str, *, cabinet: Cabinet | None = None) -> QuerySet[FileEntry]:
    """By file name or by the text extracted from the current version (PDF, docx, txt)."""
    qs = readable_files(user)
    if cabinet is not None:
        qs = qs.filter(cabinet=cabinet)
    text = text.strip()
    if not text:
        return qs.none()
    return (
        qs.filter(Q(name__icontains=text) | Q(current__blob__text__icontains=text))
        .select_related("cabinet", "folder", "current__blob")
        .order_by("-updated_at", "-pk")
    )
