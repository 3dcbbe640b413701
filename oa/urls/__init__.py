from django.urls import path

from ..views import calendar, documents, meetings, receipts

app_name = "oa"

D = "office/oa/documents/<int:pk>/"
M = "office/oa/meetings/<int:pk>/"

urlpatterns = [
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
]
