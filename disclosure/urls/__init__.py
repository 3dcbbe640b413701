from django.urls import path

from ..views import columns, office, public, reports, requests

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
    # Disclosure on request (依申请公开).
    path("office/disclosure/requests/", requests.request_list, name="requests"),
    path("office/disclosure/requests/new/", requests.request_new, name="request_new"),
    path("office/disclosure/requests/<int:pk>/", requests.request_page, name="request_detail"),
    path(
        "office/disclosure/requests/<int:pk>/letters/<int:letter_pk>/",
        requests.request_letter_pdf,
        name="request_letter",
    ),
    path(
        "office/disclosure/requests/<int:pk>/files/<int:file_pk>/",
        requests.request_file,
        name="request_file",
    ),
    path(
        "office/disclosure/requests/<int:pk>/<slug:action>/",
        requests.request_action,
        name="request_action",
    ),
    # Annual report (年度报告).
    path("office/disclosure/reports/", reports.report_list, name="reports"),
    path("office/disclosure/reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("office/disclosure/reports/<int:pk>/submit/", reports.report_submit, name="report_submit"),
    path("office/disclosure/reports/<int:pk>/pdf/", reports.report_pdf, name="report_pdf"),
    # The citizen's side (dynamic pages beside the published /xxgk/ channel).
    path("ysqgk/", public.apply, name="apply"),
    path("ysqgk/lookup/", public.lookup, name="lookup"),
    path(
        "ysqgk/lookup/<str:number>/letters/<int:letter_pk>/",
        public.lookup_letter,
        name="lookup_letter",
    ),
    path("ysqgk/lookup/<str:number>/files/<int:file_pk>/", public.lookup_file, name="lookup_file"),
    path("ysqgk/mine/", public.my_requests, name="my_requests"),
    path("ysqgk/mine/<str:number>/", public.my_request, name="my_request"),
    path("ysqgk/mine/<str:number>/answer/", public.my_answer, name="my_answer"),
    path("ysqgk/mine/<str:number>/rate/", public.my_rate, name="my_rate"),
    path("ysqgk/mine/<str:number>/withdraw/", public.my_withdraw, name="my_withdraw"),
    path("ysqgk/mine/<str:number>/letters/<int:letter_pk>/", public.my_letter, name="my_letter"),
    path("ysqgk/mine/<str:number>/files/<int:file_pk>/", public.my_file, name="my_file"),
]
