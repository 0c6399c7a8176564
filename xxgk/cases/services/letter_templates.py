"""An agency's own wording of its letters (文书模板)."""

from datetime import datetime

from django.db import transaction

from xxgk.agencies.models import Agency
from xxgk.platform.audit import audit_record
from xxgk.platform.errors import InvalidInput

from ..letter_texts import LETTERS
from ..letters import fill
from ..models import LetterTemplate


def letter_template_save(*, agency: Agency, kind: str, title: str, body: str, at: datetime, actor=None,
                         request=None) -> LetterTemplate:
    """Store the agency's wording for one letter kind; refuse unknown kinds and unknown $variables."""
    if kind not in LETTERS:
        raise InvalidInput("文书种类无效。", field="kind")
    if not title.strip() or not body.strip():
        raise InvalidInput("标题和正文都不能为空。", field="body")
    try:
        fill(body, {})  # a stray "$" that is not a variable makes Template raise
    except ValueError as exc:
        raise InvalidInput("正文中的“$”后应为变量名，如 $applicant；如需书写“$”本身请写作“$$”。", field="body") from exc
    with transaction.atomic():
        template, created = LetterTemplate.objects.update_or_create(
            agency=agency, kind=kind, defaults={"title": title.strip(), "body": body.strip(), "updated_at": at})
        audit_record(action="letter_template.saved", at=at, actor=actor, request=request, target=template,
                     agency=agency, data={"kind": kind, "created": created})
    return template


def letter_template_reset(*, agency: Agency, kind: str, at: datetime, actor=None, request=None) -> None:
    """Go back to the built-in wording (the agency's version is removed, the audit keeps the fact)."""
    with transaction.atomic():
        deleted, _ = LetterTemplate.objects.filter(agency=agency, kind=kind).delete()
        if deleted:
            audit_record(action="letter_template.reset", at=at, actor=actor, request=request, agency=agency,
                         data={"kind": kind})
