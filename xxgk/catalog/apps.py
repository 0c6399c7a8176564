"""App config for proactive disclosure."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "xxgk.catalog"
    label = "catalog"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import permissions, sweeps, todos  # noqa: F401  (register rules, sweep and 待办)

        post_migrate.connect(seed_areas, sender=self, dispatch_uid="xxgk_seed_catalog_areas")


def seed_areas(sender, **kwargs) -> None:
    """After migrate (and test flushes), make sure the 26 pilot areas exist."""
    from .services.standard import catalog_areas_seed

    catalog_areas_seed()
