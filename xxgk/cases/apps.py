"""App config for disclosure-on-application cases."""

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "xxgk.cases"
    label = "cases"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from . import permissions, receivers, sweeps, todos  # noqa: F401  (register rules, signal, sweep, 待办)
