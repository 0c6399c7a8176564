"""Writes for agencies, staff users, memberships and applicants; each audited in its transaction."""

from datetime import datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from xxgk.core.credit_code import credit_code_problem, normalize_credit_code
from xxgk.platform.audit import audit_record
from xxgk.platform.errors import Conflict, InvalidInput

from .models import Agency, AgencyKind, Applicant, ApplicantKind, Membership, OrgType, Role, User
from .selectors import forget_grants

CONTACT_FIELDS = Agency.GUIDE_FIELDS


def parse_choice(value: str, choices, *, what: str, field: str) -> str:
    """Return the code for a code or a Chinese label of `choices`, or refuse listing the accepted values."""
    for code, label in choices:
        if value in (code, label):
            return code
    accepted = "、".join(f"{code}（{label}）" for code, label in choices)
    raise InvalidInput(f"{what}“{value}”无效，可选值为：{accepted}。", field=field)


def parse_agency_kind(value: str) -> str:
    """Return the agency kind code for a code or a Chinese label."""
    return parse_choice(value, AgencyKind.choices, what="机关类型", field="kind")


def parse_role(value: str) -> str:
    """Return the role code for a code or a Chinese label."""
    return parse_choice(value, Role.choices, what="角色", field="role")


def _checked_credit_code(raw: str, *, exclude_pk: int | None = None) -> str:
    code = normalize_credit_code(raw)
    problem = credit_code_problem(code)
    if problem is not None:
        raise InvalidInput(problem.message, field="credit_code")
    clash = Agency.objects.filter(credit_code=code).exclude(pk=exclude_pk).first()
    if clash is not None:
        raise Conflict(f"统一社会信用代码 {code} 已被“{clash.name}”使用，同一代码不能登记两个机关。",
                       field="credit_code")
    return code


def _checked_contact(contact: dict) -> dict:
    unknown = set(contact) - set(CONTACT_FIELDS)
    if unknown:
        raise InvalidInput(f"未知的联系信息字段：{'、'.join(sorted(unknown))}。")
    cleaned = {k: (v or "").strip() for k, v in contact.items()}
    if cleaned.get("email"):
        try:
            validate_email(cleaned["email"])
        except ValidationError as exc:
            raise InvalidInput("电子邮箱格式不正确，请填写如 gkb@example.gov.cn 的地址。", field="email") from exc
    if cleaned.get("postcode") and not (cleaned["postcode"].isdigit() and len(cleaned["postcode"]) == 6):
        raise InvalidInput("邮编应为6位数字。", field="postcode")
    return cleaned


def agency_create(
    *,
    name: str,
    kind: str,
    credit_code: str,
    at: datetime,
    parent: Agency | None = None,
    short_name: str = "",
    contact: dict | None = None,
    actor=None,
    actor_label: str = "",
    request=None,
) -> Agency:
    """Create an agency under `parent`; refuse a bad or duplicate credit code or an inactive parent."""
    name = name.strip()
    if not name:
        raise InvalidInput("机关全称不能为空。", field="name")
    kind = parse_agency_kind(kind)
    code = _checked_credit_code(credit_code)
    if parent is not None and not parent.is_active:
        raise InvalidInput(f"上级机关“{parent.name}”已停用，不能在其下新增机关。", field="parent")
    fields = _checked_contact(contact or {})
    with transaction.atomic():
        agency = Agency(
            name=name, short_name=short_name.strip(), kind=kind, parent=parent, credit_code=code, created_at=at,
            **fields,
        )
        try:
            agency.save()
        except IntegrityError as exc:  # a concurrent insert of the same code
            raise Conflict(f"统一社会信用代码 {code} 已被使用。", field="credit_code") from exc
        agency.path = f"{parent.path if parent else '/'}{agency.pk}/"
        agency.save(update_fields=["path"])
        audit_record(
            action="agency.created", at=at, actor=actor, actor_label=actor_label, request=request, target=agency,
            agency=agency,
            data={"name": name, "kind": kind, "credit_code": code, "parent": parent.credit_code if parent else None},
        )
    return agency


def agency_update(*, agency: Agency, at: datetime, actor=None, request=None, **changes) -> Agency:
    """Change names, credit code or contact block; unknown fields are refused."""
    allowed = {"name", "short_name", "credit_code", *CONTACT_FIELDS}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(f"不能修改这些字段：{'、'.join(sorted(unknown))}。")
    if "credit_code" in changes:
        changes["credit_code"] = _checked_credit_code(changes["credit_code"], exclude_pk=agency.pk)
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        if not changes["name"]:
            raise InvalidInput("机关全称不能为空。", field="name")
    contact = _checked_contact({k: v for k, v in changes.items() if k in CONTACT_FIELDS})
    changes.update(contact)
    before = {k: getattr(agency, k) for k in changes}
    changed = {k: v for k, v in changes.items() if before[k] != v}
    if not changed:
        return agency
    with transaction.atomic():
        for k, v in changed.items():
            setattr(agency, k, v)
        agency.save(update_fields=list(changed))
        audit_record(
            action="agency.updated", at=at, actor=actor, request=request, target=agency, agency=agency,
            data={"before": {k: before[k] for k in changed}, "after": changed},
        )
    return agency


def agency_set_active(*, agency: Agency, active: bool, at: datetime, actor=None, request=None) -> Agency:
    """Activate or deactivate an agency; its records and memberships are kept either way."""
    if agency.is_active == active:
        state = "已启用" if active else "已停用"
        raise Conflict(f"机关“{agency.name}”{state}，无需重复操作。")
    if active and agency.parent is not None and not agency.parent.is_active:
        raise Conflict(f"上级机关“{agency.parent.name}”已停用，请先启用上级机关。")
    with transaction.atomic():
        agency.is_active = active
        agency.save(update_fields=["is_active"])
        audit_record(
            action="agency.activated" if active else "agency.deactivated",
            at=at, actor=actor, request=request, target=agency, agency=agency,
        )
    return agency


def staff_user_create(
    *, username: str, full_name: str, password: str, at: datetime, phone: str = "", actor=None, request=None
) -> User:
    """Create a staff login (roles are granted separately); refuse a taken username or weak password."""
    username = username.strip()
    if not username:
        raise InvalidInput("用户名不能为空。", field="username")
    if User.objects.filter(username=username).exists():
        raise Conflict(f"用户名“{username}”已被使用。", field="username")
    user = User(username=username, full_name=full_name.strip(), phone=phone.strip())
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput("密码不符合要求：" + "".join(exc.messages), field="password") from exc
    user.set_password(password)
    with transaction.atomic():
        user.save()
        audit_record(action="user.created", at=at, actor=actor, request=request, target=user,
                     data={"username": username, "kind": "staff"})
    return user


def membership_grant(*, user: User, agency: Agency, role: str, at: datetime, actor=None, request=None) -> Membership:
    """Grant `role` in `agency`; a duplicate grant is refused, and the grant is audited."""
    role = parse_role(role)
    if hasattr(user, "applicant"):
        raise InvalidInput(f"“{user.username}”是公众申请人账号，不能授予工作人员角色。", field="user")
    if not agency.is_active:
        raise InvalidInput(f"机关“{agency.name}”已停用，不能授予新的岗位。", field="agency")
    label = Role(role).label
    if Membership.objects.filter(user=user, agency=agency, role=role).exists():
        raise Conflict(f"“{user}”已是“{agency.name}”的{label}，不能重复授予。")
    with transaction.atomic():
        try:
            with transaction.atomic():
                membership = Membership.objects.create(user=user, agency=agency, role=role, created_at=at)
        except IntegrityError as exc:
            raise Conflict(f"“{user}”已是“{agency.name}”的{label}，不能重复授予。") from exc
        if role == Role.SYSADMIN and not (user.is_staff and user.is_superuser):
            # Django admin is for 系统管理员 only; the flags follow the role.
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        audit_record(
            action="role.granted", at=at, actor=actor, request=request, target=user, agency=agency,
            data={"user": user.username, "agency": agency.credit_code, "role": role},
        )
    forget_grants(user)
    return membership


def membership_revoke(*, membership: Membership, at: datetime, actor=None, request=None) -> None:
    """Revoke one role; the audit row keeps who held it, where and since when."""
    user = membership.user
    with transaction.atomic():
        data = {
            "user": user.username, "agency": membership.agency.credit_code, "role": membership.role,
            "granted_at": membership.created_at.isoformat(),
        }
        agency = membership.agency
        membership.delete()
        if data["role"] == Role.SYSADMIN and not Membership.objects.filter(user=user, role=Role.SYSADMIN).exists():
            user.is_staff = user.is_superuser = False
            user.save(update_fields=["is_staff", "is_superuser"])
        audit_record(action="role.revoked", at=at, actor=actor, request=request, target=user, agency=agency,
                     data=data)
    forget_grants(user)


def applicant_register(
    *,
    username: str,
    password: str | None,
    kind: str,
    name: str,
    at: datetime,
    org_type: str = "",
    credit_code: str = "",
    phone: str = "",
    email: str = "",
    request=None,
    **extra: str,
) -> Applicant:
    """Create a public account with its applicant profile; organisations need a type and a valid code.

    `password=None` makes an account that signs in only through the 统一身份认证 provider.
    """
    if kind not in ApplicantKind.values:
        raise InvalidInput("申请人类型应为“自然人”或“法人或其他组织”。", field="kind")
    if not name.strip():
        raise InvalidInput("请填写姓名或名称。", field="name")
    if kind == ApplicantKind.LEGAL:
        if org_type not in OrgType.values:
            raise InvalidInput("法人或其他组织请选择组织类型（商业企业、科研机构、社会公益组织、法律服务机构或其他）。",
                               field="org_type")
        credit_code = normalize_credit_code(credit_code)
        problem = credit_code_problem(credit_code)
        if problem is not None:
            raise InvalidInput(problem.message, field="credit_code")
    else:
        org_type, credit_code = "", ""
    username = username.strip()
    if not username:
        raise InvalidInput("用户名不能为空。", field="username")
    if User.objects.filter(username=username).exists():
        raise Conflict(f"用户名“{username}”已被使用，请换一个。", field="username")
    allowed_extra = {"legal_representative", "contact_name", "address", "postcode"}
    if set(extra) - allowed_extra:
        raise InvalidInput(f"未知字段：{'、'.join(sorted(set(extra) - allowed_extra))}。")
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise InvalidInput("电子邮箱格式不正确。", field="email") from exc
    user = User(username=username, full_name=name.strip(), phone=phone.strip(), email=email.strip())
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidInput("密码不符合要求：" + "".join(exc.messages), field="password") from exc
        user.set_password(password)
    with transaction.atomic():
        user.save()
        applicant = Applicant.objects.create(
            user=user, kind=kind, name=name.strip(), org_type=org_type, credit_code=credit_code,
            phone=phone.strip(), email=email.strip(), created_at=at, **{k: v.strip() for k, v in extra.items()},
        )
        audit_record(action="user.created", at=at, actor=user, request=request, target=user,
                     data={"username": username, "kind": "applicant", "applicant_kind": kind})
    return applicant

