"""App config for agencies, users and roles."""

from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "xxgk.agencies"
    label = "agencies"
    verbose_name = "机关与用户"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the role rules with the policy)
