"""URLs of the processing half after acceptance (appended to approval/urls/__init__.py)."""

from django.urls import path

from approval.views import decision

urlpatterns = [
    path("office/approval/handling/", decision.handling_list, name="handling_list"),
    path(
        "office/approval/handling/<str:number>/", decision.handling_detail, name="handling_detail"
    ),
    path(
        "office/approval/handling/<str:number>/<slug:action>/",
        decision.handling_action,
        name="handling_action",
    ),
    path("service/my/applications/<str:number>/rate/", decision.my_rate, name="my_rate"),
]
