"""App config for the public portal."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "xxgk.portal"
    label = "portal"
    verbose_name = "门户"
