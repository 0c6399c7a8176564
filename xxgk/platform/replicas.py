"""Read replicas for the public portal: anonymous page views read from a replica, everything else from the primary.

Configured by XXGK_REPLICA_DATABASE_URLS (PostgreSQL streaming replicas of the primary). Staff pages,
the API, every write and every request after a sign-in stay on the primary, so nobody reads their
own change from a replica that has not replayed it yet.
"""

import contextvars
import random

from django.conf import settings

_portal_read = contextvars.ContextVar("xxgk_portal_read", default=False)
PORTAL_PREFIXES = ("/gk/", "/healthz")


def replica_aliases() -> list[str]:
    """Return the configured replica aliases (replica_1, replica_2, …)."""
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


class PortalReadRouter:
    """Send reads to a replica while an anonymous portal page is being served; writes and the rest to default."""

    def db_for_read(self, model, **hints):
        if _portal_read.get():
            aliases = replica_aliases()
            if aliases:
                return random.choice(aliases)
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # replicas follow the primary's schema by replication


class PortalReadMiddleware:
    """Mark anonymous GET requests for portal pages as replica reads for the router."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        portal = request.method in ("GET", "HEAD") and (request.path == "/" or request.path.startswith(PORTAL_PREFIXES))
        anonymous = not getattr(request, "user", None) or not request.user.is_authenticated
        token = _portal_read.set(bool(portal and anonymous and replica_aliases()))
        try:
            return self.get_response(request)
        finally:
            _portal_read.reset(token)
