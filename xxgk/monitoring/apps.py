"""App config for channel monitoring and 报送/采用."""

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "xxgk.monitoring"
    label = "monitoring"
    verbose_name = "渠道监测"

    def ready(self) -> None:
        from . import permissions, sweeps  # noqa: F401  (register rules and the daily check)
