"""App config for the staff workspace."""

from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "xxgk.workspace"
    label = "workspace"
    verbose_name = "工作台"

    def ready(self) -> None:
        from . import todos  # noqa: F401  (registers the foundation's 待办 provider)
