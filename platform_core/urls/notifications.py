from django.urls import path

from ..views import notifications as views

urlpatterns = [
    # Citizens, on the portal.
    path("accounts/notifications/", views.citizen_notifications, name="citizen_notifications"),
    path(
        "accounts/notifications/read-all/",
        views.citizen_notifications_read_all,
        name="citizen_notifications_read_all",
    ),
    path(
        "accounts/notifications/<int:pk>/read/",
        views.citizen_notification_read,
        name="citizen_notification_read",
    ),
    # Staff, in the back office.
    path("office/notifications/", views.office_notifications, name="office_notifications"),
    path(
        "office/notifications/read-all/",
        views.office_notifications_read_all,
        name="office_notifications_read_all",
    ),
    path(
        "office/notifications/<int:pk>/read/",
        views.office_notification_read,
        name="office_notification_read",
    ),
    # Administrators: SMS and e-mail that failed for good.
    path("office/outbox/", views.outbox_failure_list, name="outbox_failures"),
    path("office/outbox/<int:pk>/resend/", views.outbox_resend, name="outbox_resend"),
]
