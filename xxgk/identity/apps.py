"""App config for external sign-in (统一身份认证 over OpenID Connect)."""

from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "xxgk.identity"
    label = "identity"
    verbose_name = "统一身份认证"
