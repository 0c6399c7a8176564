"""Claims of the test provider's users, from the test's PROVIDER_CLAIMS (username -> claims)."""

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = None  # every configured claim goes out with every scope

    def get_additional_claims(self, request):
        return dict(settings.PROVIDER_CLAIMS.get(request.user.username, {}))
