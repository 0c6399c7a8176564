"""App config for the shared platform plumbing."""

from django.apps import AppConfig


class PlatformConfig(AppConfig):
    name = "xxgk.platform"
    label = "platform"
    verbose_name = "平台"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import pagecache, signals  # noqa: F401  (connect the page-cache and login audit receivers)

        post_migrate.connect(seed_calendar, sender=self, dispatch_uid="xxgk_seed_calendar")


def seed_calendar(sender, using="default", **kwargs) -> None:
    """After migrate (and test flushes), store the holiday years chinese-calendar knows and we lack."""
    from django.utils import timezone

    from .services import calendar_seed_from_package

    calendar_seed_from_package(at=timezone.now())
