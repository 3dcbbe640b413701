from django.urls import path

from ..views import oidc

urlpatterns = [
    path("office/sso/clients/", oidc.client_list, name="oidc_client_list"),
    path("office/sso/clients/new/", oidc.client_create, name="oidc_client_create"),
    path("office/sso/clients/<int:pk>/edit/", oidc.client_edit, name="oidc_client_edit"),
]
