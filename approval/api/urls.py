"""/api/: items, applications and their events; the OpenAPI 3 schema at /api/schema/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from approval.api.views import ApplicationViewSet, ItemViewSet

app_name = "api"

router = SimpleRouter()
router.register("items", ItemViewSet, basename="item")
router.register("applications", ApplicationViewSet, basename="application")

urlpatterns = [
    # The schema is public on purpose: it describes the interface, not data.
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[]),
        name="schema",
    ),
    *router.urls,
]
