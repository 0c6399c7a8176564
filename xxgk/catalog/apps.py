"""App config for proactive disclosure."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "xxgk.catalog"
    label = "catalog"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from . import permissions, sweeps, todos  # noqa: F401  (register rules, sweep and 待办)
