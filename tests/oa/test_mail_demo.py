"""load_demo's mail and address book: real-looking mail between demo staff (read and unread,
cc, a unit, a role, a receipt, an attachment, a draft, own folders) and contact details."""

import pytest
from django.core.management import call_command

from oa.constants import MailBox, MailStatus
from oa.models import MailDelivery, MailFolder, MailMessage, StaffContact
from oa.selectors import contacts as contact_selectors

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_demo_mail_and_contacts(settings, tmp_path):
    settings.PUBLISH_ROOT = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)
    sent = MailMessage.objects.filter(status=MailStatus.SENT)
    assert sent.count() >= 10
    assert MailMessage.objects.filter(status=MailStatus.DRAFT).exists()
    assert sent.filter(attachment_count__gt=0).exists()
    inbox = MailDelivery.objects.filter(box=MailBox.INBOX)
    assert inbox.filter(is_read=True).exists() and inbox.filter(is_read=False).exists()
    assert MailFolder.objects.count() == 2
    assert MailDelivery.objects.filter(box=MailBox.FOLDER).count() == 2
    # The whole unit (县行政审批服务局 and its sections) got the work-summary notice.
    notice = sent.get(subject="关于报送2026年度工作总结和2027年工作计划的通知")
    assert notice.deliveries.count() > 10
    contact = StaffContact.objects.get(user__username="tangting")
    assert contact.name_initials == "tt" and contact.office_phone.startswith("0746-88")
    assert StaffContact.objects.filter(mobile_scope="unit").count() == 5
    from platform_core.models import User

    viewer = User.objects.get(username="tangting")
    found = [p.user.username for p in contact_selectors.search_posts(viewer, q="xw")]
    assert "xiewei" in found
    # Repeatable.
    call_command("load_demo", verbosity=0)
    assert MailMessage.objects.filter(status=MailStatus.SENT).count() == sent.count()
