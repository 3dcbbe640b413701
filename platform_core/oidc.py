"""django-oauth-toolkit's validator with the county's rules (see services/oidc.py)."""

from __future__ import annotations

from oauth2_provider.oauth2_validators import OAuth2Validator

from .services import oidc as oidc_services


class EgovOAuth2Validator(OAuth2Validator):
    # Our claims and the scope that releases each.
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "unit": "unit",
        "posts": "posts",
        "roles": "roles",
    }

    def get_additional_claims(self, request):
        return oidc_services.claims_for(request.user)

    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        # A code is exchanged only while its account may still use the client (audience kept
        # apart, client active): the authorisation page checks it first; this is the backstop.
        if not super().validate_code(client_id, code, client, request, *args, **kwargs):
            return False
        return oidc_services.may_authorise(request.user, client)

    def validate_bearer_token(self, token, scopes, request):
        if not super().validate_bearer_token(token, scopes, request):
            return False
        return oidc_services.may_authorise(request.user, request.client)
