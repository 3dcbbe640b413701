from django.urls import path

from ..views import contacts, documents, mail, receipts

app_name = "oa"

D = "office/oa/documents/<int:pk>/"
M = "office/oa/mail/"

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
    # 我的公务邮箱
    path(M, mail.mail_list, name="mail_inbox"),
    path(M + "box/<str:box>/", mail.mail_list, name="mail_box"),
    path(M + "folder/<int:folder_id>/", mail.mail_list, name="mail_folder"),
    path(M + "compose/", mail.mail_compose, name="mail_compose"),
    path(M + "bulk/", mail.mail_bulk, name="mail_bulk"),
    path(M + "trash/empty/", mail.trash_empty, name="mail_trash_empty"),
    path(M + "folders/", mail.folders, name="mail_folders"),
    path(M + "folders/<int:pk>/rename/", mail.folder_rename, name="mail_folder_rename"),
    path(M + "folders/<int:pk>/delete/", mail.folder_delete, name="mail_folder_delete"),
    path(M + "<int:pk>/", mail.mail_detail, name="mail_detail"),
    path(M + "<int:pk>/edit/", mail.mail_draft, name="mail_draft"),
    path(
        M + "<int:pk>/attachments/<int:attachment_pk>/remove/",
        mail.attachment_remove,
        name="mail_attachment_remove",
    ),
    path(
        M + "messages/<int:message_pk>/attachments/<int:pk>/",
        mail.attachment_download,
        name="mail_attachment",
    ),
    # 公共通讯录
    path("office/oa/contacts/", contacts.contact_list, name="contacts"),
    path("office/oa/contacts/export.xlsx", contacts.contact_export_xlsx, name="contacts_xlsx"),
    path("office/oa/contacts/export.vcf", contacts.contact_export_vcf, name="contacts_vcf"),
    path("office/oa/contacts/me/", contacts.contact_settings, name="contact_settings"),
]
