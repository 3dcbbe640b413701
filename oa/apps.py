from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _demo_calendar(stdout=None):
    from oa.demo import load_demo_calendar

    load_demo_calendar(stdout)


def _demo(stdout=None):
    from oa.demo import load_demo_oa, load_demo_tools

    load_demo_oa(stdout)
    load_demo_tools(stdout)


def _subject(process):
    from platform_core.subjects import SubjectLink

    data = process.data or {}
    if data.get("oa_notice"):
        return SubjectLink(str(_("通知公告")), f"/office/oa/notices/{data['oa_notice']}/")
    return None


def _demo_supervision(stdout=None):
    from oa.demo import load_demo_supervision

    load_demo_supervision(stdout)


def _demo_files(stdout=None):
    from oa.demo_files import load_demo_files

    load_demo_files(stdout)


def _demo_mail(stdout=None):
    from oa.demo import load_demo_mail

    load_demo_mail(stdout)


def _generate(context) -> int:
    from oa.generate import generate_documents

    return generate_documents(context)


def _contact_on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from oa.services.contacts import contact_refresh

    contact_refresh(instance)


class OaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "oa"
    verbose_name = _("协同办公")

    def ready(self) -> None:
        from oa.constants import FILE_KIND_LABELS
        from oa.recurrence import RruleLabels
        from oa.selectors.work import ActionItemWork, MeetingReplyWork, ReceiptWork
        from platform_core.selectors.audit import register_value_labels

        # The change history names a file's type (PDF、Word 文档…), not its code.
        register_value_labels("oa.FileEntry.kind", FILE_KIND_LABELS)
        from oa.selectors import home
        from oa.selectors.duty import SwapWork
        from platform_core.demo_data import register_demo_loader
        from platform_core.inbox_sources import register_work_source
        from platform_core.office_blocks import (
            OfficeBlock,
            register_office_block,
            register_public_block,
        )
        from platform_core.subjects import register_subject_link

        # 收文签收: in the inbox of the recipient unit's staff, with its deadline.
        register_work_source(ReceiptWork())
        # 会议回执 of invited units and people; action items of the minutes (by owner unit).
        register_work_source(MeetingReplyWork())
        register_work_source(ActionItemWork())
        # 收文 (拟办/批示/办结), 承办 by the handling units, 传阅 reads; 发文 route tasks typed
        # for the inbox's counts by type.
        from oa.selectors.work import CirculationWork, HandlingWork, IncomingWork, outgoing_tasks
        from platform_core.inbox_sources import register_task_type

        register_work_source(IncomingWork())
        register_work_source(HandlingWork())
        register_work_source(CirculationWork())
        register_task_type("oa.outgoing", _("发文"), outgoing_tasks)
        # 换班审批: in the unit head's inbox, due the day before the shift.
        register_work_source(SwapWork())
        # 督办: open items in the lead unit's inbox; closure applications in the office's.
        import oa.services.supervision  # noqa: F401 - registers the document and meeting sources
        from oa.selectors.work import SupervisionReviewWork, SupervisionWork

        register_work_source(SupervisionWork())
        register_work_source(SupervisionReviewWork())
        # The staff home: today's duty officer and unread notices (slots in office_blocks.py).
        register_office_block(
            OfficeBlock(
                key="oa.duty",
                title=_("今日值班"),
                template="oa/office/blocks/duty.html",
                context=home.duty_block,
            )
        )
        register_office_block(
            OfficeBlock(
                key="oa.notices",
                title=_("新通知"),
                template="oa/office/blocks/notices.html",
                context=home.notices_block,
            )
        )
        # 短信回执: a reply by SMS to a meeting notice is recorded on the meeting.
        from oa.services.meetings import SMS_CONTEXT, sms_reply_handler
        from oa.services.sms_replies import register_reply_handler

        register_reply_handler(SMS_CONTEXT, sms_reply_handler)
        register_value_labels("oa.SmsMessage.context_kind", {SMS_CONTEXT: _("会议通知")})
        # A mail's stored file kept only for e-mails to outside addresses goes once they left.
        from oa.services.mail import mail_files_release
        from platform_core.services.notifications import register_file_release_handler

        register_file_release_handler(mail_files_release)
        register_office_block(
            OfficeBlock(
                key="oa.mail",
                title=_("未读邮件"),
                template="oa/office/blocks/mail.html",
                context=home.mail_block,
            )
        )
        register_office_block(
            OfficeBlock(
                key="oa.calendar",
                title=_("今日日程与会议"),
                template="oa/office/blocks/calendar.html",
                context=home.calendar_block,
            )
        )
        # The portal's home page: the county's duty phone of the day.
        register_public_block("oa.duty_phone", home.duty_phone_block)
        # The generic task page links a notice review to the notice.
        register_subject_link("oa", _subject)
        # manage.py load_demo: issuing organs and documents in every state.
        register_demo_loader("oa", _demo, order=40)
        # Cabinets, folders and files; laws, periodicals, library documents, bulletins.
        register_demo_loader("oa-files", _demo_files, order=41)
        # Meeting rooms, staff calendars of the current month, meetings with replies.
        register_demo_loader("oa_calendar", _demo_calendar, order=41)
        # The audit history shows a repeat rule in Chinese, not its RFC 5545 code.
        register_value_labels("oa.CalendarEvent.rrule", RruleLabels())
        register_demo_loader("oa-mail", _demo_mail, order=41)
        # 督办 items in every state (after the documents, 收文 and meetings) and archived documents.
        register_demo_loader("oa-supervision", _demo_supervision, order=42)
        # manage.py generate_data: 发文 in every state with 发文字号, and 收文 (100,000 发文 at
        # the large scale).
        from platform_core.generate_data import register_generator

        register_generator("oa_documents", _generate, order=40)
        # 公共通讯录: the pinyin of a staff member's name is computed whenever they are saved.
        from django.db.models.signals import post_save

        from platform_core.models import User

        post_save.connect(_contact_on_save, sender=User, dispatch_uid="oa_contact_pinyin")
