from django.urls import path

from ..views import documents, receipts

app_name = "oa"

D = "office/oa/documents/<int:pk>/"

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
]
