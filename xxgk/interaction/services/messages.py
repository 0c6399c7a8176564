"""信箱 services: write, 转办, 交办, 督办, answer, mark invalid, publish without personal data, rate."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction

from xxgk.agencies.models import Agency
from xxgk.core.redact import redact_personal
from xxgk.core.ruledata import rules_in_force
from xxgk.platform.audit import audit_record, client_ip
from xxgk.platform.crypto import encrypt_text, keyed_hash
from xxgk.platform.errors import Conflict, IllegalTransition, InvalidInput
from xxgk.platform.policy import can
from xxgk.platform.selectors import work_calendar
from xxgk.platform.uploads import MAX_UPLOAD_BYTES, check_upload, save_unguessable

from ..models import Message, MessageAttachment, MessageBox, MessageEvent

QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MAX_ATTACHMENTS = 3


class RateLimited(Conflict):
    """Too many messages from one address or contact in the window (HTTP 429)."""

    status = 429


@dataclass(frozen=True)
class Letter:
    """What the public writes to a box."""

    writer_name: str
    contact: str
    subject: str
    body: str
    wants_public: bool = False
    attachments: tuple[tuple[str, bytes], ...] = ()


def query_hash(code: str) -> str:
    """Return the stored digest of a query code (codes are never stored in clear)."""
    return keyed_hash("message-query:" + code.strip().upper())


def interaction_rules(day: date) -> dict:
    """Return the message-box rule data in force on `day`."""
    return rules_in_force("interaction_rules", day)


def _check_letter(letter: Letter) -> list:
    problems = {"writer_name": (letter.writer_name, 50, "姓名"), "contact": (letter.contact, 100, "联系方式"),
                "subject": (letter.subject, 200, "主题"), "body": (letter.body, 5000, "留言内容")}
    for field, (value, limit, label) in problems.items():
        if not value or not value.strip():
            raise InvalidInput(f"请填写{label}。", field=field)
        if len(value) > limit:
            raise InvalidInput(f"{label}不能超过{limit}个字。", field=field)
    if len(letter.attachments) > MAX_ATTACHMENTS:
        raise InvalidInput(f"最多上传{MAX_ATTACHMENTS}个附件。", field="attachments")
    return [check_upload(name, data, max_bytes=MAX_UPLOAD_BYTES // 2) for name, data in letter.attachments]


def _check_rate(*, address_hash: str, contact_hash: str, at: datetime) -> None:
    for limit in interaction_rules(at.date())["rate_limits"]:
        since = at - timedelta(minutes=limit["window_minutes"])
        value = address_hash if limit["key"] == "address" else contact_hash
        if not value:
            continue
        recent = Message.objects.filter(received_at__gte=since, **{f"{limit['key']}_hash": value}).count()
        if recent >= limit["max"]:
            raise RateLimited(limit["message"])


def next_message_number(year: int) -> str:
    """Return the next 留言编号 of the year: LY + year + 5-digit serial (call under a lock)."""
    prefix = f"LY{year}"
    last = Message.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True).first()
    return f"{prefix}{int(last[len(prefix):]) + 1 if last else 1:05d}"


def message_submit(*, box: MessageBox, letter: Letter, at: datetime, request=None,
                   address: str | None = None) -> tuple[Message, str]:
    """Receive a letter: number, query code and due date on the working-day calendar; flood limits apply."""
    if not box.is_active or not box.agency.is_active:
        raise InvalidInput("该信箱已停用，请选择其他信箱。")
    checked = _check_letter(letter)
    address = address if address is not None else (client_ip(request) or "")
    address_hash = keyed_hash("address:" + address) if address else ""
    contact_hash = keyed_hash("contact:" + letter.contact.strip().lower())
    code = "".join(secrets.choice(QUERY_ALPHABET) for _ in range(8))
    received_on = at.date()
    due_on = work_calendar().add_working_days(received_on, box.reply_workdays)
    with transaction.atomic():
        # One lock for every box: message numbers run per year across all boxes, and the flood limits
        # count per address and per contact across all boxes too.
        MessageBox.objects.select_for_update(no_key=True).order_by("pk").first()
        _check_rate(address_hash=address_hash, contact_hash=contact_hash, at=at)
        message = Message.objects.create(
            box=box, agency=box.agency, number=next_message_number(received_on.year), query_code_hash=query_hash(code),
            writer_name=letter.writer_name.strip(), contact_encrypted=encrypt_text(letter.contact.strip()),
            contact_hash=contact_hash, address_hash=address_hash, subject=letter.subject.strip(),
            body=letter.body.strip(), wants_public=letter.wants_public, received_at=at, received_on=received_on,
            due_on=due_on)
        for upload in checked:
            attachment = MessageAttachment(message=message, name=upload.name, content_type=upload.content_type,
                                           size=len(upload.data))
            save_unguessable(attachment.file, upload.data, upload.extension)
            attachment.save()
        MessageEvent.objects.create(message=message, kind="received", at=at, to_agency=box.agency,
                                    note=f"答复期限{due_on}（{box.reply_workdays}个工作日）")
        audit_record(action="message.submit", at=at, request=request, target=message, agency=box.agency,
                     actor_label="公众")
    return message, code


def _require_handler(actor, message: Message) -> None:
    if not can(actor, "message.handle", message.agency):
        raise InvalidInput(f"只有“{message.agency.name}”的工作人员可以办理该留言。")


def _require_open(message: Message) -> None:
    if message.status != "received":
        raise IllegalTransition("该留言已办结，不能再转办、交办或答复。")


def _locked(message: Message) -> Message:
    return Message.objects.select_for_update(no_key=True).get(pk=message.pk)


def message_transfer(*, message: Message, to_agency: Agency, actor, at: datetime, note: str = "",
                     assign: bool = False, request=None) -> Message:
    """转办 to another agency or 交办 (`assign`) down to one under the handling agency; the clock keeps running."""
    _require_handler(actor, message)
    if not to_agency.is_active or to_agency.pk == message.agency_id:
        raise InvalidInput("请选择另一个在用的机关。", field="to_agency")
    if assign and not to_agency.path.startswith(message.agency.path):
        raise InvalidInput("交办只能交给本机关所属的下级机关。", field="to_agency")
    with transaction.atomic():
        message = _locked(message)
        _require_open(message)
        from_agency = message.agency
        message.agency = to_agency
        message.save(update_fields=["agency"])
        kind = "assigned" if assign else "transferred"
        MessageEvent.objects.create(message=message, kind=kind, from_agency=from_agency, to_agency=to_agency,
                                    note=note.strip(), actor=actor, at=at)
        audit_record(action=f"message.{kind}", at=at, actor=actor, request=request, target=message, agency=from_agency,
                     data={"to": to_agency.credit_code})
    return message


def message_supervise(*, message: Message, actor, at: datetime, note: str, request=None) -> Message:
    """督办: the 公开办 presses the handling agency; recorded and shown on the message."""
    if not (can(actor, "message.supervise", message.agency) or can(actor, "message.supervise", message.box.agency)):
        raise InvalidInput("只有公开办可以督办留言。")
    if not note.strip():
        raise InvalidInput("请填写督办意见。", field="note")
    with transaction.atomic():
        message = _locked(message)
        _require_open(message)
        message.supervised_at, message.supervision_note = at, note.strip()
        message.save(update_fields=["supervised_at", "supervision_note"])
        MessageEvent.objects.create(message=message, kind="supervised", note=note.strip(), actor=actor, at=at)
        audit_record(action="message.supervise", at=at, actor=actor, request=request, target=message,
                     agency=message.agency)
    return message


def message_reply(*, message: Message, actor, reply: str, today: date, at: datetime, request=None) -> Message:
    """Answer the message (办结); the working days taken are kept for the statistics."""
    _require_handler(actor, message)
    if not reply.strip():
        raise InvalidInput("请填写答复内容。", field="reply")
    if today < message.received_on:
        raise InvalidInput("答复日期不能早于收到日期。", field="today")
    with transaction.atomic():
        message = _locked(message)
        _require_open(message)
        message.status, message.reply, message.replied_on, message.replied_by = "answered", reply.strip(), today, actor
        message.reply_workdays = work_calendar().working_days_between(message.received_on, today)
        message.save(update_fields=["status", "reply", "replied_on", "replied_by", "reply_workdays"])
        late = "" if message.answered_in_time else "（已超过答复期限）"
        MessageEvent.objects.create(message=message, kind="answered", actor=actor, at=at, note=f"已答复{late}")
        audit_record(action="message.reply", at=at, actor=actor, request=request, target=message, agency=message.agency)
    return message


def message_mark_invalid(*, message: Message, actor, reason: str, at: datetime, request=None) -> Message:
    """Set aside a message that is not a valid letter (广告, 重复, 无实质内容) with the reason."""
    _require_handler(actor, message)
    if not reason.strip():
        raise InvalidInput("请填写认定为无效留言的理由。", field="reason")
    with transaction.atomic():
        message = _locked(message)
        _require_open(message)
        message.status, message.invalid_reason = "invalid", reason.strip()
        message.save(update_fields=["status", "invalid_reason"])
        MessageEvent.objects.create(message=message, kind="invalid", note=reason.strip(), actor=actor, at=at)
        audit_record(action="message.invalid", at=at, actor=actor, request=request, target=message,
                     agency=message.agency)
    return message


def public_version(message: Message) -> dict:
    """Return the subject, body and reply with personal data removed: the default text staff publish."""
    names = (message.writer_name,)
    return {"subject": redact_personal(message.subject, names=names),
            "body": redact_personal(message.body, names=names),
            "reply": redact_personal(message.reply, names=names)}


def message_publish(*, message: Message, actor, at: datetime, subject: str = "", body: str = "", reply: str = "",
                    request=None) -> Message:
    """Publish the exchange (only when the writer agreed and the box allows it), personal data removed."""
    _require_handler(actor, message)
    if message.status != "answered":
        raise IllegalTransition("只有已答复的留言可以公开。")
    if not message.wants_public:
        raise IllegalTransition("留言人未同意公开，不能公开该留言。")
    if not message.box.publish_replies:
        raise IllegalTransition("该信箱的答复不公开。")
    default = public_version(message)
    names = (message.writer_name,)
    # Whatever staff edit is redacted again: a pasted phone number must not slip through.
    text = {k: redact_personal(v.strip(), names=names) or default[k]
            for k, v in (("subject", subject), ("body", body), ("reply", reply))}
    with transaction.atomic():
        message = _locked(message)
        message.public_subject, message.public_body, message.public_reply = text["subject"], text["body"], text["reply"]
        message.published_at = at
        message.save(update_fields=["public_subject", "public_body", "public_reply", "published_at"])
        MessageEvent.objects.create(message=message, kind="published", actor=actor, at=at)
        audit_record(action="message.publish", at=at, actor=actor, request=request, target=message,
                     agency=message.agency)
    return message


def message_rate(*, message: Message, rating: int, comment: str = "", at: datetime, request=None) -> Message:
    """The writer rates the reply once, 1 (很不满意) to 5 (很满意)."""
    if message.status != "answered":
        raise IllegalTransition("留言答复后才能评价。")
    if rating not in range(1, 6):
        raise InvalidInput("请选择1至5分的评价。", field="rating")
    with transaction.atomic():
        message = _locked(message)
        if message.rating is not None:
            raise IllegalTransition("该留言已评价过。")
        message.rating, message.rating_comment = rating, comment.strip()[:500]
        message.save(update_fields=["rating", "rating_comment"])
        MessageEvent.objects.create(message=message, kind="rated", note=f"{rating}分", at=at)
        audit_record(action="message.rate", at=at, request=request, target=message, agency=message.agency,
                     actor_label="留言人")
    return message


def message_box_save(*, agency: Agency, actor, at: datetime, name: str, reply_workdays: int | None = None,
                     publish_replies: bool = True, description: str = "", is_active: bool = True,
                     box: MessageBox | None = None, request=None) -> MessageBox:
    """Create or change a box; the reply limit defaults to the data's 10 working days."""
    if not can(actor, "message.configure", agency):
        raise InvalidInput("只有本机关负责人或公开办可以设置信箱。")
    if not name.strip():
        raise InvalidInput("请填写信箱名称。", field="name")
    days = reply_workdays or interaction_rules(at.date())["default_reply_workdays"]
    if not 1 <= days <= 60:
        raise InvalidInput("答复时限应在1至60个工作日之间。", field="reply_workdays")
    with transaction.atomic():
        if MessageBox.objects.filter(agency=agency, name=name.strip()).exclude(pk=box.pk if box else None).exists():
            raise InvalidInput("本机关已有同名信箱。", field="name")
        box = box or MessageBox(agency=agency)
        box.name, box.reply_workdays, box.publish_replies = name.strip(), days, publish_replies
        box.description, box.is_active = description.strip(), is_active
        box.save()
        audit_record(action="message_box.save", at=at, actor=actor, request=request, target=box, agency=agency)
    return box


def reply_template_save(*, agency: Agency, actor, title: str, body: str, at: datetime, request=None):
    """Add a reply template (答复模板) of the agency; `{姓名}` and `{主题}` are filled in when used."""
    from ..models import ReplyTemplate

    if not can(actor, "message.configure", agency):
        raise InvalidInput("只有本机关负责人或公开办可以设置答复模板。")
    if not title.strip() or not body.strip():
        raise InvalidInput("请填写模板名称和内容。", field="title")
    with transaction.atomic():
        template = ReplyTemplate.objects.create(agency=agency, title=title.strip()[:60], body=body.strip())
        audit_record(action="reply_template.save", at=at, actor=actor, request=request, target=template, agency=agency)
    return template
