from django.urls import path

from ..views import documents, duty, notices, receipts, sms

app_name = "oa"

D = "office/oa/documents/<int:pk>/"
N = "office/oa/notices/<int:pk>/"
S = "office/oa/duty/shifts/<int:pk>/"

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
    path(S + "swap/", duty.swap_request, name="duty_swap_request"),
    path(S + "handover/", duty.shift_handover, name="duty_handover"),
    path(S + "takeover/", duty.shift_take_over, name="duty_take_over"),
    path("office/oa/duty/swaps/", duty.swap_list, name="duty_swaps"),
    path("office/oa/duty/swaps/<int:pk>/decide/", duty.swap_decide, name="duty_swap_decide"),
]
