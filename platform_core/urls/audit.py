from django.urls import path

from ..views import audit

# Read-only on purpose: the audit log has no edit or delete pages (the tables are append-only).
urlpatterns = [
    path("office/audit/logins/", audit.audit_logins, name="audit_logins"),
    path("office/audit/changes/", audit.audit_changes, name="audit_changes"),
]
