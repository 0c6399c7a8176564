"""App config for public interaction: 信箱, 意见征集, 问卷调查, 在线访谈."""

from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "xxgk.interaction"
    label = "interaction"
    verbose_name = "政务互动"

    def ready(self) -> None:
        from . import permissions, sweeps, todos  # noqa: F401  (register rules, sweeps and 待办)
