"""Internal mail (我的公务邮箱): drafts, attachments, sending, reading, moving, deleting, folders,
and the quota.

Rules:
- only OA staff use the mailbox; every service checks that the copy or message belongs to the
  person acting (another person's id is "not found");
- recipients are people, whole units (the unit and the units below it) or role holders, written
  as in the address field (see `resolve_addresses`); an e-mail address outside the system goes
  out through the platform outbox (exactly once, retried) with Django's e-mail backend, with the
  attachments read from their one stored copy when it leaves (within the outbox's size limit);
  a stored file is removed once no message attaches it and no such e-mail still has to read it
  (when the last copy is purged, or when the last e-mail that needed it was sent or gave up);
- the body and the attachments are stored once per message; each copy costs its owner the size
  of the message, and a sender over quota cannot save or send (recipients always receive:
  official mail must arrive);
- every state change is in the audit history (django-simple-history on the rows).
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from platform_core.constants import Channel
from platform_core.dynforms.files import check_upload
from platform_core.models import OrgUnit, Post, Role, User
from platform_core.services.notifications import (
    EmailFile,
    email_files_check,
    notification_enqueue,
    notify_user,
    outbox_pending_files,
)

from ..constants import MailBox, MailRole, MailStatus
from ..models import (
    MailAttachment,
    MailDelivery,
    MailFile,
    MailFolder,
    MailMessage,
    MailQuota,
)
from ..models.mail import MAIL_FILES_PREFIX
from ..selectors.access import is_oa_staff
from ..selectors.mail import ROLE_PREFIX, UNIT_PREFIX, person_token, unread_cache_key

ATTACHMENT_KINDS = (
    "pdf",
    "ofd",
    "docx",
    "xlsx",
    "doc",
    "xls",
    "png",
    "jpeg",
    "txt",
    "gif",
)
MAX_ATTACHMENTS = 20
MAX_RECIPIENTS = 2000
SPLIT = re.compile(r"[,;，；、\n]+")
PERSON = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<username>[^<>@\s]+)>$")
ROLE_PRIORITY = {MailRole.TO: 0, MailRole.CC: 1, MailRole.BCC: 2}


def _forget_unread(user_ids) -> None:
    """Drop the cached unread counts now and again after commit (a page rendered meanwhile
    may have cached the old number)."""
    keys = [unread_cache_key(pk) for pk in set(user_ids)]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def _require_staff(user: User) -> None:
    if not is_oa_staff(user):
        raise PermissionDenied


# --- Addresses ----------------------------------------------------------------------------------


@dataclass
class Recipients:
    users: dict[int, User] = field(default_factory=dict)
    external: list[str] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "；".join(self.tokens)


def _staff():
    return User.objects.filter(is_active=True).exclude(kind="citizen")


def _holders(posts) -> list[User]:
    ids = posts.values("user")
    return list(_staff().filter(pk__in=ids).order_by("pk"))


def _unit_by_name(name: str) -> OrgUnit | None:
    units = OrgUnit.objects.filter(is_active=True)
    return units.filter(name=name).first() or units.filter(code=name).first()


def resolve_addresses(text: str, *, label: str) -> Recipients:
    """Parse one address field; raise ValidationError naming what could not be found.

    Accepted: ``周敏 <zhoumin>``, a user name, a unique full name, ``【单位】县政府办公室``,
    ``【角色】科员`` or ``【角色】科员@县政府办公室``, and ``someone@example.cn``."""
    found = Recipients()
    errors: list[str] = []
    for raw in SPLIT.split(text or ""):
        token = raw.strip()
        if not token:
            continue
        if token.startswith(UNIT_PREFIX):
            unit = _unit_by_name(token.removeprefix(UNIT_PREFIX).strip())
            if unit is None:
                errors.append(token)
                continue
            scope = OrgUnit.objects.filter(path__startswith=unit.path, is_active=True)
            people = _holders(Post.objects.active().filter(unit__in=scope))
            found.tokens.append(f"{UNIT_PREFIX}{unit.name}")
        elif token.startswith(ROLE_PREFIX):
            role_name, _at, unit_name = token.removeprefix(ROLE_PREFIX).partition("@")
            role = Role.objects.filter(name=role_name.strip()).first()
            unit = _unit_by_name(unit_name.strip()) if unit_name.strip() else None
            if role is None or (unit_name.strip() and unit is None):
                errors.append(token)
                continue
            posts = Post.objects.active().filter(role=role)
            if unit is not None:
                posts = posts.filter(unit__path__startswith=unit.path)
            people = _holders(posts)
            found.tokens.append(
                f"{ROLE_PREFIX}{role.name}" + (f"@{unit.name}" if unit is not None else "")
            )
        elif "@" in token and "<" not in token:
            try:
                validate_email(token)
            except ValidationError:
                errors.append(token)
                continue
            address = token.lower()
            if address not in found.external:
                found.external.append(address)
                found.tokens.append(address)
            continue
        else:
            match = PERSON.match(token)
            person = None
            if match:
                person = _staff().filter(username=match["username"]).first()
            else:
                person = _staff().filter(username=token).first()
                if person is None:
                    namesakes = list(_staff().filter(name=token)[:2])
                    if len(namesakes) == 2:
                        errors.append(
                            _("%(name)s（有同名人员，请写成“姓名 <用户名>”）") % {"name": token}
                        )
                        continue
                    person = namesakes[0] if namesakes else None
            if person is None:
                errors.append(token)
                continue
            people = [person]
            found.tokens.append(person_token(person))
        for person in people:
            found.users.setdefault(person.pk, person)
    if errors:
        raise ValidationError(
            _("%(label)s中找不到：%(items)s。") % {"label": label, "items": "、".join(errors)}
        )
    if len(found.users) + len(found.external) > MAX_RECIPIENTS:
        raise ValidationError(
            _("%(label)s人数超过 %(max)s 人，请分批发送。")
            % {"label": label, "max": MAX_RECIPIENTS}
        )
    return found


# --- Quota --------------------------------------------------------------------------------------


def quota_of(user: User) -> MailQuota:
    quota, _created = MailQuota.objects.get_or_create(user=user)
    return quota


def _check_quota(user: User, extra: int) -> None:
    quota = quota_of(user)
    if extra > 0 and quota.used_bytes + extra > quota.limit:
        raise ValidationError(
            _(
                "邮箱空间不足：已用 %(used)s，上限 %(limit)s，本次需要 %(need)s。"
                "请彻底删除“已删除”中的邮件或较大的附件后再试。"
            ),
            code="quota",
            params={
                "used": filesizeformat(quota.used_bytes),
                "limit": filesizeformat(quota.limit),
                "need": filesizeformat(extra),
            },
        )


def _charge(user_ids, amount: int) -> None:
    """Add `amount` bytes (negative: free them) to each person's used space."""
    user_ids = list(set(user_ids))
    if not user_ids or not amount:
        return
    MailQuota.objects.bulk_create([MailQuota(user_id=pk) for pk in user_ids], ignore_conflicts=True)
    MailQuota.objects.filter(user_id__in=user_ids).update(used_bytes=F("used_bytes") + amount)


MAX_QUOTA_MB = 100 * 1024  # 100 GB: more is a typing mistake


@transaction.atomic
def quota_set(*, by: User, person: User, limit_mb: int | None) -> MailQuota:
    """设置某人的邮箱空间上限（MB；None 恢复系统默认值）。系统管理员，或按权限范围管理该人员
    所在单位的管理员。"""
    from ..selectors.mail import may_set_quota

    if not may_set_quota(by, person):
        raise PermissionDenied
    if limit_mb is not None and not 1 <= limit_mb <= MAX_QUOTA_MB:
        raise ValidationError(
            _("空间上限应为 1 至 %(max)s MB 之间的整数。"), params={"max": MAX_QUOTA_MB}
        )
    MailQuota.objects.get_or_create(user=person)
    quota = MailQuota.objects.select_for_update().get(user=person)
    new = limit_mb * 1024 * 1024 if limit_mb is not None else None
    if quota.limit_bytes == new:
        return quota
    before = filesizeformat(quota.limit)
    quota.limit_bytes = new
    quota._history_user = by
    quota._change_reason = (
        _("邮箱空间上限 %(before)s → %(after)s")
        % {"before": before, "after": filesizeformat(quota.limit)}
    )[:100]
    quota.save(update_fields=["limit_bytes"])
    return quota


# --- Drafts and attachments ---------------------------------------------------------------------


def _own_draft(by: User, message: MailMessage) -> MailMessage:
    message = MailMessage.objects.select_for_update().get(pk=message.pk)
    if message.sender_id != by.pk or message.status != MailStatus.DRAFT:
        raise PermissionDenied
    return message


def _message_size(message: MailMessage) -> int:
    body = len(message.subject.encode()) + len(message.body.encode())
    files = sum(a.blob.size for a in message.attachments.select_related("blob"))
    return body + files


def _resize(message: MailMessage, by: User) -> None:
    """Recompute a draft's size and charge the difference to its owner."""
    size = _message_size(message)
    delta = size - message.size
    if delta > 0:
        _check_quota(by, delta)
    message.size = size
    message.attachment_count = message.attachments.count()
    message.save(update_fields=["size", "attachment_count"])
    _charge([by.pk], delta)


def _store_blob(upload) -> MailFile:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha = digest.hexdigest()
    # Locked: a file being removed as unused (`_drop_unused_blobs`) is not taken meanwhile.
    blob = MailFile.objects.select_for_update().filter(sha256=sha).first()
    if blob is not None:
        return blob
    blob = MailFile(sha256=sha, size=upload.size)
    upload.seek(0)
    blob.file.save(sha, File(upload), save=False)
    blob.save()
    return blob


@transaction.atomic
def draft_save(
    *,
    by: User,
    draft: MailMessage | None = None,
    subject: str,
    body: str = "",
    to: str = "",
    cc: str = "",
    bcc: str = "",
    request_receipt: bool = False,
    uploads=(),
    reply_to: MailMessage | None = None,
    forward_of: MailMessage | None = None,
) -> MailMessage:
    """保存草稿（新建或修改），可同时上传附件。"""
    _require_staff(by)
    subject = (subject or "").strip()[:200] or _("（无主题）")
    if draft is None:
        message = MailMessage(
            sender=by,
            reply_to=reply_to,
            forward_of=forward_of,
            subject=subject,
        )
    else:
        message = _own_draft(by, draft)
    message.subject = subject
    message.body = body or ""
    message.to_text, message.cc_text, message.bcc_text = to.strip(), cc.strip(), bcc.strip()
    message.request_receipt = request_receipt
    message._history_user = by
    message.save()
    if draft is None:
        delivery = MailDelivery(message=message, owner=by, role=MailRole.SENDER, box=MailBox.DRAFTS)
        delivery._history_user = by
        delivery.save()
        if forward_of is not None:
            MailAttachment.objects.bulk_create(
                MailAttachment(message=message, blob_id=a.blob_id, name=a.name)
                for a in forward_of.attachments.all()
            )
    else:
        MailDelivery.objects.filter(message=message, role=MailRole.SENDER).update(
            date=timezone.now()
        )
    _add_uploads(message, by, uploads)
    _resize(message, by)
    return message


def _add_uploads(message: MailMessage, by: User, uploads) -> None:
    uploads = list(uploads or ())
    if not uploads:
        return
    if message.attachments.count() + len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(_("每封邮件最多 %(max)s 个附件。"), params={"max": MAX_ATTACHMENTS})
    _check_quota(by, sum(u.size for u in uploads))
    for upload in uploads:
        _kind, name = check_upload(upload, ATTACHMENT_KINDS, settings.OA_MAIL_ATTACHMENT_MAX_BYTES)
        MailAttachment.objects.create(message=message, blob=_store_blob(upload), name=name)


@transaction.atomic
def attachment_remove(*, by: User, message: MailMessage, attachment_id: int) -> None:
    """从草稿中删去一个附件。"""
    message = _own_draft(by, message)
    deleted, _rows = MailAttachment.objects.filter(message=message, pk=attachment_id).delete()
    if not deleted:
        raise PermissionDenied
    _resize(message, by)


# --- Sending ------------------------------------------------------------------------------------


def _external_body(message: MailMessage, sender: User) -> str:
    lines = [message.body, "", "——", _("发件人：%(name)s") % {"name": sender.name}]
    if message.attachment_count:
        names = "、".join(a.name for a in message.attachments.all())
        lines.append(
            _("附件 %(count)s 个：%(names)s。")
            % {"count": message.attachment_count, "names": names}
        )
    lines.append(_("此邮件由%(gov)s电子政务系统发出。") % {"gov": settings.GOVERNMENT_NAME})
    return "\n".join(lines)


def _email_files(message: MailMessage) -> list[EmailFile]:
    return [
        EmailFile(
            name=a.name,
            storage_name=a.blob.file.name,
            size=a.blob.size,
            content_type=mimetypes.guess_type(a.name)[0] or "",
        )
        for a in message.attachments.select_related("blob").order_by("pk")
    ]


@transaction.atomic
def mail_send(*, by: User, message: MailMessage) -> MailMessage:
    """发送草稿：解析收件人，给每位收件人一份副本，外部地址经消息发件箱发出。"""
    _require_staff(by)
    message = _own_draft(by, message)
    to = resolve_addresses(message.to_text, label=_("收件人"))
    cc = resolve_addresses(message.cc_text, label=_("抄送"))
    bcc = resolve_addresses(message.bcc_text, label=_("密送"))
    if not (to.users or to.external or cc.users or cc.external or bcc.users or bcc.external):
        raise ValidationError(_("请填写收件人。"))
    if not message.subject.strip():
        raise ValidationError(_("请填写主题。"))
    roles: dict[int, str] = {}
    for role, found in ((MailRole.TO, to), (MailRole.CC, cc), (MailRole.BCC, bcc)):
        for pk in found.users:
            if pk not in roles or ROLE_PRIORITY[role] < ROLE_PRIORITY[roles[pk]]:
                roles[pk] = role
    external: list[str] = []
    for found in (to, cc, bcc):
        external += [a for a in found.external if a not in external]
    # Outside addresses get the attachments too, read from the one stored copy when the e-mail
    # leaves (refused here, before anything is sent, when they are too large for e-mail).
    files = _email_files(message) if external else []
    if files:
        email_files_check(files)
    now = timezone.now()
    message.status = MailStatus.SENT
    message.sent_at = now
    message.to_text, message.cc_text, message.bcc_text = to.text, cc.text, bcc.text
    message.external_count = len(external)
    message._history_user = by
    message.save()
    sender_copy = MailDelivery.objects.get(message=message, role=MailRole.SENDER)
    sender_copy.box, sender_copy.date, sender_copy.is_read = MailBox.SENT, now, True
    sender_copy._history_user = by
    sender_copy.save()
    bulk_create_with_history(
        [
            MailDelivery(message=message, owner_id=pk, role=role, box=MailBox.INBOX, date=now)
            for pk, role in roles.items()
        ],
        MailDelivery,
        default_user=by,
    )
    _charge(roles.keys(), message.size)
    _forget_unread(roles.keys())
    if external:
        text = _external_body(message, by)
        for address in external:
            notification_enqueue(
                channel=Channel.EMAIL,
                address=address,
                subject=message.subject,
                body=text,
                dedupe_key=f"oa-mail:{message.pk}:{address}"[:200],
                attachments=files,
            )
    return message


# --- Reading and moving -------------------------------------------------------------------------


def _own_copy(by: User, delivery_id: int) -> MailDelivery:
    delivery = (
        MailDelivery.objects.select_for_update()
        .select_related("message")
        .filter(pk=delivery_id, owner=by)
        .first()
    )
    if delivery is None:
        raise PermissionDenied
    return delivery


@transaction.atomic
def mail_open(*, by: User, delivery_id: int) -> MailDelivery:
    """阅读一封邮件：标记已读；要求回执的，第一次阅读时通知发件人。"""
    delivery = _own_copy(by, delivery_id)
    if delivery.is_read:
        return delivery
    delivery.is_read = True
    first_time = delivery.read_at is None
    delivery.read_at = delivery.read_at or timezone.now()
    delivery._history_user = by
    delivery.save(update_fields=["is_read", "read_at"])
    _forget_unread([by.pk])
    message = delivery.message
    if first_time and message.request_receipt and delivery.role != MailRole.SENDER:
        notify_user(
            user=message.sender,
            subject=_("已读回执：%(subject)s") % {"subject": message.subject},
            body=_("%(name)s 已于 %(time)s 阅读您的邮件《%(subject)s》。")
            % {
                "name": by.name,
                "time": timezone.localtime(delivery.read_at).strftime("%Y-%m-%d %H:%M"),
                "subject": message.subject,
            },
            link=reverse("oa:mail_detail", args=[_sender_copy_id(message)]),
            dedupe_key=f"oa-mail-receipt:{delivery.pk}",
        )
    return delivery


def _sender_copy_id(message: MailMessage) -> int:
    return (
        MailDelivery.objects.filter(message=message, role=MailRole.SENDER)
        .values_list("pk", flat=True)
        .first()
        or 0
    )


@transaction.atomic
def mail_mark(*, by: User, delivery_ids: list[int], read: bool) -> int:
    """标为已读或未读。"""
    changed = 0
    for pk in delivery_ids:
        delivery = _own_copy(by, pk)
        if delivery.is_read == read:
            continue
        delivery.is_read = read
        if read and delivery.read_at is None:
            delivery.read_at = timezone.now()
        delivery._history_user = by
        delivery.save(update_fields=["is_read", "read_at"])
        changed += 1
    _forget_unread([by.pk])
    return changed


def _target(by: User, target: str) -> tuple[str, MailFolder | None]:
    """A move target: "inbox" or "folder:<id>" (a folder of the person's own)."""
    if target == MailBox.INBOX:
        return MailBox.INBOX, None
    if target.startswith("folder:") and target[7:].isdigit():
        folder = MailFolder.objects.filter(pk=int(target[7:]), owner=by).first()
        if folder is not None:
            return MailBox.FOLDER, folder
    raise ValidationError(_("请选择要移到的文件夹。"))


@transaction.atomic
def mail_move(*, by: User, delivery_ids: list[int], target: str) -> int:
    """移动到收件箱或自己的文件夹（草稿和已发送不能移动）。"""
    box, folder = _target(by, target)
    moved = 0
    for pk in delivery_ids:
        delivery = _own_copy(by, pk)
        if delivery.role == MailRole.SENDER:
            raise ValidationError(_("已发送的邮件和草稿不能移到收件箱或文件夹。"))
        delivery.box, delivery.folder, delivery.box_before_trash = box, folder, ""
        delivery._history_user = by
        delivery.save(update_fields=["box", "folder", "box_before_trash"])
        moved += 1
    _forget_unread([by.pk])
    return moved


@transaction.atomic
def mail_delete(*, by: User, delivery_ids: list[int]) -> int:
    """删除：移到“已删除”；已在“已删除”中的彻底删除并释放空间。"""
    count = 0
    for pk in delivery_ids:
        delivery = _own_copy(by, pk)
        if delivery.box == MailBox.TRASH:
            _purge(by, delivery)
        else:
            delivery.box_before_trash = delivery.box
            delivery.box, delivery.folder = MailBox.TRASH, None
            delivery._history_user = by
            delivery.save(update_fields=["box", "folder", "box_before_trash"])
        count += 1
    _forget_unread([by.pk])
    return count


@transaction.atomic
def mail_restore(*, by: User, delivery_ids: list[int]) -> int:
    """从“已删除”恢复到原来的邮箱（自定义文件夹中的恢复到收件箱）。"""
    count = 0
    for pk in delivery_ids:
        delivery = _own_copy(by, pk)
        if delivery.box != MailBox.TRASH:
            continue
        before = delivery.box_before_trash
        if before in ("", MailBox.FOLDER, MailBox.TRASH):
            before = MailBox.INBOX if delivery.role != MailRole.SENDER else MailBox.SENT
        delivery.box, delivery.box_before_trash = before, ""
        delivery._history_user = by
        delivery.save(update_fields=["box", "box_before_trash"])
        count += 1
    _forget_unread([by.pk])
    return count


def _purge(by: User, delivery: MailDelivery) -> None:
    message = delivery.message
    delivery._history_user = by
    delivery.delete()
    _charge([by.pk], -message.size)
    if not MailDelivery.objects.filter(message=message).exists():
        blob_ids = list(message.attachments.values_list("blob_id", flat=True))
        message.delete()
        _drop_unused_blobs(blob_ids)


def _drop_unused_blobs(blob_ids) -> int:
    """Remove the stored files no message attaches any more and no unsent e-mail to an outside
    address still has to read; return how many were removed.

    Each file's row is locked before it is checked, by the purge of the last copy and by the
    outbox's release alike, so whichever of the two comes second sees what the first did and a
    file is never left behind by the two running at once. The bytes are deleted after commit
    (a rolled-back purge keeps its file)."""
    removed = 0
    with transaction.atomic():
        # Lock first, then look: a condition on the attachments inside the locking query would be
        # read before the lock is granted and miss a purge that commits while it waits.
        blobs = list(
            MailFile.objects.select_for_update().filter(pk__in=list(blob_ids)).order_by("pk")
        )
        attached = set(
            MailAttachment.objects.filter(blob__in=blobs).values_list("blob_id", flat=True)
        )
        still_queued = outbox_pending_files(b.file.name for b in blobs)
        for blob in blobs:
            if blob.pk in attached or blob.file.name in still_queued:
                continue
            name, storage = blob.file.name, blob.file.storage
            blob.delete()
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
            removed += 1
    return removed


def mail_files_release(storage_names) -> int:
    """The outbox has sent (or given up on) e-mails to outside addresses that attached these
    files: remove those of them that were kept only for it (registered in oa.apps)."""
    names = [n for n in storage_names if n.startswith(MAIL_FILES_PREFIX)]
    if not names:
        return 0
    return _drop_unused_blobs(MailFile.objects.filter(file__in=names).values_list("pk", flat=True))


def mail_files_sweep() -> int:
    """Nightly safety net: stored files nothing needs any more (a release that was never run,
    say a worker stopped between sending and releasing) are removed."""
    orphans = MailFile.objects.exclude(pk__in=MailAttachment.objects.values("blob_id"))
    ids = list(orphans.order_by("pk").values_list("pk", flat=True))
    removed = 0
    for start in range(0, len(ids), 500):
        removed += _drop_unused_blobs(ids[start : start + 500])
    return removed


@transaction.atomic
def trash_empty(*, by: User) -> int:
    """清空“已删除”。"""
    ids = list(
        MailDelivery.objects.filter(owner=by, box=MailBox.TRASH).values_list("pk", flat=True)
    )
    for pk in ids:
        _purge(by, _own_copy(by, pk))
    return len(ids)


# --- Folders ------------------------------------------------------------------------------------


def _folder_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("请填写文件夹名称。"))
    if len(name) > 40:
        raise ValidationError(_("文件夹名称不能超过 40 个字。"))
    if name in {str(label) for label in MailBox.labels}:
        raise ValidationError(_("“%(name)s”是系统文件夹的名称。"), params={"name": name})
    return name


@transaction.atomic
def folder_create(*, by: User, name: str) -> MailFolder:
    """新建文件夹。"""
    _require_staff(by)
    name = _folder_name(name)
    if MailFolder.objects.filter(owner=by, name=name).exists():
        raise ValidationError(_("已有名为“%(name)s”的文件夹。"), params={"name": name})
    folder = MailFolder(owner=by, name=name)
    folder._history_user = by
    folder.save()
    return folder


@transaction.atomic
def folder_rename(*, by: User, folder_id: int, name: str) -> MailFolder:
    """重命名文件夹。"""
    folder = MailFolder.objects.select_for_update().filter(pk=folder_id, owner=by).first()
    if folder is None:
        raise PermissionDenied
    name = _folder_name(name)
    if MailFolder.objects.filter(owner=by, name=name).exclude(pk=folder.pk).exists():
        raise ValidationError(_("已有名为“%(name)s”的文件夹。"), params={"name": name})
    folder.name = name
    folder._history_user = by
    folder.save()
    return folder


@transaction.atomic
def folder_delete(*, by: User, folder_id: int) -> int:
    """删除文件夹：其中的邮件回到收件箱。"""
    folder = MailFolder.objects.select_for_update().filter(pk=folder_id, owner=by).first()
    if folder is None:
        raise PermissionDenied
    ids = list(folder.deliveries.values_list("pk", flat=True))
    for pk in ids:
        delivery = _own_copy(by, pk)
        delivery.box, delivery.folder = MailBox.INBOX, None
        delivery._history_user = by
        delivery.save(update_fields=["box", "folder"])
    folder._history_user = by
    folder.delete()
    _forget_unread([by.pk])
    return len(ids)
