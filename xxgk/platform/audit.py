"""Write audit rows (the only way rows enter AuditEvent)."""

from datetime import datetime

from django.db import models

from .models import AuditEvent


def client_ip(request) -> str | None:
    """Return the client address the server saw (the proxy must overwrite REMOTE_ADDR)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    at: datetime,
    actor=None,
    actor_label: str = "",
    request=None,
    target: models.Model | None = None,
    agency=None,
    data: dict | None = None,
) -> AuditEvent:
    """Insert one audit row; call inside the transaction of the change it records."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    label = actor_label or (actor.get_username() if actor is not None else "")
    return AuditEvent.objects.create(
        at=at,
        actor=actor,
        actor_label=label[:150],
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        agency=agency,
        ip_address=client_ip(request),
        data=data or {},
    )
