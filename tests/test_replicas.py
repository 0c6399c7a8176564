"""The read-replica router: anonymous portal page views read from a replica; staff, API, writes stay on the primary."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from xxgk.catalog.models import Item
from xxgk.platform import replicas
from xxgk.platform.replicas import PortalReadMiddleware, PortalReadRouter


class Staff:
    is_authenticated = True


def read_alias(method: str, path: str, user) -> tuple[str, str]:
    """Return (read alias, write alias) the router picks while the middleware serves this request."""
    seen = {}

    def view(request):
        router = PortalReadRouter()
        seen["read"], seen["write"] = router.db_for_read(Item), router.db_for_write(Item)
        return None

    request = getattr(RequestFactory(), method.lower())(path)
    request.user = user
    PortalReadMiddleware(view)(request)
    return seen["read"], seen["write"]


@pytest.mark.parametrize(("method", "path", "user", "expected"), [
    ("GET", "/gk/catalog/", AnonymousUser(), "replica_1"),
    ("GET", "/", AnonymousUser(), "replica_1"),
    ("POST", "/gk/catalog/", AnonymousUser(), "default"),
    ("GET", "/gk/catalog/", Staff(), "default"),
    ("GET", "/workspace/cases/", Staff(), "default"),
    ("GET", "/api/v1/cases", AnonymousUser(), "default"),
])
def test_only_anonymous_portal_reads_go_to_a_replica(method, path, user, expected, monkeypatch):
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica_1"])  # as XXGK_REPLICA_DATABASE_URLS makes
    assert read_alias(method, path, user) == (expected, "default")
    assert PortalReadRouter().db_for_read(Item) == "default"  # outside a request: the primary
    assert PortalReadRouter().allow_migrate("replica_1", "catalog") is False


def test_replica_urls_become_mirrored_aliases_with_the_router(monkeypatch):
    import importlib

    import config.settings.base as base

    monkeypatch.setenv("XXGK_REPLICA_DATABASE_URLS", "postgres://reader@10.0.0.2:5432/xxgk, postgres://reader@10.0.0.3/xxgk")
    try:
        configured = importlib.reload(base)
        assert [a for a in configured.DATABASES if a.startswith("replica_")] == ["replica_1", "replica_2"]
        assert configured.DATABASES["replica_2"]["HOST"] == "10.0.0.3"
        assert configured.DATABASE_ROUTERS == ["xxgk.platform.replicas.PortalReadRouter"]
        assert "xxgk.platform.replicas.PortalReadMiddleware" in configured.MIDDLEWARE
    finally:
        monkeypatch.delenv("XXGK_REPLICA_DATABASE_URLS")
        importlib.reload(base)


def test_without_replicas_everything_reads_the_primary():
    assert read_alias("GET", "/gk/catalog/", AnonymousUser()) == ("default", "default")
