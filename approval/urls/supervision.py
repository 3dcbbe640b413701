"""E-supervision back office under /office/approval/supervision/ (namespace "supervision")."""

from django.urls import path

from approval.views import supervision as views

app_name = "supervision"

urlpatterns = [
    path("office/approval/supervision/", views.dashboard, name="dashboard"),
    path("office/approval/supervision/data.json", views.dashboard_data, name="data"),
    path("office/approval/supervision/cases/", views.cases, name="cases"),
    path("office/approval/supervision/performance/", views.performance, name="performance"),
    path(
        "office/approval/supervision/performance/report.pdf",
        views.performance_pdf,
        name="performance_pdf",
    ),
    path(
        "office/approval/supervision/performance/report.xlsx",
        views.performance_xlsx,
        name="performance_xlsx",
    ),
    path("office/approval/supervision/rules/", views.rules, name="rules"),
    path("office/approval/supervision/cards/", views.cards, name="cards"),
    path("office/approval/supervision/cards/<int:pk>/clear/", views.card_clear, name="card_clear"),
    path("office/approval/supervision/export/", views.export_problems, name="export"),
    path("office/approval/supervision/fees/<str:number>/", views.fee_record, name="fee_record"),
    path(
        "office/approval/supervision/export/<int:pk>/resend/",
        views.export_resend,
        name="export_resend",
    ),
]
