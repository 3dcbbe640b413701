"""Catalogue back office (事项管理) under /office/approval/items/, in the "approval" namespace."""

from django.urls import path

from approval.views import catalogue as views

urlpatterns = [
    path("office/approval/items/", views.items_list, name="items"),
    path("office/approval/items/new/", views.item_create, name="item_create"),
    path("office/approval/items/import/", views.items_import, name="items_import"),
    path(
        "office/approval/items/export.xlsx",
        views.items_export,
        {"fmt": "xlsx"},
        name="items_export_xlsx",
    ),
    path(
        "office/approval/items/export.json",
        views.items_export,
        {"fmt": "json"},
        name="items_export_json",
    ),
    path("office/approval/items/<int:pk>/", views.item_detail, name="item_detail"),
    path("office/approval/items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path(
        "office/approval/items/<int:pk>/new-version/",
        views.item_new_version,
        name="item_new_version",
    ),
    path("office/approval/items/<int:pk>/copy/", views.item_copy, name="item_copy"),
    path("office/approval/items/<int:pk>/retire/", views.item_retire, name="item_retire"),
    path("office/approval/items/<int:pk>/submit/", views.item_submit, name="item_submit"),
    path("office/approval/item-reviews/<int:pk>/", views.item_review_page, name="item_review"),
    path(
        "office/approval/item-reviews/<int:pk>/withdraw/",
        views.review_withdraw,
        name="item_review_withdraw",
    ),
]
