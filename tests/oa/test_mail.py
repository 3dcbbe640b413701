"""Internal mail (我的公务邮箱): addressing, sending (cc, bcc, units, roles, outside addresses
through a real SMTP server), one stored copy, attachments, quota, read receipts, folders and
trash, search, reply / reply to all / forward, and the mailbox pages (permissions, bad input,
query counts)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from oa.constants import MailBox, MailRole, MailStatus
from oa.models import MailAttachment, MailDelivery, MailFile, MailMessage, MailQuota
from oa.selectors import mail as selectors
from oa.services import mail as services
from platform_core.constants import Channel, OutboxStatus, RoleCode
from platform_core.models import Notification
from tests.factories import OrgUnitFactory, staff_with_role
from tests.smtp import smtp_server_fixture  # noqa: F401 (the `smtp_server` fixture)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def section(office):
    return OrgUnitFactory(parent=office, name="秘书科", code="msk")


@pytest.fixture
def secretary(section):
    return staff_with_role(RoleCode.REVIEW_CLERK, section, name="孙倩", username="sunqian")


def pdf(name="会议纪要.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def send(
    by, *, to="", cc="", bcc="", subject="关于报送年度工作总结的通知", body="请于周五前报送。", **kw
):
    draft = services.draft_save(by=by, subject=subject, body=body, to=to, cc=cc, bcc=bcc, **kw)
    return services.mail_send(by=by, message=draft)


def copy_of(user, message) -> MailDelivery:
    return MailDelivery.objects.get(owner=user, message=message)


# --- Addresses ----------------------------------------------------------------------------------


def test_addresses_people_units_roles_and_outside(clerk, colleague, head, secretary, office):
    found = services.resolve_addresses(
        f"黄磊；{head.username}；孙倩 <sunqian>；someone@Example.cn", label="收件人"
    )
    assert set(found.users) == {colleague.pk, head.pk, secretary.pk}
    assert found.external == ["someone@example.cn"]
    assert found.tokens[0] == f"黄磊 <{colleague.username}>"
    # A unit: everyone with a post there and in the units below it.
    unit = services.resolve_addresses("【单位】县政府办公室", label="收件人")
    assert set(unit.users) == {clerk.pk, colleague.pk, head.pk, secretary.pk}
    # A role, county-wide or within a unit.
    heads = services.resolve_addresses("【角色】科室负责人", label="收件人")
    assert set(heads.users) == {head.pk}


def test_unknown_and_ambiguous_addresses_are_named(clerk, office, dept_a):
    staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="张伟")
    staff_with_role(RoleCode.REVIEW_CLERK, office, name="张伟")
    with pytest.raises(ValidationError) as exc:
        services.resolve_addresses("查无此人；【单位】不存在的局；not-an-email@", label="抄送")
    text = exc.value.messages[0]
    assert text.startswith("抄送中找不到：")
    assert "查无此人" in text and "【单位】不存在的局" in text
    with pytest.raises(ValidationError) as exc:
        services.resolve_addresses("张伟", label="收件人")
    assert "有同名人员" in exc.value.messages[0]


def test_role_name_matches_the_role_in_the_org_tree(head, office, dept_a):
    other_head = staff_with_role(RoleCode.SECTION_HEAD, dept_a, name="刘芳")
    found = services.resolve_addresses(f"【角色】科室负责人@{office.name}", label="收件人")
    assert set(found.users) == {head.pk}
    everyone = services.resolve_addresses("【角色】科室负责人", label="收件人")
    assert set(everyone.users) == {head.pk, other_head.pk}


# --- Sending ------------------------------------------------------------------------------------


def test_send_to_cc_bcc_stores_the_message_once(clerk, colleague, head, secretary):
    message = send(clerk, to="黄磊", cc="谢伟", bcc="孙倩 <sunqian>")
    assert MailMessage.objects.count() == 1
    assert message.status == MailStatus.SENT and message.sent_at is not None
    copies = {d.owner_id: d for d in MailDelivery.objects.filter(message=message)}
    assert copies[clerk.pk].box == MailBox.SENT and copies[clerk.pk].role == MailRole.SENDER
    assert copies[colleague.pk].role == MailRole.TO
    assert copies[head.pk].role == MailRole.CC
    assert copies[secretary.pk].role == MailRole.BCC
    assert all(copies[u.pk].box == MailBox.INBOX for u in (colleague, head, secretary))
    assert not copies[colleague.pk].is_read


def test_a_person_addressed_twice_gets_one_copy_with_the_strongest_role(clerk, colleague, office):
    message = send(clerk, to="【单位】县政府办公室", cc="黄磊", bcc="黄磊")
    rows = MailDelivery.objects.filter(message=message, owner=colleague)
    assert [r.role for r in rows] == [MailRole.TO]


def test_sending_without_recipients_or_twice_is_refused(clerk, colleague):
    draft = services.draft_save(by=clerk, subject="无收件人", body="")
    with pytest.raises(ValidationError, match="请填写收件人"):
        services.mail_send(by=clerk, message=draft)
    message = send(clerk, to="黄磊")
    with pytest.raises(PermissionDenied):
        services.mail_send(by=clerk, message=message)


def test_someone_else_cannot_send_or_edit_my_draft(clerk, colleague):
    draft = services.draft_save(by=clerk, subject="草稿", to="黄磊")
    with pytest.raises(PermissionDenied):
        services.mail_send(by=colleague, message=draft)
    with pytest.raises(PermissionDenied):
        services.draft_save(by=colleague, draft=draft, subject="改")


def test_outside_address_arrives_at_a_real_smtp_server(
    clerk, colleague, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = send(
            clerk,
            to="黄磊；zhang.san@example.cn",
            subject="关于商请提供项目资料的函",
            body="请于本周内提供项目可行性研究报告。",
            uploads=[pdf()],
        )
    received = smtp_server.wait_for(1)
    assert len(received) == 1
    assert received[0]["To"] == "zhang.san@example.cn"
    assert received[0]["Subject"] == "关于商请提供项目资料的函"
    text = received[0].get_body(preferencelist=("plain",)).get_content()
    assert "请于本周内提供项目可行性研究报告。" in text
    assert "发件人：周敏" in text and "会议纪要.pdf" in text
    # The attachment travels as its own MIME part, byte for byte.
    parts = list(received[0].iter_attachments())
    assert [(p.get_filename(), p.get_content_type()) for p in parts] == [
        ("会议纪要.pdf", "application/pdf")
    ]
    assert parts[0].get_content() == PDF
    row = Notification.objects.get(channel=Channel.EMAIL, address="zhang.san@example.cn")
    assert row.status == OutboxStatus.SENT
    assert message.external_count == 1
    # Exactly once: sending the row again does nothing.
    from platform_core.services.notifications import notification_send

    assert notification_send(notification_id=row.pk) == OutboxStatus.SENT
    assert len(smtp_server.messages) == 1


def test_several_attachments_reach_outside_addresses_from_one_stored_copy(
    clerk, colleague, smtp_server, django_capture_on_commit_callbacks
):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with django_capture_on_commit_callbacks(execute=True):
        message = send(
            clerk,
            to="wang.wu@example.cn；黄磊",
            cc="zhao.liu@example.cn",
            uploads=[
                pdf("实施方案.pdf"),
                SimpleUploadedFile("现场照片.png", png, content_type="image/png"),
                SimpleUploadedFile("说明.txt", "一、总体要求".encode(), content_type="text/plain"),
            ],
        )
    received = smtp_server.wait_for(2)
    assert sorted(m["To"] for m in received) == ["wang.wu@example.cn", "zhao.liu@example.cn"]
    for mail in received:
        assert mail.get_content_type() == "multipart/mixed"
        parts = {p.get_filename(): p for p in mail.iter_attachments()}
        assert set(parts) == {"实施方案.pdf", "现场照片.png", "说明.txt"}
        assert parts["实施方案.pdf"].get_content_type() == "application/pdf"
        assert parts["实施方案.pdf"].get_content() == PDF
        assert parts["现场照片.png"].get_content() == png
        assert parts["说明.txt"].get_content().strip() == "一、总体要求"
    # Stored once: the outbox rows name the mail's own files, no copy was written.
    from platform_core.models import NotificationAttachment

    stored = {a.blob.file.name for a in message.attachments.select_related("blob")}
    outbox = set(NotificationAttachment.objects.values_list("storage_name", flat=True))
    assert outbox == stored and MailFile.objects.count() == 3
    assert NotificationAttachment.objects.count() == 6  # 3 files x 2 outside addresses


def test_too_large_attachments_for_outside_mail_are_refused_clearly(clerk, colleague, settings):
    settings.OUTBOX_EMAIL_ATTACHMENTS_MAX_BYTES = len(PDF) + 10
    draft = services.draft_save(
        by=clerk, subject="大附件", to="a@example.cn", uploads=[pdf(), pdf("二.pdf", PDF + b" ")]
    )
    with pytest.raises(ValidationError) as exc:
        services.mail_send(by=clerk, message=draft)
    assert "发往系统外邮箱的附件合计不能超过" in exc.value.messages[0]
    assert "只发给系统内的收件人" in exc.value.messages[0]
    assert not Notification.objects.filter(channel=Channel.EMAIL).exists()
    # Inside the system the same attachments are fine.
    draft = services.draft_save(by=clerk, draft=draft, subject="大附件", to="黄磊")
    assert services.mail_send(by=clerk, message=draft).status == MailStatus.SENT


def test_purging_keeps_a_file_an_unsent_outside_mail_still_needs(clerk):
    message = send(clerk, to="li.si@example.cn", uploads=[pdf()])
    blob = MailFile.objects.get()
    copy = copy_of(clerk, message)
    services.mail_delete(by=clerk, delivery_ids=[copy.pk])
    services.mail_delete(by=clerk, delivery_ids=[copy.pk])  # purge: the message is gone
    assert not MailMessage.objects.filter(pk=message.pk).exists()
    assert blob.file.storage.exists(blob.file.name)  # the outbox still reads it


def test_outside_mail_page_shows_the_size_message(client, clerk, settings):
    settings.OUTBOX_EMAIL_ATTACHMENTS_MAX_BYTES = 10
    client.force_login(clerk)
    response = client.post(
        reverse("oa:mail_compose"),
        {"to": "a@example.cn", "subject": "函", "body": "正文", "action": "send", "files": [pdf()]},
    )
    assert response.status_code == 200
    assert "发往系统外邮箱的附件合计不能超过" in response.content.decode()
    assert not MailMessage.objects.filter(status=MailStatus.SENT).exists()


def test_outside_address_waits_in_the_outbox_when_the_server_is_down(
    clerk, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        send(clerk, to="li.si@example.cn")
    row = Notification.objects.get(channel=Channel.EMAIL)
    assert row.status == OutboxStatus.PENDING and row.attempts == 1 and row.last_error


# --- Attachments and quota ----------------------------------------------------------------------


def test_attachments_are_stored_once_and_forwarded_without_copying(clerk, colleague, head):
    message = send(clerk, to="黄磊；谢伟", uploads=[pdf(), pdf("副本.pdf")])
    assert MailFile.objects.count() == 1  # same bytes, one file
    assert message.attachment_count == 2
    assert message.size >= 2 * len(PDF)
    forward = services.draft_save(by=colleague, subject="转发：通知", forward_of=message)
    assert MailAttachment.objects.filter(message=forward).count() == 2
    assert MailFile.objects.count() == 1


def test_a_file_of_the_wrong_kind_is_refused(clerk):
    bad = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00\x03binary", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.draft_save(by=clerk, subject="附件", uploads=[bad])
    assert not MailMessage.objects.exists()


def test_quota_is_charged_per_copy_and_freed_by_purge(clerk, colleague):
    message = send(clerk, to="黄磊", uploads=[pdf()])
    assert MailQuota.objects.get(user=clerk).used_bytes == message.size
    assert MailQuota.objects.get(user=colleague).used_bytes == message.size
    copy = copy_of(colleague, message)
    services.mail_delete(by=colleague, delivery_ids=[copy.pk])  # to trash: still counts
    assert MailQuota.objects.get(user=colleague).used_bytes == message.size
    services.mail_delete(by=colleague, delivery_ids=[copy.pk])  # purge
    assert MailQuota.objects.get(user=colleague).used_bytes == 0
    assert MailMessage.objects.filter(pk=message.pk).exists()  # the sender still has it
    services.trash_empty(by=clerk)
    services.mail_delete(by=clerk, delivery_ids=[copy_of(clerk, message).pk])
    services.trash_empty(by=clerk)
    assert not MailMessage.objects.filter(pk=message.pk).exists()
    assert not MailFile.objects.exists()  # the last reference is gone: so is the file


def test_sending_beyond_quota_is_refused_in_chinese(clerk, colleague):
    MailQuota.objects.create(user=clerk, limit_bytes=len(PDF) + 10)
    with pytest.raises(ValidationError) as exc:
        services.draft_save(by=clerk, subject="大附件", uploads=[pdf(), pdf("二.pdf")])
    assert "邮箱空间不足" in exc.value.messages[0]
    assert "已删除" in exc.value.messages[0]
    assert not MailMessage.objects.exists()


def test_quota_shown_to_the_user(clerk, colleague, client):
    send(clerk, to="黄磊", uploads=[pdf()])
    view = selectors.quota_view(clerk)
    assert view["used"] > 0 and view["limit"] == 500 * 1024 * 1024
    client.force_login(clerk)
    html = client.get(reverse("oa:mail_inbox")).content.decode()
    assert "邮箱空间" in html and "共 500.0" in html


# --- Reading, receipts, unread count ------------------------------------------------------------


def test_read_receipt_notifies_the_sender_once(clerk, colleague):
    message = send(clerk, to="黄磊", request_receipt=True)
    copy = copy_of(colleague, message)
    assert selectors.unread_count(colleague) == 1
    services.mail_open(by=colleague, delivery_id=copy.pk)
    services.mail_mark(by=colleague, delivery_ids=[copy.pk], read=False)
    services.mail_open(by=colleague, delivery_id=copy.pk)
    receipts = Notification.objects.filter(recipient=clerk, channel=Channel.IN_APP)
    assert receipts.count() == 1
    assert receipts.get().subject == f"已读回执：{message.subject}"
    assert "黄磊 已于" in receipts.get().body
    copy.refresh_from_db()
    assert copy.is_read and copy.read_at is not None
    assert selectors.unread_count(colleague) == 0
    sender_view = selectors.receipts_for(copy_of(clerk, message))
    assert [(r.owner_id, bool(r.read_at)) for r in sender_view] == [(colleague.pk, True)]


def test_no_receipt_unless_asked(clerk, colleague):
    message = send(clerk, to="黄磊")
    services.mail_open(by=colleague, delivery_id=copy_of(colleague, message).pk)
    assert not Notification.objects.filter(recipient=clerk).exists()


def test_someone_else_cannot_open_or_move_my_copy(clerk, colleague, head):
    message = send(clerk, to="黄磊")
    copy = copy_of(colleague, message)
    with pytest.raises(PermissionDenied):
        services.mail_open(by=head, delivery_id=copy.pk)
    with pytest.raises(PermissionDenied):
        services.mail_delete(by=head, delivery_ids=[copy.pk])


# --- Folders, trash, search ---------------------------------------------------------------------


def test_folders_move_trash_and_restore(clerk, colleague):
    message = send(clerk, to="黄磊")
    copy = copy_of(colleague, message)
    folder = services.folder_create(by=colleague, name="防汛工作")
    with pytest.raises(ValidationError, match="已有名为"):
        services.folder_create(by=colleague, name="防汛工作")
    with pytest.raises(ValidationError, match="系统文件夹"):
        services.folder_create(by=colleague, name="收件箱")
    services.mail_move(by=colleague, delivery_ids=[copy.pk], target=f"folder:{folder.pk}")
    rows, _next = selectors.mailbox_page(colleague, box=MailBox.FOLDER, folder=folder)
    assert [r.pk for r in rows] == [copy.pk]
    assert selectors.mailbox_page(colleague, box=MailBox.INBOX)[0] == []
    services.mail_delete(by=colleague, delivery_ids=[copy.pk])
    copy.refresh_from_db()
    assert copy.box == MailBox.TRASH and copy.folder is None
    services.mail_restore(by=colleague, delivery_ids=[copy.pk])
    copy.refresh_from_db()
    assert copy.box == MailBox.INBOX  # a folder's message comes back to the inbox
    services.mail_move(by=colleague, delivery_ids=[copy.pk], target=f"folder:{folder.pk}")
    services.folder_delete(by=colleague, folder_id=folder.pk)
    copy.refresh_from_db()
    assert copy.box == MailBox.INBOX and copy.folder is None
    # Another person's folder is not a target.
    other = services.folder_create(by=clerk, name="我的")
    with pytest.raises(ValidationError):
        services.mail_move(by=colleague, delivery_ids=[copy.pk], target=f"folder:{other.pk}")
    # The sent copy cannot go to the inbox.
    with pytest.raises(ValidationError):
        services.mail_move(by=clerk, delivery_ids=[copy_of(clerk, message).pk], target="inbox")


def test_search_by_sender_subject_body_and_date(clerk, colleague, head):
    a = send(clerk, to="谢伟", subject="防汛值班安排", body="请各科室报送值班表。")
    b = send(colleague, to="谢伟", subject="会议通知", body="周三召开防汛调度会。")
    send(colleague, to="谢伟", subject="食堂就餐", body="下周起调整就餐时间。")
    MailDelivery.objects.filter(message=a).update(date=timezone.now() - datetime.timedelta(days=10))

    def found(**kw):
        rows, _next = selectors.mailbox_page(head, box=MailBox.INBOX, search=selectors.Search(**kw))
        return {r.message_id for r in rows}

    assert found(q="防汛") == {a.pk, b.pk}  # subject or body
    assert found(sender="周敏") == {a.pk}
    assert found(sender="黄", q="防汛") == {b.pk}
    today = timezone.localdate()
    assert found(date_from=today - datetime.timedelta(days=1)) == {b.pk} | (found(q="食堂"))
    assert found(date_to=today - datetime.timedelta(days=5)) == {a.pk}


def test_keyset_pages_walk_the_whole_box_once(clerk, colleague):
    ids = [send(clerk, to="黄磊", subject=f"第{i}封").pk for i in range(7)]
    MailDelivery.objects.filter(owner=colleague).update(date=timezone.now())  # same time: id order
    seen, cursor = [], ""
    while True:
        rows, cursor = selectors.mailbox_page(colleague, box=MailBox.INBOX, cursor=cursor, size=3)
        seen += [r.message_id for r in rows]
        if not cursor:
            break
    assert seen == sorted(ids, reverse=True)


# --- Reply, reply to all, forward ---------------------------------------------------------------


def test_reply_reply_all_and_forward_start_right(clerk, colleague, head, secretary):
    message = send(clerk, to="黄磊；谢伟", cc="孙倩", bcc="", subject="周例会")
    copy = copy_of(colleague, message)
    reply = selectors.compose_initial(colleague, copy, "reply")
    assert reply["subject"] == "回复：周例会"
    assert reply["to"] == f"周敏 <{clerk.username}>" and reply["cc"] == ""
    everyone = selectors.compose_initial(colleague, copy, "reply_all")
    assert everyone["to"] == f"周敏 <{clerk.username}>；谢伟 <{head.username}>"
    assert everyone["cc"] == "孙倩 <sunqian>"
    forward = selectors.compose_initial(colleague, copy, "forward")
    assert forward["subject"] == "转发：周例会" and "原始邮件" in forward["body"]
    assert "to" not in forward


# --- Pages --------------------------------------------------------------------------------------


def test_compose_and_send_from_the_page(client, clerk, colleague):
    client.force_login(clerk)
    response = client.post(
        reverse("oa:mail_compose"),
        {
            "to": "黄磊",
            "subject": "请审阅材料",
            "body": "附件为材料初稿。",
            "files": [pdf()],
            "action": "send",
        },
    )
    assert response.status_code == 302
    message = MailMessage.objects.get()
    assert message.status == MailStatus.SENT and message.attachment_count == 1
    client.force_login(colleague)
    inbox = client.get(reverse("oa:mail_inbox")).content.decode()
    assert "请审阅材料" in inbox and 'id="mail-unread-count">1<' in inbox
    copy = copy_of(colleague, message)
    detail = client.get(reverse("oa:mail_detail", args=[copy.pk])).content.decode()
    assert "附件为材料初稿。" in detail
    attachment = message.attachments.get()
    download = client.get(reverse("oa:mail_attachment", args=[message.pk, attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_compose_bad_input_shows_chinese_errors_and_saves_nothing(client, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("oa:mail_compose"),
        {"to": "查无此人；bad@", "subject": "", "body": "x", "action": "send"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "请填写主题。" in html
    response = client.post(
        reverse("oa:mail_compose"),
        {"to": "查无此人", "subject": "主题", "body": "x", "action": "send"},
    )
    assert "收件人中找不到：查无此人" in response.content.decode()
    assert not MailMessage.objects.exists()


def test_save_draft_then_send_from_the_drafts_box(client, clerk, colleague):
    client.force_login(clerk)
    response = client.post(
        reverse("oa:mail_compose"), {"to": "黄磊", "subject": "草稿一", "action": "save"}
    )
    copy = MailDelivery.objects.get(owner=clerk)
    assert response.url == reverse("oa:mail_draft", args=[copy.pk])
    drafts = client.get(reverse("oa:mail_box", args=["drafts"])).content.decode()
    assert "草稿一" in drafts
    response = client.post(
        reverse("oa:mail_draft", args=[copy.pk]),
        {"to": "黄磊", "subject": "草稿一", "body": "正文", "action": "send"},
    )
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.box == MailBox.SENT
    assert MailDelivery.objects.filter(owner=colleague, box=MailBox.INBOX).count() == 1


def test_other_peoples_copies_are_not_found(client, clerk, colleague, head):
    message = send(clerk, to="黄磊", uploads=[pdf()])
    copy = copy_of(colleague, message)
    client.force_login(head)
    assert client.get(reverse("oa:mail_detail", args=[copy.pk])).status_code == 404
    attachment = message.attachments.get()
    url = reverse("oa:mail_attachment", args=[message.pk, attachment.pk])
    assert client.get(url).status_code == 404
    response = client.post(reverse("oa:mail_bulk"), {"ids": [copy.pk], "action": "delete"})
    assert response.status_code == 404
    copy.refresh_from_db()
    assert copy.box == MailBox.INBOX


def test_bcc_is_hidden_from_recipients(client, clerk, colleague, secretary):
    message = send(clerk, to="黄磊", bcc="孙倩 <sunqian>")
    client.force_login(colleague)
    html = client.get(reverse("oa:mail_detail", args=[copy_of(colleague, message).pk]))
    assert "sunqian" not in html.content.decode()
    client.force_login(clerk)
    html = client.get(reverse("oa:mail_detail", args=[copy_of(clerk, message).pk]))
    assert "sunqian" in html.content.decode()


def test_security_admin_has_no_mailbox(client, gov):
    admin = staff_with_role(RoleCode.SECURITY_ADMIN, gov)
    client.force_login(admin)
    assert client.get(reverse("oa:mail_inbox")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.draft_save(by=admin, subject="x")


@pytest.mark.parametrize("size", [3, 40])
def test_mailbox_page_queries_do_not_grow(
    size, client, clerk, colleague, django_assert_num_queries
):
    for i in range(size):
        send(clerk, to="黄磊", subject=f"通知{i}", uploads=[pdf()] if i % 2 else [])
    services.folder_create(by=colleague, name="存档")
    client.force_login(colleague)
    client.get(reverse("oa:mail_inbox"))  # warm the caches (unread count, calendar)
    # Session and user (2), the OA check, the page (1), folders, quota; the office shell (posts,
    # delegations, interaction's office row, every count in one query, permissions: 5).
    # The unread mail count and the county's name are cached.
    with django_assert_num_queries(MAILBOX_QUERIES):
        response = client.get(reverse("oa:mail_inbox"))
    assert len(response.context["rows"]) == min(size, selectors.PAGE_SIZE)


# The office shell's counts and every work source's are one query (platform_core.db.count_many);
# the session is renewed at most once a minute (not on this request).
MAILBOX_QUERIES = 11
