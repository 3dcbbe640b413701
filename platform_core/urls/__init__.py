"""URLs of the support platform, one module per area, all in the `platform_core` namespace."""

from . import (
    audit,
    citizen,
    divisions,
    dynforms,
    inbox,
    notifications,
    office,
    oidc,
    org,
    richtext,
    routes,
    staff_auth,
    verification,
    workflow,
)

app_name = "platform_core"

urlpatterns = [
    *office.urlpatterns,  # /office/ shell, display preferences
    *staff_auth.urlpatterns,  # /office/login/, logout, password change
    *citizen.urlpatterns,  # /accounts/: citizen SMS login and registration, "my" page
    *org.urlpatterns,  # /office/org/: units, people, posts, calendar
    *audit.urlpatterns,  # /office/audit/: login log and change history
    *notifications.urlpatterns,  # notification lists, outbox failures
    *dynforms.urlpatterns,  # /office/forms/: form builder; /forms/: submissions and their files
    *routes.urlpatterns,  # /office/routes/: fixed-route designer, graph, BPMN/XPDL
    *inbox.urlpatterns,  # /office/inbox/: the unified to-do inbox (待办事宜)
    *workflow.urlpatterns,  # /office/cases/, /office/tasks/: running cases and their tasks
    *richtext.urlpatterns,  # /office/richtext/clean/: pasted HTML cleaned for the editor
    *oidc.urlpatterns,  # /office/sso/clients/: single sign-on client registration
    *divisions.urlpatterns,  # /divisions/<code>/children/: cascading region selects (JSON)
    *verification.urlpatterns,  # /service/verify/<number>/: public check of issued documents
]
