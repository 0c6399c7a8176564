"""Audit receivers for logins, failed logins and logouts."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from .audit import audit_record


@receiver(user_logged_in, dispatch_uid="xxgk_audit_login")
def audit_login(sender, request, user, **kwargs):
    audit_record(action="login.success", at=timezone.now(), actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="xxgk_audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    audit_record(
        action="login.failed", at=timezone.now(), actor_label=username, request=request,
        data={"username": username},
    )


@receiver(user_logged_out, dispatch_uid="xxgk_audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="logout", at=timezone.now(), actor=user, request=request)
