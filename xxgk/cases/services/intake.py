"""Intake: the public online form and staff registration of applications that arrive otherwise."""

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from xxgk.agencies.models import Agency, Applicant, ApplicantKind, OrgType
from xxgk.core.credit_code import credit_code_problem, normalize_credit_code
from xxgk.core.deadlines import Channel, DeadlineInputError, receipt_date
from xxgk.core.id_number import id_number_problem, mask_id_number
from xxgk.platform.crypto import encrypt_text, keyed_hash
from xxgk.platform.errors import InvalidInput
from xxgk.platform.uploads import check_upload

from ..models import Case
from .common import record_event, refresh_due, store_document

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass
class ApplicantDetails:
    """The applicant block of an application (条例第29条: name, identity proof, contact)."""

    kind: str
    name: str
    org_type: str = ""
    id_type: str = ""
    id_number: str = ""
    credit_code: str = ""
    legal_representative: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


@dataclass
class RequestDetails:
    """What is asked for and in what form."""

    title: str
    doc_number: str = ""
    description: str = ""
    form_wanted: str = "electronic"
    delivery_wanted: str = "email"
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


def new_query_code() -> str:
    """Return a fresh 8-character query code (no look-alike characters)."""
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


def query_code_hash(code: str) -> str:
    return keyed_hash("query:" + code.strip().upper())


def normalized_title(text: str) -> str:
    """Return the request text without spaces and punctuation, for duplicate matching."""
    return re.sub(r"[\s\W_]+", "", text).lower()


def applicant_from_account(account: Applicant) -> ApplicantDetails:
    """Return the details an account already holds (identity numbers are entered per application)."""
    return ApplicantDetails(
        kind=account.kind, name=account.name, org_type=account.org_type, credit_code=account.credit_code,
        legal_representative=account.legal_representative, contact_name=account.contact_name, phone=account.phone,
        email=account.email, address=account.address, postcode=account.postcode,
    )


def _checked_applicant(a: ApplicantDetails) -> dict:
    if a.kind not in ApplicantKind.values:
        raise InvalidInput("申请人类型应为“自然人”或“法人或其他组织”。", field="applicant_kind")
    if not a.name.strip():
        raise InvalidInput("请填写申请人姓名或名称。", field="applicant_name")
    fields = {"applicant_kind": a.kind, "applicant_name": a.name.strip(), "phone": a.phone.strip(),
              "email": a.email.strip(), "address": a.address.strip(), "postcode": a.postcode.strip(),
              "contact_name": a.contact_name.strip(), "legal_representative": a.legal_representative.strip()}
    if fields["email"]:
        try:
            validate_email(fields["email"])
        except ValidationError as exc:
            raise InvalidInput("电子邮箱格式不正确。", field="email") from exc
    if fields["postcode"] and not (fields["postcode"].isdigit() and len(fields["postcode"]) == 6):
        raise InvalidInput("邮编应为6位数字。", field="postcode")
    if not (fields["phone"] or fields["email"] or fields["address"]):
        raise InvalidInput("请至少填写一种联系方式（联系电话、电子邮箱或通讯地址）。", field="phone")
    if a.kind == ApplicantKind.NATURAL:
        id_number = a.id_number.strip().upper()
        if a.id_type not in dict(Case.ID_TYPES):
            raise InvalidInput("请选择证件类型。", field="id_type")
        if not id_number:
            raise InvalidInput("请填写证件号码。", field="id_number")
        if a.id_type == "resident_id":
            problem = id_number_problem(id_number)
            if problem:
                raise InvalidInput(problem, field="id_number")
        fields.update(id_type=a.id_type, id_number_encrypted=encrypt_text(id_number),
                      id_number_masked=mask_id_number(id_number), org_type="",
                      applicant_key=keyed_hash(f"id:{a.id_type}:{id_number}"))
    else:
        if a.org_type not in OrgType.values:
            raise InvalidInput("请选择组织类型（商业企业、科研机构、社会公益组织、法律服务机构或其他）。", field="org_type")
        code = normalize_credit_code(a.credit_code)
        problem = credit_code_problem(code)
        if problem:
            raise InvalidInput(problem.message, field="credit_code")
        if not fields["contact_name"]:
            raise InvalidInput("法人或其他组织请填写联系人。", field="contact_name")
        fields.update(org_type=a.org_type, credit_code=code, applicant_key=keyed_hash(f"org:{code}"))
    return fields


def _checked_request(r: RequestDetails, applicant_fields: dict) -> dict:
    if not r.title.strip():
        raise InvalidInput("请填写所需政府信息的名称。", field="title")
    if r.form_wanted not in dict(Case.FORM_CHOICES):
        raise InvalidInput("获取信息的形式无效，请选择纸质、电子或其他。", field="form_wanted")
    if r.delivery_wanted not in dict(Case.DELIVERY_CHOICES):
        raise InvalidInput("获取信息的方式无效，请选择邮寄、电子邮件、自行领取或在线查看。", field="delivery_wanted")
    if r.delivery_wanted == "post" and not applicant_fields["address"]:
        raise InvalidInput("选择邮寄方式时请填写通讯地址。", field="address")
    if r.delivery_wanted == "email" and not applicant_fields["email"]:
        raise InvalidInput("选择电子邮件方式时请填写电子邮箱。", field="email")
    return {"title": r.title.strip()[:300], "doc_number": r.doc_number.strip()[:100],
            "description": r.description.strip(), "form_wanted": r.form_wanted, "delivery_wanted": r.delivery_wanted}


def next_case_number(agency: Agency, year: int) -> str:
    """Return the next free number 'YYYY-NNNN' in this agency."""
    numbers = Case.objects.filter(agency=agency, number__startswith=f"{year}-").values_list("number", flat=True)
    serials = [int(n.split("-", 1)[1]) for n in numbers if re.fullmatch(rf"{year}-\d+", n)]
    return f"{year}-{max(serials, default=0) + 1:04d}"


def _find_duplicate(agency: Agency, key: str, title: str) -> Case | None:
    wanted = normalized_title(title)
    for earlier in Case.objects.filter(agency=agency, applicant_key=key).only("id", "title", "number").order_by("id"):
        if normalized_title(earlier.title) == wanted:
            return earlier
    return None


def _create(*, agency: Agency, applicant: ApplicantDetails, request_details: RequestDetails, channel: str,
            received_on: date, at: datetime, account: Applicant | None, actor, request, imported: bool = False
            ) -> tuple[Case, str]:
    if not agency.is_active:
        raise InvalidInput(f"“{agency.name}”已停用，不再受理政府信息公开申请。", field="agency")
    applicant_fields = _checked_applicant(applicant)
    request_fields = _checked_request(request_details, applicant_fields)
    uploads = [check_upload(name, data) for name, data in request_details.attachments]
    code = new_query_code()
    with transaction.atomic():
        Agency.objects.select_for_update(no_key=True).filter(pk=agency.pk).first()  # serialise numbering per agency
        duplicate = _find_duplicate(agency, applicant_fields["applicant_key"], request_fields["title"])
        case = Case(agency=agency, number=next_case_number(agency, received_on.year), query_code_hash=query_code_hash(code),
                    applicant=account, channel=channel, received_on=received_on, created_at=at,
                    duplicate_of=duplicate, imported=imported, **applicant_fields, **request_fields)
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError as exc:
            raise InvalidInput("案件编号冲突，请重新提交。") from exc
        for upload in uploads:
            store_document(case, kind="attachment", name=upload.name, content_type=upload.content_type,
                           data=upload.data, at=at)
        refresh_due(case)
        channel_label = dict(Case.CHANNEL_CHOICES)[channel]
        record_event(case, kind="received", at=at, on=received_on, actor=actor, request=request,
                     summary=f"收到申请（{channel_label}），答复期限{case.due_on}",
                     data={"channel": channel, "attachments": len(uploads)})
        if duplicate is not None:
            record_event(case, kind="duplicate_flagged", at=at, on=received_on, actor=actor,
                         summary=f"疑似重复申请：与{duplicate.number}申请人和申请内容相同",
                         data={"duplicate_of": duplicate.number})
    return case, code


def case_submit_online(*, agency: Agency, applicant: ApplicantDetails, request_details: RequestDetails,
                       today: date, at: datetime, account: Applicant | None = None, request=None) -> tuple[Case, str]:
    """Accept an application from the portal; online receipt is the day both sides confirm (today)."""
    from .common import notify_applicant

    with transaction.atomic():  # the receipt mail is queued with the case, never after it
        case, code = _create(agency=agency, applicant=applicant, request_details=request_details,
                             channel=Channel.ONLINE.value, received_on=today, at=at, account=account,
                             actor=account.user if account else None, request=request)
        notify_applicant(case, subject=f"政府信息公开申请已收到（{case.number}）",
                         body=f"{case.agency.name}已收到您的政府信息公开申请，编号 {case.number}，查询码 {code}。"
                              f"答复期限：{case.due_on}。")
    return case, code


def case_register(*, agency: Agency, applicant: ApplicantDetails, request_details: RequestDetails, channel: str,
                  at: datetime, actor, submitted_on: date | None = None, signed_on: date | None = None,
                  confirmed_on: date | None = None, request=None) -> tuple[Case, str]:
    """Register an application that arrived in person, by post, fax, e-mail or otherwise (第31条 dates)."""
    if channel == "other":
        if submitted_on is None:
            raise InvalidInput("请填写收到申请的日期。", field="submitted_on")
        received_on = submitted_on
    else:
        try:
            received_on = receipt_date(channel, submitted_on=submitted_on, signed_on=signed_on,
                                       confirmed_on=confirmed_on)
        except (DeadlineInputError, ValueError) as exc:
            raise InvalidInput(str(exc) if isinstance(exc, DeadlineInputError) else "申请方式无效。",
                               field="channel") from exc
    if received_on > timezone.localdate(at):
        raise InvalidInput("收到申请日期不能晚于今天。", field="submitted_on")
    return _create(agency=agency, applicant=applicant, request_details=request_details, channel=channel,
                   received_on=received_on, at=at, account=None, actor=actor, request=request)
