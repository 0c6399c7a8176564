"""Helpers shared by the case services: history rows, documents, letters, the clock."""

from datetime import date, datetime

from xxgk.core.deadlines import Deadline, consultation_pause, fee_pause, reply_deadline, rules_for
from xxgk.platform.audit import audit_record
from xxgk.platform.errors import IllegalTransition
from xxgk.platform.selectors import work_calendar
from xxgk.platform.tasks import enqueue_with_transaction, send_notification_email
from xxgk.platform.uploads import save_unguessable

from ..letter_texts import LETTERS
from ..letters import fill, render_docx, render_pdf
from ..models import Case, CaseDocument, CaseEvent, LetterTemplate
from ..states import IllegalStep, check_transition


def step_allowed(case: Case, step: str) -> None:
    """Refuse (HTTP 409) a step the case's status does not allow."""
    try:
        check_transition(step, case.status)
    except IllegalStep as exc:
        raise IllegalTransition(str(exc)) from exc


def record_event(case: Case, *, kind: str, summary: str, at: datetime, on: date, actor=None,
                 data: dict | None = None, request=None) -> CaseEvent:
    """Write the case history row and the matching audit row."""
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = CaseEvent.objects.create(case=case, at=at, on=on, actor=actor, kind=kind, summary=summary[:300],
                                     data=data or {})
    audit_record(action=f"case.{kind}", at=at, actor=actor, request=request, target=case, agency=case.agency,
                 data={"number": case.number, **(data or {})})
    return event


def store_document(case: Case, *, kind: str, name: str, content_type: str, data: bytes, at: datetime,
                   letter_kind: str = "", visible_to_applicant: bool = True) -> CaseDocument:
    """Save a file under an unguessable name and link it to the case."""
    extension = "." + (name.rsplit(".", 1)[-1] if "." in name else "bin")
    doc = CaseDocument(case=case, kind=kind, letter_kind=letter_kind, name=name, content_type=content_type,
                       size=len(data), created_at=at, visible_to_applicant=visible_to_applicant)
    save_unguessable(doc.file, data, extension)
    doc.save()
    return doc


def fmt(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def base_variables(case: Case) -> dict[str, str]:
    """Return the $variables every letter may use."""
    review_body = case.agency.parent.name if case.agency.parent else "上一级行政机关"
    return {
        "agency": case.agency.name, "applicant": case.applicant_name, "number": case.number, "title": case.title,
        "received": fmt(case.received_on), "due": fmt(case.due_on), "review_body": review_body,
        "supplement_due": fmt(case.supplement_due_on), "supplement_requested": fmt(case.supplement_requested_on),
    }


def issue_letter(case: Case, *, kind: str, on: date, at: datetime, variables: dict[str, str]) -> list[CaseDocument]:
    """Render the agency's (or the built-in) letter of `kind` to DOCX and PDF and store both."""
    custom = LetterTemplate.objects.filter(agency=case.agency, kind=kind).first()
    title, body = (custom.title, custom.body) if custom else LETTERS[kind]
    text = fill(body, {**base_variables(case), **variables})
    parts = {"title": title, "number": f"（{case.number}）", "body": text, "signature": case.agency.name,
             "date_text": fmt(on)}
    stem = f"{case.number}-{title}"
    return [
        store_document(case, kind="letter", letter_kind=kind, name=f"{stem}.docx",
                       content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       data=render_docx(**parts), at=at),
        store_document(case, kind="letter", letter_kind=kind, name=f"{stem}.pdf", content_type="application/pdf",
                       data=render_pdf(**parts), at=at),
    ]


def notify_applicant(case: Case, *, subject: str, body: str) -> None:
    """Queue a mail to the applicant with the current transaction, if they gave an address."""
    if case.email:
        enqueue_with_transaction(send_notification_email, to=[case.email], subject=subject, body=body)


def case_deadline(case: Case) -> Deadline | None:
    """Return the case's reply deadline with its explanation; None while a 补正 is awaited."""
    if case.status == "awaiting_supplement":
        return None
    calendar = work_calendar()
    pauses = []
    for c in case.consultations.all():
        pauses.append(consultation_pause(calendar, sent_on=c.sent_on, answered_on=c.answered_on,
                                         reason=f"{c.get_kind_display()}（{c.party}）"))
    notice = getattr(case, "fee_notice", None)
    if notice is not None:
        pauses.append(fee_pause(calendar, notice_on=notice.issued_on, paid_on=notice.paid_on))
    return reply_deadline(calendar, received=case.received_on, supplement_received=case.supplement_received_on,
                          pauses=tuple(pauses), extension_workdays=case.extension_workdays,
                          rules=rules_for(case.received_on))


def refresh_due(case: Case) -> tuple[date | None, date | None]:
    """Recompute and save due_on; return (old, new)."""
    old = case.due_on
    deadline = case_deadline(case)
    case.due_on = deadline.due if deadline else None
    case.due_provisional = deadline.provisional if deadline else False
    case.save(update_fields=["due_on", "due_provisional"])
    return old, case.due_on
