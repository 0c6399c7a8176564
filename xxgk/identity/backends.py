"""Authentication backends: the OIDC relying party, and password login that can be switched off per user kind."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.shortcuts import resolve_url
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from xxgk.agencies.selectors import user_grants

from .services import ExternalLoginRefused, external_sign_in, external_sign_in_refused


class PasswordBackend(ModelBackend):
    """Username and password, unless switched off for the user's kind (staff or applicant)."""

    def user_can_authenticate(self, user) -> bool:
        if not super().user_can_authenticate(user):
            return False
        kind = "staff" if user_grants(user) else "applicant"
        return settings.XXGK_PASSWORD_LOGIN.get(kind, True)


class ProviderBackend(OIDCAuthenticationBackend):
    """Sign in through the 统一身份认证 provider; roles always come from xxgk's own memberships."""

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        try:
            return external_sign_in(claims=claims, at=timezone.now(), request=self.request)
        except ExternalLoginRefused as exc:
            external_sign_in_refused(reason=exc.message, at=timezone.now(), request=self.request)
            messages.error(self.request, exc.message)
            return None

    def get_userinfo(self, access_token, id_token, payload):
        if not self.OIDC_OP_USER_ENDPOINT:
            return {}
        return super().get_userinfo(access_token, id_token, payload)


def provider_logout_url(request) -> str:
    """Return the provider's end-session URL (RP-initiated logout), so signing out ends both sessions."""
    endpoint = settings.XXGK_OIDC_END_SESSION_ENDPOINT
    target = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL or "/"))
    if not endpoint:
        return target
    params = {"post_logout_redirect_uri": target, "client_id": settings.OIDC_RP_CLIENT_ID}
    if request.session.get("oidc_id_token"):
        params["id_token_hint"] = request.session["oidc_id_token"]
    return f"{endpoint}?{urlencode(params)}"
