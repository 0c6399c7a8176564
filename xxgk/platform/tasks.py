"""Background tasks of the platform, run by `xxgk worker`."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_notification_email(*, to: list[str], subject: str, body: str) -> int:
    """Send one plain-text mail through the configured mail backend; return the count sent."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)


def queue_digest_mails(lines: dict[str, list[str]], *, subject: str, heading: str) -> int:
    """After commit, queue one mail per address listing its lines (deduplicated, sorted); return the count."""
    from django.db import transaction

    for email, items in lines.items():
        body = heading + "\n" + "\n".join(sorted(set(items)))
        transaction.on_commit(lambda e=email, b=body: send_notification_email.enqueue(to=[e], subject=subject, body=b))
    return len(lines)
