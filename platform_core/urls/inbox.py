from django.urls import path

from ..views import inbox as views

urlpatterns = [
    path("office/inbox/", views.inbox, name="inbox"),
    path("office/inbox/read/", views.inbox_mark_read, name="inbox_mark_read"),
    path("office/inbox/claim/", views.inbox_claim_selected, name="inbox_claim"),
    path("office/inbox/reading/<int:pk>/", views.reading_open, name="inbox_reading_open"),
]
