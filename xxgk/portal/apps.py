"""App config for the public portal."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "xxgk.portal"
    label = "portal"
    verbose_name = "门户"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (register the 政务服务 rule)
