"""The daily channel check: warn owners before a threshold is crossed, alert the 公开办 once it is."""

from collections import defaultdict
from datetime import date, datetime

from django.db import IntegrityError, transaction

from xxgk.agencies.models import Agency, Role
from xxgk.agencies.selectors import member_emails
from xxgk.platform.daily import sweep
from xxgk.platform.tasks import enqueue_with_transaction, queue_digest_mails

from .models import Channel, MonitoringAlert
from .selectors import channel_checks
from .tasks import fetch_channel_feed


def _supervisor_agency_ids(agency: Agency) -> list[int]:
    return list(Agency.objects.filter(path__in=agency.ancestor_paths()).values_list("pk", flat=True))


def raise_alerts(*, today: date) -> list[MonitoringAlert]:
    """Record each warning and each crossed threshold once (per target, rule and threshold date); return the new ones."""
    new = []
    for check in channel_checks(today=today):
        for e in check.evaluations:
            if e.state == "ok":
                continue
            try:
                with transaction.atomic():
                    new.append(MonitoringAlert.objects.create(
                        agency=check.agency, rule_id=e.rule.id, rule_label=e.rule.label, target_key=check.target_key,
                        target_label=f"{check.agency.name} · {check.label}", level=e.state, stale_on=e.stale_on,
                        last_update=e.last_update, raised_on=today))
            except IntegrityError:  # raised before for this threshold: tell people once, not every day
                continue
    return new


@sweep("channel_checks")
def channel_check_sweep(*, today: date, now: datetime) -> dict:
    """Queue feed fetches, evaluate every channel and box, mail owners (预警) and the 公开办 (告警)."""
    for channel_id in Channel.objects.filter(status="active").exclude(feed_url="").values_list("pk", flat=True):
        enqueue_with_transaction(fetch_channel_feed, channel_id=channel_id)
    alerts = raise_alerts(today=today)
    lines: dict[str, list[str]] = defaultdict(list)
    for alert in alerts:
        last = alert.last_update.isoformat() if alert.last_update else "从未更新"
        if alert.level == "warning":
            line = f"{alert.target_label}：最后更新{last}，将于{alert.stale_on}触及“{alert.rule_label}”"
            recipients = member_emails([alert.agency_id], (Role.HANDLER, Role.APPROVER))
        else:
            line = f"{alert.target_label}：最后更新{last}，自{alert.stale_on}起“{alert.rule_label}”"
            recipients = member_emails(_supervisor_agency_ids(alert.agency), (Role.SUPERVISOR,))
        for email in recipients:
            lines[email].append(line)
    mails = queue_digest_mails(lines, subject=f"渠道更新监测提醒（{today}）", heading="政府网站和政务新媒体监测结果：")
    return {"warnings": sum(a.level == "warning" for a in alerts), "alerts": sum(a.level == "stale" for a in alerts),
            "mails": mails}
