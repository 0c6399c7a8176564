"""Write audit rows (the only way rows enter AuditEvent)."""

from datetime import datetime

from django.db import models, transaction

from xxgk.core.hashchain import FIELDS, link_hash

from .models import AuditChainHead, AuditEvent


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
    event = AuditEvent(
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
    with transaction.atomic():
        # The head row's lock orders appends: two writers never link to the same predecessor.
        head = AuditChainHead.objects.select_for_update(no_key=True).filter(pk=1).first()
        if head is None:  # the migration makes the row; only an emptied table (test flushes) lacks it
            head, _ = AuditChainHead.objects.get_or_create(pk=1)
        event.prev_hash = head.last_hash
        event.row_hash = link_hash(head.last_hash, chain_values(event))
        event.save()
        head.last_event_id, head.last_hash = event.pk, event.row_hash
        head.save(update_fields=["last_event_id", "last_hash"])
    return event


def chain_values(event: AuditEvent) -> dict:
    """Return the fields of an audit row that its hash covers."""
    return {name: getattr(event, name) for name in FIELDS}


def audit_verify() -> list[dict]:
    """Recompute the chain over every row in order; return the problems found (empty when intact)."""
    problems, expected_prev, last_id = [], "", None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != expected_prev:
            problems.append({"id": event.pk, "problem": "前一条记录被删除或改动（链接不符）"})
        if event.row_hash != link_hash(event.prev_hash, chain_values(event)):
            problems.append({"id": event.pk, "problem": "本条记录内容被改动（摘要不符）"})
        expected_prev, last_id = event.row_hash, event.pk
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_event_id != last_id or head.last_hash != expected_prev):
        problems.append({"id": head.last_event_id, "problem": "最新的记录被删除（链头不符）"})
    return problems
