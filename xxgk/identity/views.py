"""Sign-in through the provider, the landing page after any login, and logout that ends both sessions."""

from django.conf import settings
from django.contrib.auth import logout
from django.http import Http404, HttpResponseRedirect
from django.views.decorators.http import require_POST
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from xxgk.platform.policy import can

from .backends import provider_logout_url


class ProviderSignInView(OIDCAuthenticationRequestView):
    """Start the 统一身份认证 sign-in; there is nothing here when no provider is configured."""

    def get(self, request):
        if not settings.XXGK_OIDC_ENABLED:
            raise Http404
        return super().get(request)


def after_login(request):
    """Send staff to the workspace and the public to their own page."""
    if can(request.user, "workspace.enter"):
        return HttpResponseRedirect("/workspace/")
    if request.user.is_authenticated:
        return HttpResponseRedirect("/accounts/me/")
    return HttpResponseRedirect("/workspace/login/")


@require_POST
def sign_out(request):
    """Log out here and, for a provider session, at the provider too (RP-initiated logout)."""
    target = provider_logout_url(request) if request.session.get("oidc_id_token") else None
    logout(request)
    return HttpResponseRedirect(target or "/")
