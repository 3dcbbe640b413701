"""/api/open311/v2/: GeoReport v2 endpoints, in JSON (described in the OpenAPI schema) and the
same in XML (GeoReport's other format, left out of the schema)."""

from django.urls import path
from drf_spectacular.utils import extend_schema

from . import views

app_name = "open311"


def _xml(view):
    return extend_schema(exclude=True)(type(f"{view.__name__}Xml", (view,), {"fmt": "xml"}))


urlpatterns = [
    path("services.json", views.ServiceListView.as_view(), name="services"),
    path("services.xml", _xml(views.ServiceListView).as_view(), name="services_xml"),
    path(
        "services/<str:service_code>.json",
        views.ServiceDefinitionView.as_view(),
        name="service",
    ),
    path(
        "services/<str:service_code>.xml",
        _xml(views.ServiceDefinitionView).as_view(),
        name="service_xml",
    ),
    path("requests.json", views.RequestListView.as_view(), name="requests"),
    path("requests.xml", _xml(views.RequestListView).as_view(), name="requests_xml"),
    path(
        "requests/<str:service_request_id>.json",
        views.RequestDetailView.as_view(),
        name="request",
    ),
    path(
        "requests/<str:service_request_id>.xml",
        _xml(views.RequestDetailView).as_view(),
        name="request_xml",
    ),
    path("sms_code.json", views.SmsCodeView.as_view(), name="sms_code"),
]
