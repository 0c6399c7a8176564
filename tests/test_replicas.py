"""The read-replica router: anonymous portal page views read from a replica; staff, API, writes stay on the primary."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings

from xxgk.catalog.models import Item
from xxgk.platform.replicas import PortalReadMiddleware, PortalReadRouter

WITH_REPLICA = {**settings.DATABASES, "replica_1": {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}}


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
def test_only_anonymous_portal_reads_go_to_a_replica(method, path, user, expected):
    with override_settings(DATABASES=WITH_REPLICA):
        assert read_alias(method, path, user) == (expected, "default")
        assert PortalReadRouter().db_for_read(Item) == "default"  # outside a request: the primary
        assert PortalReadRouter().allow_migrate("replica_1", "catalog") is False


def test_without_replicas_everything_reads_the_primary():
    assert read_alias("GET", "/gk/catalog/", AnonymousUser()) == ("default", "default")
