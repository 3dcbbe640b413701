"""URLs of the investment-promotion channel (招商引资), included by portal/urls/__init__.py
(namespace "portal"): the back office's projects and trade warnings, and the public
consultation form."""

from django.urls import path

from portal.investment import views

urlpatterns = [
    path("office/portal/investment/", views.project_list, name="investment_projects"),
    path(
        "office/portal/investment/projects/new/", views.project_new, name="investment_project_new"
    ),
    path(
        "office/portal/investment/projects/<int:pk>/edit/",
        views.project_edit,
        name="investment_project_edit",
    ),
    path("office/portal/investment/warnings/", views.warning_list, name="investment_warnings"),
    path(
        "office/portal/investment/warnings/new/",
        views.warning_new,
        name="investment_warning_new",
    ),
    path(
        "office/portal/investment/warnings/<int:pk>/edit/",
        views.warning_edit,
        name="investment_warning_edit",
    ),
    path("invest/consult/", views.consult, name="investment_consult"),
    path("invest/consult/done/", views.consult_done, name="investment_consult_done"),
]
