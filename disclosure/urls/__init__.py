from django.urls import path

from ..views import columns, office

app_name = "disclosure"

urlpatterns = [
    path("office/disclosure/", office.office_home, name="office_home"),
    path("office/disclosure/due/", office.dashboard, name="dashboard"),
    path("office/disclosure/items/new/", office.item_new, name="item_new"),
    path("office/disclosure/items/<int:pk>/", office.item_detail, name="item_detail"),
    path("office/disclosure/items/<int:pk>/edit/", office.item_edit, name="item_edit"),
    path("office/disclosure/items/<int:pk>/submit/", office.item_submit, name="item_submit"),
    path("office/disclosure/items/<int:pk>/check/", office.item_check, name="item_check"),
    path("office/disclosure/items/<int:pk>/review/", office.item_review, name="item_review"),
    path(
        "office/disclosure/items/<int:pk>/findings/<int:finding_pk>/override/",
        office.finding_override,
        name="finding_override",
    ),
    path(
        "office/disclosure/items/<int:pk>/attachments/",
        office.attachment_add,
        name="attachment_add",
    ),
    path(
        "office/disclosure/items/<int:pk>/attachments/<int:attachment_pk>/delete/",
        office.attachment_remove,
        name="attachment_remove",
    ),
    path("office/disclosure/items/<int:pk>/validity/", office.item_validity, name="item_validity"),
    path("office/disclosure/items/<int:pk>/withdraw/", office.item_withdraw, name="item_withdraw"),
    path("office/disclosure/items/<int:pk>/link/", office.item_link, name="item_link"),
    path("office/disclosure/columns/", columns.column_list, name="columns"),
    path("office/disclosure/columns/new/", columns.column_new, name="column_new"),
    path("office/disclosure/columns/<int:pk>/", columns.column_edit, name="column_edit"),
    path("office/disclosure/cards/<int:pk>/clear/", columns.card_clear, name="card_clear"),
]
