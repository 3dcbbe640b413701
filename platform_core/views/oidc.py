"""Single sign-on (统一身份认证): the provider's pages and the client registration pages.

The protocol endpoints are django-oauth-toolkit's views, wrapped so that the signing keys in the
database are loaded first; the authorisation page also keeps staff and citizen accounts apart.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from oauth2_provider.models import get_application_model
from oauth2_provider.views import AuthorizationView

from ..constants import UserKind
from ..decorators import office_permission_required
from ..forms.oidc import OidcClientForm
from ..models import OidcClient
from ..services import oidc as oidc_services
from .common import error_response


def with_signing_keys(view):
    """Load the current and previous signing keys before a protocol view runs."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        oidc_services.signing_keys_load()
        return view(request, *args, **kwargs)

    return wrapper


def _application_of(request):
    client_id = request.GET.get("client_id") or request.POST.get("client_id")
    if not client_id:
        return None
    return get_application_model().objects.filter(client_id=client_id).first()


class EgovAuthorizationView(AuthorizationView):
    """授权登录: the login page of the client's audience, then the audience check, then consent
    (skipped for the clients the system administrator marked as trusted)."""

    template_name = "platform_core/oidc/authorize.html"

    def get_login_url(self):
        return oidc_services.login_url_for(_application_of(self.request))

    def dispatch(self, request, *args, **kwargs):
        application = _application_of(request)
        if (
            request.user.is_authenticated
            and application is not None
            and not oidc_services.may_authorise(request.user, application)
        ):
            client = oidc_services.client_for(application)
            if client is not None and client.audience == UserKind.STAFF:
                message = _("该系统仅供工作人员使用，公众用户账号不能登录。")
            elif client is not None and client.audience == UserKind.CITIZEN:
                message = _("该系统面向公众用户，请使用公众用户账号登录。")
            else:
                message = _("该系统未登记或已停用，不能通过统一身份认证登录。")
            return error_response(request, 403, _("不能登录该系统"), message)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        client = oidc_services.client_for(kwargs.get("application"))
        if client is not None and client.audience == UserKind.CITIZEN:
            context["base_template"] = "base_portal.html"
        return context


# --- Client registration (system administrator) ---------------------------------------------

NEW_CLIENT_SESSION_KEY = "oidc_new_client"


@office_permission_required("platform_core.manage_oidcclient")
def client_list(request):
    clients = OidcClient.objects.select_related("application").order_by("id")
    return render(request, "platform_core/oidc/client_list.html", {"clients": clients})


@office_permission_required("platform_core.manage_oidcclient")
@require_http_methods(["GET", "POST"])
def client_create(request):
    form = OidcClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client, secret = oidc_services.client_register(by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Shown once on the next page (post/redirect/get: a reload registers nothing twice).
            request.session[NEW_CLIENT_SESSION_KEY] = [client.pk, secret]
            messages.success(request, _("接入系统已登记。"))
            return redirect("platform_core:oidc_client_edit", client.pk)
    return render(request, "platform_core/oidc/client_form.html", {"form": form, "client": None})


@office_permission_required("platform_core.manage_oidcclient")
@require_http_methods(["GET", "POST"])
def client_edit(request, pk: int):
    client = get_object_or_404(OidcClient.objects.select_related("application"), pk=pk)
    app = client.application
    initial = {
        "name": app.name,
        "redirect_uris": "\n".join(app.redirect_uris.split()),
        "post_logout_redirect_uris": "\n".join(app.post_logout_redirect_uris.split()),
        "skip_authorization": app.skip_authorization,
        "backchannel_logout_uri": client.backchannel_logout_uri,
        "owner_unit_name": client.owner_unit_name,
        "contact": client.contact,
        "is_active": client.is_active,
    }
    form = OidcClientForm(request.POST or None, initial=initial, editing=True)
    secret = ""
    new = request.session.get(NEW_CLIENT_SESSION_KEY)
    if request.method == "GET" and new and new[0] == client.pk:
        secret = new[1]
        del request.session[NEW_CLIENT_SESSION_KEY]
    if request.method == "POST" and form.is_valid():
        try:
            oidc_services.client_update(client, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("platform_core:oidc_client_list")
    return render(
        request,
        "platform_core/oidc/client_form.html",
        {"form": form, "client": client, "secret": secret},
    )
