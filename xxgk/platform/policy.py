"""The one place that decides who may do what: default deny, every refusal audited.

Apps register a rule per action with `@rule("agency.view_records")`; views and services ask
`can(user, action, obj)` or `require(...)`. An action with no rule is denied.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .audit import audit_record

Rule = Callable[[object, object], bool]
_RULES: dict[str, Rule] = {}

DEFAULT_DENIAL = "您没有执行此操作的权限。如需办理，请联系本机关的系统管理员。"


def rule(action: str) -> Callable[[Rule], Rule]:
    """Register the predicate that allows `action`; registering one action twice is a bug."""

    def register(fn: Rule) -> Rule:
        if action in _RULES:
            raise ValueError(f"permission rule for {action!r} registered twice")
        _RULES[action] = fn
        return fn

    return register


def registered_actions() -> list[str]:
    """Return every action that has a rule, sorted."""
    return sorted(_RULES)


def can(user, action: str, obj=None) -> bool:
    """Return True only when a registered rule allows `user` (possibly anonymous) to do `action`."""
    fn = _RULES.get(action)
    if fn is None:
        return False
    if user is not None and user.is_authenticated and not user.is_active:
        return False
    return bool(fn(user, obj))


def require(user, action: str, obj=None, *, request=None, message: str = DEFAULT_DENIAL) -> None:
    """Raise PermissionDenied (HTTP 403) with a Chinese message and audit it unless allowed."""
    if can(user, action, obj):
        return
    audit_record(
        action="permission.denied",
        at=timezone.now(),
        actor=user,
        request=request,
        target=obj if hasattr(obj, "_meta") else None,
        data={"action": action, "path": request.path if request is not None else ""},
    )
    raise PermissionDenied(message)
