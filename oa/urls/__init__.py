from django.urls import path

from ..views import (
    calendar,
    contacts,
    documents,
    duty,
    files,
    home,
    incoming,
    mail,
    meetings,
    notices,
    receipts,
    resources,
    sms,
    supervision,
)

app_name = "oa"

D = "office/oa/documents/<int:pk>/"
C = "office/oa/files/cabinets/<int:pk>/"
FO = "office/oa/files/folders/<int:pk>/"
F = "office/oa/files/<int:pk>/"
R = "office/oa/resources/<slug:library>/"
M = "office/oa/meetings/<int:pk>/"
MAIL = "office/oa/mail/"
N = "office/oa/notices/<int:pk>/"
S = "office/oa/duty/shifts/<int:pk>/"

SV = "office/oa/supervision/<int:pk>/"

urlpatterns = [
    # 督办 and 归档
    path("office/oa/supervision/", supervision.item_list, name="supervision"),
    path("office/oa/supervision/new/", supervision.item_new, name="supervision_new"),
    path(SV, supervision.item_detail, name="supervision_detail"),
    path(SV + "progress/", supervision.item_progress, name="supervision_progress"),
    path(
        SV + "files/<int:attachment_pk>/",
        supervision.item_attachment,
        name="supervision_attachment",
    ),
    path(SV + "review/", supervision.item_review, name="supervision_review"),
    path(SV + "archive/", supervision.item_archive, name="supervision_archive"),
    path(D + "archive/", supervision.document_archive, name="document_archive"),
    path("office/oa/archive/", supervision.archive_list, name="archive"),
    path(
        "office/oa/archive/<int:pk>/package/", supervision.archive_package, name="archive_package"
    ),
    path("office/oa/", home.office_home, name="office_home"),  # 协同办公: the tools
    path("office/oa/documents/", documents.document_list, name="documents"),
    path("office/oa/documents/new/", documents.document_new, name="document_new"),
    path(D, documents.document_detail, name="document_detail"),
    path(D + "edit/", documents.document_edit, name="document_edit"),
    path(D + "import/", documents.document_import, name="document_import"),
    path(D + "docx/", documents.document_docx, name="document_docx"),
    path(D + "pdf/", documents.document_pdf, name="document_pdf"),
    path(D + "revisions/", documents.document_revisions, name="document_revisions"),
    path(D + "revisions/decide/", documents.change_decide, name="change_decide"),
    path(D + "submit/", documents.document_submit, name="document_submit"),
    path(D + "review/", documents.document_review, name="document_review"),
    path(D + "countersign/", documents.document_countersign, name="document_countersign"),
    path(D + "signoff/", documents.document_sign_off, name="document_sign_off"),
    path(D + "return/", documents.document_return, name="document_return"),
    path(D + "dispatch/", documents.document_dispatch, name="document_dispatch"),
    path(D + "attachments/", documents.attachment_add, name="attachment_add"),
    path(
        D + "attachments/<int:attachment_pk>/",
        documents.attachment_download,
        name="attachment_download",
    ),
    path("office/oa/receipts/", receipts.receipt_list, name="receipts"),
    path("office/oa/receipts/<int:pk>/sign/", receipts.receipt_sign_view, name="receipt_sign"),
    # 收文 and 传阅 (issue 15)
    path("office/oa/incoming/", incoming.incoming_list_view, name="incoming"),
    path("office/oa/incoming/new/", incoming.incoming_new, name="incoming_new"),
    path("office/oa/incoming/<int:pk>/", incoming.incoming_detail, name="incoming_detail"),
    path(
        "office/oa/incoming/<int:pk>/propose/", incoming.incoming_propose, name="incoming_propose"
    ),
    path(
        "office/oa/incoming/<int:pk>/instruct/",
        incoming.incoming_instruct,
        name="incoming_instruct",
    ),
    path(
        "office/oa/incoming/<int:pk>/handling/<int:handling_pk>/report/",
        incoming.handling_report,
        name="incoming_handling_report",
    ),
    path(
        "office/oa/incoming/<int:pk>/conclude/",
        incoming.incoming_conclude,
        name="incoming_conclude",
    ),
    path(
        "office/oa/incoming/<int:pk>/attachments/",
        incoming.incoming_attachment,
        name="incoming_attachment",
    ),
    path(
        "office/oa/incoming/<int:pk>/attachments/<int:attachment_pk>/",
        incoming.incoming_attachment_download,
        name="incoming_attachment_download",
    ),
    path(
        "office/oa/incoming/<int:pk>/circulate/",
        incoming.circulation_start,
        name="incoming_circulate",
    ),
    path(
        "office/oa/incoming/<int:pk>/read/<int:entry_pk>/",
        incoming.circulation_read,
        name="incoming_read",
    ),
    path(
        "office/oa/incoming/<int:pk>/recall/<int:circulation_pk>/",
        incoming.circulation_recall,
        name="incoming_recall",
    ),
    # 文件中心
    path("office/oa/files/", files.files_home, name="files"),
    path("office/oa/files/search/", files.files_search, name="files_search"),
    path("office/oa/files/shared/", files.files_shared, name="files_shared"),
    path(C, files.cabinet_view, name="files_cabinet"),
    path(C + "upload/", files.file_upload, name="files_upload"),
    path(C + "folders/new/", files.folder_new, name="files_folder_new"),
    path(C + "bin/", files.cabinet_bin, name="files_bin"),
    path(C + "share/", files.cabinet_share, name="files_cabinet_share"),
    path(FO, files.folder_view, name="files_folder"),
    path(FO + "rename/", files.folder_rename, name="files_folder_rename"),
    path(FO + "move/", files.folder_move, name="files_folder_move"),
    path(FO + "delete/", files.folder_delete, name="files_folder_delete"),
    path(FO + "restore/", files.folder_restore, name="files_folder_restore"),
    path(FO + "purge/", files.folder_purge, name="files_folder_purge"),
    path(FO + "share/", files.folder_share, name="files_folder_share"),
    path(F, files.entry_detail, name="files_entry"),
    path(F + "download/", files.entry_download, name="files_download"),
    path(F + "versions/", files.entry_version, name="files_version"),
    path(
        F + "versions/<int:number>/download/",
        files.version_download,
        name="files_version_download",
    ),
    path(
        F + "versions/<int:number>/restore/",
        files.version_restore,
        name="files_version_restore",
    ),
    path(F + "rename/", files.entry_rename, name="files_rename"),
    path(F + "move/", files.entry_move, name="files_move"),
    path(F + "delete/", files.entry_delete, name="files_delete"),
    path(F + "restore/", files.entry_restore, name="files_restore"),
    path(F + "purge/", files.entry_purge, name="files_purge"),
    path(F + "share/", files.entry_share, name="files_entry_share"),
    path("office/oa/files/grants/<int:pk>/delete/", files.grant_delete, name="files_grant_delete"),
    # 公共资源
    path("office/oa/resources/", resources.resources_home, name="resources"),
    path(R, resources.entry_list, name="resource_list"),
    path(R + "new/", resources.entry_new, name="resource_new"),
    path(R + "<int:pk>/", resources.entry_detail, name="resource_detail"),
    path(R + "<int:pk>/edit/", resources.entry_edit, name="resource_edit"),
    path(R + "<int:pk>/delete/", resources.entry_delete, name="resource_delete"),
    path(R + "<int:pk>/files/", resources.file_attach, name="resource_attach"),
    path(R + "<int:pk>/files/link/", resources.file_link, name="resource_link"),
    path(
        R + "<int:pk>/files/<int:file_pk>/",
        resources.file_download,
        name="resource_file",
    ),
    path(
        R + "<int:pk>/files/<int:file_pk>/remove/",
        resources.file_remove,
        name="resource_file_remove",
    ),
    # 日程安排
    path("office/oa/calendar/", calendar.calendar_view, name="calendar"),
    path("office/oa/calendar/new/", calendar.event_new, name="event_new"),
    path("office/oa/calendar/<int:pk>/", calendar.event_detail, name="event_detail"),
    path("office/oa/calendar/<int:pk>/edit/", calendar.event_edit, name="event_edit"),
    path("office/oa/calendar/<int:pk>/delete/", calendar.event_delete, name="event_delete"),
    path("office/oa/calendar/delegations/", calendar.delegations, name="calendar_delegations"),
    path(
        "office/oa/calendar/delegations/<int:pk>/revoke/",
        calendar.delegation_revoke,
        name="calendar_delegation_revoke",
    ),
    path("office/oa/calendar/feed/", calendar.feed, name="calendar_feed"),
    # The subscription itself: no login, the private token is the secret.
    path("calendar/<str:token>.ics", calendar.ics, name="calendar_ics"),
    # 会议管理
    path("office/oa/meetings/", meetings.meeting_list_view, name="meetings"),
    path("office/oa/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("office/oa/meetings/rooms/", meetings.rooms, name="meeting_rooms"),
    path(M, meetings.meeting_detail, name="meeting_detail"),
    path(M + "send/", meetings.meeting_send, name="meeting_send"),
    path(M + "remind/", meetings.meeting_remind, name="meeting_remind"),
    path(M + "cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path(M + "reply/<int:invitee_pk>/", meetings.meeting_reply, name="meeting_reply"),
    path(M + "attachments/", meetings.attachment_add, name="meeting_attachment_add"),
    path(
        M + "attachments/<int:attachment_pk>/",
        meetings.attachment_download,
        name="meeting_attachment",
    ),
    path(M + "screen/", meetings.meeting_screen, name="meeting_screen"),
    path(M + "sign-in/<str:token>/", meetings.meeting_sign_in, name="meeting_sign_in"),
    path(M + "minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path(M + "actions/", meetings.action_item_add, name="meeting_action_add"),
    path(M + "actions/<int:item_pk>/done/", meetings.action_item_done, name="meeting_action_done"),
    # 我的公务邮箱
    path(MAIL, mail.mail_list, name="mail_inbox"),
    path(MAIL + "box/<str:box>/", mail.mail_list, name="mail_box"),
    path(MAIL + "folder/<int:folder_id>/", mail.mail_list, name="mail_folder"),
    path(MAIL + "compose/", mail.mail_compose, name="mail_compose"),
    path(MAIL + "bulk/", mail.mail_bulk, name="mail_bulk"),
    path(MAIL + "trash/empty/", mail.trash_empty, name="mail_trash_empty"),
    path(MAIL + "folders/", mail.folders, name="mail_folders"),
    path(MAIL + "quotas/", mail.quota_list, name="mail_quotas"),
    path(MAIL + "quotas/<int:pk>/", mail.quota_edit, name="mail_quota_edit"),
    path(MAIL + "folders/<int:pk>/rename/", mail.folder_rename, name="mail_folder_rename"),
    path(MAIL + "folders/<int:pk>/delete/", mail.folder_delete, name="mail_folder_delete"),
    path(MAIL + "<int:pk>/", mail.mail_detail, name="mail_detail"),
    path(MAIL + "<int:pk>/edit/", mail.mail_draft, name="mail_draft"),
    path(
        MAIL + "<int:pk>/attachments/<int:attachment_pk>/remove/",
        mail.attachment_remove,
        name="mail_attachment_remove",
    ),
    path(
        MAIL + "messages/<int:message_pk>/attachments/<int:pk>/",
        mail.attachment_download,
        name="mail_attachment",
    ),
    # 公共通讯录
    path("office/oa/contacts/", contacts.contact_list, name="contacts"),
    path("office/oa/contacts/export.xlsx", contacts.contact_export_xlsx, name="contacts_xlsx"),
    path("office/oa/contacts/export.vcf", contacts.contact_export_vcf, name="contacts_vcf"),
    path("office/oa/contacts/me/", contacts.contact_settings, name="contact_settings"),
    # 短信收发
    path("office/oa/sms/", sms.sms_threads, name="sms_threads"),
    path("office/oa/sms/new/", sms.sms_new, name="sms_new"),
    path("office/oa/sms/<int:pk>/", sms.sms_thread, name="sms_thread"),
    path("office/oa/sms/messages/<int:pk>/resend/", sms.sms_resend, name="sms_resend"),
    path("api/oa/sms/webhook/", sms.sms_webhook, name="sms_webhook"),
    # 通知公告
    path("office/oa/notices/", notices.notice_list, name="notices"),
    path("office/oa/notices/new/", notices.notice_new, name="notice_new"),
    path(N, notices.notice_detail, name="notice_detail"),
    path(N + "edit/", notices.notice_edit, name="notice_edit"),
    path(N + "submit/", notices.notice_submit, name="notice_submit"),
    path(N + "review/", notices.notice_review, name="notice_review"),
    path(N + "withdraw/", notices.notice_withdraw, name="notice_withdraw"),
    path(N + "remind/", notices.notice_remind, name="notice_remind"),
    path(N + "comments/", notices.comment_add, name="notice_comment"),
    path(
        N + "comments/<int:comment_pk>/moderate/",
        notices.comment_moderate,
        name="notice_comment_moderate",
    ),
    # 值班管理
    path("office/oa/duty/", duty.roster_list, name="duty_rosters"),
    path("office/oa/duty/new/", duty.roster_new, name="duty_roster_new"),
    path("office/oa/duty/<int:pk>/", duty.roster_detail, name="duty_roster"),
    path(S, duty.shift_detail, name="duty_shift"),
    path(S + "records/", duty.record_add, name="duty_record_add"),
    path(S + "records/<int:record_pk>/close/", duty.record_close, name="duty_record_close"),
    path(S + "swap/", duty.swap_request, name="duty_swap_request"),
    path(S + "handover/", duty.shift_handover, name="duty_handover"),
    path(S + "takeover/", duty.shift_take_over, name="duty_take_over"),
    path("office/oa/duty/swaps/", duty.swap_list, name="duty_swaps"),
    path("office/oa/duty/swaps/<int:pk>/decide/", duty.swap_decide, name="duty_swap_decide"),
]
