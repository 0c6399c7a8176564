"""Background tasks of the platform, run by `xxgk worker`."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task


def enqueue_with_transaction(task_, **kwargs) -> None:
    """Queue `task_` so that it exists if and only if the current transaction commits.

    With the database task backend the task row is written inside the caller's transaction (an
    outbox): a committed record always has its mail or index task, and no separate write can fail
    after the record is stored and before the reply is sent. Other backends enqueue after commit.
    """
    from django_tasks_db import DatabaseBackend

    if isinstance(task_.get_backend(), DatabaseBackend):
        task_.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task_.enqueue(**kwargs))


@task()
def send_notification_email(*, to: list[str], subject: str, body: str) -> int:
    """Send one plain-text mail through the configured mail backend; return the count sent."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)


def queue_digest_mails(lines: dict[str, list[str]], *, subject: str, heading: str) -> int:
    """With the transaction, queue one mail per address listing its lines (deduplicated, sorted); return the count."""
    for email, items in lines.items():
        body = heading + "\n" + "\n".join(sorted(set(items)))
        enqueue_with_transaction(send_notification_email, to=[email], subject=subject, body=body)
    return len(lines)
