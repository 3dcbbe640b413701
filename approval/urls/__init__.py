"""Public service hall under /service/, the acceptance desk under /office/approval/."""

from django.urls import path

from approval.views import office, public, results
from platform_core.views import verification

app_name = "approval"

urlpatterns = [
    # Public (网上办事大厅)
    path("service/", public.hall, name="hall"),
    path("service/items/<slug:code>/", public.guide, name="guide"),
    path("service/items/<slug:code>/guide.pdf", public.guide_pdf_view, name="guide_pdf"),
    path("service/items/<slug:code>/apply/", public.apply, name="apply"),
    path("service/items/<slug:code>/confirm/", public.confirm, name="confirm"),
    path("service/progress/", public.progress_lookup, name="progress"),
    path("service/results/", results.results, name="results"),  # 办件结果公示
    # The platform's document check (also platform_core:verify); this name stays for old links.
    path("service/verify/<str:number>/", verification.verify, name="verify"),
    path("service/my/applications/", public.my_list, name="my_list"),
    path("service/my/applications/<str:number>/", public.my_detail, name="my_detail"),
    path("service/my/applications/<str:number>/resubmit/", public.resubmit, name="resubmit"),
    path(
        "service/my/applications/<str:number>/notices/<str:notice_number>.pdf",
        public.my_notice_pdf,
        name="my_notice_pdf",
    ),
    # Back office (受理)
    path("office/approval/", office.office_home, name="office_home"),
    path("office/approval/counter/", office.counter_items, name="counter_items"),
    path("office/approval/counter/<slug:code>/", office.counter_register, name="counter_register"),
    path(
        "office/approval/applications/<str:number>/",
        office.application_detail,
        name="office_detail",
    ),
    path(
        "office/approval/applications/<str:number>/files/<int:pk>/",
        office.office_file,
        name="office_file",
    ),
    path(
        "office/approval/applications/<str:number>/<str:action>/",
        office.application_decide,
        name="office_decide",
    ),
    path(
        "office/approval/applications/<str:number>/notices/<str:notice_number>.pdf",
        office.office_notice_pdf,
        name="office_notice_pdf",
    ),
]

from approval.urls.catalogue import urlpatterns as _catalogue_urlpatterns  # noqa: E402
from approval.urls.decision import urlpatterns as _decision_urlpatterns  # noqa: E402

urlpatterns += _decision_urlpatterns
urlpatterns += _catalogue_urlpatterns
