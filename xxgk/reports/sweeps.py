"""Daily sweep: remind the agencies that have not yet published last year's report before the deadline."""

from datetime import date, datetime

from xxgk.agencies.models import Agency, Membership, Role
from xxgk.platform.daily import sweep
from xxgk.platform.tasks import enqueue_with_transaction, send_notification_email

from .models import PublishedReport

REMIND_DAYS_BEFORE = (30, 14, 7, 3, 1)


def publication_deadline(agency: Agency, report_year: int) -> date:
    """Return the 条例第49条 deadline: governments by 31 March, everyone else by 31 January."""
    return date(report_year + 1, 3, 31) if agency.kind == "government" else date(report_year + 1, 1, 31)


@sweep("report_deadline_reminders")
def report_deadline_reminders(*, today: date, now: datetime) -> dict:
    """On the reminder days before each deadline, mail the 负责人 and 公开办 of agencies still unpublished."""
    year = today.year - 1
    published = set(PublishedReport.objects.filter(year=year).values_list("agency_id", flat=True))
    reminded = 0
    for agency in Agency.objects.filter(is_active=True).exclude(pk__in=published):
        deadline = publication_deadline(agency, year)
        days = (deadline - today).days
        if days not in REMIND_DAYS_BEFORE:
            continue
        emails = set(Membership.objects.filter(
            agency__path__in=agency.ancestor_paths(),
            role__in=[Role.APPROVER, Role.SUPERVISOR]).exclude(user__email="").values_list("user__email", flat=True))
        if not emails:
            continue
        reminded += 1
        body = f"{agency.name}{year}年政府信息公开工作年度报告尚未发布，发布期限为{deadline}（还有{days}天）。"
        recipients = sorted(emails)
        enqueue_with_transaction(send_notification_email, to=recipients, subject=f"年度报告发布提醒（{year}年度）",
                                 body=body)
    return {"reminded": reminded}
