"""The hash chain of the audit log (审计日志): each row's hash covers its content and the previous row's hash."""

import hashlib
import json
from datetime import UTC, datetime

FIELDS = ("at", "actor_id", "actor_label", "action", "target_type", "target_id", "agency_id", "ip_address", "data")


def canonical(values: dict) -> str:
    """Return the one text form of an audit row's content (stable across databases and round trips)."""
    out = {}
    for name in FIELDS:
        value = values.get(name)
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat(timespec="microseconds")
        elif name == "data":
            value = json.loads(json.dumps(value or {}))  # tuples become lists, as they come back from the database
        elif value is not None and name.endswith("_id") and name != "target_id":
            value = int(value)
        out[name] = value
    return json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def link_hash(prev_hash: str, values: dict) -> str:
    """Return the hash of a row that follows `prev_hash` (the first row follows the empty string)."""
    return hashlib.sha256((prev_hash + "\n" + canonical(values)).encode()).hexdigest()
