"""Reads about agencies and roles: memberships of a user, visible agencies, the tree."""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from xxgk.core.credit_code import normalize_credit_code
from xxgk.platform.errors import NotFound

from .models import Agency, Membership, Role


@dataclass(frozen=True)
class Grant:
    """One role a user holds in one agency, with the agency's tree path."""

    agency_id: int
    agency_path: str
    role: str


def user_grants(user) -> tuple[Grant, ...]:
    """Return the user's roles (cached on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return ()
    cached = getattr(user, "_xxgk_grants", None)
    if cached is None:
        rows = Membership.objects.filter(user=user).select_related("agency").values_list(
            "agency_id", "agency__path", "role"
        )
        cached = tuple(Grant(a, p, r) for a, p, r in rows)
        user._xxgk_grants = cached
    return cached


def forget_grants(user) -> None:
    """Drop the cached roles after a membership change."""
    if hasattr(user, "_xxgk_grants"):
        del user._xxgk_grants


def is_sysadmin(user) -> bool:
    """Return True when the user holds the 系统管理员 role anywhere."""
    return any(g.role == Role.SYSADMIN for g in user_grants(user))


def is_staff_member(user) -> bool:
    """Return True when the user holds any staff role."""
    return bool(user_grants(user))


def roles_in(user, agency: Agency) -> set[str]:
    """Return the roles the user holds directly in this agency."""
    return {g.role for g in user_grants(user) if g.agency_id == agency.pk}


def supervises(user, agency: Agency) -> bool:
    """Return True when the user is 公开办 of this agency or of one of its ancestors."""
    return any(g.role == Role.SUPERVISOR and agency.path.startswith(g.agency_path) for g in user_grants(user))


def agencies_with_records_visible_to(user) -> QuerySet[Agency]:
    """Return the agencies whose non-public records the user may see (none for the public)."""
    grants = user_grants(user)
    if any(g.role == Role.SYSADMIN for g in grants):
        return Agency.objects.all()
    condition = Q(pk__in=[g.agency_id for g in grants])
    for g in grants:
        if g.role == Role.SUPERVISOR:
            condition |= Q(path__startswith=g.agency_path)
    if not grants:
        return Agency.objects.none()
    return Agency.objects.filter(condition)


def agency_tree(*, active_only: bool = False) -> list[Agency]:
    """Return every agency in tree order (parents before children)."""
    qs = Agency.objects.select_related("parent").order_by("path")
    if active_only:
        qs = qs.filter(is_active=True)
    return list(qs)


def agency_choices() -> list[tuple[str, str]]:
    """Return (credit code, name) of every active agency in tree order, for pickers on public pages.

    Plain tuples: a province lists thousands of agencies, and building a model for each cost more
    than the rest of the catalogue page.
    """
    return list(Agency.objects.filter(is_active=True).order_by("path").values_list("credit_code", "name"))


AGENCY_MEMO_SECONDS = 30  # other processes show an added or renamed agency in public pickers within this long
_MEMO: dict = {"at": 0.0, "values": {}}


def agency_memo(name: str, build: Callable[[], object], *, fresh: Callable[[object], bool] | None = None):
    """Return `build()`, kept in this process until an agency is saved in it or AGENCY_MEMO_SECONDS pass:
    for what public pages derive from the whole agency list (a province's thousands of agencies).
    A kept value that `fresh` rejects is rebuilt alone (the other kept lists stay)."""
    now = time.monotonic()
    if now - _MEMO["at"] > AGENCY_MEMO_SECONDS:
        _MEMO.update(at=now, values={})
    values = _MEMO["values"]
    if name not in values or (fresh is not None and not fresh(values[name])):
        values[name] = build()
    return values[name]


def forget_agency_memo(**kwargs) -> None:
    """Drop what agency_memo kept (connected to Agency saves)."""
    _MEMO["at"] = 0.0


def agency_get_by_credit_code(code: str) -> Agency:
    """Return the agency with this credit code or refuse with a message naming the code."""
    agency = Agency.objects.filter(credit_code=normalize_credit_code(code)).first()
    if agency is None:
        raise NotFound(f"未找到统一社会信用代码为 {code} 的机关，请用 xxgk agency list 查看已登记的机关。")
    return agency


def memberships_of_agency(agency: Agency) -> QuerySet[Membership]:
    """Return the agency's memberships with their users."""
    return Membership.objects.filter(agency=agency).select_related("user").order_by("role", "user__username")


def member_emails(agency_ids, roles) -> list[str]:
    """Return the distinct e-mail addresses of members holding one of `roles` in the given agencies."""
    return sorted(set(Membership.objects.filter(agency_id__in=list(agency_ids), role__in=list(roles))
                      .exclude(user__email="").values_list("user__email", flat=True)))
