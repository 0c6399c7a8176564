"""Background tasks of the platform, run by `xxgk worker`."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_notification_email(*, to: list[str], subject: str, body: str) -> int:
    """Send one plain-text mail through the configured mail backend; return the count sent."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
