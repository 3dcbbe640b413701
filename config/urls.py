from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from platform_core.views import api_docs

admin.site.site_header = _("电子政务系统管理后台")
admin.site.site_title = _("电子政务系统")
admin.site.index_title = _("系统管理")

urlpatterns = [
    path("admin/", admin.site.urls),
    # OpenID Connect provider (统一身份认证): /o/authorize/, /o/token/, /o/userinfo/, JWKS, logout.
    path("o/", include("platform_core.urls.oidc_provider")),
    path("", include("platform_core.urls")),
    path("", include("approval.urls")),  # /service/ (public hall), /office/approval/
    path("", include("approval.urls.supervision")),  # /office/approval/supervision/ (电子监察)
    path("api/", api_docs.api_index, name="api_index"),  # what the API offers, in JSON
    path("api/docs/", api_docs.api_docs, name="api_docs"),  # its documentation, in Chinese
    # Open311 GeoReport v2 for 政民互动 (third-party apps, city dashboards)
    path("api/open311/v2/", include("interaction.api.urls")),
    path("api/", include("approval.api.urls")),  # REST API for other government systems
    path("", include("disclosure.urls")),  # /xxgk/ requests, /office/disclosure/ (信息公开)
    # oa (协同办公): /office/oa/ (before the portal, whose last pattern catches every path)
    path("", include("oa.urls")),
    # interaction (政民互动): before the portal, whose catch-all serves published pages.
    path("", include("interaction.urls")),  # /zmhd/ (public), /office/interaction/
    path("", include("portal.urls")),
]

handler400 = "platform_core.views.errors.bad_request"
handler403 = "platform_core.views.errors.permission_denied"
handler404 = "platform_core.views.errors.page_not_found"
handler500 = "platform_core.views.errors.server_error"
