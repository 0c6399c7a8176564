"""App config for search."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "xxgk.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (publishing and withdrawing reach the index through the worker)
