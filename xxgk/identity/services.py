"""Sign-in through the 统一身份认证 provider: find the linked account, link by a verified claim, or
create an applicant account. Staff accounts are only ever linked by an administrator."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction

from xxgk.agencies.models import Applicant, User
from xxgk.agencies.selectors import user_grants
from xxgk.agencies.services import applicant_register
from xxgk.platform.audit import audit_record
from xxgk.platform.errors import Conflict, InvalidInput
from xxgk.platform.policy import can

from .models import ExternalIdentity

UNKNOWN_STAFF = "您的统一身份认证账号是工作人员身份，但尚未与本平台的工作人员账号关联。请联系系统管理员关联后再登录。"


class ExternalLoginRefused(Exception):
    """The provider vouched for the person, but xxgk will not sign them in; `message` says why in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ClaimMap:
    """Which claims carry the name, phone, e-mail, organisation, credit code, the link and the staff flag."""

    name: str = "name"
    phone: str = "phone_number"
    email: str = "email"
    organisation: str = "organization"
    credit_code: str = "credit_code"
    link: str = ""
    link_verified: str = ""
    staff: str = ""

    @classmethod
    def from_settings(cls) -> "ClaimMap":
        return cls(**getattr(settings, "XXGK_OIDC_CLAIMS", {}))


def issuer() -> str:
    """Return the configured provider's issuer identifier."""
    return settings.XXGK_OIDC_ISSUER


def _is_staff_identity(claims: dict, cmap: ClaimMap) -> bool:
    return bool(cmap.staff) and claims.get(cmap.staff) in (True, "true", "1", 1)


def _link_by_claim(claims: dict, cmap: ClaimMap) -> User | None:
    """Return the one applicant whose profile matches the configured verified claim, if exactly one does."""
    if not cmap.link or not claims.get(cmap.link):
        return None
    if cmap.link_verified and claims.get(cmap.link_verified) not in (True, "true"):
        return None
    field = {cmap.phone: "phone", cmap.email: "email", cmap.credit_code: "credit_code"}.get(cmap.link)
    if field is None:
        return None
    matches = list(Applicant.objects.filter(**{field: claims[cmap.link]}).select_related("user")[:2])
    if len(matches) != 1 or user_grants(matches[0].user):
        return None
    return matches[0].user


def external_sign_in(*, claims: dict, at: datetime, request=None) -> User:
    """Return the account the provider's identity signs in as, linking or creating an applicant as configured."""
    cmap = ClaimMap.from_settings()
    subject = str(claims.get("sub") or "")
    if not subject:
        raise ExternalLoginRefused("身份提供方没有返回用户标识，无法登录。")
    with transaction.atomic():
        link = ExternalIdentity.objects.select_related("user").filter(issuer=issuer(), subject=subject).first()
        if link is not None:
            if not link.user.is_active:
                raise ExternalLoginRefused("该账号已停用，请联系系统管理员。")
            link.last_login_at = at
            link.save(update_fields=["last_login_at"])
            user, how = link.user, "linked"
        elif _is_staff_identity(claims, cmap):
            raise ExternalLoginRefused(UNKNOWN_STAFF)
        elif (user := _link_by_claim(claims, cmap)) is not None:
            ExternalIdentity.objects.create(user=user, issuer=issuer(), subject=subject, linked_at=at,
                                            linked_by=f"claim:{cmap.link}", last_login_at=at)
            how = "linked_by_claim"
        else:
            organisation = str(claims.get(cmap.organisation) or "").strip()
            credit_code = str(claims.get(cmap.credit_code) or "").strip()
            name = organisation or str(claims.get(cmap.name) or "").strip() or "统一身份认证用户"
            applicant = applicant_register(
                username=f"oidc-{secrets.token_hex(6)}", password=None,
                kind="legal" if organisation and credit_code else "natural", name=name,
                org_type="other" if organisation and credit_code else "", credit_code=credit_code,
                phone=str(claims.get(cmap.phone) or "")[:30], email=str(claims.get(cmap.email) or ""), at=at,
                request=request)
            user = applicant.user
            ExternalIdentity.objects.create(user=user, issuer=issuer(), subject=subject, linked_at=at,
                                            linked_by="created", last_login_at=at)
            how = "created"
        audit_record(action="login.external", at=at, actor=user, request=request, target=user,
                     data={"issuer": issuer(), "how": how})
    return user


def external_identity_link(*, user: User, subject: str, actor, at: datetime, request=None) -> ExternalIdentity:
    """Link a provider identity to an existing account (the only way a staff account gets one)."""
    if not can(actor, "membership.manage"):
        raise InvalidInput("只有系统管理员可以关联统一身份认证账号。")
    if not subject.strip():
        raise InvalidInput("请填写外部标识。", field="subject")
    with transaction.atomic():
        if ExternalIdentity.objects.filter(issuer=issuer(), subject=subject.strip()).exists():
            raise Conflict("该外部标识已关联其他账号。", field="subject")
        link = ExternalIdentity.objects.create(user=user, issuer=issuer(), subject=subject.strip(), linked_at=at,
                                               linked_by=f"admin:{actor.get_username()}")
        audit_record(action="identity.link", at=at, actor=actor, request=request, target=user,
                     data={"issuer": issuer(), "subject": subject.strip()})
    return link


def external_sign_in_refused(*, reason: str, at: datetime, request=None) -> None:
    """Audit a refused or failed external sign-in."""
    audit_record(action="login.external_failed", at=at, request=request, data={"issuer": issuer(), "reason": reason})
