"""App config for agencies, users and roles."""

from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "xxgk.agencies"
    label = "agencies"
    verbose_name = "机关与用户"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from . import permissions  # noqa: F401  (registers the role rules with the policy)
        from .selectors import forget_agency_memo

        post_save.connect(forget_agency_memo, sender="agencies.Agency", dispatch_uid="xxgk_agency_memo")
