"""App config for annual reports."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "xxgk.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self) -> None:
        from . import permissions, sweeps  # noqa: F401  (register rules and the reminder sweep)
