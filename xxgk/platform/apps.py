"""App config for the shared platform plumbing."""

from django.apps import AppConfig


class PlatformConfig(AppConfig):
    name = "xxgk.platform"
    label = "platform"
    verbose_name = "平台"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the login audit receivers)
